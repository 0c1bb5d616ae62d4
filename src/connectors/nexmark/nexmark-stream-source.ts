/**
 * The `nexmark` streaming source: the Nexmark benchmark's event stream (persons, auctions, bids)
 * from NexmarkGenerator, in nexmark-flink's single-table shape (NEXMARK_SCHEMA).
 *
 * Offsets are event counts written as a JSON number (`"0"`, `"50000"`): the batch (start, end]
 * holds event numbers start … end−1, generated on demand from the options alone, so a re-run or a
 * restarted query sees exactly the same events. How far `latestOffset` goes:
 *
 *     available = events.num (or unbounded)
 *                 ∧ with rate.limited: the events whose event time is due by now, pacing
 *                   first-event.rate events per second of wall time from this run's first trigger
 *                 ∧ after prepareForTriggerAvailableNow: what was available at the run's first trigger
 *     end = min(available, start + read limit)     read limit: maxEventsPerTrigger, else all
 *     an unbounded stream without limit admits DEFAULT_EVENTS_PER_TRIGGER per trigger
 *
 * Rows of a batch are split into `numPartitions` contiguous runs (partition p holds the p-th run,
 * Spark's slicing), each yielded in chunks of DEFAULT_BATCH_SIZE rows tagged with its partition.
 */
import { TsparkError } from "../../common/errors.js";
import { DEFAULT_BATCH_SIZE, type RecordBatch, sliceBounds } from "../../data/record-batch.js";
import type { ReadLimit, SourceOffset, StreamSource } from "../api/stream-source.js";
import type { StreamOptionsInput, StreamSourceContext } from "../stream-option.js";
import { NexmarkGenerator } from "./nexmark-generator.js";
import { NEXMARK_SCHEMA } from "./nexmark-schema.js";
import { type NexmarkOptions, parseNexmarkOptions } from "./options.js";

/** Events admitted per trigger by an unbounded, unpaced stream without maxEventsPerTrigger. */
export const DEFAULT_EVENTS_PER_TRIGGER = 100_000;

/** Reads an offset (a JSON number of events); anything else is INTERNAL_ERROR. */
export function parseNexmarkOffset(offset: SourceOffset): number {
  const t = offset.trim();
  const n = /^[0-9]+$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw new TsparkError("INTERNAL_ERROR", {
      messageParameters: {
        message: `The nexmark source cannot read the offset ${offset}: expected a number of events.`,
      },
    });
  return n;
}

/** The `nexmark` source of one query run (see the file comment). */
export class NexmarkStreamSource implements StreamSource {
  readonly schema = NEXMARK_SCHEMA;
  readonly description: string;
  readonly generator: NexmarkGenerator;
  /** Pacing origin: wall time (ms) at which event number `paceFromEvent` was due. */
  private paceWallMs: number | undefined;
  private paceFromEventMs = 0;
  private availableNow = false;
  private availableNowEnd: number | undefined;

  /** `format("nexmark")` with `options`: validates them, then builds the source. */
  static fromOptions(options: StreamOptionsInput, context: StreamSourceContext): NexmarkStreamSource {
    return new NexmarkStreamSource(parseNexmarkOptions(options, context.defaultParallelism), context);
  }

  constructor(
    readonly options: NexmarkOptions,
    private readonly context: Pick<StreamSourceContext, "clock">,
  ) {
    this.generator = new NexmarkGenerator(options);
    const o = options;
    this.description =
      `NexmarkSource[events.num=${o.maxEvents ?? 0}, first-event.rate=${o.firstEventRate}, ` +
      `rate.limited=${o.rateLimited}, seed=${o.seed}, numPartitions=${o.numPartitions}]`;
  }

  /** maxEventsPerTrigger when set, else all. */
  defaultReadLimit(): ReadLimit {
    const max = this.options.maxEventsPerTrigger;
    return max === undefined ? { kind: "all" } : { kind: "maxRows", maxRows: max };
  }

  /** Trigger.AvailableNow: the end available at this run's first trigger is final. */
  prepareForTriggerAvailableNow(): void {
    this.availableNow = true;
    this.availableNowEnd = undefined;
  }

  async latestOffset(start: SourceOffset | undefined, limit: ReadLimit): Promise<SourceOffset> {
    const from = start === undefined ? 0 : parseNexmarkOffset(start);
    let available = this.options.maxEvents ?? Number.POSITIVE_INFINITY;
    if (this.options.rateLimited) available = Math.min(available, this.dueEvents(from));
    if (this.availableNow) {
      if (this.availableNowEnd === undefined) {
        const perTrigger = this.options.maxEventsPerTrigger ?? DEFAULT_EVENTS_PER_TRIGGER;
        this.availableNowEnd = Number.isFinite(available) ? available : from + perTrigger;
      }
      available = Math.min(available, this.availableNowEnd);
    }
    let end = available;
    if (limit.kind === "maxRows") end = Math.min(end, from + limit.maxRows);
    if (!Number.isFinite(end)) end = from + DEFAULT_EVENTS_PER_TRIGGER;
    return String(Math.max(end, from));
  }

  /**
   * With rate.limited: the number of events due now. Event n is due at
   * `paceWall + timestamp(n) − timestamp(first event of this run)`; the run's first call fixes
   * paceWall to now, so a restarted query resumes pacing where it left off.
   */
  private dueEvents(from: number): number {
    const now = this.context.clock.nowMillis();
    const g = this.generator;
    if (this.paceWallMs === undefined) {
      this.paceWallMs = now;
      this.paceFromEventMs = g.timestampMs(from);
    }
    const dueUntil = this.paceFromEventMs + (now - this.paceWallMs) - this.options.baseTimeMs;
    // First guess from the rate, then exact against the generator's own timestamps.
    let n = Math.max(0, Math.floor(((dueUntil + 1) * this.options.firstEventRate) / 1000));
    while (g.timestampMs(n) - this.options.baseTimeMs <= dueUntil) n++;
    while (n > 0 && g.timestampMs(n - 1) - this.options.baseTimeMs > dueUntil) n--;
    return n;
  }

  async *getBatch(
    start: SourceOffset | undefined,
    end: SourceOffset,
    signal?: AbortSignal,
  ): AsyncIterable<RecordBatch> {
    const from = start === undefined ? 0 : parseNexmarkOffset(start);
    const to = parseNexmarkOffset(end);
    if (from > to)
      throw new TsparkError("INTERNAL_ERROR", {
        messageParameters: { message: `The nexmark source got start ${from} > end ${to}.` },
      });
    const max = this.options.maxEvents;
    if (max !== undefined && to > max)
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message: `The nexmark source cannot read up to event ${to}: events.num is ${max}. Was the checkpoint written with other options?`,
        },
      });
    const slices = sliceBounds(to - from, this.options.numPartitions);
    for (const [p, [lo, hi]] of slices.entries()) {
      for (let s = from + lo; s < from + hi; s += DEFAULT_BATCH_SIZE) {
        signal?.throwIfAborted();
        yield this.generator.generate(s, Math.min(from + hi, s + DEFAULT_BATCH_SIZE), p);
      }
    }
  }

  /** Nothing to discard: events are computed, not buffered. */
  async commit(_end: SourceOffset): Promise<void> {}

  async stop(): Promise<void> {}
}
