// The operations of the bundled document (the count every "N/T" is out of) and a check of an
// answer against an operation's 200 schema, compiled with ajv from the bundle itself.
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface OperationObject {
  operationId: string;
  responses: Record<string, { $ref?: string }>;
}

const require = createRequire(import.meta.url);
const bundle = JSON.parse(readFileSync(require.resolve('@jdcloud-vm/spec/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, OperationObject>>;
};

/** The operations of the API overview (the seeds); the others are those the official SDKs add. */
const seedFixture = join(dirname(require.resolve('@jdcloud-vm/spec/package.json')), 'fixtures', 'seed-operations.json');
export const seedOperationIds: ReadonlySet<string> = new Set(
  (JSON.parse(readFileSync(seedFixture, 'utf8')) as { operations: Array<{ operationId: string }> }).operations.map((s) => s.operationId),
);

export interface DocumentOperation {
  operationId: string;
  method: string;
  path: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const located = Object.entries(bundle.paths).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method]! })),
);

export const documentOperations: DocumentOperation[] = located.map(({ path, method, operation }) => ({
  operationId: operation.operationId,
  method: method.toUpperCase(),
  path,
}));

// ajv and ajv-formats are CommonJS with a `default` export; under NodeNext the class sits there.
const ajv = new AjvModule.default({ strict: false, allErrors: true });
addFormatsModule.default(ajv);
for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, true);
ajv.addSchema(bundle, 'openapi.json');
const compiled = new Map<string, ValidateFunction>();
const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** How an answer breaks the operation's documented 200 answer; empty when it does not. */
export function answerProblems(operationId: string, body: unknown): string[] {
  const entry = located.find((l) => l.operation.operationId === operationId);
  if (!entry) return [`the document has no operation ${operationId}`];
  const declared = entry.operation.responses['200'];
  if (!declared) return [`the document declares no 200 answer for ${operationId}`];
  let validate = compiled.get(operationId);
  if (!validate) {
    const pointer = declared.$ref ?? `#/paths/${escape(entry.path)}/${entry.method}/responses/200`;
    validate = ajv.compile({ $ref: `openapi.json${pointer}/content/application~1json/schema` });
    compiled.set(operationId, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
