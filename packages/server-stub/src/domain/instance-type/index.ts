// Instance types. PLACEHOLDER registered in ../index.ts; its domain author replaces the contents and keeps
// the export name `instanceTypeModule`.
import type { DomainModule } from '../types.js';

export const instanceTypeModule: DomainModule = {
  name: 'instance-type',
  resources: [],
  handlers: {},
};
