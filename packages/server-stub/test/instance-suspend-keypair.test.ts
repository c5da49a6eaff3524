// The operations the official SDKs add beyond the seed overview, for instances and key pairs:
// suspend → suspended → resume, redeploy back to the state it started from, and a key pair put on
// and taken off stopped Linux instances, with each rule's refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGES, type InstanceStub, failure, launch, launchStopped, startInstanceStub, statusOf } from './instance-fixtures.js';

describe('suspend, resume and redeploy', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  it('suspends a running instance and resumes it; other states are refused', async () => {
    const { vm } = env;
    const [id] = (await launch(env)) as [string];
    await vm.suspendInstance({ instanceId: id });
    expect(await statusOf(env, id)).toBe('suspending');
    expect((await failure(vm.resumeInstance({ instanceId: id }))).message).toContain('task in progress (suspendInstance)');
    env.settle();
    expect(await statusOf(env, id)).toBe('suspended');
    expect((await failure(vm.suspendInstance({ instanceId: id }))).message).toBe(
      `Instance '${id}' status must be running, but it is suspended.`,
    );
    await vm.resumeInstance({ instanceId: id });
    expect(await statusOf(env, id)).toBe('resuming');
    env.settle();
    expect(await statusOf(env, id)).toBe('running');
    expect(await failure(vm.resumeInstance({ instanceId: id }))).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
    expect(await failure(vm.suspendInstance({ instanceId: 'i-nosuchone1' }))).toMatchObject({ httpStatus: 404, status: 'NOT_FOUND' });
  });

  it('redeploys a stopped or running instance back to the state it had', async () => {
    const { vm } = env;
    const stopped = await launchStopped(env);
    await vm.redeployInstance({ instanceId: stopped });
    expect(await statusOf(env, stopped)).toBe('redeploying');
    expect((await failure(vm.startInstance({ instanceId: stopped }))).message).toBe('Conflict with underlay task redeployInstance');
    env.settle();
    expect(await statusOf(env, stopped)).toBe('stopped');
    const [running] = (await launch(env)) as [string];
    await vm.redeployInstance({ instanceId: running });
    env.settle();
    expect(await statusOf(env, running)).toBe('running');
  });
});

describe('attachKeypair and detachKeypair', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  it('attaches to stopped Linux instances, answers each one, and detaches', async () => {
    const { vm } = env;
    await vm.createKeypair({ keyName: 'kp-attach' });
    await vm.createKeypair({ keyName: 'kp-other' });
    const a = await launchStopped(env);
    const [running] = (await launch(env)) as [string];

    const mixed = await vm.attachKeypair({ keyName: 'kp-attach', instanceIds: [a, running], passWordAuth: 'no' });
    expect(mixed).toEqual({ successInstanceId: [a], failInstanceId: [running] });
    expect((await vm.describeInstance({ instanceId: a })).instance.keyNames).toEqual(['kp-attach']);
    const listed = await vm.describeKeypairs({ filters: [{ name: 'keyNames', values: ['kp-attach'] }] });
    expect(listed.keypairs[0]?.instanceIds).toEqual([a]);

    // One key per instance; none of the list succeeds → the first one's error.
    const again = await failure(vm.attachKeypair({ keyName: 'kp-other', instanceIds: [a], passWordAuth: 'yes' }));
    expect(again).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION', message: `Already attached key pair. instance id ${a}` });
    const busy = await failure(vm.attachKeypair({ keyName: 'kp-other', instanceIds: [running], passWordAuth: 'yes' }));
    // The pages' wording: "Invalid instance status xx".
    expect(busy).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION', message: 'Invalid instance status running' });
    expect(await failure(vm.attachKeypair({ keyName: 'kp-none', instanceIds: [a], passWordAuth: 'yes' }))).toMatchObject({
      httpStatus: 404,
      message: "Keypair 'kp-none' not found",
    });
    expect(await failure(vm.attachKeypair({ keyName: 'kp-other', instanceIds: ['i-nosuchone1'], passWordAuth: 'yes' }))).toMatchObject({
      httpStatus: 404,
      message: "Instance 'i-nosuchone1' not found.",
    });

    expect((await failure(vm.detachKeypair({ keyName: 'kp-other', instanceIds: [a] }))).message).toBe(
      `Already attached other keypair. instance id ${a}`,
    );
    expect(await vm.detachKeypair({ keyName: 'kp-attach', instanceIds: [a] })).toEqual({ successInstanceId: [a], failInstanceId: [] });
    expect((await vm.describeInstance({ instanceId: a })).instance.keyNames).toEqual([]);
    // With its key gone the instance takes another one.
    expect(await vm.attachKeypair({ keyName: 'kp-other', instanceIds: [a], passWordAuth: 'yes' })).toEqual({ successInstanceId: [a], failInstanceId: [] });
  });

  it('refuses a Windows instance', async () => {
    const { vm } = env;
    await vm.createKeypair({ keyName: 'kp-win' });
    const win = await launchStopped(env, { imageId: IMAGES.windows, instanceType: 'g.n2.large', keyNames: [] });
    expect(await failure(vm.attachKeypair({ keyName: 'kp-win', instanceIds: [win], passWordAuth: 'yes' }))).toMatchObject({
      httpStatus: 400,
      message: "Windows OS doesn't support attach keypair.",
    });
  });

  it('lets an instance whose key pair was deleted take a new one', async () => {
    const { vm } = env;
    await vm.createKeypair({ keyName: 'kp-gone' });
    await vm.createKeypair({ keyName: 'kp-new' });
    const id = await launchStopped(env);
    await vm.attachKeypair({ keyName: 'kp-gone', instanceIds: [id], passWordAuth: 'yes' });
    await vm.deleteKeypair({ keyName: 'kp-gone' });
    expect(await vm.attachKeypair({ keyName: 'kp-new', instanceIds: [id], passWordAuth: 'yes' })).toEqual({ successInstanceId: [id], failInstanceId: [] });
  });
});
