// `pnpm new-operation` (scripts/new-operation.mjs) in a temporary copy of the document: a dry run
// changes nothing; a real run writes the operation, its path entry, its error examples, a handler
// stub and contract cases, and rebundles the committed bundle (spec/dist) with the operation in it;
// the document lints with every placeholder reported until the texts are written.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const specRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const script = join(specRoot, '..', 'scripts', 'new-operation.mjs');
const redocly = join(specRoot, 'node_modules', '.bin', 'redocly');
// A made-up operation, so the test does not depend on which SDK operations the document has yet.
const ARGS = ['describeWidgets', '--group', 'Instance', '--method', 'get', '--path', '/regions/{regionId}/widgets/{instanceId}', '--reference', '/nonexistent.json'];

let root = '';
const run = (extra: string[] = []) => execFileSync(process.execPath, [script, ...ARGS, '--root', root, ...extra], { encoding: 'utf8' });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'new-operation-'));
  for (const name of ['openapi.yaml', 'redocly.yaml', 'package.json', 'paths', 'components', 'plugins', 'scripts', 'lib', 'dist']) {
    cpSync(join(specRoot, name), join(root, 'spec', name), { recursive: true });
  }
  symlinkSync(join(specRoot, 'node_modules'), join(root, 'spec', 'node_modules'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('pnpm new-operation', () => {
  it('--dry-run names the files and writes none', () => {
    const before = readFileSync(join(root, 'spec', 'openapi.yaml'), 'utf8');
    const out = run(['--dry-run']);
    expect(out).toContain('would write spec/paths/Instance/describeWidgets.yaml');
    expect(out).toContain('would write packages/server-stub/src/domain/instance/describeWidgets.ts');
    expect(existsSync(join(root, 'spec', 'paths', 'Instance', 'describeWidgets.yaml'))).toBe(false);
    expect(readFileSync(join(root, 'spec', 'openapi.yaml'), 'utf8')).toBe(before);
  });

  it('writes the spec stub, the path entry, the handler stub and the contract cases, and says what is left', () => {
    const out = run();
    expect(out).toContain('left to do:');
    expect(readFileSync(join(root, 'spec', 'openapi.yaml'), 'utf8')).toContain('$ref: paths/Instance/describeWidgets.yaml');
    const handler = readFileSync(join(root, 'packages', 'server-stub', 'src', 'domain', 'instance', 'describeWidgets.ts'), 'utf8');
    expect(handler).toContain("OperationContext<'describeWidgets'>");
    expect(readFileSync(join(root, 'packages', 'contract', 'test', 'flows', 'pending', 'describeWidgets.ts'), 'utf8')).toContain('it.todo');
    const bundled = JSON.parse(readFileSync(join(root, 'spec', 'dist', 'openapi.json'), 'utf8'));
    expect(bundled.paths['/regions/{regionId}/widgets/{instanceId}'].get.operationId).toBe('describeWidgets');
    // A second run refuses to overwrite.
    expect(spawnSync(process.execPath, [script, ...ARGS, '--root', root]).status).toBe(1);
  });

  it('the document lints with the placeholders of the operation reported', () => {
    const lint = spawnSync(redocly, ['lint', join(root, 'spec', 'openapi.yaml'), '--config', join(root, 'spec', 'redocly.yaml'), '--format', 'json'], { encoding: 'utf8' });
    expect(lint.status).not.toBe(0);
    const problems = JSON.parse(lint.stdout).problems as Array<{ ruleId: string }>;
    const placeholders = problems.filter((p) => p.ruleId.endsWith('no-placeholders'));
    expect(placeholders.length).toBeGreaterThan(0);
    expect(problems.filter((p) => !p.ruleId.endsWith('no-placeholders')).map((p) => p.ruleId)).toEqual([]);
  }, 60_000);
});
