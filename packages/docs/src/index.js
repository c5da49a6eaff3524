// Where the built reference lives, for @jdcloud-vm/server-stub (express.static(docsDir())) and
// anything else that serves or opens it. `pnpm --filter @jdcloud-vm/docs build` fills it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {readonly ['en', 'zh-CN']} */
export const DOCS_LANGUAGES = ['en', 'zh-CN'];

/** Absolute path of the built site: index.html, en/, zh-CN/, openapi.json, openapi.yaml. */
export function docsDir() {
  return fileURLToPath(new URL('../dist', import.meta.url));
}

/**
 * Absolute path of one page of the built site.
 * @param {'en' | 'zh-CN' | 'index'} [page]
 */
export function docsPage(page = 'index') {
  return page === 'index' ? join(docsDir(), 'index.html') : join(docsDir(), page, 'index.html');
}

/** Whether the site has been built (all three pages exist). */
export function docsBuilt() {
  return ['index', ...DOCS_LANGUAGES].every((p) => existsSync(docsPage(/** @type {'index'} */ (p))));
}
