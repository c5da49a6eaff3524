// The official JD Cloud Node.js SDK (`jdcloud-sdk-js`, unmodified, from the npm registry) as a
// driver: one `vm[operationId](params)` per call, the way its users call it.
import { createRequire } from 'node:module';
import type { Driver, SdkAnswer } from './runner.js';
import type { Params } from './scenarios.js';

const require = createRequire(import.meta.url);
// The SDK prints every canonical request it signs through this logger.
(require('jdcloud-sdk-js/src/lib/node_loader.js') as { config: { logger: unknown } }).config.logger = () => {};

type SdkMethod = (opts: Params) => Promise<unknown>;
type VmService = Record<string, SdkMethod | undefined>;
const VM = require('jdcloud-sdk-js/src/repo/vm/v1/vm.js') as new (options: object) => VmService;

/** Whether jdcloud-sdk-js has a method for the operation (1.2.202 lacks some the other SDKs have). */
export function nodeSdkHas(operationId: string): boolean {
  return typeof (VM.prototype as VmService)[operationId] === 'function';
}

export interface SdkCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

function isErrorEnvelope(value: unknown): value is { requestId?: string; error: NonNullable<SdkAnswer['error']> } {
  return typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'object';
}

export function nodeSdkDriver(endpointHost: string, credentials: SdkCredentials, regionId: string): Driver {
  const vm = new VM({ credentials, regionId, endpoint: { host: endpointHost, protocol: 'http' } });
  return {
    name: 'node SDK',
    async call(operationId, params) {
      const method = vm[operationId];
      if (typeof method !== 'function') return { exception: `jdcloud-sdk-js has no method ${operationId}` };
      try {
        const body = (await method.call(vm, params)) as { requestId?: string; result?: unknown };
        return { requestId: body.requestId ?? null, result: body.result ?? null };
      } catch (error) {
        if (isErrorEnvelope(error)) return { requestId: error.requestId ?? null, error: error.error };
        return { exception: error instanceof Error ? error.message : JSON.stringify(error) };
      }
    },
  };
}
