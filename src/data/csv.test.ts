import assert from "node:assert/strict";
import { test } from "node:test";
import { csvOptionsFrom, readCsvRecord, readCsvRecords, writeCsvRecord } from "./csv.js";

test("reads quoted fields, escapes, null and empty values with Spark's defaults", () => {
  const { fields } = readCsvRecord('a,"b,c","say \\"hi\\"",,""');
  assert.deepEqual(fields, ["a", "b,c", 'say "hi"', null, ""]);
});

test("a quoted field may span lines; records split on line breaks", () => {
  assert.deepEqual(readCsvRecords('1,"x\ny"\r\n2,z\n'), [
    ["1", "x\ny"],
    ["2", "z"],
  ]);
});

test("options: separator and comments", () => {
  const o = csvOptionsFrom({ sep: ";", comment: "#" });
  assert.deepEqual(readCsvRecords("#skip\na;b\n", o), [["a", "b"]]);
});

test("writes with quoting where needed, null as empty, empty as a quoted empty string", () => {
  const o = csvOptionsFrom({}, true);
  assert.equal(writeCsvRecord(["x,y", null, 'q"r', "", " p "], o), '"x,y",,"q\\"r","",p');
});
