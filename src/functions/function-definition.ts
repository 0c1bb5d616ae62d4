/**
 * The function contract. Every built-in function is one `FunctionDefinition` in its family's folder,
 * registered by name in the session's `FunctionRegistry`. The Analyzer:
 *   1. checks the argument count (`WRONG_NUM_ARGS`),
 *   2. asks `coerce` for the input types it wants and inserts implicit casts
 *      (`DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` when no implicit cast exists),
 *   3. calls `bind` with the (coerced) argument descriptions and the session context; `bind` checks
 *      the types (throwing `DATATYPE_MISMATCH.*` via `typeMismatch`) and returns a kernel specialised
 *      to those types and that conf.
 * Kernels work on internal values (data/values.ts). The interpreter and generated code call the same
 * kernel, so codegen and interpreted results cannot drift apart.
 */
import type {
  BoundAggregate,
  BoundGenerator,
  BoundScalar,
  BoundWindowFunction,
} from "../expressions/kernels.js";
import type { DataType } from "../types/data-type.js";

export type {
  BoundAggregate,
  BoundGenerator,
  BoundScalar,
  BoundWindowFunction,
  ExecContext,
} from "../expressions/kernels.js";

/** What `bind` knows about one argument. */
export interface BindArg {
  readonly dataType: DataType;
  readonly nullable: boolean;
  /** True when the argument is a constant (literal after folding). */
  readonly foldable: boolean;
  /** The constant's internal value when `foldable`. */
  readonly value?: unknown;
  /** The argument's SQL text, for error messages (`upper(name)`). */
  readonly sql: string;
}

/** The type of one lambda variable a higher-order function offers (see `lambdaParams`). */
export interface LambdaParam {
  readonly dataType: DataType;
  readonly nullable: boolean;
}

/** Session settings a kernel may depend on; captured at bind time. */
export interface BindContext {
  /** `spark.sql.ansi.enabled` (default true as in Spark 4). */
  readonly ansi: boolean;
  /** `spark.sql.session.timeZone`, an IANA zone id or offset (`UTC`, `+02:00`). */
  readonly timeZone: string;
  /** Reads any other conf value (string) or undefined. */
  readonly conf: (key: string) => string | undefined;
  /** Random seed source for non-deterministic functions when none is given. */
  readonly randomSeed: () => number;
  /** The current query's start time in microseconds (for current_timestamp, same in one query). */
  readonly currentTimeMicros: number;
}

/** Argument count bounds; `max` Infinity for variadic. */
export interface ArgCount {
  readonly min: number;
  readonly max: number;
}

/** Documentation with examples that run as tests (tests/functions-docs.test.ts). */
export interface FunctionDocs {
  /** One sentence. */
  readonly usage: string;
  /** SQL examples: `sql` is a SELECT expression list, `result` the rendered row(s) as show() cells. */
  readonly examples?: readonly { readonly sql: string; readonly result: string }[];
  readonly since?: string;
}

interface DefinitionBase {
  /** Lower-case SQL name. */
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly args: ArgCount;
  readonly docs: FunctionDocs;
  /** Builds the generated column name from argument SQL texts; default `name(a, b)`. */
  readonly sql?: (args: readonly string[], calledAs: string) => string;
  /**
   * The input types wanted, given the actual ones; the analyzer inserts implicit casts to them.
   * Return `undefined` entries (or omit) to keep an argument's type as is. `ansi` is
   * `spark.sql.ansi.enabled` (string promotion differs between the two modes).
   */
  readonly coerce?: (argTypes: readonly DataType[], ansi?: boolean) => readonly (DataType | undefined)[];
}

export interface ScalarFunctionDefinition extends DefinitionBase {
  readonly type: "scalar";
  readonly bind: (args: readonly BindArg[], ctx: BindContext) => BoundScalar;
  /**
   * Higher-order functions only (`transform`, `aggregate`, …): the parameters this function offers
   * to its argument `index` when that argument is a lambda with `arity` parameters, given the
   * resolved arguments before it (a lambda argument is described by its body's type). Returns
   * undefined when that argument takes no lambda. The Analyzer types the lambda's variables with
   * the result and fails with `INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH` when the counts
   * differ. At run time the kernel receives each lambda as a JS function on internal values
   * (`(...params) => result`), which it may call any number of times while `eval` runs.
   */
  readonly lambdaParams?: (
    index: number,
    arity: number,
    before: readonly BindArg[],
  ) => readonly LambdaParam[] | undefined;
}

export interface AggregateFunctionDefinition extends DefinitionBase {
  readonly type: "aggregate";
  readonly bind: (args: readonly BindArg[], ctx: BindContext, isDistinct: boolean) => BoundAggregate;
}

export interface GeneratorFunctionDefinition extends DefinitionBase {
  readonly type: "generator";
  readonly bind: (args: readonly BindArg[], ctx: BindContext, outer: boolean) => BoundGenerator;
}

export interface WindowFunctionDefinition extends DefinitionBase {
  readonly type: "window";
  readonly bind: (args: readonly BindArg[], ctx: BindContext, ignoreNulls: boolean) => BoundWindowFunction;
}

export type FunctionDefinition =
  | ScalarFunctionDefinition
  | AggregateFunctionDefinition
  | GeneratorFunctionDefinition
  | WindowFunctionDefinition;
