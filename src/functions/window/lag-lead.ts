/**
 * `lag(input[, offset[, default]])` / `lead(…)`: the value of `input` `offset` rows before / after
 * the current row of the ordered partition (offset 1 by default, a constant; a negative offset looks
 * the other way, 0 is the current row). When that row does not exist, `default` (evaluated on the
 * current row; NULL by default) is returned. With IGNORE NULLS the offset counts non-null values
 * only. Column names show all three arguments (`lag(x, 1, NULL)`), as Spark's.
 */
import { INT, isIntegral } from "../../types/data-type.js";
import { typeMismatch, unexpectedInputType } from "../errors.js";
import type { BindArg, BoundWindowFunction, WindowFunctionDefinition } from "../function-definition.js";

function readOffset(name: string, args: readonly BindArg[]): number {
  const arg = args[1];
  if (arg === undefined) return 1;
  const callSql = `${name}(${args.map((a) => a.sql).join(", ")})`;
  if (!isIntegral(arg.dataType) && arg.dataType.kind !== "null")
    throw unexpectedInputType(callSql, 1, '"INT"', arg);
  if (!arg.foldable) {
    throw typeMismatch("FRAME_LESS_OFFSET_WITHOUT_FOLDABLE", callSql, { offset: `"${arg.sql}"` });
  }
  const v = arg.value ?? null;
  if (v === null) return 0;
  return typeof v === "bigint" ? Number(v) : (v as number);
}

/**
 * The shared kernel: `step` is +1 for lead, −1 for lag. Without IGNORE NULLS the target row is
 * r + step·offset; with it, the |offset|-th non-null value in that direction.
 */
function offsetKernel(
  args: readonly BindArg[],
  offset: number,
  step: 1 | -1,
  ignoreNulls: boolean,
): BoundWindowFunction {
  const input = args[0];
  const hasDefault = args.length > 2;
  const dataType = input?.dataType ?? INT;
  const nullable = (input?.nullable ?? true) || !hasDefault || (args[2]?.nullable ?? true);
  const signed = step * offset;
  return {
    dataType,
    nullable,
    evaluatePartition: (cols, _peers, n) => {
      const values = cols[0] ?? [];
      const defaults = hasDefault ? cols[2] : undefined;
      const out = new Array<unknown>(n);
      if (!ignoreNulls || signed === 0) {
        for (let r = 0; r < n; r++) {
          const t = r + signed;
          out[r] = t >= 0 && t < n ? (values[t] ?? null) : defaults ? (defaults[r] ?? null) : null;
        }
        return out;
      }
      const dir = signed > 0 ? 1 : -1;
      const k = Math.abs(signed);
      for (let r = 0; r < n; r++) {
        let seen = 0;
        let found: unknown;
        let ok = false;
        for (let t = r + dir; t >= 0 && t < n; t += dir) {
          const v = values[t] ?? null;
          if (v !== null && ++seen === k) {
            found = v;
            ok = true;
            break;
          }
        }
        out[r] = ok ? found : defaults ? (defaults[r] ?? null) : null;
      }
      return out;
    },
  };
}

function offsetDefinition(
  name: "lag" | "lead",
  step: 1 | -1,
  exampleResult: string,
): WindowFunctionDefinition {
  return {
    type: "window",
    name,
    args: { min: 1, max: 3 },
    // The default keeps the input's type: Spark casts it implicitly (TypeCollection(input, NULL)).
    coerce: (types) =>
      types.map((t, i) => (i === 1 ? (isIntegral(t) ? INT : undefined) : i === 2 ? types[0] : undefined)),
    sql: (args) => `${name}(${args[0] ?? "NULL"}, ${args[1] ?? "1"}, ${args[2] ?? "NULL"})`,
    docs: {
      usage: `${name}(input[, offset[, default]]) returns the value of input at the offset-th row ${
        step > 0 ? "after" : "before"
      } the current row in the window, or default when there is no such row.`,
      examples: [
        {
          sql: `a, b, ${name}(b) OVER (PARTITION BY a ORDER BY b) FROM VALUES ('A1', 2), ('A1', 1), ('A2', 3), ('A1', 1) tab(a, b) ORDER BY 1, 2, 3`,
          result: exampleResult,
        },
      ],
      since: "2.0.0",
    },
    bind: (args, _ctx, ignoreNulls) => offsetKernel(args, readOffset(name, args), step, ignoreNulls),
  };
}

/** `lag`: the value `offset` rows before the current row. */
export const lag = offsetDefinition("lag", -1, "A1 1 NULL\nA1 1 1\nA1 2 1\nA2 3 NULL");

/** `lead`: the value `offset` rows after the current row. */
export const lead = offsetDefinition("lead", 1, "A1 1 1\nA1 1 2\nA1 2 NULL\nA2 3 NULL");
