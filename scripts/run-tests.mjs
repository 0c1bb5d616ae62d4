#!/usr/bin/env node
// Runs every *.test.ts under src/ and tests/ with node's test runner (TypeScript through tsx).
// Arguments: --update (rewrite .slt expected blocks), any other argument filters test files by substring.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
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
const r = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...files],
  { stdio: "inherit", env },
);
let status = r.status ?? 1;
if (interpretedAgain.length > 0 && !args.includes("--update")) {
  console.log("\n# again with tspark.codegen.enabled=false (interpreted):");
  const r2 = spawnSync(
    process.execPath,
    ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...interpretedAgain],
    { stdio: "inherit", env: { ...env, TSPARK_CODEGEN: "false" } },
  );
  if ((r2.status ?? 1) !== 0) status = r2.status ?? 1;
}
process.exit(status);
