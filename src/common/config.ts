/**
 * Configuration keys tspark reads, with Spark's names and defaults.
 */
export const SQLConf = {
  ANSI_ENABLED: "spark.sql.ansi.enabled",
  SESSION_TIME_ZONE: "spark.sql.session.timeZone",
  CASE_SENSITIVE: "spark.sql.caseSensitive",
  CODEGEN_ENABLED: "tspark.codegen.enabled",
  SHUFFLE_PARTITIONS: "spark.sql.shuffle.partitions",
  APP_NAME: "spark.app.name",
  MASTER: "spark.master",
} as const;

/** Defaults used when a key is unset (Spark 4: ANSI on; tspark: codegen on). */
export const CONF_DEFAULTS: Readonly<Record<string, string>> = {
  [SQLConf.ANSI_ENABLED]: "true",
  [SQLConf.CASE_SENSITIVE]: "false",
  // TSPARK_CODEGEN=false runs a whole test suite through the interpreter (the oracle).
  [SQLConf.CODEGEN_ENABLED]: process.env.TSPARK_CODEGEN === "false" ? "false" : "true",
  [SQLConf.SHUFFLE_PARTITIONS]: "200",
  "spark.sql.constraintPropagation.enabled": "true",
};

/** The process's default time zone, resolved on first use. */
let processTimeZone: string | undefined;

/**
 * The process's default time zone (Spark defaults the session zone to the JVM's): `TZ`, else the
 * system's. Read once per process, as the JVM fixes its default zone at start-up (reading
 * `process.env` and resolving Intl's zone cost microseconds, and the session zone is read several
 * times per micro-batch).
 */
export function defaultTimeZone(): string {
  processTimeZone ??=
    process.env.TZ && process.env.TZ.length > 0
      ? process.env.TZ
      : Intl.DateTimeFormat().resolvedOptions().timeZone;
  return processTimeZone;
}
