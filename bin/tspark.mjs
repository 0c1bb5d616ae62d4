#!/usr/bin/env node
// The `tspark` command. It loads the CLI's TypeScript sources through tsx (a runtime dependency),
// so neither the CLI nor the programs that `tspark run` starts need a build step. Both of tsx's
// hooks are registered: ESM for `import`, CommonJS for `require` of .ts files.
import { register as registerCommonJs } from "tsx/cjs/api";
import { register as registerEsm } from "tsx/esm/api";

registerEsm();
registerCommonJs();
const { main } = await import("../src/cli/main.ts");
const code = await main(process.argv.slice(2));
// `run` leaves the exit code to the user's program, as `node program.js` would.
if (code !== undefined) process.exitCode = code;
