// The code samples: one per language for every operation, comments in the page's language,
// present in the built pages, the TypeScript ones type-checked against @jdcloud-vm/client, and
// the Python SDK table they are built from up to date with the SDK.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeSdkMethods } from '../src/samples/index.js';
import { SHARED_PYTHON_SDK } from '../src/samples/python-sdk.js';
import { comments, languageNames, requests, SAMPLE_LANGS, sampleOf, samples } from './samples.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CJK = /[\u3400-\u9fff]/;

describe('x-codeSamples', () => {
  const nodeMethods = nodeSdkMethods();

  it('every operation has a TypeScript, Python and curl sample, and a Node.js one where jdcloud-sdk-js has the method', () => {
    expect(requests.length).toBeGreaterThan(0);
    for (const lang of SAMPLE_LANGS) {
      for (const { operationId } of requests) {
        const expected = languageNames.filter((l) => l !== 'Node.js' || nodeMethods.has(operationId));
        expect(samples[lang].get(operationId)?.map((s) => s.lang), `${lang} ${operationId}`).toEqual(expected);
      }
    }
  });

  it('call the operation with its example values', () => {
    for (const req of requests) {
      for (const lang of SAMPLE_LANGS) {
        expect(sampleOf(lang, req.operationId, 'TypeScript')).toContain(`vm.${req.operationId}(`);
        const py = sampleOf(lang, req.operationId, 'Python') ?? '';
        const cls = req.operationId.charAt(0).toUpperCase() + req.operationId.slice(1);
        expect(py).toContain(`client.send(${cls}Request(parameters))`);
        for (const p of req.pathParams) {
          for (const language of languageNames) {
            const source = sampleOf(lang, req.operationId, language);
            if (source) expect(source, `${req.operationId} ${language}: ${p.name}`).toContain(String(p.value));
          }
        }
      }
    }
  });

  it('comment in the page language: Chinese on the Chinese page, none on the English page', () => {
    for (const [operationId, list] of samples.zh) {
      for (const s of list) {
        const lines = comments(s.source);
        expect(lines.length, `${operationId} ${s.lang}`).toBeGreaterThan(1);
        for (const line of lines) expect(line, `${operationId} ${s.lang} (zh)`).toMatch(CJK);
      }
    }
    for (const [operationId, list] of samples.en) {
      for (const s of list) expect(s.source, `${operationId} ${s.lang} (en)`).not.toMatch(CJK);
    }
  });

  it('are in the built pages', () => {
    for (const [lang, page] of [
      ['en', 'en'],
      ['zh', 'zh-CN'],
    ] as const) {
      const html = readFileSync(join(root, 'dist', page, 'index.html'), 'utf8');
      // The page keeps its document as JSON: look for each sample's source as a JSON string.
      const absent = [...samples[lang]].flatMap(([id, list]) =>
        list.filter((s) => !html.includes(JSON.stringify(s.source).slice(1, -1))).map((s) => `${id} ${s.lang}`),
      );
      expect(absent, `${page}: samples not in the page`).toEqual([]);
    }
  });
});

describe('the TypeScript samples', () => {
  const dir = join(root, 'test-artifacts', 'ts-samples');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Type-checks files against @jdcloud-vm/client with tsc; returns the diagnostics by file. */
  function typecheck(files: Record<string, string>): Map<string, string[]> {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: ['node'],
          typeRoots: [join(root, 'node_modules', '@types')],
          skipLibCheck: true,
        },
        include: ['*.mts'],
      }),
    );
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
    const byFile = new Map<string, string[]>();
    for (const line of r.stdout.split('\n').filter(Boolean)) {
      const file = /([^/(]+)\(\d+,\d+\)/.exec(line)?.[1] ?? '(tsc)';
      byFile.set(file, [...(byFile.get(file) ?? []), line]);
    }
    if (r.status !== 0 && byFile.size === 0) byFile.set('(tsc)', [r.stderr || `tsc exited with ${r.status}`]);
    return byFile;
  }

  it('type-check against @jdcloud-vm/client, and a wrong one does not', () => {
    expect(existsSync(join(root, 'node_modules', '@jdcloud-vm', 'client', 'dist', 'index.d.ts')), 'build @jdcloud-vm/client first').toBe(true);
    const files: Record<string, string> = {};
    for (const lang of SAMPLE_LANGS) {
      for (const { operationId } of requests) files[`${operationId}.${lang}.mts`] = sampleOf(lang, operationId, 'TypeScript') ?? '';
    }
    // The control: the same call with a misspelled parameter and a wrong type must fail.
    const stop = sampleOf('en', 'stopInstance', 'TypeScript') ?? '';
    files['control-misspelled.mts'] = stop.replace('instanceId:', 'instanceID:');
    const list = sampleOf('en', 'describeInstances', 'TypeScript') ?? '';
    files['control-type.mts'] = list.replace(/pageSize: \d+/, "pageSize: 'twenty'");
    const errors = typecheck(files);
    expect(errors.get('control-misspelled.mts')?.join('\n')).toMatch(/instanceID/);
    expect(errors.get('control-type.mts')?.join('\n')).toMatch(/pageSize|string/);
    errors.delete('control-misspelled.mts');
    errors.delete('control-type.mts');
    expect([...errors.values()].flat()).toEqual([]);
    expect(files['control-type.mts']).not.toBe(list);
  });
});

describe('the Python SDK table', () => {
  it.skipIf(!existsSync(SHARED_PYTHON_SDK))('is up to date with the official Python SDK', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'python-sdk-table.mjs'), '--check', '--sdk', SHARED_PYTHON_SDK], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
