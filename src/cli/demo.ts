/**
 * `tspark demo`: the streaming word count of examples/streaming-word-count.ts over Don Quijote.
 * An embedded line server (in place of the tutorial's `nc -lk 9999`) sends data/don-quijote.txt
 * line by line to 127.0.0.1:<port>; the query reads that socket and prints each micro-batch.
 *
 *   start the line server → start the query → wait for the first of:
 *     Ctrl-C / SIGTERM (a second one exits at once, 130)
 *     --batches n micro-batches done
 *     the text sent once (without --loop) + a short settle + processAllAvailable
 *     the query failing (exit code 1)
 *   → query.stop() → server.close() → spark.stop()
 *
 * Notes go to stderr, so stdout is exactly what the console sink prints.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startWordCount } from "../../examples/streaming-word-count.js";
import { SparkSession } from "../api/spark-session.js";
import type { StreamingQuery } from "../api/streaming-query.js";
import { type LineServer, startLineServer } from "../connectors/socket/line-server.js";
import type { QueryProgressEvent } from "../streaming/runtime/listener-events.js";
import { StreamingQueryListener } from "../streaming/runtime/streaming-query-listener.js";
import type { DemoOptions } from "./demo-options.js";

/** The bundled text the demo sends. */
export const DEMO_TEXT = new URL("../../data/don-quijote.txt", import.meta.url);

/** How long the demo waits after the last line was sent before its final batch (lines in flight). */
const SETTLE_MS = 500;

/** Exit code after a second Ctrl-C (128 + SIGINT), as shells report a process killed by it. */
const EXIT_INTERRUPTED = 130;

/** Counts the micro-batches that ran (a progress with data; idle reports carry no input rows). */
class BatchCounter extends StreamingQueryListener {
  private count = 0;
  private waiter: { n: number; resolve: () => void } | undefined;

  onQueryStarted(): void {}

  onQueryProgress(event: QueryProgressEvent): void {
    if (event.progress.numInputRows <= 0) return;
    this.count++;
    if (this.waiter !== undefined && this.count >= this.waiter.n) this.waiter.resolve();
  }

  onQueryTerminated(): void {}

  /** Resolves once `n` batches have run. */
  reached(n: number): Promise<void> {
    if (this.count >= n) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiter = { n, resolve };
    });
  }
}

function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Resolves on the first SIGINT/SIGTERM; a second one ends the process at once. The handlers stay
 * until the process ends: while one is installed, tspark's own shutdown hook (which also stops the
 * query) leaves the exit to this command instead of raising the signal again.
 */
function firstSignal(): Promise<NodeJS.Signals> {
  let onSignal!: (signal: NodeJS.Signals) => void;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    let seen = false;
    onSignal = (signal) => {
      if (seen) process.exit(EXIT_INTERRUPTED);
      seen = true;
      note(`\n${signal}: stopping the query (again to quit at once)…`);
      resolve(signal);
    };
  });
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return received;
}

async function listen(options: DemoOptions, lines: string): Promise<LineServer | string> {
  try {
    return await startLineServer({
      lines,
      port: options.port,
      linesPerSecond: options.rate,
      loop: options.loop,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE")
      return `demo: port ${options.port} on 127.0.0.1 is in use (is 'nc -lk ${options.port}' running?); choose another with --port <n>, or --port 0 for a free one`;
    throw e;
  }
}

/** Why the demo ended. */
type Ending = "signal" | "batches" | "text done" | "query ended";

async function waitForEnd(
  query: StreamingQuery,
  server: LineServer,
  options: DemoOptions,
  counter: BatchCounter,
  signal: Promise<NodeJS.Signals>,
): Promise<Ending> {
  const endings: Promise<Ending>[] = [
    signal.then(() => "signal" as const),
    query.awaitTermination().then(() => "query ended" as const),
  ];
  if (options.batches !== undefined)
    endings.push(counter.reached(options.batches).then(() => "batches" as const));
  if (!options.loop)
    endings.push(
      (async () => {
        await server.whenSent(1);
        await sleep(SETTLE_MS);
        await query.processAllAvailable();
        return "text done" as const;
      })(),
    );
  return Promise.race(endings);
}

/**
 * Runs the demo until one of the endings in the file comment; resolves to the exit code (0 when
 * it ended as asked, 1 when the query failed or the port is in use). Starts one SparkSession.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const text = readFileSync(DEMO_TEXT, "utf8");
  const server = await listen(options, text);
  if (typeof server === "string") {
    note(`tspark ${server}`);
    return 1;
  }
  const signal = firstSignal();
  const spark = SparkSession.builder.appName("StreamingBasico").getOrCreate();
  const counter = new BatchCounter();
  spark.streams.addListener(counter);
  let query: StreamingQuery | undefined;
  try {
    const lineCount = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    const pace = options.rate === 0 ? "all at once" : `${options.rate} lines/s`;
    note(
      `tspark demo: sending ${fileURLToPath(DEMO_TEXT)} (${lineCount} lines, ${pace}${options.loop ? ", looping" : ""}) on 127.0.0.1:${server.port}; Ctrl-C stops.`,
    );
    query = await startWordCount(spark, "127.0.0.1", server.port);
    const ending = await waitForEnd(query, server, options, counter, signal);
    await query.stop();
    note(`tspark demo: stopped (${ending}).`);
    return 0;
  } catch (e) {
    note(`tspark demo: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await query?.stop();
    await server.close();
    spark.streams.removeListener(counter);
    spark.stop();
  }
}
