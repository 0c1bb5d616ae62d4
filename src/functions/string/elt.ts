/**
 * List lookups: `elt(n, input1, …)` and `find_in_set(str, str_array)`.
 */
import { TsparkError } from "../../common/errors.js";
import { BINARY, INT, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { coerceTo } from "./helpers.js";

/** `elt(n, input1, input2, …)`: the n-th input; out of range is an error under ANSI, else null. */
export const ELT: ScalarFunctionDefinition = {
  type: "scalar",
  name: "elt",
  args: { min: 2, max: Number.POSITIVE_INFINITY },
  docs: {
    usage: "elt(n, input1, input2, ...) - Returns the `n`-th input, e.g., returns `input2` when `n` is 2.",
    examples: [
      { sql: "elt(1, 'scala', 'java')", result: "scala" },
      { sql: "elt(2, 'a', 1)", result: "1" },
    ],
    since: "2.0.0",
  },
  coerce: (types) => {
    const inputs = types.slice(1);
    const binary =
      inputs.every((t) => t.kind === "binary" || t.kind === "null") &&
      inputs.some((t) => t.kind === "binary");
    return types.map((t, i) => {
      if (i === 0) return t.kind === "int" ? undefined : INT;
      if (binary) return t.kind === "binary" ? undefined : BINARY;
      return t.kind === "string" ? undefined : STRING;
    });
  },
  bind: (args, ctx) => {
    const n = args.length - 1;
    const binary = args.slice(1).some((a) => a.dataType.kind === "binary");
    return {
      dataType: binary ? BINARY : STRING,
      nullable: true,
      nullIntolerant: false,
      eval: (index, ...inputs) => {
        if (index === null) return null;
        const i = index as number;
        if (i <= 0 || i > n) {
          if (!ctx.ansi) return null;
          throw new TsparkError("INVALID_ARRAY_INDEX", {
            messageParameters: { indexValue: String(i), arraySize: String(n) },
          });
        }
        return inputs[i - 1] ?? null;
      },
    };
  },
};

/** `find_in_set(str, str_array)`: 1-based index of `str` in the comma-separated list, else 0. */
export const FIND_IN_SET: ScalarFunctionDefinition = {
  type: "scalar",
  name: "find_in_set",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "find_in_set(str, str_array) - Returns the index (1-based) of the given string (`str`) in the comma-delimited list (`str_array`). Returns 0, if the string was not found or if the given string (`str`) contains a comma.",
    examples: [{ sql: "find_in_set('ab','abc,b,ab,c,def')", result: "3" }],
    since: "1.5.0",
  },
  coerce: coerceTo("string"),
  bind: (args) => ({
    dataType: INT,
    nullable: args.some((a) => a.nullable),
    eval: (s, list) => {
      const str = s as string;
      if (str.includes(",")) return 0;
      const i = (list as string).split(",").indexOf(str);
      return i + 1;
    },
  }),
};
