import assert from "node:assert/strict";
import { test } from "node:test";
import { ProgressBar } from "./progress-bar.js";

function fakeTty(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = {
    isTTY,
    columns: 60,
    text: "",
    write(chunk: string) {
      s.text += chunk;
      return true;
    },
  };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

test("no bar when progress is disabled or the stream is not a terminal", () => {
  assert.equal(
    ProgressBar.create(() => "false", "x", { out: fakeTty(true) }),
    undefined,
  );
  assert.equal(
    ProgressBar.create(() => undefined, "x", { out: fakeTty(false) }),
    undefined,
  );
  assert.ok(ProgressBar.create(() => undefined, "x", { out: fakeTty(true) }));
});

test("draws only after one second, at most every 200 ms, and clears the line on finish", () => {
  let t = 0;
  const out = fakeTty(true);
  const bar = ProgressBar.forTest("Reading csv", out, () => t, 1000);
  bar.update(10);
  assert.equal(out.text, "");
  t = 1500;
  bar.update(500);
  assert.match(out.text, /^\rReading csv \[#{10}-{10}\] 50%/);
  const len = out.text.length;
  t = 1600;
  bar.update(600);
  assert.equal(out.text.length, len);
  t = 1800;
  bar.update(1000);
  assert.match(out.text, /100%/);
  bar.finish();
  assert.match(out.text, /\r {59}\r$/);
});

test("without a total it shows the count and the rate", () => {
  let t = 0;
  const out = fakeTty(true);
  const bar = ProgressBar.forTest("Writing", out, () => t);
  t = 2000;
  bar.update(4000);
  assert.match(out.text, /Writing: 4,000 rows \(2,000\/s\)/);
});
