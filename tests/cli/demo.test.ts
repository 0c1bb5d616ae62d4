// `tspark demo` and examples/streaming-word-count.ts end to end, in child processes: the embedded
// line server sends data/don-quijote.txt over a real socket, the streaming word count reads it and
// the console sink prints Spark's batch headers and tables.
//
// Expected counts are worked out here from the text itself with the query's own rule (Spark's
// split(value, " ") keeps empty strings: a blank line is one word "", and so is each extra space),
// never taken from tspark's output.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startLineServer } from "../../src/connectors/socket/line-server.js";
import { bin, type Exit, printed, root, startNode } from "./node-process.js";

const example = join(root, "examples", "streaming-word-count.ts");
const text = readFileSync(join(root, "data", "don-quijote.txt"), "utf8");
const HEADER_RULE = "-------------------------------------------";

/** `node <args>` from the repository root, killed after 90 s so a hang fails. */
function start(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  return startNode(args, { env, timeoutMs: 90_000 });
}

/** The word counts of the whole text under split(value, " "). */
function expectedCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (const line of lines) for (const word of line.split(" ")) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

interface Batch {
  readonly id: number;
  readonly header: string;
  readonly rows: readonly (readonly [string, number])[];
  readonly body: string;
}

/** Splits console output into batches: the 3-line header, then a palabra|count table. */
function batches(stdout: string): Batch[] {
  const out: Batch[] = [];
  const re = new RegExp(`${HEADER_RULE}\\nBatch: (\\d+)\\n${HEADER_RULE}\\n`, "g");
  const starts = [...stdout.matchAll(re)];
  starts.forEach((m, i) => {
    const from = (m.index ?? 0) + m[0].length;
    const body = stdout.slice(from, starts[i + 1]?.index ?? stdout.length);
    const rows: [string, number][] = [];
    for (const line of body.split("\n")) {
      const row = /^\|(.*)\|\s*(\d+)\|$/.exec(line);
      if (row) rows.push([(row[1] as string).trim(), Number(row[2])]);
    }
    out.push({ id: Number(m[1]), header: m[0], rows, body });
  });
  return out;
}

function checkTable(batch: Batch): void {
  const lines = batch.body.split("\n");
  assert.match(lines[0] as string, /^\+-+\+-----\+$/, `batch ${batch.id} table:\n${batch.body}`);
  assert.match(lines[1] as string, /^\| *palabra\|count\|$/, `batch ${batch.id} table:\n${batch.body}`);
  assert.ok(
    batch.rows.length > 0 && batch.rows.length <= 20,
    `batch ${batch.id} shows ${batch.rows.length} rows`,
  );
}

describe("tspark demo", () => {
  it("sends the whole text, prints Spark's batch headers and palabra|count tables, and the last batch has the text's counts", async () => {
    const r = await start([bin, "demo", "--port", "0", "--rate", "0"]).exit;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.startsWith(`${HEADER_RULE}\nBatch: 0\n${HEADER_RULE}\n`), r.stdout.slice(0, 300));
    const all = batches(r.stdout);
    assert.ok(all.length >= 1);
    all.forEach((b, i) => {
      assert.equal(b.id, i, "batch ids count up from 0");
      checkTable(b);
    });
    // The text has far more than 20 distinct words: the console sink shows 20 of them.
    const last = all[all.length - 1] as Batch;
    assert.equal(last.rows.length, 20);
    assert.match(last.body, /only showing top 20 rows/);
    const counts = expectedCounts();
    for (const [word, count] of last.rows) assert.equal(count, counts.get(word), `count of '${word}'`);
    assert.match(r.stderr, /don-quijote\.txt \(379 lines, all at once\)/);
    assert.match(r.stderr, /stopped \(text done\)/);
  });

  it("--batches n stops after n micro-batches; earlier batches count part of the text", async () => {
    const r = await start([bin, "demo", "--port", "0", "--rate", "40", "--batches", "2"]).exit;
    assert.equal(r.code, 0, r.stderr);
    const all = batches(r.stdout);
    assert.ok(all.length >= 2, r.stdout);
    assert.deepEqual(
      all.slice(0, 2).map((b) => b.id),
      [0, 1],
    );
    const counts = expectedCounts();
    for (const b of all) {
      checkTable(b);
      for (const [word, count] of b.rows) assert.ok(count <= (counts.get(word) ?? 0), `'${word}' ${count}`);
    }
    assert.match(r.stderr, /stopped \(batches\)/);
  });

  it("Ctrl-C (SIGINT) stops a looping demo cleanly with exit code 0", async () => {
    const { child, exit } = start([bin, "demo", "--port", "0", "--rate", "20", "--loop"]);
    await printed(child, "Batch: 0");
    child.kill("SIGINT");
    const r = await exit;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /SIGINT: stopping the query/);
    assert.match(r.stderr, /stopped \(signal\)/);
  });

  it("a port in use is reported with exit code 1", async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const r = await start([bin, "demo", "--port", String(port)]).exit;
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use`));
      assert.equal(r.stdout, "");
    } finally {
      busy.close();
    }
  });
});

/**
 * The example installs no handler: tspark stops its query on the signal and the process then ends
 * by it, as node ends on Ctrl-C. The output must not stop mid-table.
 */
function endedBy(signal: NodeJS.Signals, r: Exit): void {
  const code = signal === "SIGINT" ? 130 : 143;
  assert.ok(r.signal === signal || r.code === code, `ended with ${r.signal ?? r.code}\n${r.stderr}`);
  assert.match(r.stdout, /(\+|rows?)\n\n$/, `output ends mid-table:\n${r.stdout.slice(-300)}`);
}

describe("examples/streaming-word-count.ts", () => {
  it("runs with npx tsx against a line server (nc -lk) given as host and port arguments; Ctrl-C stops it", async () => {
    const server = await startLineServer({ lines: text, linesPerSecond: 50 });
    try {
      const { child, exit } = start(["--import", "tsx", example, "127.0.0.1", String(server.port)]);
      await printed(child, "Batch: 1");
      child.kill("SIGINT");
      const r = await exit;
      endedBy("SIGINT", r);
      const all = batches(r.stdout);
      assert.deepEqual(
        all.slice(0, 2).map((b) => b.id),
        [0, 1],
      );
      for (const b of all) checkTable(b);
    } finally {
      await server.close();
    }
  });

  it("takes host and port from TSPARK_HOST / TSPARK_PORT; under tspark run, SIGTERM stops the query cleanly", async () => {
    const server = await startLineServer({ lines: text, linesPerSecond: 50 });
    try {
      const env = { ...process.env, TSPARK_HOST: "127.0.0.1", TSPARK_PORT: String(server.port) };
      const { child, exit } = start([bin, "run", example], env);
      await printed(child, "Batch: 0");
      child.kill("SIGTERM");
      const r = await exit;
      endedBy("SIGTERM", r);
      for (const b of batches(r.stdout)) checkTable(b);
    } finally {
      await server.close();
    }
  });
});
