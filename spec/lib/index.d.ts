// Declarations of lib/index.js (plain JavaScript, so the lint plugins need no build step). The
// extension types are generated from their JSON Schema: see extensions.d.ts.
import type { Encoding, Filters, KnownValues, Pagination, Preconditions, Transition } from './extensions.js';

export type * from './extensions.js';
export { EXTENSIONS, extensionSchema } from './extensions.js';

/** A `$ref` and whatever sits beside it. */
export interface Reference {
  $ref: string;
  [key: string]: unknown;
}

export interface SchemaObject {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, SchemaObject | Reference>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject | Reference;
  items?: SchemaObject | Reference;
  allOf?: Array<SchemaObject | Reference>;
  oneOf?: Array<SchemaObject | Reference>;
  anyOf?: Array<SchemaObject | Reference>;
  enum?: unknown[];
  default?: unknown;
  example?: unknown;
  nullable?: boolean;
  'x-jdcloud-known-values'?: KnownValues;
  [key: string]: unknown;
}

export interface ExampleObject {
  summary?: string;
  value?: unknown;
  [key: string]: unknown;
}

export interface MediaTypeObject {
  schema?: SchemaObject | Reference;
  example?: unknown;
  examples?: Record<string, ExampleObject | Reference>;
  [key: string]: unknown;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: SchemaObject | Reference;
  style?: string;
  explode?: boolean;
  example?: unknown;
  'x-jdcloud-encoding'?: Encoding;
  'x-jdcloud-filters'?: Filters;
  [key: string]: unknown;
}

export interface RequestBodyObject {
  required?: boolean;
  description?: string;
  content?: Record<string, MediaTypeObject>;
  [key: string]: unknown;
}

export interface ResponseObject {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, MediaTypeObject>;
  [key: string]: unknown;
}

export interface OperationObject {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Array<ParameterObject | Reference>;
  requestBody?: RequestBodyObject | Reference;
  responses?: Record<string, ResponseObject | Reference>;
  'x-jdcloud-preconditions'?: Preconditions;
  'x-jdcloud-transition'?: Transition;
  'x-jdcloud-pagination'?: Pagination;
  [key: string]: unknown;
}

export interface PathItemObject {
  parameters?: Array<ParameterObject | Reference>;
  get?: OperationObject;
  put?: OperationObject;
  post?: OperationObject;
  delete?: OperationObject;
  options?: OperationObject;
  head?: OperationObject;
  patch?: OperationObject;
  trace?: OperationObject;
  [key: string]: unknown;
}

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  servers?: Array<{ url: string; [key: string]: unknown }>;
  paths: Record<string, PathItemObject>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** One operation of a document, where it is and what it is. */
export interface OperationEntry {
  operationId: string;
  /** Upper case: `GET`, `POST`. */
  method: string;
  /** The path template, without the server's base path (`/regions/{regionId}/instances`). */
  path: string;
  operation: OperationObject & { operationId: string };
  pathItem: PathItemObject;
}

/** An operation of JD Cloud's API overview (fixtures/seed-operations.json). */
export interface SeedOperation {
  operationId: string;
  method: string;
  path: string;
  group: string;
}

/** The spec package's folder (spec/). */
export const specRoot: string;
/** spec/dist/openapi.json, the committed bundle. */
export const bundleFile: string;
export function loadBundle(file?: string): OpenApiDocument;
export function loadFixture<T = unknown>(name: string): T;
export function seedOperations(): SeedOperation[];

export const HTTP_METHODS: readonly HttpMethod[];
export function listOperations(doc: OpenApiDocument): OperationEntry[];
/** The resolved parameters of an operation, the operation's overriding the path item's. */
export function operationParameters(doc: OpenApiDocument, entry: Pick<OperationEntry, 'operation' | 'pathItem'>): ParameterObject[];
/**
 * The JSON pointer of the schema of an operation's JSON answer with `status` (through a response
 * `$ref`), or undefined when the document declares no JSON answer for that status.
 */
export function responseSchemaPointer(doc: OpenApiDocument, entry: Pick<OperationEntry, 'operation' | 'path' | 'method'>, status: number | string): string | undefined;
/** The base path of the first server (`/v1`), `''` without a server. */
export function serverBasePath(doc: OpenApiDocument): string;

export function pointerTokens(pointer: string): string[];
export function escapePointerToken(key: string | number): string;
export function jsonPointer(...keys: Array<string | number>): string;
/** The node a local JSON pointer names; throws when it names nothing. */
export function resolvePointer<T = unknown>(doc: object, pointer: string): T;
/** Follows `$ref`s to a node that is not one; throws on an unresolvable reference or a loop. */
export function resolveRef<T = Record<string, unknown>>(doc: object, node: unknown): T;
/**
 * Every `$ref` replaced by its target (shared objects); references that close a cycle stay and
 * are listed in `circular`. With `root` (a part of `doc`), that part only.
 */
export function inlineRefs<T extends object>(doc: T): { document: T; circular: string[] };
export function inlineRefs<R>(doc: object, root: R): { document: R; circular: string[] };
/** The properties a schema declares, through `$ref` and `allOf`. */
export function schemaProperties(doc: object, schema: unknown): Record<string, SchemaObject | Reference>;
/** The property names a schema requires, through `$ref` and `allOf`. */
export function schemaRequired(doc: object, schema: unknown): string[];
/** The schema (`$ref` followed) and, depth first, every schema its `allOf` parts reach. */
export function allOfParts(doc: object, schema: unknown): SchemaObject[];

/** Where a committed file and a fresh one first differ: `line N: committed "…" / fresh "…"`; undefined when equal. */
export function firstDifference(committed: string, fresh: string): string | undefined;
