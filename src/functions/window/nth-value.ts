/**
 * `nth_value(input, offset)`: the value of `input` at the `offset`-th row (1-based) of the window
 * frame, NULL when the frame has fewer rows. Unlike the ranking functions it depends on the frame,
 * so it is an aggregate kernel that the window operator evaluates per frame like `first_value`;
 * Spark only allows it with OVER. IGNORE NULLS counts non-null rows only; it arrives as an optional
 * BOOLEAN literal third argument (the analyzer's translation of the SQL clause, and PySpark's
 * `ignoreNulls` parameter), which the column name omits: `nth_value(x, 2)`.
 *
 * Buffer: the first `offset` counted values (so that partial buffers merge in order).
 */
import { isIntegral } from "../../types/data-type.js";
import { typeMismatch, unexpectedInputType } from "../errors.js";
import type { AggregateFunctionDefinition, BindArg, BoundAggregate } from "../function-definition.js";

function callSql(args: readonly BindArg[]): string {
  return `nth_value(${args.map((a) => a.sql).join(", ")})`;
}

function readOffset(args: readonly BindArg[]): number {
  const arg = args[1]!;
  if (!isIntegral(arg.dataType)) throw unexpectedInputType(callSql(args), 1, '"INT"', arg);
  if (!arg.foldable) {
    throw typeMismatch("NON_FOLDABLE_INPUT", callSql(args), {
      inputName: "`offset`",
      inputType: '"INT"',
      inputExpr: `"${arg.sql}"`,
    });
  }
  const v = arg.value ?? null;
  const n = v === null ? 0 : typeof v === "bigint" ? Number(v) : (v as number);
  if (!(n > 0)) {
    throw typeMismatch("VALUE_OUT_OF_RANGE", callSql(args), {
      exprName: "`offset`",
      valueRange: "(0, 9223372036854775807]",
      currentValue: `${String(v)}L`,
    });
  }
  return n;
}

function readIgnoreNulls(args: readonly BindArg[]): boolean {
  const arg = args[2];
  if (arg === undefined) return false;
  if (arg.dataType.kind !== "boolean") throw unexpectedInputType(callSql(args), 2, '"BOOLEAN"', arg);
  if (!arg.foldable) {
    throw typeMismatch("NON_FOLDABLE_INPUT", callSql(args), {
      inputName: "`ignoreNulls`",
      inputType: '"BOOLEAN"',
      inputExpr: `"${arg.sql}"`,
    });
  }
  return arg.value === true;
}

/** `nth_value`: the offset-th value of the window frame. */
export const nthValue: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "nth_value",
  args: { min: 2, max: 3 },
  sql: (args) => `nth_value(${args.slice(0, 2).join(", ")})`,
  docs: {
    usage:
      "nth_value(input[, offset]) returns the value of input at the row that is the offset-th row from the beginning of the window frame; with IGNORE NULLS, null values are skipped.",
    examples: [
      {
        sql: "a, b, nth_value(b, 2) OVER (PARTITION BY a ORDER BY b) FROM VALUES ('A1', 2), ('A1', 1), ('A2', 3), ('A1', 1) tab(a, b) ORDER BY 1, 2, 3",
        result: "A1 1 1\nA1 1 1\nA1 2 1\nA2 3 NULL",
      },
    ],
    since: "3.1.0",
  },
  bind: (args): BoundAggregate => {
    const offset = readOffset(args);
    const ignoreNulls = readIgnoreNulls(args);
    return {
      dataType: args[0]!.dataType,
      nullable: true,
      skipNulls: false,
      init: () => [],
      update: (buf, x) => {
        const b = buf as unknown[];
        if (b.length < offset && !(ignoreNulls && x === null)) b.push(x);
        return b;
      },
      merge: (a, b) => {
        const x = a as unknown[];
        for (const v of b as unknown[]) {
          if (x.length >= offset) break;
          x.push(v);
        }
        return x;
      },
      finish: (buf) => {
        const b = buf as unknown[];
        return b.length >= offset ? b[offset - 1] : null;
      },
    };
  },
};
