/** The `console` streaming sink provider. */
import type { StreamSinkProvider } from "../api/stream-provider.js";
import { ConsoleSink } from "./console-sink.js";

/** `format("console")`: prints every batch as Spark's console sink does. */
export const consoleSinkProvider: StreamSinkProvider = {
  shortName: "console",
  createSink(request) {
    return new ConsoleSink({ options: request.options, timeZone: request.session.timeZone });
  },
};
