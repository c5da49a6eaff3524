// The generic precondition and transition steps (domain/preconditions.ts, domain/transitions.ts) on
// two toy resource kinds (named instance and keypair, as the extension schema allows only those),
// without HTTP: every rule an x-jdcloud-preconditions entry can declare, `also` and `when`,
// `partial` lists, declared messages, and `final: previous` through a restart.
import { describe, expect, it } from 'vitest';
import { ApiError, HandlerRegistry, ManualClock, SpecIndex, StateStore, createLogger } from '../src/index.js';
import { enforcePreconditions, fillMessage, partialOutcome } from '../src/domain/preconditions.js';
import { startTransition } from '../src/domain/transitions.js';
import type { HandlerContext, ResourceKind } from '../src/domain/types.js';
import type { PreconditionsExtension, TransitionExtension } from '../src/spec/types.js';

const REGION = 'cn-north-1';
const WIDGET: ResourceKind = {
  name: 'instance',
  collection: 'instance',
  idParam: 'widgetId',
  label: 'Widget',
  links: { keypair: (record) => (Array.isArray(record.gadgets) ? record.gadgets.map(String) : []) },
};
const GADGET: ResourceKind = { name: 'keypair', collection: 'keypair', idParam: 'gadgetName', label: 'Gadget' };
const spec = new SpecIndex({ openapi: '3.0.3', info: {}, paths: {} });

function world() {
  const clock = new ManualClock();
  const store = new StateStore({ clock, transitionMs: 100 });
  const scope = store.scope('acct', REGION);
  const widgets = scope.collectionNamed('instance');
  widgets.insert('w-run', { status: 'running', os: { family: 'linux' }, gadgets: [] });
  widgets.insert('w-stop', { status: 'stopped', os: { family: 'linux' }, gadgets: ['g-1'] });
  widgets.insert('w-win', { status: 'stopped', os: { family: 'windows' }, gadgets: [] });
  widgets.insert('w-old', { status: 'stopped', os: { family: 'linux' }, gadgets: ['g-gone'] });
  scope.collectionNamed('keypair').insert('g-1', { name: 'g-1' });
  scope.collectionNamed('keypair').insert('g-2', { name: 'g-2' });
  return { clock, store, scope };
}

function context(
  store: StateStore,
  clock: ManualClock,
  options: { pre?: PreconditionsExtension; transition?: TransitionExtension; path?: Record<string, string>; body?: Record<string, unknown> },
): HandlerContext {
  const operation = {
    operationId: 'operateWidget',
    method: 'POST',
    path: '/regions/{regionId}/widgets/{widgetId}:operate',
    fullPath: '/v1/regions/{regionId}/widgets/{widgetId}:operate',
    parameters: [],
    indexedQuery: [],
    raw: {},
    ...(options.pre ? { preconditions: options.pre } : {}),
    ...(options.transition ? { transition: options.transition } : {}),
  };
  return {
    operationId: operation.operationId,
    operation,
    spec,
    account: 'acct',
    region: REGION,
    params: { path: { regionId: REGION, ...options.path }, query: {}, body: options.body ?? {} },
    store: store.scope('acct', REGION),
    state: store,
    clock,
    requestId: 'r'.repeat(32),
    log: createLogger('silent'),
    kinds: new Map([
      ['instance', WIDGET],
      ['keypair', GADGET],
    ]),
    checked: [],
  };
}

function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('x-jdcloud-preconditions', () => {
  it('the path resource: 404, task, state, with the generic texts or the declared ones', () => {
    const { store, clock, scope } = world();
    const pre: PreconditionsExtension = { resource: 'instance', states: ['stopped'], noTaskInProgress: true };
    const at = (widgetId: string, ext = pre) => context(store, clock, { pre: ext, path: { widgetId } });

    expect(refusal(() => enforcePreconditions(at('w-none')))).toMatchObject({ httpStatus: 404, status: 'NOT_FOUND', message: "Widget 'w-none' not found." });
    expect(refusal(() => enforcePreconditions(at('w-run'))).message).toBe("Widget 'w-run' status must be stopped, but it is running.");
    scope.tasks.begin('instance', 'w-stop', 'polishWidget');
    expect(refusal(() => enforcePreconditions(at('w-stop'))).message).toBe(
      "Widget 'w-stop' has a task in progress (polishWidget); try again when it has finished.",
    );
    const declared: PreconditionsExtension = {
      ...pre,
      messages: { notFound: "No widget '{id}'", state: 'Invalid widget status {state} (wants {states})', task: 'Busy with {task}' },
    };
    expect(refusal(() => enforcePreconditions(at('w-none', declared))).message).toBe("No widget 'w-none'");
    expect(refusal(() => enforcePreconditions(at('w-run', declared))).message).toBe('Invalid widget status running (wants stopped)');
    expect(refusal(() => enforcePreconditions(at('w-stop', declared))).message).toBe('Busy with polishWidget');

    const ctx = at('w-win');
    expect(enforcePreconditions(ctx).map((c) => c.id)).toEqual(['w-win']);
    expect(ctx.resource?.id).toBe('w-win');
  });

  it('`excludes` refuses a field value (dotted path) with its message, before the state', () => {
    const { store, clock } = world();
    const pre: PreconditionsExtension = {
      resource: 'instance',
      states: ['running'],
      excludes: [{ field: 'os.family', values: ['windows'], message: 'No {label} on Windows: {id}' }],
    };
    const at = (widgetId: string) => context(store, clock, { pre, path: { widgetId } });
    expect(refusal(() => enforcePreconditions(at('w-win')))).toMatchObject({ status: 'FAILED_PRECONDITION', message: 'No Widget on Windows: w-win' });
    expect(refusal(() => enforcePreconditions(at('w-stop'))).message).toMatch(/status must be running/);
    expect(enforcePreconditions(at('w-run'))).toHaveLength(1);
  });

  it('`imageSources` with the generic text or the declared one', () => {
    const { store, clock, scope } = world();
    scope.collectionNamed('instance').patch('w-run', { imageSource: 'public' });
    const pre: PreconditionsExtension = { resource: 'instance', imageSources: ['private'] };
    const run = (ext: PreconditionsExtension) => enforcePreconditions(context(store, clock, { pre: ext, path: { widgetId: 'w-run' } }));
    expect(refusal(() => run(pre)).message).toBe("Widget 'w-run' is a public image; only private images allow operateWidget.");
    expect(refusal(() => run({ ...pre, messages: { imageSource: "Can't use {id}" } })).message).toBe("Can't use w-run");
  });

  // The gadget from the path, the widgets of a body list: attachKeypair's shape.
  const attach: PreconditionsExtension = {
    resource: 'keypair',
    also: [
      {
        resource: 'instance',
        from: 'widgetIds',
        partial: true,
        states: ['stopped'],
        links: [{ resource: 'keypair', max: 1, message: 'Widget {id} already holds a gadget' }],
      },
    ],
  };

  it('`partial`: refused ids are answered apart; all refused = the first error; an unknown id is 404 for all', () => {
    const { store, clock } = world();
    const run = (widgetIds: string[], gadgetName = 'g-2') => {
      const ctx = context(store, clock, { pre: attach, path: { gadgetName }, body: { widgetIds } });
      enforcePreconditions(ctx);
      return ctx;
    };
    const mixed = run(['w-run', 'w-win', 'w-stop', 'w-win']);
    expect(partialOutcome(mixed, 'instance')).toEqual({ passed: ['w-win'], refused: ['w-run', 'w-stop'] });
    expect(mixed.resource?.id).toBe('g-2');
    expect(mixed.refused?.map((r) => r.error.message)).toEqual([
      "Widget 'w-run' status must be stopped, but it is running.",
      'Widget w-stop already holds a gadget',
    ]);
    expect(refusal(() => run(['w-stop', 'w-run'])).message).toBe('Widget w-stop already holds a gadget');
    // An unknown id, even after refused ones, and an unknown path gadget: 404.
    expect(refusal(() => run(['w-run', 'w-none'])).httpStatus).toBe(404);
    expect(refusal(() => run(['w-win'], 'g-none')).message).toBe("Gadget 'g-none' not found.");
    // A linked gadget that no longer exists does not count.
    expect(partialOutcome(run(['w-old']), 'instance').passed).toEqual(['w-old']);
    expect(partialOutcome(run([]), 'instance')).toEqual({ passed: [], refused: [] });
  });

  it('`holdsPathResource`: the widget must hold the gadget of the path', () => {
    const { store, clock } = world();
    const detach: PreconditionsExtension = {
      resource: 'keypair',
      also: [{ resource: 'instance', from: 'widgetIds', links: [{ resource: 'keypair', holdsPathResource: true, message: '{id} lacks it' }] }],
    };
    const run = (gadgetName: string) =>
      enforcePreconditions(context(store, clock, { pre: detach, path: { gadgetName }, body: { widgetIds: ['w-stop'] } }));
    expect(run('g-1').map((c) => c.id)).toEqual(['g-1', 'w-stop']);
    expect(refusal(() => run('g-2')).message).toBe('w-stop lacks it');
  });

  it('`when`: an entry applies only to requests with those values', () => {
    const { store, clock } = world();
    const pre: PreconditionsExtension = {
      resource: 'instance',
      states: ['running', 'stopped'],
      also: [{ resource: 'instance', when: { force: true }, states: ['stopped'], messages: { state: 'Forcing needs stopped, not {state}' } }],
    };
    const run = (body: Record<string, unknown>) => enforcePreconditions(context(store, clock, { pre, path: { widgetId: 'w-run' }, body }));
    expect(run({ force: false })).toHaveLength(1);
    expect(run({})).toHaveLength(1);
    expect(refusal(() => run({ force: true })).message).toBe('Forcing needs stopped, not running');
  });

  it('`where`: an entry applies only to resources with those field values', () => {
    const { store, clock } = world();
    const pre: PreconditionsExtension = {
      resource: 'instance',
      also: [{ resource: 'instance', where: { 'os.family': 'windows' }, states: ['running'] }],
    };
    const run = (widgetId: string) => enforcePreconditions(context(store, clock, { pre, path: { widgetId } }));
    expect(run('w-stop')).toHaveLength(2);
    expect(refusal(() => run('w-win')).message).toBe("Widget 'w-win' status must be running, but it is stopped.");
  });

  it('fillMessage leaves unknown placeholders as written', () => {
    expect(fillMessage('{label} {id} {nope}', { id: 'x', label: 'L' })).toBe('L x {nope}');
  });
});

describe('the registry against the extensions', () => {
  it('names each kind an entry or a links rule needs that no module registers, and a missing links function', () => {
    const operation = (pre: PreconditionsExtension) => ({
      post: { operationId: 'operateWidget', 'x-jdcloud-preconditions': pre, responses: {} },
    });
    const doc = (pre: PreconditionsExtension) => new SpecIndex({ openapi: '3.0.3', info: {}, paths: { '/widgets/{widgetId}:operate': operation(pre) } });
    const registry = new HandlerRegistry([{ name: 'toys', resources: [WIDGET, GADGET], handlers: { operateWidget: () => undefined } }]);
    expect(registry.problems(doc({ resource: 'instance', also: [{ resource: 'keypair', from: 'ids' }] }))).toEqual([]);
    expect(registry.problems(doc({ resource: 'instance', also: [{ resource: 'image', from: 'ids' }] }))).toEqual([
      "operateWidget names resource kind 'image', which no domain module registers",
    ]);
    expect(registry.problems(doc({ resource: 'keypair', links: [{ resource: 'instance', max: 1, message: 'm' }] }))).toEqual([
      "operateWidget: kind 'keypair' lists no 'instance' links for its links rule",
    ]);
  });
});

describe('x-jdcloud-transition with `final: previous`', () => {
  const redeploy: TransitionExtension = { resource: 'instance', transitional: 'moving', final: 'previous' };
  const suspend: TransitionExtension = { resource: 'instance', transitional: 'pausing', final: 'paused', saveState: true };
  const resume: TransitionExtension = { resource: 'instance', transitional: 'waking', final: 'previous' };
  const status = (store: StateStore, id: string) => store.scope('acct', REGION).collectionNamed('instance').peek(id)?.status;

  it('without a saved state it returns to the state it started from', () => {
    const { store, clock } = world();
    for (const id of ['w-run', 'w-stop']) startTransition(context(store, clock, { transition: redeploy }), id);
    expect([status(store, 'w-run'), status(store, 'w-stop')]).toEqual(['moving', 'moving']);
    clock.advance(100);
    store.settle();
    expect([status(store, 'w-run'), status(store, 'w-stop')]).toEqual(['running', 'stopped']);
  });

  it('returns to what a `saveState` transition saved, across a restart from the state file, and forgets it', () => {
    const { store, clock } = world();
    startTransition(context(store, clock, { transition: suspend }), 'w-run');
    clock.advance(100);
    store.settle();
    expect(status(store, 'w-run')).toBe('paused');

    // A restart: a new store loads what the state file holds (its JSON).
    const restarted = new StateStore({ clock, transitionMs: 100 });
    restarted.load(JSON.parse(JSON.stringify(store.toJSON())));
    const saved = restarted.scope('acct', REGION).collectionNamed('instance').peek('w-run');
    expect(saved).toMatchObject({ status: 'paused', _saved_status: 'running' });

    startTransition(context(restarted, clock, { transition: resume }), 'w-run');
    expect(status(restarted, 'w-run')).toBe('waking');
    expect(restarted.scope('acct', REGION).collectionNamed('instance').peek('w-run')).not.toHaveProperty('_saved_status');
    // The resolved final state is part of the pending transition, so it survives a restart too.
    const again = new StateStore({ clock, transitionMs: 100 });
    again.load(JSON.parse(JSON.stringify(restarted.toJSON())));
    clock.advance(100);
    again.settle();
    expect(status(again, 'w-run')).toBe('running');
  });
});
