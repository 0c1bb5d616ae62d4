/**
 * Resolution of higher-order function calls and their lambdas (Spark's ResolveLambdaVariables plus
 * the HigherOrderFunction bind step), used by the ExpressionResolver.
 *
 * Protocol for `fn(a0, a1, …)` where the definition has `lambdaParams`:
 *   1. every non-lambda argument is already resolved by the caller;
 *   2. left to right, for argument i the definition says which parameters it offers (given the
 *      arguments before i, a lambda described by its body); a lambda gets its variables typed with
 *      them, and its body is resolved in a scope where those variables shadow columns of the same
 *      name; a plain argument in a lambda position is wrapped in a hidden lambda (`transform(a, 0)`);
 *   3. the definition's `bind` sees every argument (lambdas by body type) and returns the kernel,
 *      which receives each lambda as a JS function at run time.
 */
import { TsparkError } from "../common/errors.js";
import type { Expression, LambdaFunction, LambdaVariable } from "../expressions/expression.js";
import { prettySql } from "../expressions/display.js";
import { nextExprId } from "../expressions/expr-id.js";
import { literal } from "../expressions/literal.js";
import type { BindArg, FunctionDefinition } from "../functions/function-definition.js";
import { STRING } from "../types/data-type.js";
import { unresolvedColumn } from "./errors.js";
import { extractValue } from "./extract-value.js";
import type { ExpressionResolver, Scope } from "./resolve-expression.js";

/** `INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION`; Spark names the JVM class, tspark the function. */
function nonHigherOrder(name: string): TsparkError {
  return new TsparkError("INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION", {
    messageParameters: { class: `"${name}"` },
  });
}

/** A lambda that is not an argument of any function (`SELECT x -> x`). */
export function lambdaOutsideHigherOrder(): TsparkError {
  return nonHigherOrder("?");
}

/** True when a call has a lambda among its (unresolved) arguments. */
export function hasLambdaArgument(args: readonly Expression[]): boolean {
  return args.some((a) => a.kind === "lambda_function");
}

/**
 * Resolves a call of a higher-order function `def` whose non-lambda `args` are resolved; returns the
 * resolved `call`. Throws `INVALID_LAMBDA_FUNCTION_CALL.*` for lambdas in the wrong place or of the
 * wrong arity.
 */
export function resolveHigherOrderCall(
  r: ExpressionResolver,
  calledAs: string,
  def: FunctionDefinition | undefined,
  args: readonly Expression[],
  scope: Scope,
): Expression {
  if (def?.type !== "scalar" || !def.lambdaParams) throw nonHigherOrder(calledAs);
  const out: Expression[] = [];
  const bindArgs: BindArg[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const arity = a.kind === "lambda_function" ? a.params.length : 1;
    let offered: ReturnType<NonNullable<typeof def.lambdaParams>>;
    try {
      offered = def.lambdaParams(i, arity, bindArgs);
    } catch (err) {
      throw withWholeCallSql(err, calledAs, args);
    }
    let resolved: Expression;
    if (offered === undefined) {
      if (a.kind === "lambda_function") throw nonHigherOrder(calledAs);
      resolved = a;
    } else {
      const lambda: LambdaFunction =
        a.kind === "lambda_function"
          ? a
          : {
              kind: "lambda_function",
              params: offered.map((_, j) => ({
                kind: "lambda_variable",
                name: `col${j}`,
                exprId: nextExprId(),
              })),
              body: a,
              hidden: true,
            };
      if (lambda.params.length !== offered.length) {
        throw new TsparkError("INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH", {
          messageParameters: {
            expectedNumArgs: String(offered.length),
            actualNumArgs: String(lambda.params.length),
          },
        });
      }
      checkDistinctNames(r, lambda.params);
      const params: LambdaVariable[] = lambda.params.map((p, j) => ({
        ...p,
        dataType: offered[j]!.dataType,
        nullable: offered[j]!.nullable,
      }));
      const body = r.resolve(lambda.body, { ...scope, lambdas: [...params, ...(scope.lambdas ?? [])] });
      resolved = { ...lambda, params, body };
    }
    out.push(resolved);
    bindArgs.push(r.bindArg(resolved));
  }
  const bound = def.bind(bindArgs, r.ctx.bind);
  return {
    kind: "call",
    name: calledAs,
    args: out,
    dataType: bound.dataType,
    nullable: bound.nullable,
    bound,
  };
}

/**
 * A type error raised while offering lambda parameters names only the arguments seen so far; Spark
 * names the whole call, with the lambda still unresolved (`transform(1, lambdafunction(x, x))`).
 */
function withWholeCallSql(err: unknown, calledAs: string, args: readonly Expression[]): unknown {
  if (!(err instanceof TsparkError) || err.messageParameters.sqlExpr === undefined) return err;
  const sqlExpr = `"${calledAs}(${args.map((a) => prettySql(a)).join(", ")})"`;
  return new TsparkError(err.errorClass, { messageParameters: { ...err.messageParameters, sqlExpr } });
}

function checkDistinctNames(r: ExpressionResolver, params: readonly LambdaVariable[]): void {
  const norm = (n: string): string => (r.ctx.caseSensitive ? n : n.toLowerCase());
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const p of params) {
    if (seen.has(norm(p.name))) dups.push(p.name);
    seen.add(norm(p.name));
  }
  if (dups.length > 0) {
    throw new TsparkError("INVALID_LAMBDA_FUNCTION_CALL.DUPLICATE_ARG_NAMES", {
      messageParameters: {
        args: dups.map((d) => `\`${d}\``).join(", "),
        caseSensitiveConfig: '"spark.sql.caseSensitive"',
      },
    });
  }
}

/**
 * A name that refers to a lambda variable in scope (`x`, or `acc.sum` for a field of one); lambda
 * variables shadow columns. Undefined when the first name part is no variable in scope.
 */
export function resolveLambdaName(
  r: ExpressionResolver,
  parts: readonly string[],
  scope: Scope,
): Expression | undefined {
  if (!scope.lambdas || scope.lambdas.length === 0) return undefined;
  const first = parts[0]!;
  const eq = (a: string): boolean =>
    r.ctx.caseSensitive ? a === first : a.toLowerCase() === first.toLowerCase();
  const v = scope.lambdas.find((l) => eq(l.name));
  if (!v) return undefined;
  let expr: Expression = v;
  for (const field of parts.slice(1)) expr = extractValue(expr, literal(field, STRING), r.ctx, true);
  return expr;
}

/** A lambda variable node from the API (by id) resolved to the typed variable in scope. */
export function resolveLambdaVariable(v: LambdaVariable, scope: Scope): Expression {
  if (v.dataType !== undefined) return v;
  const found = scope.lambdas?.find((l) => l.exprId === v.exprId);
  if (!found) throw unresolvedColumn([v.name], scope.input);
  return found;
}
