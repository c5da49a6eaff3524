// What the pages must show, derived from the bundled spec (never a hard-coded list): every
// operation with its summary and description in both languages, and its documented preconditions.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type Lang = 'en' | 'zh-CN';
export type Text = Record<Lang, string>;

export interface ExpectedOperation {
  operationId: string;
  method: string;
  path: string;
  tag: string;
  summary: Text;
  description: Text;
  /** States the resource must be in (x-jdcloud-preconditions.states). */
  states: string[];
}

export interface ExpectedTag {
  name: string;
  displayName: Text;
  operations: ExpectedOperation[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

const require = createRequire(import.meta.url);
export const specJsonPath = require.resolve('@jdcloud-vm/spec/openapi.json');
export const specYamlPath = require.resolve('@jdcloud-vm/spec/openapi.yaml');

type Node = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const text = (node: Node, en: string, zh: string, fallback = ''): Text => ({
  en: str(node[en]) ?? fallback,
  'zh-CN': str(node[zh]) ?? str(node[en]) ?? fallback,
});

export function loadBundle() {
  const doc = JSON.parse(readFileSync(specJsonPath, 'utf8')) as Node;
  const info = (doc.info ?? {}) as Node;
  const title = text(info, 'title', 'x-title-zh');
  const tagNodes = (Array.isArray(doc.tags) ? doc.tags : []) as Node[];
  const tags = new Map<string, ExpectedTag>();
  for (const t of tagNodes) {
    const name = String(t.name);
    tags.set(name, { name, displayName: text(t, 'x-displayName', 'x-displayName-zh', name), operations: [] });
  }
  const operations: ExpectedOperation[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Node>)) {
    for (const method of METHODS) {
      const op = item[method] as Node | undefined;
      if (!op) continue;
      const tag = (Array.isArray(op.tags) ? String(op.tags[0]) : undefined) ?? 'default';
      const pre = (op['x-jdcloud-preconditions'] ?? {}) as Node;
      const expected: ExpectedOperation = {
        operationId: String(op.operationId),
        method,
        path,
        tag,
        summary: text(op, 'summary', 'x-summary-zh', String(op.operationId)),
        description: text(op, 'description', 'x-description-zh'),
        states: Array.isArray(pre.states) ? pre.states.map(String) : [],
      };
      operations.push(expected);
      if (!tags.has(tag)) tags.set(tag, { name: tag, displayName: { en: tag, 'zh-CN': tag }, operations: [] });
      tags.get(tag)?.operations.push(expected);
    }
  }
  return { doc, title, operations, tags: [...tags.values()].filter((t) => t.operations.length > 0) };
}

/** The inline code spans of a Markdown text (`running`, `FAILED_PRECONDITION`, `maxCount`, …). */
export function codeSpans(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '');
  const spans = [...prose.matchAll(/(?<!`)`([^`]+)`(?!`)/g)].map((m) => (m[1] ?? '').replace(/\s+/g, ' ').trim());
  return [...new Set(spans)].filter((s) => s !== '');
}

/** The numbers a Markdown text states (limits, ranges, counts), leaving out link targets. */
export function numbers(markdown: string): string[] {
  const prose = markdown.replace(/\]\([^)]*\)/g, ']').replace(/https?:\/\/\S+/g, '');
  return [...new Set(prose.match(/\d+(?:\.\d+)?/g) ?? [])];
}
