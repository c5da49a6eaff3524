// The journal step alone, in a tiny app with a fake journal: one entry per API request, when
// answered or when its connection closes first (src/pipeline/journal.ts).
import type { Request, Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StubControl } from '../../src/control/index.js';
import type { RecordedRequest } from '../../src/control/journal.js';
import { journalApiRequests } from '../../src/pipeline/journal.js';
import { apiRequestTest } from '../../src/pipeline/request-state.js';
import { type Served, appWithState, miniSpec, serve, until } from './fixtures.js';

const spec = miniSpec();
const entries: RecordedRequest[] = [];
let served: Served;
/** Resolved when /v1/hang has reached its handler. */
let hangReached: () => void = () => undefined;

beforeAll(async () => {
  const control = { journal: { record: (entry: RecordedRequest) => entries.push(entry) } } as unknown as StubControl;
  const app = appWithState();
  app.use(journalApiRequests(control, { now: () => 1_700_000_000_000 } as never, apiRequestTest(spec.basePath)));
  app.get('/v1/regions/r1/things', (req: Request, res: Response) => {
    req.stub.match = spec.match('GET', '/v1/regions/r1/things');
    req.stub.account = 'jd_alice';
    req.stub.errorStatus = 'CONFLICT';
    req.stub.faultId = 'f-1';
    res.status(400).json({});
  });
  app.get('/v1/hang', () => hangReached());
  app.get('/other', (_req, res) => {
    res.json({});
  });
  served = await serve(app);
});

afterAll(() => served.close());


describe('journal', () => {
  it('an answered API request: one entry with what the steps found (the routed operation even before requireOperation)', async () => {
    entries.length = 0;
    const response = await fetch(`${served.url}/v1/regions/r1/things?x=%2A`);
    await until(() => entries.length > 0);
    expect(entries).toEqual([
      {
        at: 1_700_000_000_000,
        requestId: response.headers.get('x-jdcloud-request-id'),
        method: 'GET',
        url: '/v1/regions/r1/things?x=%2A',
        operationId: 'describeThings',
        account: 'jd_alice',
        status: 400,
        errorStatus: 'CONFLICT',
        faultId: 'f-1',
        durationMs: expect.any(Number),
      },
    ]);
  });

  it('a connection closed before the answer: status 0, no error class', async () => {
    entries.length = 0;
    const reached = new Promise<void>((resolve) => (hangReached = resolve));
    const aborted = new AbortController();
    const pending = fetch(`${served.url}/v1/hang`, { signal: aborted.signal }).catch(() => undefined);
    await reached;
    aborted.abort();
    await pending;
    await until(() => entries.length > 0);
    expect(entries).toMatchObject([{ url: '/v1/hang', status: 0, errorStatus: null, operationId: null, account: null }]);
  });

  it('not the API: no entry', async () => {
    entries.length = 0;
    await fetch(`${served.url}/other`);
    // An API request after it: once its entry is there, the other one would have been too.
    await fetch(`${served.url}/v1/regions/r1/things`);
    await until(() => entries.length > 0);
    expect(entries.map((e) => e.url)).toEqual(['/v1/regions/r1/things']);
  });
});
