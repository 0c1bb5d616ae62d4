/** `luhn_check(str)`: the Luhn (mod 10) checksum test used for card numbers. */
import { BOOLEAN, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";

/** True when `s` is a non-empty run of ASCII digits whose Luhn sum is a multiple of 10. */
function luhn(s: string): boolean {
  if (s.length === 0) return false;
  let sum = 0;
  let double = false;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    let d = double ? c * 2 : c;
    if (d > 9) d -= 9;
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** `luhn_check(str)`: true for a digit string that passes the Luhn check; anything else is false. */
export const LUHN_CHECK: ScalarFunctionDefinition = {
  type: "scalar",
  name: "luhn_check",
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "luhn_check(str) - Checks that a string of digits is valid according to the Luhn algorithm. This checksum function is widely applied on credit card numbers and government identification numbers to distinguish valid numbers from mistyped, incorrect numbers.",
    examples: [
      { sql: "luhn_check('8112189876')", result: "true" },
      { sql: "luhn_check('79927398713')", result: "true" },
      { sql: "luhn_check('79927398714')", result: "false" },
    ],
    since: "3.5.0",
  },
  coerce: (types) => types.map((t) => (t.kind === "string" ? undefined : STRING)),
  bind: (args) => ({ dataType: BOOLEAN, nullable: args[0]!.nullable, eval: (s) => luhn(s as string) }),
};
