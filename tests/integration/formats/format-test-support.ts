// Shared scaffolding of the format integration tests: a seeded PRNG, a FormatContext, and a
// temporary directory to put test files in (removed when the process exits).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { FileStatus, FormatContext } from "../../../src/connectors/file/file-format.js";
import { mulberry32 } from "../../support/random.js";

/** A UTC format context with no conf set. */
export const formatCtx: FormatContext = { conf: () => undefined, timeZone: "UTC" };

/** mulberry32 (tests/support/random.ts): a small deterministic PRNG returning numbers in [0, 1). */
export const rng = mulberry32;

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
