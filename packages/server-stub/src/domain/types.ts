// The contract between the HTTP plumbing and the emulator's domain. A domain module (keypairs,
// instances, images, templates, quotas, ...) registers resource kinds and one handler per
// operationId; it never sees express, the validator or the signature.
import type { VmOperationId, operations } from '@jdcloud-vm/client';
import type { ApiError } from '../http/errors.js';
import type { Logger } from '../log.js';
import type { SpecIndex } from '../spec/index.js';
import type { OperationSpec } from '../spec/types.js';
import type { Clock } from '../state/clock.js';
import type { ResourceRecord } from '../state/collection.js';
import type { RegionState } from '../state/region.js';
import type { StateStore } from '../state/store.js';
import type { PendingTransition } from '../state/timeline.js';

export interface HandlerParams {
  /** Path parameters, decoded (`regionId`, `instanceId`, ...). */
  path: Record<string, string>;
  /**
   * Query parameters after validation: indexed lists rebuilt (`filters`, `tags`, `ids`), types
   * coerced (`pageSize` is a number) and the document's defaults filled in.
   */
  query: Record<string, unknown>;
  /** The validated JSON body (`{}` when the operation takes none or none was sent). */
  body: Record<string, unknown>;
  /**
   * The JSON body as the client sent it once names are matched and nulls dropped, before the
   * document's defaults were filled in (`{}` when none): what a PATCH (updateInstanceTemplate)
   * really asked to change.
   */
  sentBody?: Record<string, unknown>;
}

/** A resource the precondition step found and checked. */
export interface CheckedResource {
  kind: ResourceKind;
  id: string;
  /** Read-only: from the precondition step, the stored record itself (frozen); change it with `update`. */
  record: Readonly<ResourceRecord>;
}

/** A resource a `partial` precondition entry refused, with the error it would have answered. */
export interface RefusedResource {
  kind: ResourceKind;
  id: string;
  error: ApiError;
}

export interface HandlerContext {
  operationId: string;
  /** The operation as the document describes it, vendor extensions included. */
  operation: OperationSpec;
  spec: SpecIndex;
  /** The caller's account: its user PIN (the access key id for `--access-key`), or `default` in open mode. */
  account: string;
  /**
   * The PIN of every account the stub knows (`default` included in open mode); image sharing
   * refuses unknown PINs. Absent when a context is built outside the app.
   */
  accounts?: readonly string[];
  /** `regionId` of the path. */
  region: string;
  params: HandlerParams;
  /** The caller's resources in this region. */
  store: RegionState;
  /** The whole store: other accounts (image sharing) and other regions. Use with care. */
  state: StateStore;
  clock: Clock;
  requestId: string;
  log: Logger;
  /** Registered resource kinds, by name. */
  kinds: ReadonlyMap<string, ResourceKind>;
  /**
   * The path resource checked by `x-jdcloud-preconditions` (when the operation has them and the
   * ids come from the path); `checked` lists every resource checked (several with `from`).
   */
  resource?: CheckedResource;
  checked: CheckedResource[];
  /** The resources a `partial` precondition entry refused (the others are in `checked`). */
  refused?: RefusedResource[];
}

/** What a handler returns: the `result` object, or undefined for operations without a result. */
export type HandlerResult = Record<string, unknown> | undefined | void;

export type Handler = (ctx: HandlerContext) => HandlerResult | Promise<HandlerResult>;

export interface HandlerDefinition {
  handle: Handler;
  /** Run `x-jdcloud-preconditions` before the handler (default true). */
  autoPreconditions?: boolean;
  /**
   * Apply `x-jdcloud-transition` to the checked path resource after the handler succeeds (default
   * true; only when the transition is about that resource).
   */
  autoTransition?: boolean;
}

export interface ResourceKind {
  /** Name used by the vendor extensions: `instance`, `image`, `instanceTemplate`, `keypair`. */
  name: string;
  /** Store collection holding it (usually the same as `name`). */
  collection: string;
  /** Path parameter that names it (`instanceId`). */
  idParam: string;
  /** How messages name it (`Instance` → "Instance 'i-x' not found"). */
  label: string;
  /** Field holding its state (default `status`). */
  stateField?: string;
  /** Field holding an image's source, checked by `imageSources` (default `imageSource`). */
  sourceField?: string;
  /** Error class for "a task is in progress" (default FAILED_PRECONDITION). */
  taskInProgressStatus?: 'FAILED_PRECONDITION' | 'CONFLICT';
  /** A transition whose final state is this removes the resource (default `deleted`). */
  removedState?: string;
  /**
   * Looks a resource up for the precondition step (default: this account's collection). Images
   * override it to see public and shared images too.
   */
  find?: (ctx: HandlerContext, id: string) => ResourceRecord | undefined;
  /**
   * The resources of other kinds a record holds, by kind name (an instance's key pairs), for the
   * `links` rules of x-jdcloud-preconditions; ids of removed ones may be listed. `ctx` for a kind
   * whose links are kept on the other side.
   */
  links?: Readonly<Record<string, (record: Readonly<ResourceRecord>, ctx: HandlerContext) => readonly string[]>>;
  /** Runs when a transition of this kind completes (after the final state is set). */
  onTransitionComplete?: (scope: RegionState, id: string, transition: PendingTransition) => void;
}

/**
 * The context of any operation whose path names `P` (helpers several handlers share: the path's
 * instance, the path's image); every OperationContext of such an operation is one.
 */
export type ContextWithPath<P extends string> = HandlerContext & { params: { path: Record<P, string> } };

/** The context of any operation whose body has (at least) the fields of `B`. */
export type ContextWithBody<B extends object> = HandlerContext & { params: { body: B } };

/** operationId → handler, without the document's types (tests that register ad-hoc modules). */
export type UntypedHandlers = Record<string, Handler | HandlerDefinition>;

export interface DomainModule<H extends object = UntypedHandlers> {
  /** For logs and the registry's conflict messages. */
  name: string;
  resources?: ResourceKind[];
  /** operationId → handler. */
  handlers: H;
}

// ---------------------------------------------------------------------------------------------
// Handlers typed from the document. The client's generated `operations` (openapi-typescript) is the
// document's own description of every operation: its path, query and body parameters and the
// `result` of its 200 envelope. A handler of the stub's table takes exactly those and returns
// exactly that, so a misspelled operationId, a missing handler or a result that drifts from the
// document fails the build (test/handler-table.types.ts proves each).

/** Every operationId of the document. */
export type OperationId = VmOperationId;

type Operation<K extends OperationId> = operations[K];
type JsonBodyOf<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Defined<T, Fallback> = [T] extends [never] ? Fallback : [T] extends [undefined] ? Fallback : Exclude<T, undefined>;

/** The validated path, query and body of operation K, as the document types them. */
export type OperationParams<K extends OperationId> = Omit<HandlerParams, 'path' | 'query' | 'body'> & {
  path: Defined<Operation<K>['parameters']['path'], Record<string, never>>;
  query: Defined<Operation<K>['parameters']['query'], Record<string, never>>;
  body: Defined<JsonBodyOf<NonNullable<Operation<K>['requestBody']>>, Record<string, never>>;
};

type Envelope<K extends OperationId> = JsonBodyOf<Operation<K>['responses'][200]>;
type ResultOf<E> = E extends { result?: infer R } ? R : undefined;

/**
 * What the handler of K returns: the `result` of its 200 envelope. Operations whose result is
 * empty (`EmptyResultEnvelope`) return nothing.
 */
export type OperationResult<K extends OperationId> =
  Exclude<ResultOf<Envelope<K>>, undefined> extends Record<string, never>
    ? undefined | void
    : Exclude<ResultOf<Envelope<K>>, undefined>;

export type OperationContext<K extends OperationId> = Omit<HandlerContext, 'operationId' | 'params'> & {
  operationId: K;
  params: OperationParams<K>;
};

export type OperationHandler<K extends OperationId> = (
  ctx: OperationContext<K>,
) => OperationResult<K> | Promise<OperationResult<K>>;

export interface OperationHandlerDefinition<K extends OperationId> extends Omit<HandlerDefinition, 'handle'> {
  handle: OperationHandler<K>;
}

/** The stub's whole table: one handler per operation of the document, none other. */
export type HandlerTable = { [K in OperationId]: OperationHandler<K> | OperationHandlerDefinition<K> };

/** A domain module's share of the table; `satisfies` it so misspelled ids and wrong results fail. */
export type HandlerShare = Partial<HandlerTable>;
