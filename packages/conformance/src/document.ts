// The operations of the bundled document (the count every "N/T" is out of) and a check of an
// answer against an operation's 200 schema, compiled with ajv from the bundle itself; all read
// through @jdcloud-vm/spec.
import { listOperations, loadBundle, responseSchemaPointer, seedOperations } from '@jdcloud-vm/spec';
import { schemaValidator } from '@jdcloud-vm/spec/validate';

const bundle = loadBundle();
const located = listOperations(bundle);

/** The operations of the API overview (the seeds); the others are those the official SDKs add. */
export const seedOperationIds: ReadonlySet<string> = new Set(seedOperations().map((s) => s.operationId));

export interface DocumentOperation {
  operationId: string;
  method: string;
  path: string;
}

export const documentOperations: DocumentOperation[] = located.map(({ operationId, method, path }) => ({ operationId, method, path }));

const validatorOf = schemaValidator(bundle);

/** How an answer breaks the operation's documented 200 answer; empty when it does not. */
export function answerProblems(operationId: string, body: unknown): string[] {
  const entry = located.find((l) => l.operationId === operationId);
  if (!entry) return [`the document has no operation ${operationId}`];
  const pointer = responseSchemaPointer(bundle, entry, 200);
  if (!pointer) return [`the document declares no 200 answer for ${operationId}`];
  const validate = validatorOf(pointer);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
