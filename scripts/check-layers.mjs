#!/usr/bin/env node
// Enforces DESIGN.md's layer boundaries: a folder under src/ may import only the folders listed
// before it (and common/). Also rejects import cycles between layers.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ORDER = [
  "common",
  "types",
  "data",
  "storage",
  "expressions",
  "functions",
  "plans",
  "catalog",
  "sql",
  "analysis",
  "optimizer",
  "codegen",
  "physical",
  "execution",
  "connectors",
  "streaming",
  "api",
  "testing",
  "cli",
  "ui",
];
const src = resolve("src");
const problems = [];

function layerOf(file) {
  const rel = relative(src, file);
  if (!rel.includes("/")) return "root";
  return rel.split("/")[0];
}

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".ts")) check(p);
  }
}

function check(file) {
  const from = layerOf(file);
  if (from === "root") return;
  const isTest = file.endsWith(".test.ts");
  const text = readFileSync(file, "utf8");
  const re = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+["'](\.[^"']+)["']/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const target = resolve(dirname(file), m[1]);
    if (!target.startsWith(src)) continue;
    const to = layerOf(target);
    if (to === from || to === "common") continue;
    if (to === "root") {
      if (!isTest) problems.push(`${relative(".", file)}: imports the package root (${m[1]})`);
      continue;
    }
    const fi = ORDER.indexOf(from);
    const ti = ORDER.indexOf(to);
    if (fi < 0)
      problems.push(
        `${relative(".", file)}: folder '${from}' is not a known layer (add it to DESIGN.md and scripts/check-layers.mjs)`,
      );
    else if (ti > fi && !isTest)
      problems.push(`${relative(".", file)}: layer '${from}' may not import '${to}' (${m[1]})`);
  }
}

walk(src);
if (problems.length > 0) {
  console.error(`layer check: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log("layer check: ok");
