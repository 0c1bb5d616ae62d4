/**
 * The phase durations of one trigger, which become the progress `durationMs` map (Spark's
 * `reportTimeTaken`): each phase is timed with the trigger clock, a negative span counts as 0, and
 * a phase timed more than once in a trigger adds up. Keys are Spark's (`latestOffset`, `getBatch`,
 * `queryPlanning`, `walCommit`, `addBatch`, `commitOffsets`, `triggerExecution`…).
 *
 *     durations.time("walCommit", () => offsetLog.add(…));   // durationMs {"walCommit": 3}
 */
import type { Clock } from "../../common/clock.js";

/** Phase durations (ms) of the current trigger. */
export class TriggerDurations {
  private readonly ms = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** Adds `durationMs` to phase `key`. */
  add(key: string, durationMs: number): void {
    this.ms.set(key, (this.ms.get(key) ?? 0) + durationMs);
  }

  /** Runs `body`, adding the time it took (at least 0 ms) to `key`, even if it throws. */
  time<T>(key: string, body: () => T): T {
    const start = this.clock.nowMillis();
    try {
      return body();
    } finally {
      this.add(key, Math.max(this.clock.nowMillis() - start, 0));
    }
  }

  /** Awaits `body`, adding the time until it settles (at least 0 ms) to `key`. */
  async timeAsync<T>(key: string, body: () => Promise<T>): Promise<T> {
    const start = this.clock.nowMillis();
    try {
      return await body();
    } finally {
      this.add(key, Math.max(this.clock.nowMillis() - start, 0));
    }
  }

  /** The duration of phase `key`, or undefined if it was not timed in this trigger. */
  get(key: string): number | undefined {
    return this.ms.get(key);
  }

  /** Forgets all phases (at the start of a trigger). */
  clear(): void {
    this.ms.clear();
  }

  /** A snapshot of the phases, for `StreamingQueryProgress.durationMs`. */
  toMap(): Map<string, number> {
    return new Map(this.ms);
  }
}
