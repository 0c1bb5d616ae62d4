/**
 * Layer `streaming/`. Structured Streaming's runtime, built from parts that are each tested on
 * their own and assembled by `MicroBatchExecution` (issue #4, in progress):
 *
 * - `checkpoint/`: Spark's checkpoint layout and file formats (`metadata`, `offsets/N`,
 *   `commits/N`, the file source's `sources/i/N` log), the pure recovery decision (`planRecovery`)
 *   and checkpoint location resolution.
 * - `runtime/`: progress (`StreamingQueryProgress` and its JSON), status, trigger durations,
 *   event-time statistics, listener events, the listener bus and the progress reporter.
 *
 * Sources and sinks live in `connectors/` behind the ports `connectors/api/stream-source.ts` and
 * `connectors/api/stream-sink.ts`; the output-mode rules in `analysis/unsupported-operation-checker.ts`.
 *
 * Invariants: time comes only from the injected Clock; checkpoint files are written atomically
 * (storage/); offsets are logged before a batch reads any data.
 * May import: every layer up to connectors/.
 */
export * from "./checkpoint/index.js";
