/**
 * Options of the `rate` and `rate-micro-batch` sources, validated in Spark's order with Spark's
 * messages (RateStreamProvider / RatePerMicroBatchProvider: IllegalArgumentException, so
 * `ILLEGAL_ARGUMENT`, e.g. "Invalid value '-1'. The option 'rowsPerSecond' must be positive").
 *
 * Example: `{ rowsPerSecond: "10", rampUpTime: "4s", numPartitions: "2" }` →
 * `{ rowsPerSecond: 10n, rampUpTimeSeconds: 4n, numPartitions: 2, numPartitionsText: "2" }`.
 */
import {
  illegalArgument,
  optionInt,
  optionLong,
  type StreamOptionSpec,
  type StreamOptionsInput,
  streamOptions,
  timeStringAsSeconds,
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

/** Reads and validates the `rate` options; `defaultParallelism` is numPartitions' default. */
export function parseRateOptions(input: StreamOptionsInput, defaultParallelism: number): RateOptions {
  const o = streamOptions(input);
  const rowsPerSecond = optionLong(o, "rowsPerSecond", 1n);
  if (rowsPerSecond <= 0n)
    throw illegalArgument(`Invalid value '${rowsPerSecond}'. The option 'rowsPerSecond' must be positive`);
  const ramp = o.get("rampUpTime");
  const rampUpTimeSeconds = ramp === undefined ? 0n : timeStringAsSeconds(ramp);
  if (rampUpTimeSeconds < 0n)
    throw illegalArgument(
      `Invalid value '${rampUpTimeSeconds}'. The option 'rampUpTime' must not be negative`,
    );
  const numPartitions = optionInt(o, "numPartitions", defaultParallelism);
  if (numPartitions <= 0)
    throw illegalArgument(`Invalid value '${numPartitions}'. The option 'numPartitions' must be positive`);
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
    throw illegalArgument(`Invalid value '${rowsPerBatch}'. The option 'rowsPerBatch' must be positive`);
  const numPartitions = optionInt(o, "numPartitions", defaultParallelism);
  if (numPartitions <= 0)
    throw illegalArgument(`Invalid value '${numPartitions}'. The option 'numPartitions' must be positive`);
  const startTimestamp = optionLong(o, "startTimestamp", 0n);
  if (startTimestamp < 0n)
    throw illegalArgument(
      `Invalid value '${startTimestamp}'. The option 'startTimestamp' must be non-negative`,
    );
  const advanceMillisPerBatch = optionInt(o, "advanceMillisPerBatch", 1000);
  if (advanceMillisPerBatch < 0)
    throw illegalArgument(
      `Invalid value '${advanceMillisPerBatch}'. The option 'advanceMillisPerBatch' must be non-negative`,
    );
  return { rowsPerBatch, numPartitions, startTimestamp, advanceMillisPerBatch };
}
