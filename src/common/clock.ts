/**
 * Clock: the only source of wall time in tspark. Engine code asks an injected Clock; tests use
 * `ManualClock` to make time deterministic.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  nowMillis(): number;
  /** Microseconds since the epoch. */
  nowMicros(): number;
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
  constructor(private millis = 0) {}
  nowMillis(): number {
    return this.millis;
  }
  nowMicros(): number {
    return this.millis * 1000;
  }
  advance(ms: number): void {
    this.millis += ms;
  }
  setTime(ms: number): void {
    this.millis = ms;
  }
}
