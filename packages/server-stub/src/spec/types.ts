// What the stub makes of the bundled OpenAPI document: its index of parameters and operations,
// with the vendor extensions that drive it (spec/README.md, "Vendor extensions").

// The document's types and the extension types are @jdcloud-vm/spec's (the extensions' JSON Schema
// and the types generated from it: spec/lib/extensions.js); the stub keeps its own names for them.
import type {
  ExcludedValues,
  FilterDefinition,
  LinkRule,
  OpenApiDocument,
  Pagination,
  PreconditionEntry,
  PreconditionMessages,
  Preconditions,
  Transition,
} from '@jdcloud-vm/spec';

export type { ExcludedValues, FilterDefinition, LinkRule, OpenApiDocument, PreconditionEntry, PreconditionMessages };
/** `x-jdcloud-preconditions` on an operation. */
export type PreconditionsExtension = Preconditions;
/** `x-jdcloud-transition` on an operation. */
export type TransitionExtension = Transition;
/** `x-jdcloud-pagination` on a paged describe operation. */
export type PaginationExtension = Pagination;

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
