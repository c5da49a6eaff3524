// lib/extensions.d.ts is generated from the extensions' JSON Schema (lib/extensions.js): the
// committed file must be what the schema gives, so the types cannot drift from the schema.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstDifference } from '../lib/first-difference.js';
import { extensionSchema } from '../lib/index.js';
import { renderExtensionTypes, typesFile } from '../scripts/extension-types.mjs';

describe('lib/extensions.d.ts', () => {
  it('is what the JSON Schema generates (run `pnpm --filter @jdcloud-vm/spec extension-types` when this fails)', () => {
    expect(firstDifference(readFileSync(typesFile, 'utf8'), renderExtensionTypes())).toBeUndefined();
  });

  it('follows a change of the schema', () => {
    const schema = structuredClone(extensionSchema) as { $defs: Record<string, { properties: Record<string, unknown>; required: string[] }> };
    schema.$defs.Transition!.properties.after = { type: 'integer', description: 'Seconds.' };
    schema.$defs.Transition!.required.push('after');
    const text = renderExtensionTypes(schema);
    expect(text).toContain('  /** Seconds. */\n  after: number;\n}');
    expect(firstDifference(readFileSync(typesFile, 'utf8'), text)).toMatch(/^line \d+: committed "}" \/ fresh "\/\*\* Seconds. \*\/"$/);
  });

  it('refuses a schema keyword it cannot turn into a type', () => {
    const schema = structuredClone(extensionSchema) as { $defs: Record<string, Record<string, unknown>> };
    schema.$defs.Pagination!.patternProperties = { '^x-': {} };
    expect(() => renderExtensionTypes(schema)).toThrow(/patternProperties/);
  });
});
