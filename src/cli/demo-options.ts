/**
 * The options of `tspark demo` (see `USAGE`), parsed and checked.
 */
import { parseArgs } from "node:util";

/** What `tspark demo` was asked to do. */
export interface DemoOptions {
  /** Line server port on 127.0.0.1; 0 takes a free one. */
  readonly port: number;
  /** Lines per second; 0 sends the whole text at once. */
  readonly rate: number;
  /** Send the text again and again. */
  readonly loop: boolean;
  /** Stop after this many micro-batches; undefined: after the text (or never, with loop). */
  readonly batches: number | undefined;
  /** `--help` was given. */
  readonly help: boolean;
}

/** The demo's defaults: the tutorial's port, and a pace a reader can follow. */
export const DEMO_DEFAULTS = { port: 9999, rate: 2 } as const;

/** Parses `tspark demo`'s arguments; returns a message (for a usage error) when they are wrong. */
export function parseDemoOptions(args: readonly string[]): DemoOptions | string {
  let values: { port?: string; rate?: string; batches?: string; loop?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        port: { type: "string" },
        rate: { type: "string" },
        batches: { type: "string" },
        loop: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    // node:util's own message names the offending argument.
    return `demo: ${(e as { message?: string }).message ?? String(e)}`;
  }
  const port = values.port === undefined ? DEMO_DEFAULTS.port : Number(values.port);
  if (!/^[0-9]+$/.test(values.port ?? "0") || port > 65535)
    return `demo: --port must be an integer from 0 to 65535, got '${values.port}'`;
  const rate = values.rate === undefined ? DEMO_DEFAULTS.rate : Number(values.rate);
  if (values.rate !== undefined && (values.rate.trim() === "" || !Number.isFinite(rate) || rate < 0))
    return `demo: --rate must be a number of lines per second >= 0, got '${values.rate}'`;
  const batches = values.batches === undefined ? undefined : Number(values.batches);
  if (values.batches !== undefined && (!/^[0-9]+$/.test(values.batches) || batches === 0))
    return `demo: --batches must be an integer >= 1, got '${values.batches}'`;
  return { port, rate, loop: values.loop === true, batches, help: values.help === true };
}
