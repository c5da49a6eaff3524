// The official JD Cloud Node.js SDK (jdcloud-sdk-js 1.2.202) against the stub, signed: it sends
// the custom-method colon as %3A, filters as indexed keys, `{}` bodies and its own headers.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestStub, seedInstance, start } from './helpers.js';

const require = createRequire(import.meta.url);
// The SDK prints every canonical request through this logger.
(require('jdcloud-sdk-js/src/lib/node_loader.js') as { config: { logger: unknown } }).config.logger = () => {};
type Sdk = Record<string, (opts: Record<string, unknown>) => Promise<any>>;
const VM = require('jdcloud-sdk-js/src/repo/vm/v1/vm.js') as new (options: object) => Sdk;

describe('official JD Cloud Node.js SDK', () => {
  let stub: TestStub;
  let vm: Sdk;
  beforeAll(async () => {
    stub = await start({ accessKeys: ['AK_SDK:SK_SDK'] });
    vm = new VM({
      credentials: { accessKeyId: 'AK_SDK', secretAccessKey: 'SK_SDK' },
      regionId: 'cn-north-1',
      endpoint: { host: `127.0.0.1:${stub.port}`, protocol: 'http' },
    });
  });
  afterAll(() => stub.close());

  it('creates, lists with filters, and deletes key pairs', async () => {
    const created = await vm.createKeypair!({ keyName: 'sdk-key' });
    expect(created.result.keyName).toBe('sdk-key');
    expect(created.result.privateKey).toContain('BEGIN PRIVATE KEY');
    const listed = await vm.describeKeypairs!({ filters: [{ name: 'keyNames', values: ['sdk-key', 'other'] }], pageSize: 10 });
    expect(listed.result.totalCount).toBe(1);
    expect(listed.result.keypairs[0].keyFingerprint).toBe(created.result.keyFingerprint);
    await vm.deleteKeypair!({ keyName: 'sdk-key' });
    const again = await vm.deleteKeypair!({ keyName: 'sdk-key' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(again).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
  });

  it('calls a custom method (stopInstance, sent as %3A) and gets the precondition error as JSON', async () => {
    seedInstance(stub, 'AK_SDK', { instanceId: 'i-sdk0000001', status: 'running' });
    const stopped = await vm.stopInstance!({ instanceId: 'i-sdk0000001' });
    expect(typeof stopped.requestId).toBe('string');
    const log = stub.logs.filter((l) => l.msg === 'request').at(-1);
    expect(log).toMatchObject({ operationId: 'stopInstance', status: 200, path: '/v1/regions/cn-north-1/instances/i-sdk0000001%3AstopInstance' });
    const refused = await vm.stopInstance!({ instanceId: 'i-sdk0000001' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ error: { code: 400, status: 'FAILED_PRECONDITION' } });
  });

  it('with a wrong secret every call is refused with 401', async () => {
    const wrong = new VM({
      credentials: { accessKeyId: 'AK_SDK', secretAccessKey: 'not-the-secret' },
      regionId: 'cn-north-1',
      endpoint: { host: `127.0.0.1:${stub.port}`, protocol: 'http' },
    });
    const error = await wrong.describeKeypairs!({}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });
});
