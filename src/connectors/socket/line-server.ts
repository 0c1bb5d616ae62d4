/**
 * An embedded line server for the `socket` source: what `nc -lk 9999 < text.txt` does in Spark's
 * tutorials, without netcat. It listens on a loopback address and replays the same lines to every
 * client that connects, each from the first line, at a fixed pace or all at once, once or in a loop.
 *
 * Used by `tspark demo` and by tests that need a real TCP peer. Pacing uses the event loop's timers
 * (it paces a demo, it does not stamp data), so it takes no `Clock`.
 *
 * Per client, in pseudocode:
 *   on connect: i = 0
 *   every tick (1000 / linesPerSecond ms, at least 10 ms): write the lines now due, i += n
 *   when i reaches the end: loop ? i = 0 : (count the replay as sent; end the socket if closeWhenDone)
 * A slow reader pauses its replay (backpressure) instead of buffering the text without bound.
 */
import net from "node:net";
import { TsparkError } from "../../common/errors.js";

/** How a {@link LineServer} replays its text. */
export interface LineServerOptions {
  /** The text, one line per element, or one string split at `\n` / `\r\n` (a final newline adds no line). */
  readonly lines: readonly string[] | string;
  /** The TCP port; 0 (the default) takes a free one, see {@link LineServer.port}. */
  readonly port?: number;
  /** The address to listen on; `127.0.0.1` by default (the demo is local only). */
  readonly host?: string;
  /** Lines sent per second to each client; undefined, 0 or Infinity sends the whole text at once. */
  readonly linesPerSecond?: number;
  /** Start again from the first line after the last one (a never-ending input). */
  readonly loop?: boolean;
  /** End each connection once its replay is complete (netcat keeps it open; so do we by default). */
  readonly closeWhenDone?: boolean;
}

const MIN_TICK_MS = 10;
const CLOSE_GRACE_MS = 500;

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function illegal(message: string): TsparkError {
  return new TsparkError("ILLEGAL_ARGUMENT", { messageParameters: { message } });
}

/** One connected client's replay. */
class Replay {
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Fractional lines owed when a tick is longer than one line's interval. */
  private owed = 0;
  private finished = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly lines: readonly string[],
    private readonly perTick: number,
    private readonly tickMs: number,
    private readonly loop: boolean,
    private readonly closeWhenDone: boolean,
    private readonly onSent: () => void,
  ) {}

  /** Sends the first tick's lines at once (as netcat does), then continues on the timer. */
  start(): void {
    if (this.perTick === Number.POSITIVE_INFINITY) this.sendDue(Number.POSITIVE_INFINITY);
    else this.tick();
  }

  stop(): void {
    this.finished = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.finished) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, this.tickMs);
  }

  private tick(): void {
    this.owed += this.perTick;
    const n = Math.floor(this.owed);
    this.owed -= n;
    this.sendDue(n);
  }

  /** Writes up to `n` lines (all remaining ones for Infinity), then waits for a drain or the next tick. */
  private sendDue(n: number): void {
    if (this.finished || this.socket.destroyed) return;
    const chunk: string[] = [];
    let sent = 0;
    while (sent < n && this.next < this.lines.length) {
      chunk.push(this.lines[this.next] as string);
      this.next++;
      sent++;
      if (this.next === this.lines.length) {
        if (!this.loop) break;
        this.onSent();
        this.next = 0;
        // An unpaced loop would fill memory: one pass per write, continued on drain.
        if (n === Number.POSITIVE_INFINITY) break;
      }
    }
    const done = !this.loop && this.next === this.lines.length;
    const flushed = chunk.length === 0 ? true : this.socket.write(`${chunk.join("\n")}\n`);
    if (done) {
      this.finished = true;
      // Counted once the bytes are handed to the kernel, so a waiter can rely on them being sent.
      const finish = () => {
        this.onSent();
        if (this.closeWhenDone) this.socket.end();
      };
      if (flushed) finish();
      else this.socket.once("drain", finish);
      return;
    }
    // The next unpaced pass waits a turn of the event loop, so a looping replay cannot starve it.
    const continueReplay = () =>
      n === Number.POSITIVE_INFINITY
        ? setImmediate(() => this.sendDue(Number.POSITIVE_INFINITY))
        : this.schedule();
    if (flushed) continueReplay();
    else this.socket.once("drain", continueReplay);
  }
}

/**
 * A running line server (see the file comment). Start one with {@link startLineServer}; `close()`
 * stops listening, ends every connection and resolves when the server is fully closed.
 */
export class LineServer {
  private readonly replays = new Set<Replay>();
  private readonly sockets = new Set<net.Socket>();
  private accepted = 0;
  private sent = 0;
  private waiters: { kind: "clients" | "sent"; count: number; resolve: () => void }[] = [];
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: net.Server,
    /** The address the server listens on. */
    readonly host: string,
    /** The port the server listens on (the one chosen by the system when the option was 0). */
    readonly port: number,
  ) {}

  /** Listens (see {@link startLineServer}). */
  static async start(options: LineServerOptions): Promise<LineServer> {
    const lines = typeof options.lines === "string" ? splitLines(options.lines) : [...options.lines];
    const port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw illegal(`The line server's port must be an integer from 0 to 65535, got ${port}.`);
    const rate = options.linesPerSecond ?? 0;
    if (Number.isNaN(rate) || rate < 0)
      throw illegal(`The line server's linesPerSecond must be a positive number, got ${rate}.`);
    if (options.loop === true && lines.length === 0)
      throw illegal("The line server cannot loop over an empty text.");
    const unpaced = rate === 0 || rate === Number.POSITIVE_INFINITY;
    const tickMs = unpaced ? 0 : Math.max(1000 / rate, MIN_TICK_MS);
    const perTick = unpaced ? Number.POSITIVE_INFINITY : (rate * tickMs) / 1000;
    const host = options.host ?? "127.0.0.1";

    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address() as net.AddressInfo;
    const self = new LineServer(server, host, address.port);
    server.on("connection", (socket) => {
      socket.setNoDelay(true);
      // A client that goes away mid-replay is not the server's failure.
      socket.on("error", () => {});
      const replay = new Replay(
        socket,
        lines,
        perTick,
        tickMs,
        options.loop === true,
        options.closeWhenDone === true,
        () => self.count("sent"),
      );
      self.sockets.add(socket);
      self.replays.add(replay);
      socket.once("close", () => {
        replay.stop();
        self.replays.delete(replay);
        self.sockets.delete(socket);
      });
      self.count("clients");
      replay.start();
    });
    return self;
  }

  /** How many clients are connected right now. */
  get connections(): number {
    return this.sockets.size;
  }

  /** How many clients have connected since the start. */
  get clientsAccepted(): number {
    return this.accepted;
  }

  /** How many complete passes over the text have been written, over all clients. */
  get replaysSent(): number {
    return this.sent;
  }

  /** Resolves once `count` clients have connected since the start (at once if they already have). */
  whenClients(count = 1): Promise<void> {
    return this.wait("clients", count);
  }

  /** Resolves once `count` complete passes over the text have been written (over all clients). */
  whenSent(count = 1): Promise<void> {
    return this.wait("sent", count);
  }

  /** Stops listening and ends every connection; idempotent, every call resolves when closed. */
  close(): Promise<void> {
    if (this.closing === undefined) {
      this.closing = new Promise<void>((resolve) => {
        for (const replay of this.replays) replay.stop();
        // server.close() waits for open connections: each is ended, and destroyed once its last
        // bytes are flushed, or after a grace period when the client is not reading.
        for (const socket of this.sockets) {
          socket.destroySoon();
          setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
        }
        this.server.close(() => resolve());
      });
    }
    return this.closing;
  }

  private wait(kind: "clients" | "sent", count: number): Promise<void> {
    if ((kind === "clients" ? this.accepted : this.sent) >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ kind, count, resolve }));
  }

  private count(kind: "clients" | "sent"): void {
    if (kind === "clients") this.accepted++;
    else this.sent++;
    const value = kind === "clients" ? this.accepted : this.sent;
    const ready = this.waiters.filter((w) => w.kind === kind && value >= w.count);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}

/**
 * Starts a line server: listens on `host:port` (127.0.0.1, a free port by default) and replays
 * `lines` to every client. Rejects with ILLEGAL_ARGUMENT for a bad port or rate, and with the
 * system's error (EADDRINUSE…) when it cannot listen.
 */
export function startLineServer(options: LineServerOptions): Promise<LineServer> {
  return LineServer.start(options);
}
