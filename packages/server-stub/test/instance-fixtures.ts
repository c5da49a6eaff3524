// Shared by the instance-*.test.ts suites: a signing stub on a ManualClock (transitions step by
// hand), @jdcloud-vm/client clients for two accounts, and realistic createInstances specs.
import { type OperationParams, type VmClient, createVmClient } from '@jdcloud-vm/client';
import { ManualClock } from '../src/state/clock.js';
import { type RunningStub, type StubOptions, startStub } from '../src/index.js';

export { type Failure, failure } from './helpers.js';

export const REGION = 'cn-north-1';
export const TRANSITION_MS = 1000;

export const ALICE = { accessKeyId: 'AK_ALICE_INST', secretAccessKey: 'SK_ALICE_INST' };
export const BOB = { accessKeyId: 'AK_BOB_INST', secretAccessKey: 'SK_BOB_INST' };

/** Public images of data/catalog/public-images.json. */
export const IMAGES = {
  centos: '7168934e-8bbb-5c59-a527-f69412fcbe96',
  centosLocal: '45b27fe1-8c18-5126-99ac-9e41e8e6dda7',
  ubuntu: 'c70ccb1d-97b5-5982-b1ae-a9213a1be74f',
  ubuntuArm: 'd6fe6de3-f3cb-5e07-9245-460e013b96ce',
  windows: '0b251d7a-912f-5d9e-be2b-9c4f8a1f9bee',
  offline: 'dd0eb63a-21ea-527e-8ca5-6c824f5ef917',
  marketplace: 'a37e8fff-f6d9-5be9-aafb-5d3eb5e2bb09',
} as const;

export const PASSWORD = 'Tq7#mWz9pLx';
export const SUBNET = 'subnet-c2p3qv0b1x';

export type InstanceSpec = OperationParams<'createInstances'>['instanceSpec'];

export interface InstanceStub {
  stub: RunningStub;
  clock: ManualClock;
  vm: VmClient;
  bob: VmClient;
  /** Lets every transition in progress finish. */
  settle: () => void;
  close: () => Promise<void>;
}

export function clientFor(stub: RunningStub, keys: typeof ALICE): VmClient {
  return createVmClient({ endpoint: stub.url, ...keys, regionId: REGION, retry: false });
}

export async function startInstanceStub(options: StubOptions = {}): Promise<InstanceStub> {
  // Signatures are checked against the stub's clock: start it now, move it by seconds only.
  const clock = new ManualClock(Date.now());
  const stub = await startStub({
    port: 0,
    accessKeys: [`${ALICE.accessKeyId}:${ALICE.secretAccessKey}`, `${BOB.accessKeyId}:${BOB.secretAccessKey}`],
    logLevel: 'silent',
    docsDir: false,
    clock,
    transitionMs: TRANSITION_MS,
    ...options,
  });
  return {
    stub,
    clock,
    vm: clientFor(stub, ALICE),
    bob: clientFor(stub, BOB),
    settle: () => clock.advance(TRANSITION_MS),
    close: () => stub.close(),
  };
}

/** A plain createInstances spec that passes every rule; `overrides` replace its fields. */
export function plainSpec(overrides: Partial<InstanceSpec> = {}): InstanceSpec {
  return {
    az: 'cn-north-1a',
    instanceType: 'g.n2.medium',
    imageId: IMAGES.centos,
    name: 'web-01',
    password: PASSWORD,
    primaryNetworkInterface: { networkInterface: { subnetId: SUBNET } },
    ...overrides,
  };
}



/** Creates instances and lets them reach `running`. */
export async function launch(env: InstanceStub, spec: Partial<InstanceSpec> = {}, maxCount = 1): Promise<string[]> {
  const { instanceIds } = await env.vm.createInstances({ instanceSpec: plainSpec(spec), maxCount });
  env.settle();
  return instanceIds;
}

/** Creates one instance, stops it and lets it reach `stopped`. */
export async function launchStopped(env: InstanceStub, spec: Partial<InstanceSpec> = {}): Promise<string> {
  const [id] = await launch(env, spec);
  await env.vm.stopInstance({ instanceId: id as string });
  env.settle();
  return id as string;
}

export async function statusOf(env: InstanceStub, instanceId: string): Promise<string | undefined> {
  return (await env.vm.describeInstance({ instanceId })).instance.status;
}
