// Writes each operation's error responses from its own error table in JD Cloud's Chinese page
// (operations.json → responses.errorsZh in the reference pack beside the repository): a status
// that the page documents gets an inline response whose examples are the page's rows (HTTP
// status, error status, message); a status the page does not document keeps its `$ref` to the
// shared response in components/responses, whose example is generic. Run it again when the pack
// changes; the bilingual summaries are built from the rows, not copied from the page's prose.
//
//   node scripts/refresh-error-examples.mjs [operations.json]
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, parseDocument } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? join(root, '..', '..', 'shared', 'reference', 'jdcloud-vm', 'operations.json');
const errorsById = new Map(JSON.parse(readFileSync(source, 'utf8')).map((op) => [op.operationId, op.responses?.errorsZh ?? []]));

/** The shared response of each status: its file name and the text the inline one repeats. */
const SHARED = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** A request id in the service's form (32 lowercase hex or base-36 characters), stable per example. */
export function requestIdFor(seed) {
  return createHash('md5').update(seed).digest('hex');
}

const camel = (status) => status.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase());

function inlineResponse(operationId, status, rows) {
  const shared = parseDocument(readFileSync(join(root, 'components', 'responses', `${SHARED[status]}.yaml`), 'utf8')).toJS();
  const examples = {};
  const counts = new Map();
  for (const row of rows) {
    const n = (counts.get(row.status) ?? 0) + 1;
    counts.set(row.status, n);
    examples[`${camel(row.status)}${n}`] = {
      summary: `${row.status}: ${row.message}`,
      'x-summary-zh': `错误表所列 ${row.status}：${row.message}`,
      value: {
        requestId: requestIdFor(`${operationId} ${status} ${row.status} ${n}`),
        error: { code: Number(status), status: row.status, message: row.message },
      },
    };
  }
  return {
    description: `${shared.description} The examples are the errors this operation's page lists for ${status}.`,
    'x-description-zh': `${shared['x-description-zh']}示例为本接口文档列出的 ${status} 错误。`,
    headers: { 'x-jdcloud-request-id': { $ref: '../../components/headers/x-jdcloud-request-id.yaml' } },
    content: { 'application/json': { schema: { $ref: '../../components/schemas/ErrorResponse.yaml' }, examples } },
  };
}

let changed = 0;
for (const group of readdirSync(join(root, 'paths')).sort()) {
  for (const name of readdirSync(join(root, 'paths', group)).sort()) {
    const file = join(root, 'paths', group, name);
    const text = readFileSync(file, 'utf8');
    const doc = parseDocument(text);
    const operationId = doc.get('operationId');
    const rows = errorsById.get(operationId) ?? [];
    const responses = doc.get('responses');
    if (!isMap(responses)) throw new Error(`${file}: no responses`);
    const statuses = new Set([
      ...responses.items.map((pair) => String(pair.key.value)).filter((s) => /^[45]/.test(s)),
      ...rows.map((row) => row.http),
    ]);
    for (const status of [...statuses].sort()) {
      const mine = rows.filter((row) => row.http === status);
      const value = mine.length > 0
        ? inlineResponse(operationId, status, mine)
        : { $ref: `../../components/responses/${SHARED[status]}.yaml` };
      responses.set(doc.createNode(status).value, doc.createNode(value));
    }
    // Keep the statuses in order, 200 first.
    responses.items.sort((a, b) => String(a.key.value).localeCompare(String(b.key.value)));
    for (const pair of responses.items) if (typeof pair.key.value === 'string') pair.key.type = 'QUOTE_SINGLE';
    const out = doc.toString({ lineWidth: 0, flowCollectionPadding: false, doubleQuotedMinMultiLineLength: 100000 });
    if (out !== text) {
      writeFileSync(file, out);
      changed += 1;
    }
  }
}
console.log(`error responses refreshed in ${changed} operation files`);
