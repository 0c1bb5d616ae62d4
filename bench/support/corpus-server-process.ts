/**
 * Starts bench/support/corpus-server.ts in a child process and returns its port and the size of
 * one replay; `close()` ends the child. The child inherits no stdin of ours: it exits when the
 * pipe we hold closes, so a crashed bench leaves no server behind.
 *
 * {@link startRateCorpusServer} starts it in its fixed-rate mode and adds the server's `status`
 * and `stop` commands (what it has sent each client).
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
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

/** What a fixed-rate server has sent one client. */
export interface RateClientStatus {
  /** Whole lines sent so far (the corpus's lines in order, copy after copy). */
  readonly lines: number;
  readonly bytes: number;
  /** When the client connected (ms since the epoch): line k was due at startedAtMs + 1000 k / rate. */
  readonly startedAtMs: number;
}

/** A corpus server sending at a fixed rate (corpus-server.ts with a rate). */
export interface RateCorpusServer extends CorpusServer {
  /** Lines per second sent to each client. */
  readonly rate: number;
  /** What each client (in connection order) has been sent so far. */
  status(): Promise<RateClientStatus[]>;
  /** Stops sending and ends every connection; what each client was sent in all. */
  stop(): Promise<RateClientStatus[]>;
}

const SERVER_FILE = fileURLToPath(new URL("./corpus-server.ts", import.meta.url));

type ServerChild = ChildProcessByStdio<Writable, Readable, null>;

async function spawnServer(
  args: string[],
): Promise<{ child: ServerChild; rl: Interface; exited: Promise<void>; first: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", SERVER_FILE, ...args], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const rl = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    rl.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`corpus server exited with ${code} before listening`)));
  });
  return { child, rl, exited, first };
}

function closer(child: ServerChild, exited: Promise<void>): () => Promise<void> {
  return async () => {
    child.stdin.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
    await exited;
    clearTimeout(timer);
  };
}

/** Spawns the server replaying `corpusPath` `repeats` times per client; resolves once it listens. */
export async function startCorpusServer(corpusPath: string, repeats: number): Promise<CorpusServer> {
  const { child, rl, exited, first } = await spawnServer([corpusPath, String(repeats)]);
  rl.close();
  const info = JSON.parse(first) as { port: number; lines: number; bytes: number };
  return { ...info, close: closer(child, exited) };
}

/**
 * Spawns the server sending `corpusPath`'s lines at `linesPerSecond` to each client, copy after
 * copy (`maxCopies` 0: until stopped); resolves once it listens. `lines` and `bytes` are those of
 * one copy of the corpus when there is no cap.
 */
export async function startRateCorpusServer(
  corpusPath: string,
  linesPerSecond: number,
  maxCopies = 0,
): Promise<RateCorpusServer> {
  const { child, rl, exited, first } = await spawnServer([
    corpusPath,
    String(maxCopies),
    String(linesPerSecond),
  ]);
  const info = JSON.parse(first) as { port: number; lines: number; bytes: number };
  // Answers come in the order of the commands.
  const waiting: { resolve: (v: RateClientStatus[]) => void; reject: (e: Error) => void }[] = [];
  rl.on("line", (line) => {
    const answer = JSON.parse(line) as { clients: RateClientStatus[] };
    waiting.shift()?.resolve(answer.clients);
  });
  void exited.then(() => {
    for (const w of waiting.splice(0)) w.reject(new Error("corpus server exited"));
  });
  const command = (name: string): Promise<RateClientStatus[]> =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      child.stdin.write(`${name}\n`);
    });
  const close = closer(child, exited);
  return {
    ...info,
    rate: linesPerSecond,
    status: () => command("status"),
    stop: () => command("stop"),
    close: async () => {
      rl.close();
      await close();
    },
  };
}
