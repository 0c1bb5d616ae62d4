/**
 * The `rate` streaming source (Spark's RateStreamMicroBatchStream): rows `(timestamp, value)` with
 * values 0, 1, 2… generated at `rowsPerSecond` of wall time, ramping up linearly over
 * `rampUpTime`.
 *
 * Offsets are Spark's: the whole seconds elapsed since the source was created, written as a JSON
 * number (`"0"`, `"5"`). The rows of (start, end] are a pure function of the two offsets, the
 * options and the creation time, so a restarted query replays a batch exactly. The creation time
 * is kept, as in Spark, in the source's metadata directory (`<checkpoint>/sources/<n>`), file `0`:
 *
 *     v1
 *     1700000000000
 *
 * Rows of a batch: values `[valueAtSecond(start), valueAtSecond(end))`; value v goes to partition
 * `(v - rangeStart) % numPartitions`; its timestamp is `creation + start·1000 ms` plus
 * `round((v - rangeStart) · msPerValue)` ms, where msPerValue spreads the batch's values evenly
 * over its seconds.
 */
import path from "node:path";
import type { Clock } from "../../common/clock.js";
import { TsparkError } from "../../common/errors.js";
import { DEFAULT_BATCH_SIZE, type RecordBatch } from "../../data/record-batch.js";
import { MAX_LONG, normLong } from "../../data/values.js";
import { LONG, StructField, StructType, TIMESTAMP } from "../../types/data-type.js";
import { readTextIfExists, writeFileAtomic } from "../../storage/atomic-file.js";
import { logLines } from "../../storage/log-lines.js";
import { corruptFile, parseLogVersion } from "../../storage/log-version.js";
import type { ReadLimit, SourceOffset, StreamSource } from "../api/stream-source.js";
import type { StreamOptionsInput, StreamSourceContext } from "../stream-option.js";
import { parseRateOptions, type RateOptions } from "./options.js";

/** The schema of the `rate` and `rate-micro-batch` sources. */
export const RATE_SCHEMA = new StructType([
  new StructField("timestamp", TIMESTAMP, true),
  new StructField("value", LONG, true),
]);

/** The version line of the creation-time file. */
const VERSION = 1;

/**
 * The end value (exclusive) emitted by second `seconds` (Spark's valueAtSecond): speed grows by
 * `rowsPerSecond / (rampUpTimeSeconds + 1)` each second during ramp-up, then stays at
 * rowsPerSecond. E.g. rowsPerSecond 10, rampUpTime 4s: 0, 2, 6, 12, 20, 30, 40…
 */
export function valueAtSecond(seconds: bigint, rowsPerSecond: bigint, rampUpTimeSeconds: bigint): bigint {
  const speedDeltaPerSecond = rowsPerSecond / (rampUpTimeSeconds + 1n);
  if (seconds <= rampUpTimeSeconds) {
    // Halve the even factor first, as Spark does, so the product matches its long arithmetic.
    return seconds % 2n === 1n
      ? ((seconds + 1n) / 2n) * speedDeltaPerSecond * seconds
      : (seconds / 2n) * speedDeltaPerSecond * (seconds + 1n);
  }
  const rampUpPart = valueAtSecond(rampUpTimeSeconds, rowsPerSecond, rampUpTimeSeconds);
  return rampUpPart + (seconds - rampUpTimeSeconds) * rowsPerSecond;
}

/** What the engine hands a rate source besides its options. */
export interface RateSourceContext {
  /** Wall time (ManualClock in tests). */
  readonly clock: Clock;
  /** The source's metadata directory (`<checkpoint>/sources/<n>`); none keeps the creation time in memory. */
  readonly metadataPath?: string;
}

function parseOffset(offset: SourceOffset): bigint {
  const t = offset.trim();
  if (!/^-?[0-9]+$/.test(t))
    throw new TsparkError("INTERNAL_ERROR", {
      messageParameters: {
        message: `The rate source cannot read the offset ${offset}: expected a number of seconds.`,
      },
    });
  return BigInt(t);
}

/**
 * Reads the creation time from `dir/0`, or writes the current time there (atomically). A file that
 * is not `v1` and a whole number of milliseconds is `STREAMING_CHECKPOINT_CORRUPT_FILE` (a newer
 * version: `INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION`) naming it; I/O failures are
 * `STORAGE_IO_ERROR`.
 */
function loadCreationTime(dir: string, now: number): number {
  const file = path.join(dir, "0");
  const text = readTextIfExists(file);
  if (text === undefined) {
    // A concurrent start that wrote first wins: read what is there then.
    if (writeFileAtomic(file, `v${VERSION}\n${now}`, { overwrite: false, fsync: false })) return now;
    return loadCreationTime(dir, now);
  }
  const [versionLine, value, ...rest] = logLines(text);
  parseLogVersion(versionLine, VERSION, file);
  const t = value?.trim() ?? "";
  if (!/^-?[0-9]+$/.test(t) || rest.length > 0 || !Number.isSafeInteger(Number(t)))
    throw corruptFile(file, "expected the version line and the creation time in milliseconds");
  return Number(t);
}

/** The `rate` source of one query (see the file comment for rows and offsets). */
export class RateStreamSource implements StreamSource {
  readonly schema = RATE_SCHEMA;
  readonly description: string;
  /** Epoch milliseconds at which second 0 starts. */
  readonly creationTimeMs: number;
  private readonly maxSeconds: bigint;
  private lastTimeMs: number;

  /** `format("rate")` with `options`: validates them, then builds the source. */
  static fromOptions(options: StreamOptionsInput, context: StreamSourceContext): RateStreamSource {
    return new RateStreamSource(parseRateOptions(options, context.defaultParallelism), context);
  }

  /** Throws INCORRECT_RAMP_UP_RATE when the ramp-up alone would overflow a long. */
  constructor(
    readonly options: RateOptions,
    private readonly context: RateSourceContext,
  ) {
    const { rowsPerSecond, rampUpTimeSeconds, numPartitionsText } = options;
    this.maxSeconds = MAX_LONG / rowsPerSecond;
    if (rampUpTimeSeconds > this.maxSeconds)
      throw new TsparkError("INCORRECT_RAMP_UP_RATE", {
        messageParameters: {
          rowsPerSecond: String(rowsPerSecond),
          maxSeconds: String(this.maxSeconds),
          rampUpTimeSeconds: String(rampUpTimeSeconds),
        },
      });
    const now = context.clock.nowMillis();
    this.creationTimeMs =
      context.metadataPath === undefined ? now : loadCreationTime(context.metadataPath, now);
    this.lastTimeMs = this.creationTimeMs;
    // Spark's toString has no closing bracket; progress reports show it so.
    this.description = `RateStreamV2[rowsPerSecond=${rowsPerSecond}, rampUpTimeSeconds=${rampUpTimeSeconds}, numPartitions=${numPartitionsText}`;
  }

  defaultReadLimit(): ReadLimit {
    return { kind: "all" };
  }

  /** Whole seconds since creation; never undefined (second 0 exists from the start). */
  async latestOffset(_start: SourceOffset | undefined, _limit: ReadLimit): Promise<SourceOffset> {
    const now = this.context.clock.nowMillis();
    if (this.lastTimeMs < now) this.lastTimeMs = now;
    return String(Math.trunc((this.lastTimeMs - this.creationTimeMs) / 1000));
  }

  async *getBatch(
    start: SourceOffset | undefined,
    end: SourceOffset,
    signal?: AbortSignal,
  ): AsyncIterable<RecordBatch> {
    const startSeconds = start === undefined ? 0n : parseOffset(start);
    const endSeconds = parseOffset(end);
    if (startSeconds > endSeconds)
      throw new TsparkError("INTERNAL_ERROR", {
        messageParameters: { message: `startSeconds(${startSeconds}) > endSeconds(${endSeconds})` },
      });
    const { rowsPerSecond, rampUpTimeSeconds, numPartitions } = this.options;
    if (endSeconds > this.maxSeconds)
      throw new TsparkError("INCORRECT_END_OFFSET", {
        messageParameters: {
          rowsPerSecond: String(rowsPerSecond),
          maxSeconds: String(this.maxSeconds),
          endSeconds: String(endSeconds),
        },
      });
    // A replayed batch after a restart moves "now" past its end, as Spark's recovery fix does.
    const endMs = Number(endSeconds) * 1000 + this.creationTimeMs;
    if (this.lastTimeMs < endMs) this.lastTimeMs = endMs;
    const rangeStart = valueAtSecond(startSeconds, rowsPerSecond, rampUpTimeSeconds);
    const rangeEnd = valueAtSecond(endSeconds, rowsPerSecond, rampUpTimeSeconds);
    if (rangeStart === rangeEnd) return;
    const localStartTimeMs = this.creationTimeMs + Number(startSeconds) * 1000;
    const relativeMsPerValue = (Number(endSeconds - startSeconds) * 1000) / Number(rangeEnd - rangeStart);
    // Plain numbers while every value is a safe integer; bigints beyond.
    const safe = rangeEnd <= BigInt(Number.MAX_SAFE_INTEGER);
    const count = Number(rangeEnd - rangeStart);
    const base = Number(rangeStart);
    for (let p = 0; p < numPartitions; p++) {
      // Partition p holds offsets p, p + n, p + 2n… within the range.
      let k = p;
      while (k < count) {
        signal?.throwIfAborted();
        const ts: unknown[] = [];
        const values: unknown[] = [];
        for (let i = 0; i < DEFAULT_BATCH_SIZE && k < count; i++, k += numPartitions) {
          const relative = Math.round(k * relativeMsPerValue);
          ts.push((relative + localStartTimeMs) * 1000);
          values.push(safe ? base + k : normLong(rangeStart + BigInt(k)));
        }
        yield { numRows: values.length, columns: [ts, values], partitionId: p };
      }
    }
  }

  /** Nothing to discard: rows are computed, not buffered. */
  async commit(_end: SourceOffset): Promise<void> {}

  async stop(): Promise<void> {}
}
