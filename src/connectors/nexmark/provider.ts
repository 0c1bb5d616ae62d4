/** The `nexmark` streaming source provider (fixed schema NEXMARK_SCHEMA). */
import type { StreamSourceProvider } from "../api/stream-provider.js";
import { rejectUserSchema } from "../rate/provider.js";
import { NEXMARK_SCHEMA } from "./nexmark-schema.js";
import { NexmarkStreamSource } from "./nexmark-stream-source.js";
import { parseNexmarkOptions } from "./options.js";

/** `format("nexmark")`: options are checked at `load()`, the generator is built per query run. */
export const nexmarkSourceProvider: StreamSourceProvider = {
  shortName: "nexmark",
  sourceSchema(request) {
    rejectUserSchema(request, "NexmarkSourceProvider");
    parseNexmarkOptions(request.options, 1);
    return NEXMARK_SCHEMA;
  },
  createSource(request, _schema, context) {
    return NexmarkStreamSource.fromOptions(request.options, context);
  },
};
