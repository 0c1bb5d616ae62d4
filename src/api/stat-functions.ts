/**
 * `df.stat`: PySpark's DataFrameStatFunctions (corr, cov, approxQuantile, crosstab, freqItems,
 * sampleBy), also reachable as DataFrame shortcuts. Statistics that return numbers are actions
 * (async); crosstab, freqItems and sampleBy return DataFrames (crosstab and freqItems run a job to
 * compute them, as Spark's do, so they are async too).
 */
import { TsparkError } from "../common/errors.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { nextExprId } from "../expressions/expr-id.js";
import { literalFromJs } from "../expressions/literal.js";
import { insertValue, newSummary, queryQuantiles } from "../functions/aggregate/quantile-summaries.js";
import { ArrayType, type DataType, isNumeric, LONG, STRING } from "../types/data-type.js";
import { Column, type ColumnOrName, toExpr } from "./column.js";
import type { DataFrame } from "./data-frame.js";
import * as F from "./functions/index.js";

/** Spark's limit on the distinct values of crosstab's second column. */
const MAX_CROSSTAB_COLUMNS = 1e4;

/** Statistic functions over one DataFrame (`df.stat`); see the file comment. */
export class DataFrameStatFunctions {
  constructor(private readonly df: DataFrame) {}

  /**
   * The Pearson correlation of two numeric columns as a double (NaN when undefined, as for an
   * empty DataFrame). Only `method = "pearson"` exists, as in Spark.
   */
  async corr(col1: string, col2: string, method = "pearson"): Promise<number> {
    if (method !== "pearson") {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message: "Currently only the calculation of the Pearson Correlation coefficient is supported.",
        },
      });
    }
    this.requireNumeric([col1, col2], "correlation");
    return this.scalar(F.corr(this.numericCol(col1), this.numericCol(col2)));
  }

  /** The sample covariance of two numeric columns as a double. */
  async cov(col1: string, col2: string): Promise<number> {
    this.requireNumeric([col1, col2], "covariance");
    return this.scalar(F.covar_samp(this.numericCol(col1), this.numericCol(col2)));
  }

  /**
   * Approximate quantiles of numeric columns with Spark's Greenwald–Khanna summaries (nulls and
   * NaN skipped): one list for a column name, a list of lists for a list of names; an empty list
   * for a column without values. `relativeError` 0 gives exact quantiles.
   */
  approxQuantile(col: string, probabilities: readonly number[], relativeError: number): Promise<number[]>;
  approxQuantile(
    cols: readonly string[],
    probabilities: readonly number[],
    relativeError: number,
  ): Promise<number[][]>;
  async approxQuantile(
    colOrCols: string | readonly string[],
    probabilities: readonly number[],
    relativeError: number,
  ): Promise<number[] | number[][]> {
    const cols = typeof colOrCols === "string" ? [colOrCols] : [...colOrCols];
    for (const p of probabilities) {
      if (!(p >= 0 && p <= 1)) {
        throw illegal(`percentile should be in the range [0.0, 1.0], but got ${p}`);
      }
    }
    if (!(relativeError >= 0)) {
      throw illegal(`Relative Error must be non-negative but got ${relativeError}`);
    }
    for (const c of cols) {
      const a = this.attr(c);
      if (!isNumeric(a.dataType)) {
        throw illegal(
          `Quantile calculation for column ${c} with data type ${a.dataType.simpleString()} is not supported.`,
        );
      }
    }
    const rows = await this.df.select(...cols.map((c) => this.numericCol(c))).collectInternal();
    const result = cols.map((_, i) => {
      const s = newSummary(relativeError);
      for (const r of rows) {
        const v = r[i];
        if (typeof v === "number" && !Number.isNaN(v)) insertValue(s, v);
      }
      return queryQuantiles(s, probabilities) ?? [];
    });
    return typeof colOrCols === "string" ? result[0]! : result;
  }

  /**
   * The contingency table of two columns: a first string column `<col1>_<col2>` with the values
   * of `col1`, then one LONG count column per distinct value of `col2`, named by the value and
   * sorted by name (`null` for NULL), as Spark's crosstab.
   */
  async crosstab(col1: string, col2: string): Promise<DataFrame> {
    const counts = await this.df
      .groupBy(F.col(quote(col1)).cast("string"), F.col(quote(col2)).cast("string"))
      .count()
      .collectInternal();
    const clean = (v: unknown): string => (v === null || v === undefined ? "null" : String(v));
    const colNames = [...new Set(counts.map((r) => clean(r[1])))].sort(compareJavaStrings);
    if (colNames.length > MAX_CROSSTAB_COLUMNS) {
      throw illegal(
        `The number of distinct values for ${col2}, can't exceed 1e4. Currently ${colNames.length}`,
      );
    }
    const index = new Map(colNames.map((n, i) => [n, i]));
    const byRow = new Map<string, unknown[]>();
    for (const r of counts) {
      const key = clean(r[0]);
      let row = byRow.get(key);
      if (!row) {
        row = [key, ...colNames.map(() => 0)];
        byRow.set(key, row);
      }
      row[1 + index.get(clean(r[1]))!] = Number(r[2]);
    }
    const output = [
      attribute(`${col1}_${col2}`, STRING, true),
      // Spark drops backticks from the value-named columns (StatFunctions.cleanColumnName).
      ...colNames.map((n) => attribute(n.replace(/`/g, ""), LONG, false)),
    ];
    return localDataFrame(this.df, output, [...byRow.values()]);
  }

  /**
   * Frequent items of each column (Karp, Schenker and Papadimitriou's one-pass algorithm, as
   * Spark's freqItems): a single row with an array column `<col>_freqItems` per column. Items may
   * include false positives; their order is not defined.
   */
  async freqItems(cols: readonly string[], support = 0.01): Promise<DataFrame> {
    if (!(support >= 1e-4 && support <= 1)) {
      throw illegal(`Support must be in [1e-4, 1], but got ${support}.`);
    }
    const attrs = cols.map((c) => this.attr(c));
    const rows = await this.df.select(...cols.map((c) => F.col(quote(c)))).collectInternal();
    const size = Math.trunc(1 / support);
    const items = attrs.map((_, i) => {
      const counter = new FreqItemCounter(size);
      for (const r of rows) counter.add(r[i] ?? null);
      return counter.items();
    });
    const output = attrs.map((a) => attribute(`${a.name}_freqItems`, new ArrayType(a.dataType, true), true));
    return localDataFrame(this.df, output, [items]);
  }

  /**
   * A stratified sample without replacement: each row is kept with the fraction given for its
   * value of `col` (0 for values not listed). Keys of a plain object match the column's value
   * cast to string; a Map matches keys by value. Deterministic for a seed.
   */
  sampleBy(
    col: ColumnOrName,
    fractions: Readonly<Record<string, number>> | ReadonlyMap<unknown, number>,
    seed?: number,
  ): DataFrame {
    const entries: [unknown, number][] =
      fractions instanceof Map ? [...fractions.entries()] : Object.entries(fractions);
    for (const [, f] of entries) {
      if (!(f >= 0 && f <= 1)) {
        throw illegal(`Fractions must be in [0, 1], but got ${JSON.stringify(Object.fromEntries(entries))}.`);
      }
    }
    const key = toExpr(col);
    const byString = !(fractions instanceof Map);
    const keyExpr: Expression = byString
      ? { kind: "cast", child: key, dataType: STRING, mode: "legacy" }
      : key;
    const fraction: Expression =
      entries.length === 0
        ? literalFromJs(0.0)
        : {
            kind: "case_when",
            branches: entries.map(([k, f]) => [
              {
                kind: "unresolved_function",
                name: "<=>",
                args: [keyExpr, literalFromJs(k)],
                isDistinct: false,
              },
              literalFromJs(f),
            ]),
            elseValue: literalFromJs(0.0),
          };
    const s = seed ?? Math.floor(this.df.sparkSession.state.bindContext().randomSeed());
    return this.df.filter(F.rand(s).lt(new Column(fraction)));
  }

  private attr(name: string): AttributeReference {
    const a = this.df.col(name).expr;
    if (a.kind !== "attribute") throw illegal(`${name} is not a column`);
    return a;
  }

  private requireNumeric(cols: readonly string[], what: string): void {
    for (const c of cols) {
      const t = this.attr(c).dataType;
      if (!isNumeric(t)) {
        throw illegal(
          `Currently ${what} calculation for columns with dataType ${t.simpleString()} not supported.`,
        );
      }
    }
  }

  private numericCol(name: string): Column {
    return F.col(quote(name)).cast("double");
  }

  private async scalar(agg: Column): Promise<number> {
    const rows = await this.df.agg(agg).collectInternal();
    const v = rows[0]?.[0];
    return typeof v === "number" ? v : Number.NaN;
  }
}

/** Spark's FreqItemCounter: at most `size` counters; a new item evicts the smallest counts. */
class FreqItemCounter {
  private readonly counts = new Map<string, [unknown, number]>();
  constructor(private readonly size: number) {}

  add(value: unknown): void {
    const key = itemKey(value);
    const hit = this.counts.get(key);
    if (hit) {
      hit[1] += 1;
      return;
    }
    if (this.counts.size < this.size) {
      this.counts.set(key, [value, 1]);
      return;
    }
    let min = Number.POSITIVE_INFINITY;
    for (const [, c] of this.counts.values()) min = Math.min(min, c);
    if (1 - min >= 0) {
      this.counts.set(key, [value, 1]);
      for (const [k, entry] of this.counts) {
        if (entry[1] > min) entry[1] -= min;
        else this.counts.delete(k);
      }
    } else {
      for (const [k, entry] of this.counts) {
        entry[1] -= 1;
        if (entry[1] <= 0) this.counts.delete(k);
      }
    }
  }

  items(): unknown[] {
    return [...this.counts.values()].map(([v]) => v);
  }
}

function itemKey(v: unknown): string {
  if (v === null) return "n";
  if (typeof v === "bigint") return `b${v}`;
  if (typeof v === "number") return `d${Object.is(v, -0) ? "-0" : v}`;
  if (typeof v === "string") return `s${v}`;
  if (typeof v === "boolean") return `t${v}`;
  if (v instanceof Uint8Array) return `y${[...v].join(",")}`;
  return `o${JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x))}`;
}

/** Java's String.compareTo (UTF-16 code units), which Spark's sort of crosstab columns uses. */
function compareJavaStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function quote(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

function illegal(message: string): TsparkError {
  return new TsparkError("ILLEGAL_ARGUMENT", { messageParameters: { message } });
}

/** A fresh attribute for a computed result table. */
export function attribute(name: string, dataType: DataType, nullable: boolean): AttributeReference {
  return { kind: "attribute", name, dataType, nullable, exprId: nextExprId(), qualifier: [] };
}

/** A DataFrame over rows of internal values already computed (crosstab, freqItems, checkpoints). */
export function localDataFrame(
  df: DataFrame,
  output: readonly AttributeReference[],
  rows: readonly (readonly unknown[])[],
): DataFrame {
  return df.derive({ kind: "local_relation", output, rows });
}
