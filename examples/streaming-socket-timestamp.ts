// The socket source reads lines of text from a TCP server, one row per line; with includeTimestamp
// each row also gets the time the line was received. It keeps lines only in memory, so it cannot
// replay them after a restart: it is for tutorials and tests, not production. To be self-contained
// this program runs its own tiny line server (in real life: `nc -lk 9999`) and sends three lines;
// the query collects them in a memory sink. Receipt times depend on the clock, so only a check on
// them is printed.
import { createServer, type Socket } from "node:net";
import { SparkSession } from "tspark";

const spark = SparkSession.builder
  .appName("SocketDemo")
  .master("local[1]")
  .config("spark.sql.session.timeZone", "UTC")
  .getOrCreate();

// A line server: every client that connects gets the same three lines.
const clients = new Set<Socket>();
const server = createServer((socket) => {
  clients.add(socket);
  socket.on("close", () => clients.delete(socket));
  socket.write("alpha beta\ngamma\ndelta epsilon zeta\n");
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const address = server.address();
const port = typeof address === "object" && address !== null ? address.port : 0;

const lines = spark.readStream
  .format("socket")
  .option("host", "127.0.0.1")
  .option("port", port)
  .option("includeTimestamp", true)
  .load();
lines.printSchema();

const startedMs = Date.now();
const query = await lines.writeStream.format("memory").queryName("lines").start();
const deadline = performance.now() + 60_000;
while ((await spark.table("lines").count()) < 3 && performance.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await query.stop();

await spark
  .sql(`
    SELECT value,
           size(split(value, ' ')) AS words,
           timestamp >= timestamp_millis(${startedMs}) AS received_after_start
    FROM lines
    ORDER BY value`)
  .show();

for (const c of clients) c.destroy();
server.close();
spark.stop();
