/**
 * A TCP server that replays a text corpus at full speed, run as a child process of the bench so
 * that its CPU time is not charged to the program measured. Every client that connects gets the
 * corpus `repeats` times (one newline-terminated copy after another, written as large pre-built
 * chunks with backpressure), then the server ends the connection.
 *
 * Usage: node --import tsx bench/support/corpus-server.ts <corpus-file> <repeats>
 * Prints one JSON line `{ "port", "lines", "bytes" }` on stdout once listening (lines and bytes of
 * one whole replay), and exits when its stdin closes (the parent ended) or on SIGTERM.
 *
 * src/connectors/socket/line-server.ts is not used: it joins all lines into one string per pass
 * and, without loop, writes the whole text at once, which for a corpus repeated to tens of MB
 * means one giant string per client; here the bytes are encoded once and shared.
 */
import { readFileSync } from "node:fs";
import net from "node:net";

/** About 1 MiB per write: few syscalls, bounded memory per client. */
const CHUNK_TARGET_BYTES = 1 << 20;

const [corpusPath, repeatsArg] = process.argv.slice(2);
if (corpusPath === undefined || repeatsArg === undefined) {
  process.stderr.write("usage: corpus-server.ts <corpus-file> <repeats>\n");
  process.exit(2);
}
const repeats = Number(repeatsArg);
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

const server = net.createServer((socket) => {
  socket.on("error", () => {}); // a client that leaves early is not the server's failure
  replay(socket);
});
server.listen(0, "127.0.0.1", () => {
  const port = (server.address() as net.AddressInfo).port;
  process.stdout.write(
    `${JSON.stringify({ port, lines: linesPerCopy * repeats, bytes: copy.length * repeats })}\n`,
  );
});
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
process.on("SIGTERM", () => process.exit(0));
