/**
 * `Window` / `WindowSpec`: PySpark's window specification builders.
 */
import { TsparkError } from "../common/errors.js";
import type { FrameBoundary, SortOrder, WindowFrame, WindowSpec as Spec } from "../expressions/expression.js";
import { type ColumnOrName, toExpr, type WindowSpecLike } from "./column.js";

const UNBOUNDED = 2 ** 63;

function boundary(v: number, lower: boolean): FrameBoundary {
  if (v <= -UNBOUNDED || v === Number.NEGATIVE_INFINITY) return { type: "unbounded_preceding" };
  if (v >= UNBOUNDED || v === Number.POSITIVE_INFINITY) return { type: "unbounded_following" };
  if (v === 0) return { type: "current_row" };
  if (!Number.isInteger(v)) {
    throw new TsparkError("ILLEGAL_ARGUMENT", {
      messageParameters: { message: `window frame ${lower ? "start" : "end"} must be an integer` },
    });
  }
  return { type: "offset", value: v };
}

/** A ROWS frame counts rows with an int: other values than the unbounded markers are rejected. */
function checkRowsBoundary(v: number, which: "start" | "end"): void {
  const unbounded = which === "start" ? v <= -UNBOUNDED : v >= UNBOUNDED;
  if (unbounded || (v >= -(2 ** 31) && v <= 2 ** 31 - 1)) return;
  throw new TsparkError(which === "start" ? "INVALID_BOUNDARY.START" : "INVALID_BOUNDARY.END", {
    messageParameters: {
      invalidValue: `${v}L`,
      boundary: `\`${which}\``,
      intMaxValue: "2147483647",
      intMinValue: "-2147483648",
      ...(which === "start"
        ? { longMinValue: "-9223372036854775808L" }
        : { longMaxValue: "9223372036854775807L" }),
    },
  });
}

function toSortOrder(c: ColumnOrName): SortOrder {
  const e = toExpr(c);
  return e.kind === "sort_order"
    ? e
    : { kind: "sort_order", child: e, direction: "asc", nullOrdering: "nulls_first" };
}

/** An immutable window specification. */
export class WindowSpec implements WindowSpecLike {
  constructor(readonly spec: Spec) {}
  partitionBy(...cols: (ColumnOrName | ColumnOrName[])[]): WindowSpec {
    return new WindowSpec({ ...this.spec, partitionBy: cols.flat().map(toExpr) });
  }
  orderBy(...cols: (ColumnOrName | ColumnOrName[])[]): WindowSpec {
    return new WindowSpec({ ...this.spec, orderBy: cols.flat().map(toSortOrder) });
  }
  rowsBetween(start: number, end: number): WindowSpec {
    checkRowsBoundary(start, "start");
    checkRowsBoundary(end, "end");
    const frame: WindowFrame = {
      frameType: "rows",
      lower: boundary(start, true),
      upper: boundary(end, false),
    };
    return new WindowSpec({ ...this.spec, frame });
  }
  rangeBetween(start: number, end: number): WindowSpec {
    const frame: WindowFrame = {
      frameType: "range",
      lower: boundary(start, true),
      upper: boundary(end, false),
    };
    return new WindowSpec({ ...this.spec, frame });
  }
}

/** PySpark's `Window` entry points and frame constants. */
export const Window = {
  unboundedPreceding: -UNBOUNDED,
  unboundedFollowing: UNBOUNDED,
  currentRow: 0,
  partitionBy(...cols: (ColumnOrName | ColumnOrName[])[]): WindowSpec {
    return new WindowSpec({ partitionBy: [], orderBy: [] }).partitionBy(...cols);
  },
  orderBy(...cols: (ColumnOrName | ColumnOrName[])[]): WindowSpec {
    return new WindowSpec({ partitionBy: [], orderBy: [] }).orderBy(...cols);
  },
  rowsBetween(start: number, end: number): WindowSpec {
    return new WindowSpec({ partitionBy: [], orderBy: [] }).rowsBetween(start, end);
  },
  rangeBetween(start: number, end: number): WindowSpec {
    return new WindowSpec({ partitionBy: [], orderBy: [] }).rangeBetween(start, end);
  },
};
