// Checks an answer against the response the document declares for that operation and status.
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { resolve, spec, type OperationEntry } from './spec.js';

// ajv and ajv-formats are CommonJS with a `default` export; under NodeNext the class sits there.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, true);
ajv.addSchema(spec as object, 'openapi.json');

const cache = new Map<string, ValidateFunction>();
const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Problems with one answer; empty when it is what the document promises. */
export function checkResponse(entry: OperationEntry, status: number, body: unknown, headers: Headers): string[] {
  const declared = entry.operation.responses[String(status)];
  if (!declared) {
    return [`${entry.operationId} answered ${status}, which the document does not declare for it`];
  }
  const response = resolve<{ content?: Record<string, unknown> }>(declared);
  const problems: string[] = [];
  if (!response.content?.['application/json']) return problems;
  if (!headers.get('content-type')?.includes('application/json')) {
    problems.push(`${entry.operationId} ${status}: content-type is ${headers.get('content-type')}, not JSON`);
  }
  const key = `${entry.method} ${entry.path} ${status}`;
  let validate = cache.get(key);
  if (!validate) {
    const pointer = `#/paths/${escape(entry.path)}/${entry.method.toLowerCase()}/responses/${status}`;
    const target = (declared as { $ref?: string }).$ref ?? pointer;
    validate = ajv.compile({ $ref: `openapi.json${target}/content/application~1json/schema` });
    cache.set(key, validate);
  }
  if (!validate(body)) {
    for (const error of validate.errors ?? []) {
      problems.push(`${entry.operationId} ${status}: response${error.instancePath} ${error.message}`);
    }
  }
  const requestId = headers.get('x-jdcloud-request-id');
  const bodyId = (body as { requestId?: unknown } | null)?.requestId;
  if (!requestId || requestId !== bodyId) {
    problems.push(`${entry.operationId} ${status}: x-jdcloud-request-id header (${requestId}) differs from the body's requestId (${String(bodyId)})`);
  }
  return problems;
}
