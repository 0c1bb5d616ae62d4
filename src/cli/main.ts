/**
 * The `tspark` command line (launched by bin/tspark.mjs): dispatches `run`, `demo`, `checkpoint`,
 * `--help` and `--version`. See `USAGE` for the commands and their options.
 */
import { parseDemoOptions } from "./demo-options.js";
import { runProgram } from "./run-program.js";
import { USAGE, USAGE_HINT } from "./usage.js";
import { packageVersion } from "./version.js";

/** Exit code of a command-line usage error (as getopt-style tools use). */
export const EXIT_USAGE = 2;

function usageError(message: string): number {
  process.stderr.write(`tspark: ${message}\n${USAGE_HINT}\n`);
  return EXIT_USAGE;
}

/**
 * Runs the command in `argv` (the arguments after `tspark`). Resolves to the exit code, or to
 * undefined for `run`, whose program decides its own exit code.
 */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      process.stderr.write(USAGE);
      return EXIT_USAGE;
    case "-h":
    case "--help":
    case "help":
      process.stdout.write(USAGE);
      return 0;
    case "-v":
    case "--version":
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    case "run": {
      const [program, ...args] = rest;
      if (program === undefined)
        return usageError("run needs a program: tspark run <program.ts|.js> [args...]");
      const failure = await runProgram(program, args);
      if (failure === undefined) return undefined;
      process.stderr.write(`tspark run: ${failure.error.message}\n`);
      return 1;
    }
    case "demo": {
      const options = parseDemoOptions(rest);
      if (typeof options === "string") return usageError(options);
      if (options.help) {
        process.stdout.write(USAGE);
        return 0;
      }
      // Loaded on demand: `run`, `--help` and `--version` do not load the engine.
      const { runDemo } = await import("./demo.js");
      return runDemo(options);
    }
    case "checkpoint": {
      // Loaded on demand: other commands do not load the checkpoint readers.
      const { CHECKPOINT_USAGE, parseCheckpointArgs, runCheckpointInspect } = await import(
        "./checkpoint-inspect.js"
      );
      const command = parseCheckpointArgs(rest);
      if (command === "help") {
        process.stdout.write(CHECKPOINT_USAGE);
        return 0;
      }
      if (typeof command === "string") return usageError(command);
      return runCheckpointInspect(command);
    }
    default:
      return usageError(`unknown command '${command}'`);
  }
}
