// The authenticate step alone, with a fake authenticator: what it is given (the request as
// received, the region of the path) and where the account goes (src/pipeline/authenticate.ts).
import { describe, expect, it } from 'vitest';
import type { Authenticator, RawRequest } from '../../src/auth/verify.js';
import { unauthenticated } from '../../src/http/errors.js';
import { authenticateRequest } from '../../src/pipeline/authenticate.js';
import { routeRequest } from '../../src/pipeline/route.js';
import { fakeRequest, miniSpec } from './fixtures.js';

const spec = miniSpec();

function recording(account: string | Error): { authenticator: Authenticator; seen: RawRequest[] } {
  const seen: RawRequest[] = [];
  return {
    seen,
    authenticator: {
      enforcing: true,
      authenticate: async (request) => {
        seen.push(request);
        if (account instanceof Error) throw account;
        return account;
      },
    },
  };
}

describe('authenticate', () => {
  it('gives the raw URL, headers and raw body, and the decoded region of the route; resolves to the account', async () => {
    const { authenticator, seen } = recording('jd_alice');
    const rawBody = Buffer.from('{"a":1}');
    const req = fakeRequest({
      path: '/v1/regions/cn%2Dnorth-1/things',
      method: 'POST',
      headers: { authorization: 'JDCLOUD2-HMAC-SHA256 x' },
      stub: { rawUrl: '/v1/regions/cn%2Dnorth-1/things?x=%2A', rawBody },
    });
    await expect(authenticateRequest(authenticator, req, routeRequest(spec, req))).resolves.toBe('jd_alice');
    expect(seen).toEqual([
      {
        method: 'POST',
        rawUrl: '/v1/regions/cn%2Dnorth-1/things?x=%2A',
        headers: { authorization: 'JDCLOUD2-HMAC-SHA256 x' },
        rawBody,
        regionId: 'cn-north-1',
      },
    ]);
  });

  it('a path the document does not route: the region read from /regions/x/ (the 404 comes after the 401)', async () => {
    const { authenticator, seen } = recording('a');
    const req = fakeRequest({ path: '/v1/regions/cn-east-2/gadgets' });
    await authenticateRequest(authenticator, req, routeRequest(spec, req));
    expect(seen[0]?.regionId).toBe('cn-east-2');
  });

  it('no region in the path: none given; a malformed one: given as undefined', async () => {
    const { authenticator, seen } = recording('a');
    const none = fakeRequest({ path: '/v1/nothing' });
    await authenticateRequest(authenticator, none, routeRequest(spec, none));
    expect('regionId' in (seen[0] ?? {})).toBe(false);
    const malformed = fakeRequest({ path: '/v1/regions/%E0%A4%A/things' });
    await authenticateRequest(authenticator, malformed, routeRequest(spec, malformed));
    expect(seen[1] && 'regionId' in seen[1] && seen[1].regionId === undefined).toBe(true);
  });

  it('a refusal goes on as the authenticator threw it', async () => {
    const { authenticator } = recording(unauthenticated('bad signature'));
    const req = fakeRequest();
    await expect(authenticateRequest(authenticator, req, routeRequest(spec, req))).rejects.toMatchObject({ httpStatus: 401, message: 'bad signature' });
  });

  it("hands back the authenticator's own promise (no async wrapper of its own on the request path)", () => {
    const promise = Promise.resolve('a');
    const req = fakeRequest();
    expect(authenticateRequest({ enforcing: false, authenticate: () => promise }, req, routeRequest(spec, req))).toBe(promise);
  });
});
