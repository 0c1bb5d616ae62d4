/**
 * PySpark-named wrappers for the core function family (see functions/core/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark.
 */
import { Column, type ColumnOrName, fn, fnExpr, litExpr, toExpr } from "./helpers.js";
import { nameToExpr } from "../column.js";

/** `col("name")`: a column by name (`"a.b"` for a nested field, `"*"` for all columns). */
export function col(name: string): Column {
  return new Column(nameToExpr(name));
}

/** Alias of `col`. */
export function column(name: string): Column {
  return col(name);
}

/**
 * `lit(value)`: a literal column (PySpark's inference: integers in int range → INT, other
 * integers → BIGINT, other numbers → DOUBLE, Date → TIMESTAMP, …). A Column is returned as is.
 */
export function lit(value: unknown): Column {
  if (value instanceof Column) return value;
  // PySpark builds a list as `array(lit(x), …)`, which also names the column `array(1, 2)`.
  if (Array.isArray(value)) return fnExpr("array", ...value.map((v) => lit(v).expr));
  return new Column(litExpr(value));
}

/** `coalesce(cols…)`: the first non-null argument, evaluated lazily left to right. */
export function coalesce(...cols: ColumnOrName[]): Column {
  return new Column({ kind: "coalesce", children: cols.map(toExpr) });
}

/** `hash(cols…)`: Murmur3 hash of the columns as an INT (seed 42). */
export function hash(...cols: ColumnOrName[]): Column {
  return fn("hash", ...cols);
}

/** `xxhash64(cols…)`: 64-bit xxHash of the columns as a BIGINT (seed 42). */
export function xxhash64(...cols: ColumnOrName[]): Column {
  return fn("xxhash64", ...cols);
}

/** `md5(col)`: MD5 digest as a hex string. */
export function md5(col: ColumnOrName): Column {
  return fn("md5", col);
}

/** `sha1(col)`: SHA-1 digest as a hex string. */
export function sha1(col: ColumnOrName): Column {
  return fn("sha1", col);
}

/** `sha(col)`: alias of `sha1`. */
export function sha(col: ColumnOrName): Column {
  return fn("sha", col);
}

/** `sha2(col, numBits)`: SHA-224/256/384/512 digest as a hex string (numBits 0 means 256). */
export function sha2(col: ColumnOrName, numBits: number): Column {
  return fnExpr("sha2", toExpr(col), litExpr(numBits));
}

/** `crc32(col)`: CRC-32 checksum as a BIGINT. */
export function crc32(col: ColumnOrName): Column {
  return fn("crc32", col);
}

/** `monotonically_increasing_id()`: unique increasing ids (partition id in the upper 31 bits). */
export function monotonically_increasing_id(): Column {
  return fn("monotonically_increasing_id");
}

/** `spark_partition_id()`: the partition id of each row. */
export function spark_partition_id(): Column {
  return fn("spark_partition_id");
}

/** `rand(seed?)`: uniform random doubles in [0, 1); a session-random seed when omitted. */
export function rand(seed?: number | bigint): Column {
  return seed === undefined ? fn("rand") : fnExpr("rand", litExpr(seed));
}

/** `randn(seed?)`: standard normal random doubles; a session-random seed when omitted. */
export function randn(seed?: number | bigint): Column {
  return seed === undefined ? fn("randn") : fnExpr("randn", litExpr(seed));
}

/** `uuid()`: a random UUID string per row. */
export function uuid(): Column {
  return fn("uuid");
}

/** `typeof(col)`: the DDL type name of the column. */
export function typeof_(col: ColumnOrName): Column {
  return fn("typeof", col);
}

/** `nullif(col1, col2)`: NULL when the two are equal, else `col1`. */
export function nullif(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn("nullif", col1, col2);
}

/** `equal_null(col1, col2)`: null-safe equality (true when both are NULL). */
export function equal_null(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn("equal_null", col1, col2);
}

/** `zeroifnull(col)`: zero when the column is NULL. */
export function zeroifnull(col: ColumnOrName): Column {
  return fn("zeroifnull", col);
}

/** `nullifzero(col)`: NULL when the column is zero. */
export function nullifzero(col: ColumnOrName): Column {
  return fn("nullifzero", col);
}

/** `assert_true(col, errMsg?)`: NULL when the column is true, else the query fails. */
export function assert_true(col: ColumnOrName, errMsg?: Column | string): Column {
  if (errMsg === undefined) return fn("assert_true", col);
  return fnExpr("assert_true", toExpr(col), errMsg instanceof Column ? errMsg.expr : litExpr(errMsg));
}

/** `raise_error(errMsg)`: fails the query with the message. */
export function raise_error(errMsg: Column | string): Column {
  return fnExpr("raise_error", errMsg instanceof Column ? errMsg.expr : litExpr(errMsg));
}

/** `input_file_name()`: the source file of the row ("" in tspark). */
export function input_file_name(): Column {
  return fn("input_file_name");
}

/** `version()`: the Spark version followed by tspark. */
export function version(): Column {
  return fn("version");
}

/** `current_user()`: the session user. */
export function current_user(): Column {
  return fn("current_user");
}

/** `user()`: alias of `current_user`. */
export function user(): Column {
  return fn("user");
}

/** `session_user()`: alias of `current_user`. */
export function session_user(): Column {
  return fn("session_user");
}

export { typeof_ as typeof };

/** `current_database()`: the session's current database. */
export function current_database(): Column {
  return fn("current_database");
}

/** `current_schema()`: alias of `current_database`. */
export function current_schema(): Column {
  return fn("current_schema");
}

/** `current_catalog()`: the session's current catalog. */
export function current_catalog(): Column {
  return fn("current_catalog");
}

/** `aes_encrypt(input, key, mode?, padding?, iv?, aad?)`: PySpark fills GCM, DEFAULT, '' and ''. */
export function aes_encrypt(
  input: ColumnOrName,
  key: ColumnOrName,
  mode?: ColumnOrName,
  padding?: ColumnOrName,
  iv?: ColumnOrName,
  aad?: ColumnOrName,
): Column {
  return fn(
    "aes_encrypt",
    input,
    key,
    mode ?? lit("GCM"),
    padding ?? lit("DEFAULT"),
    iv ?? lit(""),
    aad ?? lit(""),
  );
}

/** `aes_decrypt(input, key, mode?, padding?, aad?)`: PySpark fills GCM, DEFAULT and ''. */
export function aes_decrypt(
  input: ColumnOrName,
  key: ColumnOrName,
  mode?: ColumnOrName,
  padding?: ColumnOrName,
  aad?: ColumnOrName,
): Column {
  return fn("aes_decrypt", input, key, mode ?? lit("GCM"), padding ?? lit("DEFAULT"), aad ?? lit(""));
}

/** `try_aes_decrypt(input, key, mode?, padding?, aad?)`: as `aes_decrypt`, NULL on failure. */
export function try_aes_decrypt(
  input: ColumnOrName,
  key: ColumnOrName,
  mode?: ColumnOrName,
  padding?: ColumnOrName,
  aad?: ColumnOrName,
): Column {
  return fn("try_aes_decrypt", input, key, mode ?? lit("GCM"), padding ?? lit("DEFAULT"), aad ?? lit(""));
}

/** `input_file_block_start()`: the start offset of the block being read (-1 in tspark). */
export function input_file_block_start(): Column {
  return fn("input_file_block_start");
}

/** `input_file_block_length()`: the length of the block being read (-1 in tspark). */
export function input_file_block_length(): Column {
  return fn("input_file_block_length");
}
