/**
 * Options of the `foreach` and `foreachBatch` sinks: they read no writer option — their behaviour
 * is the user's function or writer object, passed to the sink's constructor.
 */

/** The option names the foreach and foreachBatch sinks read: none. */
export const FOREACH_SINK_OPTIONS: readonly string[] = [];
