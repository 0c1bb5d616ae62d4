/**
 * A hash index of groups by the values of a row's first `n` columns, without building a key
 * string per row: a trie of Maps, one level per primitive in the row's key values flattened in
 * order (an array or struct as a length marker then its elements; a null as a marker). Lookups
 * hash numbers and strings as they are, so a grouping by (auction, window) costs a few Map lookups
 * on numbers instead of the concatenation and hashing of a ~40-character key.
 *
 * Keys are equal exactly when `compositeKey` (group-key.ts) would give equal strings: numbers by
 * SameValueZero (NaN equals NaN, -0 equals 0, as Spark normalises them), strings, booleans and
 * bigints by value, arrays and structs element by element; maps, binaries and intervals by their
 * `singleKey` encoding. A column holds one kind of value (a long is a number, or a bigint when
 * unsafe, never both for one value; data/values.ts), so a number and a bigint never need to meet.
 * The flattening is prefix-free (every marker fixes how many values follow), so no key's path is a
 * prefix of another's and the groups sit at the leaves.
 *
 * Groups are kept in insertion order (`values`), the order a Map keyed by the key string gave.
 */
import { singleKey } from "./group-key.js";

/** The marker of a null value (no primitive equals it). */
const NULL_MARK: object = Object.freeze({ null: true });
/** The marker of an empty key (no grouping columns). */
const EMPTY_MARK: object = Object.freeze({ empty: true });
/** One marker object per array length (identity is what a Map compares). */
const arrayMarks: object[] = [];

function arrayMark(length: number): object {
  let m = arrayMarks[length];
  if (m === undefined) {
    m = Object.freeze({ length });
    arrayMarks[length] = m;
  }
  return m;
}

type Level = Map<unknown, unknown>;

/**
 * Groups indexed by key columns. Usage per row: `find` (undefined when the row's key is new), then
 * `add` with the new group right after a `find` that missed. Not for concurrent walks.
 */
export class GroupIndex<V> {
  /** The groups, in the order they were added. */
  readonly values: V[] = [];
  private readonly root: Level = new Map();
  /** Where the last `find` ended: the leaf level and the last token of the key. */
  private leaf: Level = this.root;
  private token: unknown = EMPTY_MARK;

  /** Number of groups. */
  get size(): number {
    return this.values.length;
  }

  /** The group of row `row` over the first `n` columns, or undefined (then `add` may follow). */
  find(columns: readonly (readonly unknown[])[], n: number, row: number): V | undefined {
    this.leaf = this.root;
    this.token = EMPTY_MARK;
    for (let c = 0; c < n; c++) this.walk(columns[c]![row]);
    return this.leaf.get(this.token) as V | undefined;
  }

  /** Adds `group` under the key of the last `find`, which must have missed. */
  add(group: V): void {
    this.leaf.set(this.token, group);
    this.values.push(group);
  }

  /** Descends by the previous token and makes `v`'s flattening the pending tokens. */
  private walk(v: unknown): void {
    if (v === null || v === undefined) {
      this.step(NULL_MARK);
      return;
    }
    switch (typeof v) {
      case "number":
      case "string":
      case "boolean":
      case "bigint":
        this.step(v);
        return;
      default:
        break;
    }
    if (Array.isArray(v)) {
      this.step(arrayMark(v.length));
      // Indexed: a recursive method's for-of allocates an iterator result per element.
      for (let i = 0; i < v.length; i++) this.walk(v[i]);
      return;
    }
    // Binary, map and interval values compare by their encoding (a string, as a string column's
    // value would be; one column never holds both).
    this.step(singleKey(v));
  }

  /** Moves down one level by the pending token (creating the level), then holds `token`. */
  private step(token: unknown): void {
    if (this.token !== EMPTY_MARK || this.leaf !== this.root) {
      let next = this.leaf.get(this.token) as Level | undefined;
      if (next === undefined) {
        next = new Map();
        this.leaf.set(this.token, next);
      }
      this.leaf = next;
    }
    this.token = token;
  }
}
