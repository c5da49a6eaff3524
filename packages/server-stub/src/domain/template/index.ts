// Instance templates. PLACEHOLDER registered in ../index.ts; its domain author replaces the contents and keeps
// the export name `templateModule`.
import type { DomainModule } from '../types.js';

export const templateModule: DomainModule = {
  name: 'template',
  resources: [],
  handlers: {},
};
