/**
 * The text `tspark --help` prints, and the one-line hint that follows a usage error.
 */

/** The full help text (ends with a newline). */
export const USAGE = `Usage: tspark <command> [options]

Commands:
  run <program.ts|.js> [args...]  Run a program that uses tspark. TypeScript runs as is (no build
                                  step); args are passed to it (process.argv.slice(2)), and so are
                                  Ctrl-C and SIGTERM, so a program can stop its queries cleanly.
                                  The exit code is the program's.
  demo [options]                  Stream a word count over Don Quijote: a local line server sends
                                  the text (data/don-quijote.txt) line by line, and the query of
                                  examples/streaming-word-count.ts prints the counts of each
                                  micro-batch. Ends after the text (or with Ctrl-C).
  checkpoint inspect <dir> [--json]
                                  Print what a streaming query's checkpoint holds: query id,
                                  batches (and whether the last one will re-run), offsets,
                                  watermark, pinned settings, and each stateful operator's
                                  partitions, files, bytes, state version and keys
                                  (--no-keys: do not load the state to count them).

Demo options:
  --port <n>      Port of the line server on 127.0.0.1 (default 9999; 0 takes a free port)
  --rate <n>      Lines sent per second (default 2; 0 sends the whole text at once)
  --loop          Send the text again and again (then only Ctrl-C or --batches ends the demo)
  --batches <n>   Stop after n micro-batches

Options:
  -h, --help      Show this help
  -v, --version   Show tspark's version
`;

/** Printed after a usage error, under the error itself. */
export const USAGE_HINT = "Run 'tspark --help' for usage.";
