// Checks an answer against the response the document declares for that operation and status.
import { responseSchemaPointer } from '@jdcloud-vm/spec';
import { schemaValidator } from '@jdcloud-vm/spec/validate';
import { spec, type OperationEntry } from './spec.js';

const validatorOf = schemaValidator(spec);

/** Problems with one answer; empty when it is what the document promises. */
export function checkResponse(entry: OperationEntry, status: number, body: unknown, headers: Headers): string[] {
  const declared = entry.operation.responses?.[String(status)];
  if (!declared) {
    return [`${entry.operationId} answered ${status}, which the document does not declare for it`];
  }
  const problems: string[] = [];
  const pointer = responseSchemaPointer(spec, entry, status);
  if (!pointer) return problems; // an answer without a JSON body
  if (!headers.get('content-type')?.includes('application/json')) {
    problems.push(`${entry.operationId} ${status}: content-type is ${headers.get('content-type')}, not JSON`);
  }
  const validate = validatorOf(pointer);
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
