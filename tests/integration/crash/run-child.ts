// Starts the crash harness's child program and ends it: by its own SIGKILL at a fault point, by
// the parent's SIGKILL after a delay, or (availableNow) by finishing. Collects what it printed.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  CHILD_CONFIG_ENV,
  CRASH_AT_ENV,
  type ChildConfig,
  type ChildLine,
  parseChildLine,
} from "./protocol.js";

const CHILD = fileURLToPath(new URL("./crash-child.ts", import.meta.url));

/** How a child run ended and what it reported. */
export interface ChildOutcome {
  /** `self`: it killed itself at its target; `parent`: the parent's SIGKILL; `exit`: it exited. */
  readonly endedBy: "self" | "parent" | "exit";
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly lines: readonly ChildLine[];
  readonly stderr: string;
  readonly elapsedMs: number;
  /** When the child printed STARTED (ms after spawn), if it did. */
  readonly startedAfterMs: number | undefined;
}

/** When to end the child: SIGKILL after `killAfterMs` (undefined: never), or fail after `timeoutMs`. */
export interface ChildRun {
  readonly config: ChildConfig;
  /** The TSPARK_CRASH_AT value, if any. */
  readonly crashAt?: string;
  readonly killAfterMs?: number;
  /** SIGKILL this long after the child printed STARTED (a fault point that is never reached). */
  readonly killAfterStartMs?: number;
  /** Called when the child printed STARTED. */
  readonly onStarted?: () => void;
  /** A child still running after this is killed and reported as a timeout (`endedBy: parent`). */
  readonly timeoutMs?: number;
}

/** Runs the child once (see {@link ChildRun}). */
export function runChild(run: ChildRun): Promise<ChildOutcome> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, [CHILD_CONFIG_ENV]: JSON.stringify(run.config) };
  delete env[CRASH_AT_ENV];
  // The parent may run under `node --test`: its child must not report to the test runner.
  delete env.NODE_TEST_CONTEXT;
  if (run.crashAt !== undefined) env[CRASH_AT_ENV] = run.crashAt;
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: ChildLine[] = [];
  let pending = "";
  let stderr = "";
  let killedByParent = false;
  let startedAfterMs: number | undefined;
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    pending += chunk;
    let nl = pending.indexOf("\n");
    while (nl >= 0) {
      const parsed = parseChildLine(pending.slice(0, nl));
      if (parsed?.kind === "started") {
        startedAfterMs = performance.now() - started;
        if (run.killAfterStartMs !== undefined) timers.push(setTimeout(kill, run.killAfterStartMs));
        run.onStarted?.();
      }
      if (parsed !== undefined) lines.push(parsed);
      pending = pending.slice(nl + 1);
      nl = pending.indexOf("\n");
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    // Enough to explain a failure; a runaway child must not fill the parent's memory.
    if (stderr.length < 20_000) stderr += chunk;
  });
  const timers: ReturnType<typeof setTimeout>[] = [];
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) {
      killedByParent = true;
      child.kill("SIGKILL");
    }
  };
  for (const ms of [run.killAfterMs, run.timeoutMs]) if (ms !== undefined) timers.push(setTimeout(kill, ms));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      for (const t of timers) clearTimeout(t);
      const selfKilled = lines.some((l) => l.kind === "kill");
      resolve({
        endedBy: selfKilled && signal === "SIGKILL" ? "self" : killedByParent ? "parent" : "exit",
        exitCode: code,
        signal,
        lines,
        stderr,
        elapsedMs: performance.now() - started,
        startedAfterMs,
      });
    });
  });
}
