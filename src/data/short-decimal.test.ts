import assert from "node:assert/strict";
import { test } from "node:test";
import { shortDecimalToDouble } from "./short-decimal.js";

test("short decimals convert to the same double as Number, negative zero included", () => {
  const texts = [
    "0",
    "-0",
    "-0.0",
    "+7",
    "1.",
    "123.45",
    "0.1",
    "0.3",
    "-2.675",
    "999999999999999",
    "0.00000000000001",
  ];
  for (const t of texts) assert.ok(Object.is(shortDecimalToDouble(t, 0, t.length), Number(t)), t);
  // Every 15-digit decimal with the point anywhere, from a deterministic sequence.
  let x = 123456789;
  for (let k = 0; k < 20000; k++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const digits = String(x).padStart(10, "0") + String(k).padStart(5, "0");
    const dot = x % 16;
    const t = `${digits.slice(0, dot || 1)}.${digits.slice(dot || 1)}`;
    assert.ok(Object.is(shortDecimalToDouble(t, 0, t.length), Number(t)), t);
  }
});

test("anything but a short plain decimal is left to the general path", () => {
  for (const t of [
    "",
    "-",
    ".5",
    "1e5",
    "1.5d",
    " 1",
    "1 ",
    "0x10",
    "1234567890123456",
    "1.234567890123456",
    "NaN",
  ])
    assert.equal(shortDecimalToDouble(t, 0, t.length), undefined, t);
});

test("a range of a longer text converts only that range", () => {
  const s = '{"price":123.25,"x":1}';
  assert.equal(shortDecimalToDouble(s, 9, 15), 123.25);
  assert.equal(shortDecimalToDouble(s, 9, 12), 123);
  assert.equal(shortDecimalToDouble(s, 8, 15), undefined);
});
