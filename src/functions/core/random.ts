/**
 * Non-deterministic generators: `rand`/`random`, `randn` and `uuid`. Each partition gets its own
 * generator seeded with `seed + partitionId`, as Spark does, so results are reproducible for a given
 * seed and partitioning. `rand` and `randn` reproduce Spark's values exactly: Spark's
 * `XORShiftRandom` (seed scrambled with Scala's MurmurHash3) behind `java.util.Random`'s
 * `nextDouble` and `nextGaussian`. `uuid` uses the same generator (Spark uses a Mersenne Twister), so
 * its strings are valid version-4 UUIDs but not Spark's.
 */
import { DOUBLE, STRING } from "../../types/data-type.js";
import { typeMismatch } from "../errors.js";
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

function seedOf(name: string, args: readonly BindArg[], ctx: BindContext): bigint {
  const a = args[0];
  if (a === undefined) return BigInt(ctx.randomSeed());
  if (
    !a.foldable ||
    !(a.dataType.kind === "int" || a.dataType.kind === "long" || a.dataType.kind === "null")
  ) {
    throw typeMismatch("NON_FOLDABLE_INPUT", `${name}(${a.sql})`, {
      inputName: "`seed`",
      inputType: '"INT" or "BIGINT"',
      inputExpr: `"${a.sql}"`,
    });
  }
  const v = a.value;
  return v === null || v === undefined ? 0n : BigInt(v as number | bigint);
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
    bind: (args, ctx) => {
      const seed = seedOf(name, args, ctx);
      const evalAt = (partitionId: number): (() => number) => {
        const rng = new XORShiftRandom(seed + BigInt(partitionId));
        return () => draw(rng);
      };
      return {
        dataType: DOUBLE,
        nullable: false,
        nullIntolerant: false,
        deterministic: false,
        eval: evalAt(0),
        makeEval: (ec) => evalAt(ec.partitionId),
      };
    },
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
  bind: (_args, ctx) => {
    const seed = BigInt(ctx.randomSeed());
    const evalAt = (partitionId: number): (() => string) => {
      const rng = new XORShiftRandom(seed + BigInt(partitionId));
      return () => uuidFrom(rng.nextLong(), rng.nextLong());
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
