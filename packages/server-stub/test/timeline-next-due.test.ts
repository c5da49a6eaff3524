// The timeline keeps the earliest due time of its transitions and timed tasks instead of scanning
// them all on every change and every request (quadratic with thousands of instances in
// transition). These cases are the ways that time can move: an addition lowers it, a removal (a
// settled transition, an ended or replaced task, a dropped transition, a load) makes it be read
// again, and a settle with nothing due changes nothing.
import { describe, expect, it } from 'vitest';
import { ManualClock, StateStore } from '../src/index.js';
import { SubnetAddresses } from '../src/domain/instance/network.js';

function fixture() {
  const clock = new ManualClock();
  const store = new StateStore({ clock, transitionMs: 100 });
  const scope = store.scope('acct', 'cn-north-1');
  const vms = scope.collectionNamed<{ status: string }>('vm');
  for (const id of ['i-1', 'i-2', 'i-3']) vms.insert(id, { status: 'running' });
  const stop = (id: string, durationMs: number) =>
    scope.transitions.start('vm', id, { transitional: 'stopping', final: 'stopped', task: 'stopInstance', durationMs });
  return { clock, store, scope, vms, stop };
}

describe('timeline: the next due time', () => {
  it('is nothing when nothing is pending, and the earliest of what was added', () => {
    const { clock, store, stop } = fixture();
    expect(store.nextDueAt()).toBeUndefined();
    stop('i-1', 300);
    expect(store.nextDueAt()).toBe(clock.now() + 300);
    stop('i-2', 100);
    expect(store.nextDueAt()).toBe(clock.now() + 100);
    stop('i-3', 200);
    expect(store.nextDueAt()).toBe(clock.now() + 100);
  });

  it('moves on when the earliest settles, and a settle before anything is due changes nothing', () => {
    const { clock, store, vms, stop } = fixture();
    const start = clock.now();
    stop('i-1', 300);
    stop('i-2', 100);
    clock.advance(50);
    expect(store.settle()).toBe(0);
    expect(vms.peek('i-2')?.status).toBe('stopping');
    clock.advance(50);
    expect(store.settle()).toBe(1);
    expect(vms.peek('i-2')?.status).toBe('stopped');
    expect(store.nextDueAt()).toBe(start + 300);
    clock.advance(200);
    expect(store.settle()).toBe(1);
    expect(store.nextDueAt()).toBeUndefined();
  });

  it('a restarted transition replaces its due time rather than keeping the earlier one', () => {
    const { clock, store, stop } = fixture();
    stop('i-1', 100);
    stop('i-1', 500);
    expect(store.nextDueAt()).toBe(clock.now() + 500);
  });

  it('timed tasks count; an ended task or a dropped transition is forgotten', () => {
    const { clock, store, scope, stop } = fixture();
    scope.tasks.begin('vm', 'i-1', 'rebuildInstance', { durationMs: 40 });
    stop('i-2', 100);
    expect(store.nextDueAt()).toBe(clock.now() + 40);
    scope.tasks.end('vm', 'i-1');
    expect(store.nextDueAt()).toBe(clock.now() + 100);
    store.dropTransition('acct', 'cn-north-1', 'vm', 'i-2');
    expect(store.nextDueAt()).toBeUndefined();
  });

  it('a load reads it again from what was loaded', () => {
    const { clock, store, stop } = fixture();
    stop('i-1', 100);
    const saved = store.toJSON();
    store.clear();
    expect(store.nextDueAt()).toBeUndefined();
    store.load(saved);
    expect(store.nextDueAt()).toBe(clock.now() + 100);
  });
});

describe('timeline: the next due time after a settle', () => {
  it('is the earliest of what is left, so the next settle before it changes nothing', () => {
    const { clock, store, vms, stop } = fixture();
    const start = clock.now();
    stop('i-1', 100);
    stop('i-2', 300);
    clock.advance(150);
    expect(store.settle()).toBe(1);
    expect(store.nextDueAt()).toBe(start + 300);
    clock.advance(100);
    expect(store.settle()).toBe(0);
    expect(vms.peek('i-2')?.status).toBe('stopping');
    clock.advance(50);
    expect(store.settle()).toBeGreaterThan(0);
    expect(vms.peek('i-2')?.status).toBe('stopped');
    expect(store.nextDueAt()).toBeUndefined();
  });

  it('counts a transition a completion hook starts, and forgets one a hook drops', () => {
    const { clock, store, scope, vms, stop } = fixture();
    const start = clock.now();
    store.setTransitionHook('vm', (region, id) => {
      if (id === 'i-1') region.transitions.start('vm', 'i-3', { transitional: 'stopping', final: 'stopped', task: 'stopInstance', durationMs: 40 });
      if (id === 'i-2') store.timeline.drop(region.account, region.region, 'vm', 'i-3');
    });
    stop('i-1', 100);
    clock.advance(100);
    store.settle();
    expect(vms.peek('i-3')?.status).toBe('stopping');
    expect(store.nextDueAt()).toBe(start + 140);
    stop('i-2', 10);
    clock.advance(10);
    store.settle();
    expect(scope.transitions.pending('vm', 'i-3')).toBeUndefined();
    expect(store.nextDueAt()).toBeUndefined();
  });
});

describe('subnet addresses', () => {
  it('hands out the lowest free address, skips taken ones, and goes back to a released one', () => {
    const probe = new SubnetAddresses('subnet-a', new Set());
    const first = probe.allocate();
    const prefix = first?.split('.').slice(0, 3).join('.');
    expect(first).toBe(`${prefix}.4`);
    const pool = new SubnetAddresses('subnet-a', new Set([`${prefix}.5`]));
    expect([pool.allocate(), pool.allocate(), pool.allocate()]).toEqual([`${prefix}.4`, `${prefix}.6`, `${prefix}.7`]);
    pool.release(`${prefix}.4`);
    expect(pool.has(`${prefix}.4`)).toBe(false);
    expect(pool.allocate()).toBe(`${prefix}.4`);
    expect(pool.allocate()).toBe(`${prefix}.8`);
  });

  it('skips the .0 and .255 of every block', () => {
    const probe = new SubnetAddresses('subnet-b', new Set());
    const prefix = probe.allocate()?.split('.').slice(0, 2).join('.');
    const taken = new Set<string>();
    for (let fourth = 4; fourth < 255; fourth += 1) taken.add(`${prefix}.0.${fourth}`);
    const pool = new SubnetAddresses('subnet-b', taken);
    expect(pool.allocate()).toBe(`${prefix}.1.1`);
  });
});
