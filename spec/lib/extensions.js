// The `x-jdcloud-*` vendor extensions of the document, as one JSON Schema: the single source of
// their shape. lib/extensions.d.ts (the TypeScript types every reader uses) is generated from it
// (`pnpm --filter @jdcloud-vm/spec extension-types`, checked by test/extension-types.test.ts); the
// lint rule `jdcloud/known-extensions` and test/extensions.test.ts validate every occurrence in the
// document against it. To add a field or an extension: change it here, then regenerate.

const text = (description) => ({ type: 'string', minLength: 1, description });
const names = (description) => ({ type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, description });

const definitions = {
  ResourceKind: {
    description: 'A kind of resource whose state the stub keeps and checks.',
    type: 'string',
    enum: ['instance', 'image', 'instanceTemplate', 'keypair'],
  },
  Preconditions: {
    description: '`x-jdcloud-preconditions` on an operation: the resource it checks and the state that resource must be in.',
    type: 'object',
    additionalProperties: false,
    required: ['resource'],
    properties: {
      resource: { $ref: '#/$defs/ResourceKind', description: 'The kind of resource checked.' },
      from: text(
        'Where the ids come from when they are not the path\'s: a body (or query) field holding one id or a list of ids, e.g. `sourceImageIds` of copyImages. Absent = the path parameter.',
      ),
      states: names('The states the resource must be in.'),
      noTaskInProgress: { type: 'boolean', description: 'A running task on the resource blocks the call.' },
      imageSources: names('Which image sources may be changed (image operations).'),
    },
  },
  Transition: {
    description: '`x-jdcloud-transition` on an operation: the state its resource shows while the call runs, and the one it ends in.',
    type: 'object',
    additionalProperties: false,
    required: ['transitional', 'final'],
    properties: {
      resource: {
        $ref: '#/$defs/ResourceKind',
        description: 'The kind of resource whose state changes, when it is not the preconditions\' resource (createImage: a new image).',
      },
      transitional: text('The state while the call is in progress.'),
      final: text('The state it ends in; `deleted` means the resource is gone afterwards.'),
    },
  },
  Pagination: {
    description: '`x-jdcloud-pagination` on a paged describe operation: the result fields of the page and of the total.',
    type: 'object',
    additionalProperties: false,
    required: ['items', 'total'],
    properties: {
      items: text('The result field holding the page.'),
      total: text('The result field holding the total count.'),
    },
  },
  FilterDefinition: {
    description: 'One accepted filter of an operation\'s `filters` parameter.',
    type: 'object',
    additionalProperties: false,
    required: ['name', 'match', 'multiple'],
    properties: {
      name: text('The filter name the caller sends.'),
      field: text(
        'The result field compared when it differs from `name`, as a dotted path (`ag.id`); a path through an array (`state.az`) matches when any element matches.',
      ),
      match: { type: 'string', enum: ['exact', 'fuzzy'], description: 'Whole-value or substring comparison.' },
      multiple: { type: 'boolean', description: 'Whether the filter takes several values.' },
    },
  },
  Filters: {
    description: '`x-jdcloud-filters` on the `filters` parameter: the filter names it accepts.',
    type: 'array',
    minItems: 1,
    items: { $ref: '#/$defs/FilterDefinition' },
  },
  Encoding: {
    description: '`x-jdcloud-encoding` on an array query parameter: sent as 1-based indexed keys (`ids.1=a&ids.2=b`).',
    type: 'string',
    enum: ['indexed'],
  },
  KnownValues: {
    description:
      '`x-jdcloud-known-values` on an answer schema: the documented values of an open enumeration (the service may return others).',
    type: 'array',
    minItems: 1,
    items: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
  },
};

/**
 * Each extension: the definition of its value and the kind of node it may sit on (Redocly's node
 * type names: the lint rule visits those).
 */
export const EXTENSIONS = {
  'x-jdcloud-preconditions': { definition: 'Preconditions', on: 'Operation' },
  'x-jdcloud-transition': { definition: 'Transition', on: 'Operation' },
  'x-jdcloud-pagination': { definition: 'Pagination', on: 'Operation' },
  'x-jdcloud-filters': { definition: 'Filters', on: 'Parameter' },
  'x-jdcloud-encoding': { definition: 'Encoding', on: 'Parameter' },
  'x-jdcloud-known-values': { definition: 'KnownValues', on: 'Schema' },
};

/** The JSON Schema of the extensions: an object of every extension a node may carry, with `$defs`. */
export const extensionSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:jdcloud-vm:spec:extensions',
  title: 'JdcloudExtensions',
  description: 'The `x-jdcloud-*` vendor extensions a node of the document may carry.',
  type: 'object',
  properties: Object.fromEntries(
    Object.entries(EXTENSIONS).map(([name, { definition }]) => [name, { $ref: `#/$defs/${definition}` }]),
  ),
  $defs: definitions,
};
