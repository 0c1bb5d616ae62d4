/**
 * How the foreach and foreachBatch sinks report an error thrown by user code (Spark's
 * ForeachUserFuncException / ForeachBatchUserFuncException): a TsparkError passes through as it
 * is, anything else is wrapped in the sink's error class with the original as `cause` and its
 * message as `reason`.
 */
import { TsparkError } from "../../common/errors.js";

/** Wraps `error` thrown by user code in `errorClass` unless it already is a TsparkError. */
export function wrapUserFunctionError(
  errorClass: "FOREACH_USER_FUNCTION_ERROR" | "FOREACH_BATCH_USER_FUNCTION_ERROR",
  error: unknown,
): TsparkError {
  if (error instanceof TsparkError) return error;
  const reason =
    error instanceof Error ? error.message : error === null || error === undefined ? "" : String(error);
  return new TsparkError(errorClass, { messageParameters: { reason }, cause: error });
}
