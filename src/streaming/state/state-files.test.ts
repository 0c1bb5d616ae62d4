import assert from "node:assert/strict";
import { test } from "node:test";
import { crc32 } from "node:zlib";
import type { TsparkError } from "../../common/errors.js";
import { MapValue } from "../../data/values.js";
import { mulberry32 } from "../../../tests/support/random.js";
import { encodeStateValue } from "./state-codec.js";
import {
  deltaFileName,
  parseStateFileName,
  RECORD_PUT,
  RECORD_REMOVE,
  readStateFile,
  STATE_FILE_FORMAT_VERSION,
  STATE_FILE_HEADER_BYTES,
  STATE_FILE_TRAILER_BYTES,
  StateFileWriter,
  snapshotFileName,
} from "./state-files.js";

const source = { path: "/ckpt/state/0/1/7.delta", clazz: "HDFSStateStoreProvider[test]" };

type Rec = [number, unknown[], unknown];

function encode(kind: "delta" | "snapshot", version: number, records: readonly Rec[]): Uint8Array {
  const w = new StateFileWriter(16);
  w.begin(kind, version);
  for (const [op, k, v] of records) {
    if (op === RECORD_PUT) w.put(k, v);
    else w.remove(k);
  }
  return w.finish().slice();
}

function decode(bytes: Uint8Array, kind: "delta" | "snapshot" = "delta", version = 7): Rec[] {
  const out: Rec[] = [];
  readStateFile(bytes, source, { kind, version }, (op, k, v) => out.push([op, k, v]));
  return out;
}

const RECORDS: Rec[] = [
  [RECORD_PUT, ["a", 1], [1n, -0, Number.NaN]],
  [RECORD_REMOVE, ["b", 2], undefined],
  [RECORD_PUT, [new MapValue([1], ["x"])], { count: 3, bytes: new Uint8Array([9, 8]) }],
  [RECORD_PUT, [], "no key columns"],
];

test("file names: <version>.delta and <version>.snapshot; anything else is not a state file", () => {
  assert.equal(deltaFileName(12), "12.delta");
  assert.equal(snapshotFileName(0), "0.snapshot");
  assert.deepEqual(parseStateFileName("12.delta"), { version: 12, kind: "delta" });
  assert.deepEqual(parseStateFileName("3.snapshot"), { version: 3, kind: "snapshot" });
  for (const name of [
    ".12.delta.123-4.tmp",
    "12.delta.crc",
    "x.delta",
    "12",
    "-1.delta",
    "1e3.delta",
    "12.zip",
  ])
    assert.equal(parseStateFileName(name), undefined, name);
});

test("records round-trip in order with exact values", () => {
  const bytes = encode("delta", 7, RECORDS);
  const back = decode(bytes);
  assert.equal(back.length, 4);
  assert.deepEqual(
    back.map(([op, k]) => [op, k]),
    RECORDS.map(([op, k]) => [op, k]),
  );
  const v0 = back[0]![2] as unknown[];
  assert.equal(v0[0], 1n);
  assert.ok(Object.is(v0[1], -0));
  assert.ok(Number.isNaN(v0[2]));
  assert.equal(back[1]![2], undefined);
  const v2 = back[2]![2] as { count: number; bytes: Uint8Array };
  assert.deepEqual([...v2.bytes], [9, 8]);
  assert.ok(back[2]![1][0] instanceof MapValue);
  // An empty file is just a header and a trailer.
  assert.equal(encode("snapshot", 1, []).length, STATE_FILE_HEADER_BYTES + STATE_FILE_TRAILER_BYTES);
  assert.deepEqual(decode(encode("snapshot", 1, []), "snapshot", 1), []);
});

test("a file written in pieces with take() is the same file", () => {
  const whole = encode("snapshot", 9, RECORDS);
  const w = new StateFileWriter(16);
  w.begin("snapshot", 9);
  const parts: Uint8Array[] = [];
  for (const [op, k, v] of RECORDS) {
    if (op === RECORD_PUT) w.put(k, v);
    else w.remove(k);
    parts.push(w.take().slice());
  }
  assert.equal(w.records, 4);
  parts.push(w.finish().slice());
  assert.deepEqual(Buffer.concat(parts), Buffer.from(whole));
});

test("a Buffer (as readFileSync returns) decodes binary and typed-array values", () => {
  const bytes = encode("delta", 7, [
    [RECORD_PUT, ["k"], [new Uint8Array([1, 2, 3]), new Float64Array([1.5])]],
  ]);
  // An odd offset inside a larger buffer, as a pooled Buffer may have.
  const big = Buffer.alloc(bytes.length + 3);
  big.set(bytes, 3);
  const back = decode(big.subarray(3));
  const v = back[0]![2] as [Uint8Array, Float64Array];
  assert.equal(v[0].constructor, Uint8Array);
  assert.deepEqual([...v[0]], [1, 2, 3]);
  assert.deepEqual([...v[1]], [1.5]);
});

function damagedWith(reason: RegExp) {
  return (e: TsparkError) => {
    assert.equal(e.errorClass, "CANNOT_LOAD_STATE_STORE.UNCATEGORIZED");
    assert.equal(e.sqlState, "58030");
    assert.equal(e.messageParameters.fileToRead, source.path);
    assert.ok(e.message.includes(source.path), e.message);
    assert.ok(e.message.includes(source.clazz), e.message);
    assert.match(e.message, reason);
    return true;
  };
}

test("a truncated file fails naming the file, whatever the cut, and applies no record", () => {
  const bytes = encode("delta", 7, RECORDS);
  const cuts = [
    0,
    1,
    4,
    8,
    15,
    16,
    17,
    31,
    Math.floor(bytes.length / 2),
    bytes.length - 16,
    bytes.length - 5,
    bytes.length - 1,
  ];
  for (const cut of cuts) {
    let applied = 0;
    assert.throws(
      () => readStateFile(bytes.subarray(0, cut), source, { kind: "delta", version: 7 }, () => applied++),
      damagedWith(/truncated|magic|end marker/),
      `cut at ${cut}`,
    );
    assert.equal(applied, 0, `cut at ${cut}`);
  }
});

test("a flipped byte anywhere fails: CRC, markers, header or count", () => {
  const bytes = encode("delta", 7, RECORDS);
  for (let i = 0; i < bytes.length; i++) {
    const copy = bytes.slice();
    copy[i] = copy[i]! ^ 0x40;
    assert.throws(
      () => decode(copy),
      (e: TsparkError) =>
        e.errorClass.startsWith("CANNOT_LOAD_STATE_STORE.") && e.messageParameters.fileToRead === source.path,
      `byte ${i}`,
    );
  }
  const body = bytes.slice();
  body[STATE_FILE_HEADER_BYTES + 3] = body[STATE_FILE_HEADER_BYTES + 3]! ^ 1;
  assert.throws(
    () => decode(body),
    damagedWith(/CRC32 is 0x[0-9a-f]{8} but the trailer records 0x[0-9a-f]{8}/),
  );
  const count = bytes.slice();
  count[bytes.length - STATE_FILE_TRAILER_BYTES] = 9;
  assert.throws(() => decode(count), damagedWith(/has 4 records but its trailer records 9/));
});

test("wrong magic, kind or version, appended bytes", () => {
  const bytes = encode("delta", 7, RECORDS);
  assert.throws(
    () => decode(Buffer.from("this is not a state file at all, really")),
    damagedWith(/not a state file/),
  );
  assert.throws(
    () => decode(bytes, "snapshot", 7),
    damagedWith(/delta file where a snapshot file was expected/),
  );
  assert.throws(() => decode(bytes, "delta", 8), damagedWith(/holds version 7 of the state, not version 8/));
  assert.throws(() => decode(Buffer.concat([bytes, Buffer.from([0])])), damagedWith(/end marker/));
});

test("an unknown format version is INVALID_CHANGE_LOG_READER_VERSION naming the file", () => {
  const bytes = encode("delta", 7, RECORDS);
  bytes[4] = STATE_FILE_FORMAT_VERSION + 1;
  assert.throws(
    () => decode(bytes),
    (e: TsparkError) =>
      e.errorClass === "CANNOT_LOAD_STATE_STORE.INVALID_CHANGE_LOG_READER_VERSION" &&
      e.messageParameters.version === "2" &&
      e.message.includes(source.path),
  );
});

test("records that cannot be decoded fail even with a valid CRC", () => {
  // A well-formed file whose body holds an unknown op, then a key that is not a row.
  for (const [body, reason] of [
    [[7], /record 0 cannot be decoded: record 0 has unknown op 7/],
    [[RECORD_PUT, 4, 1, 0, 0, 0], /record 0 cannot be decoded: record 0 has a key that is not a row/],
    [[RECORD_REMOVE, 9, 5], /record 0 cannot be decoded: array of 5 values but only 0 bytes left/],
  ] as const) {
    const w = new StateFileWriter();
    w.begin("delta", 7);
    const header = w.finish().slice(0, STATE_FILE_HEADER_BYTES);
    const content = Buffer.concat([header, Buffer.from(body)]);
    const trailer = Buffer.alloc(STATE_FILE_TRAILER_BYTES);
    trailer.writeUInt32LE(1, 0);
    trailer.writeUInt32LE(crc32(content), 8);
    trailer.write("TSFE", 12, "latin1");
    assert.throws(() => decode(Buffer.concat([content, trailer])), damagedWith(reason));
  }
});

test("the record decoder reads exactly what the codec wrote (seeded random values)", () => {
  const rnd = mulberry32(99);
  const scalar = (): unknown => {
    const r = Math.floor(rnd() * 14);
    switch (r) {
      case 0:
        return null;
      case 1:
        return undefined;
      case 2:
        return rnd() < 0.5;
      case 3:
        return Math.floor(rnd() * 2 ** 32) - 2 ** 31;
      case 4:
        return [-0, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 40, rnd()][Math.floor(rnd() * 5)];
      case 5:
        return BigInt(Math.floor(rnd() * 1e15)) * (rnd() < 0.5 ? -1n : 1n) * 10n ** 20n;
      case 6:
        return "x".repeat(Math.floor(rnd() * 70));
      case 7:
        return `é${"日本".repeat(Math.floor(rnd() * 40))}`;
      case 8:
        return new Uint8Array([1, 2, 3].slice(0, Math.floor(rnd() * 4)));
      case 9:
        return new Float64Array([rnd(), -0]);
      case 10:
        return { a: Math.floor(rnd() * 9), b: "s" };
      case 11:
        return new MapValue(["k"], [Math.floor(rnd() * 9)]);
      default:
        return `s${Math.floor(rnd() * 1000)}`;
    }
  };
  const value = (depth: number): unknown =>
    depth < 3 && rnd() < 0.3
      ? Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1))
      : scalar();
  const recs: Rec[] = [];
  for (let i = 0; i < 2000; i++) {
    const key = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => value(1));
    recs.push(rnd() < 0.2 ? [RECORD_REMOVE, key, undefined] : [RECORD_PUT, key, value(0)]);
  }
  const back = decode(encode("delta", 7, recs));
  assert.equal(back.length, recs.length);
  // Re-encoding what was read gives the same bytes: the values are the same bit for bit.
  for (let i = 0; i < recs.length; i++) {
    assert.deepEqual(encodeStateValue(back[i]![1]), encodeStateValue(recs[i]![1]), `key of record ${i}`);
    assert.deepEqual(encodeStateValue(back[i]![2]), encodeStateValue(recs[i]![2]), `value of record ${i}`);
  }
});
