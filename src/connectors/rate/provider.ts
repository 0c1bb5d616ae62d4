/** The `rate` and `rate-micro-batch` streaming source providers (fixed schema `timestamp, value`). */
import { TsparkError } from "../../common/errors.js";
import type { StreamSourceProvider, StreamSourceRequest } from "../api/stream-provider.js";
import { parseRateOptions, parseRatePerMicroBatchOptions } from "./options.js";
import { RatePerMicroBatchSource } from "./rate-per-micro-batch-source.js";
import { RATE_SCHEMA, RateStreamSource } from "./rate-stream-source.js";

/** Spark's error for `.schema(...)` on a source with a fixed schema. */
export function rejectUserSchema(request: StreamSourceRequest, provider: string): void {
  if (request.userSchema !== undefined) {
    throw new TsparkError("STREAMING_SOURCE_USER_SCHEMA_UNSUPPORTED", { messageParameters: { provider } });
  }
}

/** `format("rate")`. */
export const rateSourceProvider: StreamSourceProvider = {
  shortName: "rate",
  sourceSchema(request) {
    rejectUserSchema(request, "RateStreamProvider");
    parseRateOptions(request.options, 1);
    return RATE_SCHEMA;
  },
  createSource(request, _schema, context) {
    return RateStreamSource.fromOptions(request.options, context);
  },
};

/** `format("rate-micro-batch")`. */
export const ratePerMicroBatchSourceProvider: StreamSourceProvider = {
  shortName: "rate-micro-batch",
  sourceSchema(request) {
    rejectUserSchema(request, "RatePerMicroBatchProvider");
    parseRatePerMicroBatchOptions(request.options, 1);
    return RATE_SCHEMA;
  },
  createSource(request, _schema, context) {
    return RatePerMicroBatchSource.fromOptions(request.options, context);
  },
};
