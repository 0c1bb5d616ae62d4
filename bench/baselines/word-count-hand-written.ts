/**
 * Baseline A of the word-count workload: the hand-written Node program for the same job, as fast
 * as plain Node gets it without native code. It connects to the corpus server, decodes UTF-8 as it
 * arrives, cuts lines at `\n` (the server sends `\n` endings only), splits each line at every
 * single space as Spark's `split(value, " ")` does (empty strings between two spaces, and an empty
 * line as one empty word, are words too) and counts in a Map until the server ends the connection.
 */
import net from "node:net";

/** What a word-count baseline returns: the counts and how many lines and words it saw. */
export interface WordCountResult {
  readonly counts: Map<string, number>;
  readonly lines: number;
  readonly words: number;
}

/** Counts the words of every line `127.0.0.1:port` sends until it ends the connection. */
export function handWrittenWordCount(port: number): Promise<WordCountResult> {
  return new Promise((resolve, reject) => {
    const counts = new Map<string, number>();
    let lines = 0;
    let words = 0;
    let rest = "";
    const countLine = (line: string): void => {
      lines++;
      const parts = line.split(" ");
      words += parts.length;
      for (let i = 0; i < parts.length; i++) {
        const w = parts[i]!;
        counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    };
    const socket = net.connect(port, "127.0.0.1");
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      const text = rest === "" ? chunk : rest + chunk;
      let start = 0;
      for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
        countLine(text.slice(start, nl));
        start = nl + 1;
      }
      rest = text.slice(start);
    });
    socket.once("end", () => {
      if (rest !== "") countLine(rest);
      resolve({ counts, lines, words });
    });
    socket.once("error", reject);
  });
}
