// Runs every tests/streaming/**/*.stream scenario (format: tests/runners/stream.ts) twice: as
// written and with a restart from the checkpoint after every batch; both must pass.
// TSPARK_STREAM_FILTER=<substring> runs only matching files.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { parseStreamFile, runStreamFile } from "../runners/stream.js";

const root = import.meta.dirname;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(".stream")) out.push(p);
  }
  return out;
}

const only = process.env.TSPARK_STREAM_FILTER;
for (const path of walk(root).filter((f) => !only || f.includes(only))) {
  const rel = relative(root, path);
  test(rel, () => runStreamFile(parseStreamFile(path), false));
  test(`${rel} [restart after every batch]`, () => runStreamFile(parseStreamFile(path), true));
}
