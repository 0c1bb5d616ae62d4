/**
 * User-raised errors: `raise_error(msg)` and `assert_true(cond[, msg])`, both failing with
 * Spark's `USER_RAISED_EXCEPTION`. They are marked non-deterministic so the optimizer never
 * evaluates them while folding constants (Spark makes them non-foldable).
 */
import { TsparkError } from "../../common/errors.js";
import { BOOLEAN, NULL_TYPE, STRING } from "../../types/data-type.js";
import { unexpectedInputType } from "../errors.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";

function userError(message: unknown): TsparkError {
  return new TsparkError("USER_RAISED_EXCEPTION", {
    messageParameters: { errorMessage: message === null ? "null" : String(message) },
  });
}

/** `raise_error(expr)`: throws `USER_RAISED_EXCEPTION` with `expr` as the message. */
export const RAISE_ERROR: ScalarFunctionDefinition = {
  type: "scalar",
  name: "raise_error",
  args: { min: 1, max: 1 },
  docs: {
    usage: "raise_error(expr) - Throws a USER_RAISED_EXCEPTION with `expr` as message.",
    examples: [],
    since: "3.1.0",
  },
  coerce: () => [STRING],
  bind: () => ({
    dataType: NULL_TYPE,
    nullable: true,
    nullIntolerant: false,
    deterministic: false,
    eval: (msg) => {
      throw userError(msg);
    },
  }),
};

/** `assert_true(expr[, message])`: NULL when `expr` is true, else throws `USER_RAISED_EXCEPTION`. */
export const ASSERT_TRUE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "assert_true",
  args: { min: 1, max: 2 },
  docs: {
    usage: "assert_true(expr [, message]) - Throws an exception if `expr` is not true.",
    examples: [{ sql: "assert_true(0 < 1)", result: "NULL" }],
    since: "2.0.0",
  },
  coerce: (types) => (types.length === 2 ? [undefined, STRING] : [undefined]),
  bind: (args) => {
    const cond = args[0]!;
    if (cond.dataType.kind !== "boolean" && cond.dataType.kind !== "null")
      throw unexpectedInputType("assert_true", 0, `"${BOOLEAN.sql()}"`, cond);
    const defaultMessage = `'${cond.sql}' is not true!`;
    const hasMessage = args.length === 2;
    return {
      dataType: NULL_TYPE,
      nullable: true,
      nullIntolerant: false,
      deterministic: false,
      // Spark fills in the default message argument, so it shows in the column name.
      ...(hasMessage
        ? {}
        : { display: (a: readonly string[]) => `assert_true(${a[0]}, '${a[0]}' is not true!)` }),
      eval: (c, msg) => {
        if (c === true) return null;
        throw userError(hasMessage ? msg : defaultMessage);
      },
    };
  },
};
