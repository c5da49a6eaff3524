// A small world of resources made through the API for one account: a running instance (with a
// data disk, a secondary interface and an elastic IP), a stopped one, a key pair, a private image
// made from the stopped instance, an imported image with its task, and an instance template.
// The bad-input and isolation suites aim their requests at these.
import type { VmClient } from '@jdcloud-vm/client';
import type { ManualClock, RunningStub } from '../../src/index.js';
import { IMAGES, SUBNET, plainSpec } from '../instance-fixtures.js';

export interface World {
  account: string;
  running: string;
  stopped: string;
  keyName: string;
  imageId: string;
  importedImageId: string;
  importTaskId: string;
  templateId: string;
  diskId: string;
  networkInterfaceId: string;
  elasticIpId: string;
  /** Every id and name above: none may appear in another account's answers. */
  secrets: string[];
}

/** Values for the path parameters of every operation, from a world. */
export function pathValues(world: World, forOperation: { spec: { preconditions?: { states?: string[] } } }): Record<string, string> {
  const states = forOperation.spec.preconditions?.states ?? [];
  const wantsStopped = states.length > 0 && !states.includes('running') && states.includes('stopped');
  return {
    regionId: 'cn-north-1',
    instanceId: wantsStopped ? world.stopped : world.running,
    imageId: world.imageId,
    instanceTemplateId: world.templateId,
    keyName: world.keyName,
  };
}

/** Lets every transition finish (the stub runs on a ManualClock). */
export function settle(stub: RunningStub, clock: ManualClock, transitionMs: number): void {
  clock.advance(transitionMs * 3);
  stub.store.settle();
}

export async function buildWorld(stub: RunningStub, vm: VmClient, clock: ManualClock, transitionMs: number, account: string, tag: string): Promise<World> {
  const keyName = `${tag}-key`;
  await vm.createKeypair({ keyName });
  const { instanceIds } = await vm.createInstances({
    instanceSpec: plainSpec({ name: `${tag}-vm`, keyNames: [keyName] }),
    maxCount: 2,
  });
  const [running, stopped] = instanceIds as [string, string];
  settle(stub, clock, transitionMs);
  await vm.stopInstance({ instanceId: stopped });
  settle(stub, clock, transitionMs);
  const diskId = `vol-${tag}0000001`;
  const networkInterfaceId = `port-${tag}0000001`;
  const elasticIpId = `fip-${tag}0000001`;
  await vm.attachDisk({ instanceId: running, diskId });
  await vm.attachNetworkInterface({ instanceId: running, networkInterfaceId });
  await vm.associateElasticIp({ instanceId: running, elasticIpId });
  const { imageId } = await vm.createImage({ instanceId: stopped, name: `${tag}-image` });
  const imported = await vm.importImage({
    architecture: 'x86_64',
    osType: 'linux',
    platform: 'CentOS',
    diskFormat: 'qcow2',
    systemDiskSizeGB: 50,
    imageUrl: 'https://image-import.s3.cn-north-1.jdcloud-oss.com/linux/system.qcow2',
    imageName: `${tag}-imported`,
  });
  const { instanceTemplateId } = await vm.createInstanceTemplate({
    name: `${tag}-template`,
    instanceTemplateData: {
      instanceType: 'g.n2.medium',
      imageId: IMAGES.centos,
      primaryNetworkInterface: { networkInterface: { subnetId: SUBNET, securityGroups: ['sg-p2d1rf3ki7'] } },
    },
  });
  settle(stub, clock, transitionMs);
  const world: World = {
    account,
    running,
    stopped,
    keyName,
    imageId: imageId as string,
    importedImageId: imported.imageId as string,
    importTaskId: String(imported.taskId),
    templateId: instanceTemplateId as string,
    diskId,
    networkInterfaceId,
    elasticIpId,
    secrets: [],
  };
  // (The import task id is a per-account counter, not a secret.)
  world.secrets = [running, stopped, keyName, world.imageId, world.importedImageId, world.templateId, `${tag}-vm`, `${tag}-image`, `${tag}-imported`, `${tag}-template`];
  return world;
}
