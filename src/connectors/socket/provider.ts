/** The `socket` streaming source provider (`value STRING`, plus `timestamp` with includeTimestamp). */
import type { StreamSourceProvider } from "../api/stream-provider.js";
import { rejectUserSchema } from "../rate/provider.js";
import { parseSocketOptions } from "./options.js";
import { SOCKET_SCHEMA, SOCKET_SCHEMA_TIMESTAMP, TextSocketSource } from "./text-socket-source.js";

/** `format("socket")`. */
export const socketSourceProvider: StreamSourceProvider = {
  shortName: "socket",
  sourceSchema(request) {
    rejectUserSchema(request, "TextSocketSourceProvider");
    const options = parseSocketOptions(request.options, 1);
    return options.includeTimestamp ? SOCKET_SCHEMA_TIMESTAMP : SOCKET_SCHEMA;
  },
  createSource(request, _schema, context) {
    return TextSocketSource.fromOptions(request.options, context);
  },
};
