/**
 * SessionState: everything one SparkSession owns — conf, functions, catalog, clock — and the
 * analyzer / optimizer / planner built from them. Sessions made by `newSession()` share nothing
 * mutable with their parent except the process-wide built-in function list.
 */
import { availableParallelism } from "node:os";
import { type Clock, SystemClock } from "../common/clock.js";
import { CONF_DEFAULTS, defaultTimeZone, SQLConf } from "../common/config.js";
import { TsparkError } from "../common/errors.js";
import { Analyzer } from "../analysis/analyzer.js";
import type { AnalyzerContext } from "../analysis/analyzer-context.js";
import { SessionCatalog } from "../catalog/catalog.js";
import { QueryExecution } from "../execution/query-execution.js";
import type { BindContext } from "../functions/function-definition.js";
import { installFunctionDisplay } from "../functions/display-setup.js";
import { FunctionRegistry } from "../functions/function-registry.js";
import type { Expression } from "../expressions/expression.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import type { StructType } from "../types/data-type.js";
import { DEFAULT_BATCHES, Optimizer } from "../optimizer/optimizer.js";
import { type LeafPlanner, PhysicalPlanner } from "../physical/physical-planner.js";
import { lookupFileFormat } from "../connectors/builtin.js";
import { DataSourceOptions } from "../connectors/file/data-source-options.js";
import { planFileScan } from "../connectors/file/file-relation.js";
import { planMemoryTableScan } from "../connectors/memory/memory-table.js";
import { planStreamingRelation } from "../streaming/runtime/streaming-relation.js";
import { planStateSourceScan } from "../streaming/state-source/state-source-relation.js";
import { resolveFileRelation } from "../connectors/file/file-source.js";
import { fileSourceContext } from "./data-frame-reader.js";

export class SessionState {
  readonly conf = new Map<string, string>();
  readonly registry: FunctionRegistry;
  readonly catalog = new SessionCatalog();
  readonly optimizer = new Optimizer(DEFAULT_BATCHES, (key) => this.getConf(key));
  /** Plans the connector leaves (file scans, memory-sink tables); streaming reuses them per batch. */
  readonly leafPlanners: readonly LeafPlanner[] = [
    planFileScan,
    planMemoryTableScan,
    planStreamingRelation,
    planStateSourceScan,
  ];
  readonly planner: PhysicalPlanner;
  /** Analyzed plan → the plan as the user built it (explain's "Parsed Logical Plan"). */
  readonly parsedPlans = new WeakMap<LogicalPlan, LogicalPlan>();
  /** `df.col(name)` columns → the DataFrame they were taken from (self-join resolution). */
  readonly columnOrigins = new WeakMap<Expression, object>();
  /** The settings the session was built with (what SQL `RESET` restores). */
  readonly initialConf: ReadonlyMap<string, string>;
  private seed = 0;

  constructor(
    readonly clock: Clock = new SystemClock(),
    registry?: FunctionRegistry,
    initialConf?: ReadonlyMap<string, string>,
  ) {
    installFunctionDisplay();
    this.planner = new PhysicalPlanner(this.leafPlanners, clock);
    this.registry = registry ?? new FunctionRegistry();
    this.initialConf = new Map(initialConf ?? []);
    for (const [k, v] of this.initialConf) this.conf.set(k, v);
  }

  getConf(key: string): string | undefined {
    const v = this.conf.get(key);
    if (v !== undefined) return v;
    if (key === SQLConf.SESSION_TIME_ZONE) return defaultTimeZone();
    return CONF_DEFAULTS[key];
  }

  getBool(key: string): boolean {
    const v = (this.getConf(key) ?? "false").trim().toLowerCase();
    if (v !== "true" && v !== "false") {
      throw new TsparkError("INVALID_CONF_VALUE", { messageParameters: { confValue: v, confName: key } });
    }
    return v === "true";
  }

  /**
   * Spark's `defaultParallelism`: `spark.default.parallelism` if set, else N from the master
   * `local[N]` (`local[*]` and no master: the machine's cores; `local`: 1). Sources split their
   * rows into this many partitions, which partition-sensitive results (monotonically_increasing_id,
   * rand, floating-point aggregates) depend on exactly as in Spark.
   */
  defaultParallelism(): number {
    const explicit = this.getConf("spark.default.parallelism");
    if (explicit !== undefined && /^\d+$/.test(explicit.trim()) && Number(explicit) > 0)
      return Number(explicit);
    const master = (this.getConf(SQLConf.MASTER) ?? "local[*]").trim();
    if (master === "local") return 1;
    const m = /^local\[(\d+|\*)(?:,\s*\d+)?\]$/.exec(master);
    if (m && m[1] !== "*") return Math.max(1, Number(m[1]));
    return Math.max(1, availableParallelism());
  }

  /** A bind context for one analysis (time fixed at the call, as Spark fixes it per query). */
  bindContext(): BindContext {
    const tz = this.getConf(SQLConf.SESSION_TIME_ZONE) ?? "UTC";
    return {
      ansi: this.getBool(SQLConf.ANSI_ENABLED),
      timeZone: tz,
      conf: (k) => this.getConf(k),
      randomSeed: () => this.seed++ * 7919 + 42,
      currentTimeMicros: this.clock.nowMicros(),
    };
  }

  analyzerContext(): AnalyzerContext {
    return {
      registry: this.registry,
      lookupRelation: (parts) =>
        this.catalog.lookup(parts) ?? this.fileTable(parts) ?? this.fileRelation(parts),
      bind: this.bindContext(),
      caseSensitive: this.getBool(SQLConf.CASE_SENSITIVE),
    };
  }

  /**
   * File tables written by `writeStream.toTable(name)`: name → format, directory and schema. Each
   * lookup lists the directory again, so readers see the batches committed so far (through the
   * sink's `_spark_metadata` log).
   */
  readonly fileTables = new Map<string, { format: string; path: string; schema: StructType }>();

  private fileTable(parts: readonly string[]): LogicalPlan | undefined {
    if (parts.length !== 1) return undefined;
    const t = this.fileTables.get(parts[0]!.toLowerCase());
    if (!t) return undefined;
    return resolveFileRelation(
      t.format,
      [t.path],
      t.schema,
      new DataSourceOptions(),
      fileSourceContext(this),
    ).toPlan();
  }

  /**
   * Spark's ResolveSQLOnFile: `SELECT * FROM csv.\`/path\`` reads the files at the path with the
   * named format (default options, inferred schema) when no table has that name and
   * `spark.sql.runSQLOnFiles` is on.
   */
  private fileRelation(parts: readonly string[]): LogicalPlan | undefined {
    if (parts.length !== 2 || this.getConf("spark.sql.runSQLOnFiles") === "false") return undefined;
    const [format, path] = parts as [string, string];
    if (!lookupFileFormat(format)) return undefined;
    return resolveFileRelation(
      format,
      [path],
      undefined,
      new DataSourceOptions(),
      fileSourceContext(this),
    ).toPlan();
  }

  /** Resolves and checks a plan with the current conf. */
  analyze(plan: LogicalPlan): LogicalPlan {
    return new Analyzer(this.analyzerContext()).execute(plan);
  }

  analyzer(): Analyzer {
    return new Analyzer(this.analyzerContext());
  }

  execution(analyzed: LogicalPlan, parsed?: LogicalPlan): QueryExecution {
    return new QueryExecution(
      {
        optimizer: this.optimizer,
        planner: this.planner,
        codegenEnabled: () => this.getBool(SQLConf.CODEGEN_ENABLED),
        defaultParallelism: () => this.defaultParallelism(),
      },
      analyzed,
      parsed,
    );
  }
}
