// JDCLOUD2-HMAC-SHA256 verification on the request as received; each access key is an account.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/index.js';
import { type Signer, type TestStub, call, errorOf, seedInstance, start } from './helpers.js';

const ALICE: Signer = { accessKeyId: 'AK_ALICE', secretAccessKey: 'alice-secret' };
const BOB: Signer = { accessKeyId: 'AK_BOB', secretAccessKey: 'bob:secret:with:colons' };
const NOW = new Date('2024-05-01T08:30:00Z');

/** Sends bytes exactly as given (fetch would normalize the path). */
function rawSend(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('signature verification', () => {
  let stub: TestStub;
  const clock = new ManualClock(NOW);
  let nonce = 0;
  const signer = (base: Signer, extra: Partial<Signer> = {}): Signer => ({
    ...base,
    date: new Date(clock.now()),
    nonce: `00000000-0000-4000-8000-${String((nonce += 1)).padStart(12, '0')}`,
    ...extra,
  });

  beforeAll(async () => {
    stub = await start({
      clock,
      accessKeys: [`${ALICE.accessKeyId}:${ALICE.secretAccessKey}`, `${BOB.accessKeyId}:${BOB.secretAccessKey}`],
    });
  });
  afterAll(() => stub.close());

  it('accepts a correctly signed request and acts on that key’s account', async () => {
    const result = await call('POST', stub.api('/keypairs'), { body: { keyName: 'alice-key' }, sign: signer(ALICE) });
    expect(result.status).toBe(200);
    expect(stub.store.scope('AK_ALICE', 'cn-north-1').collection('keypair').has('alice-key')).toBe(true);
    expect(stub.logs.filter((l) => l.msg === 'request').at(-1)?.account).toBe('AK_ALICE');
  });

  it('accepts signed query strings with indexed filters and a secret containing colons', async () => {
    const url = stub.api('/keypairs?pageSize=10&filters.1.name=keyNames&filters.1.values.1=alice-key&filters.1.values.2=x%20y');
    const result = await call('GET', url, { sign: signer(BOB) });
    expect(result.status).toBe(200);
    expect(result.json.result).toEqual({ keypairs: [], totalCount: 0 });
  });

  it('accepts the custom-method colon signed as sent: %3A and literal', async () => {
    seedInstance(stub, 'AK_ALICE', { instanceId: 'i-signed1', status: 'running' });
    seedInstance(stub, 'AK_ALICE', { instanceId: 'i-signed2', status: 'running' });
    const encoded = await call('POST', stub.api('/instances/i-signed1%3AstopInstance'), { body: {}, sign: signer(ALICE) });
    expect(encoded.status).toBe(200);
    // fetch keeps a literal ':' in the path; the signature covers it as sent.
    const literal = await call('POST', stub.api('/instances/i-signed2:stopInstance'), { body: {}, sign: signer(ALICE) });
    expect(literal.status).toBe(200);
  });

  it('accepts a request produced by the official JD Cloud Node.js signer (reference vector)', async () => {
    // `colon-custom-method` of the shared signing vectors: jdcloud-sdk-js 1.2.202, fixed date and nonce.
    const vectorClock = new ManualClock(new Date('2024-05-01T08:32:00Z'));
    const official = await start({
      clock: vectorClock,
      accessKeys: ['JDC_2C0CFFB4B1D5A34F2E1F5A7C6B8D:0F5B1C2D3E4F5A6B7C8D9E0F1A2B3C4D'],
    });
    try {
      seedInstance(official, 'JDC_2C0CFFB4B1D5A34F2E1F5A7C6B8D', { instanceId: 'i-b4rs0vm001', status: 'running' });
      const headers = {
        'user-agent': 'JdcloudSdkNode/1.0.0  vm/1.5.2',
        accept: 'application/json',
        'content-type': 'application/json',
        host: '127.0.0.1:8000',
        'x-jdcloud-date': '20240501T083200Z',
        'x-jdcloud-nonce': '4f5a6b7c-8d9e-4fa0-b1c2-d3e4f5a6b7c8',
        authorization:
          'JDCLOUD2-HMAC-SHA256 Credential=JDC_2C0CFFB4B1D5A34F2E1F5A7C6B8D/20240501/cn-north-1/vm/jdcloud2_request, SignedHeaders=accept;content-type;host;x-jdcloud-date;x-jdcloud-nonce, Signature=198b1babc8e03b84d21a8b1b10b289ead3a54c5654341f98963b701129ed294c',
      };
      const path = '/v1/regions/cn-north-1/instances/i-b4rs0vm001%3AstopInstance';
      const body = '{"chargeOnStopped":"stopCharging"}';
      const ok = await rawSend(official.port, 'POST', path, headers, body);
      expect(ok.status, JSON.stringify(ok.json)).toBe(200);
      // The very same bytes again: the nonce is spent.
      const replay = await rawSend(official.port, 'POST', path, headers, body);
      expect(replay.status).toBe(401);
      expect(replay.json.error.message).toMatch(/nonce/);
    } finally {
      await official.close();
    }
  });

  const rejected = async (result: Promise<Awaited<ReturnType<typeof call>>>, pattern: RegExp) => {
    const error = errorOf(await result);
    expect(error.code).toBe(401);
    expect(error.status).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(pattern);
  };

  it('rejects an unsigned request', async () => {
    await rejected(call('GET', stub.api('/keypairs')), /not signed/);
  });

  it('rejects an unsigned request even on an unknown route (no route leak)', async () => {
    await rejected(call('GET', stub.api('/secret-route')), /not signed/);
  });

  it('rejects an unknown access key', async () => {
    await rejected(
      call('GET', stub.api('/keypairs'), { sign: signer({ accessKeyId: 'AK_MALLORY', secretAccessKey: 'x' }) }),
      /unknown access key AK_MALLORY/,
    );
  });

  it('rejects a wrong secret', async () => {
    await rejected(call('GET', stub.api('/keypairs'), { sign: signer(ALICE, { secretAccessKey: 'guess' }) }), /does not match/);
  });

  it('rejects any change after signing: method, path, query, body, signed header', async () => {
    const signed = async (method: string, url: string, body?: string) => {
      const { signRequest } = await import('@jdcloud-vm/client/signing');
      const s = signer(ALICE);
      return signRequest(
        { method, url, headers: { 'content-type': 'application/json' }, ...(body ? { body } : {}) },
        { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, regionId: 'cn-north-1', date: s.date!, nonce: s.nonce! },
      );
    };
    const send = (method: string, url: string, headers: Record<string, string>, body?: string) => {
      const { host: _host, ...rest } = headers;
      return call(method, url, { headers: rest, ...(body !== undefined ? { rawBody: body } : {}) });
    };
    const list = stub.api('/keypairs?pageSize=10');
    await rejected(send('GET', stub.api('/keypairs?pageSize=20'), await signed('GET', list)), /does not match/);
    await rejected(send('GET', stub.api('/keypairs/x?pageSize=10'), await signed('GET', list)), /does not match/);
    await rejected(send('DELETE', list, await signed('GET', list)), /does not match/);
    const create = stub.api('/keypairs');
    await rejected(send('POST', create, await signed('POST', create, '{"keyName":"a"}'), '{"keyName":"b"}'), /does not match/);
    const headers = await signed('GET', list);
    await rejected(send('GET', list, { ...headers, 'content-type': 'text/plain' }), /does not match/);
  });

  it('rejects a missing signed header and a missing date', async () => {
    const { signRequest } = await import('@jdcloud-vm/client/signing');
    const s = signer(ALICE);
    const headers = await signRequest(
      { method: 'GET', url: stub.api('/keypairs'), headers: { 'x-custom': 'on' } },
      { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, regionId: 'cn-north-1', date: s.date!, nonce: s.nonce! },
    );
    const { host: _h, 'x-custom': _c, ...withoutCustom } = headers;
    await rejected(call('GET', stub.api('/keypairs'), { headers: withoutCustom }), /x-custom is missing/);
    const { host: _h2, 'x-jdcloud-date': _d, ...withoutDate } = headers;
    await rejected(call('GET', stub.api('/keypairs'), { headers: withoutDate }), /x-jdcloud-date/);
  });

  it('rejects a date more than 15 minutes off, both ways, and accepts just inside', async () => {
    const minutes = (m: number) => new Date(clock.now() + m * 60_000);
    await rejected(call('GET', stub.api('/keypairs'), { sign: signer(ALICE, { date: minutes(-16) }) }), /behind/);
    await rejected(call('GET', stub.api('/keypairs'), { sign: signer(ALICE, { date: minutes(16) }) }), /ahead/);
    expect((await call('GET', stub.api('/keypairs'), { sign: signer(ALICE, { date: minutes(-14) }) })).status).toBe(200);
    expect((await call('GET', stub.api('/keypairs'), { sign: signer(ALICE, { date: minutes(14) }) })).status).toBe(200);
  });

  it('rejects a nonce seen again within the window', async () => {
    const s = signer(ALICE);
    expect((await call('GET', stub.api('/keypairs'), { sign: s })).status).toBe(200);
    await rejected(call('GET', stub.api('/keypairs?pageSize=10'), { sign: { ...s } }), /already used/);
  });

  it('rejects a credential scope for another region', async () => {
    await rejected(call('GET', stub.api('/keypairs'), { sign: signer(ALICE, { regionId: 'cn-east-2' }) }), /region 'cn-east-2'/);
  });

  it('a bad signature wins over a bad request: 401 before 400', async () => {
    await rejected(call('GET', stub.api('/keypairs?pageSize=1')), /not signed/);
  });
});

describe('accounts', () => {
  let stub: TestStub;
  beforeAll(async () => {
    stub = await start({ accessKeys: ['AK_A:secret-a', 'AK_B:secret-b'] });
  });
  afterAll(() => stub.close());
  const A: Signer = { accessKeyId: 'AK_A', secretAccessKey: 'secret-a' };
  const B: Signer = { accessKeyId: 'AK_B', secretAccessKey: 'secret-b' };

  it('key pairs of one access key are invisible to another (404, never a leak)', async () => {
    expect((await call('POST', stub.api('/keypairs'), { body: { keyName: 'shared-name' }, sign: A })).status).toBe(200);
    const listA = await call('GET', stub.api('/keypairs'), { sign: A });
    expect(listA.json.result.totalCount).toBe(1);
    const listB = await call('GET', stub.api('/keypairs'), { sign: B });
    expect(listB.json.result).toEqual({ keypairs: [], totalCount: 0 });
    const filtered = await call('GET', stub.api('/keypairs?filters.1.name=keyNames&filters.1.values.1=shared-name'), { sign: B });
    expect(filtered.json.result.totalCount).toBe(0);
    const deleteB = errorOf(await call('DELETE', stub.api('/keypairs/shared-name'), { sign: B }));
    expect(deleteB).toMatchObject({ code: 404, status: 'NOT_FOUND' });
    // The same name is free in the other account.
    expect((await call('POST', stub.api('/keypairs'), { body: { keyName: 'shared-name' }, sign: B })).status).toBe(200);
    expect((await call('DELETE', stub.api('/keypairs/shared-name'), { sign: A })).status).toBe(200);
    expect((await call('GET', stub.api('/keypairs'), { sign: B })).json.result.totalCount).toBe(1);
  });

  it('instances of one account are invisible to another', async () => {
    seedInstance(stub, 'AK_A', { instanceId: 'i-owneda', status: 'running' });
    const error = errorOf(await call('POST', stub.api('/instances/i-owneda:stopInstance'), { body: {}, sign: B }));
    expect(error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
    expect((await call('POST', stub.api('/instances/i-owneda:stopInstance'), { body: {}, sign: A })).status).toBe(200);
  });

  it('regions are separate too', async () => {
    await call('POST', stub.api('/keypairs'), { body: { keyName: 'north' }, sign: A });
    const east = await call('GET', `${stub.url}/v1/regions/cn-east-2/keypairs`, { sign: { ...A, regionId: 'cn-east-2' } });
    expect(east.json.result.totalCount).toBe(0);
  });

  it('open mode (no keys) accepts unsigned requests on the default account', async () => {
    const open = await start();
    try {
      expect((await call('POST', open.api('/keypairs'), { body: { keyName: 'newcomer' } })).status).toBe(200);
      expect(open.store.scope('default', 'cn-north-1').collection('keypair').has('newcomer')).toBe(true);
    } finally {
      await open.close();
    }
  });
});
