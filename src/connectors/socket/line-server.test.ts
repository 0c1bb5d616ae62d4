import assert from "node:assert/strict";
import net from "node:net";
import { test } from "node:test";
import { ManualClock } from "../../common/clock.js";
import { TsparkError } from "../../common/errors.js";
import { type LineServer, startLineServer } from "./line-server.js";
import { parseSocketOptions } from "./options.js";
import { TextSocketSource } from "./text-socket-source.js";

/** A real TCP client that records every line it receives and when (ms since it connected). */
class Client {
  readonly lines: string[] = [];
  readonly times: number[] = [];
  readonly socket: net.Socket;
  readonly connected: Promise<void>;
  readonly ended: Promise<void>;
  private partial = "";
  private readonly t0 = performance.now();
  private waiters: { n: number; resolve: () => void }[] = [];

  constructor(port: number) {
    this.socket = net.connect({ host: "127.0.0.1", port });
    this.socket.setEncoding("utf8");
    this.connected = new Promise((resolve, reject) => {
      this.socket.once("connect", resolve);
      this.socket.once("error", reject);
    });
    this.ended = new Promise((resolve) => this.socket.once("close", () => resolve()));
    this.socket.on("data", (chunk: string) => {
      const parts = (this.partial + chunk).split("\n");
      this.partial = parts.pop() as string;
      for (const line of parts) {
        this.lines.push(line);
        this.times.push(performance.now() - this.t0);
      }
      this.waiters = this.waiters.filter((w) => {
        if (this.lines.length < w.n) return true;
        w.resolve();
        return false;
      });
    });
  }

  /** Resolves once `n` lines have arrived. */
  received(n: number): Promise<void> {
    if (this.lines.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  close(): void {
    this.socket.destroy();
  }
}

async function withServer(
  options: Parameters<typeof startLineServer>[0],
  body: (server: LineServer) => Promise<void>,
): Promise<void> {
  const server = await startLineServer(options);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

const TEXT = ["En un lugar de la Mancha", "de cuyo nombre no quiero acordarme", "no ha mucho tiempo"];

test("binds 127.0.0.1 on a free port and sends the whole text to a client at once", async () => {
  await withServer({ lines: TEXT }, async (server) => {
    assert.equal(server.host, "127.0.0.1");
    assert.ok(server.port > 0);
    const client = new Client(server.port);
    await client.received(3);
    await server.whenSent(1);
    assert.deepEqual(client.lines, TEXT);
    assert.equal(server.clientsAccepted, 1);
    assert.equal(server.replaysSent, 1);
    client.close();
  });
});

test("a text string is split at \\n and \\r\\n; a final newline adds no empty line", async () => {
  await withServer({ lines: "uno dos\r\ntres\n\ncuatro\n" }, async (server) => {
    const client = new Client(server.port);
    await server.whenSent(1);
    await client.received(4);
    assert.deepEqual(client.lines, ["uno dos", "tres", "", "cuatro"]);
    client.close();
  });
});

test("every client gets the text from its first line, also one that connects after another finished", async () => {
  await withServer({ lines: TEXT, linesPerSecond: 200 }, async (server) => {
    const a = new Client(server.port);
    const b = new Client(server.port);
    await Promise.all([a.received(3), b.received(3)]);
    const c = new Client(server.port);
    await c.received(3);
    await server.whenSent(3);
    for (const client of [a, b, c]) assert.deepEqual(client.lines, TEXT);
    assert.equal(server.clientsAccepted, 3);
    assert.equal(server.connections, 3);
    for (const client of [a, b, c]) client.close();
  });
});

test("a paced replay spreads the lines over time: 20 lines/s sends 10 lines in about half a second", async () => {
  const lines = Array.from({ length: 10 }, (_, i) => `línea ${i}`);
  await withServer({ lines, linesPerSecond: 20 }, async (server) => {
    const client = new Client(server.port);
    await client.received(10);
    assert.deepEqual(client.lines, lines);
    // The first line goes out on connect, then one every 50 ms: the 10th after 9 intervals (450 ms).
    // The lower bound tolerates timer granularity; the upper bound only a loaded machine.
    const first = client.times[0] as number;
    const last = client.times[9] as number;
    assert.ok(first < 200, `first line after ${first} ms`);
    assert.ok(last - first >= 400, `10 lines took ${last - first} ms`);
    assert.ok(last - first < 3000, `10 lines took ${last - first} ms`);
    client.close();
  });
});

test("a fast pace sends several lines per 10 ms tick and keeps the average rate", async () => {
  const lines = Array.from({ length: 100 }, (_, i) => String(i));
  await withServer({ lines, linesPerSecond: 500 }, async (server) => {
    const client = new Client(server.port);
    await client.received(100);
    assert.deepEqual(client.lines, lines);
    const span = (client.times[99] as number) - (client.times[0] as number);
    // 100 lines at 500/s: 5 lines every 10 ms, about 200 ms in all (not all at once).
    assert.ok(span >= 150, `100 lines took ${span} ms`);
    client.close();
  });
});

test("loop starts again from the first line and counts each complete pass", async () => {
  await withServer({ lines: TEXT, loop: true, linesPerSecond: 1000 }, async (server) => {
    const client = new Client(server.port);
    await client.received(8);
    assert.deepEqual(client.lines.slice(0, 8), [...TEXT, ...TEXT, ...TEXT.slice(0, 2)]);
    assert.ok(server.replaysSent >= 2);
    client.close();
  });
});

test("an unpaced loop keeps sending without starving the event loop", async () => {
  await withServer({ lines: TEXT, loop: true }, async (server) => {
    const client = new Client(server.port);
    await client.received(3000);
    assert.deepEqual(client.lines.slice(2997, 3000), TEXT);
    await server.whenSent(1000);
    client.close();
  });
});

test("the connection stays open after the text (as netcat's) unless closeWhenDone", async () => {
  await withServer({ lines: TEXT }, async (server) => {
    const client = new Client(server.port);
    await server.whenSent(1);
    await client.received(3);
    const closed = await Promise.race([
      client.ended.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 100)),
    ]);
    assert.equal(closed, false);
    client.close();
  });
  await withServer({ lines: TEXT, closeWhenDone: true }, async (server) => {
    const client = new Client(server.port);
    await client.ended;
    assert.deepEqual(client.lines, TEXT);
  });
});

test("close() while clients are connected ends them, refuses new ones, and is idempotent", async () => {
  const server = await startLineServer({ lines: TEXT, loop: true, linesPerSecond: 50 });
  const a = new Client(server.port);
  const b = new Client(server.port);
  await Promise.all([a.received(1), b.received(1)]);
  const first = server.close();
  const second = server.close();
  await Promise.all([first, second, a.ended, b.ended]);
  await server.close();
  assert.equal(server.connections, 0);
  const late = new Client(server.port);
  await assert.rejects(late.connected, (e: NodeJS.ErrnoException) => e.code === "ECONNREFUSED");
});

test("close() finishes when a client does not read a large looping text", async () => {
  const big = "x".repeat(10_000);
  const server = await startLineServer({ lines: [big], loop: true });
  const client = new Client(server.port);
  await client.connected;
  client.socket.pause();
  await server.whenClients(1);
  // Let the send buffers fill so the replay waits on backpressure.
  await new Promise((r) => setTimeout(r, 100));
  await server.close();
  client.close();
});

test("closing before any client connects resolves", async () => {
  const server = await startLineServer({ lines: [] });
  await server.close();
  await server.close();
});

test("an empty text counts as sent at once", async () => {
  await withServer({ lines: [], closeWhenDone: true }, async (server) => {
    const client = new Client(server.port);
    await client.ended;
    await server.whenSent(1);
    assert.deepEqual(client.lines, []);
  });
});

test("bad options are ILLEGAL_ARGUMENT; a port in use rejects with EADDRINUSE", async () => {
  for (const options of [
    { lines: TEXT, port: -1 },
    { lines: TEXT, port: 70000 },
    { lines: TEXT, port: 1.5 },
    { lines: TEXT, linesPerSecond: -3 },
    { lines: TEXT, linesPerSecond: Number.NaN },
    { lines: [], loop: true },
  ])
    await assert.rejects(
      startLineServer(options),
      (e: unknown) => e instanceof TsparkError && e.errorClass === "ILLEGAL_ARGUMENT",
    );
  await withServer({ lines: TEXT }, async (server) => {
    await assert.rejects(
      startLineServer({ lines: TEXT, port: server.port }),
      (e: NodeJS.ErrnoException) => e.code === "EADDRINUSE",
    );
  });
});

test("the socket source reads the replayed lines as rows (the tutorial's nc -lk replaced)", async () => {
  await withServer({ lines: TEXT, linesPerSecond: 100 }, async (server) => {
    const source = new TextSocketSource(
      parseSocketOptions({ host: "127.0.0.1", port: String(server.port) }, 1),
      { clock: new ManualClock(0) },
    );
    try {
      await source.connect();
      await source.whenOffsetReaches(2);
      const values: unknown[] = [];
      for await (const batch of source.getBatch(undefined, "2")) values.push(...(batch.columns[0] ?? []));
      assert.deepEqual(values, TEXT);
    } finally {
      await source.stop();
    }
  });
});
