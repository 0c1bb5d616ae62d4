// The seed program of issue #4 end to end: examples/streaming-word-count.ts runs as a user runs it
// (a child process), reading lines from a real TCP server; its console output must be Spark's
// console sink output byte for byte, except that rows within one batch's table are compared as a
// set (Spark's row order inside a batch depends on hash partitioning).
//
// Expected tables worked out by hand from the input, in the layout of Spark's console sink
// (ConsoleWrite: 43 dashes, "Batch: N", the dashes again, then Dataset.show's table and a blank line).
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { test } from "node:test";

const root = join(import.meta.dirname, "..", "..", "..");
const RULE = "-".repeat(43);

function block(batchId: number, rows: readonly string[]): { header: string; table: string[] } {
  return {
    header: `${RULE}\nBatch: ${batchId}\n${RULE}`,
    table: ["+-------+-----+", "|palabra|count|", "+-------+-----+", ...rows, "+-------+-----+"],
  };
}

/** Splits console output into batch blocks: header text and table lines. */
function parseBlocks(out: string): { header: string; table: string[] }[] {
  const blocks: { header: string; table: string[] }[] = [];
  const re = new RegExp(`${RULE}\\nBatch: (\\d+)\\n${RULE}\\n([\\s\\S]*?)\\n\\n`, "g");
  for (const m of out.matchAll(re)) {
    blocks.push({ header: `${RULE}\nBatch: ${m[1]}\n${RULE}`, table: m[2]!.split("\n") });
  }
  return blocks;
}

function sameBlock(
  actual: { header: string; table: string[] },
  expected: { header: string; table: string[] },
) {
  assert.equal(actual.header, expected.header);
  assert.deepEqual(actual.table.slice(0, 3), expected.table.slice(0, 3));
  assert.equal(actual.table.at(-1), expected.table.at(-1));
  assert.deepEqual([...actual.table.slice(3, -1)].sort(), [...expected.table.slice(3, -1)].sort());
}

function waitFor(get: () => string, pattern: RegExp, child: ChildProcess, ms = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const tick = () => {
      if (pattern.test(get())) return resolve();
      if (child.exitCode !== null) return reject(new Error(`program exited early:\n${get()}`));
      if (performance.now() - start > ms)
        return reject(new Error(`timed out waiting for ${pattern}:\n${get()}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

test("streaming word count over a real socket prints Spark's console batches", {
  timeout: 120_000,
}, async () => {
  const clients: Socket[] = [];
  const server: Server = createServer((s) => clients.push(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "examples", "streaming-word-count.ts"), "127.0.0.1", String(port)],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
  });
  try {
    await waitFor(() => String(clients.length), /^1$/, child);
    clients[0]!.write("hola mundo hola\n");
    await waitFor(() => out, /Batch: 0\n[\s\S]*\n\n/, child);
    clients[0]!.write("mundo spark\n");
    await waitFor(() => out, /Batch: 1\n[\s\S]*\n\n/, child);
    // SIGTERM stops the query gracefully, then ends the process as the signal would have.
    child.kill("SIGTERM");
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) =>
      child.on("exit", (c, s) => r([c, s])),
    );
    assert.ok(code === 0 || signal === "SIGTERM", `exit ${code} ${signal} (stderr: ${err})`);
    assert.equal(err, "");
    const blocks = parseBlocks(out);
    assert.equal(blocks.length, 2, out);
    sameBlock(blocks[0]!, block(0, ["|   hola|    2|", "|  mundo|    1|"]));
    sameBlock(blocks[1]!, block(1, ["|   hola|    2|", "|  mundo|    2|", "|  spark|    1|"]));
    // Nothing but the two blocks is printed.
    assert.equal(out.replace(/-{43}\nBatch: \d+\n-{43}\n[\s\S]*?\n\n/g, ""), "");
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    for (const c of clients) c.destroy();
    server.close();
  }
});
