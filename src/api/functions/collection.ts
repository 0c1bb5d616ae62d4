/**
 * PySpark-named wrappers for the collection function family (see functions/collection/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark. Where
 * PySpark takes `Any` (a value), a JS value becomes a literal; `ColumnOrName` strings are column names.
 */
import type { Expression } from "../../expressions/expression.js";
import type { DataType } from "../../types/data-type.js";
import { type Column, type ColumnOrName, fn, fnExpr, litExpr, toExpr, toExprLiteral } from "./helpers.js";
import { createLambda } from "./lambda.js";

/** A Column or a plain JS value that becomes a literal (PySpark's `Any` arguments). */
export type ColumnOrValue = Column | string | number | bigint | boolean | null | Date | Uint8Array;

/** JSON/CSV reader and writer options (PySpark's `options: Dict[str, str]`). */
export type FunctionOptions = Readonly<Record<string, string | number | boolean>>;

function value(v: ColumnOrValue): Expression {
  return toExprLiteral(v);
}

function colOrInt(v: ColumnOrName | number): Expression {
  return typeof v === "number" ? litExpr(v) : toExpr(v);
}

/** PySpark's `*cols` that may also be one list. */
function flatCols(cols: readonly (ColumnOrName | readonly ColumnOrName[])[]): ColumnOrName[] {
  return cols.length === 1 && Array.isArray(cols[0])
    ? [...(cols[0] as ColumnOrName[])]
    : (cols as ColumnOrName[]);
}

/** An options dictionary as the `map('k', 'v', …)` literal Spark's functions take. */
function optionsExpr(options: FunctionOptions): Expression {
  const args: Expression[] = [];
  for (const [k, v] of Object.entries(options)) args.push(litExpr(k), litExpr(String(v)));
  return fnExpr("map", ...args).expr;
}

// ---- constructors -------------------------------------------------------------------------------

/** `array(*cols)`: an array column from columns of one common type. */
export function array(...cols: (ColumnOrName | readonly ColumnOrName[])[]): Column {
  return fn("array", ...flatCols(cols));
}
/** `struct(*cols)`: a struct column; fields take the column names. */
export function struct(...cols: (ColumnOrName | readonly ColumnOrName[])[]): Column {
  return fn("struct", ...flatCols(cols));
}
/** `named_struct(name1, val1, …)`: a struct with explicit field names (pass names as `lit(...)`). */
export function named_struct(...cols: ColumnOrName[]): Column {
  return fn("named_struct", ...cols);
}
/** `create_map(k1, v1, …)`: a map column from key/value column pairs. */
export function create_map(...cols: (ColumnOrName | readonly ColumnOrName[])[]): Column {
  return fn("map", ...flatCols(cols));
}
/** `map_from_arrays(keys, values)`: a map from a key array column and a value array column. */
export function map_from_arrays(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn("map_from_arrays", col1, col2);
}
/** `map_from_entries(col)`: a map from an array of key/value structs. */
export function map_from_entries(col: ColumnOrName): Column {
  return fn("map_from_entries", col);
}
/** `str_to_map(text, pairDelim?, keyValueDelim?)`: splits text into a map (delimiters default `,` and `:`). */
export function str_to_map(
  text: ColumnOrName,
  pairDelim?: ColumnOrName,
  keyValueDelim?: ColumnOrName,
): Column {
  return fnExpr(
    "str_to_map",
    toExpr(text),
    pairDelim === undefined ? litExpr(",") : toExpr(pairDelim),
    keyValueDelim === undefined ? litExpr(":") : toExpr(keyValueDelim),
  );
}

// ---- arrays -------------------------------------------------------------------------------------

/** `size(col)`: number of elements of an array or map. */
export function size(col: ColumnOrName): Column {
  return fn("size", col);
}
/** `cardinality(col)`: alias of `size`. */
export function cardinality(col: ColumnOrName): Column {
  return fn("cardinality", col);
}
/** `array_size(col)`: number of elements of an array (NULL for NULL). */
export function array_size(col: ColumnOrName): Column {
  return fn("array_size", col);
}
/** `array_contains(col, value)`: whether the array contains the value. */
export function array_contains(col: ColumnOrName, value_: ColumnOrValue): Column {
  return fnExpr("array_contains", toExpr(col), value(value_));
}
/** `arrays_overlap(a1, a2)`: whether the arrays share a non-null element. */
export function arrays_overlap(a1: ColumnOrName, a2: ColumnOrName): Column {
  return fn("arrays_overlap", a1, a2);
}
/** `slice(x, start, length)`: a sub-array from 1-based `start`. */
export function slice(x: ColumnOrName, start: ColumnOrName | number, length: ColumnOrName | number): Column {
  return fnExpr("slice", toExpr(x), colOrInt(start), colOrInt(length));
}
/** `array_join(col, delimiter, null_replacement?)`: joins string elements. */
export function array_join(col: ColumnOrName, delimiter: string, null_replacement?: string): Column {
  const args = [toExpr(col), litExpr(delimiter)];
  if (null_replacement !== undefined) args.push(litExpr(null_replacement));
  return fnExpr("array_join", ...args);
}
/** `array_position(col, value)`: 1-based position of the value, 0 if absent. */
export function array_position(col: ColumnOrName, value_: ColumnOrValue): Column {
  return fnExpr("array_position", toExpr(col), value(value_));
}
/** `element_at(col, extraction)`: 1-based array element or map value. */
export function element_at(col: ColumnOrName, extraction: ColumnOrValue): Column {
  return fnExpr("element_at", toExpr(col), value(extraction));
}
/** `try_element_at(col, extraction)`: as element_at, NULL when out of range. */
export function try_element_at(col: ColumnOrName, extraction: ColumnOrName): Column {
  return fn("try_element_at", col, extraction);
}
/** `get(col, index)`: 0-based array element, NULL when out of range. */
export function get(col: ColumnOrName, index: ColumnOrName | number): Column {
  return fnExpr("get", toExpr(col), colOrInt(index));
}
/** `array_append(col, value)`: the array with the value appended. */
export function array_append(col: ColumnOrName, value_: ColumnOrValue): Column {
  return fnExpr("array_append", toExpr(col), value(value_));
}
/** `array_prepend(col, value)`: the array with the value prepended. */
export function array_prepend(col: ColumnOrName, value_: ColumnOrValue): Column {
  return fnExpr("array_prepend", toExpr(col), value(value_));
}
/** `array_insert(arr, pos, value)`: the array with the value inserted at 1-based `pos`. */
export function array_insert(arr: ColumnOrName, pos: ColumnOrName | number, value_: ColumnOrValue): Column {
  return fnExpr("array_insert", toExpr(arr), colOrInt(pos), value(value_));
}
/** `array_remove(col, element)`: the array without elements equal to `element`. */
export function array_remove(col: ColumnOrName, element: ColumnOrValue): Column {
  return fnExpr("array_remove", toExpr(col), value(element));
}
/** `array_distinct(col)`: the array without duplicates. */
export function array_distinct(col: ColumnOrName): Column {
  return fn("array_distinct", col);
}
/** `array_intersect(col1, col2)`: elements in both arrays, without duplicates. */
export function array_intersect(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn("array_intersect", col1, col2);
}
/** `array_union(col1, col2)`: elements in either array, without duplicates. */
export function array_union(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn("array_union", col1, col2);
}
/** `array_except(col1, col2)`: elements of col1 not in col2, without duplicates. */
export function array_except(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn("array_except", col1, col2);
}
/** `array_compact(col)`: the array without NULLs. */
export function array_compact(col: ColumnOrName): Column {
  return fn("array_compact", col);
}
/** `array_min(col)`: the smallest element. */
export function array_min(col: ColumnOrName): Column {
  return fn("array_min", col);
}
/** `array_max(col)`: the largest element. */
export function array_max(col: ColumnOrName): Column {
  return fn("array_max", col);
}
/** `sort_array(col, asc = true)`: sorted array; NULLs first ascending, last descending. */
export function sort_array(col: ColumnOrName, asc = true): Column {
  return fnExpr("sort_array", toExpr(col), litExpr(asc));
}
/**
 * `array_sort(col, comparator?)`: ascending sort with NULLs last, or by `(left, right) => Column`
 * returning a negative, zero or positive integer.
 */
export function array_sort(col: ColumnOrName, comparator?: (left: Column, right: Column) => Column): Column {
  if (!comparator) return fn("array_sort", col);
  return fnExpr("array_sort", toExpr(col), createLambda(comparator, "array_sort"));
}
/** `shuffle(col, seed?)`: a random permutation of the array. */
export function shuffle(col: ColumnOrName, seed?: number): Column {
  return seed === undefined ? fn("shuffle", col) : fnExpr("shuffle", toExpr(col), litExpr(seed));
}
/** `flatten(col)`: an array of arrays as one array. */
export function flatten(col: ColumnOrName): Column {
  return fn("flatten", col);
}
/** `sequence(start, stop, step?)`: integers (or dates) from start to stop inclusive. */
export function sequence(start: ColumnOrName, stop: ColumnOrName, step?: ColumnOrName): Column {
  return step === undefined ? fn("sequence", start, stop) : fn("sequence", start, stop, step);
}
/** `array_repeat(col, count)`: the value repeated `count` times. */
export function array_repeat(col: ColumnOrName, count: ColumnOrName | number): Column {
  return fnExpr("array_repeat", toExpr(col), colOrInt(count));
}
/** `arrays_zip(*cols)`: an array of structs pairing the N-th elements. */
export function arrays_zip(...cols: ColumnOrName[]): Column {
  return fn("arrays_zip", ...cols);
}

// ---- maps ---------------------------------------------------------------------------------------

/** `map_contains_key(col, value)`: whether the map has the key. */
export function map_contains_key(col: ColumnOrName, value_: ColumnOrValue): Column {
  return fnExpr("map_contains_key", toExpr(col), value(value_));
}
/** `map_keys(col)`: the keys of a map. */
export function map_keys(col: ColumnOrName): Column {
  return fn("map_keys", col);
}
/** `map_values(col)`: the values of a map. */
export function map_values(col: ColumnOrName): Column {
  return fn("map_values", col);
}
/** `map_entries(col)`: the entries of a map as key/value structs. */
export function map_entries(col: ColumnOrName): Column {
  return fn("map_entries", col);
}
/** `map_concat(*cols)`: the union of maps. */
export function map_concat(...cols: (ColumnOrName | readonly ColumnOrName[])[]): Column {
  return fn("map_concat", ...flatCols(cols));
}

// ---- generators ---------------------------------------------------------------------------------

/** `explode(col)`: a row per array element (`col`) or map entry (`key`, `value`). */
export function explode(col: ColumnOrName): Column {
  return fn("explode", col);
}
/** `explode_outer(col)`: as explode, keeping NULL/empty input as a row of NULLs. */
export function explode_outer(col: ColumnOrName): Column {
  return fn("explode_outer", col);
}
/** `posexplode(col)`: as explode with a `pos` column. */
export function posexplode(col: ColumnOrName): Column {
  return fn("posexplode", col);
}
/** `posexplode_outer(col)`: as posexplode, keeping NULL/empty input as a row of NULLs. */
export function posexplode_outer(col: ColumnOrName): Column {
  return fn("posexplode_outer", col);
}
/** `inline(col)`: an array of structs as rows. */
export function inline(col: ColumnOrName): Column {
  return fn("inline", col);
}
/** `inline_outer(col)`: as inline, keeping NULL/empty input as a row of NULLs. */
export function inline_outer(col: ColumnOrName): Column {
  return fn("inline_outer", col);
}
/** `stack(n, *cols)`: spreads the values over `n` rows. */
export function stack(...cols: (ColumnOrName | number)[]): Column {
  return fnExpr("stack", ...cols.map((c) => colOrInt(c)));
}

// ---- JSON ---------------------------------------------------------------------------------------

/** `from_json(col, schema, options?)`: parses JSON text with a schema (DataType, DDL or JSON text). */
export function from_json(
  col: ColumnOrName,
  schema: DataType | Column | string,
  options?: FunctionOptions,
): Column {
  const schemaExpr =
    typeof schema === "string" ? litExpr(schema) : "kind" in schema ? litExpr(schema.json()) : toExpr(schema);
  const args = [toExpr(col), schemaExpr];
  if (options !== undefined) args.push(optionsExpr(options));
  return fnExpr("from_json", ...args);
}
/** `to_json(col, options?)`: a struct, array or map column as JSON text. */
export function to_json(col: ColumnOrName, options?: FunctionOptions): Column {
  return options === undefined ? fn("to_json", col) : fnExpr("to_json", toExpr(col), optionsExpr(options));
}
/** `get_json_object(col, path)`: the value at a JSON path. */
export function get_json_object(col: ColumnOrName, path: string): Column {
  return fnExpr("get_json_object", toExpr(col), litExpr(path));
}
/** `json_tuple(col, *fields)`: top-level JSON fields as columns c0, c1, …. */
export function json_tuple(col: ColumnOrName, ...fields: string[]): Column {
  return fnExpr("json_tuple", toExpr(col), ...fields.map((f) => litExpr(f)));
}
/** `schema_of_json(json, options?)`: the DDL schema of a JSON string literal. */
export function schema_of_json(json: Column | string, options?: FunctionOptions): Column {
  const j = typeof json === "string" ? litExpr(json) : toExpr(json);
  return options === undefined
    ? fnExpr("schema_of_json", j)
    : fnExpr("schema_of_json", j, optionsExpr(options));
}
/** `json_array_length(col)`: element count of a JSON array string. */
export function json_array_length(col: ColumnOrName): Column {
  return fn("json_array_length", col);
}
/** `json_object_keys(col)`: the keys of a JSON object string. */
export function json_object_keys(col: ColumnOrName): Column {
  return fn("json_object_keys", col);
}
/** `from_csv(col, schema, options?)`: parses one CSV record with a DDL schema into a struct. */
export function from_csv(col: ColumnOrName, schema: Column | string, options?: FunctionOptions): Column {
  const args = [toExpr(col), typeof schema === "string" ? litExpr(schema) : toExpr(schema)];
  if (options !== undefined) args.push(optionsExpr(options));
  return fnExpr("from_csv", ...args);
}
/** `to_csv(col, options?)`: a struct column as one CSV record. */
export function to_csv(col: ColumnOrName, options?: FunctionOptions): Column {
  return options === undefined ? fn("to_csv", col) : fnExpr("to_csv", toExpr(col), optionsExpr(options));
}
/** `schema_of_csv(csv, options?)`: the DDL schema inferred from a CSV string literal. */
export function schema_of_csv(csv: Column | string, options?: FunctionOptions): Column {
  const c = typeof csv === "string" ? litExpr(csv) : toExpr(csv);
  return options === undefined
    ? fnExpr("schema_of_csv", c)
    : fnExpr("schema_of_csv", c, optionsExpr(options));
}
/** `from_xml(col, schema, options?)`: parses one XML record with a DDL schema into a struct. */
export function from_xml(col: ColumnOrName, schema: Column | string, options?: FunctionOptions): Column {
  const args = [toExpr(col), typeof schema === "string" ? litExpr(schema) : toExpr(schema)];
  if (options !== undefined) args.push(optionsExpr(options));
  return fnExpr("from_xml", ...args);
}
/** `to_xml(col, options?)`: a struct column as an XML element. */
export function to_xml(col: ColumnOrName, options?: FunctionOptions): Column {
  return options === undefined ? fn("to_xml", col) : fnExpr("to_xml", toExpr(col), optionsExpr(options));
}
/** `schema_of_xml(xml, options?)`: the DDL schema inferred from an XML string literal. */
export function schema_of_xml(xml: Column | string, options?: FunctionOptions): Column {
  const x = typeof xml === "string" ? litExpr(xml) : toExpr(xml);
  return options === undefined
    ? fnExpr("schema_of_xml", x)
    : fnExpr("schema_of_xml", x, optionsExpr(options));
}
