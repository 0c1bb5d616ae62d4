/**
 * Kernel shapes that resolved expression nodes carry: what a function's `bind` returns
 * (see functions/function-definition.ts for the full contract).
 */
import type { DataType, StructField } from "../types/data-type.js";

/** Runtime context passed to non-deterministic kernels at execution. */
export interface ExecContext {
  readonly partitionId: number;
}

/** A scalar kernel: evaluates non-null arguments (unless `nullIntolerant` is false). */
export interface BoundScalar {
  readonly dataType: DataType;
  readonly nullable: boolean;
  /**
   * Evaluates on internal values. With `nullIntolerant` (the default) it is only called when every
   * argument is non-null, and a null argument yields null. Returns an internal value or null.
   */
  readonly eval: (...args: unknown[]) => unknown;
  /** False for functions that look at nulls themselves (concat_ws, isnull, nvl, …). */
  readonly nullIntolerant?: boolean;
  /** False for rand/uuid/monotonically_increasing_id: never constant-folded, evaluated per row. */
  readonly deterministic?: boolean;
  /**
   * For kernels that need per-partition state (monotonically_increasing_id, rand): called once per
   * partition/batch stream to make the evaluator. Takes precedence over `eval` when present.
   */
  readonly makeEval?: (ctx: ExecContext) => (...args: unknown[]) => unknown;
  /**
   * For kernels with a random seed (rand, randn, uuid): the same kernel with another seed
   * (Spark's ExpressionWithRandomSeed.withNewSeed; streaming gives every micro-batch a new one).
   */
  readonly withSeed?: (seed: bigint) => BoundScalar;
  /**
   * Optional inline JS for codegen: receives the JS expressions of the (non-null) arguments and
   * returns a JS expression. Only for simple operators; must not embed any user string.
   */
  readonly inline?: (args: readonly string[]) => string;
  /** Optional column-name syntax for kernels made by the analyzer itself (`arr[0]`). */
  readonly display?: (args: readonly string[]) => string;
}

/** An aggregate kernel. Buffers are opaque, but must be plain data (arrays, numbers, bigints,
 * strings, internal values) so that streaming state can serialise them. */
export interface BoundAggregate {
  readonly dataType: DataType;
  readonly nullable: boolean;
  /** A fresh buffer. */
  readonly init: () => unknown;
  /** Folds one input row into the buffer; returns the (possibly new) buffer. With `skipNulls`
   * (the default) rows where any argument is null are not passed in. */
  readonly update: (buffer: unknown, ...args: unknown[]) => unknown;
  /** Merges two partial buffers (partial → final split); returns the merged buffer. */
  readonly merge: (a: unknown, b: unknown) => unknown;
  /** The result from a buffer (internal value or null). */
  readonly finish: (buffer: unknown) => unknown;
  readonly skipNulls?: boolean;
}

/** A generator kernel: one input row → zero or more output rows of `output` fields. */
export interface BoundGenerator {
  readonly output: readonly StructField[];
  /** Returns the produced rows (each an array of internal values). Called with possibly-null args. */
  readonly generate: (...args: unknown[]) => unknown[][];
  /**
   * Optional fast path of a one-argument, one-column generator (explode of an array): the values
   * of the produced column for an input value, in order, without a row array per value; null or
   * undefined when the input produces no row. `outer` handling stays with the caller: a generator
   * offering this must produce exactly these rows from `generate` when the input is non-empty.
   */
  readonly elements?: (arg: unknown) => readonly unknown[] | null | undefined;
}

/** A window (ranking/offset) function kernel, evaluated over one ordered partition. */
export interface BoundWindowFunction {
  readonly dataType: DataType;
  readonly nullable: boolean;
  /**
   * Computes one value per row of a sorted partition. `args[i][r]` is argument i at row r;
   * `peers` marks, for each row, the index of the first row of its peer group (same ORDER BY key).
   */
  readonly evaluatePartition: (
    args: readonly (readonly unknown[])[],
    peers: Int32Array,
    n: number,
  ) => unknown[];
}
