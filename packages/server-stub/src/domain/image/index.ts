// Images. PLACEHOLDER registered in ../index.ts; its domain author replaces the contents and keeps
// the export name `imageModule`.
import type { DomainModule } from '../types.js';

export const imageModule: DomainModule = {
  name: 'image',
  resources: [],
  handlers: {},
};
