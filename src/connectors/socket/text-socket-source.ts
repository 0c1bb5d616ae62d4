/**
 * The `socket` streaming source (Spark's TextSocketMicroBatchStream), for tutorials and tests: it
 * connects to a TCP server and turns every line it sends into a row `value` (plus `timestamp`, the
 * receipt time from the injected clock, with includeTimestamp).
 *
 * Offsets are Spark's long counter as a JSON number: the index of the last line received, `"0"`
 * for the first line; none before any line arrives. Received lines stay buffered until
 * `commit(end)` discards those up to `end`; `getBatch(start, end)` returns the buffered lines in
 * (start, end], dealt round-robin over numPartitions. Lines end at `\n`, `\r` or `\r\n`
 * (Java's readLine); text is UTF-8.
 *
 * Not fault tolerant, as in Spark: lines live only in this object, so a restarted query cannot
 * replay them (a fresh source has none buffered and returns what it has). Spark logs, at warning
 * level, "The socket source should not be used for production applications! It does not support
 * recovery." when the source is created, and "Stream closed by <host>:<port>" when the server
 * closes the connection; input then simply ends, and lines already buffered are still served.
 * The connection is opened by the first `latestOffset` (Spark: the first batch); it does not keep
 * the process alive (Spark's reader thread is a daemon), and `stop()` closes it.
 */
import net from "node:net";
import type { Clock } from "../../common/clock.js";
import { TsparkError } from "../../common/errors.js";
import type { RecordBatch } from "../../data/record-batch.js";
import { STRING, StructField, StructType, TIMESTAMP } from "../../types/data-type.js";
import type { ReadLimit, SourceOffset, StreamSource } from "../api/stream-source.js";
import type { StreamOptionsInput, StreamSourceContext } from "../stream-option.js";
import { splitLines } from "../file/file-input.js";
import { parseSocketOptions, type SocketOptions } from "./options.js";

/** The socket source's schema without includeTimestamp. */
export const SOCKET_SCHEMA = new StructType([new StructField("value", STRING, true)]);

/** The socket source's schema with includeTimestamp. */
export const SOCKET_SCHEMA_TIMESTAMP = new StructType([
  new StructField("value", STRING, true),
  new StructField("timestamp", TIMESTAMP, true),
]);

/** What the engine hands a socket source besides its options. */
export interface SocketSourceContext {
  /** Receipt time of lines. */
  readonly clock: Clock;
}

function parseOffset(offset: SourceOffset): number {
  const t = offset.trim();
  if (!/^-?[0-9]+$/.test(t))
    throw new TsparkError("INTERNAL_ERROR", {
      messageParameters: {
        message: `The socket source cannot read the offset ${offset}: expected a line counter.`,
      },
    });
  return Number(t);
}

/** The `socket` source of one query (see the file comment). */
export class TextSocketSource implements StreamSource {
  readonly schema: StructType;
  readonly description: string;
  private socket: net.Socket | undefined;
  private connecting: Promise<void> | undefined;
  private stopped = false;
  private ended = false;
  /** Lines after lastOffsetCommitted, with their receipt time in microseconds. */
  private lines: string[] = [];
  private times: number[] = [];
  private currentOffset = -1;
  private lastOffsetCommitted = -1;
  private partial = "";
  private pendingCR = false;
  private waiters: { offset: number; resolve: () => void }[] = [];

  /** `format("socket")` with `options`: validates them, then builds the (not yet connected) source. */
  static fromOptions(options: StreamOptionsInput, context: StreamSourceContext): TextSocketSource {
    return new TextSocketSource(parseSocketOptions(options, context.defaultParallelism), context);
  }

  constructor(
    readonly options: SocketOptions,
    private readonly context: SocketSourceContext,
  ) {
    this.schema = options.includeTimestamp ? SOCKET_SCHEMA_TIMESTAMP : SOCKET_SCHEMA;
    this.description = `TextSocketV2[host: ${options.host}, port: ${options.port}]`;
  }

  defaultReadLimit(): ReadLimit {
    return { kind: "all" };
  }

  /** The offset of the last line received so far (Spark's getCurrentOffset, for tests): -1 before any. */
  currentLineOffset(): number {
    return this.currentOffset;
  }

  /** Whether the server closed the connection (no more lines will come). */
  inputEnded(): boolean {
    return this.ended;
  }

  /** Resolves once line `offset` has been received, or input has ended, or the source stopped. */
  whenOffsetReaches(offset: number): Promise<void> {
    if (this.currentOffset >= offset || this.ended || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ offset, resolve }));
  }

  /** Connects (once); STREAMING_SOURCE_CONNECTION_FAILED when the server cannot be reached. */
  connect(): Promise<void> {
    if (this.connecting === undefined) this.connecting = this.open();
    return this.connecting;
  }

  private open(): Promise<void> {
    const { host, port } = this.options;
    return new Promise((resolve, reject) => {
      if (this.stopped) {
        resolve();
        return;
      }
      const socket = net.connect({ host, port });
      this.socket = socket;
      socket.setEncoding("utf8");
      socket.unref();
      const onConnectError = (e: Error) => {
        this.socket = undefined;
        reject(
          new TsparkError("STREAMING_SOURCE_CONNECTION_FAILED", {
            messageParameters: { source: "socket", host, port: String(port), reason: e.message },
            cause: e,
          }),
        );
      };
      let connected = false;
      socket.once("error", onConnectError);
      socket.once("close", () => {
        // Destroyed by stop() before the connection was made.
        if (!connected && this.stopped) resolve();
      });
      socket.once("connect", () => {
        connected = true;
        socket.off("error", onConnectError);
        // A read error after connecting ends input quietly, as Spark's reader thread does.
        socket.on("error", () => this.endInput());
        resolve();
      });
      socket.on("data", (chunk: string) => this.receive(chunk));
      socket.on("end", () => this.endInput());
      socket.on("close", () => this.endInput());
    });
  }

  private receive(chunk: string): void {
    const now = this.context.clock.nowMillis() * 1000;
    let text = this.partial + chunk;
    if (this.pendingCR) {
      // The \n of a \r\n split across chunks.
      this.pendingCR = false;
      if (this.partial === "" && text.charCodeAt(0) === 10) text = text.slice(1);
    }
    const lines: string[] = [];
    let rest = text.slice(splitLines(text, lines));
    for (const line of lines) this.append(line, now);
    // Java's readLine ends a line at a \r at once (skipping a \n that follows it later).
    if (rest.endsWith("\r")) {
      this.append(rest.slice(0, -1), now);
      rest = "";
      this.pendingCR = true;
    }
    this.partial = rest;
    this.wake();
  }

  private append(line: string, micros: number): void {
    this.lines.push(line);
    this.times.push(micros);
    this.currentOffset++;
  }

  private endInput(): void {
    if (this.ended) return;
    this.ended = true;
    // Java's readLine returns a last line without a terminator at end of stream.
    if (this.partial !== "") {
      this.append(this.partial, this.context.clock.nowMillis() * 1000);
      this.partial = "";
    }
    this.wake();
  }

  private wake(): void {
    const keep: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.currentOffset >= w.offset || this.ended || this.stopped) w.resolve();
      else keep.push(w);
    }
    this.waiters = keep;
  }

  /** The last line's offset; undefined until a line arrives. Connects on the first call. */
  async latestOffset(_start: SourceOffset | undefined, _limit: ReadLimit): Promise<SourceOffset | undefined> {
    await this.connect();
    return this.currentOffset < 0 ? undefined : String(this.currentOffset);
  }

  async *getBatch(
    start: SourceOffset | undefined,
    end: SourceOffset,
    signal?: AbortSignal,
  ): AsyncIterable<RecordBatch> {
    await this.connect();
    signal?.throwIfAborted();
    const startOrdinal = (start === undefined ? -1 : parseOffset(start)) + 1;
    const endOrdinal = parseOffset(end) + 1;
    const sliceStart = Math.max(0, startOrdinal - this.lastOffsetCommitted - 1);
    const sliceEnd = Math.max(sliceStart, endOrdinal - this.lastOffsetCommitted - 1);
    const lines = this.lines.slice(sliceStart, sliceEnd);
    const times = this.times.slice(sliceStart, sliceEnd);
    const n = Math.max(1, this.options.numPartitions);
    for (let p = 0; p < n && p < lines.length; p++) {
      const values: unknown[] = [];
      const stamps: unknown[] = [];
      for (let i = p; i < lines.length; i += n) {
        values.push(lines[i]);
        stamps.push(times[i]);
      }
      const columns = this.options.includeTimestamp ? [values, stamps] : [values];
      yield { numRows: values.length, columns, partitionId: p };
    }
  }

  /** Discards the lines up to `end`; INTERNAL_ERROR when offsets are committed out of order. */
  async commit(end: SourceOffset): Promise<void> {
    const offset = parseOffset(end);
    const diff = offset - this.lastOffsetCommitted;
    if (diff < 0)
      throw new TsparkError("INTERNAL_ERROR", {
        messageParameters: {
          message: `Offsets committed out of order: ${this.lastOffsetCommitted} followed by ${end}`,
        },
      });
    this.lines.splice(0, diff);
    this.times.splice(0, diff);
    this.lastOffsetCommitted = offset;
  }

  /** Closes the connection; idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    const s = this.socket;
    this.socket = undefined;
    if (s !== undefined && !s.destroyed) {
      await new Promise<void>((resolve) => {
        s.once("close", () => resolve());
        s.destroy();
      });
    }
    this.wake();
  }
}
