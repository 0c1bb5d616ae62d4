// `npm run bench -- --quick` (issue #5): the harness runs every workload at a tiny size in a child
// process and writes valid results. Checks shapes and correctness only — never a timing.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function runBench(args: string[]) {
  return spawnSync(npm, ["run", "--silent", "bench", "--", ...args], {
    encoding: "utf8",
    timeout: 15 * 60_000,
    env: { ...process.env, FORCE_COLOR: "0" },
  });
}

test("npm run bench -- --quick runs every workload and writes valid JSON and a results page", () => {
  const out = mkdtempSync(join(tmpdir(), "tspark-bench-test-"));
  try {
    const r = runBench(["--quick", "--out", out]);
    assert.equal(r.status, 0, `bench failed:\n${r.stdout}\n${r.stderr}`);

    const rows = JSON.parse(readFileSync(join(out, "latest.json"), "utf8")) as Record<string, unknown>[];
    assert.ok(Array.isArray(rows) && rows.length > 0);
    for (const row of rows) {
      assert.deepEqual(Object.keys(row).sort(), [
        "baseline",
        "baselineName",
        "metric",
        "ratio",
        "tspark",
        "unit",
        "workload",
      ]);
      for (const k of ["workload", "metric", "baselineName", "unit"])
        assert.equal(typeof row[k], "string", k);
      assert.equal(typeof row.tspark, "number");
      assert.ok(typeof row.baseline === "number" || row.baseline === null);
      assert.ok(typeof row.ratio === "number" || row.ratio === null);
    }

    // Every workload file that exports a workload has rows and its own result file.
    const workloads = new Set(rows.map((row) => row.workload as string));
    for (const name of ["word-count", "micro-batch-overhead", "state-scale", "soak"])
      assert.ok(workloads.has(name), name);
    const files = readdirSync(out);
    for (const name of workloads) {
      const file = files.find((f) => f.endsWith(`-${name}.json`));
      assert.ok(file !== undefined, `no result file for ${name}`);
      const report = JSON.parse(readFileSync(join(out, file), "utf8")) as Record<string, unknown>;
      assert.equal(report.workload, name);
      assert.equal(report.quick, true);
      const machine = report.machine as Record<string, unknown>;
      assert.equal(typeof machine.cpuModel, "string");
      assert.ok((machine.cores as number) > 0);
      assert.ok((machine.memoryBytes as number) > 0);
      assert.match(machine.node as string, /^v\d+/);
      assert.equal(typeof report.details, "object");
    }

    // The results page holds the generated table, one line per row, with the machine.
    const page = readFileSync(join(out, "RESULTS.md"), "utf8");
    assert.match(page, /<!-- bench:summary:start/);
    assert.match(page, /\| Workload \| Metric \| tspark \|/);
    for (const row of rows)
      assert.ok(page.includes(`| ${row.workload} | ${row.metric} |`), row.metric as string);
    // The machine next to every figure: CPU, cores, memory, Node version on each table line.
    const tableLines = page
      .split("\n")
      .filter((l) => rows.some((row) => l.startsWith(`| ${row.workload} |`)));
    assert.equal(tableLines.length, rows.length);
    for (const l of tableLines) assert.match(l, /\d+ cores, [\d.]+ GiB, Node v\d+/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("npm run bench -- --only with an unknown workload fails and names the known ones", () => {
  const out = mkdtempSync(join(tmpdir(), "tspark-bench-test-"));
  try {
    const r = runBench(["--quick", "--out", out, "--only", "no-such-workload"]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr + r.stdout, /no workload named no-such-workload.*word-count/s);
    assert.ok(!existsSync(join(out, "latest.json")));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
