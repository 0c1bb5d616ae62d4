/**
 * `ntile(n)`: divides the rows of each ordered partition into `n` buckets numbered 1..n whose
 * sizes differ by at most one (the first `rows % n` buckets get the extra row), as Spark's NTile.
 */
import { INT, isIntegral } from "../../types/data-type.js";
import { typeMismatch, unexpectedInputType } from "../errors.js";
import type { WindowFunctionDefinition } from "../function-definition.js";

/** `ntile(n)`: the bucket number of each row. */
export const ntile: WindowFunctionDefinition = {
  type: "window",
  name: "ntile",
  args: { min: 0, max: 1 },
  docs: {
    usage: "ntile(n) divides the rows for each window partition into n buckets ranging from 1 to at most n.",
    examples: [
      {
        sql: "a, b, ntile(2) OVER (PARTITION BY a ORDER BY b) FROM VALUES ('A1', 2), ('A1', 1), ('A2', 3), ('A1', 1) tab(a, b) ORDER BY 1, 2, 3",
        result: "A1 1 1\nA1 1 1\nA1 2 2\nA2 3 1",
      },
    ],
    since: "2.0.0",
  },
  bind: (args) => {
    const arg = args[0];
    const callSql = `ntile(${arg?.sql ?? ""})`;
    let buckets = 1;
    if (arg !== undefined) {
      if (!arg.foldable) {
        throw typeMismatch("NON_FOLDABLE_INPUT", callSql, {
          inputName: "`buckets`",
          inputType: '"INT"',
          inputExpr: `"${arg.sql}"`,
        });
      }
      if (!isIntegral(arg.dataType)) throw unexpectedInputType(callSql, 0, '"INT"', arg);
      const v = arg.value ?? null;
      if (v === null) throw typeMismatch("UNEXPECTED_NULL", callSql, { exprName: "`buckets`" });
      buckets = typeof v === "bigint" ? Number(v) : (v as number);
      if (buckets <= 0 || buckets > 2147483647) {
        throw typeMismatch("VALUE_OUT_OF_RANGE", callSql, {
          exprName: "`buckets`",
          valueRange: "(0, 2147483647]",
          currentValue: String(v),
        });
      }
    }
    return {
      dataType: INT,
      nullable: false,
      evaluatePartition: (_args, _peers, n) => {
        const out = new Array<unknown>(n);
        const size = Math.floor(n / buckets);
        const extra = n % buckets;
        // The first `extra` buckets hold size + 1 rows.
        const bigRows = extra * (size + 1);
        for (let r = 0; r < n; r++) {
          out[r] =
            r < bigRows ? Math.floor(r / (size + 1)) + 1 : extra + Math.floor((r - bigRows) / size) + 1;
        }
        return out;
      },
    };
  },
};
