// The domain modules the stub ships. A new module (images, templates, quotas, ...) is added here.
import { imageModule } from './image/index.js';
import { instanceModule } from './instance/index.js';
import { instanceTypeModule } from './instance-type/index.js';
import { keypairModule } from './keypair/index.js';
import { quotaModule } from './quota/index.js';
import { templateModule } from './template/index.js';
import { HandlerRegistry } from './registry.js';
import type { DomainModule } from './types.js';

export const DOMAIN_MODULES: readonly DomainModule[] = [
  keypairModule,
  instanceModule,
  imageModule,
  templateModule,
  instanceTypeModule,
  quotaModule,
];

export function defaultRegistry(): HandlerRegistry {
  return new HandlerRegistry(DOMAIN_MODULES);
}

export { HandlerRegistry } from './registry.js';
export * from './types.js';
export * from './preconditions.js';
export * from './transitions.js';
export * from './listing.js';
export * from './quotas.js';
