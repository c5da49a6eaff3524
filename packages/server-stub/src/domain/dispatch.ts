// One operation call: find the handler, enforce the document's preconditions, run the handler,
// start the document's transition. Missing handlers answer 500 INTERNAL (the contract has no 501).
import { internal, invalidArgument } from '../http/errors.js';
import { enforcePreconditions } from './preconditions.js';
import type { HandlerRegistry } from './registry.js';
import { startTransition, transitionAppliesToPathResource } from './transitions.js';
import type { HandlerContext, HandlerResult } from './types.js';

// The document puts no pattern on `regionId` (no source states one), and a well-formed region the
// catalog does not know is served as an empty one. A name that no region can have (`..`,
// `constructor`, `CN-NORTH-1`) is refused before it can name state: every region the sources
// mention has this shape (cn-north-1, cn-east-2, ...).
const REGION_NAME = /^[a-z]{2}-[a-z]+-[0-9]+$/;

export async function dispatch(ctx: HandlerContext, registry: HandlerRegistry): Promise<HandlerResult> {
  const definition = registry.handler(ctx.operationId);
  if (!definition) {
    throw internal(`Operation '${ctx.operationId}' is not implemented by the stub yet.`);
  }
  if (!REGION_NAME.test(ctx.region)) throw invalidArgument(`Invalid parameter 'regionId': '${ctx.region}' is not a region name.`);
  if (definition.autoPreconditions !== false) enforcePreconditions(ctx);
  const result = await definition.handle(ctx);
  if (definition.autoTransition !== false && ctx.resource && transitionAppliesToPathResource(ctx)) {
    // The handler may have removed or already transitioned it; only start if it still exists.
    if (ctx.store.collectionNamed(ctx.resource.kind.collection).has(ctx.resource.id)) {
      startTransition(ctx, ctx.resource.id);
    }
  }
  return result;
}
