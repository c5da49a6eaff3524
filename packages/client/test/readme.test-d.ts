// The README's examples, compiled (never run) so they stay true to the generated types.
import { expectTypeOf, test } from 'vitest';
import {
  createVmClient,
  JdCloudError,
  JdCloudNetworkError,
  JdCloudTimeoutError,
  type components,
  type ResponseMetadata,
  type VmMiddleware,
} from '../src/index.js';
import { fromEnv, fromJdcConfig, readJdcConfig } from '../src/node.js';
import { encodeIndexedQuery } from '../src/query.js';
import { createRawClient } from '../src/raw.js';
import { signRequest } from '../src/signing.js';

test('README examples compile', async () => {
  const fromEnvClient = createVmClient({ credentials: fromEnv(), regionId: 'cn-north-1' });
  await fromEnvClient.waitFor('instanceStopped', { instanceId: 'i-eumm0kd4k1' });
  const profile = await readJdcConfig();
  createVmClient({ ...profile, regionId: profile.regionId ?? 'cn-north-1', credentials: fromJdcConfig({ profile: 'work' }) });
  const { result, $metadata } = await fromEnvClient.withMetadata('describeInstances', { pageSize: 10 });
  expectTypeOf(result.instances).toEqualTypeOf<components['schemas']['Instance'][]>();
  expectTypeOf($metadata).toEqualTypeOf<ResponseMetadata>();
  const tracing: VmMiddleware = {
    onRequest({ request }) {
      request.headers.set('x-trace-id', 't');
      return request;
    },
    onRetry({ delayMs, attempt }) {
      expectTypeOf(delayMs + attempt).toBeNumber();
    },
  };
  fromEnvClient.use(tracing);
  fromEnvClient.eject(tracing);
  const vm = createVmClient({ accessKeyId: 'ak', secretAccessKey: 'sk', regionId: 'cn-north-1' });
  const { instance } = await vm.describeInstance({ instanceId: 'i-eumm0kd4k1' });
  expectTypeOf(instance).toEqualTypeOf<components['schemas']['Instance']>();
  await vm.stopInstance({ instanceId: 'i-eumm0kd4k1', chargeOnStopped: 'stopCharging' });
  await vm.describeInstances({ regionId: 'cn-east-2' });
  await vm.describeInstances({
    filters: [
      { name: 'status', values: ['running', 'stopped'] },
      { name: 'az', values: ['cn-north-1a'] },
    ],
    tags: [{ key: 'env', values: ['prod'] }],
  });
  await vm.describeImages({ ids: ['img-a', 'img-b'] });
  for await (const item of vm.paginate('describeInstances', { pageSize: 100, filters: [{ name: 'status', values: ['running'] }] })) {
    expectTypeOf(item.instanceId).toEqualTypeOf<string | undefined>();
  }
  try {
    await vm.startInstance({ instanceId: 'i-eumm0kd4k1' }, { timeoutMs: 10_000, signal: AbortSignal.timeout(1) });
  } catch (error) {
    if (error instanceof JdCloudError) expectTypeOf(error.status).toBeString();
    else if (error instanceof JdCloudTimeoutError) expectTypeOf(error.timeoutMs).toBeNumber();
    else if (error instanceof JdCloudNetworkError) expectTypeOf(error.cause).toBeUnknown();
  }
  const stub = createVmClient({ endpoint: 'http://127.0.0.1:8000', accessKeyId: 'a', secretAccessKey: 'b', regionId: 'cn-north-1' });
  const { keypairs } = await stub.describeKeypairs();
  expectTypeOf(keypairs).toEqualTypeOf<components['schemas']['Keypair'][]>();
  const raw = createRawClient({ accessKeyId: 'ak', secretAccessKey: 'sk', regionId: 'cn-north-1' });
  const { data } = await raw.GET('/regions/{regionId}/instances', { params: { path: { regionId: 'cn-north-1' }, query: { pageSize: 10 } } });
  // openapi-fetch 0.17 passes raw answers through its Readable<>, which expands an open enum's
  // `(string & {})` into an object type (openapi-ts/openapi-typescript#2765); the other fields are
  // the model's. The typed methods above are not affected.
  type RawInstance = NonNullable<NonNullable<typeof data>['result']['instances']>[number];
  expectTypeOf<RawInstance['instanceId']>().toEqualTypeOf<components['schemas']['Instance']['instanceId']>();
  expectTypeOf<RawInstance['instanceName']>().toEqualTypeOf<components['schemas']['Instance']['instanceName']>();
  expectTypeOf<'running'>().toExtend<NonNullable<RawInstance['status']>>();
  const headers = await signRequest(
    { method: 'GET', url: `https://vm.jdcloud-api.com/v1/regions/cn-north-1/instances?${encodeIndexedQuery({ pageSize: 10 })}` },
    { accessKeyId: 'ak', secretAccessKey: 'sk', regionId: 'cn-north-1' },
  );
  expectTypeOf(headers).toEqualTypeOf<Record<string, string>>();
});
