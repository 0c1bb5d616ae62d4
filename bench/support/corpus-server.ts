/**
 * A TCP server that replays a text corpus, run as a child process of the bench so that its CPU
 * time is not charged to the program measured. Two modes:
 *
 * - Full speed (no rate given): every client that connects gets the corpus `repeats` times (one
 *   newline-terminated copy after another, written as large pre-built chunks with backpressure),
 *   then the server ends the connection.
 * - Fixed rate (`<lines-per-second>` given): every client gets the corpus's lines in order, copy
 *   after copy, at that many lines per second, in small evenly spaced chunks (one every
 *   {@link TICK_MS} ms; the number of lines due is computed from the time since the client
 *   connected, so a late tick catches up and the rate does not drift). `repeats` caps the copies
 *   sent (0: no cap). Commands on stdin, one per line, each answered by one JSON line on stdout:
 *   `status` → `{ "event": "status", "clients": [{ "lines", "bytes", "startedAtMs" }] }` (lines
 *   and bytes sent so far to each client, in connection order; `startedAtMs` is when the client
 *   connected, in ms since the epoch, from the monotonic clock, so line `k` (0-based) was due at
 *   `startedAtMs + 1000 k / rate`); `stop` → stops sending, ends every connection and answers
 *   the same figures with `"event": "stopped"`.
 *
 * Usage: node --import tsx bench/support/corpus-server.ts <corpus-file> <repeats> [<lines-per-second>]
 * Prints one JSON line `{ "port", "lines", "bytes" }` on stdout once listening (lines and bytes of
 * one whole replay; in rate mode with no cap, those of one copy of the corpus), and exits when its
 * stdin closes (the parent ended) or on SIGTERM.
 *
 * src/connectors/socket/line-server.ts is not used: it joins all lines into one string per pass
 * and, without loop, writes the whole text at once, which for a corpus repeated to tens of MB
 * means one giant string per client; here the bytes are encoded once and shared.
 */
import { readFileSync } from "node:fs";
import net from "node:net";

/** About 1 MiB per write: few syscalls, bounded memory per client. */
const CHUNK_TARGET_BYTES = 1 << 20;

/** Rate mode: one chunk of lines every 20 ms (50 a second). */
const TICK_MS = 20;

const [corpusPath, repeatsArg, rateArg] = process.argv.slice(2);
if (corpusPath === undefined || repeatsArg === undefined) {
  process.stderr.write("usage: corpus-server.ts <corpus-file> <repeats> [<lines-per-second>]\n");
  process.exit(2);
}
const repeats = Number(repeatsArg);
const rate = rateArg === undefined ? undefined : Number(rateArg);
if (rate !== undefined && !(rate > 0)) {
  process.stderr.write(`corpus-server.ts: bad rate ${rateArg}\n`);
  process.exit(2);
}
let text = readFileSync(corpusPath, "utf8").replace(/\r\n?/g, "\n");
if (!text.endsWith("\n")) text += "\n";
const copy = Buffer.from(text, "utf8");
const copiesPerChunk = Math.max(1, Math.floor(CHUNK_TARGET_BYTES / copy.length));
const chunk = Buffer.concat(Array.from({ length: Math.min(copiesPerChunk, repeats) }, () => copy));
const linesPerCopy = text.split("\n").length - 1;

function replay(socket: net.Socket): void {
  let left = repeats;
  const pump = (): void => {
    while (left > 0) {
      const n = Math.min(copiesPerChunk, left);
      left -= n;
      const data = n === copiesPerChunk ? chunk : chunk.subarray(0, n * copy.length);
      if (!socket.write(data)) {
        socket.once("drain", pump);
        return;
      }
    }
    socket.end();
  };
  pump();
}

/** Byte offset in `copy` where each line starts (and, last, the length of `copy`). */
const lineStarts = ((): Int32Array => {
  const starts = new Int32Array(linesPerCopy + 1);
  let line = 0;
  for (let i = 0; i < copy.length; i++) if (copy[i] === 10) starts[++line] = i + 1;
  return starts;
})();

/** One client of the rate mode and what it has been sent. */
interface RateClient {
  readonly socket: net.Socket;
  /** performance.now() when it connected. */
  readonly startedAt: number;
  lines: number;
  bytes: number;
}

const rateClients: RateClient[] = [];
let rateStopped = false;
const maxLines = repeats > 0 ? repeats * linesPerCopy : Number.POSITIVE_INFINITY;

/** Sends every client the lines due by now (rate mode). */
function tick(): void {
  if (rateStopped || rate === undefined) return;
  const now = performance.now();
  for (const c of rateClients) {
    if (c.socket.destroyed || c.socket.writableEnded) continue;
    const due = Math.min(maxLines, Math.floor(((now - c.startedAt) * rate) / 1000));
    if (due <= c.lines) continue;
    c.socket.cork();
    while (c.lines < due) {
      const from = c.lines % linesPerCopy;
      const to = Math.min(linesPerCopy, from + (due - c.lines));
      const data = copy.subarray(lineStarts[from]!, lineStarts[to]!);
      c.socket.write(data);
      c.bytes += data.length;
      c.lines += to - from;
    }
    c.socket.uncork();
    if (c.lines >= maxLines) c.socket.end();
  }
}

function rateStatus(event: "status" | "stopped"): string {
  return `${JSON.stringify({
    event,
    clients: rateClients.map((c) => ({
      lines: c.lines,
      bytes: c.bytes,
      startedAtMs: performance.timeOrigin + c.startedAt,
    })),
  })}\n`;
}

const server = net.createServer((socket) => {
  socket.on("error", () => {}); // a client that leaves early is not the server's failure
  if (rate === undefined) replay(socket);
  else if (rateStopped) socket.end();
  else rateClients.push({ socket, startedAt: performance.now(), lines: 0, bytes: 0 });
});
server.listen(0, "127.0.0.1", () => {
  const port = (server.address() as net.AddressInfo).port;
  const copies = repeats > 0 || rate === undefined ? repeats : 1;
  process.stdout.write(
    `${JSON.stringify({ port, lines: linesPerCopy * copies, bytes: copy.length * copies })}\n`,
  );
});
if (rate !== undefined) {
  const timer = setInterval(tick, TICK_MS);
  let pending = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    pending += chunk;
    for (let nl = pending.indexOf("\n"); nl !== -1; nl = pending.indexOf("\n")) {
      const command = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (command === "status") {
        tick();
        process.stdout.write(rateStatus("status"));
      } else if (command === "stop") {
        tick();
        rateStopped = true;
        clearInterval(timer);
        for (const c of rateClients) c.socket.end();
        process.stdout.write(rateStatus("stopped"));
      } else process.stderr.write(`corpus-server.ts: unknown command ${JSON.stringify(command)}\n`);
    }
  });
}
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
process.on("SIGTERM", () => process.exit(0));
