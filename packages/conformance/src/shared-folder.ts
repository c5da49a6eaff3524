// The shared folder beside the repository (`../shared`): JD Cloud's pages, the SDKs' shapes and
// the official Python SDK. A user's clone has none; CI has it and must use it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const referenceDir = join(sharedDir, 'reference', 'jdcloud-vm');
export const pagesDir = join(referenceDir, 'pages');
export const pythonSdkDir = join(sharedDir, 'vendor', 'jdcloud-sdk-python');
/** Debian's interpreter, with Debian's python3-requests (scripts/ensure-python-requests.sh). */
export const python = '/usr/bin/python3';

/** Why a part of the suite cannot run here, or undefined when it can. */
export function missingPages(): string | undefined {
  if (!existsSync(sharedDir)) return `no shared folder beside the repository (${sharedDir})`;
  return existsSync(pagesDir) ? undefined : `the shared folder has no JD Cloud pages (${pagesDir})`;
}

export function missingPython(): string | undefined {
  const missing = missingPages();
  if (missing) return missing;
  if (!existsSync(join(pythonSdkDir, 'jdcloud_sdk'))) return `the official Python SDK is absent (${pythonSdkDir})`;
  if (!existsSync(python)) return `${python} is absent (apt-get install python3-requests)`;
  const probe = spawnSync(python, ['-c', 'import requests'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${python} cannot import requests (bash scripts/ensure-python-requests.sh)`;
  return undefined;
}
