/**
 * `mask(input[, upperChar, lowerChar, digitChar, otherChar])`: replaces upper-case letters,
 * lower-case letters and digits (by default with 'X', 'x' and 'n'; other characters are kept). A
 * NULL replacement leaves that class unmasked. Replacements are one-character constants; the name
 * shows the defaults, as Spark's does (`mask(s, X, x, n, NULL)`).
 */
import { STRING } from "../../types/data-type.js";
import { ordinalNumber, typeMismatch } from "../errors.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";

const PARAM_NAMES = ["upperChar", "lowerChar", "digitChar", "otherChar"] as const;
const DEFAULTS = ["X", "x", "n", null] as const;

function withDefaults(args: readonly string[]): string[] {
  const out = [...args];
  for (let i = out.length; i < 5; i++) out.push(DEFAULTS[i - 1] ?? "NULL");
  return out;
}

/** `mask(input[, upperChar, lowerChar, digitChar, otherChar])`. */
export const MASK: ScalarFunctionDefinition = {
  type: "scalar",
  name: "mask",
  args: { min: 1, max: 5 },
  docs: {
    usage:
      "mask(input[, upperChar, lowerChar, digitChar, otherChar]) - masks the given string value. The function replaces characters with 'X' or 'x', and numbers with 'n'. This can be useful for creating copies of tables with sensitive information removed.",
    examples: [
      { sql: "mask('abcd-EFGH-8765-4321')", result: "xxxx-XXXX-nnnn-nnnn" },
      { sql: "mask('abcd-EFGH-8765-4321', 'Q')", result: "xxxx-QQQQ-nnnn-nnnn" },
      { sql: "mask('AbCD123-@$#', NULL, 'q', 'd', 'o')", result: "AqCDdddoooo" },
    ],
    since: "3.4.0",
  },
  sql: (args) => `mask(${withDefaults(args).join(", ")})`,
  // Only the input is cast to STRING; a replacement must already be a STRING (or NULL).
  coerce: (types) =>
    types.map((t, i) => (i > 0 || t.kind === "string" || t.kind === "null" ? undefined : STRING)),
  bind: (args) => {
    const callSql = `mask(${withDefaults(args.map((a) => a.sql)).join(", ")})`;
    const repl: (number | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const a: BindArg | undefined = args[i + 1];
      if (a === undefined) {
        const d = DEFAULTS[i];
        repl.push(d === null || d === undefined ? null : d.codePointAt(0)!);
        continue;
      }
      if (a.dataType.kind !== "string" && a.dataType.kind !== "null") {
        throw typeMismatch("UNEXPECTED_INPUT_TYPE", callSql, {
          paramIndex: ordinalNumber(i + 1),
          requiredType: '"STRING"',
          inputSql: `"${a.sql}"`,
          inputType: `"${a.dataType.sql()}"`,
        });
      }
      if (!a.foldable) {
        throw typeMismatch("NON_FOLDABLE_INPUT", callSql, {
          inputName: `\`${PARAM_NAMES[i]}\``,
          inputType: '"STRING"',
          inputExpr: `"${a.sql}"`,
        });
      }
      const v = a.value;
      if (v === null || v === undefined) {
        repl.push(null);
        continue;
      }
      const s = String(v);
      if ([...s].length !== 1) {
        throw typeMismatch("INPUT_SIZE_NOT_ONE", callSql, { exprName: PARAM_NAMES[i]! });
      }
      repl.push(s.codePointAt(0)!);
    }
    const [upper, lower, digit, other] = repl;
    return {
      dataType: STRING,
      nullable: args[0]!.nullable,
      // NULL replacement arguments are meaningful (leave that class unmasked); only a NULL input
      // gives NULL.
      nullIntolerant: false,
      eval: (input) => {
        if (input === null) return null;
        let out = "";
        for (const ch of input as string) {
          const c = ch.codePointAt(0)!;
          let r: number | null;
          if (c >= 65 && c <= 90) r = upper!;
          else if (c >= 97 && c <= 122) r = lower!;
          else if (c >= 48 && c <= 57) r = digit!;
          else r = other!;
          out += r === null ? ch : String.fromCodePoint(r);
        }
        return out;
      },
    };
  },
};
