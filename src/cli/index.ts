/**
 * Layer `cli/`. The `tspark` command (bin/tspark.mjs loads `main.ts` through tsx): `tspark run`
 * runs a user program without a build step; `tspark demo` streams a word count over the bundled
 * text (data/don-quijote.txt) through the embedded line server; `tspark checkpoint inspect` reports
 * what a streaming query's checkpoint holds (checkpoint-inspect.ts).
 *
 * Invariants: commands write only to stdout/stderr and return exit codes; `run` leaves signals and
 * the exit code to the user's program.
 * May import: every layer before it.
 */
export { main } from "./main.js";
