// House rules of the VM API document, run by `redocly lint` (see redocly.yaml).
// Each rule encodes a promise the toolkit depends on: the Chinese docs need every text twice, the
// client and the stub read the vendor extensions, and one id pattern per resource kind keeps the
// stub's validation and the client's types consistent.
import { PATH_ID_PATTERN, routedPathIds } from './id-patterns.js';
import { zhStyleProblems } from './zh-style.js';

const CJK = /[\u3400-\u9fff]/;

/** Node types whose human-readable text must exist in English and Chinese. */
const TEXT_NODES = [
  'Info',
  'Tag',
  'Server',
  'Operation',
  'Parameter',
  'RequestBody',
  'Response',
  'Header',
  'Schema',
  'Example',
  'SecurityScheme',
];

const TWINS = [
  ['summary', 'x-summary-zh'],
  ['description', 'x-description-zh'],
  ['title', 'x-title-zh'],
  ['x-displayName', 'x-displayName-zh'],
];

function checkTwins(node, ctx, nodeType) {
  if (!node || typeof node !== 'object' || '$ref' in node) return;
  // Schema titles are not shown as prose; Info's title is.
  for (const [en, zh] of TWINS) {
    if (en === 'title' && nodeType !== 'Info') continue;
    const hasEn = typeof node[en] === 'string' && node[en].trim() !== '';
    const hasZh = typeof node[zh] === 'string' && node[zh].trim() !== '';
    if (hasEn && !hasZh) {
      ctx.report({ message: `${nodeType} has \`${en}\` but no \`${zh}\`.`, location: ctx.location.child(en) });
    } else if (hasZh && !hasEn) {
      ctx.report({ message: `${nodeType} has \`${zh}\` but no \`${en}\`.`, location: ctx.location.child(zh) });
    } else if (hasZh && !CJK.test(node[zh])) {
      ctx.report({ message: `\`${zh}\` contains no Chinese text.`, location: ctx.location.child(zh) });
    }
  }
  if (nodeType === 'Tag') {
    for (const key of ['x-displayName', 'description']) {
      if (!node[key]) ctx.report({ message: `Tag needs \`${key}\`.`, location: ctx.location });
    }
  }
}

/**
 * The Chinese texts read as JD Cloud's Chinese pages do: no space shown between two Chinese
 * characters (a YAML line break inside a sentence makes one), and JD Cloud's term for each concept.
 * `pnpm --filter @jdcloud-vm/spec fix:zh-style` mends both.
 */
function ZhStyle() {
  const visitor = {};
  for (const type of TEXT_NODES) {
    visitor[type] = {
      enter(node, ctx) {
        if (!node || typeof node !== 'object' || '$ref' in node) return;
        for (const [, zh] of TWINS) {
          if (typeof node[zh] !== 'string') continue;
          const { spaces, terms } = zhStyleProblems(node[zh]);
          for (const around of spaces) {
            ctx.report({ message: `A space between Chinese characters: ${JSON.stringify(around)}.`, location: ctx.location.child(zh) });
          }
          for (const term of terms) ctx.report({ message: `Use JD Cloud's term: ${term}.`, location: ctx.location.child(zh) });
        }
      },
    };
  }
  return visitor;
}

function BilingualTwins() {
  const visitor = {};
  for (const type of TEXT_NODES) {
    visitor[type] = { enter: (node, ctx) => checkTwins(node, ctx, type) };
  }
  return visitor;
}

// What `pnpm new-operation` writes where a text is still to be written.
const PLACEHOLDER = 'TODO(new-operation)';

/** Every text of a scaffolded operation is written before the document lints clean. */
function NoPlaceholders() {
  const check = (node, ctx) => {
    if (!node || typeof node !== 'object' || '$ref' in node) return;
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && value.includes(PLACEHOLDER)) {
        ctx.report({ message: `\`${key}\` is still the placeholder new-operation wrote.`, location: ctx.location.child(key) });
      }
    }
  };
  const visitor = {};
  for (const type of TEXT_NODES) visitor[type] = { enter: check };
  return visitor;
}

const COMPOSED = ['allOf', 'oneOf', 'anyOf'];

function DescribedProperties() {
  return {
    Schema: {
      enter(schema, ctx) {
        if (!schema || typeof schema !== 'object' || '$ref' in schema) return;
        const typed = typeof schema.type === 'string' || COMPOSED.some((k) => Array.isArray(schema[k]));
        if (!typed) ctx.report({ message: 'Every schema needs a `type` (or allOf/oneOf/anyOf).', location: ctx.location });
        if (schema.type === 'array' && !schema.items) {
          ctx.report({ message: 'An array schema needs `items`.', location: ctx.location });
        }
        const props = schema.properties;
        if (!props || typeof props !== 'object') return;
        for (const [name, prop] of Object.entries(props)) {
          if (!prop || typeof prop !== 'object' || '$ref' in prop) continue;
          if (typeof prop.description !== 'string' || prop.description.trim() === '') {
            ctx.report({
              message: `Property \`${name}\` needs a description (and \`x-description-zh\`).`,
              location: ctx.location.child(['properties', name]),
            });
          }
        }
      },
    },
  };
}

/** Reports every `pattern` on a schema: no source states one (see id-patterns.js). */
function IdPatterns() {
  let routed = new Set();
  return {
    Root: {
      enter(root) {
        routed = routedPathIds(root.paths);
      },
    },
    Parameter: {
      enter(param, ctx) {
        if (!param || !param.schema || '$ref' in param.schema) return;
        if (param.in === 'path' && routed.has(param.name) && param.schema.pattern !== PATH_ID_PATTERN) {
          ctx.report({
            message: `Path parameter \`${param.name}\` comes before a \`:\` custom method: it carries ${PATH_ID_PATTERN} (found ${param.schema.pattern ?? 'none'}).`,
            location: ctx.location.child('schema'),
          });
        }
      },
    },
    Schema: {
      enter(schema, ctx) {
        if (!schema || typeof schema !== 'object' || typeof schema.pattern !== 'string') return;
        // The routed path ids are checked by the Parameter visitor above; this pattern is theirs.
        if (schema.pattern === PATH_ID_PATTERN) return;
        ctx.report({
          message: `No source states a pattern (${schema.pattern}); describe the allowed characters in prose.`,
          location: ctx.location.child('pattern'),
        });
      },
    },
  };
}

/**
 * Enumerations in answers are open: JD Cloud adds values (imageTasks answers `ImportImageTask`
 * where its table lists `ImportImage`), and the document must not reject what the service
 * returns. A schema reached from a response lists its documented values in
 * `x-jdcloud-known-values` and has no `enum`; requests keep `enum` (the service refuses other
 * values there). Schemas are followed through `$ref` from every response of every operation.
 */
function OpenAnswerEnums() {
  return {
    Root: {
      enter(root, ctx) {
        const done = new Set();
        const follow = (node, location) => {
          if (node && typeof node === 'object' && typeof node.$ref === 'string') {
            // A relative $ref is resolved against the file that holds it.
            const resolved = ctx.resolve(node, location.source.absoluteRef);
            return { node: resolved.node, location: resolved.location ?? location };
          }
          return { node, location };
        };
        const walkSchema = (raw, at) => {
          const { node, location } = follow(raw, at);
          if (!node || typeof node !== 'object' || !location) return;
          const key = location.absolutePointer;
          if (done.has(key)) return;
          done.add(key);
          if (Array.isArray(node.enum)) {
            ctx.report({
              message: 'An answer field lists its documented values in `x-jdcloud-known-values`, not `enum`: the service may add values.',
              location: location.child('enum'),
            });
          }
          for (const [name, prop] of Object.entries(node.properties ?? {})) walkSchema(prop, location.child(['properties', name]));
          if (node.items) walkSchema(node.items, location.child('items'));
          if (node.additionalProperties && typeof node.additionalProperties === 'object') {
            walkSchema(node.additionalProperties, location.child('additionalProperties'));
          }
          for (const k of COMPOSED) (node[k] ?? []).forEach((part, i) => walkSchema(part, location.child([k, i])));
        };
        const paths = follow(root.paths, ctx.location.child('paths'));
        for (const [path, rawItem] of Object.entries(paths.node ?? {})) {
          const item = follow(rawItem, paths.location.child(path));
          for (const [method, rawOp] of Object.entries(item.node ?? {})) {
            const op = follow(rawOp, item.location.child(method));
            for (const [status, rawResponse] of Object.entries(op.node?.responses ?? {})) {
              const response = follow(rawResponse, op.location.child(['responses', status]));
              for (const [type, media] of Object.entries(response.node?.content ?? {})) {
                if (media?.schema) walkSchema(media.schema, response.location.child(['content', type, 'schema']));
              }
            }
          }
        }
      },
    },
  };
}

const ALWAYS = ['400', '401', '500'];

function SharedErrorResponses() {
  return {
    Operation: {
      enter(op, ctx) {
        const responses = op.responses ?? {};
        for (const code of ALWAYS) {
          if (!responses[code]) {
            ctx.report({ message: `Every operation documents ${code}.`, location: ctx.location.child('responses') });
          }
        }
        for (const [code, response] of Object.entries(responses)) {
          if (!/^[45]/.test(code)) continue;
          const where = ctx.location.child(['responses', code]);
          const ref = response && response.$ref;
          if (typeof ref === 'string') {
            if (!ref.includes('components/responses/')) {
              ctx.report({ message: `Error response ${code} must be a $ref to a shared response in components/responses.`, location: where });
            }
            continue;
          }
          // Inline: the operation's own documented errors, in the shared envelope.
          const media = response?.content?.['application/json'];
          const schemaRef = media?.schema?.$ref;
          if (typeof schemaRef !== 'string' || !schemaRef.endsWith('schemas/ErrorResponse.yaml')) {
            ctx.report({
              message: `Error response ${code} is a $ref to components/responses, or inline with the ErrorResponse schema.`,
              location: where,
            });
            continue;
          }
          const examples = Object.entries(media.examples ?? {});
          if (examples.length === 0) {
            ctx.report({ message: `Inline error response ${code} exists for its examples: give at least one.`, location: where });
          }
          for (const [name, example] of examples) {
            if (example?.value?.error?.code !== Number(code)) {
              ctx.report({ message: `Example \`${name}\` of ${code} carries error.code ${example?.value?.error?.code}.`, location: where });
            }
          }
        }
        if (responses['200'] === undefined) {
          ctx.report({ message: 'Every operation answers 200 on success.', location: ctx.location.child('responses') });
        }
      },
    },
  };
}

const FILTER_MATCH = new Set(['exact', 'fuzzy']);

function IndexedQueryParams() {
  return {
    Parameter: {
      enter(param, ctx) {
        if (!param || param.in !== 'query') return;
        const isArray = param.schema && param.schema.type === 'array';
        const indexed = param['x-jdcloud-encoding'];
        if (isArray && indexed !== 'indexed') {
          ctx.report({
            message: `Query array \`${param.name}\` travels in JD Cloud's indexed form: add \`x-jdcloud-encoding: indexed\`.`,
            location: ctx.location,
          });
        }
        if (indexed !== undefined && (indexed !== 'indexed' || !isArray)) {
          ctx.report({ message: '`x-jdcloud-encoding: indexed` belongs on array query parameters only.', location: ctx.location });
        }
        if (isArray && (param.style !== 'form' || param.explode !== true)) {
          ctx.report({ message: 'Indexed query arrays are declared `style: form, explode: true`.', location: ctx.location });
        }
        if (param.name === 'filters') {
          const keys = param['x-jdcloud-filters'];
          if (!Array.isArray(keys) || keys.length === 0) {
            ctx.report({ message: '`filters` lists its accepted names in `x-jdcloud-filters`.', location: ctx.location });
            return;
          }
          keys.forEach((key, i) => {
            const where = ctx.location.child(['x-jdcloud-filters', i]);
            if (typeof key?.name !== 'string') ctx.report({ message: 'A filter key needs a `name`.', location: where });
            if (!FILTER_MATCH.has(key?.match)) ctx.report({ message: 'A filter key `match` is `exact` or `fuzzy`.', location: where });
            if (typeof key?.multiple !== 'boolean') ctx.report({ message: 'A filter key says whether it takes `multiple` values.', location: where });
            if (!param.description?.includes(`\`${key?.name}\``)) {
              ctx.report({ message: `Filter \`${key?.name}\` is not explained in the parameter description.`, location: where });
            }
          });
        }
      },
    },
  };
}

const OPERATION_EXTENSIONS = new Set([
  'x-summary-zh',
  'x-description-zh',
  'x-jdcloud-preconditions',
  'x-jdcloud-transition',
  'x-jdcloud-pagination',
]);
const PRECONDITION_KEYS = new Set([
  'resource', 'from', 'when', 'where', 'states', 'noTaskInProgress', 'imageSources', 'excludes', 'links', 'partial', 'messages',
]);
const MESSAGE_KEYS = new Set(['notFound', 'task', 'state', 'imageSource']);
const TRANSITION_KEYS = new Set(['resource', 'transitional', 'final', 'saveState']);
const RESOURCES = new Set(['instance', 'image', 'instanceTemplate', 'keypair']);
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The problems of one precondition entry (the main one or one of `also`). */
function preconditionProblems(entry) {
  if (!isObject(entry)) return ['A precondition entry is an object.'];
  const problems = [];
  for (const key of Object.keys(entry)) if (!PRECONDITION_KEYS.has(key)) problems.push(`Unknown precondition key \`${key}\`.`);
  if (!RESOURCES.has(entry.resource)) problems.push('`resource` names the checked resource kind.');
  if (entry.states !== undefined && !(Array.isArray(entry.states) && entry.states.length > 0)) {
    problems.push('`states` is a non-empty list.');
  }
  if (entry.when !== undefined && !(isObject(entry.when) && Object.values(entry.when).every((v) => ['string', 'number', 'boolean'].includes(typeof v)))) {
    problems.push('`when` maps request fields to the values the entry applies to.');
  }
  if (entry.where !== undefined && !(isObject(entry.where) && Object.values(entry.where).every((v) => ['string', 'number', 'boolean'].includes(typeof v)))) {
    problems.push('`where` maps resource fields to the values the entry applies to.');
  }
  if (entry.partial !== undefined && (entry.partial !== true || entry.from === undefined)) {
    problems.push('`partial: true` goes with `from` (a list of ids answered one by one).');
  }
  for (const rule of entry.excludes ?? []) {
    if (typeof rule?.field !== 'string' || !Array.isArray(rule?.values) || typeof rule?.message !== 'string') {
      problems.push('An `excludes` rule names a `field`, its refused `values` and the `message`.');
    }
  }
  for (const link of entry.links ?? []) {
    if (!RESOURCES.has(link?.resource) || typeof link?.message !== 'string') problems.push('A `links` rule names a `resource` kind and the `message`.');
    if ((link?.max === undefined) === (link?.holdsPathResource === undefined)) problems.push('A `links` rule has one of `max` and `holdsPathResource`.');
  }
  if (entry.messages !== undefined) {
    if (!isObject(entry.messages)) problems.push('`messages` is an object.');
    else for (const [key, value] of Object.entries(entry.messages)) {
      if (!MESSAGE_KEYS.has(key) || typeof value !== 'string') problems.push(`\`messages.${key}\` is not one of notFound, task, state, imageSource with a text.`);
    }
  }
  return problems;
}

function KnownExtensions() {
  return {
    Operation: {
      enter(op, ctx) {
        for (const key of Object.keys(op)) {
          if (key.startsWith('x-') && !OPERATION_EXTENSIONS.has(key)) {
            ctx.report({ message: `Unknown operation extension \`${key}\`.`, location: ctx.location.child(key) });
          }
        }
        const pre = op['x-jdcloud-preconditions'];
        if (pre !== undefined) {
          const where = ctx.location.child('x-jdcloud-preconditions');
          const { also, ...main } = isObject(pre) ? pre : {};
          for (const message of isObject(pre) ? preconditionProblems(main) : ['`x-jdcloud-preconditions` is an object.']) {
            ctx.report({ message, location: where });
          }
          if (also !== undefined && !(Array.isArray(also) && also.length > 0)) {
            ctx.report({ message: '`also` is a non-empty list of precondition entries.', location: where });
          }
          (Array.isArray(also) ? also : []).forEach((entry, i) => {
            for (const message of preconditionProblems(entry)) ctx.report({ message, location: where.child(['also', i]) });
          });
        }
        const transition = op['x-jdcloud-transition'];
        if (transition !== undefined) {
          const where = ctx.location.child('x-jdcloud-transition');
          if (typeof transition.transitional !== 'string' || typeof transition.final !== 'string') {
            ctx.report({ message: '`x-jdcloud-transition` names `transitional` and `final` states.', location: where });
          }
          for (const key of Object.keys(transition)) {
            if (!TRANSITION_KEYS.has(key)) ctx.report({ message: `Unknown transition key \`${key}\`.`, location: where });
          }
          if (transition.resource !== undefined && !RESOURCES.has(transition.resource)) {
            ctx.report({ message: '`resource` names the resource kind whose state changes.', location: where });
          }
          if (transition.saveState !== undefined && transition.saveState !== true) {
            ctx.report({ message: '`saveState` is `true` or absent.', location: where });
          }
        }
        const page = op['x-jdcloud-pagination'];
        if (page !== undefined && (typeof page.items !== 'string' || typeof page.total !== 'string')) {
          ctx.report({ message: '`x-jdcloud-pagination` names the `items` and `total` result fields.', location: ctx.location.child('x-jdcloud-pagination') });
        }
      },
    },
  };
}

export default function houseRules() {
  return {
    id: 'jdcloud',
    rules: {
      oas3: {
        'bilingual-twins': BilingualTwins,
        'zh-style': ZhStyle,
        'no-placeholders': NoPlaceholders,
        'described-properties': DescribedProperties,
        'id-patterns': IdPatterns,
        'open-answer-enums': OpenAnswerEnums,
        'shared-error-responses': SharedErrorResponses,
        'indexed-query-params': IndexedQueryParams,
        'known-extensions': KnownExtensions,
      },
    },
  };
}

