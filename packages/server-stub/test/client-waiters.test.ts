// @jdcloud-vm/client's waiters against the stub's real transitions (real clock, short transitionMs):
// each waiter follows a resource from the call that starts a transition to the state it waits for.
// (The client's own tests cover the failure, timeout and cancellation paths with a scripted server.)
import { createVmClient, type VmClient } from '@jdcloud-vm/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningStub, startStub } from '../src/index.js';
import { plainSpec } from './instance-fixtures.js';

const KEYS = { accessKeyId: 'AK_WAITERS', secretAccessKey: 'SK_WAITERS' };
const TRANSITION_MS = 150;
/** Polls often enough for a 150 ms transition; generous limits for a loaded machine. */
const FAST = { minDelayMs: 20, maxDelayMs: 100, maxWaitMs: 30_000 };

let stub: RunningStub;
let vm: VmClient;
beforeAll(async () => {
  stub = await startStub({ port: 0, logLevel: 'silent', docsDir: false, transitionMs: TRANSITION_MS, accessKeys: [`${KEYS.accessKeyId}:${KEYS.secretAccessKey}`] });
  vm = createVmClient({ endpoint: stub.url, ...KEYS, regionId: 'cn-north-1' });
});
afterAll(() => stub?.close());

describe('waiters on the stub', () => {
  it('instanceRunning, instanceStopped, instanceDeleted follow an instance through its life', async () => {
    const { instanceIds } = await vm.createInstances({ instanceSpec: plainSpec({ name: 'waited' }) });
    const instanceId = instanceIds[0]!;
    expect((await vm.describeInstance({ instanceId })).instance.status).not.toBe('running');
    const running = await vm.waitFor('instanceRunning', { instanceId }, FAST);
    expect(running.instance.status).toBe('running');
    await vm.stopInstance({ instanceId });
    expect((await vm.waitFor('instanceStopped', { instanceId }, FAST)).instance.status).toBe('stopped');
    await vm.deleteInstance({ instanceId });
    await vm.waitFor('instanceDeleted', { instanceId }, FAST);
    await expect(vm.describeInstance({ instanceId })).rejects.toMatchObject({ httpStatus: 404 });
  });

  it('imageTaskFinished and imageReady follow an import; imageDeleted its removal', async () => {
    const source = { imageUrl: 'https://image-import.s3.cn-north-1.jdcloud-oss.com/linux/system.qcow2', diskFormat: 'qcow2', systemDiskSizeGB: 50 } as const;
    const { imageId, taskId } = await vm.importImage({ ...source, architecture: 'x86_64', osType: 'linux', platform: 'CentOS', imageName: 'waited-image' });
    const tasks = await vm.waitFor('imageTaskFinished', { taskIds: [String(taskId)] }, FAST);
    expect(tasks.taskSet.map((t) => t.taskStatus)).toEqual(['finished']);
    expect((await vm.waitFor('imageReady', { imageId: imageId! }, FAST)).image.status).toBe('ready');
    await vm.deleteImage({ imageId: imageId! });
    await vm.waitFor('imageDeleted', { imageId: imageId! }, FAST);
  });

  it('times out with a JdCloudWaiterError naming the last state when the stub is slower than maxWaitMs', async () => {
    const { instanceIds } = await vm.createInstances({ instanceSpec: plainSpec({ name: 'slow' }) });
    const error = await vm.waitFor('instanceStopped', { instanceId: instanceIds[0]! }, { ...FAST, maxWaitMs: 2 * TRANSITION_MS }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'JdCloudWaiterError', reason: 'timeout', waiter: 'instanceStopped' });
    expect(['pending', 'starting', 'running']).toContain((error as { state: string }).state);
  });
});
