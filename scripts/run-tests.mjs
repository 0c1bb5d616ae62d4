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
const r = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...files],
  { stdio: "inherit", env },
);
process.exit(r.status ?? 1);
