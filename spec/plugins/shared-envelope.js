// The 200 envelope and the paging base are written once, in components/schemas: an answer is
// `allOf: [SuccessEnvelope, {result}]` (or EmptyResultEnvelope), and the result of a paged
// describe operation is `allOf: [{its list}, PagedResult]`. The house rule `jdcloud/shared-envelope`
// reports an answer that writes either out by hand again, so the envelope cannot drift between
// operations (and the client, the stub and the docs keep reading one shape).

/** `$ref`s naming a shared part, in the source tree (`../schemas/X.yaml`) or a bundle (`#/components/schemas/X`). */
const names = (ref, name) => typeof ref === 'string' && new RegExp(`(^|/)${name}(\\.yaml)?$`).test(ref);

const SUCCESS = 'SuccessEnvelope';
const EMPTY = 'EmptyResultEnvelope';
const PAGED = 'PagedResult';

/**
 * The parts of a schema: itself and, through `$ref` and `allOf`, every schema it is composed of,
 * each with its location and the `$ref` that led to it (the name of a shared part).
 */
function parts(ctx, raw, at, via = undefined, out = [], seen = new Set()) {
  let node = raw;
  let location = at;
  let ref = via;
  if (node && typeof node === 'object' && typeof node.$ref === 'string') {
    ref = node.$ref;
    // A relative $ref is resolved against the file that holds it.
    const resolved = ctx.resolve(node, location.source.absoluteRef);
    node = resolved.node;
    location = resolved.location ?? location;
  }
  if (!node || typeof node !== 'object' || seen.has(node)) return out;
  seen.add(node);
  out.push({ node, location, ref });
  (node.allOf ?? []).forEach((part, i) => parts(ctx, part, location.child(['allOf', i]), undefined, out, seen));
  return out;
}

/** The first part that declares `name` among its properties, with the location of that property. */
function declared(list, name) {
  const part = list.find((p) => p.node.properties && name in p.node.properties);
  return part && { ...part, at: part.location.child(['properties', name]) };
}

function SharedEnvelope() {
  return {
    Operation: {
      enter(op, ctx) {
        const raw = op.responses?.['200'];
        if (!raw) return; // jdcloud/shared-error-responses reports a missing 200.
        const [response] = parts(ctx, raw, ctx.location.child(['responses', '200']));
        const media = response?.node.content?.['application/json'];
        if (!media?.schema) {
          ctx.report({ message: 'The 200 answer is JSON with a schema.', location: response?.location ?? ctx.location });
          return;
        }
        const envelope = parts(ctx, media.schema, response.location.child(['content', 'application/json', 'schema']));
        if (!envelope.some((p) => names(p.ref, SUCCESS))) {
          ctx.report({
            message: `The 200 answer builds on the shared envelope: \`allOf\` with components/schemas/${SUCCESS}.yaml (or ${EMPTY}.yaml).`,
            location: envelope[0].location,
          });
        }
        const requestId = declared(envelope.filter((p) => !names(p.ref, SUCCESS)), 'requestId');
        if (requestId) {
          ctx.report({ message: `\`requestId\` is written out by hand: it comes from ${SUCCESS}.`, location: requestId.at });
        }
        const paging = op['x-jdcloud-pagination'];
        const result = declared(envelope, 'result');
        const resultParts = result ? parts(ctx, result.node.properties.result, result.at) : [];
        const usesPaged = resultParts.some((p) => names(p.ref, PAGED));
        if (paging && typeof paging.total === 'string') {
          if (!usesPaged) {
            ctx.report({
              message: `A paged result builds on the shared paging base: \`allOf\` with components/schemas/${PAGED}.yaml.`,
              location: result?.at ?? envelope[0].location,
            });
          }
          const total = declared(resultParts.filter((p) => !names(p.ref, PAGED)), paging.total);
          if (total) {
            ctx.report({ message: `\`${paging.total}\` is written out by hand: it comes from ${PAGED}.`, location: total.at });
          }
        } else if (usesPaged) {
          ctx.report({
            message: `${PAGED} is the base of paged results: declare \`x-jdcloud-pagination\` or drop it.`,
            location: result.at,
          });
        }
      },
    },
  };
}

export const sharedEnvelopeRules = { 'shared-envelope': SharedEnvelope };
