// The package's entry point, as @jdcloud-vm/server-stub uses it.
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS_LANGUAGES, docsBuilt, docsDir, docsPage } from '@jdcloud-vm/docs';

describe('@jdcloud-vm/docs', () => {
  it('points at the built site', () => {
    expect(isAbsolute(docsDir())).toBe(true);
    expect(docsBuilt()).toBe(true);
    expect(docsPage()).toBe(join(docsDir(), 'index.html'));
    for (const lang of DOCS_LANGUAGES) expect(existsSync(docsPage(lang))).toBe(true);
    for (const spec of ['openapi.json', 'openapi.yaml']) expect(existsSync(join(docsDir(), spec))).toBe(true);
  });
});
