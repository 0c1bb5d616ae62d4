/**
 * `histogram_numeric(expr, nb)`: an approximate histogram of `nb` bins, as Spark's (Hive's)
 * NumericHistogram builds it: each value becomes a bin (or bumps an equal one); while there are too
 * many bins, the two closest adjacent bins merge into their weighted mean. Ties between equally
 * close pairs are broken with java.util.Random(31183), as Spark does, so results match Spark when
 * the rows arrive in the same order.
 *
 * Buffer: [seed, xs[], ys[]] (plain data; `seed` is the 48-bit Random state as a decimal string).
 */
import { decimalFromDouble, toPrecision } from "../../data/decimal.js";
import {
  ArrayType,
  type DataType,
  DOUBLE,
  isNumeric,
  StructField,
  StructType,
} from "../../types/data-type.js";
import { unexpectedInputType } from "../errors.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";
import { aggCallSql, foldableValue, toDoubleFn } from "./helpers.js";

type Buffer = [string, number[], number[]];

const MULTIPLIER = 0x5deece66dn;
const MASK = (1n << 48n) - 1n;

/** java.util.Random's initial scrambled state for a seed. */
function scramble(seed: bigint): bigint {
  return (seed ^ MULTIPLIER) & MASK;
}

/** java.util.Random.nextDouble on a state; returns [value, next state]. */
function nextDouble(state: bigint): [number, bigint] {
  const s1 = (state * MULTIPLIER + 0xbn) & MASK;
  const s2 = (s1 * MULTIPLIER + 0xbn) & MASK;
  const hi = Number(s1 >> 22n); // next(26)
  const lo = Number(s2 >> 21n); // next(27)
  return [(hi * 2 ** 27 + lo) * 2 ** -53, s2];
}

function trim(buf: Buffer, nb: number): void {
  const [, xs, ys] = buf;
  let state = BigInt(buf[0]);
  while (xs.length > nb) {
    let smallest = xs[1]! - xs[0]!;
    let loc = 0;
    let count = 1;
    for (let i = 1; i < xs.length - 1; i++) {
      const diff = xs[i + 1]! - xs[i]!;
      if (diff < smallest) {
        smallest = diff;
        loc = i;
        count = 1;
      } else if (diff === smallest) {
        const [r, next] = nextDouble(state);
        state = next;
        if (r <= 1 / ++count) loc = i;
      }
    }
    const d = ys[loc]! + ys[loc + 1]!;
    xs[loc] = (xs[loc]! * ys[loc]! + xs[loc + 1]! * ys[loc + 1]!) / d;
    ys[loc] = d;
    xs.splice(loc + 1, 1);
    ys.splice(loc + 1, 1);
  }
  buf[0] = state.toString();
}

function add(buf: Buffer, v: number, nb: number): void {
  const [, xs, ys] = buf;
  let l = 0;
  let r = xs.length;
  while (l < r) {
    const m = (l + r) >> 1;
    if (xs[m]! > v) r = m;
    else {
      if (xs[m] === v) {
        ys[m]!++;
        return;
      }
      l = m + 1;
    }
  }
  xs.splice(l, 0, v);
  ys.splice(l, 0, 1);
  if (xs.length > nb) trim(buf, nb);
}

/** Converts a bin centre back to the input type (Spark keeps the input type for `x`). */
function fromDouble(t: DataType): (x: number) => unknown {
  switch (t.kind) {
    case "byte":
    case "short":
    case "int":
      return (x) => Math.trunc(x) | 0;
    case "long":
    case "timestamp":
    case "timestamp_ntz":
      return (x) => Math.trunc(x);
    case "float":
      return (x) => Math.fround(x);
    case "decimal":
      return (x) => {
        const d = decimalFromDouble(x);
        return d === undefined ? null : (toPrecision(d.unscaled, d.scale, t.precision, t.scale) ?? null);
      };
    default:
      return (x) => x;
  }
}

/** `histogram_numeric(expr, nb)`. */
export const histogramNumeric: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "histogram_numeric",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "histogram_numeric(expr, nb) - Computes a histogram on numeric 'expr' using nb bins. The return value is an array of (x,y) pairs representing the centers of the histogram's bins.",
    examples: [
      {
        sql: "histogram_numeric(col, 5) FROM VALUES (0), (1), (2), (10) AS tab(col)",
        result: "[{0, 1.0}, {1, 1.0}, {2, 1.0}, {10, 1.0}]",
      },
    ],
    since: "3.3.0",
  },
  bind: (args): BoundAggregate => {
    const name = "histogram_numeric";
    const t = args[0]!.dataType;
    const inputType = t.kind === "null" ? DOUBLE : t;
    if (!(isNumeric(inputType) || inputType.kind === "timestamp" || inputType.kind === "timestamp_ntz")) {
      throw unexpectedInputType(
        aggCallSql(name, args),
        0,
        '("NUMERIC" or "TIMESTAMP" or "TIMESTAMP_NTZ")',
        args[0]!,
      );
    }
    const nbValue = foldableValue(name, args, 1, "nb", '"INT"');
    const nb = Number(nbValue);
    const toD = toDoubleFn(inputType);
    const back = fromDouble(inputType);
    const seed = scramble(31183n).toString();
    return {
      dataType: new ArrayType(
        new StructType([new StructField("x", inputType, true), new StructField("y", DOUBLE, true)]),
        true,
      ),
      nullable: true,
      init: (): Buffer => [seed, [], []],
      update: (b, v) => {
        add(b as Buffer, toD(v), nb);
        return b;
      },
      merge: (a, b) => {
        const x = a as Buffer;
        const y = b as Buffer;
        if (y[1].length === 0) return x;
        if (x[1].length === 0) return [x[0], [...y[1]], [...y[2]]];
        const pairs = x[1]
          .map((v, i) => [v, x[2][i]!] as const)
          .concat(y[1].map((v, i) => [v, y[2][i]!] as const));
        pairs.sort((p, q) => p[0] - q[0]);
        const out: Buffer = [x[0], pairs.map((p) => p[0]), pairs.map((p) => p[1])];
        trim(out, nb);
        return out;
      },
      finish: (b) => {
        const [, xs, ys] = b as Buffer;
        if (xs.length === 0) return null;
        return xs.map((x, i) => [back(x), ys[i]!]);
      },
    };
  },
};
