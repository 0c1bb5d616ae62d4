/**
 * PySpark-named wrappers for the string function family (see functions/string/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark 4. Where
 * PySpark types a parameter as a plain `str`/`int` (a pattern, a separator, a length), a JS string
 * or number becomes a literal; where it types it `ColumnOrName`, a string is a column name.
 */
import type { Expression } from "../../expressions/expression.js";
import { type Column, type ColumnOrName, fn, fnExpr, litExpr, toExpr } from "./helpers.js";

/** A Column as is; a JS string or number as a literal (PySpark's `Union[Column, str|int]`). */
function litOrCol(v: Column | string | number): Expression {
  return typeof v === "string" || typeof v === "number" ? litExpr(v) : toExpr(v);
}

function nameOrCol(v: ColumnOrName | number): Expression {
  return typeof v === "number" ? litExpr(v) : toExpr(v);
}

/** Numeric value of the first character of the string column. */
export function ascii(col: ColumnOrName): Column {
  return fn("ascii", col);
}
/** BASE64 encoding of a binary column, as a string. */
export function base64(col: ColumnOrName): Column {
  return fn("base64", col);
}
/** Decodes a BASE64 string column to binary. */
export function unbase64(col: ColumnOrName): Column {
  return fn("unbase64", col);
}
/** Bit length of a string or binary column. */
export function bit_length(col: ColumnOrName): Column {
  return fn("bit_length", col);
}
/** Byte length of a string or binary column. */
export function octet_length(col: ColumnOrName): Column {
  return fn("octet_length", col);
}
/** Removes leading and trailing spaces, or the characters of `trim`, from `str`. */
export function btrim(str: ColumnOrName, trim?: ColumnOrName): Column {
  return trim === undefined ? fn("btrim", str) : fn("btrim", str, trim);
}
/** The character whose code is `col` (modulo 256). */
export function char(col: ColumnOrName): Column {
  return fn("char", col);
}
/** Alias of `char` under Spark's other name. */
export function chr(col: ColumnOrName): Column {
  return fn("chr", col);
}
/** Character length of a string (or bytes of a binary). */
export function length(col: ColumnOrName): Column {
  return fn("length", col);
}
/** `char_length(str)`: same as `length`. */
export function char_length(str: ColumnOrName): Column {
  return fn("char_length", str);
}
/** `character_length(str)`: same as `length`. */
export function character_length(str: ColumnOrName): Column {
  return fn("character_length", str);
}
/** Concatenates columns (strings, binaries or arrays); null if any is null. */
export function concat(...cols: ColumnOrName[]): Column {
  return fn("concat", ...cols);
}
/** Joins columns with the separator `sep`, skipping nulls. */
export function concat_ws(sep: string, ...cols: ColumnOrName[]): Column {
  return fnExpr("concat_ws", litExpr(sep), ...cols.map(toExpr));
}
/** True when `right` occurs in `left`. */
export function contains(left: ColumnOrName, right: ColumnOrName): Column {
  return fn("contains", left, right);
}
/** True when `str` starts with `prefix`. */
export function startswith(str: ColumnOrName, prefix: ColumnOrName): Column {
  return fn("startswith", str, prefix);
}
/** True when `str` ends with `suffix`. */
export function endswith(str: ColumnOrName, suffix: ColumnOrName): Column {
  return fn("endswith", str, suffix);
}
/** Encodes a string column into binary with `charset`. */
export function encode(col: ColumnOrName, charset: Column | string): Column {
  return fnExpr("encode", toExpr(col), litOrCol(charset));
}
/** Decodes a binary column into a string with `charset`. */
export function decode(col: ColumnOrName, charset: Column | string): Column {
  return fnExpr("decode", toExpr(col), litOrCol(charset));
}
/** Formats a number like '#,###,###.##' rounded HALF_EVEN to `d` decimal places. */
export function format_number(col: ColumnOrName, d: number): Column {
  return fnExpr("format_number", toExpr(col), litExpr(d));
}
/** printf-style formatting of the columns with the format string `format`. */
export function format_string(format: string, ...cols: ColumnOrName[]): Column {
  return fnExpr("format_string", litExpr(format), ...cols.map(toExpr));
}
/** `printf(format, *cols)`: like `format_string`, but the format is a column (or column name). */
export function printf(format: ColumnOrName, ...cols: ColumnOrName[]): Column {
  return fn("printf", format, ...cols);
}
/** Upper-cases the first letter of each word. */
export function initcap(col: ColumnOrName): Column {
  return fn("initcap", col);
}
/** 1-based position of the first occurrence of `substr` in `str` (0 if absent). */
export function instr(str: ColumnOrName, substr: Column | string): Column {
  return fnExpr("instr", toExpr(str), litOrCol(substr));
}
/** 1-based position of `substr` in `str` at or after `pos`. */
export function locate(substr: string, str: ColumnOrName, pos = 1): Column {
  return fnExpr("locate", litExpr(substr), toExpr(str), litExpr(pos));
}
/** `position(substr, str[, start])`: like `locate`, with column arguments. */
export function position(substr: ColumnOrName, str: ColumnOrName, start?: ColumnOrName): Column {
  return start === undefined ? fn("position", substr, str) : fn("position", substr, str, start);
}
/** Lower-cases a string column. */
export function lower(col: ColumnOrName): Column {
  return fn("lower", col);
}
/** Upper-cases a string column. */
export function upper(col: ColumnOrName): Column {
  return fn("upper", col);
}
/** `lcase(str)`: same as `lower`. */
export function lcase(str: ColumnOrName): Column {
  return fn("lcase", str);
}
/** `ucase(str)`: same as `upper`. */
export function ucase(str: ColumnOrName): Column {
  return fn("ucase", str);
}
/** The leftmost `len` characters of `str`. */
export function left(str: ColumnOrName, len: ColumnOrName): Column {
  return fn("left", str, len);
}
/** The rightmost `len` characters of `str`. */
export function right(str: ColumnOrName, len: ColumnOrName): Column {
  return fn("right", str, len);
}
/** Levenshtein distance; with `threshold`, -1 when the distance exceeds it. */
export function levenshtein(left: ColumnOrName, right: ColumnOrName, threshold?: number): Column {
  return threshold === undefined
    ? fn("levenshtein", left, right)
    : fnExpr("levenshtein", toExpr(left), toExpr(right), litExpr(threshold));
}
/** SQL LIKE: `str LIKE pattern [ESCAPE escapeChar]`. */
export function like(str: ColumnOrName, pattern: ColumnOrName, escapeChar?: Column): Column {
  return escapeChar === undefined ? fn("like", str, pattern) : fn("like", str, pattern, escapeChar);
}
/** Case-insensitive LIKE. */
export function ilike(str: ColumnOrName, pattern: ColumnOrName, escapeChar?: Column): Column {
  return escapeChar === undefined ? fn("ilike", str, pattern) : fn("ilike", str, pattern, escapeChar);
}
/** Left-pads `col` with `pad` to `len` characters (or truncates it to `len`). */
export function lpad(col: ColumnOrName, len: Column | number, pad: Column | string): Column {
  return fnExpr("lpad", toExpr(col), litOrCol(len), litOrCol(pad));
}
/** Right-pads `col` with `pad` to `len` characters (or truncates it to `len`). */
export function rpad(col: ColumnOrName, len: Column | number, pad: Column | string): Column {
  return fnExpr("rpad", toExpr(col), litOrCol(len), litOrCol(pad));
}
/** Removes spaces (or the characters of `trim`) from both ends. */
export function trim(col: ColumnOrName, trim?: Column | string): Column {
  return trim === undefined ? fn("trim", col) : fnExpr("trim", litOrCol(trim), toExpr(col));
}
/** Removes leading spaces (or the characters of `trim`). */
export function ltrim(col: ColumnOrName, trim?: Column | string): Column {
  return trim === undefined ? fn("ltrim", col) : fnExpr("ltrim", litOrCol(trim), toExpr(col));
}
/** Removes trailing spaces (or the characters of `trim`). */
export function rtrim(col: ColumnOrName, trim?: Column | string): Column {
  return trim === undefined ? fn("rtrim", col) : fnExpr("rtrim", litOrCol(trim), toExpr(col));
}
/** Replaces the part of `src` starting at `pos` (of length `len`, default the length of `replace`). */
export function overlay(
  src: ColumnOrName,
  replace: ColumnOrName,
  pos: ColumnOrName | number,
  len: ColumnOrName | number = -1,
): Column {
  return fnExpr("overlay", toExpr(src), toExpr(replace), nameOrCol(pos), nameOrCol(len));
}
/** True when `str` matches the Java regex `regexp` anywhere (`regexp` is a column). */
export function rlike(str: ColumnOrName, regexp: ColumnOrName): Column {
  return fn("rlike", str, regexp);
}
/** `regexp(str, regexp)`: same as `rlike`. */
export function regexp(str: ColumnOrName, regexp: ColumnOrName): Column {
  return fn("regexp", str, regexp);
}
/** `regexp_like(str, regexp)`: same as `rlike`. */
export function regexp_like(str: ColumnOrName, regexp: ColumnOrName): Column {
  return fn("regexp_like", str, regexp);
}
/** Number of matches of `regexp` in `str`. */
export function regexp_count(str: ColumnOrName, regexp: ColumnOrName): Column {
  return fn("regexp_count", str, regexp);
}
/** Group `idx` of the first match of the Java regex `pattern` ('' when there is no match). */
export function regexp_extract(str: ColumnOrName, pattern: string, idx: number): Column {
  return fnExpr("regexp_extract", toExpr(str), litExpr(pattern), litExpr(idx));
}
/** Group `idx` (default 1) of every match of `regexp`. */
export function regexp_extract_all(str: ColumnOrName, regexp: ColumnOrName, idx?: Column | number): Column {
  return idx === undefined
    ? fn("regexp_extract_all", str, regexp)
    : fnExpr("regexp_extract_all", toExpr(str), toExpr(regexp), litOrCol(idx));
}
/** 1-based position of the first match of `regexp` (0 when none). */
export function regexp_instr(str: ColumnOrName, regexp: ColumnOrName, idx?: Column | number): Column {
  return idx === undefined
    ? fn("regexp_instr", str, regexp)
    : fnExpr("regexp_instr", toExpr(str), toExpr(regexp), litOrCol(idx));
}
/** Replaces every match of `pattern` with `replacement` (Java `$1` group references). */
export function regexp_replace(
  string: ColumnOrName,
  pattern: Column | string,
  replacement: Column | string,
): Column {
  return fnExpr("regexp_replace", toExpr(string), litOrCol(pattern), litOrCol(replacement));
}
/** The first match of `regexp` in `str`, or null. */
export function regexp_substr(str: ColumnOrName, regexp: ColumnOrName): Column {
  return fn("regexp_substr", str, regexp);
}
/** Repeats a string column `n` times. */
export function repeat(col: ColumnOrName, n: Column | number): Column {
  return fnExpr("repeat", toExpr(col), litOrCol(n));
}
/** Replaces all occurrences of `search` in `src` with `replace` (default: removes them). */
export function replace(src: ColumnOrName, search: ColumnOrName, replace?: ColumnOrName): Column {
  return replace === undefined ? fn("replace", src, search) : fn("replace", src, search, replace);
}
/** Reverses a string (by characters) or an array. */
export function reverse(col: ColumnOrName): Column {
  return fn("reverse", col);
}
/** American Soundex code of a string. */
export function soundex(col: ColumnOrName): Column {
  return fn("soundex", col);
}
/** Splits `str` around matches of the Java regex `pattern`, into at most `limit` parts when > 0. */
export function split(str: ColumnOrName, pattern: Column | string, limit: Column | number = -1): Column {
  return fnExpr("split", toExpr(str), litOrCol(pattern), litOrCol(limit));
}
/** Part `partNum` (1-based, negative from the end) of `src` split by the literal `delimiter`. */
export function split_part(src: ColumnOrName, delimiter: ColumnOrName, partNum: ColumnOrName): Column {
  return fn("split_part", src, delimiter, partNum);
}
/** `substr(str, pos[, len])` with column arguments. */
export function substr(str: ColumnOrName, pos: ColumnOrName, len?: ColumnOrName): Column {
  return len === undefined ? fn("substr", str, pos) : fn("substr", str, pos, len);
}
/** The substring starting at 1-based `pos` of length `len` (characters, or bytes for binaries). */
export function substring(str: ColumnOrName, pos: Column | number, len: Column | number): Column {
  return fnExpr("substring", toExpr(str), litOrCol(pos), litOrCol(len));
}
/** The part of `str` before `count` occurrences of `delim` (from the right when negative). */
export function substring_index(str: ColumnOrName, delim: string, count: number): Column {
  return fnExpr("substring_index", toExpr(str), litExpr(delim), litExpr(count));
}
/** Replaces each character of `matching` in `srcCol` by the one at the same index in `replace`. */
export function translate(srcCol: ColumnOrName, matching: string, replace: string): Column {
  return fnExpr("translate", toExpr(srcCol), litExpr(matching), litExpr(replace));
}
/** A string of `n` spaces. */
export function space(n: ColumnOrName): Column {
  return fn("space", n);
}
/** The `inputs[0]`-th of the remaining inputs (1-based). */
export function elt(...inputs: ColumnOrName[]): Column {
  return fn("elt", ...inputs);
}
/** 1-based index of `str` in the comma-separated list `str_array`, 0 when absent. */
export function find_in_set(str: ColumnOrName, str_array: ColumnOrName): Column {
  return fn("find_in_set", str, str_array);
}
/** `to_number(col, format)`: parses strings with a number format such as `lit('$99.99')`. */
export function to_number(col: ColumnOrName, format: ColumnOrName): Column {
  return fn("to_number", col, format);
}
/** `try_to_number(col, format)`: as `to_number`, NULL when the string does not match. */
export function try_to_number(col: ColumnOrName, format: ColumnOrName): Column {
  return fn("try_to_number", col, format);
}
/** `to_char(col, format)`: a number, datetime or binary rendered with `format`. */
export function to_char(col: ColumnOrName, format: ColumnOrName): Column {
  return fn("to_char", col, format);
}
/** `to_varchar(col, format)`: alias of `to_char`. */
export function to_varchar(col: ColumnOrName, format: ColumnOrName): Column {
  return fn("to_varchar", col, format);
}
/** `sentences(string, language?, country?)`: words grouped per sentence. */
export function sentences(string: ColumnOrName, language?: ColumnOrName, country?: ColumnOrName): Column {
  if (language === undefined) return fn("sentences", string);
  return country === undefined
    ? fn("sentences", string, language)
    : fn("sentences", string, language, country);
}
/** `try_parse_url(url, partToExtract, key?)`: `parse_url` that returns NULL for a malformed URL. */
export function try_parse_url(url: ColumnOrName, partToExtract: ColumnOrName, key?: ColumnOrName): Column {
  return key === undefined
    ? fn("try_parse_url", url, partToExtract)
    : fn("try_parse_url", url, partToExtract, key);
}
/** `quote(col)`: the string in single quotes, inner single quotes backslash-escaped. */
export function quote(col: ColumnOrName): Column {
  return fn("quote", col);
}
