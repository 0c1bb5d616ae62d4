/**
 * Layer `data/`. Values and batches: the internal value representation (values.ts), columnar `RecordBatch`, decimals, date/time and time zones, JSON, user-value conversion, and the one renderer behind show(), CAST to STRING and the test runners.
 *
 * Invariants: SQL NULL is `null`; longs are exact (number while safe, bigint beyond); decimals are unscaled bigints; timestamps are microseconds.
 * May import: common/, types/.
 */
export type { RecordBatch } from "./record-batch.js";
export { MapValue } from "./values.js";
