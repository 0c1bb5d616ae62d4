/** Adapts a user function (user values) to an internal-value kernel for its argument types. */
import { fromExternal, toExternal } from "../data/external.js";
import type { DataType } from "../types/data-type.js";

export function wrapUdf(
  f: (...args: unknown[]) => unknown,
  argTypes: readonly DataType[],
  returnType: DataType,
): (...args: unknown[]) => unknown {
  const asString = returnType.kind === "string";
  return (...args: unknown[]) => {
    const ext = new Array<unknown>(args.length);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      ext[i] = a === null || a === undefined ? null : toExternal(a, argTypes[i]!);
    }
    const r = f(...ext);
    if (r === undefined || r === null) return null;
    // A Python UDF declared STRING returns str() of a number or boolean (Spark converts the
    // object with toString), so `5` becomes "5" rather than a type error.
    if (asString && (typeof r === "number" || typeof r === "bigint" || typeof r === "boolean"))
      return String(r);
    return fromExternal(r, returnType, "udf result");
  };
}
