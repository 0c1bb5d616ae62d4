/**
 * User-defined functions: TypeScript functions called per row on user-facing values (the same
 * values `collect()` returns), returning a value of the declared type.
 */
import { TsparkError } from "../common/errors.js";
import { wrapUdf } from "../analysis/wrap-udf.js";
import type { FunctionDefinition } from "../functions/function-definition.js";
import { type DataType, STRING } from "../types/data-type.js";
import { parseDataType } from "../types/ddl.js";
import { Column, type ColumnOrName, toExpr } from "./column.js";
import type { SessionState } from "./session-state.js";

/** A callable UDF: `myUdf(col("a"))`. */
export type UserDefinedFunction = ((...cols: ColumnOrName[]) => Column) & {
  readonly returnType: DataType;
  /** The wrapped user function (PySpark's `udf.func`). */
  readonly func: (...args: never[]) => unknown;
  readonly deterministic: boolean;
  asNondeterministic(): UserDefinedFunction;
};

function isUserDefinedFunction(f: unknown): f is UserDefinedFunction {
  return typeof f === "function" && "returnType" in f && "func" in f && "deterministic" in f;
}

/**
 * `udf(f, returnType)` (PySpark's `pyspark.sql.functions.udf`; the return type defaults to STRING).
 * Like PySpark, the result column is named after the function (`add_one(age)`); an anonymous
 * function gives `udf(age)`.
 */
export function udf(
  f: (...args: never[]) => unknown,
  returnType: DataType | string = STRING,
  name = f.name !== "" ? f.name : "udf",
): UserDefinedFunction {
  const rt = typeof returnType === "string" ? parseDataType(returnType) : returnType;
  const make = (deterministic: boolean): UserDefinedFunction => {
    const call = (...cols: ColumnOrName[]): Column =>
      new Column({
        kind: "udf",
        name,
        userFn: f as (...a: unknown[]) => unknown,
        args: cols.map(toExpr),
        dataType: rt,
        deterministic,
      });
    return Object.assign(call, {
      returnType: rt,
      func: f,
      deterministic,
      asNondeterministic: () => make(false),
    });
  };
  return make(true);
}

/**
 * `spark.udf.register(name, f, returnType)`: makes a UDF callable from SQL by name. `f` may also be
 * a `udf(...)`, whose function, return type and determinism are kept (PySpark then rejects a
 * separate return type).
 */
export class UDFRegistration {
  constructor(private readonly state: SessionState) {}
  register(
    name: string,
    fOrUdf: ((...args: never[]) => unknown) | UserDefinedFunction,
    returnType?: DataType | string,
  ): UserDefinedFunction {
    let f = fOrUdf;
    let deterministic = true;
    if (isUserDefinedFunction(fOrUdf)) {
      if (returnType !== undefined) {
        throw new TsparkError("INVALID_PARAMETER_VALUE", {
          messageParameters: {
            parameter: "`returnType`",
            functionName: "`register`",
            message: "a UDF already has a return type; register it without one",
          },
        });
      }
      f = fOrUdf.func;
      returnType = fOrUdf.returnType;
      deterministic = fOrUdf.deterministic;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new TsparkError("INVALID_PARAMETER_VALUE", {
        messageParameters: {
          parameter: "`name`",
          functionName: "`register`",
          message: `invalid function name ${name}`,
        },
      });
    }
    const declared = returnType ?? STRING;
    const rt = typeof declared === "string" ? parseDataType(declared) : declared;
    const def: FunctionDefinition = {
      type: "scalar",
      name: name.toLowerCase(),
      args: { min: 0, max: Number.POSITIVE_INFINITY },
      docs: { usage: `User-defined function ${name}.` },
      bind: (args) => ({
        dataType: rt,
        nullable: true,
        nullIntolerant: false,
        deterministic,
        eval: wrapUdf(
          f as (...a: unknown[]) => unknown,
          args.map((a) => a.dataType),
          rt,
        ),
      }),
    };
    this.state.registry.register(def);
    const registered = udf(f, rt, name);
    return deterministic ? registered : registered.asNondeterministic();
  }
}
