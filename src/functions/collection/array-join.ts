/**
 * `array_join` and `arrays_zip`.
 */
import { ArrayType, NULL_TYPE, STRING, StructField, StructType } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { argColumnName, requireArray, wrongArgType } from "./helpers.js";

/**
 * `array_join(array, delimiter[, nullReplacement])`: concatenates string elements with the
 * delimiter; NULL elements are skipped unless a replacement is given.
 */
export const arrayJoinFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "array_join",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "array_join(array, delimiter[, nullReplacement]) - Concatenates the elements of the given array using the delimiter and an optional string to replace nulls; without it, nulls are filtered.",
    examples: [{ sql: "array_join(array('hello', null ,'world'), ' ', ',')", result: "hello , world" }],
    since: "2.4.0",
  },
  coerce: (types) => [
    new ArrayType(STRING, types[0]?.kind === "array" ? types[0].containsNull : true),
    STRING,
    STRING,
  ],
  bind(args) {
    const at = requireArray("array_join", args, 0);
    if (at.elementType.kind !== "string" && at.elementType.kind !== "null") {
      throw wrongArgType("array_join", args, 0, '"ARRAY<STRING>"');
    }
    const withReplacement = args.length === 3;
    return {
      dataType: STRING,
      nullable: args.some((a) => a.nullable),
      eval: (arr, delim, repl) => {
        const a = arr as readonly (string | null)[];
        let out = "";
        let first = true;
        for (const x of a) {
          let s: string;
          if (x === null) {
            if (!withReplacement) continue;
            s = repl as string;
          } else s = x;
          if (!first) out += delim as string;
          out += s;
          first = false;
        }
        return out;
      },
    };
  },
};

/**
 * `arrays_zip(a1, a2, …)`: an array of structs whose N-th struct holds the N-th elements; shorter
 * arrays are padded with NULLs. Struct fields are named after column arguments, else "0", "1", ….
 */
export const arraysZipFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "arrays_zip",
  args: { min: 0, max: Number.POSITIVE_INFINITY },
  docs: {
    usage:
      "arrays_zip(a1, a2, ...) - Returns a merged array of structs in which the N-th struct contains all N-th values of input arrays.",
    examples: [{ sql: "arrays_zip(array(1, 2, 3), array(2, 3, 4))", result: "[{1, 2}, {2, 3}, {3, 4}]" }],
    since: "2.4.0",
  },
  bind(args) {
    // A NULL argument is accepted (as an array of VOID) and makes the result NULL.
    const fields = args.map((a, i) => {
      const elementType =
        a.dataType.kind === "null" ? NULL_TYPE : requireArray("arrays_zip", args, i).elementType;
      return new StructField(argColumnName(a) ?? String(i), elementType, true);
    });
    const n = fields.length;
    return {
      dataType: new ArrayType(new StructType(fields), false),
      nullable: args.some((a) => a.nullable),
      eval: (...arrs) => {
        const as = arrs as readonly (readonly unknown[])[];
        let len = 0;
        for (const a of as) if (a.length > len) len = a.length;
        const out = new Array<unknown>(len);
        for (let r = 0; r < len; r++) {
          const row = new Array<unknown>(n);
          for (let c = 0; c < n; c++) row[c] = (as[c] as readonly unknown[])[r] ?? null;
          out[r] = row;
        }
        return out;
      },
    };
  },
};
