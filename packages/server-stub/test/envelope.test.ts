// Every failure is JD Cloud's error envelope, with code = HTTP status and x-jdcloud-request-id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notFound } from '../src/http/errors.js';
import { type TestStub, call, errorOf, start } from './helpers.js';

describe('error envelope', () => {
  let stub: TestStub;
  let strict: TestStub;
  beforeAll(async () => {
    [stub, strict] = await Promise.all([start({ bodyLimit: 1024 }), start({ strict: true })]);
  });
  afterAll(() => Promise.all([stub.close(), strict.close()]));

  it('400 INVALID_ARGUMENT names the field that breaks the pattern', async () => {
    const error = errorOf(await call('POST', stub.api('/keypairs'), { body: { keyName: 'not valid!' } }));
    expect(error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(error.message).toContain("'keyName'");
  });

  it('400 INVALID_ARGUMENT for a missing required field (or a null one), an unknown field in strict mode and a missing body', async () => {
    const missing = errorOf(await call('POST', stub.api('/keypairs'), { body: {} }));
    expect(missing).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(missing.message).toMatch(/'keyName'.*required/);
    const nulled = errorOf(await call('POST', stub.api('/keypairs'), { body: { keyName: null } }));
    expect(nulled).toEqual(missing);
    const unknown = errorOf(await call('POST', strict.api('/keypairs'), { body: { keyName: 'a', colour: 'red' } }));
    expect(unknown.status).toBe('INVALID_ARGUMENT');
    expect(unknown.message).toContain("'colour'");
    const noBody = errorOf(await call('POST', stub.api('/keypairs')));
    expect(noBody.status).toBe('INVALID_ARGUMENT');
    expect(noBody.message).toMatch(/body is required/);
  });

  it('400 OUT_OF_RANGE for a number outside the documented range', async () => {
    const small = errorOf(await call('GET', stub.api('/keypairs?pageSize=5')));
    expect(small).toMatchObject({ code: 400, status: 'OUT_OF_RANGE' });
    expect(small.message).toContain("'pageSize'");
    const big = errorOf(await call('GET', stub.api('/keypairs?pageSize=101')));
    expect(big.status).toBe('OUT_OF_RANGE');
    const notNumber = errorOf(await call('GET', stub.api('/keypairs?pageSize=many')));
    expect(notNumber.status).toBe('INVALID_ARGUMENT');
  });

  it('400 for an unknown query parameter in strict mode and for a malformed indexed key', async () => {
    const unknown = errorOf(await call('GET', strict.api('/keypairs?colour=red')));
    expect(unknown).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(unknown.message).toContain("'colour'");
    const zero = errorOf(await call('GET', stub.api('/keypairs?filters.0.name=keyNames&filters.0.values.1=a')));
    expect(zero.status).toBe('INVALID_ARGUMENT');
    expect(zero.message).toContain('indexes start at 1');
    const proto = errorOf(await call('GET', stub.api('/keypairs?filters.1.__proto__=x')));
    expect(proto.status).toBe('INVALID_ARGUMENT');
  });

  it('400 for a body that is not JSON or not declared as JSON', async () => {
    const bad = errorOf(await call('POST', stub.api('/keypairs'), { rawBody: '{"keyName": ' }));
    expect(bad).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(bad.message).toMatch(/not valid JSON/);
    const form = errorOf(
      await call('POST', stub.api('/keypairs'), {
        rawBody: 'keyName=a',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(form.status).toBe('INVALID_ARGUMENT');
    expect(form.message).toMatch(/content type/i);
  });

  it('400 for a compressed body (the signature covers the bytes as sent)', async () => {
    const error = errorOf(
      await call('POST', stub.api('/keypairs'), { rawBody: '{"keyName":"a"}', headers: { 'content-encoding': 'gzip' } }),
    );
    expect(error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(error.message).toMatch(/content-encoding/);
  });

  it('404 NOT_FOUND for an unknown route, an unknown custom method and a path outside the API', async () => {
    for (const url of [
      stub.api('/volcanoes'),
      stub.api('/instances/i-abc:explodeInstance'),
      `${stub.url}/v2/anything`,
      `${stub.url}/`,
    ]) {
      const error = errorOf(await call('GET', url));
      expect(error, url).toMatchObject({ code: 404, status: 'NOT_FOUND' });
    }
  });

  it('404 NOT_FOUND for an unknown resource', async () => {
    const error = errorOf(await call('DELETE', stub.api('/keypairs/nobody')));
    expect(error).toEqual({ code: 404, status: 'NOT_FOUND', message: "Keypair 'nobody' not found." });
  });

  it('405 for a wrong method on a known path, with Allow', async () => {
    const result = await call('PUT', stub.api('/keypairs'), { body: {} });
    const error = errorOf(result);
    expect(error).toMatchObject({ code: 405, status: 'METHOD_NOT_ALLOWED' });
    expect(result.headers.get('allow')).toBe('GET, POST');
    const colon = errorOf(await call('GET', stub.api('/instances/i-abc:stopInstance')));
    expect(colon.code).toBe(405);
  });

  it('413 for a body over the limit', async () => {
    const error = errorOf(
      await call('POST', stub.api('/keypairs'), { rawBody: JSON.stringify({ keyName: 'a'.repeat(2000) }) }),
    );
    expect(error).toMatchObject({ code: 413, status: 'PAYLOAD_TOO_LARGE' });
  });

  it('500 INTERNAL for an operation without a handler, listed at start', async () => {
    const bare = await start({ modules: [] });
    try {
      const error = errorOf(await call('GET', bare.api('/keypairs')));
      expect(error).toMatchObject({ code: 500, status: 'INTERNAL' });
      expect(error.message).toBe("Operation 'describeKeypairs' is not implemented by the stub yet.");
      expect(bare.unimplemented).toContain('describeKeypairs');
      expect(bare.logs.find((l) => l.msg === 'operations without a handler answer 500 INTERNAL')?.operations).toEqual(
        bare.unimplemented,
      );
      expect(stub.unimplemented).not.toContain('createKeypair');
    } finally {
      await bare.close();
    }
  });

  it('every answer carries the same request id in body and header, and the log has one line per request', async () => {
    const before = stub.logs.filter((l) => l.msg === 'request').length;
    const ok = await call('GET', stub.api('/keypairs'));
    expect(ok.status).toBe(200);
    expect(ok.json.requestId).toMatch(/^[0-9a-z]{32}$/);
    expect(ok.headers.get('x-jdcloud-request-id')).toBe(ok.json.requestId);
    const lines = stub.logs.filter((l) => l.msg === 'request');
    expect(lines.length).toBe(before + 1);
    expect(lines.at(-1)).toMatchObject({
      method: 'GET',
      path: `/v1/regions/cn-north-1/keypairs`,
      operationId: 'describeKeypairs',
      status: 200,
      requestId: ok.json.requestId,
    });
    expect(typeof lines.at(-1)?.ms).toBe('number');
  });
});

describe('handler failures', () => {
  let stub: TestStub;
  beforeAll(async () => {
    stub = await start({
      modules: [
        {
          name: 'broken',
          handlers: {
            describeKeypairs() {
              throw new TypeError('kaboom: cannot read properties of undefined');
            },
            // Answers a result the document does not allow (keypairs must be an array).
            createKeypair() {
              return { keyName: 'x', privateKey: 'p', keyFingerprint: 42 };
            },
          },
        },
      ],
    });
  });
  afterAll(() => stub.close());

  it('an unexpected exception is a 500 INTERNAL envelope without stack, and the log has the stack', async () => {
    const result = await call('GET', stub.api('/keypairs'));
    const error = errorOf(result);
    expect(error).toMatchObject({ code: 500, status: 'INTERNAL' });
    expect(JSON.stringify(result.json)).not.toMatch(/kaboom|TypeError|at \w+ \(/);
    const logged = stub.logs.find((l) => l.msg === 'unexpected error' && l.requestId === result.json.requestId);
    expect(String(logged?.stack)).toContain('kaboom');
  });

  it('a response that breaks the document is caught by response validation (500 INTERNAL)', async () => {
    const error = errorOf(await call('POST', stub.api('/keypairs'), { body: { keyName: 'k' } }));
    expect(error).toMatchObject({ code: 500, status: 'INTERNAL' });
    expect(error.message).toMatch(/does not match the API document/);
  });

  it('an error status the operation does not document is caught too', async () => {
    const strict = await start({
      modules: [
        {
          name: 'undocumented',
          // createKeypair documents no 404.
          handlers: { createKeypair: () => { throw notFound('Nothing here.'); } },
        },
      ],
    });
    try {
      const error = errorOf(await call('POST', strict.api('/keypairs'), { body: { keyName: 'k' } }));
      expect(error).toMatchObject({ code: 500, status: 'INTERNAL' });
      expect(error.message).toMatch(/does not match the API document/);
    } finally {
      await strict.close();
    }
  });

  it('response validation can be turned off', async () => {
    const lax = await start({
      responseValidation: false,
      modules: [{ name: 'lax', handlers: { createKeypair: () => ({ keyName: 'x', privateKey: 'p', keyFingerprint: 42 }) } }],
    });
    try {
      const result = await call('POST', lax.api('/keypairs'), { body: { keyName: 'k' } });
      expect(result.status).toBe(200);
      expect(result.json.result.keyFingerprint).toBe(42);
    } finally {
      await lax.close();
    }
  });
});
