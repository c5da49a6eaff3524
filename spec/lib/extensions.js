// The `x-jdcloud-*` vendor extensions of the document, as one JSON Schema: the single source of
// their shape. lib/extensions.d.ts (the TypeScript types every reader uses) is generated from it
// (`pnpm --filter @jdcloud-vm/spec extension-types`, checked by test/extension-types.test.ts); the
// lint rule `jdcloud/known-extensions` and test/extensions.test.ts validate every occurrence in the
// document against it. To add a field or an extension: change it here, then regenerate.

const text = (description) => ({ type: 'string', minLength: 1, description });
const names = (description) => ({ type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, description });

/** The fields of one precondition entry (the main one and each of `also`). */
function preconditionEntryProperties() {
  return {
    resource: { $ref: '#/$defs/ResourceKind', description: 'The kind of resource checked.' },
    from: text(
      'Where the ids come from when they are not the path\'s: a body (or query) field holding one id or a list of ids, e.g. `sourceImageIds` of copyImages. Absent = the path parameter.',
    ),
    when: {
      $ref: '#/$defs/FieldValues',
      description: 'Applies only when the request\'s fields have these values (defaults filled in), e.g. `{balance: true}`; absent = always.',
    },
    where: {
      $ref: '#/$defs/FieldValues',
      description: 'Applies only to resources whose fields (dotted paths) have these values, e.g. `{systemDisk.diskCategory: local}`; absent = to every one.',
    },
    states: names('The states the resource must be in.'),
    noTaskInProgress: { type: 'boolean', description: 'A running task on the resource blocks the call.' },
    imageSources: names('Which image sources may be changed (image operations).'),
    excludes: { type: 'array', minItems: 1, items: { $ref: '#/$defs/ExcludedValues' }, description: 'Field values that refuse the resource.' },
    links: { type: 'array', minItems: 1, items: { $ref: '#/$defs/LinkRule' }, description: 'Rules on the resources it holds.' },
    partial: {
      type: 'boolean',
      const: true,
      description:
        'Each id of `from` is answered on its own: those that break a rule are refused, the others go on; the call fails with the first refusal only when every id is refused (an unknown id is still 404 for the whole call).',
    },
    messages: { $ref: '#/$defs/PreconditionMessages' },
  };
}

const definitions = {
  ResourceKind: {
    description: 'A kind of resource whose state the stub keeps and checks.',
    type: 'string',
    enum: ['instance', 'image', 'instanceTemplate', 'keypair'],
  },
  PreconditionMessages: {
    description:
      'Messages a precondition entry declares where the pages word an error otherwise than the generic text. Placeholders: `{id}` the resource\'s id, `{label}` its kind\'s label, `{state}` its state, `{states}` the accepted states, `{task}` the task in progress.',
    type: 'object',
    additionalProperties: false,
    properties: {
      notFound: text('404 NOT_FOUND when the resource does not exist.'),
      task: text('A task in progress blocks the call.'),
      state: text('The resource is not in one of `states`.'),
      imageSource: text('The image is not of one of `imageSources`.'),
    },
  },
  Scalar: {
    description: 'A string, number or boolean value.',
    anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
  },
  FieldValues: {
    description: 'Fields (dotted paths) and the values they must have.',
    type: 'object',
    minProperties: 1,
    additionalProperties: { $ref: '#/$defs/Scalar' },
  },
  ExcludedValues: {
    description: 'A refusal by the value of a resource\'s field, e.g. Windows instances for attachKeypair.',
    type: 'object',
    additionalProperties: false,
    required: ['field', 'values', 'message'],
    properties: {
      field: text('The record\'s field (dotted path for a nested one).'),
      values: { type: 'array', minItems: 1, items: { $ref: '#/$defs/Scalar' }, description: 'The values refused.' },
      message: text('The error message (FAILED_PRECONDITION).'),
    },
  },
  LinkLimit: {
    description: 'The checked resource holds at most `max` resources of another kind (an instance\'s key pairs) and the call adds one; only those that still exist count.',
    type: 'object',
    additionalProperties: false,
    required: ['resource', 'max', 'message'],
    properties: {
      resource: { $ref: '#/$defs/ResourceKind', description: 'The kind held.' },
      max: { type: 'integer', minimum: 1, description: 'Holding this many already is refused.' },
      message: text('The error message (FAILED_PRECONDITION); placeholders as in PreconditionMessages.'),
    },
  },
  LinkHold: {
    description: 'The checked resource must hold the resource of another kind that the path names (detach what is attached).',
    type: 'object',
    additionalProperties: false,
    required: ['resource', 'holdsPathResource', 'message'],
    properties: {
      resource: { $ref: '#/$defs/ResourceKind', description: 'The kind held.' },
      holdsPathResource: { type: 'boolean', const: true, description: 'Always `true`: the rule is that it holds it.' },
      message: text('The error message (FAILED_PRECONDITION); placeholders as in PreconditionMessages.'),
    },
  },
  LinkRule: {
    description: 'A rule on the resources of another kind the checked resource holds.',
    oneOf: [{ $ref: '#/$defs/LinkLimit' }, { $ref: '#/$defs/LinkHold' }],
  },
  PreconditionEntry: {
    description: 'One resource the preconditions check, and what it must satisfy.',
    type: 'object',
    additionalProperties: false,
    required: ['resource'],
    dependencies: { partial: ['from'] },
    properties: preconditionEntryProperties(),
  },
  Preconditions: {
    description:
      '`x-jdcloud-preconditions` on an operation: the main entry, and under `also` the further resources (the instances of a body list) or further rules (a state that one request value needs), checked in order after it.',
    type: 'object',
    additionalProperties: false,
    required: ['resource'],
    dependencies: { partial: ['from'] },
    properties: {
      ...preconditionEntryProperties(),
      also: { type: 'array', minItems: 1, items: { $ref: '#/$defs/PreconditionEntry' }, description: 'Further entries, checked in order after the main one.' },
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
      final: text(
        'The state it ends in; `deleted` means the resource is gone afterwards; `previous` the state an earlier `saveState` transition saved (then forgotten), or else the state the resource was in when this one began.',
      ),
      saveState: { type: 'boolean', const: true, description: 'Save the state the resource is in as this transition begins, for a later `final: previous`.' },
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
