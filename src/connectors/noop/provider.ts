/** The `noop` streaming sink provider. */
import type { StreamSinkProvider } from "../api/stream-provider.js";
import { NoopSink } from "./noop-sink.js";

/** `format("noop")`: runs every batch and discards its rows. */
export const noopSinkProvider: StreamSinkProvider = {
  shortName: "noop",
  createSink() {
    return new NoopSink();
  },
};
