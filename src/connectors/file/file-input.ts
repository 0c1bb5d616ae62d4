/**
 * Reading and writing the bytes of data files, shared by the line-based formats (text, CSV, JSON):
 * transparent decompression by file extension (Hadoop's codec rule: `.gz` gzip, `.deflate` zlib),
 * text decoding with the `encoding` option, line splitting with Spark's rule (default: `\n`,
 * `\r\n` or `\r` end a line; with `lineSep` only that string does), and output compression from
 * the `compression` / `codec` option.
 *
 * Lines stream: memory holds one chunk plus the current line, whatever the file size.
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

/** The decompressed byte stream of a file. */
export function openDecompressed(path: string, signal?: AbortSignal): Readable {
  const raw = createReadStream(path, signal ? { signal } : {});
  const codec = codecOfPath(path);
  if (codec === undefined) return raw;
  return raw.pipe(codec === "gzip" ? createGunzip() : createInflate());
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
 * The lines of a file, decompressed and decoded, without their separators. A final separator does
 * not start an empty last line (Hadoop's LineRecordReader). `lineNumber` counts from 1.
 */
export async function* readLines(
  path: string,
  options: {
    readonly encoding?: string;
    readonly lineSep?: string | undefined;
    readonly signal?: AbortSignal;
  } = {},
): AsyncIterable<{ readonly line: string; readonly lineNumber: number }> {
  const splitter = new LineSplitter(options.encoding ?? "utf-8", options.lineSep);
  let stream: Readable;
  try {
    stream = openDecompressed(path, options.signal);
  } catch (e) {
    throw readFailure(path, e);
  }
  try {
    for await (const chunk of stream) yield* splitter.push(chunk as Buffer);
  } catch (e) {
    throw readFailure(path, e);
  }
  yield* splitter.finish();
}

/**
 * Splits decoded text into lines across chunk boundaries: Spark's default rule (`\n`, `\r\n`,
 * `\r`) or an explicit separator; a final separator does not start an empty last line.
 */
class LineSplitter {
  private readonly decoder: InstanceType<typeof TextDecoder>;
  private pending = "";
  private lineNumber = 0;

  constructor(
    encoding: string,
    private readonly sep: string | undefined,
  ) {
    this.decoder = new TextDecoder(encoding);
  }

  *push(chunk: Uint8Array): Iterable<{ readonly line: string; readonly lineNumber: number }> {
    const pending = this.pending + this.decoder.decode(chunk, { stream: true });
    const sep = this.sep;
    let start = 0;
    if (sep !== undefined) {
      for (let i = pending.indexOf(sep); i >= 0; i = pending.indexOf(sep, start)) {
        yield { line: pending.slice(start, i), lineNumber: ++this.lineNumber };
        start = i + sep.length;
      }
    } else {
      for (let i = start; i < pending.length; i++) {
        const c = pending.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        // A '\r' at the very end of the chunk may be the first half of "\r\n": wait for more.
        if (c === 13 && i === pending.length - 1) break;
        yield { line: pending.slice(start, i), lineNumber: ++this.lineNumber };
        start = c === 13 && pending.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
        i = start - 1;
      }
    }
    this.pending = pending.slice(start);
  }

  *finish(): Iterable<{ readonly line: string; readonly lineNumber: number }> {
    let rest = this.pending + this.decoder.decode();
    this.pending = "";
    if (this.sep === undefined && rest.endsWith("\r")) rest = rest.slice(0, -1);
    if (rest.length > 0) yield { line: rest, lineNumber: ++this.lineNumber };
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
 * `readLines`, synchronously, for schema inference. Uncompressed files are read in 64 KiB chunks
 * (bounded memory); compressed ones are inflated whole first.
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
      const buf = Buffer.allocUnsafe(1 << 16);
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
  for (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.finish();
}
