/**
 * Baseline B of the word-count workload: the same pipeline as a Node developer would write it with
 * RxJS — an Observable of lines from the socket, `mergeMap` to words, `reduce` into a Map — with
 * the same line and word rules as the hand-written baseline (lines end at `\n`, words are split at
 * every single space).
 */
import net from "node:net";
import { lastValueFrom, mergeMap, Observable, reduce } from "rxjs";
import type { WordCountResult } from "./word-count-hand-written.js";

/** Lines received from `127.0.0.1:port` until the server ends the connection. */
function socketLines(port: number): Observable<string> {
  return new Observable<string>((subscriber) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.setEncoding("utf8");
    let rest = "";
    socket.on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) subscriber.next(line);
    });
    socket.once("end", () => {
      if (rest !== "") subscriber.next(rest);
      subscriber.complete();
    });
    socket.once("error", (e) => subscriber.error(e));
    return () => socket.destroy();
  });
}

/** Counts the words of every line `127.0.0.1:port` sends, as an RxJS pipeline. */
export async function rxjsWordCount(port: number): Promise<WordCountResult> {
  let lines = 0;
  let words = 0;
  const counts = await lastValueFrom(
    socketLines(port).pipe(
      mergeMap((line) => {
        lines++;
        return line.split(" ");
      }),
      reduce((acc, word) => {
        words++;
        return acc.set(word, (acc.get(word) ?? 0) + 1);
      }, new Map<string, number>()),
    ),
  );
  return { counts, lines, words };
}
