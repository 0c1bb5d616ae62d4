/**
 * DataFrame: PySpark's DataFrame API over an analyzed logical plan. Transformations are
 * synchronous: they build and analyze a new plan at once, so mistakes (unknown columns, type
 * errors) are raised at the call. Actions are async and run the plan.
 */
import { isStreamingPlan } from "../analysis/unsupported-operation-checker.js";
import { DataStreamWriter } from "./data-stream-writer.js";
import { DataFrameWriter } from "./data-frame-writer.js";
import { TsparkError, userCallSite } from "../common/errors.js";
import { showString } from "../data/show.js";
import type { AttributeReference, Expression, SortOrder } from "../expressions/expression.js";
import { nextExprId } from "../expressions/expr-id.js";
import { transformDown } from "../expressions/tree.js";
import type { ExplainMode } from "../execution/query-execution.js";
import { childrenOf, type JoinType, type LogicalPlan } from "../plans/logical-plan.js";
import { mapPlanExpressions, withNewChildren } from "../plans/plan-tree.js";
import { outputOf } from "../plans/output.js";
import { parseExpression } from "../sql/parser.js";
import { fromIntervalString, intervalDurationMicros } from "../sql/interval-string.js";
import { calendarIntervalToString } from "../data/render.js";
import { SQLConf } from "../common/config.js";
import { type DataType, type JsonValue, StructField, StructType } from "../types/data-type.js";
import { Column, type ColumnOrName, nameToExpr, parseAttributeName, toExpr } from "./column.js";
import { GroupedData } from "./grouped-data.js";
import * as extras from "./data-frame-extras.js";
import { DataFrameNaFunctions } from "./na-functions.js";
import { DataFrameStatFunctions } from "./stat-functions.js";
import { type Row, toRows } from "./row.js";
import { summarize } from "./summary.js";
import type { SparkSession } from "./spark-session.js";

type ColumnsArg = (ColumnOrName | readonly ColumnOrName[])[];
/** Grouping columns: names, Columns, or 1-based column ordinals. */
type GroupingArg = (ColumnOrName | number | readonly (ColumnOrName | number)[])[];
/** Sort keys: names, Columns, ordinals (negative for descending), and PySpark's `ascending=`. */
type SortArg =
  | ColumnOrName
  | number
  | readonly (ColumnOrName | number)[]
  | { ascending: boolean | readonly boolean[] };

const JOIN_TYPES: Readonly<Record<string, JoinType>> = {
  inner: "inner",
  cross: "cross",
  outer: "full_outer",
  full: "full_outer",
  fullouter: "full_outer",
  full_outer: "full_outer",
  left: "left_outer",
  leftouter: "left_outer",
  left_outer: "left_outer",
  right: "right_outer",
  rightouter: "right_outer",
  right_outer: "right_outer",
  semi: "left_semi",
  leftsemi: "left_semi",
  left_semi: "left_semi",
  anti: "left_anti",
  leftanti: "left_anti",
  left_anti: "left_anti",
};

/**
 * tspark's options of `withWatermark` beyond Spark's two arguments (docs/event-time.md):
 * `idleTimeout` (an interval string): once the input has had no rows for this long, the watermark
 * advances with processing time from the last event, so the last window of a quiet stream closes.
 * `lateRows` (a temp view name): the input rows the stateful operators over this event time drop
 * as late are kept in an in-memory table of that name, with the `watermark` they were compared
 * with and their `batchId` (docs/event-time.md "Late rows to a side output").
 */
export interface WatermarkOptions {
  readonly idleTimeout?: string;
  readonly lateRows?: string;
}

export class DataFrame {
  /** @internal use `spark.createDataFrame`, `spark.table`, … */
  constructor(
    readonly sparkSession: SparkSession,
    /** The analyzed logical plan. */
    readonly plan: LogicalPlan,
  ) {}

  /**
   * @internal DataFrames joined into this plan whose columns got fresh ids on the join's right
   * side (self-joins), with the id each of their columns now has: `df2.col("id")` taken before
   * `df1.join(df2)` keeps naming df2's side afterwards, as Spark resolves it by DataFrame.
   */
  lineage: ReadonlyMap<DataFrame, ReadonlyMap<number, AttributeReference>> = new Map();

  // ---- schema ------------------------------------------------------------------------------------

  get schema(): StructType {
    return new StructType(
      outputOf(this.plan).map((a) => new StructField(a.name, a.dataType, a.nullable, a.metadata)),
    );
  }
  get columns(): string[] {
    return outputOf(this.plan).map((a) => a.name);
  }
  get dtypes(): [string, string][] {
    return outputOf(this.plan).map((a) => [a.name, a.dataType.simpleString()]);
  }
  get isStreaming(): boolean {
    return isStreamingPlan(this.plan);
  }
  /** `df.write`: a DataFrameWriter for files (csv, json, text, parquet). */
  get write(): DataFrameWriter {
    return new DataFrameWriter(this);
  }
  /** `df.writeStream`: a DataStreamWriter (only on a streaming DataFrame: WRITE_STREAM_NOT_ALLOWED). */
  get writeStream(): DataStreamWriter {
    return new DataStreamWriter(this);
  }
  get na(): DataFrameNaFunctions {
    return new DataFrameNaFunctions(this);
  }
  /** PySpark's `df.stat`: corr, cov, approxQuantile, crosstab, freqItems, sampleBy. */
  get stat(): DataFrameStatFunctions {
    return new DataFrameStatFunctions(this);
  }

  /** The schema tree, as PySpark's `printSchema()` prints it. */
  schemaTreeString(level?: number): string {
    return schemaTree(this.schema, level);
  }
  printSchema(level?: number): void {
    process.stdout.write(this.schemaTreeString(level));
  }

  explain(extendedOrMode?: boolean | ExplainMode): void {
    process.stdout.write(`${this.explainString(extendedOrMode)}\n`);
  }
  /** The text `explain()` prints. */
  explainString(extendedOrMode?: boolean | ExplainMode): string {
    const mode: ExplainMode =
      extendedOrMode === true
        ? "extended"
        : extendedOrMode === false || extendedOrMode === undefined
          ? "simple"
          : extendedOrMode;
    const state = this.sparkSession.state;
    return state.execution(this.plan, state.parsedPlans.get(this.plan)).explainString(mode);
  }

  // ---- columns -----------------------------------------------------------------------------------

  /** `df.col("x")` / `df["x"]`: a column bound to this DataFrame. */
  col(name: string): Column {
    // Spark resolves `df["*"]` to this DataFrame's own output, so after a join it selects one side.
    if (name === "*") return new Column({ kind: "star", columns: outputOf(this.plan) });
    const analyzer = this.sparkSession.state.analyzer();
    const resolved = analyzer.exprs.resolveAttribute(parseAttributeName(name), {
      input: outputOf(this.plan),
    });
    if (resolved.kind !== "attribute") return new Column(resolved);
    // A copy of its own, so that the DataFrame it came from can be recorded for self-joins.
    const attr: Expression = { ...resolved };
    this.sparkSession.state.columnOrigins.set(attr, this);
    return new Column(attr);
  }
  get(name: string): Column {
    return this.col(name);
  }

  // ---- transformations ---------------------------------------------------------------------------

  select(...cols: ColumnsArg): DataFrame {
    return this.derive({ kind: "project", projectList: flat(cols).map(toExpr), child: this.plan });
  }
  selectExpr(...exprs: (string | readonly string[])[]): DataFrame {
    return this.derive({
      kind: "project",
      projectList: exprs.flat().map((s) => this.parse(s)),
      child: this.plan,
    });
  }
  filter(condition: Column | string): DataFrame {
    const c = typeof condition === "string" ? this.parse(condition) : condition.expr;
    return this.derive({ kind: "filter", condition: c, child: this.plan });
  }
  where(condition: Column | string): DataFrame {
    return this.filter(condition);
  }
  withColumn(name: string, col: Column): DataFrame {
    return this.withColumns({ [name]: col });
  }
  withColumns(colsMap: Readonly<Record<string, Column>> | ReadonlyMap<string, Column>): DataFrame {
    const entries =
      colsMap instanceof Map ? [...colsMap.entries()] : Object.entries(colsMap as Record<string, Column>);
    const out = outputOf(this.plan);
    const eq = this.nameEq();
    const list: Expression[] = out.map((a) => {
      const replacement = entries.find(([n]) => eq(n, a.name));
      return replacement ? alias(replacement[1].expr, replacement[0]) : a;
    });
    for (const [n, c] of entries) if (!out.some((a) => eq(a.name, n))) list.push(alias(c.expr, n));
    return this.derive({ kind: "project", projectList: list, child: this.plan });
  }
  withColumnRenamed(existing: string, newName: string): DataFrame {
    return this.withColumnsRenamed({ [existing]: newName });
  }
  withColumnsRenamed(colsMap: Readonly<Record<string, string>>): DataFrame {
    const eq = this.nameEq();
    // Renames apply one after another in map order, as Spark folds over the map: `{id: "a", a: "b"}`
    // turns `id` into `b`.
    const list: Expression[] = outputOf(this.plan).map((a) => {
      let name = a.name;
      for (const [from, to] of Object.entries(colsMap)) if (eq(from, name)) name = to;
      return name === a.name ? a : alias(a, name);
    });
    return this.derive({ kind: "project", projectList: list, child: this.plan });
  }
  drop(...cols: ColumnOrName[]): DataFrame {
    const out = outputOf(this.plan);
    const eq = this.nameEq();
    const dropIds = new Set<number>();
    for (const c of cols) {
      if (typeof c === "string") {
        for (const a of out) if (eq(a.name, c)) dropIds.add(a.exprId);
      } else {
        const e = c.expr;
        if (e.kind === "attribute") dropIds.add(e.exprId);
        else if (e.kind === "unresolved_attribute" && e.nameParts.length === 1) {
          for (const a of out) if (eq(a.name, e.nameParts[0]!)) dropIds.add(a.exprId);
        }
      }
    }
    if (dropIds.size === 0) return this;
    return this.derive({
      kind: "project",
      projectList: out.filter((a) => !dropIds.has(a.exprId)),
      child: this.plan,
    });
  }
  toDF(...names: string[]): DataFrame {
    const out = outputOf(this.plan);
    if (names.length !== out.length) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message: `The number of columns doesn't match. Old column names (${out.length}): ${out.map((a) => a.name).join(", ")}. New column names (${names.length}): ${names.join(", ")}`,
        },
      });
    }
    return this.derive({
      kind: "project",
      projectList: out.map((a, i) => alias(a, names[i]!)),
      child: this.plan,
    });
  }
  /** `df.transform(f, ...args)` is `f(df, ...args)`: chains user-defined DataFrame steps (PySpark 3.0+). */
  transform<A extends unknown[]>(func: (df: DataFrame, ...args: A) => DataFrame, ...args: A): DataFrame {
    return func(this, ...args);
  }
  alias(name: string): DataFrame {
    return this.derive({ kind: "subquery_alias", alias: name, child: this.plan });
  }
  as(name: string): DataFrame {
    return this.alias(name);
  }
  distinct(): DataFrame {
    // Spark's Dataset.distinct() is dropDuplicates(): on a stream that is a streaming
    // deduplication (Append allowed), not an aggregation.
    if (this.isStreaming) return this.dropDuplicates();
    return this.derive({ kind: "distinct", child: this.plan });
  }
  dropDuplicates(subset?: readonly string[]): DataFrame {
    const keys = (subset ?? []).map((n) => nameToExpr(n));
    return this.derive({ kind: "deduplicate", keys, child: this.plan });
  }
  drop_duplicates(subset?: readonly string[]): DataFrame {
    return this.dropDuplicates(subset);
  }
  /** Groups by columns; a number is a 1-based column ordinal (PySpark 4's `df.groupBy(1)`). */
  groupBy(...cols: GroupingArg): GroupedData {
    return new GroupedData(this, this.groupingExprs(cols));
  }
  groupby(...cols: GroupingArg): GroupedData {
    return this.groupBy(...cols);
  }
  /** Groups by every prefix of the columns (Spark's `rollup`): subtotals and a grand total. */
  rollup(...cols: GroupingArg): GroupedData {
    return new GroupedData(this, this.groupingExprs(cols), "rollup");
  }
  /** Groups by every subset of the columns (Spark's `cube`). */
  cube(...cols: GroupingArg): GroupedData {
    return new GroupedData(this, this.groupingExprs(cols), "cube");
  }
  /** Global aggregation: `df.agg(F.max("age"))` or `df.agg({ age: "max" })`. */
  agg(...exprs: (Column | Readonly<Record<string, string>>)[]): DataFrame {
    return this.groupBy().agg(...exprs);
  }
  orderBy(...args: SortArg[]): DataFrame {
    return this.sortImpl(args, true);
  }
  sort(...args: SortArg[]): DataFrame {
    return this.sortImpl(args, true);
  }
  sortWithinPartitions(...args: SortArg[]): DataFrame {
    return this.sortImpl(args, false);
  }
  limit(num: number): DataFrame {
    return this.derive({ kind: "limit", limit: checkCount(num, "limit"), child: this.plan });
  }
  offset(num: number): DataFrame {
    return this.derive({ kind: "offset", offset: checkCount(num, "offset"), child: this.plan });
  }
  /**
   * Joins with `other`. `on`: a column name, names (USING join), or a Column condition (or a list
   * of conditions, AND-ed). `how`: inner (default), cross, outer/full, left, right, semi, anti and
   * their aliases.
   */
  join(
    other: DataFrame,
    on?: string | readonly string[] | Column | readonly Column[],
    how = "inner",
  ): DataFrame {
    const joinType = JOIN_TYPES[how.toLowerCase()];
    if (!joinType) {
      throw new TsparkError("UNSUPPORTED_JOIN_TYPE", {
        messageParameters: {
          typ: how,
          supported:
            "'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'",
        },
      });
    }
    if (on === undefined || (Array.isArray(on) && on.length === 0)) {
      return this.joinWith(other, (right) => ({ kind: "join", left: this.plan, right, joinType }));
    }
    if (typeof on === "string" || (Array.isArray(on) && on.every((x) => typeof x === "string"))) {
      const names = typeof on === "string" ? [on] : (on as string[]);
      return this.derive({ kind: "join", left: this.plan, right: other.plan, joinType, usingColumns: names });
    }
    const conds = on instanceof Column ? [on] : (on as Column[]);
    const condition = conds.map((c) => c.expr).reduce((a, b) => ({ kind: "and", left: a, right: b }));
    const joined = this.joinWith(other, (right) => ({
      kind: "join",
      left: this.plan,
      right,
      joinType,
      condition,
    }));
    const fixed = resolveSelfJoinEquality(joined.plan, this.nameEq());
    if (fixed === joined.plan) return joined;
    const df = new DataFrame(this.sparkSession, fixed);
    df.lineage = joined.lineage;
    return df;
  }
  crossJoin(other: DataFrame): DataFrame {
    return this.joinWith(other, (right) => ({ kind: "join", left: this.plan, right, joinType: "cross" }));
  }
  union(other: DataFrame): DataFrame {
    return this.derive({
      kind: "union",
      children: [this.plan, other.plan],
      byName: false,
      allowMissingColumns: false,
    });
  }
  unionAll(other: DataFrame): DataFrame {
    return this.union(other);
  }
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    return this.derive({
      kind: "union",
      children: [this.plan, other.plan],
      byName: true,
      allowMissingColumns,
    });
  }
  intersect(other: DataFrame): DataFrame {
    return this.derive({ kind: "intersect", left: this.plan, right: other.plan, isAll: false });
  }
  intersectAll(other: DataFrame): DataFrame {
    return this.derive({ kind: "intersect", left: this.plan, right: other.plan, isAll: true });
  }
  subtract(other: DataFrame): DataFrame {
    return this.derive({ kind: "except", left: this.plan, right: other.plan, isAll: false });
  }
  exceptAll(other: DataFrame): DataFrame {
    return this.derive({ kind: "except", left: this.plan, right: other.plan, isAll: true });
  }
  /** `sample(fraction, seed?)` or `sample({ withReplacement, fraction, seed })`. */
  sample(
    fractionOrOptions: number | { withReplacement?: boolean; fraction: number; seed?: number },
    seed?: number,
  ): DataFrame {
    const o =
      typeof fractionOrOptions === "number" ? { fraction: fractionOrOptions, seed } : fractionOrOptions;
    if (!(o.fraction >= 0) || (!o.withReplacement && o.fraction > 1)) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message: `Sampling fraction (${o.fraction}) must be on interval [0, 1] without replacement`,
        },
      });
    }
    return this.derive({
      kind: "sample",
      fraction: o.fraction,
      withReplacement: o.withReplacement ?? false,
      seed: o.seed ?? Math.floor(this.sparkSession.state.bindContext().randomSeed()),
      child: this.plan,
    });
  }
  fillna(
    value: number | string | boolean | Readonly<Record<string, number | string | boolean>>,
    subset?: string | readonly string[],
  ): DataFrame {
    return this.na.fill(value, subset);
  }
  dropna(how: "any" | "all" = "any", thresh?: number, subset?: string | readonly string[]): DataFrame {
    return this.na.drop(how, thresh, subset);
  }
  /** count, mean, stddev, min and max of numeric and string columns, as strings (PySpark `describe`). */
  describe(...cols: (string | readonly string[])[]): DataFrame {
    return summarize(this, ["count", "mean", "stddev", "min", "max"], cols.flat());
  }
  /** The given statistics (default count, mean, stddev, min, 25%, 50%, 75%, max) as strings. */
  summary(...statistics: string[]): DataFrame {
    return summarize(this, statistics, []);
  }
  /** Partitioning hints: tspark runs one partition per query, so these return the same data. */
  repartition(..._args: unknown[]): DataFrame {
    return this;
  }
  coalesce(_numPartitions: number): DataFrame {
    return this;
  }
  repartitionByRange(..._args: unknown[]): DataFrame {
    return this;
  }
  hint(_name: string, ..._params: unknown[]): DataFrame {
    return this;
  }
  /** Always true: tspark runs in this process. */
  isLocal(): boolean {
    return true;
  }
  createOrReplaceTempView(name: string): void {
    this.sparkSession.state.catalog.createTempView(name, this.plan, true);
  }
  createTempView(name: string): void {
    if (!this.sparkSession.state.catalog.createTempView(name, this.plan, false)) {
      throw new TsparkError("TABLE_OR_VIEW_ALREADY_EXISTS", {
        messageParameters: { relationName: `\`${name}\`` },
      });
    }
  }
  /** No-op: tspark keeps nothing cached between actions yet. */
  cache(): DataFrame {
    return this;
  }
  persist(): DataFrame {
    return this;
  }
  unpersist(): DataFrame {
    return this;
  }

  // ---- actions -----------------------------------------------------------------------------------

  async collect(): Promise<Row[]> {
    return toRows(await this.collectInternal(), this.schema);
  }
  async count(): Promise<number> {
    const rows = await this.groupBy().count().collectInternal();
    return Number(rows[0]?.[0] ?? 0);
  }
  async first(): Promise<Row | null> {
    return (await this.head(1))[0] ?? null;
  }
  /** `head()`: the first row or null; `head(n)`: the first n rows (PySpark's two forms). */
  head(): Promise<Row | null>;
  head(n: number): Promise<Row[]>;
  async head(n?: number): Promise<Row[] | Row | null> {
    const rows = await this.limit(n ?? 1).collect();
    return n === undefined ? (rows[0] ?? null) : rows;
  }
  async take(n: number): Promise<Row[]> {
    return this.limit(n).collect();
  }
  async tail(n: number): Promise<Row[]> {
    const all = await this.collect();
    return all.slice(Math.max(0, all.length - n));
  }
  async isEmpty(): Promise<boolean> {
    return (await this.take(1)).length === 0;
  }
  /** Rows one at a time without holding the whole result. */
  async *toLocalIterator(): AsyncIterable<Row> {
    const schema = this.schema;
    for await (const b of this.sparkSession.state.execution(this.plan).batches()) {
      const rows: unknown[][] = [];
      for (let r = 0; r < b.numRows; r++) rows.push(b.columns.map((c) => c[r]));
      yield* toRows(rows, schema);
    }
  }
  /** Prints the first `n` rows exactly as PySpark's `show()` does. */
  async show(n = 20, truncate: boolean | number = true, vertical = false): Promise<void> {
    process.stdout.write(`${await this.showString(n, truncate, vertical)}\n`);
  }
  /** The text `show()` prints (without the final newline). */
  async showString(n = 20, truncate: boolean | number = true, vertical = false): Promise<string> {
    const rows = await this.limit(Math.max(0, n) + 1).collectInternal();
    const tz = this.sparkSession.state.getConf(SQLConf.SESSION_TIME_ZONE) ?? "UTC";
    return showString(rows, this.schema, n, truncate, vertical, tz);
  }
  /** Internal-value rows (engine edge; not converted). */
  async collectInternal(): Promise<unknown[][]> {
    return this.sparkSession.state.execution(this.plan).collectRows();
  }

  // ---- less common methods (data-frame-extras.ts, stat-functions.ts) ----------------------------

  /** Spark's unpivot: one row per input row and value column (`values` undefined: all non-id columns). */
  unpivot(
    ids: ColumnOrName | readonly ColumnOrName[],
    values: ColumnOrName | readonly ColumnOrName[] | null | undefined,
    variableColumnName: string,
    valueColumnName: string,
  ): DataFrame {
    return extras.unpivot(this, ids, values, variableColumnName, valueColumnName);
  }
  /** Alias of `unpivot`. */
  melt(
    ids: ColumnOrName | readonly ColumnOrName[],
    values: ColumnOrName | readonly ColumnOrName[] | null | undefined,
    variableColumnName: string,
    valueColumnName: string,
  ): DataFrame {
    return extras.unpivot(this, ids, values, variableColumnName, valueColumnName);
  }
  /** Disjoint random splits with the (normalised) weights; deterministic for a seed. */
  randomSplit(weights: readonly number[], seed?: number): DataFrame[] {
    return extras.randomSplit(this, weights, seed);
  }
  /** PySpark's `replace` (same as `df.na.replace`). */
  replace(...args: Parameters<DataFrameNaFunctions["replace"]>): DataFrame {
    return this.na.replace(...args);
  }
  /** Pearson correlation of two numeric columns (`df.stat.corr`). */
  corr(col1: string, col2: string, method = "pearson"): Promise<number> {
    return this.stat.corr(col1, col2, method);
  }
  /** Sample covariance of two numeric columns (`df.stat.cov`). */
  cov(col1: string, col2: string): Promise<number> {
    return this.stat.cov(col1, col2);
  }
  /** Approximate quantiles (`df.stat.approxQuantile`). */
  approxQuantile(col: string, probabilities: readonly number[], relativeError: number): Promise<number[]>;
  approxQuantile(
    cols: readonly string[],
    probabilities: readonly number[],
    relativeError: number,
  ): Promise<number[][]>;
  approxQuantile(
    cols: string | readonly string[],
    probabilities: readonly number[],
    relativeError: number,
  ): Promise<number[] | number[][]> {
    return typeof cols === "string"
      ? this.stat.approxQuantile(cols, probabilities, relativeError)
      : this.stat.approxQuantile(cols, probabilities, relativeError);
  }
  /** Contingency table of two columns (`df.stat.crosstab`). */
  crosstab(col1: string, col2: string): Promise<DataFrame> {
    return this.stat.crosstab(col1, col2);
  }
  /** Frequent items per column (`df.stat.freqItems`). */
  freqItems(cols: readonly string[], support?: number): Promise<DataFrame> {
    return this.stat.freqItems(cols, support);
  }
  /** Stratified sample by the fractions per value of `col` (`df.stat.sampleBy`). */
  sampleBy(
    col: ColumnOrName,
    fractions: Readonly<Record<string, number>> | ReadonlyMap<unknown, number>,
    seed?: number,
  ): DataFrame {
    return this.stat.sampleBy(col, fractions, seed);
  }
  /** Each row as a JSON document, as Spark's toJSON writes it (PySpark returns an RDD; this an array). */
  toJSON(): Promise<string[]> {
    return extras.toJSON(this);
  }
  /** The columns whose names match a backquoted Java regex (`` df.colRegex("`(a|b)`") ``). */
  colRegex(colName: string): Column {
    return extras.colRegex(this, colName);
  }
  /** Spark's `to(schema)`: reorders by name, drops extra columns, casts as ANSI store assignment allows. */
  to(schema: StructType): DataFrame {
    return extras.toSchema(this, schema);
  }
  /** Calls `f` with every row (awaiting it when it returns a Promise). */
  async foreach(f: (row: Row) => unknown): Promise<void> {
    for await (const row of this.toLocalIterator()) await f(row);
  }
  /** Calls `f` once per partition with its rows (tspark has one partition). */
  async foreachPartition(f: (rows: Iterable<Row>) => unknown): Promise<void> {
    await f(await this.collect());
  }
  /** Runs the plan and returns a DataFrame over the collected rows (truncates the lineage). */
  checkpoint(_eager = true): Promise<DataFrame> {
    return extras.checkpoint(this);
  }
  /** As `checkpoint`: tspark keeps the rows in memory either way. */
  localCheckpoint(_eager = true): Promise<DataFrame> {
    return extras.checkpoint(this);
  }
  /** The files this DataFrame reads (none are tracked yet, so always empty). */
  inputFiles(): string[] {
    return [];
  }
  /** Whether both DataFrames compute the same result (plans equal up to expression ids and names). */
  sameSemantics(other: DataFrame): boolean {
    return extras.canonicalPlanText(this) === extras.canonicalPlanText(other);
  }
  /** A hash of the canonical plan: equal for DataFrames with `sameSemantics`. */
  semanticHash(): number {
    return extras.semanticHash(this);
  }
  /** Sets a column's StructField metadata (replacing what it had), as Spark's `withMetadata`. */
  withMetadata(columnName: string, metadata: Readonly<Record<string, JsonValue>>): DataFrame {
    return this.withColumn(
      columnName,
      new Column({
        kind: "alias",
        child: this.col(columnName).expr,
        name: columnName,
        exprId: nextExprId(),
        metadata,
      }),
    );
  }
  /**
   * Marks `eventTime` (a TIMESTAMP column) as this stream's event time with a delay threshold
   * (`"10 seconds"`, `"interval 2 minutes"`): stateful operators below the watermark — the latest
   * event time seen minus the delay — drop late rows and evict state (docs/event-time.md). A no-op
   * in a batch query.
   */
  withWatermark(eventTime: string, delayThreshold: string, options: WatermarkOptions = {}): DataFrame {
    const iv = fromIntervalString(delayThreshold);
    let idleTimeoutMs: number | undefined;
    if (options.idleTimeout !== undefined) {
      idleTimeoutMs = Math.trunc(intervalDurationMicros(fromIntervalString(options.idleTimeout)) / 1000);
      if (idleTimeoutMs <= 0) {
        throw new TsparkError("ILLEGAL_ARGUMENT", {
          messageParameters: { message: `idleTimeout (${options.idleTimeout}) must be positive.` },
        });
      }
    }
    const lateRows = options.lateRows;
    if (lateRows !== undefined && (typeof lateRows !== "string" || lateRows.trim() === "")) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: { message: "lateRows must name a temporary view (a non-empty string)." },
      });
    }
    const micros = intervalDurationMicros(iv);
    if (micros < 0) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message: `requirement failed: delay threshold (${delayThreshold}) should not be negative.`,
        },
      });
    }
    // Spark drops the node at once over a batch plan (EliminateEventTimeWatermark): no checks, no mark.
    if (!this.isStreaming) return this;
    return this.derive({
      kind: "event_time_watermark",
      eventTime: nameToExpr(eventTime),
      delayMs: Math.trunc(micros / 1000),
      delayText: calendarIntervalToString(iv),
      ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
      ...(lateRows === undefined ? {} : { lateRows }),
      child: this.plan,
    });
  }
  /**
   * Streaming deduplication bounded by the watermark (Spark 3.5+): the first row of a key is
   * emitted, and later rows with that key are dropped until the watermark passes the first row's
   * event time plus the watermark delay, whatever their own event times. Needs `withWatermark`
   * before it; a batch query fails at its action, as in Spark.
   */
  dropDuplicatesWithinWatermark(subset?: readonly string[]): DataFrame {
    const keys = (subset ?? []).map((n) => nameToExpr(n));
    return this.derive({ kind: "deduplicate", keys, withinWatermark: true, child: this.plan });
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** A DataFrame for a new plan node over this one (analyzed at once). */
  derive(plan: LogicalPlan): DataFrame {
    const df = new DataFrame(
      this.sparkSession,
      analyzeAtCallSite(this.sparkSession, this.remapColumns(plan)),
    );
    df.lineage = this.lineage;
    return df;
  }

  /** Points `df.col()` columns of DataFrames in `lineage` at the ids they have in this plan. */
  private remapColumns(plan: LogicalPlan, lineage = this.lineage): LogicalPlan {
    if (lineage.size === 0) return plan;
    const origins = this.sparkSession.state.columnOrigins;
    return mapPlanExpressions(plan, (e) =>
      transformDown(e, (x) => {
        if (x.kind !== "attribute") return x;
        const from = origins.get(x);
        const to = from ? lineage.get(from as DataFrame)?.get(x.exprId) : undefined;
        return to ?? x;
      }),
    );
  }

  /**
   * A join of this DataFrame with `other`: when `other` shares column ids with this one (it was
   * derived from it), its columns get fresh ids first, and the result records that in `lineage`.
   */
  private joinWith(other: DataFrame, node: (right: LogicalPlan) => LogicalPlan): DataFrame {
    const leftIds = new Set(outputOf(this.plan).map((a) => a.exprId));
    let right = other.plan;
    const remap = new Map<number, AttributeReference>();
    if (other !== this && outputOf(other.plan).some((a) => leftIds.has(a.exprId))) {
      right = freshIds(other.plan, leftIds, remap);
    }
    const lineage = new Map<DataFrame, ReadonlyMap<number, AttributeReference>>(this.lineage);
    for (const [df, m] of other.lineage) {
      lineage.set(df, new Map([...m].map(([id, a]) => [id, remap.get(a.exprId) ?? a])));
    }
    if (remap.size > 0) lineage.set(other, remap);
    const withRight = new DataFrame(this.sparkSession, this.plan);
    withRight.lineage = lineage;
    return withRight.derive(node(right));
  }

  private parse(text: string): Expression {
    return parseExpression(text, {
      timeZone: this.sparkSession.state.getConf(SQLConf.SESSION_TIME_ZONE) ?? "UTC",
    });
  }

  private nameEq(): (a: string, b: string) => boolean {
    return this.sparkSession.state.getBool(SQLConf.CASE_SENSITIVE)
      ? (a, b) => a === b
      : (a, b) => a.toLowerCase() === b.toLowerCase();
  }

  /** The output column at a 1-based ordinal; PySpark raises IndexError outside 1..#columns. */
  private ordinalColumn(ordinal: number): Expression {
    const out = outputOf(this.plan);
    const a = Number.isInteger(ordinal) ? out[ordinal - 1] : undefined;
    if (a === undefined || ordinal < 1) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: { message: `Column ordinal must be between 1 and ${out.length}, got ${ordinal}.` },
      });
    }
    return a;
  }
  private groupingExprs(cols: GroupingArg): Expression[] {
    const items = cols.flatMap((c) =>
      Array.isArray(c) ? (c as (ColumnOrName | number)[]) : [c as ColumnOrName | number],
    );
    return items.map((c) => (typeof c === "number" ? this.ordinalColumn(c) : toExpr(c)));
  }
  private sortImpl(args: readonly SortArg[], global: boolean): DataFrame {
    let ascending: boolean | readonly boolean[] = true;
    const cols: (ColumnOrName | number)[] = [];
    for (const a of args) {
      if (typeof a === "string" || typeof a === "number" || a instanceof Column) cols.push(a);
      else if (Array.isArray(a)) cols.push(...(a as (ColumnOrName | number)[]));
      else ascending = (a as { ascending: boolean | readonly boolean[] }).ascending;
    }
    const order: SortOrder[] = cols.map((c, i) => {
      // PySpark 4: a positive ordinal sorts ascending by that column, a negative one descending.
      if (typeof c === "number") {
        const child = this.ordinalColumn(Math.abs(c));
        return c > 0
          ? { kind: "sort_order", child, direction: "asc", nullOrdering: "nulls_first" }
          : { kind: "sort_order", child, direction: "desc", nullOrdering: "nulls_last" };
      }
      const e = toExpr(c);
      if (e.kind === "sort_order") return e;
      const asc = typeof ascending === "boolean" ? ascending : (ascending[i] ?? true);
      return {
        kind: "sort_order",
        child: e,
        direction: asc ? "asc" : "desc",
        nullOrdering: asc ? "nulls_first" : "nulls_last",
      };
    });
    return this.derive({ kind: "sort", order, global, child: this.plan });
  }
}

/** Analyzes `plan`; an analysis error is re-thrown pointing at the user's call (Spark's DataFrame query context). */
export function analyzeAtCallSite(spark: SparkSession, plan: LogicalPlan): LogicalPlan {
  try {
    const analyzed = spark.state.analyze(plan);
    // Remember the user's unresolved plan for explain's "Parsed Logical Plan".
    const parsed = withNewChildren(
      plan,
      childrenOf(plan).map((c) => spark.state.parsedPlans.get(c) ?? c),
    );
    spark.state.parsedPlans.set(analyzed, parsed);
    return analyzed;
  } catch (err) {
    if (err instanceof TsparkError && !err.context?.callSite) {
      const site = userCallSite(new Error().stack);
      if (site) throw err.withContext(site);
    }
    throw err;
  }
}

/**
 * Spark's Dataset.join rule for self-joins: `df.col("a").equalTo(df.col("a"))` names the same
 * attribute on both sides and would be trivially true, so each side is re-resolved by name — the
 * left against the left input, the right against the (deduplicated) right input. Returns the plan
 * unchanged when there is nothing to rewrite.
 */
function resolveSelfJoinEquality(plan: LogicalPlan, eq: (a: string, b: string) => boolean): LogicalPlan {
  if (plan.kind !== "join" || plan.condition === undefined) return plan;
  const left = outputOf(plan.left);
  const right = outputOf(plan.right);
  const fix = (e: Expression): Expression => {
    if (e.kind === "and" || e.kind === "or") {
      const l = fix(e.left);
      const r = fix(e.right);
      return l === e.left && r === e.right ? e : { ...e, left: l, right: r };
    }
    if (e.kind === "call" && (e.name === "=" || e.name === "<=>") && e.args.length === 2) {
      const [a, b] = e.args;
      if (a?.kind === "attribute" && b?.kind === "attribute" && a.exprId === b.exprId) {
        const l = left.find((x) => eq(x.name, a.name));
        const r = right.find((x) => eq(x.name, b.name));
        if (l && r) return { ...e, args: [l, r] };
      }
    }
    return e;
  };
  const condition = fix(plan.condition);
  return condition === plan.condition ? plan : { ...plan, condition };
}

function flat(cols: ColumnsArg): ColumnOrName[] {
  const out: ColumnOrName[] = [];
  for (const c of cols) {
    if (Array.isArray(c)) out.push(...(c as ColumnOrName[]));
    else out.push(c as ColumnOrName);
  }
  return out;
}

function alias(e: Expression, name: string): Expression {
  return { kind: "alias", child: e, name, exprId: nextExprId() };
}

function checkCount(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) {
    throw new TsparkError("ILLEGAL_ARGUMENT", {
      messageParameters: {
        message: `The ${what} expression must be equal to or greater than 0, but got ${n}`,
      },
    });
  }
  return n;
}

/** PySpark's printSchema text. */
export function schemaTree(schema: StructType, level?: number): string {
  const lines = ["root"];
  const walk = (t: DataType, prefix: string, depth: number) => {
    if (level !== undefined && depth > level) return;
    if (t.kind === "struct") {
      for (const f of t.fields) {
        lines.push(`${prefix}-- ${f.name}: ${f.dataType.typeName()} (nullable = ${f.nullable})`);
        walk(f.dataType, `${prefix}    |`, depth + 1);
      }
    } else if (t.kind === "array") {
      lines.push(`${prefix}-- element: ${t.elementType.typeName()} (containsNull = ${t.containsNull})`);
      walk(t.elementType, `${prefix}    |`, depth + 1);
    } else if (t.kind === "map") {
      lines.push(`${prefix}-- key: ${t.keyType.typeName()}`);
      walk(t.keyType, `${prefix}    |`, depth + 1);
      lines.push(`${prefix}-- value: ${t.valueType.typeName()} (valueContainsNull = ${t.valueContainsNull})`);
      walk(t.valueType, `${prefix}    |`, depth + 1);
    }
  };
  walk(schema, " |", 1);
  return `${lines.join("\n")}\n\n`;
}

/**
 * `plan` with the columns whose ids are in `taken` re-aliased to fresh ids (under a top
 * SubqueryAlias, so qualified names still work), as the analyzer deduplicates a self-join's right
 * side; `remap` receives old id → new column.
 */
function freshIds(
  plan: LogicalPlan,
  taken: ReadonlySet<number>,
  remap: Map<number, AttributeReference>,
): LogicalPlan {
  if (plan.kind === "subquery_alias") return { ...plan, child: freshIds(plan.child, taken, remap) };
  const projectList: Expression[] = outputOf(plan).map((a) => {
    if (!taken.has(a.exprId)) return a;
    const exprId = nextExprId();
    remap.set(a.exprId, { ...a, exprId });
    return { kind: "alias", child: a, name: a.name, exprId };
  });
  return { kind: "project", projectList, child: plan };
}
