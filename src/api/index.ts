/**
 * Layer `api/`. The user-facing facade: SparkSession (builder, conf, catalog, createDataFrame,
 * range, table, sql, read), DataFrame (write), GroupedData, Column, Window, UDFs and `tspark/functions`.
 *
 * Invariants: transformations are synchronous and analyze at once (errors at the user's call);
 * actions are async; names and signatures are PySpark's.
 * May import: every layer before it.
 */
export { Column } from "./column.js";
export { DataFrame } from "./data-frame.js";
export { DataFrameReader } from "./data-frame-reader.js";
export { DataFrameWriter } from "./data-frame-writer.js";
export { Builder, SparkSession } from "./spark-session.js";
