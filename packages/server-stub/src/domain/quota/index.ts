// Quotas. PLACEHOLDER registered in ../index.ts; its domain author replaces the contents and keeps
// the export name `quotaModule`.
import type { DomainModule } from '../types.js';

export const quotaModule: DomainModule = {
  name: 'quota',
  resources: [],
  handlers: {},
};
