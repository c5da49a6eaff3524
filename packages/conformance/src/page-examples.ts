// The request and answer examples of JD Cloud's own pages (pages/{zh-CN,en}/<operationId>.md),
// read as a person reads them: a request example is a `/v1/...` line (under the HTTP method
// written above it) with the JSON body that follows; an answer example is the code block after a
// "返回示例" / "Response example" heading. The pages' error tables say which errors are documented.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface RequestExample {
  operationId: string;
  /** e.g. `zh-CN/createInstances.md #2` */
  name: string;
  method: string;
  /** Path and query as the page writes them. */
  target: string;
  /** The body as the page writes it, or '' when it shows none. */
  body: string;
  /** Set when the page's JSON had to be mended to be sent at all (what was mended). */
  mended?: string;
}

export interface AnswerExample {
  operationId: string;
  name: string;
  body: unknown;
  /** The page printed the result alone; `body` is it inside the envelope. */
  wrapped?: true;
}

export interface PageExamples {
  requests: RequestExample[];
  answers: AnswerExample[];
  /** Answer blocks that are not JSON, with why. */
  unreadable: string[];
  /** Messages of the 400 INVALID_ARGUMENT rows of each page's error table, by operation. */
  documentedInvalid: Map<string, string[]>;
}

export const LANGUAGES = ['zh-CN', 'en'] as const;
const METHOD = /^(GET|POST|PUT|PATCH|DELETE)$/;
const FENCE = /^```/;
const ANSWER_HEADING = /返回示例|response example|return example/i;
const INVALID_ROW = /^\|\*\*400\*\*\|INVALID_ARGUMENT\|([^|]+)\|/;

/** Removes the trailing commas some pages leave before `]` or `}`. */
function mend(text: string): { text: string; mended?: string } {
  try {
    JSON.parse(text);
    return { text };
  } catch {
    const mended = text.replace(/,(\s*[}\]])/g, '$1');
    return mended === text ? { text } : { text: mended, mended: 'a trailing comma removed' };
  }
}

// The request id the createInstances page shows, for answers a page prints without their envelope.
const PAGE_REQUEST_ID = 'c2hmmaan8w06w19qcdfuic4w03f7ft2d';

/**
 * An answer as the service sends it. A few pages (createInstanceTemplate, importImage) print only
 * the result, without `requestId` and `result` around it; every answer of the service has them,
 * so such a result is checked inside the envelope.
 */
function asAnswer(body: unknown): { body: unknown; wrapped?: true } {
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  if (isObject && !('requestId' in body) && !('result' in body) && !('error' in body)) {
    return { body: { requestId: PAGE_REQUEST_ID, result: body }, wrapped: true };
  }
  return { body };
}

function readPage(operationId: string, file: string, label: string, into: PageExamples): void {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  let method: string | undefined;
  let requestCount = 0;
  let answerCount = 0;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!.trim();
    if (METHOD.test(line)) method = line;
    const invalid = INVALID_ROW.exec(line);
    if (invalid) into.documentedInvalid.set(operationId, [...(into.documentedInvalid.get(operationId) ?? []), invalid[1]!.trim()]);
    if (line.startsWith('/v1/') && method) {
      const body: string[] = [];
      for (let j = i + 1; j < lines.length && !FENCE.test(lines[j]!.trim()) && !lines[j]!.trim().startsWith('#'); j += 1) {
        body.push(lines[j]!);
      }
      requestCount += 1;
      const { text, mended } = mend(body.join('\n').trim());
      into.requests.push({
        operationId,
        name: `${label} #${requestCount}`,
        method,
        target: line,
        body: text,
        ...(mended ? { mended } : {}),
      });
    }
    if (ANSWER_HEADING.test(line)) {
      let start = i + 1;
      while (start < lines.length && !FENCE.test(lines[start]!.trim())) start += 1;
      let end = start + 1;
      while (end < lines.length && !FENCE.test(lines[end]!.trim())) end += 1;
      if (start >= lines.length) continue;
      answerCount += 1;
      const name = `${label} answer #${answerCount}`;
      const text = lines.slice(start + 1, end).join('\n');
      try {
        into.answers.push({ operationId, name, ...asAnswer(JSON.parse(mend(text).text) as unknown) });
      } catch (error) {
        into.unreadable.push(`${name}: ${(error as Error).message}`);
      }
      i = end;
    }
  }
}

/** Every example of the pages of the given operations, in both languages. */
export function readPageExamples(pagesDir: string, operationIds: readonly string[]): PageExamples {
  const into: PageExamples = { requests: [], answers: [], unreadable: [], documentedInvalid: new Map() };
  for (const language of LANGUAGES) {
    const dir = join(pagesDir, language);
    if (!existsSync(dir)) continue;
    const files = new Set(readdirSync(dir));
    for (const operationId of operationIds) {
      if (files.has(`${operationId}.md`)) readPage(operationId, join(dir, `${operationId}.md`), `${language}/${operationId}.md`, into);
    }
  }
  return into;
}

/** Pages of operations the document does not have (their examples cannot be sent to it). */
export function pagesOutsideDocument(pagesDir: string, operationIds: readonly string[]): string[] {
  const known = new Set(operationIds);
  return LANGUAGES.flatMap((language) => {
    const dir = join(pagesDir, language);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((file) => file.endsWith('.md') && !known.has(file.slice(0, -3)))
      .map((file) => `${language}/${file}`);
  });
}
