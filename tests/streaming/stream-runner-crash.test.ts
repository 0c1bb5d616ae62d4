// The `.stream` runner's recovery records: `crash <point> [<n>]` steps and `matrix` exclusions.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { buildStreamFile, parseStreamFile, runStreamFile } from "../runners/stream.js";

const dir = mkdtempSync(join(tmpdir(), "tspark-stream-runner-"));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** A `.stream` file with these lines. */
function file(...lines: string[]) {
  const path = join(dir, `f${n++}.stream`);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return parseStreamFile(path);
}

const counting = [
  "source input memory (value int)",
  "",
  "query update",
  "spark.readStream.table('input').groupBy('value').agg(F.count('*'))",
  "",
];

test("crash steps crash the query where they say, and the answers stay", async () => {
  const report = await runStreamFile(
    file(
      ...counting,
      "crash after-sink-write",
      "add input",
      "1",
      "",
      "run",
      "expect new",
      "1 1",
      "",
      "crash before-commit",
      "add input",
      "1",
      "",
      "run",
      "expect new",
      "1 2",
    ),
    false,
  );
  assert.deepEqual(
    report?.crashes.map((c) => [c.point, c.batchId]),
    [
      ["after-sink-write", 0],
      ["after-state-commit", 1],
    ],
  );
});

test("a crash step the file never reaches fails it", async () => {
  const f = file(
    "source input memory (value int)",
    "",
    "query append",
    "spark.readStream.table('input')",
    "",
    "crash during-state-commit",
    "add input",
    "1",
    "",
    "run",
    "expect all",
    "1",
  );
  await assert.rejects(runStreamFile(f, false), /crash during-state-commit never reached its point/);
});

test("crash and matrix records are checked", () => {
  assert.throws(() => buildStreamFile(file(...counting, "crash after-everything")), /unknown fault point/);
  assert.throws(
    () => buildStreamFile(file(...counting, "crash after-sink-write 0")),
    /crash <point> \[<n>\]/,
  );
  assert.throws(() => buildStreamFile(file(...counting, "matrix no-crash")), /matrix no-restart/);
  const built = buildStreamFile(
    file(
      "matrix no-restart the stream is read once",
      "matrix no-crash after-commit-log,after-offset-log reads the progress",
      ...counting,
      "crash after-offset-log 2",
    ),
  );
  assert.equal(built.noRestartMatrix, "the stream is read once");
  assert.deepEqual(built.noCrashMatrix, {
    points: ["after-commit-log", "after-offsets-write"],
    reason: "reads the progress",
  });
  assert.deepEqual(built.actions.at(-1), { kind: "crash", point: "after-offsets-write", arrival: 2 });
  assert.equal(
    buildStreamFile(file("matrix no-crash the whole file", ...counting)).noCrashMatrix,
    "the whole file",
  );
});
