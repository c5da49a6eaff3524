import { expect, it } from 'vitest';
import { failure, type Harness } from '../../src/harness.js';
import { newSshPublicKey } from '../../src/ssh.js';

export function keypairFlows(h: () => Harness): void {
  it('creates, imports, lists, filters and deletes key pairs', async () => {
    const { vm } = h();
    const created = await vm.createKeypair({ keyName: 'contract-kp' });
    expect(created.privateKey).toContain('PRIVATE KEY');
    const pub = newSshPublicKey();
    const imported = await vm.importKeypair({ keyName: 'contract-imported', publicKey: pub });
    expect(imported.keyFingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const listed = await vm.describeKeypairs({ filters: [{ name: 'keyNames', values: ['contract-kp'] }] });
    expect(listed.totalCount).toBe(1);
    expect((await failure(vm.createKeypair({ keyName: 'contract-kp' }))).httpStatus).toBe(400);
    await vm.deleteKeypair({ keyName: 'contract-imported' });
    expect((await failure(vm.deleteKeypair({ keyName: 'contract-imported' }))).httpStatus).toBe(404);
  });

  it('keeps key pairs of one account invisible to another', async () => {
    const { other } = h();
    const listed = await other.describeKeypairs({ filters: [{ name: 'keyNames', values: ['contract-kp'] }] });
    expect(listed.totalCount).toBe(0);
    expect((await failure(other.deleteKeypair({ keyName: 'contract-kp' }))).httpStatus).toBe(404);
  });
}
