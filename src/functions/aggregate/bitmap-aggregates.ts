/**
 * `bitmap_construct_agg(bit_position)` and `bitmap_or_agg(bitmap)`: build a 4096-byte bitmap
 * (bit i = byte i / 8, bit i % 8) from positions, or OR bitmaps together. An empty group gives an
 * all-zero bitmap, as in Spark.
 */
import { TsparkError } from "../../common/errors.js";
import { BINARY, LONG } from "../../types/data-type.js";
import { unexpectedInputType } from "../errors.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";

const NUM_BYTES = 4096;
const NUM_BITS = NUM_BYTES * 8;

function orInto(a: Uint8Array, b: Uint8Array): Uint8Array {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) a[i] = a[i]! | b[i]!;
  return a;
}

/** `bitmap_construct_agg`: sets the bit of every input position. */
export const bitmapConstructAgg: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "bitmap_construct_agg",
  args: { min: 1, max: 1 },
  coerce: (types) => types.map((t) => (t.kind === "long" ? undefined : LONG)),
  docs: {
    usage:
      "bitmap_construct_agg(child) - Returns a bitmap with the positions of the bits set from all the values from the child expression.",
    examples: [
      {
        sql: "substring(hex(bitmap_construct_agg(bitmap_bit_position(col))), 0, 6) FROM VALUES (1), (2), (3) AS tab(col)",
        result: "070000",
      },
      {
        sql: "substring(hex(bitmap_construct_agg(bitmap_bit_position(col))), 0, 6) FROM VALUES (1), (1), (1) AS tab(col)",
        result: "010000",
      },
    ],
    since: "3.5.0",
  },
  bind: (args): BoundAggregate => {
    const a = args[0]!;
    if (a.dataType.kind !== "long" && a.dataType.kind !== "null") {
      throw unexpectedInputType(`bitmap_construct_agg(${a.sql})`, 0, '"BIGINT"', a);
    }
    return {
      dataType: BINARY,
      nullable: false,
      init: () => new Uint8Array(NUM_BYTES),
      update: (buf, v) => {
        const pos = Number(v as number | bigint);
        if (pos < 0 || pos >= NUM_BITS) {
          throw new TsparkError("INVALID_BITMAP_POSITION", {
            messageParameters: {
              bitPosition: String(pos),
              bitmapNumBits: String(NUM_BITS),
              bitmapNumBytes: String(NUM_BYTES),
            },
          });
        }
        const b = buf as Uint8Array;
        b[pos >> 3] = b[pos >> 3]! | (1 << (pos & 7));
        return b;
      },
      merge: (x, y) => orInto(x as Uint8Array, y as Uint8Array),
      finish: (buf) => (buf as Uint8Array).slice(),
    };
  },
};

/** `bitmap_or_agg`: the bitwise OR of the input bitmaps. */
export const bitmapOrAgg: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "bitmap_or_agg",
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "bitmap_or_agg(child) - Returns a bitmap that is the bitwise OR of all of the bitmaps from the child expression.",
    examples: [
      {
        sql: "substring(hex(bitmap_or_agg(col)), 0, 6) FROM VALUES (X '10'), (X '20'), (X '40') AS tab(col)",
        result: "700000",
      },
      {
        sql: "substring(hex(bitmap_or_agg(col)), 0, 6) FROM VALUES (X '10'), (X '10'), (X '10') AS tab(col)",
        result: "100000",
      },
    ],
    since: "3.5.0",
  },
  bind: (args): BoundAggregate => {
    const a = args[0]!;
    if (a.dataType.kind !== "binary" && a.dataType.kind !== "null") {
      throw unexpectedInputType(`bitmap_or_agg(${a.sql})`, 0, '"BINARY"', a);
    }
    return {
      dataType: BINARY,
      nullable: false,
      init: () => new Uint8Array(NUM_BYTES),
      update: (buf, v) => orInto(buf as Uint8Array, v as Uint8Array),
      merge: (x, y) => orInto(x as Uint8Array, y as Uint8Array),
      finish: (buf) => (buf as Uint8Array).slice(),
    };
  },
};
