/**
 * Starts bench/support/corpus-server.ts in a child process and returns its port and the size of
 * one replay; `close()` ends the child. The child inherits no stdin of ours: it exits when the
 * pipe we hold closes, so a crashed bench leaves no server behind.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** A running corpus server (see the file comment). */
export interface CorpusServer {
  readonly port: number;
  /** Lines of one complete replay (every client gets all of them). */
  readonly lines: number;
  /** Bytes of one complete replay. */
  readonly bytes: number;
  close(): Promise<void>;
}

const SERVER_FILE = fileURLToPath(new URL("./corpus-server.ts", import.meta.url));

/** Spawns the server replaying `corpusPath` `repeats` times per client; resolves once it listens. */
export async function startCorpusServer(corpusPath: string, repeats: number): Promise<CorpusServer> {
  const child = spawn(process.execPath, ["--import", "tsx", SERVER_FILE, corpusPath, String(repeats)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once("line", (line) => {
      rl.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`corpus server exited with ${code} before listening`)));
  });
  const info = JSON.parse(first) as { port: number; lines: number; bytes: number };
  return {
    ...info,
    close: async () => {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
