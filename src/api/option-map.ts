/**
 * The options a reader or writer collects (`option`, `options`, keyword objects), as PySpark keeps
 * them: values converted to strings (`to_str`: booleans lower-case, numbers as written),
 * `null`/`undefined` ignored, keys case-insensitive with the last value winning. Shared by
 * `spark.read`, `df.write` and their streaming twins.
 */
import { DataSourceOptions } from "../connectors/file/data-source-options.js";

/** An option value as PySpark accepts it. */
export type OptionValue = string | number | boolean | bigint | null | undefined;

/** PySpark's `to_str`: booleans lower-case, numbers as written, null/undefined skipped. */
export function optionString(v: OptionValue): string | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === "boolean" ? (v ? "true" : "false") : String(v);
}

export class OptionMap {
  private readonly values = new Map<string, string>();

  /** Sets `key` (replacing any spelling of it); `null`/`undefined` leave it as it was. */
  set(key: string, value: OptionValue): void {
    const s = optionString(value);
    if (s === undefined) return;
    for (const k of [...this.values.keys()]) if (k.toLowerCase() === key.toLowerCase()) this.values.delete(k);
    this.values.set(key, s);
  }

  /** The collected options for a data source. */
  toDataSourceOptions(): DataSourceOptions {
    return new DataSourceOptions(Object.fromEntries(this.values));
  }
}
