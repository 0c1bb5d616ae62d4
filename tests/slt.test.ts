// Runs every tests/slt/**/*.slt file twice: with code generation on and off (the interpreter is the
// oracle). TSPARK_SLT_UPDATE=1 (npm run slt:update) rewrites expected blocks from actual results
// (codegen on) — review the diff, and cite Spark for any changed value. TSPARK_SLT_FILTER=<substring>
// runs only matching files.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { newSltSession, parseSlt, runRecord } from "./runners/slt.js";

const root = join(import.meta.dirname, "slt");
const update = process.env.TSPARK_SLT_UPDATE === "1";

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(".slt")) out.push(p);
  }
  return out;
}

const only = process.env.TSPARK_SLT_FILTER;
for (const file of walk(root).filter((f) => !only || f.includes(only))) {
  const rel = relative(root, file);
  for (const codegen of update ? [true] : [true, false]) {
    describe(`${rel} [codegen ${codegen ? "on" : "off"}]`, () => {
      const records = parseSlt(file);
      const spark = newSltSession(codegen);
      const replacements: {
        range: readonly [number, number] | undefined;
        at: number;
        lines: readonly string[];
      }[] = [];
      for (const rec of records) {
        it(`line ${rec.line}: ${rec.header}`, async () => {
          const r = await runRecord(spark, rec);
          if (
            update &&
            r.actual &&
            !rec.error &&
            (rec.kind === "query" || rec.kind === "frame" || rec.kind === "schema")
          ) {
            replacements.push({ range: rec.expectedRange, at: rec.line, lines: r.actual });
            return;
          }
          assert.ok(r.ok, `${rel}:${rec.line}\n${rec.body}\n${r.message ?? ""}`);
        });
      }
      if (update) {
        it("write updated expectations", () => {
          rewrite(file, records, replacements);
        });
      }
    });
  }
}

function rewrite(
  file: string,
  records: ReturnType<typeof parseSlt>,
  reps: { range: readonly [number, number] | undefined; at: number; lines: readonly string[] }[],
): void {
  const lines = readFileSync(file, "utf8").split("\n");
  // apply from the bottom so earlier ranges stay valid
  const sorted = [...reps].sort((a, b) => b.at - a.at);
  for (const r of sorted) {
    if (r.range) lines.splice(r.range[0], r.range[1] - r.range[0], ...r.lines);
    else {
      const rec = records.find((x) => x.line === r.at);
      if (!rec) continue;
      const bodyEnd = rec.line + rec.body.split("\n").length;
      lines.splice(bodyEnd, 0, "----", ...r.lines);
    }
  }
  writeFileSync(file, lines.join("\n"));
}
