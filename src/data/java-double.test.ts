import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  exactJavaDoubleString,
  exactJavaFloatString,
  javaDoubleString,
  javaFloatString,
} from "./java-double.js";

// Vectors printed by OpenJDK 17.0.15's Double.toString / Float.toString (the runtime Spark 4's docs
// and golden files come from): random bit patterns, decimal-looking values, averages and standard
// deviations, powers of 2 and 10 and their neighbours, subnormals, the 1e-3 and 1e7 layout edges,
// large integers, and doubles next to a rounding boundary that is a short decimal.
interface Vectors {
  readonly double: readonly (readonly [string, string])[];
  readonly float: readonly (readonly [string, string])[];
}
const vectors = JSON.parse(
  readFileSync(new URL("../../tests/fixtures/java-double-vectors.json", import.meta.url), "utf8"),
) as Vectors;

const view = new DataView(new ArrayBuffer(8));
function doubleOf(hex: string): number {
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}
function floatOf(hex: string): number {
  view.setUint32(0, Number.parseInt(hex, 16));
  return view.getFloat32(0);
}

test("every Java 17 Double.toString vector, fast and exact paths", () => {
  assert.ok(vectors.double.length > 4000);
  const failures: string[] = [];
  for (const [hex, expected] of vectors.double) {
    const d = doubleOf(hex);
    const fast = javaDoubleString(d);
    const exact = exactJavaDoubleString(d);
    if (fast !== expected || exact !== expected)
      failures.push(`${hex}: want ${expected}, fast ${fast}, exact ${exact}`);
  }
  assert.deepEqual(failures.slice(0, 20), []);
});

test("every Java 17 Float.toString vector", () => {
  assert.ok(vectors.float.length > 1500);
  const failures: string[] = [];
  for (const [hex, expected] of vectors.float) {
    const f = floatOf(hex);
    const got = javaFloatString(f);
    if (got !== expected) failures.push(`${hex}: want ${expected}, got ${got}`);
  }
  assert.deepEqual(failures.slice(0, 20), []);
});

test("Java 17 quirks that differ from the shortest digits", () => {
  assert.equal(javaDoubleString(2 ** 62), "4.6116860184273879E18");
  assert.equal(javaDoubleString(2 ** 60), "1.15292150460684698E18");
  assert.equal(javaDoubleString(1e23), "9.999999999999999E22");
  assert.equal(javaDoubleString(2e23), "1.9999999999999998E23");
  assert.equal(javaDoubleString(5e-324), "4.9E-324");
  assert.equal(javaDoubleString(-1.5e-323), "-1.5E-323");
  assert.equal(javaFloatString(Math.fround(9.66e10)), "9.6599998E10");
  assert.equal(javaFloatString(Math.fround(1e10)), "1.0E10");
  assert.equal(javaFloatString(Math.fround(1.4e-45)), "1.4E-45");
});

test("layout rules around the digits", () => {
  assert.equal(javaDoubleString(1), "1.0");
  assert.equal(javaDoubleString(0.001), "0.001");
  assert.equal(javaDoubleString(0.0001), "1.0E-4");
  assert.equal(javaDoubleString(1234567), "1234567.0");
  assert.equal(javaDoubleString(12345678), "1.2345678E7");
  assert.equal(javaDoubleString(1e10), "1.0E10");
  assert.equal(javaDoubleString(0.1 + 0.2), "0.30000000000000004");
  assert.equal(javaDoubleString(-0), "-0.0");
  assert.equal(javaDoubleString(0), "0.0");
  assert.equal(javaDoubleString(Number.NaN), "NaN");
  assert.equal(javaDoubleString(Number.POSITIVE_INFINITY), "Infinity");
  assert.equal(javaDoubleString(Number.NEGATIVE_INFINITY), "-Infinity");
  assert.equal(javaFloatString(Math.fround(0.1)), "0.1");
  assert.equal(javaFloatString(-0), "-0.0");
  assert.equal(javaFloatString(Number.NaN), "NaN");
});

test("the fast path agrees with the exact generator on seeded random doubles", () => {
  // A 64-bit LCG over bit patterns, plus decimal-looking values at all magnitudes.
  let state = 0x9e3779b97f4a7c15n;
  let mismatches = 0;
  for (let i = 0; i < 20000; i++) {
    state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    view.setBigUint64(0, state);
    const bits = view.getFloat64(0);
    const decimal = Number(`${Number(state % 100000000000000000n)}e${Number(state >> 56n) - 128}`);
    for (const d of [bits, decimal]) if (javaDoubleString(d) !== exactJavaDoubleString(d)) mismatches++;
  }
  assert.equal(mismatches, 0);
});

test("float specials and extremes", () => {
  assert.equal(exactJavaFloatString(Number.POSITIVE_INFINITY), "Infinity");
  assert.equal(exactJavaFloatString(Math.fround(3.4028235e38)), "3.4028235E38");
});
