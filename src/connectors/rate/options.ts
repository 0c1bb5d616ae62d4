/**
 * Options of the `rate` and `rate-micro-batch` sources, validated in Spark's order with Spark's
 * messages (RateStreamProvider / RatePerMicroBatchProvider: IllegalArgumentException, so
 * `ILLEGAL_ARGUMENT`, e.g. "Invalid value '-1'. The option 'rowsPerSecond' must be positive").
 *
 * Example: `{ rowsPerSecond: "10", rampUpTime: "4s", numPartitions: "2" }` →
 * `{ rowsPerSecond: 10n, rampUpTimeSeconds: 4n, numPartitions: 2, numPartitionsText: "2" }`.
 */
import { TsparkError } from "../../common/errors.js";
import { MAX_LONG, MIN_LONG } from "../../data/values.js";
import {
  optionInt,
  optionLong,
  parseJavaLong,
  type StreamOptionSpec,
  type StreamOptionsInput,
  streamOptions,
} from "../stream-option.js";

/** The `rate` source's options. */
export const RATE_OPTIONS: readonly StreamOptionSpec[] = [
  {
    name: "rowsPerSecond",
    type: "long",
    default: "1",
    doc: "Rows generated per second of wall time once ramped up; must be positive.",
  },
  {
    name: "rampUpTime",
    type: "duration",
    default: "0s",
    doc: "Time to ramp up linearly to rowsPerSecond (e.g. 5s, 1m); truncated to whole seconds; must not be negative.",
  },
  {
    name: "numPartitions",
    type: "int",
    default: undefined,
    doc: "Partitions the rows of a batch are spread over (default: the session's default parallelism); must be positive.",
  },
];

/** The `rate-micro-batch` source's options. */
export const RATE_PER_MICRO_BATCH_OPTIONS: readonly StreamOptionSpec[] = [
  {
    name: "rowsPerBatch",
    type: "long",
    default: undefined,
    doc: "Rows in every micro-batch (required); must be positive.",
  },
  {
    name: "numPartitions",
    type: "int",
    default: undefined,
    doc: "Partitions the rows of a batch are spread over (default: the session's default parallelism); must be positive.",
  },
  {
    name: "startTimestamp",
    type: "long",
    default: "0",
    doc: "Event time (epoch milliseconds) of the rows of batch 0; must be non-negative.",
  },
  {
    name: "advanceMillisPerBatch",
    type: "int",
    default: "1000",
    doc: "Milliseconds the event time advances from one batch to the next; must be non-negative.",
  },
];

/** Validated `rate` options. */
export interface RateOptions {
  readonly rowsPerSecond: bigint;
  readonly rampUpTimeSeconds: bigint;
  readonly numPartitions: number;
  /** The numPartitions option as given, or `default` (Spark's description shows this). */
  readonly numPartitionsText: string;
}

/** Validated `rate-micro-batch` options. */
export interface RatePerMicroBatchOptions {
  readonly rowsPerBatch: bigint;
  readonly numPartitions: number;
  readonly startTimestamp: bigint;
  readonly advanceMillisPerBatch: number;
}

function illegal(message: string): TsparkError {
  return new TsparkError("ILLEGAL_ARGUMENT", { messageParameters: { message } });
}

const TIME_ERROR =
  "Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour (h), or day (d). E.g. 50s, 100ms, or 250us.";

/** Microseconds per unit suffix of Spark's time strings. */
const TIME_SUFFIX_MICROS: Readonly<Record<string, bigint>> = {
  us: 1n,
  ms: 1000n,
  s: 1_000_000n,
  m: 60_000_000n,
  min: 60_000_000n,
  h: 3_600_000_000n,
  d: 86_400_000_000n,
};

/**
 * Spark's `JavaUtils.timeStringAsSec`: `<integer><unit>` (unit us, ms, s, m, min, h, d; none means
 * seconds), case-insensitive, trimmed, truncated toward zero to whole seconds.
 */
export function timeStringAsSeconds(text: string): bigint {
  const t = text.toLowerCase().trim();
  const m = /^(-?[0-9]+)([a-z]+)?$/.exec(t);
  if (m === null) throw illegal(`${TIME_ERROR}\nFailed to parse time string: ${text}`);
  const suffix = m[2];
  const perUnit = suffix === undefined ? 1_000_000n : TIME_SUFFIX_MICROS[suffix];
  if (perUnit === undefined) throw illegal(`${TIME_ERROR}\nInvalid suffix: "${suffix}"`);
  let n: bigint;
  try {
    n = parseJavaLong(m[1] as string);
  } catch (e) {
    throw illegal(`${TIME_ERROR}\n${e instanceof TsparkError ? (e.messageParameters.message ?? "") : ""}`);
  }
  // TimeUnit.convert saturates at the long range instead of overflowing.
  const seconds = (n * perUnit) / 1_000_000n;
  return seconds > MAX_LONG ? MAX_LONG : seconds < MIN_LONG ? MIN_LONG : seconds;
}

/** Reads and validates the `rate` options; `defaultParallelism` is numPartitions' default. */
export function parseRateOptions(input: StreamOptionsInput, defaultParallelism: number): RateOptions {
  const o = streamOptions(input);
  const rowsPerSecond = optionLong(o, "rowsPerSecond", 1n);
  if (rowsPerSecond <= 0n)
    throw illegal(`Invalid value '${rowsPerSecond}'. The option 'rowsPerSecond' must be positive`);
  const ramp = o.get("rampUpTime");
  const rampUpTimeSeconds = ramp === undefined ? 0n : timeStringAsSeconds(ramp);
  if (rampUpTimeSeconds < 0n)
    throw illegal(`Invalid value '${rampUpTimeSeconds}'. The option 'rampUpTime' must not be negative`);
  const numPartitions = optionInt(o, "numPartitions", defaultParallelism);
  if (numPartitions <= 0)
    throw illegal(`Invalid value '${numPartitions}'. The option 'numPartitions' must be positive`);
  return {
    rowsPerSecond,
    rampUpTimeSeconds,
    numPartitions,
    numPartitionsText: o.get("numPartitions") ?? "default",
  };
}

/** Reads and validates the `rate-micro-batch` options (a missing rowsPerBatch reads as 0, as in Spark). */
export function parseRatePerMicroBatchOptions(
  input: StreamOptionsInput,
  defaultParallelism: number,
): RatePerMicroBatchOptions {
  const o = streamOptions(input);
  const rowsPerBatch = optionLong(o, "rowsPerBatch", 0n);
  if (rowsPerBatch <= 0n)
    throw illegal(`Invalid value '${rowsPerBatch}'. The option 'rowsPerBatch' must be positive`);
  const numPartitions = optionInt(o, "numPartitions", defaultParallelism);
  if (numPartitions <= 0)
    throw illegal(`Invalid value '${numPartitions}'. The option 'numPartitions' must be positive`);
  const startTimestamp = optionLong(o, "startTimestamp", 0n);
  if (startTimestamp < 0n)
    throw illegal(`Invalid value '${startTimestamp}'. The option 'startTimestamp' must be non-negative`);
  const advanceMillisPerBatch = optionInt(o, "advanceMillisPerBatch", 1000);
  if (advanceMillisPerBatch < 0)
    throw illegal(
      `Invalid value '${advanceMillisPerBatch}'. The option 'advanceMillisPerBatch' must be non-negative`,
    );
  return { rowsPerBatch, numPartitions, startTimestamp, advanceMillisPerBatch };
}
