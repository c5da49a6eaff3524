// Loading the bundled document: by default `@jdcloud-vm/spec`'s dist/openapi.json, or a file or
// object given in the options (tests use small synthetic documents).
import { readFileSync } from 'node:fs';
import { defaultSpecPath, yamlModule } from '../assets.js';
import type { OpenApiDocument } from './types.js';

export { defaultSpecPath };

export type SpecSource = string | OpenApiDocument | undefined;

export interface LoadedSpec {
  document: OpenApiDocument;
  /** The file it came from, when it came from one. */
  file?: string;
}

export function loadSpec(source: SpecSource): LoadedSpec {
  if (source !== undefined && typeof source === 'object') {
    return { document: structuredClone(source) };
  }
  const file = source ?? defaultSpecPath();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `Cannot read the OpenAPI document ${file}: ${(error as Error).message}. ` +
        'The bundle is committed in spec/dist; rewrite it with pnpm --filter @jdcloud-vm/spec bundle.',
    );
  }
  // `yaml` is loaded only for a YAML document (it is ~30 ms of start-up otherwise).
  const parseYaml = (yamlText: string): unknown => yamlModule().parse(yamlText);
  const document = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as OpenApiDocument;
  if (!document || typeof document !== 'object' || typeof document.paths !== 'object') {
    throw new Error(`${file} is not an OpenAPI document (no "paths").`);
  }
  return { document, file };
}
