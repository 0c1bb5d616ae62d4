// What the crash harness's parent and child agree on: the child's configuration (one JSON
// environment variable), the crash target syntax, the lines the child prints, the input schema
// and the PostgreSQL tables. Kept free of tspark imports so the parent's bookkeeping stays
// independent of the engine it checks.
import { FAULT_POINTS, type FaultPoint } from "../../../src/common/fault-points.js";

/** The two queries the child runs against one checkpoint root. */
export type CrashQuery = "dedup" | "agg";

/** Both queries, in the order the child starts them. */
export const CRASH_QUERIES: readonly CrashQuery[] = ["dedup", "agg"];

/** Where a fault point was reached: in the engine, or inside the child's foreachBatch function. */
export type PointOrigin = "engine" | "foreachBatch";

/** The child's run mode: keep streaming until killed, or process what is there and exit. */
export type ChildMode = "stream" | "availableNow";

/** Environment variable holding the child's {@link ChildConfig} as JSON. */
export const CHILD_CONFIG_ENV = "TSPARK_CRASH_CONFIG";

/** Environment variable naming the crash target: `<point>[@<query>]:<n>`. */
export const CRASH_AT_ENV = "TSPARK_CRASH_AT";

/** The input files' schema (explicit: the file source requires one). */
export const INPUT_SCHEMA = "id BIGINT, key STRING, amount BIGINT, name STRING";

/** Everything the child needs to run its two queries. */
export interface ChildConfig {
  /** The directory the file source watches. */
  readonly inputDir: string;
  /** The checkpoint root: `<root>/dedup` and `<root>/agg` are the queries' checkpoints. */
  readonly checkpointRoot: string;
  /** The dedup query's file sink output. */
  readonly outputDir: string;
  /** Prefix of the PostgreSQL tables (see {@link pgTables}). */
  readonly tablePrefix: string;
  readonly mode: ChildMode;
  /** The file source's maxFilesPerTrigger (small, so there are many batches). */
  readonly maxFilesPerTrigger: number;
  /**
   * `spark.sql.streaming.stateStore.providerClass` per query (pinned in its checkpoint at the first
   * start); absent: the default (HDFSBackedStateStoreProvider).
   */
  readonly stateStoreProviders?: Partial<Record<CrashQuery, string>>;
}

/** A parsed `TSPARK_CRASH_AT`: kill at the n-th time `point` is reached (by `query`, if given). */
export interface CrashTarget {
  readonly point: FaultPoint;
  readonly query: CrashQuery | undefined;
  readonly n: number;
}

/** Renders a crash target as the `TSPARK_CRASH_AT` value. */
export function formatCrashTarget(t: CrashTarget): string {
  return `${t.point}${t.query === undefined ? "" : `@${t.query}`}:${t.n}`;
}

/** Parses `<point>[@<query>]:<n>`; undefined for an empty value, a thrown error for a bad one. */
export function parseCrashTarget(text: string | undefined): CrashTarget | undefined {
  if (text === undefined || text === "") return undefined;
  const m = /^([a-z-]+)(?:@(dedup|agg))?:([1-9][0-9]*)$/.exec(text);
  const point = m?.[1] as FaultPoint | undefined;
  if (m === null || point === undefined || !FAULT_POINTS.includes(point))
    throw new RangeError(
      `${CRASH_AT_ENV}=${text}: expected <point>[@dedup|@agg]:<n> with a point of ${FAULT_POINTS.join(", ")}`,
    );
  return { point, query: m[2] as CrashQuery | undefined, n: Number(m[3]) };
}

/**
 * The child's stdout protocol, one line each:
 * `STARTED` (both queries started), `R <point> <query> <origin>` (a fault point was reached),
 * `KILL <point> <query> <origin>` (about to SIGKILL itself there), `DONE` (availableNow finished).
 */
export type ChildLine =
  | { readonly kind: "started" }
  | { readonly kind: "done" }
  | {
      readonly kind: "reached" | "kill";
      readonly point: FaultPoint;
      readonly query: CrashQuery | "?";
      readonly origin: PointOrigin;
    };

/** Parses one line of the child's stdout; undefined for anything else (e.g. engine warnings). */
export function parseChildLine(line: string): ChildLine | undefined {
  if (line === "STARTED") return { kind: "started" };
  if (line === "DONE") return { kind: "done" };
  const m = /^(R|KILL) ([a-z-]+) (dedup|agg|\?) (engine|foreachBatch)$/.exec(line);
  if (m === null) return undefined;
  return {
    kind: m[1] === "R" ? "reached" : "kill",
    point: m[2] as FaultPoint,
    query: m[3] as CrashQuery | "?",
    origin: m[4] as PointOrigin,
  };
}

/** The PostgreSQL tables of one run: per-batch output of the aggregation and its latest value per key. */
export function pgTables(prefix: string): { readonly batches: string; readonly latest: string } {
  return { batches: `${prefix}_batches`, latest: `${prefix}_latest` };
}

/** The DDL creating (afresh) the tables of `prefix`. */
export function pgCreateStatements(prefix: string): string[] {
  const t = pgTables(prefix);
  return [
    `DROP TABLE IF EXISTS ${t.batches}, ${t.latest}`,
    `CREATE TABLE ${t.batches} (batch_id BIGINT NOT NULL, key TEXT NOT NULL, cnt BIGINT NOT NULL, total BIGINT NOT NULL, PRIMARY KEY (batch_id, key))`,
    `CREATE TABLE ${t.latest} (key TEXT PRIMARY KEY, cnt BIGINT NOT NULL, total BIGINT NOT NULL, batch_id BIGINT NOT NULL)`,
  ];
}

/** PostgreSQL connection settings: 127.0.0.1:5432, trust auth, database `test`. */
export const PG_CONNECTION = {
  host: "127.0.0.1",
  port: 5432,
  database: "test",
  user: process.env.PGUSER ?? "postgres",
  connectionTimeoutMillis: 5000,
} as const;
