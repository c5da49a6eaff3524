import { expect, it } from 'vitest';
import { failure, type Harness } from '../../src/harness.js';
import { fixture } from './instances.js';

const state = { templateId: '' };

export function templateFlows(h: () => Harness): void {
  it('creates, describes, lists, updates and verifies an instance template', async () => {
    const { vm } = h();
    const created = await vm.createInstanceTemplate({
      name: 'contract-template',
      description: 'web tier',
      instanceTemplateData: {
        instanceType: 'g.n2.medium',
        imageId: fixture.imageId,
        password: 'Tmpl#Vm2024',
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-c2p3qv0b1x', securityGroups: ['sg-p2d1rf3ki7'] } },
        systemDisk: { diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1', diskSizeGB: 40 } },
      },
    });
    state.templateId = created.instanceTemplateId!;
    const one = await vm.describeInstanceTemplate({ instanceTemplateId: state.templateId });
    expect(one.instanceTemplate?.name).toBe('contract-template');
    const list = await vm.describeInstanceTemplates({ filters: [{ name: 'instanceTemplateId', values: [state.templateId] }] });
    expect(list.totalCount).toBe(1);
    await vm.updateInstanceTemplate({ instanceTemplateId: state.templateId, description: 'web tier, updated' });
    await vm.verifyInstanceTemplate({ instanceTemplateId: state.templateId });
    expect((await failure(h().other.describeInstanceTemplate({ instanceTemplateId: state.templateId }))).httpStatus).toBe(404);
  });

  it('deletes the template', async () => {
    const { vm } = h();
    await vm.deleteInstanceTemplate({ instanceTemplateId: state.templateId });
    expect((await failure(vm.describeInstanceTemplate({ instanceTemplateId: state.templateId }))).httpStatus).toBe(404);
  });
}

export function catalogFlows(h: () => Harness): void {
  it('lists instance types with filters', async () => {
    const { vm } = h();
    const all = await vm.describeInstanceTypes({});
    expect(all.instanceTypes?.length).toBeGreaterThan(0);
    const some = await vm.describeInstanceTypes({ filters: [{ name: 'instanceTypes', values: ['g.n2.medium', 'g.n2.large'] }] });
    expect(some.instanceTypes?.map((t) => t.instanceType).sort()).toEqual(['g.n2.large', 'g.n2.medium']);
  });

  it('reports quotas with live usage', async () => {
    const { vm } = h();
    const quotas = await vm.describeQuotas({ filters: [{ name: 'resourceTypes', values: ['instance', 'keypair'] }] });
    const instance = quotas.quotas?.find((q) => q.resourceType === 'instance');
    expect(instance?.used).toBe(fixture.instanceIds.length);
    expect(instance?.limit).toBeGreaterThan(0);
  });
}
