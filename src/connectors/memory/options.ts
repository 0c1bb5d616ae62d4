/**
 * Options of the `memory` connector. The memory sink reads no writer option: the table it feeds is
 * named by the query's `queryName` (required by the API layer for this sink), not by an option.
 */

/** The option names the memory sink reads: none. */
export const MEMORY_SINK_OPTIONS: readonly string[] = [];
