// Shared scaffolding of the CLI tests: `node <args>` in a child process (bin/tspark.mjs, or a program
// run with tsx), its output collected as text, and a time limit after which it is killed so a hang
// fails the test instead of stalling the run.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

/** The repository root (the child's default working directory). */
export const root = join(import.meta.dirname, "..", "..");

/** The `tspark` command as installed: bin/tspark.mjs. */
export const bin = join(root, "bin", "tspark.mjs");

/** How a child process ended, with everything it printed. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where and how long a child runs. */
export interface StartOptions {
  /** Working directory (default: the repository root). */
  readonly cwd?: string;
  /** Environment (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** SIGKILL after this many milliseconds (default 60 s). */
  readonly timeoutMs?: number;
}

/** Starts `node <args>`; `exit` resolves when it has ended and its output is closed. */
export function startNode(
  args: readonly string[],
  options: StartOptions = {},
): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? root,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (s: string) => {
    stdout += s;
  });
  child.stderr?.setEncoding("utf8").on("data", (s: string) => {
    stderr += s;
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
  const exit = new Promise<Exit>((resolve) =>
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, exit };
}

/** Resolves once the child's stdout contains `text`. */
export function printed(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = "";
    const onData = (s: Buffer | string) => {
      seen += s.toString();
      if (seen.includes(text)) {
        child.stdout?.off("data", onData);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
  });
}
