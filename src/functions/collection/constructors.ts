/**
 * Collection constructors: `array`, `struct`, `named_struct`.
 */
import { TsparkError } from "../../common/errors.js";
import { ArrayType, type DataType, NULL_TYPE, StructField, StructType } from "../../types/data-type.js";
import { findWiderCommonType } from "../../types/coercion.js";
import { typeMismatch } from "../errors.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";
import { argColumnName, callSql, dataDiffTypes } from "./helpers.js";

function collect(...xs: unknown[]): unknown[] {
  return xs;
}

/** `array(expr, …)`: an array of the arguments, typed by their wider common type. */
export const arrayFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "array",
  args: { min: 0, max: Number.POSITIVE_INFINITY },
  docs: {
    usage: "array(expr, ...) - Returns an array with the given elements.",
    examples: [{ sql: "array(1, 2, 3)", result: "[1, 2, 3]" }],
    since: "1.1.0",
  },
  coerce: (types) => {
    const t = findWiderCommonType(types);
    return t ? types.map(() => t) : [];
  },
  bind(args) {
    const types = args.map((a) => a.dataType);
    const elem: DataType | undefined = args.length === 0 ? NULL_TYPE : findWiderCommonType(types);
    if (!elem) throw dataDiffTypes("array", args, types);
    return {
      dataType: new ArrayType(
        elem,
        args.some((a) => a.nullable),
      ),
      nullable: false,
      nullIntolerant: false,
      eval: collect,
    };
  },
};

/** The struct type `struct(…)` builds: field names from column references, else `colN`. */
export function structTypeOfArgs(args: readonly BindArg[]): StructType {
  return new StructType(
    args.map((a, i) => new StructField(argColumnName(a) ?? `col${i + 1}`, a.dataType, a.nullable)),
  );
}

/** `struct(col, …)`: a struct whose fields are the arguments. */
export const structFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "struct",
  args: { min: 0, max: Number.POSITIVE_INFINITY },
  docs: {
    usage:
      "struct(col1, col2, col3, ...) - Creates a struct with the given field values; fields are named after column references, else col1, col2, ….",
    examples: [{ sql: "struct(1, 'a')", result: "{1, a}" }],
    since: "1.4.0",
  },
  bind(args) {
    return { dataType: structTypeOfArgs(args), nullable: false, nullIntolerant: false, eval: collect };
  },
};

/** `named_struct(name1, val1, …)`: a struct with the given field names and values. */
export const namedStructFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "named_struct",
  args: { min: 0, max: Number.POSITIVE_INFINITY },
  docs: {
    usage:
      "named_struct(name1, val1, name2, val2, ...) - Creates a struct with the given field names and values.",
    examples: [{ sql: 'named_struct("a", 1, "b", 2, "c", 3)', result: "{1, 2, 3}" }],
    since: "1.5.0",
  },
  bind(args) {
    const sql = callSql("named_struct", args);
    if (args.length % 2 !== 0) {
      throw new TsparkError("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", {
        messageParameters: {
          functionName: "`named_struct`",
          expectedNum: "2n (n > 0)",
          actualNum: String(args.length),
        },
      });
    }
    const fields: StructField[] = [];
    for (let i = 0; i < args.length; i += 2) {
      const name = args[i] as BindArg;
      const value = args[i + 1] as BindArg;
      if (
        name.dataType.kind !== "string" ||
        !name.foldable ||
        name.value === null ||
        name.value === undefined
      ) {
        throw typeMismatch("CREATE_NAMED_STRUCT_WITHOUT_FOLDABLE_STRING", sql, {
          inputExprs: `"${name.sql}"`,
        });
      }
      fields.push(new StructField(name.value as string, value.dataType, value.nullable));
    }
    const n = fields.length;
    return {
      dataType: new StructType(fields),
      nullable: false,
      nullIntolerant: false,
      eval: (...xs) => {
        const row = new Array<unknown>(n);
        for (let i = 0; i < n; i++) row[i] = xs[2 * i + 1];
        return row;
      },
    };
  },
};
