// The crash loop's settings from the environment: TSPARK_CRASH_RUNS (default 50),
// TSPARK_CRASH_SEED, TSPARK_CRASH_ROUND (cycles per round), TSPARK_CRASH_FEED_MS.
import type { CrashLoopOptions } from "./crash-loop.js";

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${name}=${text}: expected a positive integer`);
  return n;
}

/** The loop's settings, each overridable by its environment variable. */
export function crashLoopDefaults(env: NodeJS.ProcessEnv): Omit<CrashLoopOptions, "log"> {
  return {
    runs: positiveInt(env, "TSPARK_CRASH_RUNS", 50),
    seed: positiveInt(env, "TSPARK_CRASH_SEED", 6),
    roundSize: positiveInt(env, "TSPARK_CRASH_ROUND", 50),
    feedIntervalMs: positiveInt(env, "TSPARK_CRASH_FEED_MS", 150),
    maxFilesPerTrigger: 2,
  };
}
