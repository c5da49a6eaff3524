// Writes src/samples/python-sdk.json, the snapshot of the official Python SDK's classes that the
// Python samples are built from when the SDK is not beside the repository (see
// src/samples/python-sdk.js). `--check` exits 1 when the snapshot differs from the SDK.
//   node scripts/python-sdk-table.mjs [--check] [--sdk DIR]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { hasPythonSdk, PYTHON_SDK_SNAPSHOT, readPythonSdk, SHARED_PYTHON_SDK, snapshotText } from '../src/samples/python-sdk.js';

const args = process.argv.slice(2);
const sdkArg = args.indexOf('--sdk');
const sdk = sdkArg >= 0 ? (args[sdkArg + 1] ?? '') : SHARED_PYTHON_SDK;
const out = relative(process.cwd(), PYTHON_SDK_SNAPSHOT);

if (!hasPythonSdk(sdk)) {
  console.error(`python-sdk-table: no SDK at ${sdk}`);
  process.exit(2);
}
const text = snapshotText(readPythonSdk(sdk));
if (args.includes('--check')) {
  const current = existsSync(PYTHON_SDK_SNAPSHOT) ? readFileSync(PYTHON_SDK_SNAPSHOT, 'utf8') : '';
  if (current !== text) {
    console.error(`${out} is stale: run node scripts/python-sdk-table.mjs`);
    process.exit(1);
  }
  console.log(`${out} is up to date with ${sdk}`);
} else {
  writeFileSync(PYTHON_SDK_SNAPSHOT, text);
  console.log(`wrote ${out} from ${sdk}`);
}
