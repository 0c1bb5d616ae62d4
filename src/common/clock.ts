/**
 * Clock: the only source of wall time in tspark. Engine code asks an injected Clock; tests use
 * `ManualClock` to make time deterministic.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  nowMillis(): number;
  /** Microseconds since the epoch. */
  nowMicros(): number;
  /**
   * Resolves once the clock reads at least `millis` (processing-time triggers wait with it), or
   * when `signal` aborts. Clocks without it are waited for with a real timer.
   */
  waitTill?(millis: number, signal?: AbortSignal): Promise<void>;
}

/** Waits until `clock` reads at least `millis` (or `signal` aborts). */
export function waitTill(clock: Clock, millis: number, signal?: AbortSignal): Promise<void> {
  if (clock.waitTill) return clock.waitTill(millis, signal);
  return sleep(Math.max(0, millis - clock.nowMillis()), signal);
}

/** A real-time pause of `ms` milliseconds that ends early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** The real clock. */
export class SystemClock implements Clock {
  nowMillis(): number {
    return Date.now();
  }
  nowMicros(): number {
    return Math.round((performance.timeOrigin + performance.now()) * 1000);
  }
}

/** A clock that only moves when told to (tests, `testStream`). */
export class ManualClock implements Clock {
  private waiters: { readonly at: number; readonly wake: () => void }[] = [];
  constructor(private millis = 0) {}
  nowMillis(): number {
    return this.millis;
  }
  nowMicros(): number {
    return this.millis * 1000;
  }
  advance(ms: number): void {
    this.setTime(this.millis + ms);
  }
  setTime(ms: number): void {
    this.millis = ms;
    const due = this.waiters.filter((w) => w.at <= ms);
    this.waiters = this.waiters.filter((w) => w.at > ms);
    for (const w of due) w.wake();
  }
  /** Resolves when the clock is advanced to `millis` or beyond (or `signal` aborts). */
  waitTill(millis: number, signal?: AbortSignal): Promise<void> {
    if (this.millis >= millis || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        at: millis,
        wake: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve();
      };
      this.waiters.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
  /** Whether something waits on this clock for time `millis` (Spark's `isStreamWaitingAt`). */
  isWaitingAt(millis: number): boolean {
    return this.waiters.some((w) => w.at === millis);
  }
  /** Whether something waits on this clock. */
  get hasWaiters(): boolean {
    return this.waiters.length > 0;
  }
}
