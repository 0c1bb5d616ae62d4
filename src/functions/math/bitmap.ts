/**
 * Bitmap helpers for exact COUNT(DISTINCT) by buckets: `bitmap_bucket_number(n)`,
 * `bitmap_bit_position(n)` and `bitmap_count(bitmap)`. A bitmap is a 4096-byte BINARY (32768 bits);
 * value n ≥ 1 lives in bucket 1 + (n - 1) / 32768 at bit (n - 1) % 32768, value n ≤ 0 in bucket
 * -n / 32768 at bit -n % 32768. See the aggregates in ../aggregate/bitmap-aggregates.ts.
 */
import { BINARY, LONG } from "../../types/data-type.js";
import { unexpectedInputType } from "../errors.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";

/** Bits in one bitmap. */
export const BITMAP_NUM_BITS = 32768;

const BITS = BigInt(BITMAP_NUM_BITS);

const toLong = (types: readonly { kind: string }[]) =>
  types.map((t) => (t.kind === "long" ? undefined : LONG));

function asBig(v: unknown): bigint {
  return typeof v === "bigint" ? v : BigInt(v as number);
}

/** `bitmap_bucket_number(n)`: the bucket of value n. */
export const BITMAP_BUCKET_NUMBER: ScalarFunctionDefinition = {
  type: "scalar",
  name: "bitmap_bucket_number",
  args: { min: 1, max: 1 },
  docs: {
    usage: "bitmap_bucket_number(child) - Returns the bucket number for the given input child expression.",
    examples: [
      { sql: "bitmap_bucket_number(123)", result: "1" },
      { sql: "bitmap_bucket_number(0)", result: "0" },
    ],
    since: "3.5.0",
  },
  coerce: toLong,
  bind: (args) => ({
    dataType: LONG,
    nullable: args[0]?.nullable ?? true,
    eval: (v) => {
      const n = asBig(v);
      return Number(n > 0n ? 1n + (n - 1n) / BITS : -n / BITS);
    },
  }),
};

/** `bitmap_bit_position(n)`: the 0-based bit of value n within its bucket. */
export const BITMAP_BIT_POSITION: ScalarFunctionDefinition = {
  type: "scalar",
  name: "bitmap_bit_position",
  args: { min: 1, max: 1 },
  docs: {
    usage: "bitmap_bit_position(child) - Returns the bit position for the given input child expression.",
    examples: [
      { sql: "bitmap_bit_position(1)", result: "0" },
      { sql: "bitmap_bit_position(123)", result: "122" },
    ],
    since: "3.5.0",
  },
  coerce: toLong,
  bind: (args) => ({
    dataType: LONG,
    nullable: args[0]?.nullable ?? true,
    eval: (v) => {
      const n = asBig(v);
      return Number(n > 0n ? (n - 1n) % BITS : -n % BITS);
    },
  }),
};

const POPCOUNT = new Uint8Array(256).map((_, i) => {
  let c = 0;
  for (let b = i; b !== 0; b >>= 1) c += b & 1;
  return c;
});

/** `bitmap_count(bitmap)`: the number of set bits. */
export const BITMAP_COUNT: ScalarFunctionDefinition = {
  type: "scalar",
  name: "bitmap_count",
  args: { min: 1, max: 1 },
  docs: {
    usage: "bitmap_count(child) - Returns the number of set bits in the child bitmap.",
    examples: [
      { sql: "bitmap_count(X '1010')", result: "2" },
      { sql: "bitmap_count(X 'FFFF')", result: "16" },
      { sql: "bitmap_count(X '0')", result: "0" },
    ],
    since: "3.5.0",
  },
  bind: (args) => {
    const a = args[0]!;
    if (a.dataType.kind !== "binary" && a.dataType.kind !== "null") {
      throw unexpectedInputType(`bitmap_count(${a.sql})`, 0, `"${BINARY.sql()}"`, a);
    }
    return {
      dataType: LONG,
      nullable: a.nullable,
      eval: (v) => {
        const b = v as Uint8Array;
        let c = 0;
        for (let i = 0; i < b.length; i++) c += POPCOUNT[b[i]!]!;
        return c;
      },
    };
  },
};
