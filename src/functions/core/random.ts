/**
 * Non-deterministic generators: `rand`/`random`, `randn` and `uuid`. Each partition gets its own
 * generator seeded with `seed + partitionId`, as Spark does, so results are reproducible for a given
 * seed and partitioning. `rand` and `randn` reproduce Spark's values exactly: Spark's
 * `XORShiftRandom` (seed scrambled with Scala's MurmurHash3) behind `java.util.Random`'s
 * `nextDouble` and `nextGaussian`. `uuid` uses the same generator (Spark uses a Mersenne Twister), so
 * its strings are valid version-4 UUIDs but not Spark's.
 */
import { decimalFromDouble, toPrecision } from "../../data/decimal.js";
import {
  type DataType,
  DOUBLE,
  FLOAT,
  INT,
  isIntegral,
  isNumeric,
  LONG,
  STRING,
} from "../../types/data-type.js";
import { TsparkError } from "../../common/errors.js";
import type { BoundScalar } from "../../expressions/kernels.js";
import { ordinalNumber, typeMismatch } from "../errors.js";
import type { BindArg, BindContext, ScalarFunctionDefinition } from "../function-definition.js";

const M64 = 0xffffffffffffffffn;

function mix(h: number, k: number): number {
  let k1 = Math.imul(k, 0xcc9e2d51);
  k1 = (k1 << 15) | (k1 >>> 17);
  k1 = Math.imul(k1, 0x1b873593);
  let h1 = h ^ k1;
  h1 = (h1 << 13) | (h1 >>> 19);
  return (Math.imul(h1, 5) + 0xe6546b64) | 0;
}

function avalanche(h: number): number {
  let h1 = h;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 | 0;
}

/** Scala's `MurmurHash3.bytesHash` of a long's 8 big-endian bytes. */
function bytesHash8(v: bigint, seed: number): number {
  const u = BigInt.asUintN(64, v);
  const hi = Number(u >> 32n) >>> 0;
  const lo = Number(u & 0xffffffffn) >>> 0;
  // Big-endian bytes read back as little-endian ints: byte-swap each half.
  const swap = (x: number): number =>
    ((x & 0xff) << 24) | (((x >>> 8) & 0xff) << 16) | (((x >>> 16) & 0xff) << 8) | (x >>> 24);
  let h = mix(seed, swap(hi));
  h = mix(h, swap(lo));
  return avalanche(h ^ 8);
}

/** Spark's `XORShiftRandom.hashSeed`. */
function hashSeed(seed: bigint): bigint {
  const low = bytesHash8(seed, 0x3c074a61);
  const high = bytesHash8(seed, low);
  return ((BigInt(high >>> 0) << 32n) | BigInt(low >>> 0)) & M64;
}

/** Spark's XORShiftRandom with java.util.Random's derived methods; state is an unsigned 64-bit bigint. */
export class XORShiftRandom {
  private state: bigint;
  private nextNextGaussian = 0;
  private haveNextNextGaussian = false;

  constructor(seed: number | bigint) {
    this.state = hashSeed(BigInt.asIntN(64, BigInt(seed)));
  }

  /** `next(bits)`: the low `bits` bits of the next state. */
  next(bits: number): number {
    let n = this.state ^ ((this.state << 21n) & M64);
    n ^= n >> 35n;
    n ^= (n << 4n) & M64;
    this.state = n;
    return Number(BigInt.asIntN(32, n & ((1n << BigInt(bits)) - 1n)));
  }

  /** java.util.Random's `nextDouble`: uniform in [0, 1). */
  nextDouble(): number {
    return (this.next(26) * 134217728 + this.next(27)) * 2 ** -53;
  }

  /** java.util.Random's `nextLong`. */
  nextLong(): bigint {
    return BigInt.asIntN(64, (BigInt(this.next(32)) << 32n) + BigInt(this.next(32)));
  }

  /** java.util.Random's `nextGaussian` (Marsaglia polar method, caching the second value). */
  nextGaussian(): number {
    if (this.haveNextNextGaussian) {
      this.haveNextNextGaussian = false;
      return this.nextNextGaussian;
    }
    let v1: number;
    let v2: number;
    let s: number;
    do {
      v1 = 2 * this.nextDouble() - 1;
      v2 = 2 * this.nextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s === 0);
    const multiplier = Math.sqrt((-2 * Math.log(s)) / s);
    this.nextNextGaussian = v2 * multiplier;
    this.haveNextNextGaussian = true;
    return v1 * multiplier;
  }
}

function seedOf(name: string, args: readonly BindArg[], ctx: BindContext, at = 0): bigint {
  const a = args[at];
  if (a === undefined) return BigInt(ctx.randomSeed());
  const callSql = `${name}(${args.map((x) => x.sql).join(", ")})`;
  const k = a.dataType.kind;
  // A seed of another type is a type error; a column seed is a foldability error (random.sql.out).
  if (!(k === "int" || k === "long" || k === "null")) {
    throw typeMismatch("UNEXPECTED_INPUT_TYPE", callSql, {
      paramIndex: ordinalNumber(at),
      requiredType: '("INT" or "BIGINT")',
      inputSql: `"${a.sql}"`,
      inputType: `"${a.dataType.sql()}"`,
    });
  }
  if (!a.foldable) {
    throw typeMismatch("NON_FOLDABLE_INPUT", callSql, {
      inputName: "`seed`",
      inputType: '"INT" or "BIGINT"',
      inputExpr: `"${a.sql}"`,
    });
  }
  const v = a.value;
  return v === null || v === undefined ? 0n : BigInt(v as number | bigint);
}

/**
 * A kernel drawing from one XORShiftRandom per partition seeded with `seed + partitionId`, as
 * Spark's rand/randn/uuid; `withSeed` rebuilds it for another seed.
 */
function seededKernel(
  seed: bigint,
  dataType: DataType,
  draw: (rng: XORShiftRandom) => () => unknown,
): BoundScalar {
  const evalAt = (partitionId: number): (() => unknown) =>
    draw(new XORShiftRandom(seed + BigInt(partitionId)));
  return {
    dataType,
    nullable: false,
    nullIntolerant: false,
    deterministic: false,
    eval: evalAt(0),
    makeEval: (ec) => evalAt(ec.partitionId),
    withSeed: (s) => seededKernel(s, dataType, draw),
  };
}

function randomDefinition(
  name: "rand" | "randn",
  aliases: readonly string[],
  usage: string,
  example: { sql: string; result: string },
  draw: (r: XORShiftRandom) => number,
): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    aliases,
    args: { min: 0, max: 1 },
    docs: { usage, examples: [example], since: "1.5.0" },
    coerce: (types) =>
      types.map((t) => (t.kind === "int" || t.kind === "long" || t.kind === "null" ? t : undefined)),
    bind: (args, ctx) => seededKernel(seedOf(name, args, ctx), DOUBLE, (rng) => () => draw(rng)),
  };
}

/** `rand([seed])`: uniform double in [0, 1), per-partition seeded as Spark. */
export const RAND = randomDefinition(
  "rand",
  ["random"],
  "rand([seed]) - Returns a random value with independent and identically distributed (i.i.d.) uniformly distributed values in [0, 1).",
  { sql: "rand(0)", result: "0.7604953758285915" },
  (r) => r.nextDouble(),
);

/** `randn([seed])`: standard normal double, per-partition seeded as Spark. */
export const RANDN = randomDefinition(
  "randn",
  [],
  "randn([seed]) - Returns a random value with independent and identically distributed (i.i.d.) values drawn from the standard normal distribution.",
  { sql: "randn(0)", result: "1.6034991609278433" },
  (r) => r.nextGaussian(),
);

function uuidFrom(hi: bigint, lo: bigint): string {
  // Version 4 and the IETF variant, as java.util.UUID.randomUUID sets them.
  const h = (BigInt.asUintN(64, hi) & ~0xf000n) | 0x4000n;
  const l = (BigInt.asUintN(64, lo) & 0x3fffffffffffffffn) | 0x8000000000000000n;
  const s = h.toString(16).padStart(16, "0") + l.toString(16).padStart(16, "0");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** `uuid()`: a random version-4 UUID string, per-partition seeded. */
export const UUID: ScalarFunctionDefinition = {
  type: "scalar",
  name: "uuid",
  args: { min: 0, max: 0 },
  docs: {
    usage:
      "uuid() - Returns an universally unique identifier (UUID) string. The value is returned as a canonical UUID 36-character string.",
    examples: [],
    since: "2.3.0",
  },
  bind: (_args, ctx) =>
    seededKernel(BigInt(ctx.randomSeed()), STRING, (rng) => () => uuidFrom(rng.nextLong(), rng.nextLong())),
};

/** Checks a foldable numeric bound of uniform (`min`/`max`). */
function uniformBound(args: readonly BindArg[], at: number, callSql: string): DataType {
  const a = args[at]!;
  const t = a.dataType;
  if (!(isNumeric(t) || t.kind === "null")) {
    throw typeMismatch("UNEXPECTED_INPUT_TYPE", callSql, {
      paramIndex: ordinalNumber(at),
      requiredType: '"NUMERIC"',
      inputSql: `"${a.sql}"`,
      inputType: `"${t.sql()}"`,
    });
  }
  if (!a.foldable) {
    throw typeMismatch("NON_FOLDABLE_INPUT", callSql, {
      inputName: at === 0 ? "`min`" : "`max`",
      inputType: '"NUMERIC"',
      inputExpr: `"${a.sql}"`,
    });
  }
  return t;
}

/** Spark's result type of uniform(min, max): double, float, a decimal, BIGINT or INT. */
function uniformType(a: DataType, b: DataType): DataType {
  if (a.kind === "null" || b.kind === "null") return DOUBLE;
  if (a.kind === "double" || b.kind === "double") return DOUBLE;
  if (a.kind === "float" || b.kind === "float") return FLOAT;
  if (a.kind === "decimal" && b.kind === "decimal") return a.precision >= b.precision ? a : b;
  if (a.kind === "decimal") return a;
  if (b.kind === "decimal") return b;
  if (isIntegral(a) && isIntegral(b)) return a.kind === "long" || b.kind === "long" ? LONG : INT;
  return DOUBLE;
}

function fromUniformDouble(t: DataType): (x: number) => unknown {
  switch (t.kind) {
    case "int":
      return (x) => Math.trunc(x) | 0;
    case "long":
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

/** `uniform(min, max[, seed])`: a random number in [min, max), of the bounds' type (Spark 4). */
export const UNIFORM: ScalarFunctionDefinition = {
  type: "scalar",
  name: "uniform",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "uniform(min, max[, seed]) - Returns a random value with independent and identically distributed (i.i.d.) values with the specified range of numbers. The random seed is optional. The provided numbers specifying the minimum and maximum values of the range must be constant. If both of these numbers are integers, then the result will also be an integer. Otherwise if one or both of these are floating-point numbers, then the result will also be a floating-point number.",
    examples: [{ sql: "uniform(10, 20, 0) > 0", result: "true" }],
    since: "4.0.0",
  },
  bind: (args, ctx) => {
    const callSql = `uniform(${args.map((a) => a.sql).join(", ")})`;
    const lo = uniformBound(args, 0, callSql);
    const hi = uniformBound(args, 1, callSql);
    const seed = seedOf("uniform", args, ctx, 2);
    const dataType = uniformType(lo, hi);
    const toD = (v: unknown, t: DataType): number | null => {
      if (v === null || v === undefined) return null;
      if (t.kind === "decimal") return Number(decimalToText(v as bigint, t.scale));
      return Number(v as number | bigint);
    };
    const min = toD(args[0]!.value, lo);
    const max = toD(args[1]!.value, hi);
    const back = fromUniformDouble(dataType);
    const evalAt = (partitionId: number): (() => unknown) => {
      if (min === null || max === null) return () => null;
      const rng = new XORShiftRandom(seed + BigInt(partitionId));
      return () => back(min + (max - min) * rng.nextDouble());
    };
    return {
      dataType,
      nullable: min === null || max === null,
      nullIntolerant: false,
      deterministic: false,
      eval: evalAt(0),
      makeEval: (ec) => evalAt(ec.partitionId),
    };
  },
};

function decimalToText(unscaled: bigint, scale: number): string {
  if (scale <= 0) return unscaled.toString();
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, "0");
  return `${neg ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** `randstr(length[, seed])`: `length` random characters from [0-9a-zA-Z] (Spark 4). */
export const RANDSTR: ScalarFunctionDefinition = {
  type: "scalar",
  name: "randstr",
  args: { min: 1, max: 2 },
  docs: {
    usage:
      "randstr(length[, seed]) - Returns a string of the specified length whose characters are chosen uniformly at random from the following pool of characters: 0-9, a-z, A-Z. The random seed is optional. The string length must be a constant two-byte or four-byte integer (SMALLINT or INT, respectively).",
    examples: [{ sql: "length(randstr(3, 0))", result: "3" }],
    since: "4.0.0",
  },
  bind: (args, ctx) => {
    const callSql = `randstr(${args.map((a) => a.sql).join(", ")})`;
    const len = args[0]!;
    // Any numeric length is accepted and truncated to an INT; NULL means an empty string.
    if (!(isNumeric(len.dataType) || len.dataType.kind === "null")) {
      throw typeMismatch("UNEXPECTED_INPUT_TYPE", callSql, {
        paramIndex: "first",
        requiredType: '"INT or SMALLINT"',
        inputSql: `"${len.sql}"`,
        inputType: `"${len.dataType.sql()}"`,
      });
    }
    if (!len.foldable) {
      throw typeMismatch("NON_FOLDABLE_INPUT", callSql, {
        inputName: "`length`",
        inputType: "INT or SMALLINT",
        inputExpr: `"${len.sql}"`,
      });
    }
    const seed = seedOf("randstr", args, ctx, 1);
    const lv = len.value;
    const n =
      lv === null || lv === undefined
        ? 0
        : Math.trunc(
            len.dataType.kind === "decimal"
              ? Number(decimalToText(lv as bigint, len.dataType.scale))
              : Number(lv as number | bigint),
          );
    const evalAt = (partitionId: number): (() => string) => {
      const rng = new XORShiftRandom(seed + BigInt(partitionId));
      return () => {
        if (n < 0) {
          throw new TsparkError("INVALID_PARAMETER_VALUE.LENGTH", {
            messageParameters: {
              functionName: "`randstr`",
              parameter: "`length`",
              length: String(n),
              message: `Expects \`length\` greater than or equal to 0, but got ${n}.`,
            },
          });
        }
        let out = "";
        for (let i = 0; i < n; i++) {
          const v = Math.abs(rng.next(32) % 62);
          out += String.fromCharCode(v < 10 ? 48 + v : v < 36 ? 87 + v : 29 + v);
        }
        return out;
      };
    };
    return {
      dataType: STRING,
      nullable: false,
      nullIntolerant: false,
      deterministic: false,
      eval: evalAt(0),
      makeEval: (ec) => evalAt(ec.partitionId),
    };
  },
};
