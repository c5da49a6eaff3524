// The domain modules the stub ships. A new module (images, templates, quotas, ...) is added here.
import { imageModule } from './image/index.js';
import { instanceModule } from './instance/index.js';
import { instanceTypeModule } from './instance-type/index.js';
import { keypairModule } from './keypair/index.js';
import { quotaModule } from './quota/index.js';
import { templateModule } from './template/index.js';
import { HandlerRegistry } from './registry.js';
import type { DomainModule, HandlerShare, OperationId } from './types.js';

// `satisfies` keeps each module's own keys (a module typed as a plain record would hide gaps).
const MODULES = [keypairModule, instanceModule, imageModule, templateModule, instanceTypeModule, quotaModule] as const satisfies readonly DomainModule<HandlerShare>[];

/**
 * Every operation of the document has a handler: an operation added to the spec (and the client
 * regenerated) fails the build here, naming itself, until a module handles it.
 */
type KeysOf<T> = T extends unknown ? keyof T : never;
type Handled = KeysOf<(typeof MODULES)[number]['handlers']>;
type Unhandled = Exclude<OperationId, Handled>;
export const EVERY_OPERATION_HANDLED: [Unhandled] extends [never] ? true : { [K in Unhandled]: 'has no handler' } = true;

export const DOMAIN_MODULES: readonly DomainModule<HandlerShare>[] = MODULES;

export function defaultRegistry(): HandlerRegistry {
  return new HandlerRegistry(DOMAIN_MODULES);
}

export { HandlerRegistry } from './registry.js';
export * from './types.js';
export * from './preconditions.js';
export * from './transitions.js';
export * from './listing.js';
export * from './quotas.js';
