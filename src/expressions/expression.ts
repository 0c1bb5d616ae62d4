/**
 * The immutable expression tree. Every node has a `kind`; passes switch over the closed union.
 * Unresolved nodes come from the API and the SQL parser; the Analyzer replaces them with resolved
 * ones (`attribute`, `call`, `aggregate`, …) whose `dataType` is known.
 */
import type { DataType, JsonValue } from "../types/data-type.js";
import type { BoundAggregate, BoundGenerator, BoundScalar, BoundWindowFunction } from "./kernels.js";

/** A unique id for an attribute or alias output (Spark's ExprId). */
export type ExprId = number;

export interface Literal {
  readonly kind: "literal";
  /** Internal value (see data/values.ts); null for NULL. */
  readonly value: unknown;
  readonly dataType: DataType;
  /**
   * Spark's `Literal.toString` when it depends on the session (a TIMESTAMP shown in the session time
   * zone), fixed where the session is known; otherwise the display derives it from the value.
   */
  readonly text?: string;
}

/** `col("a.b")` before resolution: name parts, and the id of the DataFrame it came from, if any. */
export interface UnresolvedAttribute {
  readonly kind: "unresolved_attribute";
  readonly nameParts: readonly string[];
  /** Set by `df.col("x")` / `df["x"]`: resolve against this DataFrame's plan only. */
  readonly planId?: number;
}

/** `*` or `t.*`. */
export interface UnresolvedStar {
  readonly kind: "star";
  readonly target?: readonly string[];
  /** The columns `df.colRegex(...)` already matched: the star expands to exactly these. */
  readonly columns?: readonly AttributeReference[];
}

/** A function call by name, before resolution (`upper(x)`, `count(DISTINCT x)`). */
export interface UnresolvedFunction {
  readonly kind: "unresolved_function";
  readonly name: string;
  readonly args: readonly Expression[];
  readonly isDistinct: boolean;
  readonly filter?: Expression;
  /** `ignore nulls` for first/last/lag/lead in SQL. */
  readonly ignoreNulls?: boolean;
}

/** `a.b`, `a['k']`, `a[0]` before resolution. */
export interface UnresolvedExtractValue {
  readonly kind: "unresolved_extract";
  readonly child: Expression;
  readonly extraction: Expression;
}

/** A resolved reference to a column of the child plan. */
export interface AttributeReference {
  readonly kind: "attribute";
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
  readonly exprId: ExprId;
  /** Table / DataFrame alias qualifiers (`t` in `t.a`). */
  readonly qualifier: readonly string[];
  /** The column's StructField metadata (`withMetadata`, a schema with metadata); absent when empty. */
  readonly metadata?: Readonly<Record<string, JsonValue>>;
}

/** A resolved column reference bound to an ordinal of the input batch (physical only). */
export interface BoundReference {
  readonly kind: "bound";
  readonly ordinal: number;
  readonly dataType: DataType;
  readonly nullable: boolean;
}

/** `expr AS name`. */
export interface Alias {
  readonly kind: "alias";
  readonly child: Expression;
  readonly name: string;
  readonly exprId: ExprId;
  /** Set for aliases the analyzer generated from the expression text (not user-written). */
  readonly generated?: boolean;
  /** Explicit metadata for the output column; otherwise an attribute child's metadata is kept. */
  readonly metadata?: Readonly<Record<string, JsonValue>>;
}

/** `CAST(child AS type)`; `mode` try → null on failure, ansi → error, legacy → null/wrap. */
export interface Cast {
  readonly kind: "cast";
  readonly child: Expression;
  readonly dataType: DataType;
  readonly mode: "ansi" | "legacy" | "try";
  /** Implicit casts inserted by coercion are hidden from generated column names. */
  readonly implicit?: boolean;
  /** The cast kernel for non-null input, set once resolved. */
  readonly castFn?: (v: unknown) => unknown;
}

/** A resolved scalar function call; `bound` carries its kernel specialised to types and conf. */
export interface Call {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly Expression[];
  readonly dataType: DataType;
  readonly nullable: boolean;
  readonly bound: BoundScalar;
}

/** AND with SQL three-valued logic and short circuit. */
export interface And {
  readonly kind: "and";
  readonly left: Expression;
  readonly right: Expression;
}
/** OR with SQL three-valued logic and short circuit. */
export interface Or {
  readonly kind: "or";
  readonly left: Expression;
  readonly right: Expression;
}

/** CASE WHEN … THEN … ELSE … END (also `when`/`otherwise`, `if`). Lazily evaluated. */
export interface CaseWhen {
  readonly kind: "case_when";
  readonly branches: readonly (readonly [Expression, Expression])[];
  readonly elseValue?: Expression;
  /** Display name override (`if`, `nvl2` keep their call syntax in column names). */
  readonly display?: string;
  /** The original call arguments shown with `display` (nvl2). */
  readonly displayArgs?: readonly Expression[];
}

/** COALESCE(a, b, …) evaluated lazily left to right (also nvl/ifnull display). */
export interface Coalesce {
  readonly kind: "coalesce";
  readonly children: readonly Expression[];
  readonly display?: string;
}

/** An aggregate function call (inside Aggregate or Window). */
export interface AggregateCall {
  readonly kind: "aggregate";
  readonly name: string;
  readonly args: readonly Expression[];
  readonly isDistinct: boolean;
  readonly filter?: Expression;
  readonly ignoreNulls?: boolean;
  /** Set once resolved. */
  readonly dataType?: DataType;
  readonly nullable?: boolean;
  readonly bound?: BoundAggregate;
}

/** A generator call (`explode`, `posexplode`, `inline`, `json_tuple`, `stack`). */
export interface GeneratorCall {
  readonly kind: "generator";
  readonly name: string;
  readonly args: readonly Expression[];
  readonly outer: boolean;
  /** Set once resolved. */
  readonly bound?: BoundGenerator;
}

/** A window function call (`row_number()`, `lag(x, 1)`), resolved form. */
export interface WindowFunctionCall {
  readonly kind: "window_function";
  readonly name: string;
  readonly args: readonly Expression[];
  readonly ignoreNulls?: boolean;
  readonly dataType?: DataType;
  readonly nullable?: boolean;
  readonly bound?: BoundWindowFunction;
}

export type FrameBoundary =
  | { readonly type: "unbounded_preceding" }
  | { readonly type: "unbounded_following" }
  | { readonly type: "current_row" }
  | {
      readonly type: "offset";
      readonly value: number;
      /** Written `n PRECEDING` in SQL (Spark shows it so); API offsets show as `-n FOLLOWING`. */
      readonly preceding?: boolean;
    };

export interface WindowFrame {
  readonly frameType: "rows" | "range";
  readonly lower: FrameBoundary;
  readonly upper: FrameBoundary;
}

export interface WindowSpec {
  readonly partitionBy: readonly Expression[];
  readonly orderBy: readonly SortOrder[];
  readonly frame?: WindowFrame;
}

/** `fn OVER (window)`. */
export interface WindowExpression {
  readonly kind: "window_expression";
  readonly function: Expression;
  readonly spec: WindowSpec;
}

/** `child ASC|DESC NULLS FIRST|LAST`. */
export interface SortOrder {
  readonly kind: "sort_order";
  readonly child: Expression;
  readonly direction: "asc" | "desc";
  readonly nullOrdering: "nulls_first" | "nulls_last";
}

/** Resolved struct field access `s.f`. */
export interface GetStructField {
  readonly kind: "get_struct_field";
  readonly child: Expression;
  readonly ordinal: number;
  readonly name: string;
}

/** A user-defined TypeScript function (called on user-facing values). */
export interface UdfCall {
  readonly kind: "udf";
  readonly name: string;
  /** The user's function: user values in (as `collect()` returns them), a user value out. */
  readonly userFn: (...args: unknown[]) => unknown;
  /** The kernel on internal values, set once the arguments are resolved. */
  readonly fn?: (...args: unknown[]) => unknown;
  readonly args: readonly Expression[];
  readonly dataType: DataType;
  readonly deterministic: boolean;
}

/**
 * `(SELECT …)` used as a value. `plan` is the subquery's LogicalPlan, typed opaquely because the
 * plans layer sits above expressions; analysis and the optimizer cast it back.
 */
export interface ScalarSubquery {
  readonly kind: "scalar_subquery";
  readonly plan: unknown;
  /** The single output column's type, set once resolved. */
  readonly dataType?: DataType;
  /** Outer columns the subquery refers to (Spark shows them: `scalarsubquery(a)`). */
  readonly outerAttrs?: readonly Expression[];
}

/** `EXISTS (SELECT …)`; `plan` is an opaque LogicalPlan as in ScalarSubquery. */
export interface ExistsSubquery {
  readonly kind: "exists_subquery";
  readonly plan: unknown;
  readonly outerAttrs?: readonly Expression[];
}

/** `values IN (SELECT …)` (one value, or several for `(a, b) IN (SELECT x, y …)`). */
export interface InSubquery {
  readonly kind: "in_subquery";
  readonly values: readonly Expression[];
  readonly plan: unknown;
  readonly outerAttrs?: readonly Expression[];
}

/** A column of an enclosing query referenced from inside a correlated subquery. */
export interface OuterReference {
  readonly kind: "outer_reference";
  readonly attr: AttributeReference;
}

/**
 * A variable of a lambda function (Spark's NamedLambdaVariable). The parser and the API create it
 * without a type; the Analyzer gives it the type and nullability the higher-order function offers
 * (array element, index, map key/value, accumulator). It is not a column: it is never bound to an
 * input ordinal, and its value is set by the higher-order function's kernel for each invocation of
 * the lambda. `exprId` identifies it uniquely within a query.
 */
export interface LambdaVariable {
  readonly kind: "lambda_variable";
  /** The user's name (`x` in `x -> x + 1`; `x_12` for lambdas built by the PySpark-style API). */
  readonly name: string;
  readonly exprId: ExprId;
  /** Set once resolved. */
  readonly dataType?: DataType;
  readonly nullable?: boolean;
}

/**
 * `(x, y) -> body` (Spark's LambdaFunction). It only appears as an argument of a higher-order
 * function (`transform`, `filter`, `aggregate`, …), which is an ordinary `call` whose kernel receives
 * the lambda as a JS function value `(...params) => result` on internal values. The only child is
 * `body`; `params` are declarations. Evaluating a lambda yields that function, closed over the
 * current input row; both the interpreter and codegen produce it, so kernels are shared.
 * `hidden` marks a lambda the analyzer wrapped around a plain argument (`transform(arr, 0)`).
 */
export interface LambdaFunction {
  readonly kind: "lambda_function";
  readonly params: readonly LambdaVariable[];
  readonly body: Expression;
  readonly hidden?: boolean;
}

export type Expression =
  | Literal
  | UnresolvedAttribute
  | UnresolvedStar
  | UnresolvedFunction
  | UnresolvedExtractValue
  | AttributeReference
  | BoundReference
  | Alias
  | Cast
  | Call
  | And
  | Or
  | CaseWhen
  | Coalesce
  | AggregateCall
  | GeneratorCall
  | WindowFunctionCall
  | WindowExpression
  | SortOrder
  | GetStructField
  | UdfCall
  | ScalarSubquery
  | ExistsSubquery
  | InSubquery
  | OuterReference
  | LambdaVariable
  | LambdaFunction;

export type ExpressionKind = Expression["kind"];
