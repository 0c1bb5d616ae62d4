// `npm run test:crash -- [--runs N] [--seed S] [--round R] [--keep]`: the crash-injection loop
// outside the test runner, with a progress line per cycle and the report at the end (the
// documented long run is `--runs 500`). Exit code 0 only if every run and comparison passed.
import { parseArgs } from "node:util";
import { crashLoopDefaults } from "./crash-settings.js";
import { formatReport, runCrashLoop } from "./crash-loop.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string" },
    seed: { type: "string" },
    round: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const defaults = crashLoopDefaults(process.env);
const report = await runCrashLoop({
  ...defaults,
  runs: values.runs === undefined ? defaults.runs : Number(values.runs),
  seed: values.seed === undefined ? defaults.seed : Number(values.seed),
  roundSize: values.round === undefined ? defaults.roundSize : Number(values.round),
  keep: values.keep,
  log: (line) => console.log(line),
});
console.log(formatReport(report));
process.exit(report.failure === undefined && report.passed === report.runs ? 0 : 1);
