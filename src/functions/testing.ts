/**
 * Test helpers for function definitions: a default bind context and argument descriptions, so unit
 * tests can bind a definition and run its kernel on internal values. Test-only; not exported from
 * the package.
 */
import { internalError } from "../common/errors.js";
import type { DataType } from "../types/data-type.js";
import type {
  BindArg,
  BindContext,
  FunctionDefinition,
  ScalarFunctionDefinition,
} from "./function-definition.js";

/** A bind context with Spark 4 defaults (ANSI on, UTC, seed 42, time 0), optionally overridden. */
export function testContext(overrides: Partial<BindContext> = {}): BindContext {
  return {
    ansi: true,
    timeZone: "UTC",
    conf: () => undefined,
    randomSeed: () => 42,
    currentTimeMicros: 0,
    ...overrides,
  };
}

/** A non-foldable, nullable argument of `dataType`. */
export function argOf(dataType: DataType, sql = "x"): BindArg {
  return { dataType, nullable: true, foldable: false, sql };
}

/** A foldable argument with constant `value`. */
export function litArg(dataType: DataType, value: unknown, sql = String(value)): BindArg {
  return { dataType, nullable: value === null, foldable: true, value, sql };
}

/**
 * Binds a scalar definition to `args` and evaluates it on `values`, applying the caller-side null
 * rule (a null argument gives null unless the kernel says `nullIntolerant: false`).
 */
export function evalScalar(
  def: FunctionDefinition,
  args: readonly BindArg[],
  values: readonly unknown[],
  ctx: BindContext = testContext(),
): unknown {
  if (def.type !== "scalar") throw internalError(`${def.name} is not a scalar function`);
  const bound = (def as ScalarFunctionDefinition).bind(args, ctx);
  if (bound.nullIntolerant !== false && values.some((v) => v === null)) return null;
  const f = bound.makeEval ? bound.makeEval({ partitionId: 0 }) : bound.eval;
  return f(...values);
}
