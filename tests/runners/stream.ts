/**
 * The `.stream` scenario runner (docs: /work/shared/TESTING.md, "A streaming scenario format"): a
 * thin parser that turns a file into `tspark/testing` actions and runs them with `testStream`.
 *
 *     # Spark's StreamingAggregationSuite "simple count, update mode"
 *     source input memory (value int)
 *
 *     query update
 *     spark.readStream.table('input').groupBy('value').count()
 *
 *     add input
 *     3
 *
 *     run
 *     expect new
 *     3 1
 *
 * Records (one per line; a query body ends at a blank line, rows at a blank line or the next
 * record, so a row whose first value is a record word must quote it):
 * - setup: `config k=v`; `source <name> memory (<ddl schema>)` (a MemoryStream, also a temp
 *   view `<name>` for `spark.readStream.table`); `query <append|update|complete>
 *   [trigger=processing-time:<interval>|once|available-now]` followed by a DataFrame expression
 *   (`spark`, `F`, `col`, `lit` and `sources` in scope), or `query sql <mode> …` followed by SQL;
 * - steps: `add <source>` followed by rows (whitespace-separated, `'quoted strings'`, `NULL`, read
 *   by the source's schema; no rows: an empty batch); `run`; `clock advance <ms|interval>`;
 *   `stop`, `start`, `restart`; `crash <point> [<n>]`: the next (n-th) time the batch protocol
 *   reaches the fault point (`after-offsets-write`, `during-sink-write`, `after-sink-write`,
 *   `during-state-commit`, `after-state-commit`, `during-snapshot`, `after-commit-log`; also
 *   `after-offset-log` and `before-commit`, the first names of the format), the query crashes and
 *   the kit restarts it from the checkpoint as after a process death (a `restart` after it is
 *   allowed, not needed), and the following assertions must hold as without the crash; a
 *   `crash` the file never reaches fails it;
 * - assertions: `expect new|all|last-batch [rowsort]` followed by rows rendered as the `.slt`
 *   files render them (`(no rows)` for none); `expect error <ERROR_CLASS>` (a failure of the
 *   running query, or of its start when it is the first assertion); `expect state-rows <n>…` (rows
 *   held per state operator after the last batch); `expect metric <numInputRows|numOutputRows|batchId>
 *   <value>`.
 * - matrix exclusions (a file runs as written, with a restart after every batch and with a crash
 *   at each protocol point; TESTING.md "Recovery matrix"): `matrix no-restart <reason…>`,
 *   `matrix no-crash [<point>,…] <reason…>` (every point when none is named) say why the file
 *   cannot run so; the matrix reports the runs it leaves out as skipped with the reason.
 * Not yet: `run 1`, `expect watermark`, `expect batch <id>`, `expect plan` (rejected with a
 * message naming the line).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { DataFrame } from "../../src/api/data-frame.js";
import type { TriggerOptions } from "../../src/api/data-stream-writer.js";
import * as F from "../../src/api/functions/index.js";
import { SparkSession } from "../../src/api/spark-session.js";
import { TsparkError } from "../../src/common/errors.js";
import {
  AddData,
  AdvanceManualClock,
  CheckAnswerByFunc,
  Crash,
  type CrashVariant,
  FAULT_POINTS,
  type FaultPoint,
  Execute,
  ExpectFailure,
  ManualClock,
  MemoryStream,
  ProcessAllAvailable,
  type SinkAnswer,
  StartStream,
  type StartStreamOptions,
  StopStream,
  type StreamAction,
  StreamTestFailure,
  type StreamTestReport,
  testStream,
  withCrashAt,
  withRestartAfterEveryBatch,
} from "../../src/testing/index.js";
import { stringToInterval } from "../../src/functions/core/cast.js";
import type { DataType } from "../../src/types/data-type.js";
import { renderCell, splitValues } from "./slt.js";

/** One record of a `.stream` file: its header line and the block that follows it. */
interface StreamRecord {
  readonly line: number;
  readonly words: readonly string[];
  readonly block: readonly string[];
}

/** A parsed `.stream` file, ready to run. */
export interface StreamFile {
  readonly path: string;
  readonly records: readonly StreamRecord[];
}

/** The first words of records. */
const RECORDS = new Set([
  "config",
  "source",
  "query",
  "add",
  "run",
  "clock",
  "stop",
  "start",
  "restart",
  "crash",
  "expect",
  "matrix",
]);

/** Records that take a block of lines after them. */
const WITH_BLOCK = new Set(["query", "add", "expect"]);

/** Splits a file into records; comments (`#`) and blank lines separate them. */
export function parseStreamFile(path: string): StreamFile {
  const lines = readFileSync(path, "utf8").split("\n");
  const records: StreamRecord[] = [];
  let i = 0;
  while (i < lines.length) {
    const text = (lines[i] as string).trimEnd();
    if (text.trim() === "" || text.trimStart().startsWith("#")) {
      i++;
      continue;
    }
    const words = text.trim().split(/\s+/);
    const line = i + 1;
    i++;
    const block: string[] = [];
    const kind = words[0] as string;
    const takesBlock =
      WITH_BLOCK.has(kind) && !(kind === "expect" && /^(error|state-rows|metric)$/.test(words[1] ?? ""));
    if (takesBlock) {
      // A query body runs to the blank line; rows also stop at the next record (`expect …`).
      const endsAtRecord = kind !== "query";
      while (
        i < lines.length &&
        (lines[i] as string).trim() !== "" &&
        !(endsAtRecord && RECORDS.has((lines[i] as string).trim().split(/\s+/)[0] as string))
      ) {
        block.push((lines[i] as string).trimEnd());
        i++;
      }
    }
    records.push({ line, words, block });
  }
  return { path, records };
}

/** What running a file needs: its session, query and actions. */
export interface Built {
  readonly df: DataFrame;
  readonly mode: string;
  readonly actions: StreamAction[];
  /** The error class of a first-assertion `expect error` (the query may fail to start). */
  readonly startError: string | undefined;
  /** `matrix no-restart`: why the file cannot run with a restart after every batch. */
  readonly noRestartMatrix: string | undefined;
  /** `matrix no-crash`: why the file cannot run with a crash (at every point, or at those named). */
  readonly noCrashMatrix:
    | string
    | { readonly points: readonly FaultPoint[]; readonly reason: string }
    | undefined;
}

/** The fault point names of the first version of the format, as FAULT_POINTS names them. */
const POINT_ALIASES: Readonly<Record<string, FaultPoint>> = {
  "after-offset-log": "after-offsets-write",
  "before-commit": "after-state-commit",
};

function faultPointOf(file: StreamFile, rec: StreamRecord, name: string | undefined): FaultPoint {
  const point = POINT_ALIASES[name ?? ""] ?? name;
  if (!FAULT_POINTS.includes(point as FaultPoint))
    fail(file, rec, `unknown fault point ${name} (${FAULT_POINTS.join(", ")})`);
  return point as FaultPoint;
}

function where(file: StreamFile, rec: StreamRecord): string {
  return `${file.path}:${rec.line}`;
}

function fail(file: StreamFile, rec: StreamRecord, message: string): never {
  throw new TsparkError("INTERNAL_ERROR", {
    messageParameters: { message: `${where(file, rec)}: ${message}` },
  });
}

function intervalMs(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const short = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (short)
    return Number(short[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[short[2] as "ms" | "s" | "m" | "h"];
  const iv = stringToInterval(text);
  if (iv === null)
    throw new TsparkError("INVALID_INTERVAL_FORMAT.INTERVAL_PARSING", {
      messageParameters: { interval: text },
    });
  return Math.trunc((iv.days * 86_400_000_000 + iv.micros) / 1000);
}

function parseTrigger(word: string | undefined): TriggerOptions | undefined {
  if (word === undefined) return undefined;
  const m = /^trigger=(.*)$/.exec(word);
  if (!m) return undefined;
  const v = m[1] as string;
  if (v === "once") return { once: true };
  if (v === "available-now") return { availableNow: true };
  const pt = /^processing-time:(.+)$/.exec(v); // 10s, 500ms, 1m, or an interval
  if (pt) return { processingTime: intervalMs(pt[1] as string) };
  return undefined;
}

/** A value written in an `add` block, read by the column's type. */
function readValue(text: string, type: DataType): unknown {
  if (text === "NULL") return null;
  const raw = text.startsWith("'") && text.endsWith("'") && text.length >= 2 ? text.slice(1, -1) : text;
  switch (type.kind) {
    case "byte":
    case "short":
    case "int":
    case "float":
    case "double":
      return Number(raw);
    case "long": {
      const n = Number(raw);
      return Number.isSafeInteger(n) ? n : BigInt(raw);
    }
    case "boolean":
      return raw === "true";
    case "timestamp":
    case "timestamp_ntz":
    case "date": {
      const iso = raw.replace(" ", "T");
      return new Date(/Z$|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}${iso.length <= 10 ? "" : "Z"}`);
    }
    default:
      return raw === "(empty)" ? "" : raw;
  }
}

/** The rows of a check, rendered as `.slt` renders them. */
function renderAnswer(answer: SinkAnswer, timeZone: string): string[] {
  return answer.rows.map((r) =>
    answer.schema.fields.map((f, i) => renderCell(r[i], f.dataType, timeZone)).join(" "),
  );
}

function expectedLines(block: readonly string[]): string[] {
  if (block.length === 1 && block[0]?.trim() === "(no rows)") return [];
  return block.map((l) => splitValues(l).join(" "));
}

/** Builds the query and the actions of a file in a fresh session. */
export function buildStreamFile(file: StreamFile): Built {
  const clock = new ManualClock();
  const builder = SparkSession.builder
    .config({ "spark.sql.session.timeZone": "UTC", "spark.sql.shuffle.partitions": 5 })
    .withClock(clock);
  let spark: SparkSession | undefined;
  const session = (): SparkSession => {
    spark ??= builder.create();
    return spark;
  };
  const sources = new Map<string, MemoryStream>();
  let df: DataFrame | undefined;
  let mode = "append";
  let start: StartStreamOptions = {};
  let startError: string | undefined;
  let sawAssertion = false;
  let noRestartMatrix: string | undefined;
  let noCrashMatrix: Built["noCrashMatrix"];
  const actions: StreamAction[] = [];
  const timeZone = () => session().conf.get("spark.sql.session.timeZone") ?? "UTC";
  for (const rec of file.records) {
    const [kind, ...args] = rec.words;
    switch (kind) {
      case "config": {
        const [k, ...v] = (args[0] ?? "").split("=");
        if (spark) spark.conf.set(k as string, v.join("="));
        else builder.config(k as string, v.join("="));
        break;
      }
      case "source": {
        const [name, format] = args;
        if (format !== "memory") fail(file, rec, `only memory sources are supported, got ${format}`);
        const ddl = /\((.*)\)\s*$/.exec(rec.words.join(" "))?.[1];
        if (name === undefined || ddl === undefined)
          fail(file, rec, "expected: source <name> memory (<schema>)");
        const stream = new MemoryStream(session(), ddl);
        stream.toDF().createOrReplaceTempView(name);
        sources.set(name, stream);
        break;
      }
      case "query": {
        const sql = args[0] === "sql";
        mode = (sql ? args[1] : args[0]) ?? "append";
        const trigger = parseTrigger(sql ? args[2] : args[1]);
        start =
          trigger === undefined
            ? {}
            : { trigger, ...("processingTime" in trigger && trigger.processingTime ? { clock } : {}) };
        const body = rec.block.join("\n");
        if (sql) df = session().sql(body);
        else {
          const evaluate = new Function("spark", "F", "col", "lit", "sources", `return (${body});`) as (
            ...args: unknown[]
          ) => DataFrame;
          df = evaluate(session(), F, F.col, F.lit, Object.fromEntries([...sources].map(([k, v]) => [k, v])));
        }
        actions.push(StartStream(start));
        break;
      }
      case "add": {
        const stream = sources.get(args[0] ?? "");
        if (!stream) fail(file, rec, `unknown source ${args[0]}`);
        const fields = stream.schema.fields;
        const rows = rec.block.map((l) => {
          const cells = splitValues(l);
          if (cells.length !== fields.length)
            fail(file, rec, `row "${l}" has ${cells.length} values, the source ${fields.length} columns`);
          return fields.map((f, c) => readValue(cells[c] as string, f.dataType));
        });
        actions.push(AddData(stream, ...rows));
        break;
      }
      case "run":
        if (args.length > 0) fail(file, rec, "`run <n>` is not supported yet");
        actions.push(ProcessAllAvailable());
        break;
      case "clock":
        if (args[0] !== "advance" || args[1] === undefined)
          fail(file, rec, "expected: clock advance <duration>");
        actions.push(AdvanceManualClock(intervalMs(args.slice(1).join(" "))));
        break;
      case "stop":
        actions.push(StopStream);
        break;
      case "start":
        actions.push(StartStream(start));
        break;
      case "restart":
        actions.push(StopStream, StartStream(start));
        break;
      case "crash": {
        const point = faultPointOf(file, rec, args[0]);
        const n = args[1] === undefined ? 1 : Number(args[1]);
        if (!Number.isInteger(n) || n < 1 || args.length > 2)
          fail(file, rec, "expected: crash <point> [<n>]");
        actions.push(Crash(point, n));
        break;
      }
      case "matrix": {
        const [what, ...rest] = args;
        if (what === "no-restart" && rest.length > 0) noRestartMatrix = rest.join(" ");
        else if (what === "no-crash" && rest.length > 0) {
          const names = (rest[0] as string).split(",");
          const named = names.every((n) => FAULT_POINTS.includes((POINT_ALIASES[n] ?? n) as FaultPoint));
          const reason = (named ? rest.slice(1) : rest).join(" ");
          if (reason === "") fail(file, rec, "expected: matrix no-crash [<point>,…] <reason>");
          noCrashMatrix = named ? { points: names.map((n) => faultPointOf(file, rec, n)), reason } : reason;
        } else fail(file, rec, "expected: matrix no-restart <reason> | matrix no-crash [<point>,…] <reason>");
        break;
      }
      case "expect": {
        const what = args[0];
        const first = !sawAssertion;
        sawAssertion = true;
        if (what === "new" || what === "all" || what === "last-batch") {
          const sorted = args[1] === "rowsort";
          const want = expectedLines(rec.block);
          const at = where(file, rec);
          actions.push(
            CheckAnswerByFunc(
              (_rows, answer) => {
                const got = renderAnswer(answer, timeZone());
                assert.deepEqual(
                  sorted ? [...got].sort() : got,
                  sorted ? [...want].sort() : want,
                  `${at}: expect ${what}${sorted ? " rowsort" : ""}`,
                );
              },
              { newOnly: what === "new", lastOnly: what === "last-batch" },
            ),
          );
        } else if (what === "error") {
          const errorClass = args[1];
          if (errorClass === undefined) fail(file, rec, "expected: expect error <ERROR_CLASS>");
          if (first) startError = errorClass;
          actions.push(ExpectFailure({ errorClass }));
        } else if (what === "state-rows") {
          const totals = args.slice(1).map(Number);
          const at = where(file, rec);
          actions.push(
            Execute(
              (q) => {
                const last = q.recentProgress.filter((p) => p.durationMs.has("addBatch")).at(-1);
                assert.deepEqual(
                  last?.stateOperators.map((o) => o.numRowsTotal),
                  totals,
                  `${at}: expect state-rows`,
                );
              },
              `expect state-rows ${totals.join(" ")}`,
            ),
          );
        } else if (what === "metric") {
          const [name, value] = args.slice(1);
          const at = where(file, rec);
          actions.push(
            Execute((q) => {
              const last = q.recentProgress.filter((p) => p.durationMs.has("addBatch")).at(-1);
              const got =
                name === "numInputRows"
                  ? last?.numInputRows
                  : name === "numOutputRows"
                    ? last?.sink.numOutputRows
                    : name === "batchId"
                      ? last?.batchId
                      : fail(file, rec, `unknown metric ${name}`);
              assert.equal(String(got), value, `${at}: expect metric ${name}`);
            }, `expect metric ${name} ${value}`),
          );
        } else {
          fail(file, rec, `\`expect ${what}\` is not supported yet`);
        }
        break;
      }
      default:
        fail(file, rec, `unknown record ${kind}`);
    }
  }
  if (df === undefined)
    throw new TsparkError("INTERNAL_ERROR", { messageParameters: { message: `${file.path}: no query` } });
  return { df, mode, actions, startError, noRestartMatrix, noCrashMatrix };
}

/**
 * Runs a file straight (`false`), with a restart after every batch (`true`), or with one crash
 * injected (a variant of `crashVariants`); resolves with the run's report, or undefined when the
 * query failed to start as a leading `expect error` expects.
 */
export async function runStreamFile(
  file: StreamFile,
  matrix: boolean | CrashVariant,
): Promise<StreamTestReport | undefined> {
  const built = buildStreamFile(file);
  const actions =
    matrix === false
      ? built.actions
      : matrix === true
        ? withRestartAfterEveryBatch(built.actions)
        : withCrashAt(built.actions, matrix);
  return runBuilt(file, built, actions);
}

/**
 * Runs `actions` (the built file's, or a matrix rewrite of them) over the built query; resolves
 * with the report, or undefined when the query failed to start as a leading `expect error` expects.
 */
export async function runBuilt(
  file: StreamFile,
  built: Built,
  actions: readonly StreamAction[],
): Promise<StreamTestReport | undefined> {
  try {
    const report = await testStream(built.df, built.mode)(...actions);
    // A file's own `crash` steps must crash the query (a matrix's added crash may miss its batch).
    const missed = report.crashesNotReached.filter((c) => built.actions.includes(c));
    if (missed.length > 0) {
      assert.fail(
        `${file.path}: ${missed.map((c) => `crash ${c.point}${c.arrival === 1 ? "" : ` ${c.arrival}`}`).join(", ")} never reached its point`,
      );
    }
    return report;
  } catch (e) {
    // A query that cannot start fails before any step runs; a leading `expect error` expects that.
    if (built.startError !== undefined && !(e instanceof StreamTestFailure) && e instanceof TsparkError) {
      assert.equal(
        e.errorClass,
        built.startError,
        `${file.path}: the query failed to start with another error`,
      );
      return undefined;
    }
    throw e;
  }
}
