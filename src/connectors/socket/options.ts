/**
 * Options of the `socket` source, checked in Spark's order with Spark's errors
 * (TextSocketSourceProvider): no host → `_LEGACY_ERROR_TEMP_1295`, no port →
 * `_LEGACY_ERROR_TEMP_1296`, includeTimestamp not a boolean → `_LEGACY_ERROR_TEMP_1297`; a port or
 * numPartitions that is not an int is Java's NumberFormatException (`ILLEGAL_ARGUMENT`).
 *
 * Example: `{ host: "localhost", port: "9999", includeTimestamp: "true" }` →
 * `{ host: "localhost", port: 9999, includeTimestamp: true, numPartitions: <default parallelism> }`.
 */
import { TsparkError } from "../../common/errors.js";
import {
  optionBoolean,
  optionInt,
  type StreamOptionSpec,
  type StreamOptionsInput,
  streamOptions,
} from "../stream-option.js";

/** The `socket` source's options. */
export const SOCKET_OPTIONS: readonly StreamOptionSpec[] = [
  { name: "host", type: "string", default: undefined, doc: "Host to connect to (required)." },
  { name: "port", type: "int", default: undefined, doc: "TCP port to connect to (required)." },
  {
    name: "includeTimestamp",
    type: "boolean",
    default: "false",
    doc: "Adds a `timestamp` column holding the time each line was received.",
  },
  {
    name: "numPartitions",
    type: "int",
    default: undefined,
    doc: "Partitions the lines of a batch are dealt over, round-robin (default: the session's default parallelism).",
  },
];

/** Validated `socket` options. */
export interface SocketOptions {
  readonly host: string;
  readonly port: number;
  readonly includeTimestamp: boolean;
  readonly numPartitions: number;
}

/** Reads and validates the `socket` options; `defaultParallelism` is numPartitions' default. */
export function parseSocketOptions(input: StreamOptionsInput, defaultParallelism: number): SocketOptions {
  const o = streamOptions(input);
  const host = o.get("host");
  if (host === undefined) throw new TsparkError("_LEGACY_ERROR_TEMP_1295");
  if (!o.has("port")) throw new TsparkError("_LEGACY_ERROR_TEMP_1296");
  const includeTimestamp = optionBoolean(o, "includeTimestamp", false);
  if (includeTimestamp === undefined) throw new TsparkError("_LEGACY_ERROR_TEMP_1297");
  return {
    host,
    port: optionInt(o, "port", -1),
    includeTimestamp,
    numPartitions: optionInt(o, "numPartitions", defaultParallelism),
  };
}
