/**
 * `df.na` / `fillna` / `dropna`: PySpark's DataFrameNaFunctions.
 */
import { TsparkError } from "../common/errors.js";
import type { Expression } from "../expressions/expression.js";
import { nextExprId } from "../expressions/expr-id.js";
import { literal, literalFromJs, NULL_LITERAL } from "../expressions/literal.js";
import { outputOf } from "../plans/output.js";
import { DOUBLE, isNumeric } from "../types/data-type.js";
import type { DataFrame } from "./data-frame.js";

type FillValue = number | string | boolean;

/** A value `replace` can look for or put in. */
export type ReplaceValue = number | string | boolean;

/** The old → new pairs of a `replace` call, as PySpark builds its replacement dict (later keys win). */
function replacementPairs(
  toReplace: unknown,
  value: ReplaceValue | null | readonly (ReplaceValue | null)[] | undefined,
): [ReplaceValue, ReplaceValue | null][] {
  const dedupe = (pairs: [ReplaceValue, ReplaceValue | null][]) => [...new Map(pairs).entries()];
  if (toReplace instanceof Map)
    return dedupe([...toReplace.entries()] as [ReplaceValue, ReplaceValue | null][]);
  if (typeof toReplace === "object" && toReplace !== null && !Array.isArray(toReplace)) {
    const entries = Object.entries(toReplace as Record<string, ReplaceValue | null>);
    // JS object keys are strings: `{ 10: 20 }` means the number 10, as PySpark's `{10: 20}`.
    const numeric =
      entries.some(([, v]) => v !== null) &&
      entries.every(
        ([k, v]) => (v === null || typeof v === "number") && k.trim() !== "" && !Number.isNaN(Number(k)),
      );
    return dedupe(numeric ? entries.map(([k, v]) => [Number(k), v]) : entries);
  }
  if (value === undefined) {
    throw new TsparkError("ARGUMENT_REQUIRED", {
      messageParameters: { arg_name: "value", condition: "`to_replace` is not a dict" },
    });
  }
  const keys = (Array.isArray(toReplace) ? toReplace : [toReplace]) as ReplaceValue[];
  if (Array.isArray(value)) {
    if (!Array.isArray(toReplace)) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: { message: "to_replace should be a list when value is a list" },
      });
    }
    if (value.length !== keys.length) {
      throw new TsparkError("LENGTH_SHOULD_BE_THE_SAME", {
        messageParameters: {
          arg1: "to_replace",
          arg2: "value",
          arg1_length: String(keys.length),
          arg2_length: String(value.length),
        },
      });
    }
    return dedupe(keys.map((k, i) => [k, (value as (ReplaceValue | null)[])[i] ?? null]));
  }
  return dedupe(keys.map((k) => [k, value as ReplaceValue | null]));
}

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
      subset === undefined ? undefined : this.subsetIds(typeof subset === "string" ? [subset] : subset);
    const list: Expression[] = out.map((a) => {
      const v = perColumn
        ? perColumn[Object.keys(perColumn).find((k) => k.toLowerCase() === a.name.toLowerCase()) ?? ""]
        : (value as FillValue);
      if (v === undefined) return a;
      if (only && !only.has(a.exprId)) return a;
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
      // Spark's fill also replaces NaN in floating columns: coalesce(nanvl(c, NULL), value).
      const floating = typeof v === "number" && (a.dataType.kind === "double" || a.dataType.kind === "float");
      const input: Expression = floating
        ? { kind: "unresolved_function", name: "nanvl", args: [a, NULL_LITERAL], isDistinct: false }
        : a;
      return {
        kind: "alias",
        child: { kind: "coalesce", children: [input, fill] },
        name: a.name,
        exprId: nextExprId(),
      };
    });
    return this.df.derive({ kind: "project", projectList: list, child: this.df.plan });
  }

  /**
   * The columns a `fill` subset names, as Spark's `df.col(name)` resolves them: an ambiguous name
   * fails (AMBIGUOUS_REFERENCE); `*`, nested fields and unknown names select nothing.
   */
  private subsetIds(names: readonly string[]): Set<number> {
    const ids = new Set<number>();
    for (const n of names) {
      if (n === "*") continue;
      let e: Expression;
      try {
        e = this.df.col(n).expr;
      } catch (err) {
        if (err instanceof TsparkError && err.errorClass.startsWith("UNRESOLVED_COLUMN")) continue;
        throw err;
      }
      if (e.kind === "attribute") ids.add(e.exprId);
    }
    return ids;
  }

  /**
   * PySpark's `replace(to_replace, value?, subset?)`: `toReplace` is a value, a list or an object
   * (a Map for non-string keys) of old → new values; `value` a value (repeated) or a list of the
   * same length. Old and new values must all be numbers, all strings or all booleans (new values
   * may be null). Only columns of the keys' kind change: numeric columns for numbers (compared as
   * doubles, new values cast to the column type), string or boolean columns otherwise.
   */
  replace(
    toReplace:
      | ReplaceValue
      | readonly ReplaceValue[]
      | Readonly<Record<string, ReplaceValue | null>>
      | ReadonlyMap<ReplaceValue, ReplaceValue | null>,
    value?: ReplaceValue | null | readonly (ReplaceValue | null)[],
    subset?: string | readonly string[],
  ): DataFrame {
    const pairs = replacementPairs(toReplace, value);
    const isKind = (k: "number" | "string" | "boolean") =>
      pairs.every(([from, to]) => typeof from === k && (to === null || typeof to === k));
    const kind = isKind("number")
      ? "number"
      : isKind("string")
        ? "string"
        : isKind("boolean")
          ? "boolean"
          : undefined;
    if (kind === undefined) {
      throw new TsparkError("MIXED_TYPE_REPLACEMENT", { messageParameters: {} });
    }
    const out = outputOf(this.df.plan);
    // Scala's replace("*", …) means every column.
    const names =
      subset === undefined || subset === "*" ? undefined : typeof subset === "string" ? [subset] : subset;
    for (const n of names ?? []) {
      if (!out.some((a) => a.name.toLowerCase() === n.toLowerCase())) {
        throw new TsparkError("UNRESOLVED_COLUMN.WITH_SUGGESTION", {
          messageParameters: { objectName: `\`${n}\``, proposal: out.map((a) => `\`${a.name}\``).join(", ") },
        });
      }
    }
    if (pairs.length === 0) return this.df;
    const list: Expression[] = out.map((a) => {
      if (names && !names.some((n) => n.toLowerCase() === a.name.toLowerCase())) return a;
      const t = a.dataType;
      const applies =
        (kind === "number" && isNumeric(t)) ||
        (kind === "string" && t.kind === "string") ||
        (kind === "boolean" && t.kind === "boolean");
      if (!applies) return a;
      const key = (v: ReplaceValue): Expression =>
        kind === "number" ? literal(Number(v), DOUBLE) : literalFromJs(v);
      return {
        kind: "alias",
        child: {
          kind: "case_when",
          branches: pairs.map(([from, to]): [Expression, Expression] => [
            { kind: "unresolved_function", name: "=", args: [a, key(from)], isDistinct: false },
            { kind: "cast", child: to === null ? NULL_LITERAL : key(to), dataType: t, mode: "legacy" },
          ]),
          elseValue: a,
        },
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
