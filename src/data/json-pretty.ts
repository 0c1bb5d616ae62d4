/**
 * Spark's `pretty` JSON output (Jackson's DefaultPrettyPrinter): objects put each entry on its own
 * line indented by two spaces per object level, with ` : ` between name and value; arrays stay on
 * one line with spaces inside the brackets; empty containers are `{ }` and `[ ]`. Numbers keep
 * their text (decimals and longs stay exact).
 *
 *     {"a":1,"b":[1,2],"c":{}}   →   {
 *                                      "a" : 1,
 *                                      "b" : [ 1, 2 ],
 *                                      "c" : { }
 *                                    }
 */
import { type JsonNode, JsonNumber, parseJson, quoteJsonString } from "./json.js";

function print(node: JsonNode, depth: number): string {
  if (node === null) return "null";
  if (typeof node === "string") return quoteJsonString(node);
  if (typeof node === "boolean") return node ? "true" : "false";
  if (node instanceof JsonNumber) return node.text;
  if (Array.isArray(node)) {
    if (node.length === 0) return "[ ]";
    return `[ ${node.map((x) => print(x, depth)).join(", ")} ]`;
  }
  if (node.keys.length === 0) return "{ }";
  const inner = "\n" + "  ".repeat(depth + 1);
  let out = "{";
  for (let i = 0; i < node.keys.length; i++) {
    out += `${i > 0 ? "," : ""}${inner}${quoteJsonString(node.keys[i] as string)} : ${print(node.values[i] as JsonNode, depth + 1)}`;
  }
  return `${out}\n${"  ".repeat(depth)}}`;
}

/** Re-prints compact JSON text (as the JSON writer produces it) in Spark's pretty layout. */
export function prettyJson(compact: string): string {
  const node = parseJson(compact, { allowNonNumericNumbers: false });
  if (node === undefined || typeof node === "symbol") return compact;
  return print(node, 0);
}
