/**
 * The `rate-micro-batch` streaming source (Spark's RatePerMicroBatchStream): every micro-batch
 * holds exactly `rowsPerBatch` rows whatever the trigger timing. Batch i holds values
 * `[i·rowsPerBatch, (i+1)·rowsPerBatch)`, all with the timestamp
 * `startTimestamp + i·advanceMillisPerBatch` (the timestamp of the batch's start offset).
 *
 * Offsets are Spark's JSON, e.g. for rowsPerBatch 10, startTimestamp 1000, advance 50:
 *
 *     {"offset":10,"timestamp":1050}
 *
 * The read limit is ignored, as in Spark (even `all` admits one batch's worth); with
 * `prepareForTriggerAvailableNow()` the first computed end offset is the last one.
 */
import { TsparkError } from "../../common/errors.js";
import { DEFAULT_BATCH_SIZE, type RecordBatch } from "../../data/record-batch.js";
import { MAX_LONG, normLong } from "../../data/values.js";
import type { ReadLimit, SourceOffset, StreamSource } from "../api/stream-source.js";
import type { StreamOptionsInput, StreamSourceContext } from "../stream-option.js";
import { parseRatePerMicroBatchOptions, type RatePerMicroBatchOptions } from "./options.js";
import { RATE_SCHEMA } from "./rate-stream-source.js";

/** A decoded `rate-micro-batch` offset. */
export interface RatePerMicroBatchOffset {
  readonly offset: bigint;
  readonly timestamp: bigint;
}

/** The offset's JSON text as Spark writes it (`{"offset":N,"timestamp":T}`). */
export function ratePerMicroBatchOffsetJson(o: RatePerMicroBatchOffset): SourceOffset {
  return `{"offset":${o.offset},"timestamp":${o.timestamp}}`;
}

/** Reads an offset JSON text (fields in any order); anything else is INTERNAL_ERROR. */
export function parseRatePerMicroBatchOffset(text: SourceOffset): RatePerMicroBatchOffset {
  const field = (name: string): bigint | undefined => {
    const m = new RegExp(`"${name}"\\s*:\\s*(-?[0-9]+)`).exec(text);
    return m === null ? undefined : BigInt(m[1] as string);
  };
  const offset = field("offset");
  const timestamp = field("timestamp");
  if (offset === undefined || timestamp === undefined || !/^\s*\{[\s\S]*\}\s*$/.test(text))
    throw new TsparkError("INTERNAL_ERROR", {
      messageParameters: {
        message: `The rate-micro-batch source cannot read the offset ${text}: expected {"offset":N,"timestamp":T}.`,
      },
    });
  return { offset, timestamp };
}

/** The `rate-micro-batch` source of one query. */
export class RatePerMicroBatchSource implements StreamSource {
  readonly schema = RATE_SCHEMA;
  readonly description: string;
  private availableNow = false;
  private availableNowEnd: SourceOffset | undefined;

  /** `format("rate-micro-batch")` with `options`: validates them, then builds the source. */
  static fromOptions(options: StreamOptionsInput, context: StreamSourceContext): RatePerMicroBatchSource {
    return new RatePerMicroBatchSource(parseRatePerMicroBatchOptions(options, context.defaultParallelism));
  }

  constructor(readonly options: RatePerMicroBatchOptions) {
    const { rowsPerBatch, numPartitions, startTimestamp, advanceMillisPerBatch } = options;
    this.description = `RatePerMicroBatchStream[rowsPerBatch=${rowsPerBatch}, numPartitions=${numPartitions}, startTimestamp=${startTimestamp}, advanceMsPerBatch=${advanceMillisPerBatch}]`;
  }

  /** The offset before batch 0. */
  initialOffset(): RatePerMicroBatchOffset {
    return { offset: 0n, timestamp: this.options.startTimestamp };
  }

  /** Spark's default read limit for this source: one batch of rows. */
  defaultReadLimit(): ReadLimit {
    return { kind: "maxRows", maxRows: Number(this.options.rowsPerBatch) };
  }

  /** Trigger.AvailableNow: the end offset computed next is final for this run. */
  prepareForTriggerAvailableNow(): void {
    this.availableNow = true;
  }

  /** One batch past `start`; never undefined; wall time plays no part. */
  async latestOffset(start: SourceOffset | undefined, _limit: ReadLimit): Promise<SourceOffset> {
    if (this.availableNow && this.availableNowEnd !== undefined) return this.availableNowEnd;
    const s = start === undefined ? this.initialOffset() : parseRatePerMicroBatchOffset(start);
    // Saturates at Long.MaxValue as Spark's Math.min does (a bigint has no Math.min).
    const room = MAX_LONG - s.offset;
    const end = ratePerMicroBatchOffsetJson({
      offset: this.options.rowsPerBatch > room ? MAX_LONG : s.offset + this.options.rowsPerBatch,
      timestamp: s.timestamp + BigInt(this.options.advanceMillisPerBatch),
    });
    if (this.availableNow) this.availableNowEnd = end;
    return end;
  }

  async *getBatch(
    start: SourceOffset | undefined,
    end: SourceOffset,
    signal?: AbortSignal,
  ): AsyncIterable<RecordBatch> {
    const s = start === undefined ? this.initialOffset() : parseRatePerMicroBatchOffset(start);
    const e = parseRatePerMicroBatchOffset(end);
    if (s.offset > e.offset || s.timestamp > e.timestamp)
      throw new TsparkError("INTERNAL_ERROR", {
        messageParameters: { message: `The rate-micro-batch batch (${start}, ${end}] runs backwards.` },
      });
    const count = Number(e.offset - s.offset);
    const micros = Number(s.timestamp) * 1000;
    // Plain numbers while every value is a safe integer; bigints beyond.
    const safe = e.offset <= BigInt(Number.MAX_SAFE_INTEGER);
    const base = Number(s.offset);
    const n = this.options.numPartitions;
    for (let p = 0; p < n; p++) {
      let k = p;
      while (k < count) {
        signal?.throwIfAborted();
        const ts: unknown[] = [];
        const values: unknown[] = [];
        for (let i = 0; i < DEFAULT_BATCH_SIZE && k < count; i++, k += n) {
          ts.push(micros);
          values.push(safe ? base + k : normLong(s.offset + BigInt(k)));
        }
        yield { numRows: values.length, columns: [ts, values], partitionId: p };
      }
    }
  }

  async commit(_end: SourceOffset): Promise<void> {}

  async stop(): Promise<void> {}
}
