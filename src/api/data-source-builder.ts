/**
 * What PySpark's four data-source builders share — `spark.read` (DataFrameReader), `df.write`
 * (DataFrameWriter), `spark.readStream` (DataStreamReader) and `df.writeStream`
 * (DataStreamWriter): the format name, the options (`option`, `options`) and the way keyword
 * arguments are spread over setters and options. Each builder keeps only what is its own (schema,
 * save mode, output mode, trigger, …) and its own `format` (the streaming ones check the name).
 */
import { TsparkError } from "../common/errors.js";
import type { StructType } from "../types/data-type.js";
import { parseSchema } from "../types/ddl.js";
import { OptionMap, type OptionValue } from "./option-map.js";

/**
 * PySpark's check on a string argument (`format`, `outputMode`, `queryName`, …): a non-string or
 * a blank one is `VALUE_NOT_NON_EMPTY_STR` naming the argument.
 */
export function requireNonEmptyString(argName: string, value: unknown): void {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TsparkError("VALUE_NOT_NON_EMPTY_STR", {
      messageParameters: { arg_name: argName, arg_value: String(value) },
    });
  }
}

/** A `schema(...)` argument as a StructType: a DDL string (`"a INT, b STRING"`) is parsed. */
export function schemaOf(schema: StructType | string): StructType {
  return typeof schema === "string" ? parseSchema(schema) : schema;
}

/** `partitionBy`'s arguments (names, or arrays of names, in any mix) as one list of names. */
export function columnNamesOf(cols: readonly (string | readonly string[])[]): string[] {
  return cols.flatMap((c) => (typeof c === "string" ? [c] : [...c]));
}

/** The base of the four builders: the format name and the options collected so far. */
export abstract class DataSourceBuilder {
  /** The format set by `format(...)` (or a shortcut), if any. */
  protected source: string | undefined;
  protected readonly extraOptions = new OptionMap();

  /** One option (keys are case-insensitive; the last value for a key wins). */
  option(key: string, value: OptionValue): this {
    this.extraOptions.set(key, value);
    return this;
  }

  /** Several options at once. */
  options(options: Readonly<Record<string, OptionValue>>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this;
  }

  /** The format set, else `spark.sql.sources.default`, else parquet (Spark's default source). */
  protected sourceOrDefault(conf: (key: string) => string | undefined): string {
    return this.source ?? conf("spark.sql.sources.default") ?? "parquet";
  }

  /**
   * Spreads PySpark's keyword arguments (one options object in tspark): a key that names a setter
   * goes to it, any other key is an option; `null`/`undefined` values are skipped, as PySpark
   * skips `None`. Keys are matched exactly (`mode`, not `Mode`), in the object's order.
   */
  protected applyKeywords(
    keywords: Readonly<Record<string, unknown>>,
    setters: Readonly<Record<string, (value: unknown) => unknown>>,
  ): void {
    for (const [k, v] of Object.entries(keywords)) {
      if (v === undefined || v === null) continue;
      const set = Object.hasOwn(setters, k) ? setters[k] : undefined;
      if (set) set(v);
      else this.option(k, v as OptionValue);
    }
  }
}
