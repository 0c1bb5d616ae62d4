/**
 * GroupedData: the result of `groupBy(...)`, with PySpark's aggregation shortcuts.
 */
import { TsparkError } from "../common/errors.js";
import type { Expression } from "../expressions/expression.js";
import { nextExprId } from "../expressions/expr-id.js";
import { literal } from "../expressions/literal.js";
import { outputOf } from "../plans/output.js";
import { INT, isNumeric } from "../types/data-type.js";
import { Column } from "./column.js";
import type { DataFrame } from "./data-frame.js";

export class GroupedData {
  constructor(
    private readonly df: DataFrame,
    private readonly grouping: readonly Expression[],
  ) {}

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
    if (aggs.length === 0) {
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
    return this.df.derive({
      kind: "aggregate",
      groupingExpressions: this.grouping,
      aggregateExpressions: [...this.grouping, ...aggs],
      child: this.df.plan,
    });
  }
}
