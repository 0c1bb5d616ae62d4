/**
 * `tspark/functions`: PySpark's `pyspark.sql.functions`, one file per family.
 */
export * from "./aggregate.js";
export * from "./collection.js";
export * from "./conditional.js";
export * from "./core.js";
export * from "./datetime.js";
export * from "./higher-order.js";
export * from "./math.js";
export * from "./sort.js";
export * from "./sql-expr.js";
export * from "./time-window.js";
export * from "./string.js";
export * from "./window.js";
export { udf, type UserDefinedFunction } from "../udf.js";
