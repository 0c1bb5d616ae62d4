/**
 * SparkSession: the entry point, with PySpark's builder, conf, createDataFrame, range, table,
 * sql and catalog. Each session owns its SessionState (conf, catalog, functions).
 */
import { type Clock, SystemClock } from "../common/clock.js";
import { SQLConf } from "../common/config.js";
import { TsparkError } from "../common/errors.js";
import { fromExternal, inferSchemaFromRows } from "../data/external.js";
import type { AttributeReference } from "../expressions/expression.js";
import { nextExprId } from "../expressions/expr-id.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { attributesOf } from "../plans/output.js";
import { parseStatement } from "../sql/parser.js";
import { type DataType, LONG, StructField, StructType } from "../types/data-type.js";
import { parseDataType, parseSchema } from "../types/ddl.js";
import { Catalog } from "./catalog-api.js";
import { analyzeAtCallSite, DataFrame } from "./data-frame.js";
import { DataFrameReader } from "./data-frame-reader.js";
import { DataStreamReader } from "./data-stream-reader.js";
import { StreamingQueryManager } from "./streaming-query-manager.js";
import { checkConfValue, RuntimeConfig } from "./runtime-config.js";
import { runStatement } from "./sql-commands.js";
import { SessionState } from "./session-state.js";
import { UDFRegistration } from "./udf.js";

let activeSession: SparkSession | undefined;
/**
 * PySpark's active session: the builder's session until another session builds a DataFrame
 * (`createDataFrame` makes its session active, as PySpark does), while `getOrCreate` keeps
 * returning the default session above.
 */
let currentSession: SparkSession | undefined;

/** `SparkSession.builder`: collects settings, then returns the active session or a new one. */
export class Builder {
  private readonly options = new Map<string, string>();
  private clock: Clock | undefined;

  appName(name: string): Builder {
    return this.config(SQLConf.APP_NAME, name);
  }
  master(master: string): Builder {
    return this.config(SQLConf.MASTER, master);
  }
  /** `config(key, value)` or `config({ key: value, … })`. */
  config(
    key: string | Readonly<Record<string, string | number | boolean>>,
    value?: string | number | boolean,
  ): Builder {
    if (typeof key === "string") this.options.set(key, String(value));
    else for (const [k, v] of Object.entries(key)) this.options.set(k, String(v));
    return this;
  }
  /** tspark extension: inject the clock (tests use `ManualClock`). */
  withClock(clock: Clock): Builder {
    this.clock = clock;
    return this;
  }
  /** The active session with these options applied, or a new one. */
  getOrCreate(): SparkSession {
    if (activeSession && !activeSession.isStopped) {
      for (const [k, v] of this.options) activeSession.conf.set(k, v);
      if (!currentSession || currentSession.isStopped) currentSession = activeSession;
      return activeSession;
    }
    activeSession = this.newSession();
    currentSession = activeSession;
    return activeSession;
  }
  /** Always a new session (not made active). */
  create(): SparkSession {
    return this.newSession();
  }
  /** A session with these options, each checked as `spark.conf.set` checks it (as Spark sets them). */
  private newSession(): SparkSession {
    for (const [k, v] of this.options) checkConfValue(k, v);
    return new SparkSession(new SessionState(this.clock ?? new SystemClock(), undefined, this.options));
  }
}

export class SparkSession {
  readonly conf: RuntimeConfig;
  readonly catalog: Catalog;
  readonly udf: UDFRegistration;
  private stopped = false;

  /** @internal use `SparkSession.builder`. */
  constructor(readonly state: SessionState) {
    this.conf = new RuntimeConfig(state);
    this.catalog = new Catalog(this);
    this.udf = new UDFRegistration(state);
  }

  static get builder(): Builder {
    return new Builder();
  }

  /** The active session, if any. */
  static getActiveSession(): SparkSession | undefined {
    return currentSession && !currentSession.isStopped ? currentSession : undefined;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  get version(): string {
    return "4.0.0";
  }

  /** A session with its own conf, views and UDFs (sharing nothing mutable with this one). */
  newSession(): SparkSession {
    return new SparkSession(new SessionState(this.state.clock));
  }

  stop(): void {
    this.stopped = true;
    if (this.streamingQueryManager) void this.streamingQueryManager.stopAll();
    if (activeSession === this) activeSession = undefined;
    if (currentSession === this) currentSession = activeSession;
  }

  /**
   * Builds a DataFrame from rows: objects keyed by column name, arrays by position, or single
   * values with an atomic schema. `schema`: StructType, DDL string (`"name STRING, age INT"` or
   * `"int"`), or column names (types inferred as PySpark infers them).
   */
  createDataFrame(data: readonly unknown[], schema?: DataType | string | readonly string[]): DataFrame {
    currentSession = this;
    let struct: StructType;
    let single = false;
    if (schema instanceof StructType) struct = schema;
    else if (isDataType(schema)) {
      // PySpark: an atomic (or array/map) schema makes one column named `value`.
      struct = new StructType([new StructField("value", schema, true)]);
      single = true;
    } else if (typeof schema === "string") {
      ({ struct, single } = parseSchemaString(schema));
    } else {
      if (data.length === 0) {
        throw new TsparkError("CANNOT_INFER_EMPTY_SCHEMA", { messageParameters: {} });
      }
      struct = inferSchemaFromRows(data as (Record<string, unknown> | unknown[])[], schema);
    }
    const fields = struct.fields;
    const rows = data.map((row, r) => {
      if (
        single ||
        (!Array.isArray(row) && (row === null || typeof row !== "object" || row instanceof Date))
      ) {
        if (fields.length !== 1) {
          throw new TsparkError("ILLEGAL_ARGUMENT", {
            messageParameters: {
              message: `row ${r}: a single value needs a schema with one column, got ${fields.length}`,
            },
          });
        }
        return [fromExternal(row, fields[0]!.dataType, `row ${r}.${fields[0]!.name}`, fields[0]!.nullable)];
      }
      if (Array.isArray(row)) {
        if (row.length !== fields.length) {
          throw new TsparkError("AXIS_LENGTH_MISMATCH", {
            messageParameters: { expected_length: `${fields.length}`, actual_length: `${row.length}` },
          });
        }
        return fields.map((f, i) => fromExternal(row[i], f.dataType, `row ${r}.${f.name}`, f.nullable));
      }
      const obj = row as Record<string, unknown>;
      const keys = Object.keys(obj);
      // Objects match fields by name, a missing key being NULL (PySpark's dicts); only an object
      // sharing no key with an explicit schema is read by position (PySpark's Row as a tuple).
      const byPosition =
        (schema instanceof StructType || typeof schema === "string") && !fields.some((f) => f.name in obj);
      return fields.map((f, i) => {
        const v = f.name in obj ? obj[f.name] : byPosition ? obj[keys[i] ?? ""] : undefined;
        return fromExternal(v, f.dataType, `row ${r}.${f.name}`, f.nullable);
      });
    });
    const output = attributesOf(fields);
    // PySpark's createDataFrame(list) parallelizes the rows over defaultParallelism slices.
    return this.fromPlan({ kind: "local_relation", output, rows, slicing: "parallelize" });
  }

  /** `range(end)` or `range(start, end, step, numPartitions)`: a BIGINT column `id`. */
  range(
    start: number | bigint,
    end?: number | bigint,
    step: number | bigint = 1,
    numPartitions?: number,
  ): DataFrame {
    const [s, e] = end === undefined ? [0, start] : [start, end];
    if (BigInt(step) === 0n) {
      throw new TsparkError("ILLEGAL_ARGUMENT", { messageParameters: { message: "step must not be 0" } });
    }
    const output: AttributeReference[] = [
      { kind: "attribute", name: "id", dataType: LONG, nullable: false, exprId: nextExprId(), qualifier: [] },
    ];
    return this.fromPlan({
      kind: "range",
      start: s,
      end: e,
      step,
      output,
      ...(numPartitions ? { numPartitions } : {}),
    });
  }

  /** `spark.read`: a new DataFrameReader for batch files (csv, json, text, parquet). */
  get read(): DataFrameReader {
    return new DataFrameReader(this);
  }

  /** `spark.readStream`: a new DataStreamReader for streaming sources. */
  get readStream(): DataStreamReader {
    currentSession = this;
    return new DataStreamReader(this);
  }

  /** `spark.streams`: this session's streaming queries and listeners. */
  get streams(): StreamingQueryManager {
    this.streamingQueryManager ??= new StreamingQueryManager(this.state);
    return this.streamingQueryManager;
  }
  private streamingQueryManager: StreamingQueryManager | undefined;

  /** A temp view (or table) by name. */
  table(name: string): DataFrame {
    const parts = name.split(".");
    return this.fromPlan({ kind: "unresolved_relation", nameParts: parts });
  }

  /**
   * Runs a SQL statement: a query returns its DataFrame; commands (`CREATE TEMP VIEW`, `SET`,
   * `SHOW …`, `DESCRIBE …`, …) run at once and return their result as Spark does (sql-commands.ts). `args` binds
   * parameter markers: an object for `:name`, an array for `?` (values as `lit()` takes them, or
   * Columns).
   */
  sql(query: string, args?: Readonly<Record<string, unknown>> | readonly unknown[]): DataFrame {
    const stmt = parseStatement(query, {
      timeZone: this.state.getConf(SQLConf.SESSION_TIME_ZONE) ?? "UTC",
      legacyInterval: this.state.getConf("spark.sql.legacy.interval.enabled") === "true",
      ...(args !== undefined ? { args } : {}),
    });
    return runStatement(this, stmt, query);
  }

  /** A DataFrame over an unresolved plan (analyzed now). */
  fromPlan(plan: LogicalPlan): DataFrame {
    return new DataFrame(this, analyzeAtCallSite(this, plan));
  }
}

function isDataType(schema: DataType | string | readonly string[] | undefined): schema is DataType {
  return typeof schema === "object" && !Array.isArray(schema) && "kind" in schema;
}

function parseSchemaString(text: string): { struct: StructType; single: boolean } {
  try {
    return { struct: parseSchema(text), single: false };
  } catch (err) {
    try {
      const t = parseDataType(text);
      if (t.kind === "struct") return { struct: t, single: false };
      return { struct: new StructType([new StructField("value", t, true)]), single: true };
    } catch {
      throw err;
    }
  }
}
