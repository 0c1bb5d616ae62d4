// Runs every tests/streaming/**/*.stream scenario (format: tests/runners/stream.ts) as written and
// in the recovery matrix of scenario(): with a restart from the checkpoint after every batch, and
// with a crash at each protocol point (TSPARK_STREAM_MATRIX selects the modes); all must pass.
// TSPARK_STREAM_FILTER=<substring> runs only matching files.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { buildStreamFile, parseStreamFile, runBuilt } from "../runners/stream.js";
import { scenario } from "./scenario.js";

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
  scenario(relative(root, path), () => {
    const file = parseStreamFile(path);
    const built = buildStreamFile(file);
    return {
      df: built.df,
      outputMode: built.mode,
      actions: built.actions,
      ...(built.noRestartMatrix === undefined ? {} : { noRestartMatrix: built.noRestartMatrix }),
      ...(built.noCrashMatrix === undefined ? {} : { noCrashMatrix: built.noCrashMatrix }),
      // The runner's own run: a leading `expect error` may be met by a query that cannot start.
      run: (actions) => runBuilt(file, built, actions),
    };
  });
}
