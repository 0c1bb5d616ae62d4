/**
 * Partition discovery (Spark's PartitioningUtils): `key=value` directories between a base path and
 * a data file become partition columns; their values are typed by inference and written back with
 * Spark's path escaping.
 *
 * Example: reading `/t` that holds
 *
 *     /t/year=2024/country=ES/part-00000.csv
 *     /t/year=2025/country=__HIVE_DEFAULT_PARTITION__/part-00000.csv
 *
 * gives the partition columns `year INT, country STRING` (after the data columns), with NULL for
 * `__HIVE_DEFAULT_PARTITION__`.
 *
 * Rules, as Spark: the walk goes up from the file's directory and stops at a base path; a directory
 * without `=` ends it once some column was found (directories below all `key=value` levels are
 * skipped); a `_temporary` directory hides its files. Where the walk stops is the file's
 * discovered base path (its own directory when it has no `key=value` level): all files must agree
 * (else CONFLICTING_DIRECTORY_STRUCTURES), so files directly in the base path are allowed and left
 * out of a partitioned read, while files in a plain directory beside partition directories are not.
 * Values are URL-unescaped (`%3D` → `=`).
 * Inference order per value: int, long, decimal (no fraction, ≤ 38 digits), double, timestamp
 * (`yyyy-MM-dd HH:mm:ss[.S…]`), date (`yyyy-MM-dd`), else string; a column's type is the widest of
 * its values' (without promotion to string unless the types conflict), NULL-only columns are string.
 * With `spark.sql.sources.partitionColumnTypeInference.enabled=false` every column is a string.
 */
import { basename, dirname, sep } from "node:path";
import { TsparkError } from "../../common/errors.js";
import { findTightestCommonType, findWiderTypeForDecimal } from "../../types/coercion.js";
import {
  type DataType,
  DATE,
  DecimalType,
  DOUBLE,
  INT,
  LONG,
  NULL_TYPE,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
  TIMESTAMP_NTZ,
} from "../../types/data-type.js";
import { fileUrl } from "./file-input.js";

/** The directory name Spark writes for a NULL partition value. */
export const DEFAULT_PARTITION_NAME = "__HIVE_DEFAULT_PARTITION__";

/** One file's partition: column names (outermost first) and raw (unescaped) values, null for NULL. */
export interface PartitionSpec {
  readonly columns: readonly string[];
  readonly values: readonly (string | null)[];
  /**
   * Where the walk up stopped (Spark's discovered base path): the base path, the first
   * non-`key=value` directory above the partition directories, or the file's own directory when
   * it has no partition directories. Files of one read must all agree on it.
   */
  readonly basePath: string;
}

/** The discovered partitioning of a set of files. */
export interface DiscoveredPartitioning {
  /** Partition columns with their inferred (or user-given) types; empty when unpartitioned. */
  readonly schema: StructType;
  /** Per file path, its raw values in `schema` order (absent for unpartitioned reads). */
  readonly valuesByFile: ReadonlyMap<string, readonly (string | null)[]>;
}

/**
 * Parses the `key=value` directories of `file` up to the nearest of `basePaths`. Returns undefined
 * for files under a `_temporary` directory (Spark ignores them).
 */
export function parsePartitionPath(file: string, basePaths: ReadonlySet<string>): PartitionSpec | undefined {
  const columns: string[] = [];
  const values: (string | null)[] = [];
  let dir = dirname(file);
  for (;;) {
    if (basename(dir).toLowerCase() === "_temporary") return undefined;
    if (basePaths.has(dir)) break;
    const name = basename(dir);
    const eq = name.indexOf("=");
    const parent = dirname(dir);
    if (eq > 0) {
      const raw = name.slice(eq + 1);
      columns.push(unescapePathName(name.slice(0, eq)));
      values.push(raw === DEFAULT_PARTITION_NAME ? null : unescapePathName(raw));
    } else if (columns.length > 0) break;
    if (parent === dir) break;
    dir = parent;
  }
  return {
    columns: columns.reverse(),
    values: values.reverse(),
    basePath: columns.length === 0 ? dirname(file) : dir,
  };
}

/**
 * Spark's inference of one raw partition value's type (`null` is NULL). Dates and timestamps must
 * match Spark's partition patterns exactly (`yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss[.S…]`, two-digit
 * fields) and be valid; `timestampNtz` (`spark.sql.timestampType=TIMESTAMP_NTZ`) infers
 * TIMESTAMP_NTZ instead of TIMESTAMP.
 */
export function inferPartitionValueType(raw: string | null, timestampNtz = false): DataType {
  if (raw === null) return NULL_TYPE;
  if (/^[+-]?\d+$/.test(raw)) {
    const n = BigInt(raw);
    if (n >= -2147483648n && n <= 2147483647n) return INT;
    if (n >= -9223372036854775808n && n <= 9223372036854775807n) return LONG;
    const digits = raw.replace(/^[+-]/, "").replace(/^0+(?=\d)/, "").length;
    if (digits <= 38) return new DecimalType(digits, 0);
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(raw) || /^[+-]?(NaN|Infinity)$/.test(raw))
    return DOUBLE;
  const ts = /^(\d{4,}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/.exec(raw);
  if (ts && validDate(ts[1]!) && Number(ts[2]) < 24 && Number(ts[3]) < 60 && Number(ts[4]) < 60)
    return timestampNtz ? TIMESTAMP_NTZ : TIMESTAMP;
  if (/^\d{4,}-\d{2}-\d{2}$/.test(raw) && validDate(raw)) return DATE;
  return STRING;
}

function validDate(raw: string): boolean {
  const [y, m, d] = raw.split("-").map(Number) as [number, number, number];
  if (m < 1 || m > 12 || d < 1) return false;
  const dim = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= dim[m - 1]!;
}

/** The common type of two partition value types: widening without string promotion, else STRING. */
function widerPartitionType(a: DataType, b: DataType): DataType {
  return findTightestCommonType(a, b, false) ?? findWiderTypeForDecimal(a, b) ?? STRING;
}

/**
 * Discovers the partitioning of `files` read from `basePaths`. `userSchema` (the reader's schema)
 * fixes the type of a partition column it names; `typeInference` false types every column STRING.
 * `caseSensitive` decides whether names in the user schema match partition names exactly.
 */
export function discoverPartitions(
  files: readonly string[],
  basePaths: ReadonlySet<string>,
  options: {
    readonly typeInference: boolean;
    readonly userSchema?: StructType;
    readonly caseSensitive: boolean;
    /** Drop files outside the partition layout instead of raising CONFLICTING_DIRECTORY_STRUCTURES. */
    readonly ignoreInvalidPartitionPaths?: boolean;
    /** Infer TIMESTAMP_NTZ for timestamp values (`spark.sql.timestampType=TIMESTAMP_NTZ`). */
    readonly timestampNtz?: boolean;
  },
): DiscoveredPartitioning {
  const specs = new Map<string, PartitionSpec>();
  for (const f of files) {
    const spec = parsePartitionPath(f, basePaths);
    if (spec) specs.set(f, spec);
  }
  const withColumns = [...specs.entries()].filter(([, s]) => s.columns.length > 0);
  if (withColumns.length === 0) return { schema: new StructType([]), valuesByFile: new Map() };
  // Every file must stop at the same base path (Spark compares them lower-cased). Files directly in
  // the base path agree with it: they are not partitioned, so they are left out of the read.
  if (!options.ignoreInvalidPartitionPaths) {
    const bases = [...new Set([...specs.values()].map((s) => s.basePath.toLowerCase()))];
    if (bases.length > 1)
      throw new TsparkError("CONFLICTING_DIRECTORY_STRUCTURES", {
        messageParameters: { discoveredBasePaths: `\n\t${bases.sort().join("\n\t")}\n` },
      });
  }
  // Every partitioned file must name the same columns in the same order.
  const norm = (n: string) => (options.caseSensitive ? n : n.toLowerCase());
  const first = withColumns[0]![1].columns;
  const distinct = new Map<string, readonly string[]>();
  for (const [, s] of withColumns) distinct.set(s.columns.map(norm).join("\u0000"), s.columns);
  if (distinct.size > 1) {
    const lists = [...distinct.values()].map(
      (cols, i) => `Partition column name list #${i}: ${cols.join(", ")}`,
    );
    // The directories holding files, shortest column list first (Spark's suspicious paths).
    const dirsByList = new Map<string, Set<string>>();
    for (const [f, s] of withColumns) {
      const k = s.columns.map(norm).join("\u0000");
      if (!dirsByList.has(k)) dirsByList.set(k, new Set());
      dirsByList.get(k)!.add(fileUrl(dirname(f)));
    }
    const suspicious = [...distinct.entries()]
      .sort((a, b) => a[1].length - b[1].length)
      .flatMap(([k]) => [...dirsByList.get(k)!]);
    throw new TsparkError("CONFLICTING_PARTITION_COLUMN_NAMES", {
      messageParameters: {
        distinctPartColLists: `\n\t${lists.join("\n\t")}\n`,
        suspiciousPaths: `\n\t${suspicious.join("\n\t")}`,
      },
    });
  }
  const fields: StructField[] = first.map((name, i) => {
    const user = options.userSchema?.fields.find((f) => norm(f.name) === norm(name));
    if (user) return new StructField(user.name, user.dataType, true);
    if (!options.typeInference) return new StructField(name, STRING, true);
    let t: DataType = NULL_TYPE;
    for (const [, s] of withColumns)
      t = widerPartitionType(t, inferPartitionValueType(s.values[i]!, options.timestampNtz));
    return new StructField(name, t.kind === "null" ? STRING : t, true);
  });
  const valuesByFile = new Map<string, readonly (string | null)[]>();
  for (const [f, s] of withColumns) valuesByFile.set(f, s.values);
  return { schema: new StructType(fields), valuesByFile };
}

// Characters Spark escapes in partition directory names (ExternalCatalogUtils.escapePathName).
const NEEDS_ESCAPE = new Set<number>([
  ...Array.from({ length: 0x20 }, (_, i) => i + 1),
  0x22,
  0x23,
  0x25,
  0x27,
  0x2a,
  0x2f,
  0x3a,
  0x3d,
  0x3f,
  0x5c,
  0x7f,
  0x7b,
  0x5b,
  0x5d,
  0x5e,
]);

/** Spark's escaping of a partition column name or value in a directory name (`a/b` → `a%2Fb`). */
export function escapePathName(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += c < 0x80 && NEEDS_ESCAPE.has(c) ? `%${c.toString(16).toUpperCase().padStart(2, "0")}` : ch;
  }
  return out;
}

/** Undoes `escapePathName` (`%XX` with two hex digits; anything else stays as written). */
export function unescapePathName(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** The directory of one partition: `a=1/b=x%2Fy` (NULL and empty values as `__HIVE_DEFAULT_PARTITION__`). */
export function partitionDirectory(columns: readonly string[], values: readonly (string | null)[]): string {
  return columns
    .map((c, i) => {
      const v = values[i];
      return `${escapePathName(c)}=${v === null || v === undefined || v === "" ? DEFAULT_PARTITION_NAME : escapePathName(v)}`;
    })
    .join(sep);
}
