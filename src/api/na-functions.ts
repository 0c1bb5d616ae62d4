/**
 * `df.na` / `fillna` / `dropna`: PySpark's DataFrameNaFunctions.
 */
import { TsparkError } from "../common/errors.js";
import type { Expression } from "../expressions/expression.js";
import { nextExprId } from "../expressions/expr-id.js";
import { literalFromJs } from "../expressions/literal.js";
import { outputOf } from "../plans/output.js";
import { isNumeric } from "../types/data-type.js";
import type { DataFrame } from "./data-frame.js";

type FillValue = number | string | boolean;

export class DataFrameNaFunctions {
  constructor(private readonly df: DataFrame) {}

  /** Replaces nulls in columns whose type matches the value (numbers → numeric columns, …). */
  fill(
    value: FillValue | Readonly<Record<string, FillValue>>,
    subset?: string | readonly string[],
  ): DataFrame {
    const out = outputOf(this.df.plan);
    const perColumn = typeof value === "object" ? value : undefined;
    const only =
      subset === undefined
        ? undefined
        : new Set((typeof subset === "string" ? [subset] : subset).map((s) => s.toLowerCase()));
    const list: Expression[] = out.map((a) => {
      const v = perColumn
        ? perColumn[Object.keys(perColumn).find((k) => k.toLowerCase() === a.name.toLowerCase()) ?? ""]
        : (value as FillValue);
      if (v === undefined) return a;
      if (only && !only.has(a.name.toLowerCase())) return a;
      const applies =
        (typeof v === "number" && isNumeric(a.dataType)) ||
        (typeof v === "string" && a.dataType.kind === "string") ||
        (typeof v === "boolean" && a.dataType.kind === "boolean");
      if (!applies) {
        if (perColumn) {
          throw new TsparkError("UNSUPPORTED_FEATURE.DESC", {
            messageParameters: {
              desc: `fillna value ${JSON.stringify(v)} does not match the type of column ${a.name}`,
            },
          });
        }
        return a;
      }
      const fill: Expression = {
        kind: "cast",
        child: literalFromJs(v),
        dataType: a.dataType,
        mode: "legacy",
      };
      return {
        kind: "alias",
        child: { kind: "coalesce", children: [a, fill] },
        name: a.name,
        exprId: nextExprId(),
      };
    });
    return this.df.derive({ kind: "project", projectList: list, child: this.df.plan });
  }

  /** Drops rows with nulls: `how` any/all, or fewer than `thresh` non-null values. */
  drop(how: "any" | "all" = "any", thresh?: number, subset?: string | readonly string[]): DataFrame {
    const out = outputOf(this.df.plan);
    const names =
      subset === undefined ? out.map((a) => a.name) : typeof subset === "string" ? [subset] : [...subset];
    const cols = names.map((n) => {
      const a = out.find((x) => x.name.toLowerCase() === n.toLowerCase());
      if (!a)
        throw new TsparkError("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", {
          messageParameters: { objectName: `\`${n}\`` },
        });
      return a;
    });
    const need = thresh ?? (how === "all" ? 1 : cols.length);
    // count of non-null (and non-NaN for floating columns) values >= need
    const terms: Expression[] = cols.map((a) => {
      const notNull: Expression = {
        kind: "unresolved_function",
        name: "isnotnull",
        args: [a],
        isDistinct: false,
      };
      const cond: Expression =
        a.dataType.kind === "double" || a.dataType.kind === "float"
          ? {
              kind: "and",
              left: notNull,
              right: {
                kind: "unresolved_function",
                name: "not",
                args: [{ kind: "unresolved_function", name: "isnan", args: [a], isDistinct: false }],
                isDistinct: false,
              },
            }
          : notNull;
      return { kind: "case_when", branches: [[cond, literalFromJs(1)]], elseValue: literalFromJs(0) };
    });
    if (terms.length === 0) return this.df;
    const sum = terms.reduce((acc, t) => ({
      kind: "unresolved_function",
      name: "+",
      args: [acc, t],
      isDistinct: false,
    }));
    const condition: Expression = {
      kind: "unresolved_function",
      name: ">=",
      args: [sum, literalFromJs(need)],
      isDistinct: false,
    };
    return this.df.derive({ kind: "filter", condition, child: this.df.plan });
  }
}
