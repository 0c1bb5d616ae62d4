// Runs every program in examples/ as a user would (`node --import tsx examples/x.ts`) and checks
// that it exits with 0. When tests/docs/expected/<name>.out exists, stdout must equal it exactly:
// tables in those files are what PySpark prints for the same program (taken from Spark's docs or
// worked out by hand from the input, never copied from tspark's output); other lines are Node's
// console.log output. Examples without an expected file are checked for the text in CONTAINS.
//
// KNOWN_DEVIATIONS lists places where tspark still prints something other than PySpark. Each one
// rewrites the PySpark text into what tspark prints today; when tspark is fixed, the test fails
// and asks for the deviation to be removed.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

const root = join(import.meta.dirname, "..", "..");
const examplesDir = join(root, "examples");
const expectedDir = join(import.meta.dirname, "expected");

/** Differences from PySpark's output that are known and not fixed yet. */
const KNOWN_DEVIATIONS: readonly { readonly reason: string; readonly apply: (s: string) => string }[] = [];

/** Text that must appear in the output of examples that have no expected file. */
const CONTAINS: Readonly<Record<string, readonly string[]>> = {
  "quickstart.ts": [
    ["+----+---+----+", "|name|  u|next|", "+----+---+----+", "| ann|ANN|  32|", "+----+---+----+"].join(
      "\n",
    ),
    "[ { name: 'ann', u: 'ANN', next: 32 } ]",
    [
      "+-----+-----+",
      "| word|count|",
      "+-----+-----+",
      "|  the|    2|",
      "|brown|    1|",
      "|  dog|    1|",
      "|  fox|    1|",
      "| lazy|    1|",
      "|quick|    1|",
      "+-----+-----+",
    ].join("\n"),
  ],
  "explain.ts": [
    "== Parsed Logical Plan ==",
    "== Analyzed Logical Plan ==\nname: string, count: bigint",
    "== Optimized Logical Plan ==",
    "== Physical Plan ==",
    "WholeStageCodegen subtrees",
    ["+----+-----+", "|name|count|", "+----+-----+", "| ann|    2|", "+----+-----+"].join("\n"),
  ],
};

function run(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(examplesDir, file)],
      { cwd: root, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Examples that need a peer to talk to, and the test that runs them with one. */
const RUN_ELSEWHERE: Readonly<Record<string, string>> = {
  "streaming-word-count.ts": "reads a socket: tests/cli/demo.test.ts runs it against a line server",
};

const files = readdirSync(examplesDir)
  .filter((f) => f.endsWith(".ts") && !(f in RUN_ELSEWHERE))
  .sort();

describe("examples/", () => {
  for (const file of files) {
    it(file, async () => {
      const r = await run(file);
      assert.equal(r.code, 0, `${file} exited with ${r.code}\n${r.stderr}`);
      const expectedFile = join(expectedDir, file.replace(/\.ts$/, ".out"));
      if (existsSync(expectedFile)) {
        const pyspark = readFileSync(expectedFile, "utf8");
        let expected = pyspark;
        const applied: string[] = [];
        for (const d of KNOWN_DEVIATIONS) {
          const next = d.apply(expected);
          if (next !== expected) applied.push(d.reason);
          expected = next;
        }
        if (applied.length > 0 && r.stdout === pyspark) {
          assert.fail(`${file} now prints exactly what PySpark prints: remove the deviation(s): ${applied}`);
        }
        assert.equal(r.stdout, expected);
      }
      for (const text of CONTAINS[file] ?? []) {
        assert.ok(r.stdout.includes(text), `${file} output lacks:\n${text}\n--- output ---\n${r.stdout}`);
      }
    });
  }

  it("every expected file belongs to an example", () => {
    const orphans = readdirSync(expectedDir)
      .filter((f) => f.endsWith(".out"))
      .filter((f) => !files.includes(f.replace(/\.out$/, ".ts")));
    assert.deepEqual(orphans, []);
  });
});
