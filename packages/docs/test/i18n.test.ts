// The translation machinery: the walker both the Chinese build and the report use, the report
// itself (on the real bundle and on broken documents), and what the build put in each page.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { localize, toPointer, walkTexts } from '../src/twins.js';
import { loadBundle } from './bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'docs-i18n-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small document with every kind of text, and payload that looks like text but is not. */
function sample() {
  return {
    openapi: '3.0.3',
    info: { title: 'API', 'x-title-zh': '接口', version: '1', description: 'About', 'x-description-zh': '关于' },
    tags: [{ name: 'Keypair', 'x-displayName': 'Key pairs', 'x-displayName-zh': '密钥对', description: 'Keys', 'x-description-zh': '密钥' }],
    paths: {
      '/keypairs': {
        get: {
          summary: 'List key pairs',
          'x-summary-zh': '查询密钥对',
          description: 'Lists them.',
          'x-description-zh': '列出密钥对。',
          responses: {
            '200': {
              description: 'A page',
              'x-description-zh': '一页',
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/Keypair' },
                  examples: {
                    one: { summary: 'One', 'x-summary-zh': '一个', value: { description: 'payload, not text' } },
                  },
                },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Keypair: {
          type: 'object',
          title: 'Keypair',
          description: 'A key pair',
          'x-description-zh': '密钥对',
          example: { description: 'payload too' },
          properties: {
            description: { type: 'string', description: 'Its note', 'x-description-zh': '备注' },
            value: { type: 'string', description: 'A value', 'x-description-zh': '值', default: 'x' },
          },
        },
      },
    },
  };
}

function slots(doc: unknown) {
  const out: string[] = [];
  walkTexts(doc, ({ pointer, en }) => out.push(toPointer([...pointer, en])));
  return out;
}

describe('walkTexts', () => {
  it('finds every documentation text and no payload', () => {
    expect(slots(sample()).sort()).toEqual(
      [
        '#/info/title',
        '#/info/description',
        '#/tags/0/x-displayName',
        '#/tags/0/description',
        '#/paths/~1keypairs/get/summary',
        '#/paths/~1keypairs/get/description',
        '#/paths/~1keypairs/get/responses/200/description',
        '#/paths/~1keypairs/get/responses/200/content/application~1json/examples/one/summary',
        '#/components/schemas/Keypair/description',
        '#/components/schemas/Keypair/properties/description/description',
        '#/components/schemas/Keypair/properties/value/description',
      ].sort(),
    );
  });

  it('localize("zh") swaps in every twin and drops the -zh keys; "en" only drops them', () => {
    const zh = sample();
    localize(zh, 'zh');
    expect(zh.info.title).toBe('接口');
    expect(zh.tags[0]?.['x-displayName']).toBe('密钥对');
    expect(zh.paths['/keypairs'].get.summary).toBe('查询密钥对');
    expect(zh.components.schemas.Keypair.properties.description.description).toBe('备注');
    expect(zh.components.schemas.Keypair.title).toBe('Keypair');
    expect(zh.paths['/keypairs'].get.responses['200'].content['application/json'].examples.one.value).toEqual({
      description: 'payload, not text',
    });
    expect(JSON.stringify(zh)).not.toMatch(/-zh"/);

    const en = sample();
    localize(en, 'en');
    expect(en.paths['/keypairs'].get.summary).toBe('List key pairs');
    expect(JSON.stringify(en)).not.toMatch(/-zh"|[\u4e00-\u9fff]/);
  });
});

function report(file?: string) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'i18n-report.mjs'), ...(file ? [file] : [])], {
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('pnpm docs:i18n', () => {
  it('passes on the bundled spec, with counts', () => {
    const { status, out } = report();
    const last = out.trim().split('\n').at(-1) ?? '';
    expect(out).toMatch(/\bsummary\s+\d+ texts/);
    expect(last, out).toMatch(/^\d+ texts: \d+ with a Chinese twin, 0 missing$/);
    expect(status, out).toBe(0);
  });

  it('lists each missing or non-Chinese twin and fails', () => {
    const doc = sample() as Record<string, any>;
    delete doc.paths['/keypairs'].get['x-summary-zh'];
    doc.tags[0]['x-displayName-zh'] = 'Key pairs';
    delete doc.components.schemas.Keypair.properties.value['x-description-zh'];
    const file = join(tmp, 'broken.json');
    writeFileSync(file, JSON.stringify(doc));
    const { status, out } = report(file);
    expect(status).toBe(1);
    expect(out).toContain('MISSING #/paths/~1keypairs/get/summary  (no x-summary-zh): "List key pairs"');
    expect(out).toContain('MISSING #/tags/0/x-displayName  (x-displayName-zh holds no Chinese)');
    expect(out).toContain('MISSING #/components/schemas/Keypair/properties/value/description  (no x-description-zh)');
    expect(out.trim().split('\n').at(-1)).toBe('11 texts: 8 with a Chinese twin, 3 missing');
  });

  it('fails on a Chinese text without its English one', () => {
    const doc = sample() as Record<string, any>;
    delete doc.paths['/keypairs'].get.description;
    const file = join(tmp, 'orphan.json');
    writeFileSync(file, JSON.stringify(doc));
    const { status, out } = report(file);
    expect(status).toBe(1);
    expect(out).toContain('x-description-zh without description');
  });

  it('fails clearly when the document is missing', () => {
    const { status, out } = report(join(tmp, 'nope.yaml'));
    expect(status).toBe(2);
    expect(out).toContain('is missing');
  });
});

describe('the built pages', () => {
  const { operations } = loadBundle();
  const page = (lang: string) => readFileSync(join(root, 'dist', lang, 'index.html'), 'utf8');

  it('carry one language each: no -zh keys left, each page has every summary of its language', () => {
    // Booleans, not toContain: a failing diff of a 2.5 MB page helps nobody.
    for (const lang of ['en', 'zh-CN'] as const) {
      const file = join(root, 'dist', lang, 'index.html');
      expect(existsSync(file), `${file}: run pnpm --filter @jdcloud-vm/docs build`).toBe(true);
      const html = page(lang);
      expect(/"x-(summary|description|displayName|title)-zh"/.test(html), `${lang}: a -zh key is left`).toBe(false);
      const absent = operations.filter((op) => !html.includes(JSON.stringify(op.summary[lang]).slice(1, -1)));
      expect(absent.map((op) => `${op.operationId}: ${op.summary[lang]}`), `${lang}: summaries not in the page`).toEqual([]);
    }
  });
});
