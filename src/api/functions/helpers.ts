/**
 * Shared helpers for the PySpark-named function wrappers in this folder: they only build
 * unresolved expressions; all checking happens in the Analyzer.
 */
import type { Expression } from "../../expressions/expression.js";
import { literalFromJs } from "../../expressions/literal.js";
import { Column, type ColumnOrLiteral, type ColumnOrName, toExpr, toExprLiteral } from "../column.js";

export type { ColumnOrLiteral, ColumnOrName };
export { Column, toExpr, toExprLiteral };

/** `name(args…)` where every argument is a Column or a column name. */
export function fn(name: string, ...args: ColumnOrName[]): Column {
  return new Column({ kind: "unresolved_function", name, args: args.map(toExpr), isDistinct: false });
}

/** `name(args…)` from already-built expressions. */
export function fnExpr(name: string, ...args: Expression[]): Column {
  return new Column({ kind: "unresolved_function", name, args, isDistinct: false });
}

/** A literal expression from a JS value (PySpark `lit` inference). */
export function litExpr(value: unknown): Expression {
  return literalFromJs(value);
}

/** An aggregate call (`count`, `sum`), optionally DISTINCT. */
export function aggFn(name: string, distinct: boolean, ...args: ColumnOrName[]): Column {
  return new Column({ kind: "unresolved_function", name, args: args.map(toExpr), isDistinct: distinct });
}
