/**
 * Options of the `memory` source (Spark's test-only `MemoryStream`), given to its constructor
 * rather than through `option()`: only `numPartitions`.
 *
 * Example: `{ numPartitions: 3 }` deals the rows of each batch round-robin over partitions 0–2;
 * `{}` makes every `addData` call its own partition.
 */
import { TsparkError } from "../../common/errors.js";
import type { StreamOptionSpec } from "../stream-option.js";

/** The memory source's options. */
export const MEMORY_STREAM_OPTIONS: readonly StreamOptionSpec[] = [
  {
    name: "numPartitions",
    type: "int",
    default: undefined,
    doc: "Partitions the rows of a batch are dealt over, round-robin; unset, each addData call is one partition.",
  },
];

/** Options of a MemoryStream. */
export interface MemoryStreamOptions {
  /** Must be a positive integer when given (Spark does not check; a 0 would divide by zero there). */
  readonly numPartitions?: number;
}

/** Validates MemoryStream options; ILLEGAL_ARGUMENT for a numPartitions that is not a positive integer. */
export function parseMemoryStreamOptions(options: MemoryStreamOptions = {}): MemoryStreamOptions {
  const n = options.numPartitions;
  if (n !== undefined && (!Number.isInteger(n) || n <= 0))
    throw new TsparkError("ILLEGAL_ARGUMENT", {
      messageParameters: { message: `Invalid value '${n}'. The option 'numPartitions' must be positive` },
    });
  return n === undefined ? {} : { numPartitions: n };
}
