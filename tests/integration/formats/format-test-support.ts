// Shared scaffolding of the format integration tests: a seeded PRNG, a FormatContext, and a
// temporary directory to put test files in (removed when the process exits).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { FileStatus, FormatContext } from "../../../src/connectors/file/file-format.js";

/** A UTC format context with no conf set. */
export const formatCtx: FormatContext = { conf: () => undefined, timeZone: "UTC" };

/** mulberry32: a small deterministic PRNG returning numbers in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh temporary directory and a `put` that writes a file into it and returns its FileStatus. */
export function tempFiles(prefix: string): {
  dir: string;
  put: (content: Uint8Array | string, ext: string) => FileStatus;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  let counter = 0;
  return {
    dir,
    put(content, ext) {
      const p = path.join(dir, `f${counter++}${ext}`);
      fs.writeFileSync(p, content);
      return { path: p, size: fs.statSync(p).size, modificationTime: 0 };
    },
  };
}
