/**
 * `concat` and `concat_ws`. `concat` also joins binaries (all-binary arguments) and arrays (all-array
 * arguments), as Spark's single `Concat` expression does.
 */
import { ArrayType, BINARY, type DataType, STRING } from "../../types/data-type.js";
import { typeMismatch } from "../errors.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { bindSql, concatBytes } from "./helpers.js";

function concatCoerce(types: readonly DataType[]): (DataType | undefined)[] {
  const nonNull = types.filter((t) => t.kind !== "null");
  if (nonNull.length > 0 && nonNull.every((t) => t.kind === "array")) return types.map(() => undefined);
  if (nonNull.length > 0 && nonNull.every((t) => t.kind === "binary")) {
    return types.map((t) => (t.kind === "binary" ? undefined : BINARY));
  }
  return types.map((t) => (t.kind === "string" ? undefined : STRING));
}

/** `concat(col1, col2, …)`: null if any input is null. */
export const CONCAT: ScalarFunctionDefinition = {
  type: "scalar",
  name: "concat",
  args: { min: 0, max: Number.POSITIVE_INFINITY },
  docs: {
    usage: "concat(col1, col2, ..., colN) - Returns the concatenation of col1, col2, ..., colN.",
    examples: [
      { sql: "concat('Spark', 'SQL')", result: "SparkSQL" },
      { sql: "concat(array(1, 2, 3), array(4, 5), array(6))", result: "[1, 2, 3, 4, 5, 6]" },
    ],
    since: "1.5.0",
  },
  coerce: concatCoerce,
  bind: (args) => {
    const nullable = args.some((a) => a.nullable);
    if (args.length === 0) return { dataType: STRING, nullable: false, eval: () => "" };
    const kinds = args.map((a) => a.dataType.kind);
    const first = args.find((a) => a.dataType.kind !== "null")?.dataType ?? STRING;
    if (first.kind === "array") {
      const elems = args.map((a) => a.dataType).filter((t): t is ArrayType => t.kind === "array");
      const sameElem = elems.every((t) => t.elementType.simpleString() === first.elementType.simpleString());
      if (!sameElem || kinds.some((k) => k !== "array" && k !== "null")) {
        throw typeMismatch("DATA_DIFF_TYPES", bindSql("concat", args), {
          functionName: "`concat`",
          dataType: `[${args.map((a) => `"${a.dataType.sql()}"`).join(", ")}]`,
        });
      }
      const containsNull = elems.some((t) => t.containsNull);
      return {
        dataType: new ArrayType(first.elementType, containsNull),
        nullable,
        eval: (...arrays) => ([] as unknown[]).concat(...(arrays as unknown[][])),
      };
    }
    if (first.kind === "binary") {
      return {
        dataType: BINARY,
        nullable,
        eval: (...parts) => concatBytes(parts as Uint8Array[]),
      };
    }
    return {
      dataType: STRING,
      nullable,
      eval:
        args.length === 2
          ? (a, b) => (a as string) + (b as string)
          : (...parts) => {
              let out = "";
              for (const p of parts) out += p as string;
              return out;
            },
    };
  },
};

/** `concat_ws(sep, …)`: joins strings and string arrays with `sep`, skipping nulls. */
export const CONCAT_WS: ScalarFunctionDefinition = {
  type: "scalar",
  name: "concat_ws",
  args: { min: 1, max: Number.POSITIVE_INFINITY },
  docs: {
    usage:
      "concat_ws(sep[, str | array(str)]+) - Returns the concatenation of the strings separated by `sep`, skipping null values.",
    examples: [
      { sql: "concat_ws(' ', 'Spark', 'SQL')", result: "Spark SQL" },
      { sql: "concat_ws('/', 'foo', null, 'bar')", result: "foo/bar" },
      { sql: "concat_ws(null, 'Spark', 'SQL')", result: "NULL" },
    ],
    since: "1.5.0",
  },
  coerce: (types) =>
    types.map((t, i) => {
      if (i > 0 && t.kind === "array") {
        return t.elementType.kind === "string" ? undefined : new ArrayType(STRING, t.containsNull);
      }
      return t.kind === "string" ? undefined : STRING;
    }),
  bind: (args) => {
    const isArray = args.map((a) => a.dataType.kind === "array");
    return {
      dataType: STRING,
      nullable: args[0]!.nullable,
      nullIntolerant: false,
      eval: (sep, ...rest) => {
        if (sep === null) return null;
        let out = "";
        let first = true;
        for (let i = 0; i < rest.length; i++) {
          const v = rest[i];
          if (v === null) continue;
          if (isArray[i + 1]) {
            for (const e of v as unknown[]) {
              if (e === null) continue;
              if (!first) out += sep as string;
              out += e as string;
              first = false;
            }
          } else {
            if (!first) out += sep as string;
            out += v as string;
            first = false;
          }
        }
        return out;
      },
    };
  },
};
