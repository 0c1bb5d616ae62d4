/**
 * The console sink's options (Spark's ConsoleWrite): `numRows` (default 20) — how many rows of each
 * batch are printed; `truncate` (default true) — whether cells longer than 20 characters are cut
 * as `show()` does. Keys are case-insensitive; a value that is not an integer / boolean is
 * `INVALID_OPTION_VALUE` naming the option.
 */
import { DataSourceOptions } from "../file/data-source-options.js";

/** The console sink's settings after defaults. */
export interface ConsoleSinkOptions {
  /** Rows printed per batch (Spark's `numRows`, default 20). */
  readonly numRows: number;
  /** Truncate long cells to 20 characters (Spark's `truncate`, default true). */
  readonly truncate: boolean;
}

/** Reads `numRows` and `truncate` from a writer's options with Spark's defaults. */
export function consoleSinkOptions(
  options: DataSourceOptions | Readonly<Record<string, string>> = {},
): ConsoleSinkOptions {
  const o = options instanceof DataSourceOptions ? options : new DataSourceOptions(options);
  return { numRows: o.int("numRows", 20), truncate: o.bool("truncate", true) };
}
