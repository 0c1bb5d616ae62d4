/**
 * GroupedData: the result of `groupBy(...)`, with PySpark's aggregation shortcuts.
 */
import { unresolvedColumn } from "../analysis/errors.js";
import { TsparkError } from "../common/errors.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { nextExprId } from "../expressions/expr-id.js";
import { prettySql } from "../expressions/display.js";
import { literal, literalFromJs } from "../expressions/literal.js";
import {
  type GroupStateApi,
  type GroupStateFunction,
  type GroupStateInitialState,
  GroupStateTimeout,
  type GroupStateTimeoutConf,
} from "../plans/group-state.js";
import { outputOf } from "../plans/output.js";
import { watermarkDelayOf, withWatermarkDelay } from "../plans/event-time.js";
import {
  type StatefulProcessor,
  TimeMode,
  type TimeModeName,
  type TransformWithStateInitialState,
} from "../plans/stateful-processor.js";
import { toExternal } from "../data/external.js";
import {
  INT,
  isNumeric,
  sameTypeIgnoreNullability,
  type StructField,
  StructType,
} from "../types/data-type.js";
import { Column } from "./column.js";
import type { DataFrame } from "./data-frame.js";

/** How the grouping columns group: plainly, or every prefix (`rollup`) or subset (`cube`). */
export type GroupingKind = "groupby" | "rollup" | "cube";

/** One pivot value: the literal compared with the pivot column and the output column's name. */
interface PivotValue {
  readonly value: Expression;
  readonly name: string;
}

/** `pivot(col, values)`: one output column per value (and aggregate). */
interface PivotSpec {
  readonly column: Expression;
  readonly values: readonly PivotValue[];
}

/** Spark's conf: keys with only an initial state are not called in the first batch. */
const SKIP_EMITTING_INITIAL_STATE_KEYS =
  "spark.sql.streaming.flatMapGroupsWithState.skipEmittingInitialStateKeys";

export class GroupedData {
  constructor(
    private readonly df: DataFrame,
    private readonly grouping: readonly Expression[],
    private readonly groupingKind: GroupingKind = "groupby",
    private readonly pivotSpec?: PivotSpec,
  ) {}

  /**
   * Spark's `pivot(pivot_col, values)`: each value becomes a column (named by the value, or
   * `<value>_<aggregate>` with several aggregates) holding the aggregate over the group's rows
   * with that pivot value, NULL when there are none. Without `values` Spark runs a job to find
   * them, which a synchronous JS call cannot do: use `await grouped.pivotDistinct(col)`.
   */
  pivot(pivotCol: string | Column, values?: readonly unknown[]): GroupedData {
    if (values === undefined) {
      throw new TsparkError("UNSUPPORTED_FEATURE.DESC", {
        messageParameters: {
          desc:
            "pivot without an explicit list of values (finding the distinct values runs a job); " +
            "use `await groupedData.pivotDistinct(col)` or list the values",
        },
      });
    }
    const pivotValues = values.map((v) => ({
      value: literalFromJs(v),
      name: v === null || v === undefined ? "null" : String(v),
    }));
    return new GroupedData(this.df, this.grouping, this.groupingKind, {
      column: pivotColumnExpr(pivotCol),
      values: pivotValues,
    });
  }

  /**
   * PySpark's `pivot(pivot_col)` without values, made async: runs a job for the pivot column's
   * distinct values, sorted ascending (NULL first), at most `spark.sql.pivotMaxValues` (10000)
   * of them, and pivots on those; each column is named by the value cast to STRING.
   */
  async pivotDistinct(pivotCol: string | Column): Promise<GroupedData> {
    const column = pivotColumnExpr(pivotCol);
    const maxValues = Number(this.df.sparkSession.conf.get("spark.sql.pivotMaxValues", "10000"));
    const v = new Column(column).alias("__pivot_value");
    const distinct = this.df.select(v).distinct().sort("__pivot_value");
    const dataType = distinct.schema.fields[0]?.dataType;
    const ref = new Column({ kind: "unresolved_attribute", nameParts: ["__pivot_value"] });
    // One job gives each value and its STRING form, which Spark uses as the column name.
    const rows = await distinct
      .limit(maxValues + 1)
      .select(ref, ref.cast("string"))
      .collectInternal();
    if (rows.length > maxValues) {
      throw new TsparkError("_LEGACY_ERROR_TEMP_1324", {
        messageParameters: {
          pivotColumn: prettySql(column),
          maxValues: String(maxValues),
          config: "spark.sql.pivotMaxValues",
        },
      });
    }
    const pivotValues = rows.map((r) => ({
      value: dataType === undefined ? literalFromJs(r[0]) : literal(r[0], dataType),
      name: r[1] === null || r[1] === undefined ? "null" : String(r[1]),
    }));
    return new GroupedData(this.df, this.grouping, this.groupingKind, { column, values: pivotValues });
  }

  /** `agg(F.sum("x"), …)` or `agg({ x: "sum", y: "max" })`. */
  agg(...exprs: (Column | Readonly<Record<string, string>>)[]): DataFrame {
    const aggs: Expression[] = [];
    for (const e of exprs) {
      if (e instanceof Column) aggs.push(e.expr);
      else {
        for (const [colName, fn] of Object.entries(e)) {
          const name = fn.toLowerCase() === "mean" ? "avg" : fn.toLowerCase();
          const arg: Expression =
            colName === "*" && name === "count"
              ? literal(1, INT)
              : { kind: "unresolved_attribute", nameParts: [colName] };
          aggs.push({ kind: "unresolved_function", name, args: [arg], isDistinct: false });
        }
      }
    }
    // PySpark only rejects a call without arguments; `agg({})` is Scala's agg(Map.empty).
    if (exprs.length === 0) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: { message: "exprs should not be empty" },
      });
    }
    return this.build(aggs);
  }

  /** Rows per group, in a column named `count`. */
  count(): DataFrame {
    return this.build([
      {
        kind: "alias",
        child: { kind: "unresolved_function", name: "count", args: [literal(1, INT)], isDistinct: false },
        name: "count",
        exprId: nextExprId(),
      },
    ]);
  }
  sum(...cols: string[]): DataFrame {
    return this.numeric("sum", cols);
  }
  avg(...cols: string[]): DataFrame {
    return this.numeric("avg", cols);
  }
  mean(...cols: string[]): DataFrame {
    return this.numeric("avg", cols);
  }
  min(...cols: string[]): DataFrame {
    return this.numeric("min", cols);
  }
  max(...cols: string[]): DataFrame {
    return this.numeric("max", cols);
  }

  /**
   * PySpark's `applyInPandasWithState` with rows instead of pandas frames: calls `func(key, rows,
   * state)` once per group key with the key's new rows and its `GroupState`, kept across
   * micro-batches, and emits the rows it returns (an iterable of objects or tuples matching
   * `outputStructType`). `stateStructType` is the schema of the state tuple; both schemas are
   * StructTypes or DDL strings. `outputMode` is the function's output mode (`"append"` or
   * `"update"`), `timeoutConf` a `GroupStateTimeout` value. Streaming DataFrames only, as in
   * Spark (a batch query fails with `_LEGACY_ERROR_TEMP_3176` when it runs). `initialState` (tspark;
   * PySpark has none) is as for `flatMapGroupsWithState`.
   */
  applyInPandasWithState(
    func: GroupStateFunction,
    outputStructType: StructType | string,
    stateStructType: StructType | string,
    outputMode: string,
    timeoutConf: string,
    initialState?: GroupedData,
  ): DataFrame {
    return this.withState(
      "applyInPandasWithState",
      func,
      outputStructType,
      stateStructType,
      outputMode,
      timeoutConf,
      initialState,
    );
  }

  /**
   * Scala's `flatMapGroupsWithState(outputMode, timeoutConf)(func)` over this grouping: like
   * `applyInPandasWithState` (same function shape and schemas), named as Scala's API in errors and
   * plans; over a batch DataFrame `func` runs once per key with an empty state.
   *
   * `initialState` (Scala's `initialState: KeyValueGroupedDataset`): a batch DataFrame grouped by
   * columns matching this grouping (`stateDf.groupBy("key")`, same number and types of columns);
   * its other columns, in order, are the state row and must match `stateSchema`'s types. A key
   * may appear once. In the query's first batch every key of the initial state gets that state
   * before the function runs, and keys with only an initial state are called with no rows; later
   * batches (and restarts) ignore it. Over a batch DataFrame every key of either side is called once.
   */
  flatMapGroupsWithState(
    func: GroupStateFunction,
    outputSchema: StructType | string,
    stateSchema: StructType | string,
    outputMode: string,
    timeoutConf: string = GroupStateTimeout.NoTimeout,
    initialState?: GroupedData,
  ): DataFrame {
    return this.withState(
      "flatMapGroupsWithState",
      func,
      outputSchema,
      stateSchema,
      outputMode,
      timeoutConf,
      initialState,
    );
  }

  /**
   * Scala's `mapGroupsWithState(timeoutConf)(func)`: `func` returns exactly one output row (an
   * object or a tuple) per call; the query must run in Update mode. Over a batch DataFrame it runs
   * once per key with an empty state. `initialState` is as for `flatMapGroupsWithState`.
   */
  mapGroupsWithState(
    func: GroupStateFunction,
    outputSchema: StructType | string,
    stateSchema: StructType | string,
    timeoutConf: string = GroupStateTimeout.NoTimeout,
    initialState?: GroupedData,
  ): DataFrame {
    return this.withState(
      "mapGroupsWithState",
      func,
      outputSchema,
      stateSchema,
      "update",
      timeoutConf,
      initialState,
    );
  }

  /**
   * Spark 4's `transformWithState` (PySpark 4.1's Row-based shape): runs `statefulProcessor` — a
   * `StatefulProcessor` subclass — over each group key's new rows, with the state variables it
   * declares in `init` (value, list and map state, optionally with a processing-time TTL) and
   * timers, kept across micro-batches. Emits the rows its handlers return (objects or tuples
   * matching `outputStructType`, a StructType or DDL string). `outputMode` is `"append"` or
   * `"update"`; `timeMode` a `TimeMode` value (`"None"`, `"ProcessingTime"`, `"EventTime"`).
   * `initialState`, a batch DataFrame grouped by the same key (`df.groupBy("k")`), is handed to
   * `handleInitialState` in the first batch. Streaming DataFrames only.
   */
  transformWithState(
    statefulProcessor: StatefulProcessor,
    outputStructType: StructType | string,
    outputMode: string,
    timeMode: string,
    initialState?: GroupedData,
    eventTimeColumnName = "",
  ): DataFrame {
    return this.withProcessor(
      "transformWithState",
      statefulProcessor,
      outputStructType,
      outputMode,
      timeMode,
      initialState,
      eventTimeColumnName,
    );
  }

  /** PySpark 4.0's name of `transformWithState` (rows are objects here, not pandas frames). */
  transformWithStateInPandas(
    statefulProcessor: StatefulProcessor,
    outputStructType: StructType | string,
    outputMode: string,
    timeMode: string,
    initialState?: GroupedData,
    eventTimeColumnName = "",
  ): DataFrame {
    return this.withProcessor(
      "transformWithStateInPandas",
      statefulProcessor,
      outputStructType,
      outputMode,
      timeMode,
      initialState,
      eventTimeColumnName,
    );
  }

  private withProcessor(
    api: GroupStateApi,
    processor: StatefulProcessor,
    outputSchema: StructType | string,
    outputMode: string,
    timeMode: string,
    initialState: GroupedData | undefined,
    eventTimeColumnName: string,
  ): DataFrame {
    if (
      processor === null ||
      typeof processor !== "object" ||
      typeof processor.init !== "function" ||
      typeof processor.handleInputRows !== "function"
    ) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message: `The statefulProcessor of ${api} must be a StatefulProcessor (an object with init and handleInputRows methods).`,
        },
      });
    }
    const mode = functionOutputMode(outputMode);
    const time = timeModeOf(timeMode);
    if (this.groupingKind !== "groupby" || this.pivotSpec) {
      throw new TsparkError("UNSUPPORTED_FEATURE.DESC", {
        messageParameters: { desc: `${api} after rollup, cube or pivot` },
      });
    }
    if (initialState !== undefined && !(initialState instanceof GroupedData)) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message: `The initialState of ${api} must be a grouped DataFrame (df.groupBy(...)).`,
        },
      });
    }
    const out = schemaOf(outputSchema);
    const output: AttributeReference[] = out.fields.map((f) => ({
      kind: "attribute",
      name: f.name,
      dataType: f.dataType,
      nullable: f.nullable,
      exprId: nextExprId(),
      qualifier: [],
    }));
    if (eventTimeColumnName) this.markEventTimeColumn(output, eventTimeColumnName);
    const unused: GroupStateFunction = () => {
      throw new TsparkError("INTERNAL_ERROR", {
        messageParameters: { message: `${api} has no group-state function` },
      });
    };
    return this.df.derive({
      kind: "flat_map_groups_with_state",
      func: unused,
      groupingExpressions: this.grouping,
      output,
      stateSchema: new StructType([]),
      outputMode: mode,
      timeout: GroupStateTimeout.NoTimeout,
      isMapGroupsWithState: false,
      api,
      transformWithState: {
        processor,
        timeMode: time,
        ...(initialState ? { initialState: initialState.asInitialState() } : {}),
        ...(eventTimeColumnName ? { eventTimeColumn: eventTimeColumnName } : {}),
      },
      child: this.df.plan,
    });
  }

  /**
   * Spark's UpdateEventTimeWatermarkColumn for `eventTimeColumnName`: the output column named so
   * becomes the event-time column downstream, with the input's watermark delay (the input must
   * have a watermark: CANNOT_ASSIGN_EVENT_TIME_COLUMN_WITHOUT_WATERMARK).
   */
  private markEventTimeColumn(output: AttributeReference[], name: string): void {
    const delay = outputOf(this.df.plan)
      .map((a) => watermarkDelayOf(a))
      .find((d) => d !== undefined);
    if (delay === undefined) throw new TsparkError("CANNOT_ASSIGN_EVENT_TIME_COLUMN_WITHOUT_WATERMARK");
    const i = output.findIndex((a) => a.name.toLowerCase() === name.toLowerCase());
    if (i < 0) throw unresolvedColumn([name], output);
    output[i] = withWatermarkDelay(output[i]!, delay);
  }

  /**
   * This grouping as the initial state of a transformWithState: its DataFrame's rows (run as a
   * batch query when the first batch needs them), each with its key.
   */
  private asInitialState(): TransformWithStateInitialState {
    const keyed = this.df.select(...this.grouping.map((g) => new Column(g)), "*");
    const fields = keyed.schema.fields;
    const k = this.grouping.length;
    return {
      keySchema: new StructType(fields.slice(0, k)),
      load: async () => {
        const rows = await keyed.collectInternal();
        return rows.map((r) => {
          const obj: Record<string, unknown> = {};
          for (let c = k; c < fields.length; c++)
            obj[fields[c]!.name] = toExternal(r[c] ?? null, fields[c]!.dataType);
          return [r.slice(0, k), obj] as const;
        });
      },
    };
  }

  private withState(
    api: GroupStateApi,
    func: GroupStateFunction,
    outputSchema: StructType | string,
    stateSchema: StructType | string,
    outputMode: string,
    timeoutConf: string,
    initialState: GroupedData | undefined,
  ): DataFrame {
    if (typeof func !== "function") {
      throw new TsparkError("NOT_CALLABLE", {
        messageParameters: { arg_name: "func", arg_type: func === null ? "null" : typeof func },
      });
    }
    const timeout = groupStateTimeoutOf(timeoutConf);
    const mode = functionOutputMode(outputMode);
    if (this.groupingKind !== "groupby" || this.pivotSpec) {
      throw new TsparkError("UNSUPPORTED_FEATURE.DESC", {
        messageParameters: { desc: `${api} after rollup, cube or pivot` },
      });
    }
    const out = schemaOf(outputSchema);
    const state = schemaOf(stateSchema);
    const initial = initialState === undefined ? undefined : this.initialStateOf(api, state, initialState);
    return this.df.derive({
      kind: "flat_map_groups_with_state",
      func,
      groupingExpressions: this.grouping,
      output: out.fields.map((f) => ({
        kind: "attribute",
        name: f.name,
        dataType: f.dataType,
        nullable: f.nullable,
        exprId: nextExprId(),
        qualifier: [],
      })),
      stateSchema: state,
      outputMode: mode,
      timeout,
      isMapGroupsWithState: api === "mapGroupsWithState",
      api,
      ...(initial === undefined ? {} : { initialState: initial }),
      child: this.df.plan,
    });
  }

  /**
   * The initial state of a *GroupsWithState over this grouping: `initial`'s DataFrame as its
   * grouping columns then its other columns (the state row), checked against this grouping's
   * key types and `state` as Spark's encoders would (UNSUPPORTED_DESERIALIZER.FIELD_NUMBER_MISMATCH
   * for a wrong number of columns, CANNOT_UP_CAST_DATATYPE for another type).
   */
  private initialStateOf(
    api: GroupStateApi,
    state: StructType,
    initial: GroupedData,
  ): GroupStateInitialState {
    if (!(initial instanceof GroupedData) || initial.groupingKind !== "groupby" || initial.pivotSpec) {
      throw new TsparkError("UNSUPPORTED_FEATURE.DESC", {
        messageParameters: { desc: `${api}'s initial state must be a DataFrame's groupBy(...)` },
      });
    }
    const df = initial.df;
    const keyNames = new Set(
      initial.grouping.flatMap((g) =>
        g.kind === "unresolved_attribute" && g.nameParts.length === 1
          ? [g.nameParts[0]!.toLowerCase()]
          : g.kind === "attribute"
            ? [g.name.toLowerCase()]
            : [],
      ),
    );
    const valueNames = df.columns.filter((c) => !keyNames.has(c.toLowerCase()));
    const keyed = df.select(
      ...initial.grouping.map((g) => new Column(g)),
      ...valueNames.map((c) => df.col(c)),
    );
    const fields = keyed.schema.fields;
    const dataKeys = this.df.select(...this.grouping.map((g) => new Column(g))).schema.fields;
    const n = initial.grouping.length;
    const check = (got: readonly StructField[], want: readonly StructField[], what: string): void => {
      if (got.length !== want.length) {
        throw new TsparkError("UNSUPPORTED_DESERIALIZER.FIELD_NUMBER_MISMATCH", {
          messageParameters: {
            schema: new StructType([...got]).sql(),
            ordinal: String(want.length),
            what,
          },
        });
      }
      got.forEach((f, i) => {
        const w = want[i]!;
        if (!sameTypeIgnoreNullability(f.dataType, w.dataType)) {
          throw new TsparkError("CANNOT_UP_CAST_DATATYPE", {
            messageParameters: {
              expression: f.name,
              sourceType: f.dataType.sql(),
              targetType: w.dataType.sql(),
              details: `The ${what} of ${api}'s initial state must have the types of ${new StructType([...want]).sql()}.`,
            },
          });
        }
      });
    };
    check(fields.slice(0, n), dataKeys, "key");
    check(fields.slice(n), state.fields, "state");
    const skip = this.df.sparkSession.conf.get(SKIP_EMITTING_INITIAL_STATE_KEYS, "false");
    return {
      numKeys: n,
      isStreaming: keyed.isStreaming,
      skipEmittingInitialStateKeys: skip.trim().toLowerCase() === "true",
      rows: () => keyed.collectInternal(),
    };
  }

  private numeric(fn: string, cols: readonly string[]): DataFrame {
    const out = outputOf(this.df.plan);
    const names = cols.length > 0 ? cols : out.filter((a) => isNumeric(a.dataType)).map((a) => a.name);
    for (const n of names) {
      const a = out.find((x) => x.name.toLowerCase() === n.toLowerCase());
      if (a && !isNumeric(a.dataType)) {
        throw new TsparkError("UNSUPPORTED_FEATURE.DESC", {
          messageParameters: {
            desc: `"${n}" is not a numeric column. Aggregation function can only be applied on a numeric column.`,
          },
        });
      }
    }
    return this.build(
      names.map((n) => ({
        kind: "unresolved_function",
        name: fn,
        args: [{ kind: "unresolved_attribute", nameParts: [n] }],
        isDistinct: false,
      })),
    );
  }

  private build(aggs: readonly Expression[]): DataFrame {
    const set = (g: Expression): Expression => ({
      kind: "unresolved_function",
      name: "__grouping_set",
      args: [g],
      isDistinct: false,
    });
    const groupingExpressions: readonly Expression[] =
      this.groupingKind === "groupby"
        ? this.grouping
        : [
            {
              kind: "unresolved_function",
              name: `__${this.groupingKind}`,
              args: this.grouping.map(set),
              isDistinct: false,
            },
          ];
    const outputs = this.pivotSpec ? pivoted(this.pivotSpec, aggs) : aggs;
    // spark.sql.retainGroupColumns=false leaves the grouping columns out of the result.
    const retain = this.df.sparkSession.conf.get("spark.sql.retainGroupColumns", "true") !== "false";
    return this.df.derive({
      kind: "aggregate",
      groupingExpressions,
      aggregateExpressions: retain || this.pivotSpec ? [...this.grouping, ...outputs] : outputs,
      child: this.df.plan,
    });
  }
}

/** The pivot column as an expression: a name (`a.b` for a field) or a Column. */
function pivotColumnExpr(pivotCol: string | Column): Expression {
  return typeof pivotCol === "string"
    ? { kind: "unresolved_attribute", nameParts: pivotCol.split(".") }
    : pivotCol.expr;
}

/**
 * The pivot columns: for every value and aggregate, the aggregate over the rows whose pivot
 * column equals the value (`FILTER (WHERE p <=> v)`), NULL when no row has that value.
 */
function pivoted(spec: PivotSpec, aggs: readonly Expression[]): Expression[] {
  const out: Expression[] = [];
  for (const { value, name: valueName } of spec.values) {
    const cond: Expression = {
      kind: "unresolved_function",
      name: "<=>",
      args: [spec.column, value],
      isDistinct: false,
    };
    for (const a of aggs) {
      const inner = a.kind === "alias" ? a.child : a;
      if (inner.kind !== "unresolved_function") {
        throw new TsparkError("UNSUPPORTED_FEATURE.DESC", {
          messageParameters: { desc: "pivot over an expression that is not an aggregate call" },
        });
      }
      const filtered: Expression = {
        ...inner,
        filter: inner.filter ? { kind: "and", left: inner.filter, right: cond } : cond,
      };
      const seen: Expression = {
        kind: "unresolved_function",
        name: ">",
        args: [
          {
            kind: "unresolved_function",
            name: "count",
            args: [literal(1, INT)],
            isDistinct: false,
            filter: cond,
          },
          literal(0, INT),
        ],
        isDistinct: false,
      };
      const aggName = a.kind === "alias" ? a.name : prettySql(a);
      out.push({
        kind: "alias",
        child: { kind: "case_when", branches: [[seen, filtered]] },
        name: aggs.length === 1 ? valueName : `${valueName}_${aggName}`,
        exprId: nextExprId(),
      });
    }
  }
  return out;
}

/** A schema given as a StructType or a DDL string (`"key STRING, count LONG"`). */
function schemaOf(schema: StructType | string): StructType {
  return typeof schema === "string" ? StructType.fromDDL(schema) : schema;
}

/** Spark's `GroupStateImpl.groupStateTimeoutFromString` (IllegalStateException for anything else). */
function groupStateTimeoutOf(conf: string): GroupStateTimeoutConf {
  for (const v of Object.values(GroupStateTimeout)) if (v === conf) return v;
  throw new TsparkError("ILLEGAL_STATE", {
    messageParameters: { message: `Invalid string for GroupStateTimeout: ${conf}` },
  });
}

/** A time mode name (case-insensitive), Spark's TimeMode.apply. */
function timeModeOf(mode: string): TimeModeName {
  const m = typeof mode === "string" ? mode.toLowerCase() : "";
  for (const v of Object.values(TimeMode)) if (v.toLowerCase() === m) return v;
  throw new TsparkError("STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE", {
    messageParameters: { timeMode: String(mode) },
  });
}

/** The function's output mode: Spark's `InternalOutputModes(name)`, then append or update only. */
function functionOutputMode(mode: string): "append" | "update" {
  const m = typeof mode === "string" ? mode.toLowerCase() : "";
  if (m === "append" || m === "update") return m;
  if (m === "complete") {
    throw new TsparkError("ILLEGAL_ARGUMENT", {
      messageParameters: { message: "The output mode of function should be append or update" },
    });
  }
  throw new TsparkError("STREAMING_OUTPUT_MODE.INVALID", { messageParameters: { outputMode: String(mode) } });
}
