import assert from "node:assert/strict";
import { test } from "node:test";
import { DEMO_DEFAULTS, parseDemoOptions } from "./demo-options.js";

test("no options: the tutorial's port 9999, the default pace, one pass, no batch bound", () => {
  assert.deepEqual(parseDemoOptions([]), {
    port: 9999,
    rate: DEMO_DEFAULTS.rate,
    loop: false,
    batches: undefined,
    help: false,
  });
});

test("--port, --rate (0 and fractions), --batches, --loop, both --x n and --x=n spellings", () => {
  assert.deepEqual(parseDemoOptions(["--port", "0", "--rate=0", "--batches", "3", "--loop"]), {
    port: 0,
    rate: 0,
    loop: true,
    batches: 3,
    help: false,
  });
  assert.equal((parseDemoOptions(["--rate", "0.5"]) as { rate: number }).rate, 0.5);
  assert.equal((parseDemoOptions(["--port=12345"]) as { port: number }).port, 12345);
  assert.equal((parseDemoOptions(["-h"]) as { help: boolean }).help, true);
});

test("bad values and unknown options are messages, not exceptions", () => {
  const cases: [string[], RegExp][] = [
    [["--port=-1"], /--port must be an integer from 0 to 65535/],
    [["--port", "70000"], /--port must be an integer/],
    [["--port", "99a"], /--port must be an integer/],
    [["--rate=-2"], /--rate must be a number/],
    [["--rate", "fast"], /--rate must be a number/],
    [["--rate", ""], /--rate must be a number/],
    [["--batches", "0"], /--batches must be an integer >= 1/],
    [["--batches", "2.5"], /--batches must be an integer >= 1/],
    [["--speed", "3"], /^demo: .*--speed/],
    [["extra"], /^demo: .*extra/],
    [["--port"], /^demo: .*--port/],
  ];
  for (const [args, message] of cases) {
    const r = parseDemoOptions(args);
    assert.equal(typeof r, "string", `${args.join(" ")} was accepted`);
    assert.match(r as string, message);
  }
});
