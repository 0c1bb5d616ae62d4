/**
 * Number format strings of `to_number`/`try_to_number`/`to_char` (`'$99,999.99'`, `'999D99S'`).
 * A format is compiled once at bind time into a token list; parsing and formatting then walk the
 * tokens. The structure Spark accepts is `[MI|S] [$] [0|9|G|,]* [.|D] [0|9]* [$] [PR|MI|S]`.
 */
import { TsparkError } from "../../common/errors.js";
import { pow10, rescale } from "../../data/decimal.js";
import { DecimalType } from "../../types/data-type.js";

/** A compiled number format. */
export interface NumberFormat {
  readonly text: string;
  /** Tokens before the decimal point: `d` digit, `,` grouping separator. */
  readonly intTokens: readonly ("d" | ",")[];
  /** True when the leftmost integer digit is `0` (zero padding, exact digit count on parse). */
  readonly zeroPad: boolean;
  readonly intDigits: number;
  readonly hasDot: boolean;
  readonly fracDigits: number;
  /** Where `$` sits: before the digits, after them, or nowhere. */
  readonly currency: "before" | "after" | undefined;
  readonly leadingSign: "S" | "MI" | undefined;
  readonly trailingSign: "S" | "MI" | "PR" | undefined;
  /** The result type of parsing: decimal(intDigits + fracDigits, fracDigits). */
  readonly resultType: DecimalType;
}

function formatError(sub: string, params: Record<string, string> = {}): TsparkError {
  return new TsparkError(`INVALID_FORMAT.${sub}`, { messageParameters: params });
}

/** Compiles a number format string; throws `INVALID_FORMAT.*` for a malformed one. */
export function compileNumberFormat(text: string): NumberFormat {
  if (text.length === 0) throw formatError("EMPTY");
  const up = text.toUpperCase();
  let i = 0;
  let leadingSign: "S" | "MI" | undefined;
  if (up.startsWith("MI")) {
    leadingSign = "MI";
    i = 2;
  } else if (up.startsWith("S")) {
    leadingSign = "S";
    i = 1;
  }
  let currency: "before" | "after" | undefined;
  const intTokens: ("d" | ",")[] = [];
  let zeroPad = false;
  let hasDot = false;
  let fracDigits = 0;
  let trailingSign: "S" | "MI" | "PR" | undefined;
  let sawDigit = false;
  while (i < up.length) {
    const c = up[i]!;
    if (trailingSign !== undefined)
      throw formatError("UNEXPECTED_TOKEN", { token: `'${c}'`, format: `'${text}'` });
    if (c === "0" || c === "9") {
      if (currency === "after") throw formatError("CUR_MUST_BEFORE_DIGIT", { format: `'${text}'` });
      if (hasDot) fracDigits++;
      else {
        if (!sawDigit) zeroPad = c === "0";
        intTokens.push("d");
      }
      sawDigit = true;
      i++;
    } else if (c === "," || c === "G") {
      if (hasDot) throw formatError("THOUSANDS_SEPS_MUST_BEFORE_DEC", { format: `'${text}'` });
      if (!sawDigit || intTokens[intTokens.length - 1] === ",") {
        throw formatError("CONT_THOUSANDS_SEPS", { format: `'${text}'` });
      }
      intTokens.push(",");
      i++;
    } else if (c === "." || c === "D") {
      if (hasDot) throw formatError("WRONG_NUM_TOKEN", { token: "'.' or 'D'", format: `'${text}'` });
      if (currency === "after") throw formatError("CUR_MUST_BEFORE_DEC", { format: `'${text}'` });
      hasDot = true;
      i++;
    } else if (c === "$") {
      if (currency !== undefined) throw formatError("WRONG_NUM_TOKEN", { token: "'$'", format: `'${text}'` });
      if (hasDot && fracDigits === 0 && sawDigit)
        throw formatError("CUR_MUST_BEFORE_DEC", { format: `'${text}'` });
      currency = sawDigit ? "after" : "before";
      i++;
    } else if (up.startsWith("PR", i) || up.startsWith("MI", i) || c === "S") {
      const tok = c === "S" ? "S" : (up.slice(i, i + 2) as "PR" | "MI");
      if (leadingSign !== undefined)
        throw formatError("WRONG_NUM_TOKEN", { token: `'${tok}'`, format: `'${text}'` });
      trailingSign = tok;
      i += tok.length;
    } else {
      throw formatError("UNEXPECTED_TOKEN", { token: `'${text[i]}'`, format: `'${text}'` });
    }
  }
  const intDigits = intTokens.filter((t) => t === "d").length;
  if (intDigits + fracDigits === 0) throw formatError("WRONG_NUM_DIGIT", { format: `'${text}'` });
  if (intTokens[intTokens.length - 1] === ",")
    throw formatError("CONT_THOUSANDS_SEPS", { format: `'${text}'` });
  return {
    text,
    intTokens,
    zeroPad,
    intDigits,
    hasDot,
    fracDigits,
    currency,
    leadingSign,
    trailingSign,
    resultType: new DecimalType(Math.max(1, intDigits + fracDigits), fracDigits),
  };
}

/** Digit counts (from the right) at which the format wants a grouping separator. */
function separatorPositions(f: NumberFormat): number[] {
  const out: number[] = [];
  let digits = 0;
  for (let k = f.intTokens.length - 1; k >= 0; k--) {
    if (f.intTokens[k] === "d") digits++;
    else out.push(digits);
  }
  return out;
}

/**
 * Parses `input` with the format into an unscaled decimal of `f.resultType`, or undefined when it
 * does not match (the caller raises `INVALID_FORMAT.MISMATCH_INPUT` or returns null).
 */
export function parseWithNumberFormat(f: NumberFormat, input: string): bigint | undefined {
  let s = input;
  let negative = false;
  if (f.trailingSign === "PR" && s.startsWith("<") && s.endsWith(">")) {
    negative = true;
    s = s.slice(1, -1);
  } else if (f.trailingSign === "S" || f.trailingSign === "MI") {
    const last = s[s.length - 1];
    if (last === "-" || last === "+") {
      negative = last === "-";
      s = s.slice(0, -1);
    }
  }
  if (f.leadingSign !== undefined) {
    const first = s[0];
    if (first === "-" || first === "+") {
      negative = first === "-";
      s = s.slice(1);
    }
  }
  if (f.currency === "before") {
    if (!s.startsWith("$")) return undefined;
    s = s.slice(1);
  } else if (f.currency === "after") {
    if (!s.endsWith("$")) return undefined;
    s = s.slice(0, -1);
  }
  const dot = s.indexOf(".");
  const intPart = dot < 0 ? s : s.slice(0, dot);
  const fracPart = dot < 0 ? "" : s.slice(dot + 1);
  if (dot >= 0 && !f.hasDot) return undefined;
  if (!/^[0-9,]*$/.test(intPart) || !/^[0-9]*$/.test(fracPart)) return undefined;
  if (intPart.length === 0 && fracPart.length === 0) return undefined;
  if (intPart.startsWith(",") || intPart.endsWith(",") || intPart.includes(",,")) return undefined;
  const intDigits = intPart.replace(/,/g, "");
  if (intDigits.length > f.intDigits || fracPart.length > f.fracDigits) return undefined;
  if (f.zeroPad && intDigits.length !== f.intDigits) return undefined;
  // The input's separators must sit exactly where the format puts them for a number this long.
  const wanted = separatorPositions(f).filter((p) => p < intDigits.length);
  const got: number[] = [];
  let seen = 0;
  for (let k = intPart.length - 1; k >= 0; k--) {
    if (intPart[k] === ",") got.push(seen);
    else seen++;
  }
  if (got.length !== wanted.length || got.some((p, k) => p !== wanted[k])) return undefined;
  const digits = intDigits + fracPart.padEnd(f.fracDigits, "0");
  const unscaled = digits.length === 0 ? 0n : BigInt(digits);
  return negative ? -unscaled : unscaled;
}

/** Formats a decimal (unscaled, scale) with the format, as `to_char` does. */
export function formatWithNumberFormat(f: NumberFormat, unscaled: bigint, scale: number): string {
  const rounded = rescale(unscaled, scale, f.fracDigits, "HALF_UP");
  const negative = rounded < 0n;
  const abs = negative ? -rounded : rounded;
  const base = pow10(f.fracDigits);
  const intStr = (abs / base).toString();
  const fracStr = (abs % base).toString().padStart(f.fracDigits, "0");
  let body = "";
  if (intStr.length > f.intDigits) {
    // Too many digits for the format: every digit position shows '#'.
    for (const t of f.intTokens) body += t === "d" ? "#" : ",";
    if (f.hasDot) body += `.${"#".repeat(f.fracDigits)}`;
  } else {
    const pad = f.zeroPad ? "0" : " ";
    let k = intStr.length - 1;
    const chars: string[] = [];
    for (let t = f.intTokens.length - 1; t >= 0; t--) {
      if (f.intTokens[t] === "d") {
        chars.push(k >= 0 ? intStr[k]! : pad);
        k--;
      } else {
        chars.push(k >= 0 || f.zeroPad ? "," : " ");
      }
    }
    body = chars.reverse().join("");
    if (f.hasDot) body += `.${fracStr}`;
  }
  if (f.currency === "before") body = `$${body}`;
  else if (f.currency === "after") body = `${body}$`;
  const sign = f.leadingSign ?? f.trailingSign;
  let signText: string;
  if (sign === "S") signText = negative ? "-" : "+";
  else if (sign === "MI") signText = negative ? "-" : " ";
  else if (sign === "PR") return negative ? `<${body}>` : body;
  else return negative ? `-${body}` : body;
  return f.leadingSign !== undefined ? signText + body : body + signText;
}
