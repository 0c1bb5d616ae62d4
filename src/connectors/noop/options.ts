/**
 * The `noop` sink's options: it reads none (Spark's NoopDataSource ignores every option it is
 * given), so any option is accepted and has no effect.
 */

/** The option names the noop sink reads: none. */
export const NOOP_SINK_OPTIONS: readonly string[] = [];
