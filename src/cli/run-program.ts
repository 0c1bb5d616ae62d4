/**
 * `tspark run <program> [args…]`: runs a user program, TypeScript or JavaScript, without a build
 * step, as `node program.js args…` would run it.
 *
 * The program runs in this process (the launcher has registered tsx's hooks), not in a child: the
 * signals the user sends (Ctrl-C, `kill`) reach the program's own handlers directly, so a program
 * that stops its queries on SIGINT/SIGTERM does so, and one without handlers dies as under node.
 * Its exit code is its own (`process.exitCode`, `process.exit(n)`, 1 for an uncaught error).
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { TsparkError } from "../common/errors.js";

/** What `runProgram` reports when it cannot start the program. */
export interface RunFailure {
  readonly error: TsparkError;
}

/**
 * Loads `program` (relative to the working directory) with `process.argv` set to
 * `[node, <absolute program path>, ...args]`. Resolves once the module and its top-level awaits
 * have finished (the process then lives on while the program has work pending); an error the
 * program throws propagates, as an uncaught error would under node. Returns a PATH_NOT_FOUND
 * failure, without running anything, when the program is not a file.
 */
export async function runProgram(program: string, args: readonly string[]): Promise<RunFailure | undefined> {
  const path = resolve(program);
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    // A missing path is reported below like a directory.
  }
  if (!isFile) return { error: new TsparkError("PATH_NOT_FOUND", { messageParameters: { path } }) };
  process.argv = [process.execPath, path, ...args];
  await import(pathToFileURL(path).href);
  return undefined;
}
