// The instance lifecycle through @jdcloud-vm/client, signing on, on a ManualClock:
// create → pending → running → stop → resize → start → reboot → rebuild → delete, with every
// state and task-in-progress refusal along the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALICE,
  IMAGES,
  type InstanceStub,
  PASSWORD,
  REGION,
  failure,
  launch,
  launchStopped,
  plainSpec,
  startInstanceStub,
  statusOf,
} from './instance-fixtures.js';

describe('instance lifecycle', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  it('walks create → running → stop → resize → start → reboot → rebuild → delete', async () => {
    const { vm } = env;
    const { instanceIds } = await vm.createInstances({ instanceSpec: plainSpec({ name: 'flow-01' }) });
    expect(instanceIds).toHaveLength(1);
    const id = instanceIds[0] as string;
    expect(id).toMatch(/^i-[0-9a-z]{10}$/);

    // pending with a task in progress, until --transition-ms has passed.
    expect(await statusOf(env, id)).toBe('pending');
    const busy = await failure(vm.stopInstance({ instanceId: id }));
    expect(busy).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
    expect(busy.message).toBe('Conflict with underlay task createInstances');
    env.clock.advance(999);
    expect(await statusOf(env, id)).toBe('pending');
    env.clock.advance(1);
    expect(await statusOf(env, id)).toBe('running');

    // Only a stopped instance starts, resizes or rebuilds; each page words the refusal its way.
    for (const [call, message] of [
      [() => vm.startInstance({ instanceId: id }), 'Invalid instance status running'],
      [() => vm.resizeInstance({ instanceId: id, instanceType: 'g.n2.large' }), "Invalid instance status 'running'"],
      [() => vm.rebuildInstance({ instanceId: id, password: PASSWORD }), "Invalid instance status 'running'"],
    ] as const) {
      const error = await failure(call());
      expect(error).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION', message });
    }

    await vm.stopInstance({ instanceId: id });
    expect(await statusOf(env, id)).toBe('stopping');
    expect((await failure(vm.deleteInstance({ instanceId: id }))).message).toContain('task in progress (stopInstance)');
    env.settle();
    expect(await statusOf(env, id)).toBe('stopped');
    expect((await failure(vm.rebootInstance({ instanceId: id }))).message).toBe('Invalid instance status stopped');
    expect((await failure(vm.describeInstanceVncUrl({ instanceId: id }))).status).toBe('FAILED_PRECONDITION');

    await vm.resizeInstance({ instanceId: id, instanceType: 'g.n2.xlarge' });
    expect(await statusOf(env, id)).toBe('resizing');
    env.settle();
    const resized = (await vm.describeInstance({ instanceId: id })).instance;
    expect(resized).toMatchObject({ status: 'stopped', instanceType: 'g.n2.xlarge' });

    await vm.startInstance({ instanceId: id });
    expect(await statusOf(env, id)).toBe('starting');
    env.settle();
    expect(await statusOf(env, id)).toBe('running');

    await vm.rebootInstance({ instanceId: id });
    expect(await statusOf(env, id)).toBe('rebooting');
    env.settle();
    expect(await statusOf(env, id)).toBe('running');

    const { vncUrl } = await vm.describeInstanceVncUrl({ instanceId: id });
    const url = new URL(vncUrl as string);
    expect(url.searchParams.get('instanceId')).toBe(id);
    expect(Number(url.searchParams.get('expires')) * 1000).toBeGreaterThan(env.clock.now() + 3_599_000);

    await vm.stopInstance({ instanceId: id });
    env.settle();
    await vm.rebuildInstance({ instanceId: id, imageId: IMAGES.ubuntu, password: PASSWORD, hostname: 'flow-host' });
    expect(await statusOf(env, id)).toBe('rebuilding');
    env.settle();
    expect((await vm.describeInstance({ instanceId: id })).instance).toMatchObject({
      status: 'stopped',
      imageId: IMAGES.ubuntu,
      platform: 'Ubuntu',
      osVersion: '22.04',
      hostname: 'flow-host',
    });

    await vm.deleteInstance({ instanceId: id });
    expect(await statusOf(env, id)).toBe('deleting');
    env.settle();
    const gone = await failure(vm.describeInstance({ instanceId: id }));
    expect(gone).toEqual({ httpStatus: 404, status: 'NOT_FOUND', message: `Instance '${id}' not found.` });
    expect((await failure(vm.startInstance({ instanceId: id }))).httpStatus).toBe(404);
  });

  it('delete accepts running, stopped and error, and refuses the transitional states', async () => {
    const [running] = await launch(env);
    await env.vm.deleteInstance({ instanceId: running as string });
    env.settle();

    const stopped = await launchStopped(env);
    await env.vm.deleteInstance({ instanceId: stopped });
    env.settle();
    expect((await failure(env.vm.describeInstance({ instanceId: stopped }))).httpStatus).toBe(404);

    const [broken] = await launch(env);
    env.stub.store.scope(ALICE.accessKeyId, REGION).instances.update(broken as string, (draft) => {
      draft.status = 'error';
    });
    await env.vm.deleteInstance({ instanceId: broken as string });
    env.settle();
    expect((await failure(env.vm.describeInstance({ instanceId: broken as string }))).httpStatus).toBe(404);

    const { instanceIds } = await env.vm.createInstances({ instanceSpec: plainSpec() });
    const pending = instanceIds[0] as string;
    env.stub.store.scope(ALICE.accessKeyId, REGION).tasks.end('instance', pending);
    const error = await failure(env.vm.deleteInstance({ instanceId: pending }));
    expect(error.message).toBe("Invalid instance status 'pending'");
    env.settle();
  });

  it('stopCharging needs a pay-by-configuration instance with a cloud system disk', async () => {
    const [cloud] = await launch(env);
    await env.vm.stopInstance({ instanceId: cloud as string, chargeOnStopped: 'stopCharging' });
    env.settle();
    expect((await env.vm.describeInstance({ instanceId: cloud as string })).instance.chargeOnStopped).toBe('stopCharging');
    expect((await env.vm.describeBriefInstances({ filters: [{ name: 'instanceId', values: [cloud as string] }] })).instances[0]?.chargeOnStopped).toBe(
      'stopCharging',
    );

    const [local] = await launch(env, { instanceType: 'g.n1.medium', imageId: IMAGES.centosLocal });
    const refused = await failure(env.vm.stopInstance({ instanceId: local as string, chargeOnStopped: 'stopCharging' }));
    expect(refused).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
    expect(refused.message).toContain('cloud system disk');
    expect(await statusOf(env, local as string)).toBe('running');

    const [prepaid] = await launch(env, { charge: { chargeMode: 'prepaid_by_duration', chargeUnit: 'month', chargeDuration: 1 } });
    expect((await failure(env.vm.stopInstance({ instanceId: prepaid as string, chargeOnStopped: 'stopCharging' }))).message).toContain(
      'pay-by-configuration',
    );
    // keepCharging (or nothing) is always fine.
    await env.vm.stopInstance({ instanceId: prepaid as string, chargeOnStopped: 'keepCharging' });
    env.settle();
  });

  it('a prepaid instance within its term cannot be deleted; one without billing gives 403', async () => {
    const [prepaid] = await launch(env, { charge: { chargeMode: 'prepaid_by_duration', chargeUnit: 'year', chargeDuration: 1 } });
    const instance = (await env.vm.describeInstance({ instanceId: prepaid as string })).instance;
    expect(instance.charge).toMatchObject({ chargeMode: 'prepaid_by_duration', chargeStatus: 'normal' });
    expect(Date.parse(instance.charge?.chargeExpiredTime as string)).toBeGreaterThan(env.clock.now() + 360 * 86_400_000);
    const error = await failure(env.vm.deleteInstance({ instanceId: prepaid as string }));
    expect(error).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
    expect(error.message).toContain('prepaid until');

    const [nobill] = await launch(env);
    env.stub.store.scope(ALICE.accessKeyId, REGION).instances.update(nobill as string, (draft) => {
      delete draft.charge;
    });
    expect(await failure(env.vm.deleteInstance({ instanceId: nobill as string }))).toMatchObject({
      httpStatus: 403,
      status: 'PERMISSION_DENIED',
    });
  });

  it('an expired prepaid instance shows overdue, cannot start or reboot, and can be deleted', async () => {
    const [id] = await launch(env, { charge: { chargeMode: 'prepaid_by_duration', chargeDuration: 1 } });
    const instances = env.stub.store.scope(ALICE.accessKeyId, REGION).instances;
    instances.update(id as string, (draft) => {
      (draft.charge as Record<string, unknown>).chargeExpiredTime = new Date(env.clock.now() - 1000).toISOString();
    });
    expect((await env.vm.describeInstance({ instanceId: id as string })).instance.charge?.chargeStatus).toBe('overdue');
    expect((await failure(env.vm.rebootInstance({ instanceId: id as string }))).message).toContain('expired');
    await env.vm.stopInstance({ instanceId: id as string });
    env.settle();
    expect((await failure(env.vm.startInstance({ instanceId: id as string }))).message).toContain('expired');
    expect((await failure(env.vm.resizeInstance({ instanceId: id as string, instanceType: 'g.n2.large' }))).message).toContain('expired');
    await env.vm.deleteInstance({ instanceId: id as string });
    env.settle();
  });

  it('starting an instance stopped with stopCharging needs stock again', async () => {
    const [id] = await launch(env, { instanceType: 'm.n2.8xlarge', az: 'cn-north-1a' });
    await env.vm.stopInstance({ instanceId: id as string, chargeOnStopped: 'stopCharging' });
    env.settle();
    // Move it (in the store) to the zone where the type is sold out.
    env.stub.store.scope(ALICE.accessKeyId, REGION).instances.update(id as string, (draft) => {
      draft.az = 'cn-north-1b';
    });
    const error = await failure(env.vm.startInstance({ instanceId: id as string }));
    expect(error).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
    expect(error.message).toContain('out of stock');
  });
});

describe('resizeInstance rules', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  it('an unknown type is 404, a sold-out one and the same type are refused', async () => {
    const id = await launchStopped(env, { az: 'cn-north-1b' });
    expect(await failure(env.vm.resizeInstance({ instanceId: id, instanceType: 'x.n9.huge' }))).toEqual({
      httpStatus: 404,
      status: 'NOT_FOUND',
      message: "InstanceType 'x.n9.huge' not found.",
    });
    const soldOut = await failure(env.vm.resizeInstance({ instanceId: id, instanceType: 'm.n2.8xlarge' }));
    expect(soldOut).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
    expect(soldOut.message).toBe("InstanceType 'm.n2.8xlarge' is out of stock in cn-north-1b.");
    expect((await failure(env.vm.resizeInstance({ instanceId: id, instanceType: 'g.n2.medium' }))).message).toContain('already of type');
  });

  it('a local system disk cannot change generation; the image must support the new type', async () => {
    const local = await launchStopped(env, { instanceType: 'g.n1.medium', imageId: IMAGES.centosLocal });
    const error = await failure(env.vm.resizeInstance({ instanceId: local, instanceType: 'g.n2.medium' }));
    expect(error.message).toContain('local system disk');
    await env.vm.resizeInstance({ instanceId: local, instanceType: 'g.n1.large' });
    env.settle();

    const windows = await launchStopped(env, { instanceType: 'g.n2.large', imageId: IMAGES.windows });
    const constraint = await failure(env.vm.resizeInstance({ instanceId: windows, instanceType: 'g.n2.medium' }));
    expect(constraint).toMatchObject({ status: 'FAILED_PRECONDITION' });
    expect(constraint.message).toContain('Image constraints');
  });

  it('the new type must hold the network interfaces and cloud disks the instance has', async () => {
    const id = await launchStopped(env, {
      instanceType: 'g.n2.medium',
      dataDisks: Array.from({ length: 4 }, () => ({
        diskCategory: 'cloud' as const,
        cloudDiskSpec: { az: 'cn-north-1a', name: '', diskType: 'ssd.gp1' as const, diskSizeGB: 20 },
      })),
    });
    const disks = await failure(env.vm.resizeInstance({ instanceId: id, instanceType: 't.n2.small' }));
    expect(disks.message).toMatch(/^CloudDisk limit exceeded/);

    const id2 = await launchStopped(env, { instanceType: 'g.n2.medium' });
    await env.vm.attachNetworkInterface({ instanceId: id2, networkInterfaceId: 'port-resize0001' });
    const nicError = await failure(env.vm.resizeInstance({ instanceId: id2, instanceType: 't.n2.small' }));
    expect(nicError.message).toMatch(/^NetworkInterface limit exceeded/);
  });

  it('a resize needs the system disk (404 when it was detached)', async () => {
    const id = await launchStopped(env);
    const systemDiskId = (await env.vm.describeInstance({ instanceId: id })).instance.systemDisk?.cloudDisk?.diskId as string;
    await env.vm.detachDisk({ instanceId: id, diskId: systemDiskId });
    for (const call of [
      () => env.vm.resizeInstance({ instanceId: id, instanceType: 'g.n2.large' }),
      () => env.vm.rebuildInstance({ instanceId: id, password: PASSWORD }),
      () => env.vm.startInstance({ instanceId: id }),
      () => env.vm.modifyInstancePassword({ instanceId: id, password: PASSWORD }),
    ]) {
      const error = await failure(call());
      expect(error).toMatchObject({ httpStatus: 404, status: 'NOT_FOUND' });
      expect(error.message).toMatch(/^System disk not found/);
    }
    await env.vm.attachDisk({ instanceId: id, diskId: systemDiskId, deviceName: 'vda' });
    await env.vm.startInstance({ instanceId: id });
    env.settle();
    expect(await statusOf(env, id)).toBe('running');
  });
});

describe('rebuildInstance rules', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
    await env.vm.createKeypair({ keyName: 'rebuild-key' });
  });
  afterAll(() => env.close());

  it('the image must match the system disk kind and support the type', async () => {
    const cloud = await launchStopped(env);
    const kind = await failure(env.vm.rebuildInstance({ instanceId: cloud, imageId: IMAGES.centosLocal, password: PASSWORD }));
    expect(kind).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
    expect(kind.message).toMatch(/^Image constraints. Only support cloud system disk/);
    const arm = await failure(env.vm.rebuildInstance({ instanceId: cloud, imageId: IMAGES.ubuntuArm, password: PASSWORD }));
    expect(arm.message).toContain("doesn't support instanceType 'g.n2.medium'");
    const unknown = await failure(env.vm.rebuildInstance({ instanceId: cloud, imageId: 'img-nosuchimage', password: PASSWORD }));
    expect(unknown).toEqual({ httpStatus: 404, status: 'NOT_FOUND', message: "Image 'img-nosuchimage' not found." });

    const local = await launchStopped(env, { instanceType: 'g.n1.medium', imageId: IMAGES.centosLocal });
    expect((await failure(env.vm.rebuildInstance({ instanceId: local, imageId: IMAGES.centos }))).message).toMatch(
      /^Image constraints. Only support local system disk/,
    );
    await env.vm.rebuildInstance({ instanceId: local });
    env.settle();
    expect(await statusOf(env, local)).toBe('stopped');
  });

  it('checks the password, key pairs (Linux only, 404 when unknown) and host name', async () => {
    const id = await launchStopped(env, {
      instanceType: 'g.n2.large',
      systemDisk: { cloudDiskSpec: { az: 'cn-north-1a', name: '', diskType: 'ssd.gp1', diskSizeGB: 50 } },
    });
    expect(await failure(env.vm.rebuildInstance({ instanceId: id, password: 'abcdefgh' }))).toMatchObject({
      httpStatus: 400,
      status: 'INVALID_ARGUMENT',
    });
    expect(await failure(env.vm.rebuildInstance({ instanceId: id, keyNames: ['no-such-key'] }))).toEqual({
      httpStatus: 404,
      status: 'NOT_FOUND',
      message: "Keypair 'no-such-key' not found.",
    });
    expect((await failure(env.vm.rebuildInstance({ instanceId: id, hostname: '-bad-' }))).status).toBe('INVALID_ARGUMENT');
    expect(
      (await failure(env.vm.rebuildInstance({ instanceId: id, imageId: IMAGES.windows, keyNames: ['rebuild-key'], password: PASSWORD }))).message,
    ).toContain('Linux');

    await env.vm.rebuildInstance({ instanceId: id, keyNames: ['rebuild-key'], passWordAuth: 'no' });
    env.settle();
    expect((await env.vm.describeInstance({ instanceId: id })).instance.keyNames).toEqual(['rebuild-key']);
    const { keypairs } = await env.vm.describeKeypairs({});
    expect(keypairs?.find((k) => k.keyName === 'rebuild-key')?.instanceIds).toEqual([id]);
    await env.vm.rebuildInstance({ instanceId: id, password: PASSWORD });
    env.settle();
    expect((await env.vm.describeKeypairs({})).keypairs?.find((k) => k.keyName === 'rebuild-key')?.instanceIds).toEqual([]);
  });
});

describe('modifyInstanceAttribute and modifyInstancePassword', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  it('changes name, description and host name; an empty change is refused', async () => {
    const [id] = (await launch(env)) as [string];
    await env.vm.modifyInstanceAttribute({ instanceId: id, name: 'renamed.01', description: 'New text', hostname: 'renamed-01' });
    expect((await env.vm.describeInstance({ instanceId: id })).instance).toMatchObject({
      instanceName: 'renamed.01',
      description: 'New text',
      hostname: 'renamed-01',
    });
    const empty = await failure(env.vm.modifyInstanceAttribute({ instanceId: id }));
    expect(empty).toMatchObject({ httpStatus: 400, status: 'INVALID_ARGUMENT' });
    expect(empty.message).toMatch(/^There are no modifiable properties in the parameter/);
    expect((await failure(env.vm.modifyInstanceAttribute({ instanceId: id, name: '.dot' }))).status).toBe('INVALID_ARGUMENT');
    expect((await failure(env.vm.modifyInstanceAttribute({ instanceId: id, hostname: 'a--b' }))).status).toBe('INVALID_ARGUMENT');
    const tooMany = Array.from({ length: 41 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    expect((await failure(env.vm.modifyInstanceAttribute({ instanceId: id, metadata: tooMany }))).httpStatus).toBe(400);
    await env.vm.modifyInstanceAttribute({
      instanceId: id,
      metadata: [{ key: 'role', value: 'web' }],
      userdata: [{ key: 'launch-script', value: Buffer.from('#!/bin/bash\necho hi\n').toString('base64') }],
    });
    expect((await failure(env.vm.modifyInstanceAttribute({ instanceId: id, userdata: [{ key: 'launch-script', value: 'not base64!' }] }))).status).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('modifyInstancePassword checks the password and refuses while a task runs', async () => {
    const { instanceIds } = await env.vm.createInstances({ instanceSpec: plainSpec() });
    const id = instanceIds[0] as string;
    const busy = await failure(env.vm.modifyInstancePassword({ instanceId: id, password: PASSWORD }));
    expect(busy.message).toBe("Conflict with underlay task 'createInstances'");
    env.settle();
    for (const weak of ['Abcdefg1!', 'Qwerty1!x', 'Aa1!jdcloud', 'Aa1!x987z', 'aaaaaaaa1']) {
      const error = await failure(env.vm.modifyInstancePassword({ instanceId: id, password: weak }));
      expect(error, weak).toMatchObject({ httpStatus: 400, status: 'INVALID_ARGUMENT' });
      expect(error.message).toMatch(/^Invalid password/);
    }
    await env.vm.modifyInstancePassword({ instanceId: id, password: 'N3w#Kt5v-x' });
    // running or stopped only (x-jdcloud-preconditions), with the page's wording first.
    await env.vm.suspendInstance({ instanceId: id });
    env.settle();
    expect(await failure(env.vm.modifyInstancePassword({ instanceId: id, password: 'N3w#Kt5v-x' }))).toMatchObject({
      httpStatus: 400,
      status: 'FAILED_PRECONDITION',
      message: "Invalid instance status 'suspended'",
    });
  });
});
