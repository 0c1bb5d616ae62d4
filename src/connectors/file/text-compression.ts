/**
 * The `compression` / `codec` option of the text-based writers (text, JSON) as Spark's
 * `CompressionCodecs.getCodecClassName` reads it: Hadoop's short names (case-insensitive) or a
 * codec class name. A name that is neither is `CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION`
 * with Spark's list; known codecs go on to `outputCompression` (gzip and deflate are written).
 *
 *     compression=gzip                                   → ".gz"
 *     compression=org.apache.hadoop.io.compress.GzipCodec → ".gz"
 *     compression=zip                                    → CODEC_NOT_AVAILABLE
 */
import { TsparkError } from "../../common/errors.js";
import type { DataSourceOptions } from "./data-source-options.js";
import { type OutputCompression, outputCompression } from "./file-input.js";

/** Hadoop's short codec names, in the order Spark lists them. */
const SHORT_NAMES = ["bzip2", "deflate", "uncompressed", "snappy", "none", "lz4", "gzip"];

/** Codec classes by the short name they stand for. */
const CLASS_NAMES: Readonly<Record<string, string>> = {
  "org.apache.hadoop.io.compress.bzip2codec": "bzip2",
  "org.apache.hadoop.io.compress.deflatecodec": "deflate",
  "org.apache.hadoop.io.compress.defaultcodec": "deflate",
  "org.apache.hadoop.io.compress.gzipcodec": "gzip",
  "org.apache.hadoop.io.compress.lz4codec": "lz4",
  "org.apache.hadoop.io.compress.snappycodec": "snappy",
};

/** The output compression of a text-based writer, with Spark's error for an unknown codec. */
export function textOutputCompression(options: DataSourceOptions): OutputCompression {
  const raw = options.first("compression", "codec");
  if (raw === undefined) return outputCompression(options);
  const lower = raw.toLowerCase();
  const short = SHORT_NAMES.includes(lower) ? lower : CLASS_NAMES[lower];
  if (short === undefined)
    throw new TsparkError("CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION", {
      messageParameters: { codecName: raw, availableCodecs: SHORT_NAMES.join(", ") },
    });
  return outputCompression(options.with("compression", short));
}
