// docs/functions.md is generated from the function definitions; it must be regenerated
// (`npm run docs:functions`) whenever a definition's docs change.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

test("docs/functions.md is up to date with the function definitions", () => {
  const root = join(import.meta.dirname, "..", "..");
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/gen-function-docs.ts", "--check"], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}\nrun: npm run docs:functions`);
});
