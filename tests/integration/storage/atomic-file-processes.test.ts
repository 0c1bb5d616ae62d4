// Atomic writes across real processes: racing writers never both win a batch file, and a writer
// killed with SIGKILL at any moment leaves only complete files visible.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { listDirectory } from "../../../src/storage/atomic-file.js";

const MODULE = pathToFileURL(resolve("src/storage/atomic-file.ts")).href;

/** Starts a node process running `body` (an ES module) with `writeFileAtomic` imported. */
function child(body: string): ReturnType<typeof spawn> {
  const script = `import { writeFileAtomic } from ${JSON.stringify(MODULE)};\n${body}`;
  return spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
}

function output(p: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((done, fail) => {
    let out = "";
    p.stdout?.on("data", (d: Buffer) => {
      out += d.toString("utf8");
    });
    p.on("error", fail);
    p.on("close", () => done(out));
  });
}

test("racing writers with overwrite: false: every batch has exactly one winner, intact", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-race-"));
  const batches = 40;
  const writers = [0, 1, 2].map((w) =>
    child(`
      const won = [];
      for (let b = 0; b < ${batches}; b++) {
        if (writeFileAtomic(${JSON.stringify(dir)} + "/" + b, "writer-${w}-".repeat(2000), { overwrite: false })) won.push(b);
      }
      process.stdout.write(JSON.stringify(won));
    `),
  );
  const results = (await Promise.all(writers.map(output))).map((o) => JSON.parse(o) as number[]);
  const all = results.flat().sort((a, b) => a - b);
  assert.deepEqual(
    all,
    Array.from({ length: batches }, (_, i) => i),
    "each batch won exactly once",
  );
  results.forEach((won, w) => {
    for (const b of won)
      assert.equal(readFileSync(join(dir, String(b)), "utf8"), `writer-${w}-`.repeat(2000));
  });
  assert.equal(listDirectory(dir).length, batches);
});

test("a writer killed with SIGKILL mid-stream leaves only complete files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-kill-"));
  const content = "x".repeat(1 << 20);
  const writer = child(`
    process.stdout.write("started\\n");
    for (let i = 0; ; i++) writeFileAtomic(${JSON.stringify(dir)} + "/" + (i % 5), "x".repeat(1 << 20));
  `);
  await new Promise<void>((ready) => writer.stdout?.once("data", () => ready()));
  // Let it get through a few writes, then kill it wherever it is.
  await new Promise<void>((r) => setTimeout(r, 300));
  const closed = new Promise((r) => writer.on("close", r));
  writer.kill("SIGKILL");
  await closed;
  for (const name of listDirectory(dir)) {
    assert.equal(readFileSync(join(dir, name), "utf8").length, content.length, `${name} is complete`);
  }
});
