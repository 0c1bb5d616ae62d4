import assert from "node:assert/strict";
import { test } from "node:test";
import { escapeXml, parseXml } from "./xml.js";

test("parses elements, attributes, entities and CDATA", () => {
  const e = parseXml('<?xml version="1.0"?><p a="1"><b>x &amp; y</b><![CDATA[z]]><c/></p>');
  assert.ok(e);
  assert.equal(e.name, "p");
  assert.equal(e.attributes.get("a"), "1");
  assert.deepEqual(
    e.children.map((c) => [c.name, c.text]),
    [
      ["b", "x & y"],
      ["c", ""],
    ],
  );
  assert.equal(e.text, "z");
});

test("malformed input gives undefined", () => {
  assert.equal(parseXml("<p><a>1</a"), undefined);
  assert.equal(parseXml("<p></q>"), undefined);
});

test("escapes the five special characters", () => {
  assert.equal(escapeXml(`<a href="x">&'`), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
});
