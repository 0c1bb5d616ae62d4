// Reading large line-based inputs streams through: a child process with a heap far smaller than
// the rows of the file would take if held at once reads and filters a ~20 MB CSV and a ~30 MB
// JSON Lines file. If a reader materialised the file, the child would die of heap exhaustion.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { pathToFileURL } from "node:url";

const root = join(import.meta.dirname, "..", "..", "..");
const dir = mkdtempSync(join(tmpdir(), "tspark-bounded-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 800_000;

function runChild(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = join(dir, `child-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(file, script);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--max-old-space-size=64", "--import", "tsx", file],
      { cwd: root, timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test("a CSV much larger than the heap is read in bounded memory", async () => {
  const path = join(dir, "big.csv");
  const chunk: string[] = ["id,name,amount"];
  for (let i = 0; i < ROWS; i++) chunk.push(`${i},name_${i % 1000},${i * 0.5}`);
  writeFileSync(path, `${chunk.join("\n")}\n`);
  const index = pathToFileURL(join(root, "src", "index.ts")).href;
  const r = await runChild(`
    const { SparkSession } = await import(${JSON.stringify(index)});
    const spark = SparkSession.builder.master("local[2]").getOrCreate();
    const df = spark.read.csv(${JSON.stringify(path)}, { header: true, schema: "id INT, name STRING, amount DOUBLE" });
    console.log(await df.filter("id % 1000 = 0").count());
  `);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), String(ROWS / 1000));
});

test("a JSON Lines file much larger than the heap is read in bounded memory", async () => {
  const path = join(dir, "big.json");
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) lines.push(`{"id":${i},"tags":["t${i % 7}"],"v":${i * 0.25}}`);
  writeFileSync(path, `${lines.join("\n")}\n`);
  const index = pathToFileURL(join(root, "src", "index.ts")).href;
  const r = await runChild(`
    const { SparkSession } = await import(${JSON.stringify(index)});
    const spark = SparkSession.builder.master("local[2]").getOrCreate();
    const df = spark.read.schema("id BIGINT, tags ARRAY<STRING>, v DOUBLE").json(${JSON.stringify(path)});
    console.log(await df.filter("id % 1000 = 0").count());
  `);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), String(ROWS / 1000));
});
