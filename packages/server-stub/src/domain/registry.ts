// operationId → handler, and resource-kind name → kind, assembled from domain modules.
import type { SpecIndex } from '../spec/index.js';
import type { StateStore } from '../state/store.js';
import { preconditionEntries } from './preconditions.js';
import type { DomainModule, Handler, HandlerDefinition, ResourceKind } from './types.js';

export class HandlerRegistry {
  private readonly handlers = new Map<string, HandlerDefinition & { module: string }>();
  readonly kinds = new Map<string, ResourceKind>();

  constructor(modules: readonly DomainModule<object>[] = []) {
    for (const module of modules) this.add(module);
  }

  add(module: DomainModule<object>): this {
    for (const kind of module.resources ?? []) {
      if (this.kinds.has(kind.name)) throw new Error(`Resource kind ${kind.name} is registered twice (module ${module.name})`);
      this.kinds.set(kind.name, kind);
    }
    // A typed module's handler takes the context of its own operation; dispatch calls it only for
    // that operationId, so widening it to the common signature here is sound.
    for (const [operationId, handler] of Object.entries(module.handlers) as [string, Handler | HandlerDefinition][]) {
      const existing = this.handlers.get(operationId);
      if (existing) {
        throw new Error(`Operation ${operationId} has two handlers (modules ${existing.module} and ${module.name})`);
      }
      const definition: HandlerDefinition = typeof handler === 'function' ? { handle: handler } : handler;
      this.handlers.set(operationId, { ...definition, module: module.name });
    }
    return this;
  }

  handler(operationId: string): HandlerDefinition | undefined {
    return this.handlers.get(operationId);
  }

  operationIds(): string[] {
    return [...this.handlers.keys()];
  }

  /** Operations of the document that have no handler yet (they answer 500 INTERNAL). */
  unimplemented(spec: SpecIndex): string[] {
    return [...spec.operations.keys()].filter((id) => !this.handlers.has(id)).sort();
  }

  /** Problems between the document and the registered modules (logged at start). */
  problems(spec: SpecIndex): string[] {
    const out: string[] = [];
    for (const op of spec.operations.values()) {
      if (!this.handlers.has(op.operationId)) continue;
      const entries = op.preconditions ? preconditionEntries(op.preconditions) : [];
      const names = [...entries.flatMap((e) => [e.resource, ...(e.links ?? []).map((l) => l.resource)]), op.transition?.resource];
      for (const name of new Set(names)) {
        if (name !== undefined && !this.kinds.has(name)) {
          out.push(`${op.operationId} names resource kind '${name}', which no domain module registers`);
        }
      }
      for (const entry of entries) {
        for (const link of entry.links ?? []) {
          if (this.kinds.has(entry.resource) && !this.kinds.get(entry.resource)?.links?.[link.resource]) {
            out.push(`${op.operationId}: kind '${entry.resource}' lists no '${link.resource}' links for its links rule`);
          }
        }
      }
    }
    return out;
  }

  /** Wires transition completion (removal on the removed state, kind hooks) into the store. */
  install(store: StateStore): void {
    for (const kind of this.kinds.values()) {
      const removed = kind.removedState ?? 'deleted';
      store.setTransitionHook(kind.collection, (scope, id, transition) => {
        kind.onTransitionComplete?.(scope, id, transition);
        if (transition.final === removed) scope.collectionNamed(kind.collection).remove(id);
      });
    }
  }
}
