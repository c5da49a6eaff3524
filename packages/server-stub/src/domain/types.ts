// The contract between the HTTP plumbing and the emulator's domain. A domain module (keypairs,
// instances, images, templates, quotas, ...) registers resource kinds and one handler per
// operationId; it never sees express, the validator or the signature.
import type { Logger } from '../log.js';
import type { SpecIndex } from '../spec/index.js';
import type { OperationSpec } from '../spec/types.js';
import type { Clock } from '../state/clock.js';
import type { PendingTransition, RegionScope, ResourceRecord, StateStore } from '../state/store.js';

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
  store: RegionScope;
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
  /** Runs when a transition of this kind completes (after the final state is set). */
  onTransitionComplete?: (scope: RegionScope, id: string, transition: PendingTransition) => void;
}

export interface DomainModule {
  /** For logs and the registry's conflict messages. */
  name: string;
  resources?: ResourceKind[];
  /** operationId → handler. */
  handlers: Record<string, Handler | HandlerDefinition>;
}
