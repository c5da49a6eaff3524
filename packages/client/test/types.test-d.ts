// Type tests: compiled by `vitest run` (typecheck) and by `pnpm lint` (tsc --noEmit), never run.
// Every `@ts-expect-error` line is a wrong call that must NOT compile; if it compiles, the
// directive itself becomes an error and the test fails.
import { describe, expectTypeOf, test } from 'vitest';
import { createRawClient } from '../src/raw.js';
import {
  createVmClient,
  JdCloudError,
  type components,
  type OperationId,
  type OperationParams,
  type OperationResult,
  type PagedOperationId,
  type PageItem,
} from '../src/index.js';
import { signRequest } from '../src/signing.js';

const vm = createVmClient({ accessKeyId: 'ak', secretAccessKey: 'sk', regionId: 'cn-north-1' });
type Schemas = components['schemas'];

describe('operation methods', () => {
  test('take path, query and body parameters in one object', () => {
    void vm.stopInstance({ instanceId: 'i-abc' });
    void vm.stopInstance({ instanceId: 'i-abc', chargeOnStopped: 'stopCharging', regionId: 'cn-east-2' });
    void vm.describeInstances({ filters: [{ name: 'status', values: ['running'] }] });
    void vm.describeInstances({ pageNumber: 2, pageSize: 50, tags: [{ key: 'env', values: ['prod'] }] });
    void vm.describeKeypairs();
    void vm.describeKeypairs({}, { timeoutMs: 1000, signal: AbortSignal.timeout(10), retry: false });
    void vm.deleteImage({ imageId: 'img-abc', deleteSnapshot: true });
    void vm.describeImages({ ids: ['img-a', 'img-b'] });
    // An operation whose body is empty (EmptyBody) takes just its path parameters.
    void vm.startInstance({ instanceId: 'i-abc' });
    void vm.rebootInstance({ instanceId: 'i-abc', regionId: 'cn-east-2' });
  });

  test('refuse a wrong parameter name, type or a missing one', () => {
    // @ts-expect-error instanceId is required
    void vm.stopInstance({});
    // @ts-expect-error the parameters object is required when a parameter is
    void vm.stopInstance();
    // @ts-expect-error instanceId is a string
    void vm.stopInstance({ instanceId: 42 });
    // @ts-expect-error chargeOnStopped is an enum
    void vm.stopInstance({ instanceId: 'i-abc', chargeOnStopped: 'sometimes' });
    // @ts-expect-error no such parameter
    void vm.stopInstance({ instanceId: 'i-abc', force: true });
    // @ts-expect-error misspelt filters
    void vm.describeInstances({ fliters: [] });
    // @ts-expect-error a filter's values are a list
    void vm.describeInstances({ filters: [{ name: 'status', values: 'running' }] });
    // @ts-expect-error a filter needs a name
    void vm.describeInstances({ filters: [{ values: ['running'] }] });
    // @ts-expect-error pageSize is a number
    void vm.describeInstances({ pageSize: '10' });
    // @ts-expect-error regionId is a string
    void vm.describeKeypairs({ regionId: 1 });
    // @ts-expect-error no such call option
    void vm.describeKeypairs({}, { timeout: 5 });
    // @ts-expect-error an empty body takes no field
    void vm.startInstance({ instanceId: 'i-abc', force: true });
    // @ts-expect-error no such operation
    void vm.describeEverything();
  });

  test('resolve to the typed result', () => {
    expectTypeOf(vm.describeInstances).returns.resolves.toEqualTypeOf<OperationResult<'describeInstances'>>();
    expectTypeOf<NonNullable<OperationResult<'describeInstances'>>['instances']>().toEqualTypeOf<Schemas['Instance'][]>();
    expectTypeOf<NonNullable<OperationResult<'describeKeypairs'>>['totalCount']>().toEqualTypeOf<number>();
    // An operation without a result resolves to the (empty, optional) result of EmptyResultEnvelope.
    expectTypeOf<OperationResult<'stopInstance'>>().toEqualTypeOf<Record<string, never> | undefined>();
  });

  test('give every operation a closed parameter object (no index signature swallowing typos)', () => {
    type WithIndex = { [K in OperationId]: string extends keyof OperationParams<K> ? K : never }[OperationId];
    expectTypeOf<WithIndex>().toBeNever();
    type WithoutRegion = { [K in OperationId]: 'regionId' extends keyof OperationParams<K> ? never : K }[OperationId];
    expectTypeOf<WithoutRegion>().toBeNever();
  });

  test('have parameter types derived from the schema', () => {
    expectTypeOf<OperationParams<'stopInstance'>>().toHaveProperty('instanceId').toEqualTypeOf<string>();
    expectTypeOf<OperationParams<'stopInstance'>>().toHaveProperty('regionId').toEqualTypeOf<string | undefined>();
    expectTypeOf<OperationParams<'describeInstances'>['filters']>().toEqualTypeOf<Schemas['Filter'][] | undefined>();
    expectTypeOf<'stopInstance'>().toExtend<OperationId>();
  });
});

describe('paginate', () => {
  test('walks paged operations and yields their items', () => {
    expectTypeOf(vm.paginate('describeInstances', { filters: [{ name: 'status', values: ['running'] }] })).toEqualTypeOf<
      AsyncGenerator<Schemas['Instance'], void, undefined>
    >();
    expectTypeOf<PageItem<'describeKeypairs'>>().toEqualTypeOf<Schemas['Keypair']>();
    expectTypeOf<'describeImages'>().toExtend<PagedOperationId>();
  });

  test('refuses operations that are not paged, and wrong parameters', () => {
    // @ts-expect-error stopInstance is not paged
    void vm.paginate('stopInstance', { instanceId: 'i-abc' });
    // @ts-expect-error describeInstance (singular) is not paged
    void vm.paginate('describeInstance', { instanceId: 'i-abc' });
    // @ts-expect-error wrong parameter for describeKeypairs
    void vm.paginate('describeKeypairs', { instanceId: 'i-abc' });
  });
});

describe('the raw openapi-fetch client', () => {
  const raw = createRawClient({ accessKeyId: 'a', secretAccessKey: 'b', regionId: 'cn-north-1' });
  test('is typed by path', async () => {
    const { data } = await raw.GET('/regions/{regionId}/keypairs', { params: { path: { regionId: 'cn-north-1' } } });
    expectTypeOf(data).toEqualTypeOf<
      | { requestId: Schemas['RequestId']; result: { keypairs: Schemas['Keypair'][]; totalCount: number } }
      | undefined
    >();
    // @ts-expect-error no such path
    void raw.GET('/regions/{regionId}/nothing', { params: { path: { regionId: 'cn-north-1' } } });
  });
});

describe('waiters and metadata', () => {
  test('waitFor takes the parameters of the describe operation and resolves to its result', async () => {
    const running = await vm.waitFor('instanceRunning', { instanceId: 'i-abc' }, { maxWaitMs: 60_000 });
    expectTypeOf(running).toEqualTypeOf<OperationResult<'describeInstance'>>();
    const tasks = await vm.waitFor('imageTaskFinished', { taskIds: ['1'] });
    expectTypeOf(tasks).toEqualTypeOf<OperationResult<'imageTasks'>>();
    // @ts-expect-error no such waiter
    void vm.waitFor('instanceFlying', { instanceId: 'i-abc' });
    // @ts-expect-error imageReady takes an imageId
    void vm.waitFor('imageReady', { instanceId: 'i-abc' });
  });

  test('withMetadata keeps the typed result beside its metadata', async () => {
    const { result, $metadata } = await vm.withMetadata('describeKeypairs', { pageSize: 10 });
    expectTypeOf(result).toEqualTypeOf<OperationResult<'describeKeypairs'>>();
    expectTypeOf($metadata.requestId).toEqualTypeOf<string | undefined>();
    expectTypeOf($metadata.attempts).toBeNumber();
    // @ts-expect-error wrong parameter
    void vm.withMetadata('describeKeypairs', { instanceId: 'x' });
  });
});

describe('createVmClient, errors and signRequest', () => {
  test('need their arguments', () => {
    // @ts-expect-error credentials and region are required
    createVmClient({ endpoint: 'http://127.0.0.1:8000' });
    // @ts-expect-error retry is an object or false
    createVmClient({ accessKeyId: 'a', secretAccessKey: 'b', regionId: 'c', retry: true });
    expectTypeOf<JdCloudError['status']>().toEqualTypeOf<string>();
    expectTypeOf<JdCloudError['code']>().toEqualTypeOf<number>();
    expectTypeOf<JdCloudError['httpStatus']>().toEqualTypeOf<number>();
    expectTypeOf<JdCloudError['requestId']>().toEqualTypeOf<string | undefined>();
  });

  test('signRequest has the documented contract', () => {
    expectTypeOf(signRequest).parameters.toEqualTypeOf<
      [
        request: { method: string; url: string; headers?: Record<string, string>; body?: string },
        credentials: {
          accessKeyId: string;
          secretAccessKey: string;
          regionId: string;
          service?: string;
          date?: Date;
          nonce?: string;
          signatureVersion?: 'JDCLOUD2' | 'JDCLOUD3';
        },
      ]
    >();
    expectTypeOf(signRequest).returns.toEqualTypeOf<Promise<Record<string, string>>>();
  });
});
