// Validate: express-openapi-validator checks the decoded request against the document (types,
// required fields, enumerations, ranges; query and path values coerced to the schema's types, the
// body's defaults filled in). How the stub drives it lives in ./validator-adapter.ts; this step is
// what the rest of the pipeline relies on: the validator and the stub agree on the operation, and
// a request that got through is marked validated (its answers are then checked, ./respond.ts).
import type { Request, RequestHandler } from 'express';
import { internal } from '../http/errors.js';
import type { OperationSpec } from '../spec/types.js';
import { type ValidatorSetup, createRequestValidator, validatedRoute } from './validator-adapter.js';

export { steadyContentType } from './validator-adapter.js';

/** The validator's middlewares, in order, once it has loaded the document (a document it cannot use fails here). */
export function validateRequests(setup: ValidatorSetup): Promise<RequestHandler[]> {
  return createRequestValidator(setup);
}

/**
 * After the validator: the path parameters it validated (and coerced), once it is certain it
 * validated the operation the stub routed to; a disagreement is the stub's bug (500).
 */
export function confirmValidated(req: Request, operation: OperationSpec): Record<string, string> {
  const route = validatedRoute(req);
  if (route?.schema.operationId !== operation.operationId) {
    throw internal(`Routing disagreement: the stub matched ${operation.operationId}, the validator ${String(route?.schema.operationId)}.`);
  }
  req.stub.validated = true;
  return route.pathParams;
}
