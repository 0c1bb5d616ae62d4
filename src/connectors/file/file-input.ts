/**
 * Reading and writing the bytes of data files, shared by the line-based formats (text, CSV, JSON):
 * transparent decompression by file extension (Hadoop's codec rule: `.gz` gzip, `.deflate` zlib),
 * text decoding with the `encoding` option, line splitting with Spark's rule (default: `\n`,
 * `\r\n` or `\r` end a line; with `lineSep` only that string does), and output compression from
 * the `compression` / `codec` option.
 *
 * Lines stream in chunks (the complete lines of one read): memory holds one chunk plus the current
 * line, whatever the file size.
 */
import { closeSync, createReadStream, createWriteStream, openSync, readFileSync, readSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { Readable, Writable } from "node:stream";
import { createDeflate, createGzip, createGunzip, createInflate, gunzipSync, inflateSync } from "node:zlib";
import { TsparkError } from "../../common/errors.js";
import type { DataSourceOptions } from "./data-source-options.js";

/**
 * Any failure while reading `path` as `FAILED_READ_FILE.*` naming the file (Spark 4 wraps even
 * FAILFAST's MALFORMED_RECORD_IN_PARSING this way); the original error is the `cause`, and its
 * text is appended to the message so the reason is visible without unwrapping. Errors that
 * already are `FAILED_READ_FILE.*` pass through.
 */
export function readFailure(path: string, cause: unknown): TsparkError {
  if (cause instanceof TsparkError && cause.errorClass.startsWith("FAILED_READ_FILE")) return cause;
  const code = (cause as { code?: unknown } | null)?.code;
  const err = new TsparkError(
    code === "ENOENT" ? "FAILED_READ_FILE.FILE_NOT_EXIST" : "FAILED_READ_FILE.NO_HINT",
    {
      messageParameters: { path: fileUrl(path) },
      cause,
    },
  );
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (code !== "ENOENT")
    Object.defineProperty(err, "message", { value: `${err.message}\nCaused by: ${reason}` });
  return err;
}

/** Spark shows local paths as `file:` URLs. */
export function fileUrl(path: string): string {
  return path.startsWith("file:") ? path : `file:${path}`;
}

/**
 * A path as the user gave it (`/d`, `d`, `file:/d`, `file:///d`) as an absolute local path:
 * the scheme dropped, relative paths resolved against the working directory; glob characters
 * and `%` escapes are kept as written.
 */
export function absoluteLocalPath(path: string): string {
  const stripped = path.startsWith("file://")
    ? path.slice("file://".length)
    : path.startsWith("file:")
      ? path.slice("file:".length)
      : path;
  return isAbsolute(stripped) ? resolve(stripped) : resolve(process.cwd(), stripped);
}

type Codec = "gzip" | "deflate";

function codecOfPath(path: string): Codec | undefined {
  if (path.endsWith(".gz")) return "gzip";
  if (path.endsWith(".deflate")) return "deflate";
  for (const ext of [".bz2", ".lz4", ".snappy", ".zst"])
    if (path.endsWith(ext))
      throw new TsparkError("FAILED_READ_FILE.NO_HINT", {
        messageParameters: { path: fileUrl(path) },
        cause: new TsparkError("UNSUPPORTED_FEATURE.DESC", {
          messageParameters: { desc: `reading '${ext}' compressed text files (supported: .gz, .deflate)` },
        }),
      });
  return undefined;
}

/**
 * Bytes read from a data file at a time (and decompressed at a time): the lines of one read go out
 * together. 64 KiB measured faster than 256 KiB (the decoded text of a read stays cache-sized).
 */
export const READ_CHUNK_BYTES = 1 << 16;

/** The decompressed byte stream of a file, in chunks of about `READ_CHUNK_BYTES`. */
export function openDecompressed(path: string, signal?: AbortSignal): Readable {
  const raw = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES, ...(signal ? { signal } : {}) });
  const codec = codecOfPath(path);
  if (codec === undefined) return raw;
  const zlibOptions = { chunkSize: READ_CHUNK_BYTES };
  return raw.pipe(codec === "gzip" ? createGunzip(zlibOptions) : createInflate(zlibOptions));
}

/** The whole decompressed content of a file (for `multiLine`, `wholetext`). */
export async function readWholeFile(path: string): Promise<Buffer> {
  try {
    const buf = await readFile(path);
    const codec = codecOfPath(path);
    return codec === undefined ? buf : codec === "gzip" ? gunzipSync(buf) : inflateSync(buf);
  } catch (e) {
    throw readFailure(path, e);
  }
}

/** The `encoding` (alias `charset`) option, checked against what the runtime can decode. */
export function textEncoding(options: DataSourceOptions, fallback = "utf-8"): string {
  const enc = options.first("encoding", "charset") ?? fallback;
  try {
    new TextDecoder(enc);
  } catch {
    throw new TsparkError("INVALID_OPTION_VALUE", {
      messageParameters: {
        option: "encoding",
        value: enc,
        expected: "a character set name such as UTF-8 or ISO-8859-1",
      },
    });
  }
  return enc;
}

/** The `lineSep` option: undefined means Spark's default (`\n`, `\r\n` or `\r`). */
export function lineSeparator(options: DataSourceOptions): string | undefined {
  const sep = options.get("lineSep");
  if (sep === undefined) return undefined;
  if (sep.length === 0)
    throw new TsparkError("INVALID_OPTION_VALUE", {
      messageParameters: { option: "lineSep", value: "''", expected: "a non-empty string" },
    });
  return sep;
}

/** Decodes a whole buffer (BOM dropped, as Hadoop's reader does for UTF-8). */
export function decodeText(buf: Uint8Array, encoding: string): string {
  return new TextDecoder(encoding).decode(buf);
}

/**
 * The lines of a file, decompressed and decoded, without their separators, in chunks: each chunk
 * holds the complete lines of one read (never empty), so readers loop over a chunk synchronously
 * and pay the asynchronous step once per chunk, not once per line. A final separator does not
 * start an empty last line (Hadoop's LineRecordReader); a UTF-8 byte-order mark is dropped.
 * Failures (missing file, decompression, abort) are `FAILED_READ_FILE.*` naming the file.
 */
export async function* readLineChunks(
  path: string,
  options: {
    readonly encoding?: string;
    readonly lineSep?: string | undefined;
    readonly signal?: AbortSignal;
  } = {},
): AsyncIterable<readonly string[]> {
  const splitter = new LineSplitter(options.encoding ?? "utf-8", options.lineSep);
  let stream: Readable;
  try {
    stream = openDecompressed(path, options.signal);
  } catch (e) {
    throw readFailure(path, e);
  }
  try {
    for await (const chunk of stream) {
      const lines = splitter.push(chunk as Buffer);
      if (lines.length > 0) yield lines;
    }
  } catch (e) {
    throw readFailure(path, e);
  }
  const last = splitter.finish();
  if (last.length > 0) yield last;
}

/**
 * Splits decoded text into lines across chunk boundaries: Spark's default rule (`\n`, `\r\n`,
 * `\r`) or an explicit separator; a final separator does not start an empty last line. Characters
 * split across chunks are decoded whole (streaming decoder); a `\r` ending a chunk waits for the
 * next one, which may start with the `\n` of the same `\r\n`.
 */
export class LineSplitter {
  private readonly decoder: InstanceType<typeof TextDecoder>;
  private pending = "";

  constructor(
    encoding: string,
    private readonly sep: string | undefined,
  ) {
    this.decoder = new TextDecoder(encoding);
  }

  /** The lines completed by `chunk` (possibly none), in order. */
  push(chunk: Uint8Array): string[] {
    const text = this.pending + this.decoder.decode(chunk, { stream: true });
    const lines: string[] = [];
    this.pending = text.slice(
      this.sep === undefined ? splitLines(text, lines) : splitAt(text, this.sep, lines),
    );
    return lines;
  }

  /** The last line, if the input did not end with a separator (zero or one line). */
  finish(): string[] {
    let rest = this.pending + this.decoder.decode();
    this.pending = "";
    if (this.sep === undefined && rest.endsWith("\r")) rest = rest.slice(0, -1);
    return rest.length > 0 ? [rest] : [];
  }
}

/** Pushes the lines of `text` ended by `sep`; returns where the unfinished rest starts. */
function splitAt(text: string, sep: string, lines: string[]): number {
  let start = 0;
  for (let i = text.indexOf(sep); i >= 0; i = text.indexOf(sep, start)) {
    lines.push(text.slice(start, i));
    start = i + sep.length;
  }
  return start;
}

/**
 * Pushes the lines of `text` ended by `\n`, `\r\n` or `\r`; returns where the unfinished rest
 * starts (a `\r` that is the last character is left in the rest: it may begin a `\r\n`). Line
 * ends are found with indexOf (one scan per kind of character), not char by char. Also the socket
 * source's splitter.
 */
export function splitLines(text: string, lines: string[]): number {
  const n = text.length;
  let start = 0;
  let cr = text.indexOf("\r");
  let lf = text.indexOf("\n");
  for (;;) {
    let i: number;
    if (cr < 0) {
      if (lf < 0) return start;
      i = lf;
    } else if (lf < 0 || cr < lf) {
      // A '\r' at the very end may be the first half of "\r\n": wait for more.
      if (cr === n - 1) return start;
      i = cr;
    } else {
      i = lf;
    }
    lines.push(text.slice(start, i));
    start = i === cr && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
    if (cr >= 0 && cr < start) cr = text.indexOf("\r", start);
    if (lf >= 0 && lf < start) lf = text.indexOf("\n", start);
  }
}

/** Output compression for text, CSV and JSON (`compression` or `codec` option). */
export interface OutputCompression {
  /** The suffix added after the format's extension: "", ".gz" or ".deflate". */
  readonly suffix: string;
  readonly codec: Codec | undefined;
}

/** Reads the `compression` / `codec` option (Spark's short names; `none`/`uncompressed` = off). */
export function outputCompression(options: DataSourceOptions): OutputCompression {
  const raw = options.first("compression", "codec");
  const name = raw === undefined ? "none" : raw.toLowerCase();
  switch (name) {
    case "none":
    case "uncompressed":
      return { suffix: "", codec: undefined };
    case "gzip":
      return { suffix: ".gz", codec: "gzip" };
    case "deflate":
      return { suffix: ".deflate", codec: "deflate" };
    default:
      throw new TsparkError("INVALID_OPTION_VALUE", {
        messageParameters: {
          option: "compression",
          value: raw ?? "",
          expected:
            "one of none, uncompressed, gzip, deflate (bzip2, lz4 and snappy are not supported for text files)",
        },
      });
  }
}

/**
 * A text output file: `write` appends strings (encoded as UTF-8 or `encoding`), `close` flushes
 * and resolves once the bytes are on disk.
 */
export class TextFileWriter {
  private readonly sink: Writable;
  private readonly file: Writable;
  private readonly encoder: ((s: string) => Uint8Array) | undefined;
  private failure: unknown;

  constructor(
    readonly path: string,
    compression: OutputCompression,
    encoding = "utf-8",
  ) {
    this.file = createWriteStream(path);
    this.file.on("error", (e) => {
      this.failure ??= e;
    });
    if (compression.codec === undefined) this.sink = this.file;
    else {
      const z = compression.codec === "gzip" ? createGzip() : createDeflate();
      z.on("error", (e) => {
        this.failure ??= e;
      });
      z.pipe(this.file);
      this.sink = z;
    }
    const enc = encoding.toLowerCase().replace(/[-_]/g, "");
    this.encoder = enc === "utf8" ? undefined : latin1OrUtf16Encoder(enc, encoding);
  }

  /** Appends text; waits when the stream buffer is full. */
  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    const data = this.encoder ? this.encoder(text) : text;
    if (!this.sink.write(data)) await new Promise<void>((resolve) => this.sink.once("drain", resolve));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.file.once("close", resolve);
      this.file.once("error", reject);
      this.sink.end();
    });
    if (this.failure) throw this.failure;
  }
}

function latin1OrUtf16Encoder(enc: string, original: string): (s: string) => Uint8Array {
  if (enc === "iso88591" || enc === "latin1") return (s) => Buffer.from(s, "latin1");
  if (enc === "utf16le") return (s) => Buffer.from(s, "utf16le");
  if (enc === "usascii" || enc === "ascii") return (s) => Buffer.from(s, "ascii");
  throw new TsparkError("INVALID_OPTION_VALUE", {
    messageParameters: {
      option: "encoding",
      value: original,
      expected: "UTF-8, ISO-8859-1, US-ASCII or UTF-16LE for writing",
    },
  });
}

/** `readWholeFile`, synchronously (schema inference runs inside the synchronous `spark.read…load()`). */
export function readWholeFileSync(path: string): Buffer {
  try {
    const buf = readFileSync(path);
    const codec = codecOfPath(path);
    return codec === undefined ? buf : codec === "gzip" ? gunzipSync(buf) : inflateSync(buf);
  } catch (e) {
    throw readFailure(path, e);
  }
}

/**
 * The lines of a file one at a time with their numbers (from 1), synchronously, for schema
 * inference; the same splitting as `readLineChunks`. Uncompressed files are read in
 * `READ_CHUNK_BYTES` chunks (bounded memory); compressed ones are inflated whole first.
 */
export function* readLinesSync(
  path: string,
  options: { readonly encoding?: string; readonly lineSep?: string | undefined } = {},
): Iterable<{ readonly line: string; readonly lineNumber: number }> {
  const splitter = new LineSplitter(options.encoding ?? "utf-8", options.lineSep);
  const chunks = (function* (): Iterable<Uint8Array> {
    if (codecOfPath(path) !== undefined) {
      yield readWholeFileSync(path);
      return;
    }
    let fd: number;
    try {
      fd = openSync(path, "r");
    } catch (e) {
      throw readFailure(path, e);
    }
    try {
      const buf = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      for (;;) {
        let n: number;
        try {
          n = readSync(fd, buf, 0, buf.length, null);
        } catch (e) {
          throw readFailure(path, e);
        }
        if (n === 0) return;
        yield buf.subarray(0, n);
      }
    } finally {
      closeSync(fd);
    }
  })();
  let lineNumber = 0;
  for (const chunk of chunks)
    for (const line of splitter.push(chunk)) yield { line, lineNumber: ++lineNumber };
  for (const line of splitter.finish()) yield { line, lineNumber: ++lineNumber };
}
