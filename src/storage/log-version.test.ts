// The version line and line splitting shared by every metadata log reader (checkpoint and file sink).
import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../common/errors.js";
import { logLines } from "./log-lines.js";
import { integerField, parseLogVersion } from "./log-version.js";

function errorClassOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    assert.ok(e instanceof TsparkError);
    assert.ok(e.message.includes("/cp/offsets/7"), e.message);
    return e.errorClass;
  }
  return undefined;
}

test("v<n> up to the supported version parses; a newer one asks for an upgrade", () => {
  assert.equal(parseLogVersion("v10", 10, "/cp/offsets/7"), 10);
  assert.equal(parseLogVersion("v10", 100, "/cp/offsets/7"), 10);
  assert.equal(parseLogVersion(" v1 ", 1, "/cp/offsets/7"), 1);
  assert.equal(
    errorClassOf(() => parseLogVersion("v200", 100, "/cp/offsets/7")),
    "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION",
  );
  assert.throws(
    () => parseLogVersion("v2", 1, "/cp/offsets/7"),
    (e: unknown) => {
      assert.ok(e instanceof TsparkError);
      assert.equal(e.sqlState, "KD002");
      assert.deepEqual(e.messageParameters, {
        path: "/cp/offsets/7",
        version: "2",
        maxSupportedVersion: "1",
      });
      assert.match(e.message, /maximum supported log version is v1, but the file has v2/);
      assert.match(e.message, /not supported.*Upgrade/);
      return true;
    },
  );
});

test("anything else is a corrupt file (Spark's malformed-log cases)", () => {
  for (const line of ["xyz", "v10.x", "10", "v0", "v-10", "", undefined, "V1", "v1x"]) {
    assert.equal(
      errorClassOf(() => parseLogVersion(line, 100, "/cp/offsets/7")),
      "STREAMING_CHECKPOINT_CORRUPT_FILE",
      String(line),
    );
  }
});

test("integer fields: present, defaulted, or corrupt", () => {
  assert.equal(integerField({ a: 5 }, "a", 0, "/cp/offsets/7"), 5);
  assert.equal(integerField({}, "a", 0, "/cp/offsets/7"), 0);
  for (const obj of [{}, { a: "5" }, { a: 1.5 }, { a: null }, { a: 2 ** 60 }]) {
    assert.equal(
      errorClassOf(() => integerField(obj, "a", undefined, "/cp/offsets/7")),
      "STREAMING_CHECKPOINT_CORRUPT_FILE",
    );
  }
});

test("lines split on \\n or \\r\\n; one final terminator adds no empty line", () => {
  assert.deepEqual(logLines(""), []);
  assert.deepEqual(logLines("v1"), ["v1"]);
  assert.deepEqual(logLines("v1\n"), ["v1"]);
  assert.deepEqual(logLines("v1\r\n{}\r\n"), ["v1", "{}"]);
  assert.deepEqual(logLines("v1\n\n"), ["v1", ""]);
  assert.deepEqual(logLines("v1\n-\n1"), ["v1", "-", "1"]);
});
