/**
 * Calling the user function of a (flat)MapGroupsWithState / applyInPandasWithState node, shared
 * by the batch MapGroupsExec and the streaming FlatMapGroupsWithStateExec: where the key and data
 * columns sit in the input, the key and rows as the user sees them (a tuple of external values;
 * objects keyed by column name), and the function's result back to internal output rows.
 *
 * The function is called synchronously and its result consumed to the end before the caller
 * looks at the state (Spark writes the state once the returned iterator is consumed, so a function
 * that updates the state lazily, while its result is iterated, is seen in full).
 */
import { internalError, TsparkError } from "../common/errors.js";
import { fromExternal, toExternal } from "../data/external.js";
import type { AttributeReference } from "../expressions/expression.js";
import type { GroupState } from "../plans/group-state.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { StructField, StructType } from "../types/data-type.js";

type Node = LogicalPlan & { kind: "flat_map_groups_with_state" };

/** The user function of one node, bound to the columns of its input. */
export class GroupStateCall {
  /** Positions of the grouping columns in the input. */
  readonly keyIndexes: readonly number[];
  /** The grouping columns as a struct (the state key schema). */
  readonly keySchema: StructType;
  /** The function's output rows (from the output attributes). */
  readonly outputSchema: StructType;
  private readonly dataIndexes: readonly number[];
  private readonly dataAttributes: readonly AttributeReference[];

  constructor(
    readonly node: Node,
    input: readonly AttributeReference[],
  ) {
    const pos = new Map(input.map((a, i) => [a.exprId, i] as const));
    const indexOf = (a: { readonly kind: string; readonly exprId?: number }): number => {
      const i = a.kind === "attribute" && a.exprId !== undefined ? pos.get(a.exprId) : undefined;
      if (i === undefined) throw internalError(`${node.api}: a column is not in its input`);
      return i;
    };
    const keys = node.groupingExpressions.map((g) => {
      if (g.kind !== "attribute") throw internalError(`${node.api}: unresolved grouping expression`);
      return g;
    });
    this.keyIndexes = keys.map(indexOf);
    this.keySchema = new StructType(keys.map((k) => new StructField(k.name, k.dataType, k.nullable)));
    this.dataAttributes = node.dataAttributes ?? input;
    this.dataIndexes = this.dataAttributes.map(indexOf);
    this.outputSchema = new StructType(
      node.output.map((a) => new StructField(a.name, a.dataType, a.nullable)),
    );
  }

  /** The internal key values of row `r`. */
  keyAt(columns: readonly (readonly unknown[])[], r: number): unknown[] {
    return this.keyIndexes.map((i) => columns[i]![r] ?? null);
  }

  /** The user's view of rows `rows` (objects keyed by column name; a later duplicate name wins). */
  rowsAt(columns: readonly (readonly unknown[])[], rows: readonly number[]): Record<string, unknown>[] {
    const attrs = this.dataAttributes;
    const idx = this.dataIndexes;
    return rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (let c = 0; c < attrs.length; c++) {
        const a = attrs[c]!;
        o[a.name] = toExternal(columns[idx[c]!]![r] ?? null, a.dataType);
      }
      return o;
    });
  }

  /**
   * Calls the function for `key` (internal values) and returns its output rows (internal),
   * checked against the output schema. mapGroupsWithState's function returns one row.
   */
  call(key: readonly unknown[], rows: Iterable<Record<string, unknown>>, state: GroupState): unknown[][] {
    const result = this.node.func(this.keyTuple(key), rows, state);
    if (this.node.isMapGroupsWithState) return [this.toInternal(result)];
    return this.outputRows(result);
  }

  /** The user's view of a key (a tuple of external values). */
  keyTuple(key: readonly unknown[]): unknown[] {
    return this.keySchema.fields.map((f, i) => toExternal(key[i] ?? null, f.dataType));
  }

  /** What a user function returned (an iterable of rows) as internal output rows. */
  outputRows(result: unknown): unknown[][] {
    const out: unknown[][] = [];
    if (
      result === null ||
      result === undefined ||
      typeof result !== "object" ||
      !(Symbol.iterator in result)
    ) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message: `The function of ${this.node.api} must return an iterable of rows (an array or a generator), got ${describeValue(result)}.`,
        },
      });
    }
    for (const row of result as Iterable<unknown>) out.push(this.toInternal(row));
    return out;
  }

  private toInternal(row: unknown): unknown[] {
    if (row === null || row === undefined || typeof row !== "object") {
      const what = this.node.isMapGroupsWithState ? "one row" : "rows";
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: {
          message: `The function of ${this.node.api} must return ${what} (objects keyed by field name, or arrays in the output schema's order), got ${describeValue(row)}.`,
        },
      });
    }
    return fromExternal(row, this.outputSchema, "", false) as unknown[];
  }
}

/** Spark's error for an initial state with two rows of one key (an IllegalArgumentException there). */
export function duplicateInitialStateKey(): TsparkError {
  return new TsparkError("ILLEGAL_ARGUMENT", {
    messageParameters: {
      message:
        "The initial state provided contained multiple rows(state) with the same key. Make sure to de-duplicate the initial state before passing it.",
    },
  });
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v;
}
