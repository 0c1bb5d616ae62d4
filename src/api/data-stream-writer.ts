/**
 * DataStreamWriter (`df.writeStream`): PySpark's streaming writer. Settings accumulate
 * (`outputMode`, `format`, `option`, `partitionBy`, `queryName`, `trigger`, `foreach`,
 * `foreachBatch`), then `start(path?)` (or `toTable(name)`) checks the query and starts it.
 * `start()` returns a Promise that resolves once the query has started (its `onQueryStarted`
 * listeners have run), not when it ends.
 *
 * What `start()` checks, in Spark's order: the sink and its options (unknown format
 * DATA_SOURCE_NOT_FOUND; `memory` needs `queryName`), the output mode against the query
 * (UnsupportedOperationChecker, Spark's messages), the checkpoint location (a temporary one for
 * console/memory/foreach/foreachBatch/noop, else required), and the memory sink's restart rule.
 */
import { unboundedStateWarnings } from "../analysis/unbounded-state.js";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { TsparkError } from "../common/errors.js";
import { checkForStreaming } from "../analysis/unsupported-operation-checker.js";
import { attributesOf } from "../plans/output.js";
import { lookupStreamSink } from "../connectors/builtin.js";
import type { OutputMode, StreamSink } from "../connectors/api/stream-sink.js";
import { ForeachBatchSink } from "../connectors/foreach/foreach-batch-sink.js";
import { type ForeachTarget, ForeachSink } from "../connectors/foreach/foreach-sink.js";
import { MemorySink } from "../connectors/memory/memory-sink.js";
import { MemoryTable, memoryTableRelation } from "../connectors/memory/memory-table.js";
import { LateRowsTable } from "../connectors/memory/late-rows-table.js";
import type { SessionCatalog } from "../catalog/catalog.js";
import { lateRowsViews } from "../streaming/runtime/late-rows-views.js";
import { SQLConf } from "../common/config.js";
import {
  checkRecoveryAllowed,
  resolveCheckpointLocation,
} from "../streaming/checkpoint/checkpoint-location.js";
import { latestLoggedConf } from "../streaming/checkpoint/offset-seq-log.js";
import { loadOrCreateStreamMetadata } from "../streaming/checkpoint/stream-metadata.js";
import { MicroBatchExecution, resolvePinnedConf } from "../streaming/runtime/micro-batch-execution.js";
import { DEFAULT_TRIGGER, type Trigger, triggerIntervalMs } from "../streaming/runtime/trigger.js";
import { sameType, type StructType } from "../types/data-type.js";
import type { DataFrame } from "./data-frame.js";
import { fileSourceContext } from "./data-frame-reader.js";
import { columnNamesOf, DataSourceBuilder, requireNonEmptyString } from "./data-source-builder.js";
import type { OptionValue } from "./option-map.js";
import { StreamingQuery } from "./streaming-query.js";

/** `trigger(...)`'s keyword arguments: exactly one of them. */
export interface TriggerOptions {
  /** An interval such as `"10 seconds"` (or milliseconds). */
  readonly processingTime?: string | number;
  /** `true`: one batch with everything available, then stop. */
  readonly once?: boolean;
  /** `true`: everything available now, in batches honouring the read limits, then stop. */
  readonly availableNow?: boolean;
  /** Continuous processing (not supported by tspark: an error at `start()`). */
  readonly continuous?: string | number;
}

/** Keyword arguments of `start` / `toTable`. */
export interface StartOptions {
  readonly format?: string;
  readonly outputMode?: string;
  readonly partitionBy?: string | readonly string[];
  readonly queryName?: string;
  readonly [option: string]: OptionValue | readonly string[];
}

/** The user function of `foreachBatch`: `(batchDf, batchId)`; may return a Promise. */
export type ForeachBatchFn = (batchDf: DataFrame, batchId: number) => unknown;

const OUTPUT_MODES: Readonly<Record<string, OutputMode>> = {
  append: "append",
  update: "update",
  complete: "complete",
};

export class DataStreamWriter extends DataSourceBuilder {
  private mode: OutputMode = "append";
  private partitionColumns: string[] = [];
  private triggerValue: Trigger = DEFAULT_TRIGGER;
  private foreachSink: ForeachSink | undefined;
  private foreachBatchFn: ForeachBatchFn | undefined;
  private name: string | undefined;

  /** @internal use `df.writeStream`. */
  constructor(private readonly df: DataFrame) {
    super();
    if (!df.isStreaming) throw new TsparkError("WRITE_STREAM_NOT_ALLOWED", { messageParameters: {} });
  }

  /** `append` (default), `complete` or `update` (case-insensitive). */
  outputMode(outputMode: string): this {
    requireNonEmptyString("outputMode", outputMode);
    const m = OUTPUT_MODES[outputMode.toLowerCase()];
    if (!m) throw new TsparkError("STREAMING_OUTPUT_MODE.INVALID", { messageParameters: { outputMode } });
    this.mode = m;
    return this;
  }

  /** The sink: `console`, `memory`, `noop`, `parquet`, `csv`, `json`, `text`… */
  format(source: string): this {
    requireNonEmptyString("source", source);
    this.source = source;
    return this;
  }

  /** Partition the file sink's output by these columns. */
  partitionBy(...cols: (string | readonly string[])[]): this {
    this.partitionColumns = columnNamesOf(cols);
    return this;
  }

  /** The query's name (unique among active queries; the memory sink's table name). */
  queryName(queryName: string): this {
    requireNonEmptyString("queryName", queryName);
    this.name = queryName;
    return this;
  }

  /** When batches run: `{ processingTime: "5 seconds" }`, `{ once: true }`, `{ availableNow: true }`. */
  trigger(options: TriggerOptions): this {
    const given = (["processingTime", "once", "availableNow", "continuous"] as const).filter(
      (k) => options?.[k] !== undefined && options[k] !== null,
    );
    if (given.length !== 1) throw new TsparkError("ONLY_ALLOW_SINGLE_TRIGGER", { messageParameters: {} });
    const key = given[0]!;
    switch (key) {
      case "processingTime": {
        const v = options.processingTime!;
        if (typeof v === "string" && v.trim() === "") {
          throw new TsparkError("VALUE_NOT_NON_EMPTY_STR", {
            messageParameters: { arg_name: "processingTime", arg_value: v },
          });
        }
        this.triggerValue = { kind: "processingTime", intervalMs: triggerIntervalMs(v, "ProcessingTime") };
        break;
      }
      case "once":
      case "availableNow":
        if (options[key] !== true) {
          throw new TsparkError("VALUE_NOT_TRUE", {
            messageParameters: { arg_name: key, arg_value: pythonStr(options[key]) },
          });
        }
        this.triggerValue = { kind: key };
        break;
      case "continuous":
        this.triggerValue = {
          kind: "continuous",
          intervalMs: triggerIntervalMs(options.continuous!, "Continuous"),
        };
        break;
    }
    return this;
  }

  /** Calls `f(row)` for every output row, or `open/process/close` of a writer object. */
  foreach(f: ForeachTarget): this {
    this.foreachSink = new ForeachSink(f);
    this.source = "foreach";
    return this;
  }

  /** Calls `f(batchDf, batchId)` for every micro-batch (the same id again when a batch is replayed). */
  foreachBatch(f: ForeachBatchFn): this {
    if (typeof f !== "function") {
      throw new TsparkError("NOT_CALLABLE", { messageParameters: { arg_name: "func", arg_type: typeof f } });
    }
    this.foreachBatchFn = f;
    this.source = "foreachBatch";
    return this;
  }

  /** Starts the query, writing to `path` for file sinks; resolves once it has started. */
  async start(path?: string, options: StartOptions = {}): Promise<StreamingQuery> {
    this.applyStartOptions(options);
    if (path !== undefined) this.option("path", path);
    return this.startQuery();
  }

  /**
   * Starts the query writing into the table `tableName`: a file table under
   * `spark.sql.warehouse.dir` (parquet unless `format` says otherwise) that `spark.table(name)`
   * reads.
   */
  async toTable(tableName: string, options: StartOptions = {}): Promise<StreamingQuery> {
    this.applyStartOptions(options);
    const warehouse = this.df.sparkSession.state.getConf("spark.sql.warehouse.dir") ?? "spark-warehouse";
    const dir = join(warehouse, tableName);
    this.source ??= "parquet";
    this.option("path", dir);
    const query = await this.startQuery();
    this.df.sparkSession.state.fileTables.set(tableName.toLowerCase(), {
      format: this.source,
      path: resolve(dir),
      schema: this.df.schema,
    });
    return query;
  }

  private applyStartOptions(options: StartOptions): void {
    this.applyKeywords(options, {
      format: (v) => this.format(v as string),
      outputMode: (v) => this.outputMode(v as string),
      partitionBy: (v) => this.partitionBy(v as string | readonly string[]),
      queryName: (v) => this.queryName(v as string),
    });
  }

  private async startQuery(): Promise<StreamingQuery> {
    const spark = this.df.sparkSession;
    const state = spark.state;
    const opts = this.extraOptions.toDataSourceOptions();
    const queryName = this.name ?? opts.get("queryName");
    const sinkName = this.sourceOrDefault((k) => state.getConf(k));
    const schema = this.df.schema;
    if (this.triggerValue.kind === "continuous") {
      throw new TsparkError("UNSUPPORTED_FEATURE.CONTINUOUS_TRIGGER", { messageParameters: {} });
    }
    let memorySink: MemorySink | undefined;
    let sink: StreamSink;
    if (sinkName === "foreach" && this.foreachSink !== undefined) {
      sink = this.foreachSink;
    } else if (sinkName === "foreachBatch" && this.foreachBatchFn !== undefined) {
      const fn = this.foreachBatchFn;
      sink = new ForeachBatchSink<DataFrame>(fn, (s, rows) => frameOf(this.df, s, rows));
    } else if (sinkName.toLowerCase() === "memory") {
      if (this.partitionColumns.length > 0) {
        throw new TsparkError("_LEGACY_ERROR_TEMP_1197", { messageParameters: { operation: "memory" } });
      }
      if (queryName === undefined)
        throw new TsparkError("_LEGACY_ERROR_TEMP_1194", { messageParameters: {} });
      memorySink = new MemorySink(schema);
      sink = memorySink;
    } else {
      const provider = lookupStreamSink(sinkName);
      if (!provider)
        throw new TsparkError("DATA_SOURCE_NOT_FOUND", { messageParameters: { provider: sinkName } });
      sink = provider.createSink({
        format: sinkName.toLowerCase(),
        options: opts,
        outputMode: this.mode,
        partitionColumns: this.partitionColumns,
        schema,
        queryName,
        session: fileSourceContext(state),
      });
    }
    checkForStreaming(this.df.plan, this.mode, {
      checkCorrectness:
        state.getConf("spark.sql.streaming.statefulOperator.checkCorrectness.enabled") !== "false",
      onWarning: (m) => process.stderr.write(`WARN UnsupportedOperationChecker: ${m}\n`),
    });
    if (
      (state.getConf("tspark.sql.streaming.warnUnboundedState") ?? "false").trim().toLowerCase() === "true"
    ) {
      for (const m of unboundedStateWarnings(this.df.plan, this.mode))
        process.stderr.write(`WARN UnboundedState: ${m}\n`);
    }
    const lateRowsSchemas = lateRowsViews(this.df.plan);
    const checkpoint = resolveCheckpointLocation({
      option: opts.get("checkpointLocation"),
      conf: state.getConf("spark.sql.streaming.checkpointLocation"),
      queryName,
      sink: sinkName === "foreach" || sinkName === "foreachBatch" ? sinkName : sinkName.toLowerCase(),
      newUuid: randomUUID,
      tempDirRoot: tmpdir(),
    });
    if (memorySink && !checkpoint.temporary) {
      checkRecoveryAllowed(checkpoint.path, MemorySink.recoversFromCheckpoint(this.mode));
    }
    const id = loadOrCreateStreamMetadata(checkpoint.path, randomUUID).id;
    const lateRows = lateRowsTables(state.catalog, lateRowsSchemas, id);
    const manager = spark.streams;
    await manager.beforeStart(queryName, id);
    const runId = randomUUID();
    const logged = latestLoggedConf(join(checkpoint.path, "offsets"));
    const pinnedConf = resolvePinnedConf(logged, (k) => state.getConf(k));
    const execution = new MicroBatchExecution({
      id,
      runId,
      name: queryName,
      plan: this.df.plan,
      sink,
      outputMode: this.mode,
      trigger: this.triggerValue,
      checkpoint,
      pinnedConf,
      ...(lateRows.size === 0 ? {} : { lateRows }),
      env: {
        clock: state.clock,
        conf: (k) => state.getConf(k),
        optimizer: state.optimizer,
        leafPlanners: state.leafPlanners,
        codegen: () => state.getBool(SQLConf.CODEGEN_ENABLED),
        defaultParallelism: state.defaultParallelism(),
        bus: manager.bus,
        sessionTimeZone: state.getConf(SQLConf.SESSION_TIME_ZONE) ?? "UTC",
        bindBatchTime: (name, batchTimestampMs) => {
          const def = state.registry.lookup(name);
          if (def?.type !== "scalar") return undefined;
          return def.bind([], { ...state.bindContext(), currentTimeMicros: batchTimestampMs * 1000 });
        },
      },
    });
    if (memorySink && queryName !== undefined) {
      state.catalog.createTempView(queryName, memoryTableRelation(memorySink, schema), true);
    }
    for (const [view, table] of lateRows) {
      state.catalog.createTempView(view, memoryTableRelation(table, table.schema), true);
    }
    const query = new StreamingQuery(execution, id, runId, queryName);
    execution.start();
    manager.register(query);
    return query;
  }
}

/**
 * The query's late-rows tables (tspark's `lateRows`, late-rows-views.ts), by view name. A view
 * that already holds the late-rows table of this query (same query id: the query restarted from
 * its checkpoint in this session) with the same schema keeps it, so a re-run batch replaces its
 * rows there; otherwise the view gets a new, empty table.
 */
function lateRowsTables(
  catalog: SessionCatalog,
  schemas: ReadonlyMap<string, StructType>,
  queryId: string,
): Map<string, LateRowsTable> {
  const out = new Map<string, LateRowsTable>();
  for (const [view, schema] of schemas) {
    const existing = catalog.lookup([view]);
    const handle = existing?.kind === "data_source_relation" ? existing.handle : undefined;
    const prior =
      handle instanceof MemoryTable && handle.sink instanceof LateRowsTable ? handle.sink : undefined;
    const reuse = prior !== undefined && prior.queryId === queryId && sameType(prior.schema, schema);
    out.set(view, reuse ? prior : new LateRowsTable(schema, queryId));
  }
  return out;
}

/** A batch DataFrame over one micro-batch's rows (foreachBatch's `batchDf`). */
function frameOf(df: DataFrame, schema: StructType, rows: unknown[][]): DataFrame {
  // Without the fields' metadata, as batchDf has always been built (Spark's LogicalRDD keeps it).
  return df.sparkSession.fromPlan({
    kind: "local_relation",
    output: attributesOf(schema.fields, { metadata: false }),
    rows,
  });
}

/** A value as Python's `str()` prints it in PySpark's messages (`True`, `False`, `None`). */
function pythonStr(v: unknown): string {
  if (v === true) return "True";
  if (v === false) return "False";
  if (v === null || v === undefined) return "None";
  return String(v);
}
