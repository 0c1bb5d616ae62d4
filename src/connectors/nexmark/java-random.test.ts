// JavaRandom against java.util.Random. Expected values were printed by OpenJDK's
// java.util.Random (new Random(seed), then nextInt(), nextInt(10), nextInt(16), nextInt(10000),
// nextDouble(), nextLong(), nextInt(1000000000), nextInt(2000000001) in that order).
import assert from "node:assert/strict";
import { test } from "node:test";
import { JavaRandom } from "./java-random.js";

const JAVA: readonly [number, readonly [number, number, number, number, number, bigint, number, number]][] = [
  [0, [-1155484576, 8, 3, 6447, 0.6374174253501083, -8292973307042192125n, 283218719, 1678332854]],
  [42, [-1170105035, 3, 10, 8884, 0.30871945533265976, 5111195811822994797n, 429255519, 196118093]],
  [-1, [1155099827, 5, 0, 5439, 0.6620844841121951, 7681931065131779340n, 774177765, 121412731]],
  [
    123456789012345,
    [-1421006947, 4, 13, 2652, 0.8815593546533792, 1596561836080580602n, 748432479, 849765284],
  ],
  [4, [-1157023572, 2, 14, 5558, 0.9186071189908658, -5911126865076967316n, 168336462, 1070208427]],
];

test("draws match java.util.Random for the same seed", () => {
  for (const [seed, want] of JAVA) {
    const r = new JavaRandom(seed);
    const got = [
      r.nextInt(),
      r.nextIntBounded(10),
      r.nextIntBounded(16),
      r.nextIntBounded(10000),
      r.nextDouble(),
      r.nextLong(),
      r.nextIntBounded(1000000000),
      r.nextIntBounded(2000000001),
    ];
    assert.deepEqual(got, [...want], `seed ${seed}`);
  }
});

test("setSeed restarts the sequence; seeds equal mod 2^48 give equal draws", () => {
  const r = new JavaRandom(99);
  const first = [r.nextInt(), r.nextInt()];
  r.setSeed(99);
  assert.deepEqual([r.nextInt(), r.nextInt()], first);
  r.setSeed(99 + 2 ** 48);
  assert.deepEqual([r.nextInt(), r.nextInt()], first);
});

/** Java's documented algorithm with BigInt: the reference for nextLetters. */
function referenceLetters(seed: number, length: number, special: number): number[] {
  let s = (BigInt(seed) ^ 0x5deece66dn) & ((1n << 48n) - 1n);
  const next31 = (): number => {
    s = (s * 0x5deece66dn + 0xbn) & ((1n << 48n) - 1n);
    return Number(s >> 17n);
  };
  const nextInt = (bound: number): number => {
    for (;;) {
      const u = next31();
      const r = u % bound;
      if (u - r + bound - 1 < 2 ** 31) return r;
    }
  };
  const out: number[] = [];
  for (let i = 0; i < length; i++) out.push(nextInt(13) === 0 ? special : 97 + nextInt(26));
  return out;
}

test("nextLetters draws as nextInt(13) then nextInt(26) per char, and leaves the state after them", () => {
  for (const seed of [0, 7, 1234567]) {
    const r = new JavaRandom(seed);
    const buf = new Uint8Array(100);
    r.nextLetters(buf, 100, 95);
    assert.deepEqual([...buf], referenceLetters(seed, 100, 95), `seed ${seed}`);
    // The state moved on exactly as many steps as the reference: continue both with nextInt(1000).
    const ref = new JavaRandom(seed);
    for (let i = 0; i < 100; i++) if (ref.nextIntBounded(13) !== 0) ref.nextIntBounded(26);
    assert.equal(r.nextIntBounded(1000), ref.nextIntBounded(1000));
  }
});

/** Java's nextInt(bound) with BigInt from a seed: `count` draws (the reference for rejections). */
function referenceInts(seed: number, bound: number, count: number): number[] {
  let s = (BigInt(seed) ^ 0x5deece66dn) & ((1n << 48n) - 1n);
  const out: number[] = [];
  while (out.length < count) {
    s = (s * 0x5deece66dn + 0xbn) & ((1n << 48n) - 1n);
    const u = Number(s >> 17n);
    if ((bound & (bound - 1)) === 0) {
      out.push(Number((BigInt(bound) * BigInt(u)) >> 31n));
      continue;
    }
    const r = u % bound;
    if (u - r + bound - 1 < 2 ** 31) out.push(r);
  }
  return out;
}

/** A seed whose first next(31) is `u` (the 48-bit state stepped back through the LCG). */
function seedForFirstDraw(u: number): number {
  const mask = (1n << 48n) - 1n;
  // The multiplier's inverse mod 2^48 (odd, so it exists), by Newton's iteration.
  let inv = 1n;
  for (let i = 0; i < 6; i++) inv = (inv * (2n - 0x5deece66dn * inv)) & mask;
  const next = (BigInt(u) << 17n) | 12345n;
  const state = (((next - 0xbn) & mask) * inv) & mask;
  return Number(state ^ 0x5deece66dn);
}

test("nextIntBounded rejects the top partial block as Java does (bounds with frequent rejections)", () => {
  for (const bound of [2 ** 30 + 1, 1_500_000_000, 2_000_000_001, 13, 26, 1, 2, 2 ** 30])
    for (const seed of [0, 3, 987654321]) {
      const r = new JavaRandom(seed);
      const got = Array.from({ length: 2000 }, () => r.nextIntBounded(bound));
      assert.deepEqual(got, referenceInts(seed, bound, 2000), `bound ${bound}, seed ${seed}`);
    }
});

test("rejection boundaries: the first draw at the last accepted and first rejected value", () => {
  // Largest multiples of 13 and 26 not above 2^31: draws from them on are rejected.
  for (const [bound, firstRejected] of [
    [13, 2147483637],
    [26, 2147483624],
  ] as const)
    for (const u of [firstRejected - 1, firstRejected, 2147483647]) {
      const seed = seedForFirstDraw(u);
      const r = new JavaRandom(seed);
      assert.deepEqual(
        Array.from({ length: 3 }, () => r.nextIntBounded(bound)),
        referenceInts(seed, bound, 3),
        `bound ${bound}, first draw ${u}`,
      );
      const letters = new Uint8Array(20);
      new JavaRandom(seed).nextLetters(letters, 20, 32);
      assert.deepEqual([...letters], referenceLetters(seed, 20, 32), `letters, first draw ${u}`);
    }
  assert.equal(new JavaRandom(seedForFirstDraw(2147483637)).next31(), 2147483637);
});
