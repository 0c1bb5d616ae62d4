#!/usr/bin/env node
// Runs every *.test.ts under src/ and tests/ with node's test runner (TypeScript through tsx).
// Arguments: --update (rewrite .slt expected blocks), any other argument filters test files by substring.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith("--"));
const env = { ...process.env };
if (args.includes("--update")) env.TSPARK_SLT_UPDATE = "1";

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const files = [...walk("src", []), ...walk("tests", [])]
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
// Everything runs with code generation on; the API and docs suites run a second time through the
// interpreter (TSPARK_CODEGEN=false), and the .slt files run both ways inside tests/slt.test.ts.
const interpretedAgain = files.filter((f) => f.startsWith("tests/api/") || f.startsWith("tests/docs/"));
const countsDir = mkdtempSync(join(tmpdir(), "tspark-test-counts-"));
function run(list, runEnv, name) {
  const countFile = join(countsDir, `${name}.json`);
  const r = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "--test",
      "--test-concurrency=2",
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=./scripts/count-reporter.mjs",
      `--test-reporter-destination=${countFile}`,
      ...list,
    ],
    { stdio: "inherit", env: runEnv },
  );
  let counts = { passed: 0, failed: 1 };
  try {
    counts = JSON.parse(readFileSync(countFile, "utf8"));
  } catch {
    // the runner died before reporting: count it as a failure
  }
  return { status: r.status ?? 1, ...counts };
}
const results = [run(files, env, "codegen")];
if (interpretedAgain.length > 0 && !args.includes("--update")) {
  console.log("\n# again with tspark.codegen.enabled=false (interpreted):");
  results.push(run(interpretedAgain, { ...env, TSPARK_CODEGEN: "false" }, "interpreted"));
}
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
const status = results.some((r) => r.status !== 0) || failed > 0 ? 1 : 0;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(status);
