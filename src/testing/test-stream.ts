/**
 * `testStream(df, outputMode, options?)(...actions)`: Spark's `StreamTest.testStream` for tspark.
 * Runs the streaming DataFrame `df` as a query writing into an in-memory sink and executes the
 * actions in order, waiting for the query wherever a step needs it.
 *
 *     const input = new MemoryStream(spark, "value INT");
 *     await testStream(input.toDF().select(col("value").plus(1)))(
 *       AddData(input, 1, 2, 3),
 *       CheckAnswer(2, 3, 4),
 *       StopStream,
 *       AddData(input, 4),
 *       StartStream(),
 *       CheckAnswer(2, 3, 4, 5),
 *     );
 *
 * Semantics (Spark's):
 * - The query starts by itself before the first step that needs it (a check or `StopStream`)
 *   unless a `StartStream` comes first. Every start uses the same checkpoint (a temporary
 *   directory per call, removed at the end) and the same sink, so a restart resumes the query and
 *   the sink keeps every batch (a batch replayed after a restart is not stored twice).
 * - A check first waits until the query has committed every offset added so far (read from the
 *   checkpoint's logs), then — unless the query runs on a ManualClock — until
 *   `processAllAvailable()` returns; then it compares rows, ignoring order unless told otherwise.
 * - `CheckNewAnswer` compares the rows of the batches stored since the previous check.
 * - With `StartStream({ clock })` (a ManualClock that must be the session's clock), `AddData` and
 *   `AdvanceManualClock` first wait until the query waits on the clock, so data lands in the batch
 *   the next advance triggers (SPARK-16002).
 * - Every wait is bounded by `timeoutMs`. A failure is an AssertionError whose message shows the
 *   steps (`=>` on the failing one, with its index), the committed offsets, the query's state, the
 *   sink's batches and the last batch's plan, after the expected and actual rows side by side.
 *   An error thrown by `writeStream…start()` itself (analysis, unsupported operation) is passed
 *   through unchanged, as Spark's `testStream` lets the AnalysisException through.
 * - `Crash(point)` arms a crash at a fault point of the batch protocol. When it fires, the kit
 *   simulates the process dying there and restarts the query from the checkpoint before the next
 *   step goes on (or within the step waiting on the query); see `recoverFromCrash`. The run
 *   resolves with a `StreamTestReport`: the arrivals at each fault point and the crashes.
 */
import { AssertionError } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { DataFrame } from "../api/data-frame.js";
import { toRows } from "../api/row.js";
import type { StreamingQuery } from "../api/streaming-query.js";
import { type ManualClock, sleep } from "../common/clock.js";
import { TsparkError } from "../common/errors.js";
import {
  FAULT_POINTS,
  type FaultPoint,
  faultPoint,
  injectedFault,
  setFaultHook,
} from "../common/fault-points.js";
import type { OutputMode, SinkBatch } from "../connectors/api/stream-sink.js";
import { MemorySink } from "../connectors/memory/memory-sink.js";
import type { RecordBatch } from "../data/record-batch.js";
import { CommitLog } from "../streaming/checkpoint/commit-log.js";
import { OffsetSeqLog } from "../streaming/checkpoint/offset-seq-log.js";
import { streamingSources } from "../streaming/runtime/streaming-relation.js";
import { unloadStateStores } from "../streaming/state/state-store-registry.js";
import type { StructType } from "../types/data-type.js";
import { canonicalRows, expectedRows, includesRows, sameRows } from "./answer-check.js";
import { startsImplicitly } from "./restart-matrix.js";
import {
  type AddDataAction,
  type AdvanceManualClockAction,
  type AssertAction,
  type AssertOnQueryAction,
  type CheckAnswerByFuncAction,
  type CheckAnswerContainsAction,
  type CheckAnswerRowsAction,
  type CheckNewAnswerAction,
  type CrashAction,
  describeAction,
  type ExecuteAction,
  type ExpectFailureAction,
  type StartStreamAction,
  type StartStreamOptions,
  StartStream,
  type StreamAction,
} from "./stream-action.js";

/** Options of one `testStream` call. */
export interface TestStreamOptions {
  /** How long one step may wait for the query, in ms (default 20 000; Spark's is 10 s). */
  readonly timeoutMs?: number;
}

/** A crash a `Crash` step injected, and what the kit did about it. */
export interface InjectedCrash {
  /** The protocol point where the query crashed. */
  readonly point: FaultPoint;
  /** The arrival at the point that crashed (counted from the `Crash` step). */
  readonly arrival: number;
  /** The index of the `Crash` step in the actions. */
  readonly step: number;
  /** The last batch in the offset log when the query died (the one the crash interrupted). */
  readonly batchId: number | undefined;
  /** The last batch in the commit log when the query died. */
  readonly committedBatchId: number | undefined;
  /** Batches whose output the sink held but forgot, as uncommitted at the crash. */
  readonly droppedBatchIds: readonly number[];
}

/** What a `testStream` run did besides passing: the fault points reached, the crashes injected. */
export interface StreamTestReport {
  /** How often the batch protocol reached each fault point (every point listed, 0 if never). */
  readonly faultPointArrivals: ReadonlyMap<FaultPoint, number>;
  /** The crashes `Crash` steps injected, in order; each was recovered from. */
  readonly crashes: readonly InjectedCrash[];
  /** `Crash` steps whose arrival never came (the scenario ended first): not a failure. */
  readonly crashesNotReached: readonly CrashAction[];
}

/** A `testStream` failure: an AssertionError carrying Spark's four-part report. */
export class StreamTestFailure extends AssertionError {}

/** Fault points passed by background work (snapshots), not by the batch the query runs. */
const BACKGROUND_POINTS: ReadonlySet<FaultPoint> = new Set<FaultPoint>(["during-snapshot"]);

const OUTPUT_MODES: ReadonlySet<string> = new Set(["append", "update", "complete"]);

/**
 * Prepares a scenario over the streaming DataFrame `df` written in `outputMode` (`append`,
 * `update` or `complete`, any case; another is STREAMING_OUTPUT_MODE.INVALID at once); the
 * returned function runs the actions and resolves when they all passed (rejects with a
 * `StreamTestFailure` otherwise). Scenarios of one session must not run concurrently.
 */
export function testStream(
  df: DataFrame,
  outputMode = "append",
  options: TestStreamOptions = {},
): (...actions: StreamAction[]) => Promise<StreamTestReport> {
  const mode = String(outputMode).toLowerCase();
  if (!OUTPUT_MODES.has(mode)) {
    throw new TsparkError("STREAMING_OUTPUT_MODE.INVALID", {
      messageParameters: { outputMode: String(outputMode) },
    });
  }
  return async (...actions) => new StreamTestRun(df, mode as OutputMode, options, actions).run();
}

interface LoggedBatch {
  readonly batchId: number;
  readonly rows: readonly (readonly unknown[])[];
}

type Handlers = {
  readonly [K in StreamAction["kind"]]: (a: Extract<StreamAction, { kind: K }>) => Promise<void>;
};

/** A crash armed by a `Crash` step: arrivals at its point still to pass before it fires. */
interface ArmedCrash {
  readonly action: CrashAction;
  readonly step: number;
  remaining: number;
}

/** One execution of a scenario: the query runs, the sink, and what the checks wait for. */
class StreamTestRun {
  private readonly schema: StructType;
  private readonly mode: OutputMode;
  private readonly timeoutMs: number;
  private readonly steps: readonly StreamAction[];
  private readonly implicitStart: boolean;
  private sink: MemorySink;
  /** Every stored batch (for the failure report, and to rebuild the sink after a crash). */
  private batchLog: LoggedBatch[] = [];
  private current: StreamingQuery | undefined;
  private last: StreamingQuery | undefined;
  private readonly defaultCheckpoint: string;
  private checkpoint: string;
  /** Source index → the newest offset added to it (checks wait until it is committed). */
  private readonly awaiting = new Map<number, number>();
  private manualClock: ManualClock | undefined;
  private manualClockExpectedTime = -1;
  private lastFetchedBatchId = -1;
  private readonly resetConfs = new Map<string, string | null>();
  private pos = 0;
  /** The error `start()` threw, passed through as is. */
  private startError: unknown;
  /** The options of the latest start: a restart after a crash uses them again. */
  private startOptions: StartStreamOptions = {};
  /** Arrivals at each fault point so far. */
  private readonly arrivals = new Map<FaultPoint, number>(FAULT_POINTS.map((p) => [p, 0]));
  /** Crashes armed and not fired yet. */
  private readonly armed: ArmedCrash[] = [];
  /** The crash that fired and has not been recovered from yet. */
  private crashed: { readonly action: CrashAction; readonly step: number } | undefined;
  private readonly crashes: InjectedCrash[] = [];
  /** Rows of batches a crash dropped from the sink: their replay must write the same rows. */
  private readonly droppedBatches = new Map<number, readonly (readonly unknown[])[]>();
  /** A replayed batch that wrote other rows than its first attempt (reported at the next step). */
  private replayMismatch: string | undefined;

  constructor(
    private readonly df: DataFrame,
    mode: OutputMode,
    options: TestStreamOptions,
    actions: readonly StreamAction[],
  ) {
    this.mode = mode;
    this.schema = df.schema;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.implicitStart = startsImplicitly(actions);
    this.steps = this.implicitStart ? [StartStream(), ...actions] : [...actions];
    this.sink = new MemorySink(this.schema);
    this.defaultCheckpoint = mkdtempSync(join(tmpdir(), "tspark-stream-test-"));
    this.checkpoint = this.defaultCheckpoint;
  }

  async run(): Promise<StreamTestReport> {
    setFaultHook(this.onFaultPoint);
    try {
      for (let i = 0; i < this.steps.length; i++) {
        this.pos = i;
        const action = this.steps[i] as StreamAction;
        try {
          this.checkReplays();
          // A crash that fired since the previous step: the process "died"; restart before going on.
          if (this.crashed !== undefined) await this.recoverFromCrash();
          await this.runStep(action);
        } catch (e) {
          if (e instanceof StreamTestFailure || e === this.startError) throw e;
          this.fail(`Error in step ${describeAction(action)}`, e);
        }
      }
      if (this.crashed !== undefined) {
        // The crash came after the last step: recover all the same, and let the re-run finish
        // so that its output is compared with the first attempt's.
        await this.recoverFromCrash();
        if (this.current !== undefined) await this.awaitProcessed(this.current);
      }
      this.checkReplays();
      return {
        faultPointArrivals: new Map(this.arrivals),
        crashes: [...this.crashes],
        crashesNotReached: this.armed.map((a) => a.action),
      };
    } finally {
      setFaultHook(undefined);
      await this.cleanUp();
    }
  }

  /**
   * Runs one step. A step that inspects the query (`AssertOnQuery`, `Execute`, `Assert`) and
   * fails while an injected crash kills the query under it runs again once the kit restarted the
   * query: it would have run on the restarted process.
   */
  private async runStep(action: StreamAction): Promise<void> {
    const handler = this.handlers[action.kind] as (a: StreamAction) => Promise<void>;
    const retries = action.kind === "assertOnQuery" || action.kind === "execute" || action.kind === "assert";
    try {
      await handler(action);
    } catch (e) {
      if (!retries || this.crashed === undefined) throw e;
      await this.recoverFromCrash();
      await handler(action);
    }
  }

  private readonly handlers: Handlers = {
    addData: (a) => this.addData([a]),
    multiAddData: (a) => this.addData(a.entries),
    checkAnswerRows: (a) => this.checkAnswerRows(a),
    checkAnswerContains: (a) => this.checkAnswerContains(a),
    checkAnswerByFunc: (a) => this.checkAnswerByFunc(a),
    checkNewAnswer: (a) => this.checkNewAnswer(a),
    processAllAvailable: () => this.processAllAvailable(),
    stopStream: () => this.stopStream(),
    startStream: (a) => this.startStream(a),
    advanceManualClock: (a) => this.advanceManualClock(a),
    expectFailure: (a) => this.expectFailure(a),
    assertOnQuery: (a) => this.assertOnQuery(a),
    execute: (a) => this.execute(a),
    assert: (a) => this.assert(a),
    crash: (a) => this.armCrash(a),
  };

  // ---- actions ----------------------------------------------------------------------------------

  private async startStream(a: StartStreamAction): Promise<void> {
    const o = a.options;
    this.verify(this.current === undefined || !this.current.isActive, "stream already running");
    const spark = this.df.sparkSession;
    if (o.clock !== undefined) {
      this.verify(
        spark.state.clock === o.clock,
        "StartStream({ clock }) needs the session's own clock: build the session with SparkSession.builder.withClock(clock)",
      );
      this.manualClockExpectedTime = o.clock.nowMillis();
    }
    this.manualClock = o.clock;
    for (const [k, v] of Object.entries(o.additionalConfs ?? {})) {
      if (!this.resetConfs.has(k)) this.resetConfs.set(k, spark.conf.get(k, null));
      spark.conf.set(k, v);
    }
    this.checkpoint = o.checkpointLocation ?? this.defaultCheckpoint;
    this.startOptions = o;
    let started: StreamingQuery;
    try {
      let writer = this.df.writeStream
        .outputMode(this.mode)
        .option("checkpointLocation", this.checkpoint)
        .foreachBatch((batchDf: DataFrame, batchId: number) => this.store(batchDf, batchId));
      if (o.trigger !== undefined) writer = writer.trigger(o.trigger);
      if (o.queryName !== undefined) writer = writer.queryName(o.queryName);
      started = await this.withTimeout(writer.start(), "Timed out while starting the stream");
    } catch (e) {
      // As in Spark, an error of start() itself (analysis, unsupported operation, options)
      // reaches the caller unchanged, so a test can assert on its error class.
      if (!(e instanceof StreamTestFailure)) this.startError = e;
      throw e;
    }
    this.last = this.current;
    this.current = started;
  }

  private async stopStream(): Promise<void> {
    const query = this.current;
    this.verify(query !== undefined, "can not stop a stream that is not running");
    try {
      try {
        await this.withTimeout(
          query.stop(),
          "Timed out while stopping and waiting for the query to terminate",
        );
      } catch (e) {
        if (e instanceof StreamTestFailure) throw e;
        this.fail("Error while stopping stream", e);
      }
      this.verify(!query.isActive, "query.isActive is true even after stopping");
      if (this.crashed !== undefined) {
        // The crash hit the batch the stop interrupted: the process died instead of stopping.
        this.current = undefined;
        await this.recoverFromCrash();
        return;
      }
      const error = query.exception();
      this.verify(error === null, `query.exception() is not empty after clean stop: ${error?.message ?? ""}`);
    } finally {
      this.last = query;
      this.current = undefined;
    }
  }

  /**
   * Adds each entry's rows to its stream. The additions run back to back without yielding, so
   * the query cannot plan a batch between them (what Spark's MultiAddData gets from holding the
   * query's progress lock).
   */
  private async addData(
    entries: readonly { readonly source: AddDataAction["source"]; readonly rows: readonly unknown[] }[],
  ): Promise<void> {
    for (let query = this.current; query !== undefined; query = this.current) {
      const clock = this.manualClock;
      if (clock === undefined) break;
      // Add only while the query waits on the clock, so the rows land in the batch that the next
      // AdvanceManualClock triggers rather than racing a running trigger.
      await this.eventually(
        "Error while synchronizing with manual clock before adding data",
        () => !query.isActive || clock.hasWaiters,
      );
      if (query.isActive) break;
      if (!(await this.recoverFromCrash()))
        this.fail("Query terminated while synchronizing with manual clock", query.exception());
    }
    const sources = streamingSources(this.df.plan);
    const added: [number, number][] = [];
    for (const { source, rows } of entries) {
      const index = sources.indexOf(source.handle);
      this.verify(index >= 0, `Could not find the index of the source to which data was added (${source})`);
      let offset: string;
      try {
        offset = source.addData(...rows);
      } catch (e) {
        this.fail("Error adding data", e);
      }
      added.push([index, Number(offset)]);
    }
    for (const [index, offset] of added) this.awaiting.set(index, offset);
  }

  private async advanceManualClock(a: AdvanceManualClockAction): Promise<void> {
    let clock: ManualClock;
    for (;;) {
      const query = this.current;
      this.verify(query !== undefined, "can not advance manual clock when a stream is not running");
      const c = this.manualClock;
      this.verify(
        c !== undefined,
        "can not advance the clock: the stream was not started with StartStream({ clock })",
      );
      // Advance only once the query waits at the expected time (SPARK-16002).
      await this.eventually(
        "ManualClock has not yet entered the waiting state",
        () => !query.isActive || (c.hasWaiters && c.nowMillis() === this.manualClockExpectedTime),
      );
      clock = c;
      if (query.isActive) break;
      if (!(await this.recoverFromCrash()))
        this.fail("Query terminated while waiting for it to wait on the manual clock", query.exception());
    }
    clock.advance(a.ms);
    this.manualClockExpectedTime += a.ms;
    this.verify(
      clock.nowMillis() === this.manualClockExpectedTime,
      `Unexpected clock time after updating: expecting ${this.manualClockExpectedTime}, current ${clock.nowMillis()}`,
    );
  }

  private async checkAnswerRows(a: CheckAnswerRowsAction): Promise<void> {
    const actual = await this.fetchAnswer(this.current, a.lastOnly ? "last" : "all");
    this.compare(a.rows, actual, (e, x) => sameRows(e, x, a.isSorted));
  }

  private async checkAnswerContains(a: CheckAnswerContainsAction): Promise<void> {
    const actual = await this.fetchAnswer(this.current ?? this.last, a.lastOnly ? "last" : "all");
    this.compare(a.rows, actual, includesRows);
  }

  private async checkAnswerByFunc(a: CheckAnswerByFuncAction): Promise<void> {
    const scope = a.scope === "new" ? "sinceLastFetch" : a.scope;
    const actual = await this.fetchAnswer(this.current ?? this.last, scope);
    try {
      await a.check(toRows(actual, this.schema), { rows: actual, schema: this.schema });
    } catch (e) {
      this.fail("The check function failed", e);
    }
  }

  private async processAllAvailable(): Promise<void> {
    await this.awaitProcessed(this.current);
  }

  private async checkNewAnswer(a: CheckNewAnswerAction): Promise<void> {
    const actual = await this.fetchAnswer(this.current, "sinceLastFetch");
    this.compare(a.rows, actual, (e, x) => sameRows(e, x, false));
  }

  private async expectFailure(a: ExpectFailureAction): Promise<void> {
    let query = this.current;
    this.verify(query !== undefined, "can not expect failure when stream is not running");
    try {
      let thrown: unknown;
      let threw = false;
      for (;;) {
        try {
          await this.withTimeout(query.awaitTermination(), "Timed out while waiting for failure");
        } catch (e) {
          if (e instanceof StreamTestFailure) throw e;
          thrown = e;
          threw = true;
        }
        // The injected crash is not the failure expected: recover, and wait on the restarted query.
        if (!(await this.recoverFromCrash())) break;
        query = this.current;
        this.verify(query !== undefined, "can not expect failure when stream is not running");
        threw = false;
        thrown = undefined;
      }
      this.verify(threw, "Expected the query to fail, but it terminated without an error");
      this.verify(
        thrown instanceof TsparkError && thrown.errorClass === "STREAM_FAILED",
        `Expected STREAM_FAILED from awaitTermination(), got ${describeError(thrown)}`,
      );
      this.verify(query.exception() === thrown, "incorrect exception returned by query.exception()");
      const cause = (thrown as TsparkError).cause;
      const o = a.options;
      if (o.errorClass !== undefined) {
        const got = cause instanceof TsparkError ? cause.errorClass : errorName(cause);
        this.verify(
          got === o.errorClass,
          `incorrect cause in exception returned by query.exception()\n\tExpected: ${o.errorClass}\n\tReturned: ${got}: ${describeError(cause)}`,
        );
      }
      if (o.message !== undefined) {
        const text = cause instanceof Error ? cause.message : String(cause);
        this.verify(
          text.includes(o.message),
          `the failure's message does not contain ${JSON.stringify(o.message)}: ${text}`,
        );
      }
      if (o.check) {
        try {
          o.check(cause);
        } catch (e) {
          this.fail("Error while checking stream failure", e);
        }
      }
    } finally {
      this.last = query;
      this.current = undefined;
    }
  }

  private async assertOnQuery(a: AssertOnQueryAction): Promise<void> {
    const query = this.current ?? this.last;
    this.verify(query !== undefined, "cannot assert when no stream has been started");
    let ok: boolean;
    try {
      ok = await a.condition(query);
    } catch (e) {
      this.fail(`Assert on query failed: ${a.message}`, e);
    }
    this.verify(ok, `Assert on query failed: ${a.message}`);
  }

  private async execute(a: ExecuteAction): Promise<void> {
    const query = this.current ?? this.last;
    this.verify(query !== undefined, "cannot execute when no stream has been started");
    try {
      await a.run(query);
    } catch (e) {
      this.fail(`Execute failed: ${a.message}`, e);
    }
  }

  private async assert(a: AssertAction): Promise<void> {
    let ok: boolean;
    try {
      ok = await a.condition();
    } catch (e) {
      this.fail(`Assert failed: ${a.message}`, e);
    }
    this.verify(ok, `Assert failed: ${a.message}`);
  }

  // ---- the sink ---------------------------------------------------------------------------------

  /**
   * The query's foreachBatch: stores the batch in the memory sink (once per batch id). A batch
   * the sink does not hold yet passes the `during-sink-write` fault point first: its rows are
   * computed, none stored (the sink stores a batch at once, so "part of it written" and "nothing
   * written" leave the same sink behind a crash that drops the uncommitted batch).
   */
  private async store(batchDf: DataFrame, batchId: number): Promise<void> {
    const rows = await batchDf.collectInternal();
    const before = this.sink.latestBatchId;
    const isNew = before === undefined || batchId > before;
    if (isNew) faultPoint("during-sink-write");
    await this.sink.addBatch(batchId, this.sinkBatch(rows));
    if (!isNew) return;
    this.batchLog.push({ batchId, rows });
    const first = this.droppedBatches.get(batchId);
    if (first !== undefined) {
      this.droppedBatches.delete(batchId);
      const was = canonicalRows(first, this.schema).sort();
      const now = canonicalRows(rows, this.schema).sort();
      if (was.join("\n") !== now.join("\n")) {
        this.replayMismatch ??=
          `Batch ${batchId}, re-run after the crash, wrote other rows than before it` +
          `\nbefore the crash: ${was.join(" ")}\nafter the crash:  ${now.join(" ")}`;
      }
    }
  }

  /** A batch of internal rows as the sink receives it. */
  private sinkBatch(rows: readonly (readonly unknown[])[]): SinkBatch {
    const width = this.schema.fields.length;
    return {
      schema: this.schema,
      outputMode: this.mode,
      rows: oneBatch({
        numRows: rows.length,
        columns: Array.from({ length: width }, (_, c) => rows.map((r) => r[c] ?? null)),
      }),
    };
  }

  // ---- crashes ----------------------------------------------------------------------------------

  private async armCrash(a: CrashAction): Promise<void> {
    this.armed.push({ action: a, step: this.pos, remaining: a.arrival });
  }

  /** The process-wide fault hook while the scenario runs: counts arrivals, fires armed crashes. */
  private readonly onFaultPoint = (point: FaultPoint): void => {
    this.arrivals.set(point, (this.arrivals.get(point) ?? 0) + 1);
    if (this.crashed !== undefined) return;
    for (let i = 0; i < this.armed.length; i++) {
      const a = this.armed[i] as ArmedCrash;
      if (a.action.point !== point || --a.remaining > 0) continue;
      this.armed.splice(i, 1);
      // The step's index in the caller's actions (not counting an implicit start).
      this.crashed = { action: a.action, step: this.implicitStart ? a.step - 1 : a.step };
      throw injectedFault(point);
    }
  };

  /**
   * After an injected crash: waits for the query to die (stopping it if the fault did not end it),
   * simulates the death of the process, and restarts the query from its checkpoint with the
   * latest start options when it was running. Returns false when no crash is pending.
   *
   * What dies with the process: the state stores cached in memory (`unloadStateStores` of this
   * checkpoint: the restarted query loads its state from the checkpoint's files), and the sink's
   * output of batches the commit log does not hold. Spark's MemorySink lives in the
   * driver and would be gone entirely; the kit's sink stands for an external sink that outlives
   * the process, so that answers can be compared across the crash: it keeps what committed
   * batches wrote and forgets the rest, as a transactional sink rolls back an unfinished batch.
   * The re-run must write that batch again, with the same rows as before the crash (same batch
   * id, same data: the guarantee idempotent sinks rely on); a difference fails the scenario.
   */
  private async recoverFromCrash(): Promise<boolean> {
    const crash = this.crashed;
    if (crash === undefined) return false;
    const query = this.current;
    if (query !== undefined) {
      try {
        await this.withTimeout(query.stop(), "Timed out while waiting for the crashed query to end");
      } catch (e) {
        if (e instanceof StreamTestFailure) throw e;
      }
      const error = query.exception();
      // A crash at a point of background work (a snapshot) does not throw into the batch: the
      // query may have gone on and failed on its own afterwards (a scenario's expected failure),
      // which a process that died at the crash would never have reached.
      if (
        error !== null &&
        !causedBy(error, "INJECTED_FAULT") &&
        !BACKGROUND_POINTS.has(crash.action.point)
      ) {
        this.fail(
          `The query failed with another error than the crash injected at ${crash.action.point}`,
          error,
        );
      }
      this.last = query;
      this.current = undefined;
    }
    this.crashed = undefined;
    const resolved = resolve(this.checkpoint);
    await unloadStateStores(join(resolved, "state"));
    const committed = new CommitLog(join(resolved, "commits")).getLatestBatchId();
    const logged = new OffsetSeqLog(join(resolved, "offsets")).getLatestBatchId();
    const dropped = this.batchLog.filter((b) => b.batchId > (committed ?? -1));
    if (dropped.length > 0) {
      for (const b of dropped) this.droppedBatches.set(b.batchId, b.rows);
      this.batchLog = this.batchLog.filter((b) => b.batchId <= (committed ?? -1));
      this.sink = new MemorySink(this.schema);
      for (const b of this.batchLog) await this.sink.addBatch(b.batchId, this.sinkBatch(b.rows));
    }
    this.crashes.push({
      point: crash.action.point,
      arrival: crash.action.arrival,
      step: crash.step,
      batchId: logged,
      committedBatchId: committed,
      droppedBatchIds: dropped.map((b) => b.batchId),
    });
    if (query !== undefined) await this.startStream(StartStream(this.startOptions));
    return true;
  }

  /** Fails when a batch re-run after a crash wrote other rows than its first attempt. */
  private checkReplays(): void {
    if (this.replayMismatch !== undefined) this.fail(this.replayMismatch);
  }

  /** Waits for the query to catch up (Spark's fetchStreamAnswer), then reads the sink. */
  private async fetchAnswer(
    query: StreamingQuery | undefined,
    which: "all" | "last" | "sinceLastFetch",
  ): Promise<(readonly unknown[])[]> {
    await this.awaitProcessed(query);
    return this.readSink(which);
  }

  /**
   * Spark's wait before a check: every added offset committed, then processAllAvailable(). When
   * an injected crash kills the query meanwhile, the kit restarts it and waits on the new run.
   */
  private async awaitProcessed(given: StreamingQuery | undefined): Promise<void> {
    let query = given;
    waiting: for (;;) {
      this.verify(query !== undefined, "stream not running");
      const q = query;
      for (const [index, offset] of this.awaiting) {
        await this.eventually(
          `the query has not processed offset ${offset} of source ${index}`,
          () => (this.committedOffsets()?.[index] ?? -1) >= offset || !q.isActive,
        );
        const committed = this.committedOffsets()?.[index] ?? -1;
        if (committed < offset) {
          if (await this.recoverFromCrash()) {
            query = this.current;
            continue waiting;
          }
          this.fail(
            `The query ended before processing offset ${offset} of source ${index} (committed: ${committed})`,
            q.exception(),
          );
        }
      }
      // An injected crash may kill the query after the data's batch committed (in the no-data
      // batch that follows it): recover, and wait on the restarted query.
      if (!q.isActive && (await this.recoverFromCrash())) {
        query = this.current;
        continue;
      }
      if (this.awaiting.size > 0 && this.manualClock === undefined && q.isActive) {
        // Offsets are committed; this also runs what follows from them (Spark: no-data batches).
        try {
          await this.withTimeout(q.processAllAvailable(), "Timed out in processAllAvailable()");
        } catch (e) {
          if (e instanceof StreamTestFailure) throw e;
          if (await this.recoverFromCrash()) {
            query = this.current;
            continue;
          }
          this.fail("The query failed while processing the added data", e);
        }
      }
      return;
    }
  }

  /** Reads the sink after `awaitProcessed`. */
  private readSink(which: "all" | "last" | "sinceLastFetch"): (readonly unknown[])[] {
    let rows: (readonly unknown[])[];
    if (which === "sinceLastFetch") {
      const latest = this.sink.latestBatchId ?? -1;
      this.verify(
        latest >= this.lastFetchedBatchId,
        "MemorySink was probably cleared since last fetch. Use CheckAnswer instead.",
      );
      rows = this.sink.rowsSinceBatch(this.lastFetchedBatchId);
    } else {
      rows = which === "last" ? this.sink.latestBatchRows() : this.sink.allRows();
    }
    this.lastFetchedBatchId = this.sink.latestBatchId ?? -1;
    return rows;
  }

  private compare(
    expected: readonly unknown[],
    actual: readonly (readonly unknown[])[],
    check: (expected: readonly string[], actual: readonly string[]) => string | undefined,
  ): void {
    let wanted: string[];
    try {
      wanted = expectedRows(expected, this.schema);
    } catch (e) {
      this.fail("The expected rows do not fit the query's result", e);
    }
    const error = check(wanted, canonicalRows(actual, this.schema));
    if (error !== undefined) this.fail(error);
  }

  /** The offsets of the last committed batch, per source (MemoryStream offsets as numbers). */
  private committedOffsets(): (number | undefined)[] | undefined {
    const commit = new CommitLog(join(this.checkpoint, "commits")).getLatestBatchId();
    if (commit === undefined) return undefined;
    const seq = new OffsetSeqLog(join(this.checkpoint, "offsets")).get(commit);
    return seq?.offsets.map((o) => (o === undefined ? undefined : Number(o)));
  }

  // ---- waiting and failing ----------------------------------------------------------------------

  private async eventually(message: string, condition: () => boolean): Promise<void> {
    const deadline = performance.now() + this.timeoutMs;
    while (!condition()) {
      if (performance.now() > deadline) this.fail(`Timed out: ${message}`);
      await sleep(5);
    }
  }

  private async withTimeout<T>(p: Promise<T>, message: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = Symbol("timeout");
    const timeout = new Promise<typeof timedOut>((resolve) => {
      timer = setTimeout(() => resolve(timedOut), this.timeoutMs);
    });
    try {
      const r = await Promise.race([p, timeout]);
      if (r === timedOut) this.fail(`${message} (after ${this.timeoutMs} ms)`);
      return r as T;
    } finally {
      clearTimeout(timer);
    }
  }

  private verify(condition: boolean, message: string): asserts condition {
    if (!condition) this.fail(message);
  }

  private fail(message: string, cause?: unknown): never {
    const causeText = cause === undefined || cause === null ? "" : `: ${describeError(cause)}`;
    throw new StreamTestFailure({ message: `${message}${causeText}\n${this.testState()}` });
  }

  private testState(): string {
    const query = this.current ?? this.last;
    const steps = this.steps
      .map((a, i) => {
        const index = this.implicitStart ? (i === 0 ? "-" : String(i - 1)) : String(i);
        const text = this.implicitStart && i === 0 ? `${describeAction(a)} (implicit)` : describeAction(a);
        return `${i === this.pos ? "=>" : "  "} [${index}] ${text}`;
      })
      .join("\n");
    let offsets: string;
    try {
      const committed = this.committedOffsets();
      const sources = streamingSources(this.df.plan);
      offsets =
        committed === undefined
          ? "no batch committed"
          : `{${sources.map((s, i) => `${i} ${s.sourceName}: ${committed[i] ?? "-"}`).join(", ")}}`;
    } catch (e) {
      offsets = `unreadable (${describeError(e)})`;
    }
    const queryState =
      query === undefined
        ? "not started"
        : `${query.isActive ? "active" : "terminated"}${this.current === undefined ? " (stopped)" : ""}`;
    const failure = query?.exception();
    const sink =
      this.batchLog.length === 0
        ? "(no batches)"
        : this.batchLog
            .map((b) => `${b.batchId}: ${canonicalRows(b.rows, this.schema).join(" ")}`)
            .join("\n");
    let plan = "";
    try {
      plan = query?.explainString() ?? "";
    } catch (e) {
      plan = `unavailable (${describeError(e)})`;
    }
    return [
      "",
      "== Progress ==",
      steps,
      "",
      "== Stream ==",
      `Output Mode: ${this.mode}`,
      `Stream state (committed offsets): ${offsets}`,
      `Query state: ${queryState}`,
      ...(failure ? [`Query failure: ${describeError(failure)}`] : []),
      `Checkpoint: ${this.checkpoint}`,
      ...this.crashes.map(
        (c) =>
          `Crash injected at ${c.point} (arrival ${c.arrival}) in batch ${c.batchId ?? "-"}, last committed ${c.committedBatchId ?? "-"}` +
          (c.droppedBatchIds.length > 0 ? `; the sink forgot batch ${c.droppedBatchIds.join(", ")}` : ""),
      ),
      "",
      "== Sink ==",
      sink,
      "",
      "== Plan ==",
      plan,
    ].join("\n");
  }

  private async cleanUp(): Promise<void> {
    for (const q of [this.current, this.last]) {
      if (q?.isActive) {
        try {
          await this.withTimeout(q.stop(), "Timed out while stopping the query after the test");
        } catch {
          // The test's own outcome matters more than a slow stop.
        }
      }
    }
    const conf = this.df.sparkSession.conf;
    for (const [k, v] of this.resetConfs) {
      if (v === null) conf.unset(k);
      else conf.set(k, v);
    }
    // The process-wide state store cache would otherwise keep this checkpoint's providers (and a
    // disk-backed provider its open files) after the directory is gone.
    await unloadStateStores(join(resolve(this.defaultCheckpoint), "state"));
    rmSync(this.defaultCheckpoint, { recursive: true, force: true });
  }
}

async function* oneBatch(batch: RecordBatch): AsyncIterable<RecordBatch> {
  if (batch.numRows > 0) yield batch;
}

/** Whether `e` or one of its causes is a TsparkError of `errorClass`. */
function causedBy(e: unknown, errorClass: string): boolean {
  for (let x: unknown = e, depth = 0; x !== undefined && x !== null && depth < 10; depth++) {
    if (x instanceof TsparkError && x.errorClass === errorClass) return true;
    x = x instanceof Error ? x.cause : undefined;
  }
  return false;
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : typeof e;
}

function describeError(e: unknown): string {
  if (e instanceof TsparkError) {
    const cause = e.cause === undefined ? "" : `\n\tCaused by: ${describeError(e.cause)}`;
    return `[${e.errorClass}] ${e.message}${cause}`;
  }
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return String(e);
}
