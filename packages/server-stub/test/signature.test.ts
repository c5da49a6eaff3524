// JDCLOUD2- and JDCLOUD3-HMAC-SHA256 verification on the request as received; each access key is an account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/index.js';
import { type Signer, type TestStub, call, errorOf, seedInstance, start } from './helpers.js';
import { rawSend } from './raw-send.js';

const ALICE: Signer = { accessKeyId: 'AK_ALICE', secretAccessKey: 'alice-secret' };
const BOB: Signer = { accessKeyId: 'AK_BOB', secretAccessKey: 'bob:secret:with:colons' };
const NOW = new Date('2024-05-01T08:30:00Z');

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
    expect(stub.store.scope('AK_ALICE', 'cn-north-1').keypairs.has('alice-key')).toBe(true);
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
      expect(open.store.scope('default', 'cn-north-1').keypairs.has('newcomer')).toBe(true);
    } finally {
      await open.close();
    }
  });
});

describe('JDCLOUD3-HMAC-SHA256 (as the official Python SDK signs)', () => {
  let stub: TestStub;
  const clock = new ManualClock(NOW);
  let count = 0;
  const nextNonce = () => `jdcloud3-nonce-${(count += 1)}`;
  const origin = () => `http://127.0.0.1:${stub.port}`;
  const JSON_TYPE = { 'content-type': 'application/json' };

  beforeAll(async () => {
    stub = await start({ clock, accessKeys: [`${ALICE.accessKeyId}:${ALICE.secretAccessKey}`] });
  });
  afterAll(() => stub.close());

  /** The client's signRequest with signatureVersion JDCLOUD3: every header signed, date and nonce too. */
  const signed3 = async (method: string, path: string, body = '', signer: Signer = ALICE) => {
    const { signRequest } = await import('@jdcloud-vm/client/signing');
    return signRequest(
      { method, url: origin() + path, headers: JSON_TYPE, body },
      { ...signer, regionId: 'cn-north-1', date: new Date(clock.now()), nonce: nextNonce(), signatureVersion: 'JDCLOUD3' },
    );
  };

  /**
   * What the Python SDK's signer does: sign content-type and host only, then add the date and
   * (unless `nonce` is null) the nonce, unsigned.
   */
  const pythonStyle = async (method: string, path: string, body = '', options: { date?: Date; nonce?: string | null } = {}) => {
    const { authorizationHeader, canonicalRequest, credentialScope, formatJdcloudDate, sha256Hex, signatureFor } = await import('@jdcloud-vm/client/signing');
    const date = formatJdcloudDate(options.date ?? new Date(clock.now()));
    const headers: Record<string, string> = { ...JSON_TYPE, host: `127.0.0.1:${stub.port}` };
    const q = path.indexOf('?');
    const canonical = canonicalRequest({
      version: 'JDCLOUD3',
      method,
      path: q === -1 ? path : path.slice(0, q),
      query: q === -1 ? '' : path.slice(q + 1),
      headers,
      bodyHash: await sha256Hex(body),
    });
    const signature = await signatureFor({ version: 'JDCLOUD3', secretAccessKey: ALICE.secretAccessKey, date, regionId: 'cn-north-1', service: 'vm', canonicalRequest: canonical });
    const scope = credentialScope(date.slice(0, 8), 'cn-north-1', 'vm', 'JDCLOUD3');
    return {
      ...headers,
      'x-jdcloud-date': date,
      ...(options.nonce === null ? {} : { 'x-jdcloud-nonce': options.nonce ?? nextNonce() }),
      authorization: authorizationHeader(ALICE.accessKeyId!, scope, ['content-type', 'host'], signature, 'JDCLOUD3'),
    };
  };

  const refused = (answer: Awaited<ReturnType<typeof rawSend>>, pattern: RegExp) => {
    expect(answer.status, answer.text).toBe(401);
    expect(answer.json.error.status).toBe('UNAUTHENTICATED');
    expect(answer.json.error.message).toMatch(pattern);
  };

  it('accepts a signed query with indexed filters and a Chinese value, and a Chinese body', async () => {
    const list = `/v1/regions/cn-north-1/keypairs?pageSize=10&filters.1.name=keyNames&filters.1.values.1=${encodeURIComponent('中文 x')}`;
    const listed = await rawSend(stub.port, 'GET', list, await signed3('GET', list));
    expect(listed.status, listed.text).toBe(200);
    const body = '{"keyName":"jdcloud3-key"}';
    const created = await rawSend(stub.port, 'POST', '/v1/regions/cn-north-1/keypairs', await signed3('POST', '/v1/regions/cn-north-1/keypairs', body), body);
    expect(created.status, created.text).toBe(200);
    expect(stub.store.scope(ALICE.accessKeyId, 'cn-north-1').keypairs.has('jdcloud3-key')).toBe(true);
    const modify = '/v1/regions/cn-north-1/instances/i-nowhere:modifyInstanceAttribute';
    const chinese = '{"description":"中文描述，云主机"}';
    const modified = await rawSend(stub.port, 'POST', modify, await signed3('POST', modify, chinese), chinese);
    expect(modified.status, modified.text).toBe(404); // past the signature: no such instance
  });

  it("accepts a custom method's colon literal or as %3A, whichever was signed", async () => {
    const literal = '/v1/regions/cn-north-1/instances/i-nowhere:stopInstance';
    const encoded = '/v1/regions/cn-north-1/instances/i-nowhere%3AstopInstance';
    for (const [signedPath, sentPath] of [[literal, literal], [literal, encoded], [encoded, literal]] as const) {
      const answer = await rawSend(stub.port, 'POST', sentPath, await signed3('POST', signedPath, '{}'), '{}');
      // Past the signature: the instance does not exist.
      expect(answer.status, `${signedPath} sent as ${sentPath}: ${answer.text}`).toBe(404);
    }
  });

  it("createVmClient({ signatureVersion: 'JDCLOUD3' }) works end to end; a wrong secret is a 401", async () => {
    const { createVmClient, JdCloudError } = await import('@jdcloud-vm/client');
    const options = { endpoint: stub.url, regionId: 'cn-north-1', signatureVersion: 'JDCLOUD3' as const, retry: false as const };
    // The client signs with the machine's clock; the stub's clock is the manual one, set to it.
    clock.set(Date.now());
    const vm = createVmClient({ ...options, accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey });
    await vm.createKeypair({ keyName: 'client-v3' });
    const { keypairs } = (await vm.describeKeypairs({ filters: [{ name: 'keyNames', values: ['client-v3', '中文'] }] }))!;
    expect(keypairs?.map((k) => k.keyName)).toEqual(['client-v3']);
    await expect(vm.stopInstance({ instanceId: 'i-nowhere' })).rejects.toMatchObject({ httpStatus: 404 });
    const wrong = createVmClient({ ...options, accessKeyId: ALICE.accessKeyId, secretAccessKey: 'guess' });
    const error = await wrong.describeKeypairs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JdCloudError);
    expect(error).toMatchObject({ httpStatus: 401, status: 'UNAUTHENTICATED' });
    clock.set(NOW.getTime());
  });

  it('accepts only content-type and host signed; date and nonce unsigned', async () => {
    const path = '/v1/regions/cn-north-1/keypairs?pageSize=10';
    const answer = await rawSend(stub.port, 'GET', path, await pythonStyle('GET', path));
    expect(answer.status, answer.text).toBe(200);
  });

  it('refuses a nonce sent again, signed or not; without a nonce there is nothing to replay-check', async () => {
    const path = '/v1/regions/cn-north-1/keypairs';
    const headers = await pythonStyle('GET', path);
    expect((await rawSend(stub.port, 'GET', path, headers)).status).toBe(200);
    refused(await rawSend(stub.port, 'GET', path, headers), /already used/);
    const bare = await pythonStyle('GET', path, '', { nonce: null });
    expect((await rawSend(stub.port, 'GET', path, bare)).status).toBe(200);
    expect((await rawSend(stub.port, 'GET', path, bare)).status).toBe(200);
  });

  it('keeps the 15-minute window on an unsigned x-jdcloud-date, and binds it through the string to sign', async () => {
    const path = '/v1/regions/cn-north-1/keypairs';
    refused(await rawSend(stub.port, 'GET', path, await pythonStyle('GET', path, '', { date: new Date(clock.now() - 16 * 60_000) })), /behind/);
    refused(await rawSend(stub.port, 'GET', path, await pythonStyle('GET', path, '', { date: new Date(clock.now() + 16 * 60_000) })), /ahead/);
    const headers = await pythonStyle('GET', path);
    refused(await rawSend(stub.port, 'GET', path, { ...headers, 'x-jdcloud-date': headers['x-jdcloud-date'].replace(/\d(?=Z$)/, (d) => String((Number(d) + 1) % 10)) }), /does not match/);
    const { 'x-jdcloud-date': _dropped, ...withoutDate } = await pythonStyle('GET', path);
    refused(await rawSend(stub.port, 'GET', path, withoutDate), /x-jdcloud-date is missing/);
  });

  it('refuses anything signed that was changed: body, query, path, content-type, secret', async () => {
    const create = '/v1/regions/cn-north-1/keypairs';
    const body = '{"keyName":"never-made"}';
    const before = JSON.stringify(stub.store.toJSON());
    refused(await rawSend(stub.port, 'POST', create, await pythonStyle('POST', create, body), body.replace('never', 'other')), /does not match/);
    refused(await rawSend(stub.port, 'POST', create, { ...(await pythonStyle('POST', create, body)), 'content-type': 'text/plain' }, body), /does not match/);
    refused(await rawSend(stub.port, 'POST', `${create}?x=1`, await pythonStyle('POST', create, body), body), /does not match/);
    refused(await rawSend(stub.port, 'POST', `${create}/x`, await pythonStyle('POST', create, body), body), /does not match/);
    refused(await rawSend(stub.port, 'POST', create, await signed3('POST', create, body, { ...ALICE, secretAccessKey: 'guess' }), body), /does not match/);
    expect(JSON.stringify(stub.store.toJSON())).toBe(before);
  });
});
