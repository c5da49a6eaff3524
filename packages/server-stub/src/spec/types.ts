// Shapes of the bundled OpenAPI document that the stub reads, and of the vendor extensions that
// drive it (spec/README.md, "Vendor extensions").

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  servers?: Array<{ url: string; [key: string]: unknown }>;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * Messages a precondition entry declares where the pages word an error otherwise than the generic
 * text. Placeholders: `{id}` the resource's id, `{label}` its kind's label, `{state}` its state,
 * `{states}` the accepted states, `{task}` the task in progress.
 */
export interface PreconditionMessages {
  /** 404 NOT_FOUND when the resource does not exist. */
  notFound?: string;
  /** A task in progress blocks the call. */
  task?: string;
  /** The resource is not in one of `states`. */
  state?: string;
  /** The image is not of one of `imageSources`. */
  imageSource?: string;
}

/** A refusal by the value of a resource's field, e.g. Windows instances for attachKeypair. */
export interface ExcludedValues {
  /** The record's field (dotted path for a nested one). */
  field: string;
  /** Values refused. */
  values: Array<string | number | boolean>;
  /** The error message (FAILED_PRECONDITION). */
  message: string;
}

/**
 * A rule on the resources of another kind the checked resource holds (an instance's key pairs);
 * only those that still exist count.
 */
export interface LinkRule {
  /** The kind held. */
  resource: string;
  /** It holds at most this many and the call adds one: holding `max` already is refused. */
  max?: number;
  /** It must hold the resource of that kind which the path names. */
  holdsPathResource?: boolean;
  /** The error message (FAILED_PRECONDITION); placeholders as in PreconditionMessages. */
  message: string;
}

/** One resource the preconditions check, and what it must satisfy. */
export interface PreconditionEntry {
  /** Resource kind checked: `instance`, `image`, `instanceTemplate`, `keypair`. */
  resource: string;
  /**
   * Where the ids come from when they are not the path's: a body (or query) field holding one id
   * or a list of ids, e.g. `sourceImageIds` of copyImages. Absent = the path parameter.
   */
  from?: string;
  /**
   * Applies only when the request's fields have these values (defaults filled in), e.g.
   * `{balance: true}`; absent = always.
   */
  when?: Record<string, string | number | boolean>;
  /**
   * Applies only to resources whose fields (dotted paths) have these values, e.g.
   * `{systemDisk.diskCategory: local}`; absent = to every one.
   */
  where?: Record<string, string | number | boolean>;
  /** States the resource must be in. */
  states?: string[];
  /** A running task on the resource blocks the call. */
  noTaskInProgress?: boolean;
  /** Which image sources may be changed (image operations). */
  imageSources?: string[];
  /** Field values that refuse the resource. */
  excludes?: ExcludedValues[];
  /** Rules on the resources it holds. */
  links?: LinkRule[];
  /**
   * Each id of `from` is answered on its own: those that break a rule are refused, the others go
   * on; the call fails with the first refusal only when every id is refused. (An unknown id is
   * still 404 for the whole call.)
   */
  partial?: boolean;
  messages?: PreconditionMessages;
}

/**
 * `x-jdcloud-preconditions` on an operation: the main entry, and under `also` the further
 * resources (the instances of a body list) or further rules (a state that one request value
 * needs), checked in order after it.
 */
export interface PreconditionsExtension extends PreconditionEntry {
  also?: PreconditionEntry[];
}

/** `x-jdcloud-transition` on an operation. */
export interface TransitionExtension {
  /** Resource kind whose state changes, when it is not the preconditions' resource (createImage: a new image). */
  resource?: string;
  transitional: string;
  /**
   * The state it ends in. `previous`: the state an earlier `saveState` transition saved (which
   * is then forgotten), or else the state the resource was in when this one began.
   */
  final: string;
  /** Save the state the resource is in as this transition begins, for a later `final: previous`. */
  saveState?: boolean;
}

/** `x-jdcloud-pagination` on a paged describe operation. */
export interface PaginationExtension {
  /** Result field holding the page. */
  items: string;
  /** Result field holding the total count. */
  total: string;
}

/** One entry of `x-jdcloud-filters` on the `filters` parameter. */
export interface FilterDefinition {
  name: string;
  /** Result field compared when it differs from `name` (dotted paths reach into nested objects/arrays). */
  field?: string;
  match: 'exact' | 'fuzzy';
  multiple: boolean;
}

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** The parameter schema with `$ref`s at its top level resolved. */
  schema: Record<string, unknown>;
  /** `x-jdcloud-encoding: indexed` */
  indexed: boolean;
  /** `x-jdcloud-filters`, when present. */
  filters?: FilterDefinition[];
  raw: Record<string, unknown>;
}

export interface OperationSpec {
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  /** Path template as written in the document, without the base path (`/regions/{regionId}/...`). */
  path: string;
  /** Path template including the server base path (`/v1/regions/{regionId}/...`). */
  fullPath: string;
  parameters: ParameterSpec[];
  /** Names of the query parameters that use the JD Cloud indexed encoding. */
  indexedQuery: string[];
  preconditions?: PreconditionsExtension;
  transition?: TransitionExtension;
  pagination?: PaginationExtension;
  /** The accepted filters of the operation's `filters` parameter, if it has one. */
  filters?: FilterDefinition[];
  /** The Operation Object itself. */
  raw: Record<string, unknown>;
}
