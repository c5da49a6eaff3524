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

/** `x-jdcloud-preconditions` on an operation. */
export interface PreconditionsExtension {
  /** Resource kind checked: `instance`, `image`, `instanceTemplate`, `keypair`. */
  resource: string;
  /**
   * Where the ids come from when they are not the path's: a body (or query) field holding one id
   * or a list of ids, e.g. `sourceImageIds` of copyImages. Absent = the path parameter.
   */
  from?: string;
  /** States the resource must be in. */
  states?: string[];
  /** A running task on the resource blocks the call. */
  noTaskInProgress?: boolean;
  /** Which image sources may be changed (image operations). */
  imageSources?: string[];
}

/** `x-jdcloud-transition` on an operation. */
export interface TransitionExtension {
  /** Resource kind whose state changes, when it is not the preconditions' resource (createImage: a new image). */
  resource?: string;
  transitional: string;
  final: string;
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
