// Wakes up when the next transition or timed task falls due and settles the store, so state
// moves (and the state file follows) even when no request arrives. Requests settle the store
// themselves first, so correctness never depends on this timer; it only keeps the file current.
import type { StateStore } from './store.js';

/** How early a timer may fire by the wall clock and still be waited out. */
const EARLY_FIRE_MS = 20;

export class TransitionScheduler {
  private timer: NodeJS.Timeout | undefined;
  private timerDue: number | undefined;
  private readonly unsubscribe: () => void;
  private stopped = false;

  constructor(private readonly store: StateStore) {
    this.unsubscribe = store.onChange(() => this.arm());
    this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    const due = this.store.nextDueAt();
    if (due === undefined) return;
    if (this.timer && this.timerDue !== undefined && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, due - this.store.clock.now());
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDue = undefined;
      const settled = this.store.settle();
      // Timers run on a monotonic clock, Date.now() on the wall clock: the timer can fire a
      // millisecond or two before `due`, and then nothing has settled yet: arm again for the rest.
      // With a hand-moved clock nothing may be due for long: wait for the next change instead.
      const early = due - this.store.clock.now();
      if (settled > 0 || early <= EARLY_FIRE_MS) this.arm();
    }, delay);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
