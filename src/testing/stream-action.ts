/**
 * The steps of a `testStream` scenario (Spark's `StreamTest` actions): immutable objects with a
 * `kind`, built by same-named factories. `testStream` runs them in order, waiting for the query
 * to catch up where a step needs it.
 *
 *     AddData(input, 1, 2, 3)          rows into a MemoryStream (one offset)
 *     MultiAddData([a, [1]], [b, [2]]) rows into several MemoryStreams, in one batch
 *     CheckAnswer(2, 3, 4)             the sink's whole content, in any order
 *     CheckLastBatch([1, 2])           the last batch only
 *     CheckNewAnswer(5)                rows written since the previous check
 *     StopStream, StartStream({ trigger, clock, additionalConfs, checkpointLocation })
 *     AdvanceManualClock(1000)         after the query waits on its ManualClock
 *     ExpectFailure({ errorClass })    the query fails (with this cause)
 *     ProcessAllAvailable()            wait as a check does, without checking
 *     AssertOnQuery((q) => q.isActive, "still running"), Execute((q) => …), Assert(() => …)
 *     Crash("after-sink-write")        the next time the protocol reaches that point, the query
 *                                      crashes; the kit recovers it as after a process death
 */
import type { TriggerOptions } from "../api/data-stream-writer.js";
import type { Row } from "../api/row.js";
import type { StreamingQuery } from "../api/streaming-query.js";
import type { ManualClock } from "../common/clock.js";
import { TsparkError } from "../common/errors.js";
import { FAULT_POINTS, type FaultPoint } from "../common/fault-points.js";
import type { StructType } from "../types/data-type.js";
import { displayValue } from "./answer-check.js";
import type { MemoryStream } from "./memory-stream.js";

/** Adds rows to a MemoryStream; later checks wait until they are processed. */
export interface AddDataAction {
  readonly kind: "addData";
  readonly source: MemoryStream;
  readonly rows: readonly unknown[];
}

/**
 * Adds rows to several MemoryStreams at once (Spark's `MultiAddData`): no batch can start between
 * the additions, so the next batch reads all of them.
 */
export interface MultiAddDataAction {
  readonly kind: "multiAddData";
  readonly entries: readonly { readonly source: MemoryStream; readonly rows: readonly unknown[] }[];
}

/** Compares the sink's rows (all, or the last batch) with the expected rows. */
export interface CheckAnswerRowsAction {
  readonly kind: "checkAnswerRows";
  readonly rows: readonly unknown[];
  /** Only the last batch (Spark's CheckLastBatch). */
  readonly lastOnly: boolean;
  /** Order matters. */
  readonly isSorted: boolean;
}

/** Checks that every expected row is among the sink's rows (Spark's CheckAnswerRowsContains). */
export interface CheckAnswerContainsAction {
  readonly kind: "checkAnswerContains";
  readonly rows: readonly unknown[];
  readonly lastOnly: boolean;
}

/** The rows a `CheckAnswerByFunc` function gets besides Row objects: internal values, for renderers. */
export interface SinkAnswer {
  readonly rows: readonly (readonly unknown[])[];
  readonly schema: StructType;
}

/** Which rows of the sink a check reads. */
export type AnswerScope = "all" | "last" | "new";

/** Runs a function on the sink's rows (as Row objects, and as internal rows). */
export interface CheckAnswerByFuncAction {
  readonly kind: "checkAnswerByFunc";
  readonly check: (rows: Row[], answer: SinkAnswer) => void | Promise<void>;
  /** All rows, the last batch, or the rows since the previous check. */
  readonly scope: AnswerScope;
}

/** Compares the rows written since the previous check with the expected rows. */
export interface CheckNewAnswerAction {
  readonly kind: "checkNewAnswer";
  readonly rows: readonly unknown[];
}

/** Waits until the query has processed everything added (Spark's `q.processAllAvailable()` step). */
export interface ProcessAllAvailableAction {
  readonly kind: "processAllAvailable";
}

/** Stops the running query (it must not fail while stopping). */
export interface StopStreamAction {
  readonly kind: "stopStream";
}

/** How `StartStream` starts the query. */
export interface StartStreamOptions {
  /** The trigger (default: processing time 0, batches back to back). */
  readonly trigger?: TriggerOptions;
  /**
   * The ManualClock driving the query: it must be the session's clock
   * (`SparkSession.builder.withClock(clock)`). Given, checks wait for processed offsets instead of
   * `processAllAvailable`, and `AddData` / `AdvanceManualClock` wait until the query waits on it.
   */
  readonly clock?: ManualClock;
  /** Session confs set before the start (restored when the test ends). */
  readonly additionalConfs?: Readonly<Record<string, string>>;
  /** The checkpoint directory (default: the test's own temporary directory). */
  readonly checkpointLocation?: string;
  /** The query's name. */
  readonly queryName?: string;
}

/** Starts (or restarts, from the checkpoint) the query. */
export interface StartStreamAction {
  readonly kind: "startStream";
  readonly options: StartStreamOptions;
}

/** Advances the query's ManualClock once the query waits on it. */
export interface AdvanceManualClockAction {
  readonly kind: "advanceManualClock";
  readonly ms: number;
}

/** What the expected failure looks like. */
export interface ExpectFailureOptions {
  /** The error class of the failure's cause (the error inside `STREAM_FAILED`). */
  readonly errorClass?: string;
  /** Text the cause's message contains. */
  readonly message?: string;
  /** Further checks on the cause. */
  readonly check?: (cause: unknown) => void;
}

/** Waits for the query to fail and checks the failure. */
export interface ExpectFailureAction {
  readonly kind: "expectFailure";
  readonly options: ExpectFailureOptions;
}

/** A condition on the running (or last) query. */
export interface AssertOnQueryAction {
  readonly kind: "assertOnQuery";
  readonly condition: (query: StreamingQuery) => boolean | Promise<boolean>;
  readonly message: string;
}

/** Code run with the running (or last) query; fails when it throws. */
export interface ExecuteAction {
  readonly kind: "execute";
  readonly run: (query: StreamingQuery) => unknown;
  readonly message: string;
}

/** A condition that does not need the query. */
export interface AssertAction {
  readonly kind: "assert";
  readonly condition: () => boolean | Promise<boolean>;
  readonly message: string;
}

/**
 * Arms a crash: the `arrival`-th time (counted from this step) the batch protocol reaches `point`,
 * the query crashes there. The kit then does what a process death and a restart do: it forgets the
 * state cached in memory and the sink's output of batches not committed, and restarts the query
 * from its checkpoint; the following steps must see the same answers as without the crash.
 */
export interface CrashAction {
  readonly kind: "crash";
  readonly point: FaultPoint;
  readonly arrival: number;
}

/** One step of a `testStream` scenario. */
export type StreamAction =
  | AddDataAction
  | MultiAddDataAction
  | CheckAnswerRowsAction
  | CheckAnswerContainsAction
  | CheckAnswerByFuncAction
  | CheckNewAnswerAction
  | ProcessAllAvailableAction
  | StopStreamAction
  | StartStreamAction
  | AdvanceManualClockAction
  | ExpectFailureAction
  | AssertOnQueryAction
  | ExecuteAction
  | AssertAction
  | CrashAction;

/** `AddData(source, ...rows)`: one `addData` call on the stream. */
export function AddData(source: MemoryStream, ...rows: unknown[]): AddDataAction {
  return { kind: "addData", source, rows };
}

/**
 * `MultiAddData([source1, rows1], [source2, rows2], …)`: one `addData` call per stream, all made
 * before the query can plan another batch, so they land in the same batch (Spark's
 * `MultiAddData(source1, data1: _*)(source2, data2: _*)`).
 */
export function MultiAddData(
  ...entries: readonly (readonly [MemoryStream, readonly unknown[]])[]
): MultiAddDataAction {
  if (entries.length === 0) {
    throw new TsparkError("ILLEGAL_ARGUMENT", {
      messageParameters: { message: "MultiAddData needs at least one [source, rows] pair" },
    });
  }
  return { kind: "multiAddData", entries: entries.map(([source, rows]) => ({ source, rows })) };
}

/** `CheckAnswer(...rows)`: the sink's whole content equals `rows`, in any order. */
export function CheckAnswer(...rows: unknown[]): CheckAnswerRowsAction {
  return { kind: "checkAnswerRows", rows, lastOnly: false, isSorted: false };
}

/** `CheckLastBatch(...rows)`: the last batch equals `rows`, in any order. */
export function CheckLastBatch(...rows: unknown[]): CheckAnswerRowsAction {
  return { kind: "checkAnswerRows", rows, lastOnly: true, isSorted: false };
}

/** `CheckAnswerRows(rows, { lastOnly, isSorted })`: the general form of the two above. */
export function CheckAnswerRows(
  rows: readonly unknown[],
  options: { readonly lastOnly?: boolean; readonly isSorted?: boolean } = {},
): CheckAnswerRowsAction {
  return {
    kind: "checkAnswerRows",
    rows,
    lastOnly: options.lastOnly ?? false,
    isSorted: options.isSorted ?? false,
  };
}

/** `CheckAnswerContains(...rows)`: every row is in the sink (other rows may be too). */
export function CheckAnswerContains(...rows: unknown[]): CheckAnswerContainsAction {
  return { kind: "checkAnswerContains", rows, lastOnly: false };
}

/**
 * `CheckAnswerByFunc(fn, { lastOnly, newOnly })`: `fn` receives the sink's rows (all, the last
 * batch, or those since the previous check) as Row objects and as internal rows with the schema.
 */
export function CheckAnswerByFunc(
  check: (rows: Row[], answer: SinkAnswer) => void | Promise<void>,
  options: { readonly lastOnly?: boolean; readonly newOnly?: boolean } = {},
): CheckAnswerByFuncAction {
  return {
    kind: "checkAnswerByFunc",
    check,
    scope: options.newOnly ? "new" : options.lastOnly ? "last" : "all",
  };
}

/**
 * `ProcessAllAvailable()`: waits as a check does (every added offset committed, then
 * `processAllAvailable()` unless on a ManualClock) without reading the sink, so the next
 * `CheckNewAnswer` still sees the rows.
 */
export function ProcessAllAvailable(): ProcessAllAvailableAction {
  return { kind: "processAllAvailable" };
}

/** `CheckNewAnswer(...rows)`: the rows written since the previous check (none: no new rows). */
export function CheckNewAnswer(...rows: unknown[]): CheckNewAnswerAction {
  return { kind: "checkNewAnswer", rows };
}

/** `StopStream`: stops the running query. */
export const StopStream: StopStreamAction = Object.freeze({ kind: "stopStream" });

/** `StartStream(options?)`: starts the query, resuming from the checkpoint. */
export function StartStream(options: StartStreamOptions = {}): StartStreamAction {
  return { kind: "startStream", options };
}

/** `AdvanceManualClock(ms)`: moves the query's ManualClock forward once the query waits on it. */
export function AdvanceManualClock(ms: number): AdvanceManualClockAction {
  return { kind: "advanceManualClock", ms };
}

/** `ExpectFailure({ errorClass?, message?, check? })`: the query fails with such a cause. */
export function ExpectFailure(options: ExpectFailureOptions = {}): ExpectFailureAction {
  return { kind: "expectFailure", options };
}

/** `AssertOnQuery(condition, message)`: `condition(query)` holds. */
export function AssertOnQuery(
  condition: (query: StreamingQuery) => boolean | Promise<boolean>,
  message = "",
): AssertOnQueryAction {
  return { kind: "assertOnQuery", condition, message };
}

/** `Execute(fn)`: runs `fn(query)` (awaited); a throw fails the test. */
export function Execute(run: (query: StreamingQuery) => unknown, message = ""): ExecuteAction {
  return { kind: "execute", run, message };
}

/** `Assert(condition, message)`: `condition()` holds. */
export function Assert(condition: () => boolean | Promise<boolean>, message = ""): AssertAction {
  return { kind: "assert", condition, message };
}

/**
 * `Crash(point, arrival = 1)`: the `arrival`-th time from now that the batch protocol reaches
 * `point` (a FAULT_POINTS name), the query crashes there and the kit recovers it from its
 * checkpoint as after a process death (see `CrashAction`).
 */
export function Crash(point: FaultPoint, arrival = 1): CrashAction {
  if (!FAULT_POINTS.includes(point)) {
    throw new TsparkError("ILLEGAL_ARGUMENT", {
      messageParameters: { message: `Crash(${point}): not a fault point (${FAULT_POINTS.join(", ")})` },
    });
  }
  if (!Number.isInteger(arrival) || arrival < 1) {
    throw new TsparkError("ILLEGAL_ARGUMENT", {
      messageParameters: { message: `Crash(${point}, ${arrival}): the arrival is a whole number from 1` },
    });
  }
  return { kind: "crash", point, arrival };
}

/** Whether the action needs a started query (Spark's StreamMustBeRunning). */
export function mustBeRunning(action: StreamAction): boolean {
  return (
    action.kind === "checkAnswerRows" ||
    action.kind === "checkAnswerContains" ||
    action.kind === "checkAnswerByFunc" ||
    action.kind === "checkNewAnswer" ||
    action.kind === "processAllAvailable" ||
    action.kind === "stopStream"
  );
}

const rowsText = (rows: readonly unknown[]): string => rows.map(displayValue).join(",");

const DESCRIBE: { readonly [K in StreamAction["kind"]]: (a: Extract<StreamAction, { kind: K }>) => string } =
  {
    addData: (a) => `AddData to ${a.source}: ${rowsText(a.rows)}`,
    multiAddData: (a) =>
      `MultiAddData ${a.entries.map((e) => `to ${e.source}: ${rowsText(e.rows)}`).join("; ")}`,
    checkAnswerRows: (a) =>
      `${a.lastOnly ? "CheckLastBatch" : "CheckAnswer"}${a.isSorted ? " (sorted)" : ""}: ${rowsText(a.rows)}`,
    checkAnswerContains: (a) =>
      `${a.lastOnly ? "CheckLastBatchContains" : "CheckAnswerContains"}: ${rowsText(a.rows)}`,
    checkAnswerByFunc: (a) =>
      a.scope === "last"
        ? "CheckLastBatchByFunc"
        : a.scope === "new"
          ? "CheckNewAnswerByFunc"
          : "CheckAnswerByFunc",
    processAllAvailable: () => "ProcessAllAvailable",
    checkNewAnswer: (a) => `CheckNewAnswer: ${rowsText(a.rows)}`,
    stopStream: () => "StopStream",
    startStream: (a) => {
      const o = a.options;
      const parts = [
        o.trigger ? `trigger=${JSON.stringify(o.trigger)}` : undefined,
        o.clock ? "clock=ManualClock" : undefined,
        o.additionalConfs ? `confs=${JSON.stringify(o.additionalConfs)}` : undefined,
        o.checkpointLocation ? `checkpointLocation=${o.checkpointLocation}` : undefined,
        o.queryName ? `queryName=${o.queryName}` : undefined,
      ].filter((p) => p !== undefined);
      return `StartStream(${parts.join(", ")})`;
    },
    advanceManualClock: (a) => `AdvanceManualClock(${a.ms})`,
    expectFailure: (a) => {
      const o = a.options;
      const parts = [o.errorClass, o.message === undefined ? undefined : JSON.stringify(o.message)].filter(
        (p) => p !== undefined,
      );
      return `ExpectFailure(${parts.join(", ")})`;
    },
    assertOnQuery: (a) => `AssertOnQuery(<condition>, ${a.message})`,
    execute: (a) => `Execute(${a.message})`,
    assert: (a) => `Assert(<condition>, ${a.message})`,
    crash: (a) => `Crash(${a.point}${a.arrival === 1 ? "" : `, arrival ${a.arrival}`})`,
  };

/** How the action is listed in a failure report (Spark's action `toString`). */
export function describeAction(action: StreamAction): string {
  const describe = DESCRIBE[action.kind] as (a: StreamAction) => string;
  return describe(action);
}
