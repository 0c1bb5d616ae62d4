/**
 * Layer `types/`. Spark's data types (`DataType` union with a `kind`), DDL parsing/printing, and the type-coercion rules.
 *
 * Invariants: atomic types are singletons; types are immutable.
 * May import: common/.
 */
export * from "./data-type.js";
export { parseDataType, parseSchema } from "./ddl.js";
