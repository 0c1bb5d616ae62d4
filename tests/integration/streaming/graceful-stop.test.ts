// SIGINT and SIGTERM stop a running query gracefully: the process ends as the signal would have,
// and the checkpoint stays valid, so a restart continues with no lost and no duplicated rows in
// the file sink's output (rate-micro-batch values must be exactly 0..n-1).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { SparkSession } from "../../../src/index.js";

const program = join(import.meta.dirname, "fixtures", "rate-to-parquet.ts");

function run(
  args: string[],
  signal?: NodeJS.Signals,
): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", program, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      // Let a few batches commit, then signal.
      if (signal && out.includes("started") && !child.killed) setTimeout(() => child.kill(signal), 700);
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.on("exit", (code, sig) => resolve({ code, signal: sig, out, err }));
  });
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  test(`${signal} stops the query with a valid checkpoint; a restart loses and repeats nothing`, {
    timeout: 120_000,
  }, async () => {
    const base = mkdtempSync(join(tmpdir(), "tspark-graceful-"));
    const out = join(base, "out");
    const checkpoint = join(base, "ckpt");
    const first = await run([out, checkpoint], signal);
    assert.equal(first.signal, signal, `first run: ${first.code} ${first.err}`);
    const offsets = readdirSync(join(checkpoint, "offsets"))
      .filter((f) => /^\d+$/.test(f))
      .map(Number);
    const commits = readdirSync(join(checkpoint, "commits"))
      .filter((f) => /^\d+$/.test(f))
      .map(Number);
    assert.ok(commits.length > 0, "at least one batch committed before the signal");
    // At most the batch in flight is planned but uncommitted.
    assert.ok(Math.max(...offsets) - Math.max(...commits) <= 1);
    const second = await run([out, checkpoint, "drain"]);
    assert.equal(second.code, 0, second.err);
    const spark = SparkSession.builder.master("local[1]").create();
    const values = (await spark.read.parquet(out).collect())
      .map((r) => Number(r.value))
      .sort((a, b) => a - b);
    assert.ok(values.length >= 100, `rows written: ${values.length}`);
    assert.deepEqual(
      values,
      Array.from({ length: values.length }, (_, i) => i),
    );
  });
}
