/**
 * PySpark's `_create_lambda`: turns a JS callback over Columns into a lambda expression. Internal to
 * the function wrappers (not part of `tspark/functions`).
 */
import { TsparkError } from "../../common/errors.js";
import type { LambdaFunction, LambdaVariable } from "../../expressions/expression.js";
import { nextExprId } from "../../expressions/expr-id.js";
import { Column } from "../column.js";

/** A lambda callback: one Column per lambda variable in, a Column out. */
export type LambdaCallback = (...vars: Column[]) => Column;

const VAR_NAMES = ["x", "y", "z"];

/**
 * Builds a lambda expression from a callback, with as many variables as the callback declares
 * (1 to 3; `fn.length`). Variable names are fresh (`x_12`, `y_13`) so nested lambdas never clash.
 */
export function createLambda(fn: LambdaCallback, funcName: string): LambdaFunction {
  const n = fn.length;
  if (n < 1 || n > 3) {
    throw new TsparkError("WRONG_NUM_ARGS_FOR_HIGHER_ORDER_FUNCTION", {
      messageParameters: { func_name: funcName, num_args: String(n) },
    });
  }
  const params: LambdaVariable[] = [];
  for (let i = 0; i < n; i++) {
    const exprId = nextExprId();
    params.push({ kind: "lambda_variable", name: `${VAR_NAMES[i]}_${exprId}`, exprId });
  }
  const result: unknown = fn(...params.map((p) => new Column(p)));
  if (!(result instanceof Column)) {
    throw new TsparkError("HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN", {
      messageParameters: { func_name: funcName, return_type: typeof result },
    });
  }
  return { kind: "lambda_function", params, body: result.expr };
}
