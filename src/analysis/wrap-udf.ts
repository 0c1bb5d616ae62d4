/** Adapts a user function (user values) to an internal-value kernel for its argument types. */
import { fromExternal, toExternal } from "../data/external.js";
import type { DataType } from "../types/data-type.js";

export function wrapUdf(
  f: (...args: unknown[]) => unknown,
  argTypes: readonly DataType[],
  returnType: DataType,
): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    const ext = new Array<unknown>(args.length);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      ext[i] = a === null || a === undefined ? null : toExternal(a, argTypes[i]!);
    }
    const r = f(...ext);
    return r === undefined || r === null ? null : fromExternal(r, returnType, "udf result");
  };
}
