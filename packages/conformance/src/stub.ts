// A fresh stub per driver (each walks an account from empty), signed with two accounts: the owner
// the driver acts as, and a partner its image is shared with. Behind a recording proxy.
import { type RunningStub, startStub } from '@jdcloud-vm/server-stub';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';
import type { Environment } from './scenarios.js';

export const OWNER = { accessKeyId: 'JDC_CONFORMANCE_OWNER_0000001', secretAccessKey: 'conformance-owner-secret' };
const PARTNER = { accessKeyId: 'JDC_CONFORMANCE_PARTNER_00002', secretAccessKey: 'conformance-partner-secret' };

/**
 * `CONFORMANCE_OPEN=1` runs the stub without keys (it then ignores signatures): a local
 * experiment only, e.g. to try a driver before the stub verifies its signature scheme. The
 * committed default, and CI, run signed.
 */
export const openMode = process.env.CONFORMANCE_OPEN === '1' && !process.env.CI;

export interface Target {
  stub: RunningStub;
  proxy: RecordingProxy;
  environment: Environment;
  close(): Promise<void>;
}

export async function startTarget(): Promise<Target> {
  const stub = await startStub({
    port: 0,
    ...(openMode ? {} : { accessKeys: [OWNER, PARTNER] }),
    transitionMs: 50,
    logLevel: 'silent',
    docsDir: false,
  });
  const proxy = await startRecordingProxy({ host: stub.host, port: stub.port });
  return {
    stub,
    proxy,
    // The stub knows an account by its access key id, which stands for its user PIN.
    environment: { partnerPin: PARTNER.accessKeyId },
    async close() {
      await proxy.close();
      await stub.close();
    },
  };
}
