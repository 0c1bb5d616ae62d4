import assert from "node:assert/strict";
import net from "node:net";
import { test } from "node:test";
import { ManualClock } from "../../common/clock.js";
import { TsparkError } from "../../common/errors.js";
import { parseSocketOptions } from "./options.js";
import { TextSocketSource } from "./text-socket-source.js";

const ALL = { kind: "all" } as const;

/** A netcat-like server on 127.0.0.1: accepts the first connection only, then stops listening. */
class LineServer {
  readonly server = net.createServer();
  client: net.Socket | undefined;
  private accepted: Promise<net.Socket>;
  clientClosed: Promise<void>;

  constructor() {
    let closed!: () => void;
    this.clientClosed = new Promise((r) => {
      closed = r;
    });
    this.accepted = new Promise((resolve) => {
      this.server.once("connection", (c) => {
        this.client = c;
        c.on("close", closed);
        c.on("error", () => {});
        this.server.close();
        resolve(c);
      });
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    return (this.server.address() as net.AddressInfo).port;
  }

  async send(text: string | Uint8Array): Promise<void> {
    const c = await this.accepted;
    await new Promise<void>((r, j) => c.write(text, (e) => (e ? j(e) : r())));
  }

  async end(): Promise<void> {
    const c = await this.accepted;
    c.end();
  }

  close(): void {
    this.client?.destroy();
    if (this.server.listening) this.server.close();
  }
}

async function withServer(
  options: Record<string, string>,
  body: (server: LineServer, source: TextSocketSource, clock: ManualClock) => Promise<void>,
  parallelism = 1,
): Promise<void> {
  const server = new LineServer();
  const port = await server.listen();
  const clock = new ManualClock(1_000);
  const source = new TextSocketSource(
    parseSocketOptions({ host: "127.0.0.1", port: String(port), ...options }, parallelism),
    { clock },
  );
  try {
    await body(server, source, clock);
  } finally {
    await source.stop();
    server.close();
  }
}

async function rows(src: TextSocketSource, start: string | undefined, end: string): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const b of src.getBatch(start, end))
    for (let r = 0; r < b.numRows; r++) out.push([...b.columns.map((c) => c[r]), b.partitionId]);
  return out;
}

async function sendLines(server: LineServer, source: TextSocketSource, ...lines: string[]): Promise<string> {
  const target = source.currentLineOffset() + lines.length;
  await server.send(lines.map((l) => `${l}\n`).join(""));
  await source.whenOffsetReaches(target);
  return String(target);
}

function errorOf(f: () => unknown): TsparkError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof TsparkError, String(e));
    return e;
  }
  assert.fail("expected an error");
}

test("basic usage: lines become rows, offsets count lines, commit discards", async () => {
  await withServer({}, async (server, source) => {
    assert.deepEqual(
      source.schema.fields.map((f) => `${f.name}:${f.dataType.kind}`),
      ["value:string"],
    );
    assert.equal(await source.latestOffset(undefined, ALL), undefined);
    const e0 = await sendLines(server, source, "hello");
    assert.equal(e0, "0");
    assert.equal(await source.latestOffset(undefined, ALL), "0");
    assert.deepEqual(await rows(source, undefined, e0), [["hello", 0]]);
    await source.commit(e0);
    const e1 = await sendLines(server, source, "world");
    assert.equal(await source.latestOffset(e0, ALL), "1");
    assert.deepEqual(await rows(source, e0, e1), [["world", 0]]);
    assert.equal(source.description, `TextSocketV2[host: 127.0.0.1, port: ${source.options.port}]`);
  });
});

test("timestamped usage: the receipt time from the clock", async () => {
  await withServer({ includeTimestamp: "true" }, async (server, source, clock) => {
    assert.deepEqual(
      source.schema.fields.map((f) => `${f.name}:${f.dataType.kind}`),
      ["value:string", "timestamp:timestamp"],
    );
    await source.latestOffset(undefined, ALL);
    const e0 = await sendLines(server, source, "hello");
    clock.advance(10);
    const e1 = await sendLines(server, source, "world");
    assert.deepEqual(await rows(source, undefined, e0), [["hello", 1_000_000, 0]]);
    assert.deepEqual(await rows(source, e0, e1), [["world", 1_010_000, 0]]);
  });
});

test("getBatch returns exactly the lines in (start, end], also before a commit and again", async () => {
  await withServer({}, async (server, source) => {
    await source.latestOffset(undefined, ALL);
    await sendLines(server, source, "a", "b", "c", "d", "e");
    assert.deepEqual(
      (await rows(source, "1", "3")).map((r) => r[0]),
      ["c", "d"],
    );
    assert.deepEqual(
      (await rows(source, "1", "3")).map((r) => r[0]),
      ["c", "d"],
    );
    await source.commit("1");
    assert.deepEqual(
      (await rows(source, "1", "4")).map((r) => r[0]),
      ["c", "d", "e"],
    );
    await source.commit("4");
    assert.deepEqual(await rows(source, "4", "4"), []);
    await assert.rejects(source.commit("2"), (e: unknown) => {
      assert.ok(e instanceof TsparkError);
      assert.match(e.message, /Offsets committed out of order: 4 followed by 2/);
      return true;
    });
  });
});

test("numPartitions: lines dealt round-robin", async () => {
  await withServer(
    {},
    async (server, source) => {
      await source.latestOffset(undefined, ALL);
      const end = await sendLines(server, source, "0", "1", "2", "3", "4");
      const got = await rows(source, undefined, end);
      assert.deepEqual(
        got.map((r) => [r[0], r[1]]),
        [
          ["0", 0],
          ["3", 0],
          ["1", 1],
          ["4", 1],
          ["2", 2],
        ],
      );
    },
    3,
  );
});

test("a closed connection ends input without losing buffered lines (last line without newline too)", async () => {
  await withServer({}, async (server, source) => {
    await source.latestOffset(undefined, ALL);
    await server.send("one\ntwo\nthree");
    await server.end();
    await source.whenOffsetReaches(2);
    assert.equal(await source.latestOffset(undefined, ALL), "2");
    assert.equal(source.inputEnded(), true);
    assert.deepEqual(
      (await rows(source, undefined, "2")).map((r) => r[0]),
      ["one", "two", "three"],
    );
    await source.whenOffsetReaches(10);
    assert.equal(await source.latestOffset("2", ALL), "2");
  });
});

test("line breaks \\n, \\r and \\r\\n (also split across packets); UTF-8 split across packets", async () => {
  await withServer({}, async (server, source) => {
    await source.latestOffset(undefined, ALL);
    await server.send("a\r\nb\rc\r");
    await source.whenOffsetReaches(2);
    await server.send("\nd\n");
    const euro = Buffer.from("€uro\n");
    await server.send(euro.subarray(0, 1));
    await server.send(euro.subarray(1));
    await source.whenOffsetReaches(4);
    assert.deepEqual(
      (await rows(source, undefined, "4")).map((r) => r[0]),
      ["a", "b", "c", "d", "€uro"],
    );
    await server.send("\n");
    await source.whenOffsetReaches(5);
    assert.deepEqual(
      (await rows(source, "4", "5")).map((r) => r[0]),
      [""],
    );
  });
});

test("stop() closes the socket and is idempotent", async () => {
  await withServer({}, async (server, source) => {
    await source.latestOffset(undefined, ALL);
    await sendLines(server, source, "x");
    await source.stop();
    await server.clientClosed;
    await source.stop();
  });
});

test("stop() before connecting is fine", async () => {
  const source = new TextSocketSource(parseSocketOptions({ host: "127.0.0.1", port: "1" }, 1), {
    clock: new ManualClock(),
  });
  await source.stop();
  await source.stop();
});

test("connection refused: STREAMING_SOURCE_CONNECTION_FAILED", async () => {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const source = new TextSocketSource(parseSocketOptions({ host: "127.0.0.1", port: String(port) }, 1), {
    clock: new ManualClock(),
  });
  await assert.rejects(source.latestOffset(undefined, ALL), (e: unknown) => {
    assert.ok(e instanceof TsparkError);
    assert.equal(e.errorClass, "STREAMING_SOURCE_CONNECTION_FAILED");
    assert.equal(e.messageParameters.port, String(port));
    return true;
  });
  await source.stop();
});

test("a netcat-like server accepts only the first connection: a second source fails", async () => {
  await withServer({}, async (server, source) => {
    await source.latestOffset(undefined, ALL);
    await sendLines(server, source, "hello");
    const second = new TextSocketSource(source.options, { clock: new ManualClock() });
    await assert.rejects(second.latestOffset(undefined, ALL), TsparkError);
    await second.stop();
  });
});

test("params not given, non-boolean includeTimestamp: Spark's errors", () => {
  assert.equal(errorOf(() => parseSocketOptions({}, 1)).errorClass, "_LEGACY_ERROR_TEMP_1295");
  const noPort = errorOf(() => parseSocketOptions({ host: "localhost" }, 1));
  assert.equal(noPort.errorClass, "_LEGACY_ERROR_TEMP_1296");
  assert.match(noPort.message, /Set a port to read from with option\("port", \.\.\.\)\./);
  const noHost = errorOf(() => parseSocketOptions({ port: "1234" }, 1));
  assert.equal(noHost.errorClass, "_LEGACY_ERROR_TEMP_1295");
  assert.match(noHost.message, /Set a host to read from with option\("host", \.\.\.\)\./);
  const ts = errorOf(() =>
    parseSocketOptions({ host: "localhost", port: "1234", includeTimestamp: "fasle" }, 1),
  );
  assert.equal(ts.errorClass, "_LEGACY_ERROR_TEMP_1297");
  const port = errorOf(() => parseSocketOptions({ host: "localhost", port: "http" }, 1));
  assert.equal(port.errorClass, "ILLEGAL_ARGUMENT");
  assert.match(port.message, /For input string: "http"/);
});

test("options: case-insensitive names, defaults", () => {
  assert.deepEqual(parseSocketOptions({ HOST: "h", Port: "9", INCLUDETIMESTAMP: "TRUE" }, 4), {
    host: "h",
    port: 9,
    includeTimestamp: true,
    numPartitions: 4,
  });
});

test("fromOptions: numPartitions defaults to the context's parallelism; errors as Spark's", () => {
  const clock = new ManualClock();
  const src = TextSocketSource.fromOptions({ host: "h", port: "1" }, { clock, defaultParallelism: 4 });
  assert.equal(src.options.numPartitions, 4);
  assert.throws(
    () => TextSocketSource.fromOptions({ host: "h" }, { clock, defaultParallelism: 1 }),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "_LEGACY_ERROR_TEMP_1296",
  );
});
