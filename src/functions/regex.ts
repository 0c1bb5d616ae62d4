/**
 * Java regular expressions on JavaScript's RegExp. Spark's regex functions (rlike, regexp_replace,
 * regexp_extract, split, …) take `java.util.regex.Pattern` syntax; this module translates that
 * syntax to an equivalent JS pattern, compiles it once per distinct pattern, and implements the
 * Java behaviours the functions rely on (`Matcher.find` iteration, `appendReplacement` group
 * references, `Pattern.split`).
 *
 * Translation choices (the why):
 * - Patterns compile with the `u` flag so that `.` and classes see code points as Java does and
 *   `\p{…}` works. Because `u` rejects Java's lenient identity escapes (`\-`, `\'`, `\#`), every
 *   token is re-emitted by the translator instead of copying the text through.
 * - A character class with Java's nested classes or `&&` intersection switches the whole pattern
 *   to the `v` flag, whose class syntax supports both; literals inside classes are always emitted
 *   as `\u{…}` so they are valid under either flag.
 * - Java's `\s`, `$`, `.`, `\Z` are ASCII- and line-terminator-specific; they are rewritten to the
 *   exact Java sets. `\A`, `\z` become look-arounds that hold in multiline mode too.
 * - Java inline flags (`(?i)`, `(?s:…)`) have no JS equivalent on Node 20, so a flag seen anywhere
 *   applies to the whole pattern (exact when the flags lead the pattern, the common case).
 * - Possessive quantifiers and atomic groups `(?>…)` compile as their greedy / non-capturing
 *   forms: same matches except in patterns that depend on backtracking being cut.
 * - Unsupported: `\G`, `\X`, `\b{g}`, Unicode blocks (`\p{InGreek}`), `\N{…}`. They raise
 *   `INVALID_PARAMETER_VALUE.PATTERN` like a syntax error.
 */
import { TsparkError } from "../common/errors.js";

/** A compiled Java pattern. `global` is shared: callers set `lastIndex` before each use. */
export interface CompiledRegex {
  /** The Java pattern text. */
  readonly pattern: string;
  /** Non-global form, for stateless `test`/`exec` from index 0. */
  readonly regex: RegExp;
  /** Global form, for find loops (`lastIndex` driven). */
  readonly global: RegExp;
  /** Number of capturing groups (Java's `groupCount()`). */
  readonly groupCount: number;
  /** Names of named groups. */
  readonly groupNames: readonly string[];
}

/** The result of translating a Java pattern: JS source and flags. */
export interface TranslatedRegex {
  readonly source: string;
  readonly flags: string;
  readonly groupCount: number;
  readonly groupNames: readonly string[];
}

interface Flags {
  i: boolean;
  s: boolean;
  m: boolean;
  x: boolean;
  d: boolean;
}

class RegexSyntaxError {
  constructor(readonly description: string) {}
}

const LINE_TERMINATORS = "\\n\\r\\u0085\\u2028\\u2029";
const JAVA_SPACE = "\\t\\n\\u000b\\f\\r ";
const H_SPACE = " \\t\\u00a0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000";
const V_SPACE = "\\n\\u000b\\f\\r\\u0085\\u2028\\u2029";

type Ranges = readonly (readonly [number, number])[];

const POSIX: Readonly<Record<string, Ranges>> = {
  Lower: [[0x61, 0x7a]],
  Upper: [[0x41, 0x5a]],
  ASCII: [[0, 0x7f]],
  Alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  Digit: [[0x30, 0x39]],
  Alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  Punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  Graph: [[0x21, 0x7e]],
  Print: [[0x20, 0x7e]],
  Blank: [
    [0x20, 0x20],
    [0x09, 0x09],
  ],
  Cntrl: [
    [0, 0x1f],
    [0x7f, 0x7f],
  ],
  XDigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
  Space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
};

const JAVA_CHARACTER_PROPS: Readonly<Record<string, string>> = {
  javaLowerCase: "\\p{Lowercase}",
  javaUpperCase: "\\p{Uppercase}",
  javaAlphabetic: "\\p{Alphabetic}",
  javaLetter: "\\p{L}",
  javaDigit: "\\p{Nd}",
  javaLetterOrDigit: "[\\p{L}\\p{Nd}]",
  javaWhitespace:
    "[\\t-\\r\\u001c-\\u001f\\u0020\\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000]",
  javaMirrored: "\\p{Bidi_M}",
  javaTitleCase: "\\p{Lt}",
  javaSpaceChar: "[\\p{Zs}\\p{Zl}\\p{Zp}]",
  javaISOControl: "[\\u0000-\\u001f\\u007f-\\u009f]",
  javaDefined: "\\P{Cn}",
  javaIdeographic: "\\p{Ideographic}",
};

const IS_BINARY_PROPS: Readonly<Record<string, string>> = {
  alphabetic: "Alphabetic",
  ideographic: "Ideographic",
  letter: "L",
  lowercase: "Lowercase",
  uppercase: "Uppercase",
  titlecase: "Lt",
  punctuation: "P",
  control: "Cc",
  white_space: "White_Space",
  whitespace: "White_Space",
  digit: "Nd",
  hex_digit: "Hex_Digit",
  hexdigit: "Hex_Digit",
  join_control: "Join_Control",
  joincontrol: "Join_Control",
  noncharacter_code_point: "Noncharacter_Code_Point",
  emoji: "Emoji",
};

/** A translated `\p{…}`: either explicit ranges (POSIX) or a JS escape/class text. */
type Property = { readonly ranges: Ranges } | { readonly text: string; readonly negatable: boolean };

function validJsProperty(name: string): boolean {
  try {
    new RegExp(`\\p{${name}}`, "u");
    return true;
  } catch {
    return false;
  }
}

function translateProperty(name: string): Property {
  const posix = POSIX[name];
  if (posix) return { ranges: posix };
  const javaProp = JAVA_CHARACTER_PROPS[name];
  if (javaProp) return { text: javaProp, negatable: javaProp.startsWith("\\p") };
  if (name.startsWith("In") || /^(block|blk)=/i.test(name)) {
    throw new RegexSyntaxError(`Unicode block property \\p{${name}} is not supported`);
  }
  let n = name;
  const eq = n.indexOf("=");
  if (eq >= 0) {
    const key = n.slice(0, eq).toLowerCase();
    const value = n.slice(eq + 1);
    if (key === "script" || key === "sc") n = `Script=${value}`;
    else if (key === "general_category" || key === "gc") n = value;
    else throw new RegexSyntaxError(`Unknown character property name {${name}}`);
    if (validJsProperty(n)) return { text: `\\p{${n}}`, negatable: true };
    throw new RegexSyntaxError(`Unknown character property name {${name}}`);
  }
  if (n.startsWith("Is")) {
    const rest = n.slice(2);
    const binary = IS_BINARY_PROPS[rest.toLowerCase()];
    if (binary) return { text: `\\p{${binary}}`, negatable: true };
    if (validJsProperty(rest)) return { text: `\\p{${rest}}`, negatable: true };
    if (validJsProperty(`Script=${rest}`)) return { text: `\\p{Script=${rest}}`, negatable: true };
    throw new RegexSyntaxError(`Unknown character property name {${name}}`);
  }
  if (validJsProperty(n) && /^[A-Z][a-z&]?$|^LC$/.test(n)) return { text: `\\p{${n}}`, negatable: true };
  if (validJsProperty(`Script=${n}`)) return { text: `\\p{Script=${n}}`, negatable: true };
  throw new RegexSyntaxError(`Unknown character property name {${name}}`);
}

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

function isWordChar(c: string): boolean {
  return /^[A-Za-z0-9]$/.test(c);
}

function rangesText(r: Ranges): string {
  return r.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join("");
}

/** Emits a literal code point outside a class. */
function literalOutside(cp: number): string {
  const c = String.fromCodePoint(cp);
  if (isWordChar(c)) return c;
  if ("^$\\.*+?()[]{}|/".includes(c)) return `\\${c}`;
  if (cp < 0x20 || cp === 0x7f) return hex(cp);
  if (c === "-" || c === " " || cp > 0x7f || /^[!"#%&',:;<=>@_`~]$/.test(c)) return c;
  return hex(cp);
}

/** Translates Java pattern text to a JS RegExp source and flags. */
export function translateJavaRegex(pattern: string): TranslatedRegex {
  const initial: Flags = { i: false, s: false, m: false, x: false, d: false };
  let t = new Translator(pattern, { ...initial });
  let result = t.run();
  // Inline flags apply to the whole pattern; when any were found, translate again with them set
  // from the start so that tokens before the flag group see them too.
  if (t.flagsChanged) {
    t = new Translator(pattern, { ...t.flags });
    result = t.run();
  }
  let flags = t.needV ? "v" : "u";
  if (t.flags.i) flags += "i";
  if (t.flags.s) flags += "s";
  if (t.flags.m) flags += "m";
  return { source: result, flags, groupCount: t.groupCount, groupNames: t.groupNames };
}

class Translator {
  private i = 0;
  flagsChanged = false;
  needV = false;
  groupCount = 0;
  readonly groupNames: string[] = [];
  private readonly start: Flags;

  constructor(
    private readonly p: string,
    readonly flags: Flags,
  ) {
    this.start = { ...flags };
  }

  run(): string {
    let out = "";
    const p = this.p;
    while (this.i < p.length) {
      const cp = p.codePointAt(this.i)!;
      const c = String.fromCodePoint(cp);
      if (this.flags.x && this.skipCommentOrSpace()) continue;
      switch (c) {
        case "\\":
          out += this.escapeOutside();
          break;
        case "[":
          out += this.charClass();
          break;
        case "(":
          out += this.group();
          break;
        case ")":
        case "|":
          out += c;
          this.i++;
          break;
        case ".":
          this.i++;
          out += this.flags.s ? "." : this.flags.d ? "[^\\n]" : `[^${LINE_TERMINATORS}]`;
          break;
        case "^":
          this.i++;
          out += "^";
          break;
        case "$":
          this.i++;
          if (this.flags.m) out += "$";
          else if (this.flags.d) out += "(?=\\n?(?![\\s\\S]))";
          else out += `(?=(?:\\r\\n|[${LINE_TERMINATORS}])?(?![\\s\\S]))`;
          break;
        case "*":
        case "+":
        case "?":
          this.i++;
          out += c + this.quantifierSuffix();
          break;
        case "{": {
          const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(this.i));
          if (!m) throw new RegexSyntaxError(`Illegal repetition near index ${this.i}`);
          if (m[3] !== undefined && m[3] !== "" && Number(m[3]) < Number(m[1])) {
            throw new RegexSyntaxError(`Illegal repetition range near index ${this.i}`);
          }
          this.i += m[0].length;
          out += m[0] + this.quantifierSuffix();
          break;
        }
        case "]":
        case "}":
          this.i++;
          out += `\\${c}`;
          break;
        default:
          this.i += c.length;
          out += literalOutside(cp);
      }
    }
    return out;
  }

  private skipCommentOrSpace(): boolean {
    const c = this.p[this.i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\u000b") {
      this.i++;
      return true;
    }
    if (c === "#") {
      while (this.i < this.p.length && this.p[this.i] !== "\n" && this.p[this.i] !== "\r") this.i++;
      return true;
    }
    return false;
  }

  /** Lazy `?` passes through; possessive `+` is dropped (greedy approximation). */
  private quantifierSuffix(): string {
    const n = this.p[this.i];
    if (n === "?") {
      this.i++;
      return "?";
    }
    if (n === "+") {
      this.i++;
      return "";
    }
    return "";
  }

  private group(): string {
    const p = this.p;
    const rest = p.slice(this.i);
    if (!rest.startsWith("(?")) {
      this.i++;
      this.groupCount++;
      return "(";
    }
    const named = /^\(\?<([A-Za-z][A-Za-z0-9]*)>/.exec(rest);
    if (named) {
      this.i += named[0].length;
      this.groupCount++;
      this.groupNames.push(named[1]!);
      return `(?<${named[1]}>`;
    }
    for (const prefix of ["(?:", "(?=", "(?!", "(?<=", "(?<!"]) {
      if (rest.startsWith(prefix)) {
        this.i += prefix.length;
        return prefix;
      }
    }
    if (rest.startsWith("(?>")) {
      this.i += 3;
      return "(?:";
    }
    const flagGroup = /^\(\?([idmsuxU]*)(?:-([idmsuxU]*))?([:)])/.exec(rest);
    if (flagGroup) {
      this.i += flagGroup[0].length;
      for (const f of flagGroup[1] ?? "") this.setFlag(f, true);
      for (const f of flagGroup[2] ?? "") this.setFlag(f, false);
      return flagGroup[3] === ":" ? "(?:" : "";
    }
    throw new RegexSyntaxError(`Unknown inline modifier near index ${this.i + 2}`);
  }

  private setFlag(f: string, on: boolean): void {
    // Turning a flag off mid-pattern cannot be expressed; only "on" is applied globally.
    if (!on) return;
    const key =
      f === "i" ? "i" : f === "s" ? "s" : f === "m" ? "m" : f === "x" ? "x" : f === "d" ? "d" : null;
    if (key === null) return;
    if (!this.flags[key]) {
      this.flags[key] = true;
      if (!this.start[key]) this.flagsChanged = true;
    }
  }

  /** Reads `\Q…\E` starting after `\Q`; returns the quoted code points. */
  private quoted(): number[] {
    const end = this.p.indexOf("\\E", this.i);
    const text = end < 0 ? this.p.slice(this.i) : this.p.slice(this.i, end);
    this.i = end < 0 ? this.p.length : end + 2;
    return Array.from(text, (ch) => ch.codePointAt(0)!);
  }

  /** Reads escapes that denote one code point (octal, hex, unicode, control, named). */
  private codePointEscape(c: string): number | undefined {
    const p = this.p;
    switch (c) {
      case "t":
        return 9;
      case "n":
        return 10;
      case "r":
        return 13;
      case "f":
        return 12;
      case "a":
        return 7;
      case "e":
        return 27;
      case "0": {
        const m = /^[0-3]?[0-7]{1,2}|^[0-7]/.exec(p.slice(this.i));
        if (!m) throw new RegexSyntaxError("Illegal octal escape sequence");
        let digits = m[0];
        if (digits.length === 3 && Number.parseInt(digits, 8) > 0o377) digits = digits.slice(0, 2);
        this.i += digits.length;
        return Number.parseInt(digits, 8);
      }
      case "x": {
        if (p[this.i] === "{") {
          const close = p.indexOf("}", this.i);
          const h = close < 0 ? "" : p.slice(this.i + 1, close);
          if (!/^[0-9a-fA-F]+$/.test(h) || Number.parseInt(h, 16) > 0x10ffff) {
            throw new RegexSyntaxError("Illegal hexadecimal escape sequence");
          }
          this.i = close + 1;
          return Number.parseInt(h, 16);
        }
        const h = p.slice(this.i, this.i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new RegexSyntaxError("Illegal hexadecimal escape sequence");
        this.i += 2;
        return Number.parseInt(h, 16);
      }
      case "u": {
        const h = p.slice(this.i, this.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(h)) throw new RegexSyntaxError("Illegal Unicode escape sequence");
        this.i += 4;
        const hi = Number.parseInt(h, 16);
        if (hi >= 0xd800 && hi <= 0xdbff && /^\\u[dD][c-fC-F][0-9a-fA-F]{2}/.test(p.slice(this.i))) {
          const lo = Number.parseInt(p.slice(this.i + 2, this.i + 6), 16);
          this.i += 6;
          return (hi - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        }
        return hi;
      }
      case "c": {
        const ch = p.codePointAt(this.i);
        if (ch === undefined) throw new RegexSyntaxError("Illegal control escape sequence");
        this.i += 1;
        return ch ^ 64;
      }
      default:
        return undefined;
    }
  }

  private readProperty(): { prop: Property; negated: boolean } {
    const p = this.p;
    const letter = p[this.i - 1]!;
    let name: string;
    if (p[this.i] === "{") {
      const close = p.indexOf("}", this.i);
      if (close < 0) throw new RegexSyntaxError("Unclosed character family");
      name = p.slice(this.i + 1, close);
      this.i = close + 1;
    } else {
      name = p[this.i] ?? "";
      if (name === "") throw new RegexSyntaxError("Illegal character family");
      this.i++;
    }
    let negated = letter === "P";
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.slice(1);
    }
    return { prop: translateProperty(name), negated };
  }

  private escapeOutside(): string {
    const p = this.p;
    this.i++;
    if (this.i >= p.length) throw new RegexSyntaxError("Unexpected internal error: trailing backslash");
    const c = String.fromCodePoint(p.codePointAt(this.i)!);
    this.i += c.length;
    const single = this.codePointEscape(c);
    if (single !== undefined) return literalOutside(single);
    switch (c) {
      case "d":
      case "D":
      case "w":
      case "W":
      case "b":
      case "B":
        return `\\${c}`;
      case "s":
        return `[${JAVA_SPACE}]`;
      case "S":
        return `[^${JAVA_SPACE}]`;
      case "h":
        return `[${H_SPACE}]`;
      case "H":
        return `[^${H_SPACE}]`;
      case "v":
        return `[${V_SPACE}]`;
      case "V":
        return `[^${V_SPACE}]`;
      case "R":
        return `(?:\\r\\n|[${V_SPACE}])`;
      case "A":
        return "(?<![\\s\\S])";
      case "z":
        return "(?![\\s\\S])";
      case "Z":
        return `(?=(?:\\r\\n|[${LINE_TERMINATORS}])?(?![\\s\\S]))`;
      case "Q":
        return this.quoted().map(literalOutside).join("");
      case "E":
        return "";
      case "k": {
        const m = /^<([A-Za-z][A-Za-z0-9]*)>/.exec(p.slice(this.i));
        if (!m) throw new RegexSyntaxError("\\k is not followed by '<' for named capturing group");
        this.i += m[0].length;
        return `\\k<${m[1]}>`;
      }
      case "p":
      case "P": {
        const { prop, negated } = this.readProperty();
        if ("ranges" in prop) return `[${negated ? "^" : ""}${rangesText(prop.ranges)}]`;
        if (!negated) return prop.text;
        if (prop.text.startsWith("\\p{")) return `\\P${prop.text.slice(2)}`;
        if (prop.text.startsWith("\\P{")) return `\\p${prop.text.slice(2)}`;
        return `(?:(?!${prop.text})[\\s\\S])`;
      }
      default:
        break;
    }
    if (c >= "1" && c <= "9") {
      let n = Number(c);
      while (this.i < p.length && /[0-9]/.test(p[this.i]!)) {
        const next = n * 10 + Number(p[this.i]);
        if (next > this.groupCount) break;
        n = next;
        this.i++;
      }
      return `(?:\\${n})`;
    }
    if (/[A-Za-z]/.test(c)) throw new RegexSyntaxError(`Illegal/unsupported escape sequence \\${c}`);
    return literalOutside(c.codePointAt(0)!);
  }

  /**
   * Parses a Java character class starting at `[` and returns its JS form. Nested classes and
   * `&&` make the pattern use the `v` flag.
   */
  private charClass(): string {
    const p = this.p;
    this.i++; // [
    let negated = false;
    if (p[this.i] === "^") {
      negated = true;
      this.i++;
    }
    const segments: string[] = [];
    let cur = "";
    let first = true;
    let lastSingle: number | undefined;
    let lastSingleStart = -1;
    while (true) {
      if (this.i >= p.length) throw new RegexSyntaxError("Unclosed character class");
      const cp = p.codePointAt(this.i)!;
      const c = String.fromCodePoint(cp);
      if (this.flags.x && (c === " " || c === "\t" || c === "\n" || c === "\r")) {
        this.i++;
        continue;
      }
      if (c === "]" && !first) {
        this.i++;
        break;
      }
      first = false;
      if (c === "&" && p[this.i + 1] === "&") {
        this.i += 2;
        this.needV = true;
        segments.push(cur);
        cur = "";
        lastSingle = undefined;
        continue;
      }
      if (c === "[") {
        this.needV = true;
        cur += this.charClass();
        lastSingle = undefined;
        continue;
      }
      if (c === "-" && lastSingle !== undefined && p[this.i + 1] !== "]" && p[this.i + 1] !== undefined) {
        // A range: the left end was already emitted; read the right end.
        this.i++;
        const hi = this.classSingle();
        if (hi === undefined) throw new RegexSyntaxError("Illegal character range");
        if (hi < lastSingle) throw new RegexSyntaxError("Illegal character range");
        cur = `${cur.slice(0, lastSingleStart)}${hex(lastSingle)}-${hex(hi)}`;
        lastSingle = undefined;
        continue;
      }
      const before = this.i;
      const single = this.classSingle();
      if (single !== undefined) {
        lastSingleStart = cur.length;
        cur += hex(single);
        lastSingle = single;
        continue;
      }
      this.i = before;
      cur += this.classEscapeSet();
      lastSingle = undefined;
    }
    segments.push(cur);
    if (segments.length === 1) return `[${negated ? "^" : ""}${segments[0]}]`;
    const inner = segments.map((s) => `[${s}]`).join("&&");
    return `[${negated ? "^" : ""}${inner}]`;
  }

  /** One code point inside a class (literal or single-char escape), or undefined for a set escape. */
  private classSingle(): number | undefined {
    const p = this.p;
    const cp = p.codePointAt(this.i)!;
    const c = String.fromCodePoint(cp);
    if (c !== "\\") {
      if (c === "[") return undefined;
      this.i += c.length;
      return cp;
    }
    const e = p[this.i + 1];
    if (e === undefined) throw new RegexSyntaxError("Unclosed character class");
    if ("dDwWsShHvVpPQ".includes(e)) return undefined;
    this.i += 2;
    const single = this.codePointEscape(e);
    if (single !== undefined) return single;
    if (e === "b") return 8;
    if (/[A-Za-z0-9]/.test(e)) throw new RegexSyntaxError(`Illegal/unsupported escape sequence \\${e}`);
    return e.codePointAt(0)!;
  }

  /** A set escape inside a class (`\d`, `\s`, `\p{…}`, `\Q…\E`). */
  private classEscapeSet(): string {
    const e = this.p[this.i + 1]!;
    this.i += 2;
    switch (e) {
      case "d":
      case "D":
      case "w":
      case "W":
        return `\\${e}`;
      case "s":
        return JAVA_SPACE;
      case "S":
        this.needV = true;
        return `[^${JAVA_SPACE}]`;
      case "h":
        return H_SPACE;
      case "H":
        this.needV = true;
        return `[^${H_SPACE}]`;
      case "v":
        return V_SPACE;
      case "V":
        this.needV = true;
        return `[^${V_SPACE}]`;
      case "Q":
        return this.quoted().map(hex).join("");
      default: {
        const { prop, negated } = this.readProperty();
        if ("ranges" in prop) {
          if (!negated) return rangesText(prop.ranges);
          this.needV = true;
          return `[^${rangesText(prop.ranges)}]`;
        }
        if (prop.text.startsWith("[")) {
          this.needV = true;
          return negated ? `[^${prop.text.slice(1)}` : prop.text;
        }
        if (!negated) return prop.text;
        return prop.text.startsWith("\\p{") ? `\\P${prop.text.slice(2)}` : `\\p${prop.text.slice(2)}`;
      }
    }
  }
}

/** `INVALID_PARAMETER_VALUE.PATTERN` for a pattern Java would reject. */
export function invalidPatternError(functionName: string, pattern: string, reason: string): TsparkError {
  return new TsparkError("INVALID_PARAMETER_VALUE.PATTERN", {
    messageParameters: {
      parameter: "`regexp`",
      functionName: `\`${functionName}\``,
      value: `'${pattern.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`,
      message: `'${pattern}' is not a valid regular expression: ${reason}.`,
    },
  });
}

/** Translates and compiles a Java pattern; throws `INVALID_PARAMETER_VALUE.PATTERN` when invalid. */
export function compileJavaRegex(pattern: string, functionName: string): CompiledRegex {
  let t: TranslatedRegex;
  try {
    t = translateJavaRegex(pattern);
  } catch (e) {
    if (e instanceof RegexSyntaxError) throw invalidPatternError(functionName, pattern, e.description);
    throw e;
  }
  try {
    return {
      pattern,
      regex: new RegExp(t.source, t.flags),
      global: new RegExp(t.source, `${t.flags}g`),
      groupCount: t.groupCount,
      groupNames: t.groupNames,
    };
  } catch (e) {
    throw invalidPatternError(functionName, pattern, e instanceof Error ? e.message : String(e));
  }
}

/**
 * A small per-kernel cache for non-constant patterns (Spark keeps the last pattern; a bounded map
 * also helps columns that alternate between a few patterns).
 */
export class RegexCache {
  private readonly map = new Map<string, CompiledRegex>();
  constructor(
    private readonly functionName: string,
    private readonly capacity = 64,
  ) {}
  /** The compiled form of `pattern`, compiling it on first use. */
  get(pattern: string): CompiledRegex {
    let c = this.map.get(pattern);
    if (c === undefined) {
      c = compileJavaRegex(pattern, this.functionName);
      if (this.map.size >= this.capacity) {
        const oldest = this.map.keys().next().value;
        if (oldest !== undefined) this.map.delete(oldest);
      }
      this.map.set(pattern, c);
    }
    return c;
  }
}

/**
 * Returns a pattern lookup for a kernel: precompiled once when the pattern argument is constant
 * (`value` defined), cached otherwise.
 */
export function patternLookup(
  functionName: string,
  constPattern: string | null | undefined,
): (pattern: string) => CompiledRegex {
  if (typeof constPattern === "string") {
    const compiled = compileJavaRegex(constPattern, functionName);
    return () => compiled;
  }
  const cache = new RegexCache(functionName);
  return (pattern) => cache.get(pattern);
}

/** Index after an empty match at `i` (one code point on, as the `u` flag iterates). */
function advance(s: string, i: number): number {
  if (i + 1 < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) return i + 2;
    }
  }
  return i + 1;
}

/**
 * Java's `while (m.find())` loop: calls `onMatch` for each successive match; an empty match moves
 * the search one character on. Stops early when `onMatch` returns false.
 */
export function forEachMatch(
  re: CompiledRegex,
  s: string,
  onMatch: (m: RegExpExecArray) => boolean | undefined,
): void {
  const g = re.global;
  g.lastIndex = 0;
  while (g.lastIndex <= s.length) {
    const m = g.exec(s);
    if (m === null) return;
    const end = m.index + m[0].length;
    if (onMatch(m) === false) return;
    g.lastIndex = m[0].length === 0 ? advance(s, end) : end;
  }
}

/**
 * `Pattern.split(input, limit)` with Spark's twist that limit 0 behaves as -1 (trailing empty
 * strings are kept). A zero-width match at the start yields no leading empty string.
 */
export function javaSplit(re: CompiledRegex, s: string, limit: number): string[] {
  const out: string[] = [];
  let index = 0;
  const limited = limit > 0;
  forEachMatch(re, s, (m) => {
    if (limited && out.length >= limit - 1) return false;
    const start = m.index;
    const end = start + m[0].length;
    if (index === 0 && start === 0 && end === 0) return true;
    out.push(s.slice(index, start));
    index = end;
    return true;
  });
  if (index === 0 && out.length === 0) return [s];
  out.push(s.slice(index));
  return out;
}

/** Characters with a meaning in a Java pattern outside a character class. */
const JAVA_METACHARACTERS = "\\^$.|?*+()[]{}";

/**
 * The string a Java pattern matches literally, or undefined when the pattern has a regex construct
 * (then it must go through {@link compileJavaRegex}). Recognised: characters other than
 * `\^$.|?*+()[]{}`, and a backslash before ASCII punctuation or space (`\.`, `\|`, `\\`), which Java
 * always reads as that character. The empty pattern, and a pattern with a lone surrogate, are not
 * literal: the first matches between characters, and a lone surrogate would let a code-unit
 * search stop inside a surrogate pair where Java (code points) does not.
 */
export function javaLiteralPattern(pattern: string): string | undefined {
  if (pattern.length === 0) return undefined;
  let plain = true;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = pattern.charCodeAt(i + 1);
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return undefined;
      i++;
    } else if (c === 0x5c) {
      const d = pattern.charCodeAt(i + 1);
      if (!isEscapableLiteral(d)) return undefined;
      plain = false;
      i++;
    } else if (JAVA_METACHARACTERS.includes(pattern[i]!)) {
      return undefined;
    }
  }
  return plain ? pattern : pattern.replace(/\\(.)/g, "$1");
}

/** ASCII space or punctuation: `\x` is that character in Java (letters and digits are escapes). */
function isEscapableLiteral(c: number): boolean {
  return (
    c >= 0x20 &&
    c <= 0x7e &&
    !(c >= 0x30 && c <= 0x39) &&
    !(c >= 0x41 && c <= 0x5a) &&
    !(c >= 0x61 && c <= 0x7a)
  );
}

/**
 * Java's `String.split` around a literal, non-empty `delimiter` (left to right, matches do not
 * overlap), with Spark's limit rule: `limit` ≤ 0 means no limit and trailing empty strings are
 * kept; `limit` > 0 gives at most `limit` pieces, the last holding the rest. Same result as
 * {@link javaSplit} with the pattern the delimiter comes from, without a RegExp.
 */
export function literalSplit(s: string, delimiter: string, limit: number): string[] {
  const out: string[] = [];
  const step = delimiter.length;
  const max = limit > 0 ? limit - 1 : Number.POSITIVE_INFINITY;
  let index = 0;
  while (out.length < max) {
    const j = s.indexOf(delimiter, index);
    if (j < 0) break;
    out.push(s.slice(index, j));
    index = j + step;
  }
  out.push(index === 0 ? s : s.slice(index));
  return out;
}

/** Splits one string with one pattern: `(input, limit)` → pieces, as {@link javaSplit}. */
export type JavaSplitter = (s: string, limit: number) => string[];

/**
 * The splitter for a Java pattern: an `indexOf` loop when the pattern is a literal
 * ({@link javaLiteralPattern}), else the compiled regex through {@link javaSplit}. Throws
 * `INVALID_PARAMETER_VALUE.PATTERN` for an invalid pattern.
 */
export function javaSplitter(pattern: string, functionName: string): JavaSplitter {
  const literal = javaLiteralPattern(pattern);
  if (literal !== undefined) return (s, limit) => literalSplit(s, literal, limit);
  const re = compileJavaRegex(pattern, functionName);
  return (s, limit) => javaSplit(re, s, limit);
}

/**
 * Returns a splitter lookup for a kernel: built once when the pattern argument is constant,
 * otherwise built per distinct pattern and kept in a bounded cache (as {@link RegexCache}), so a
 * pattern column neither recompiles nor re-checks for a literal on every row.
 */
export function splitterLookup(
  functionName: string,
  constPattern: string | null | undefined,
  capacity = 64,
): (pattern: string) => JavaSplitter {
  if (typeof constPattern === "string") {
    const splitter = javaSplitter(constPattern, functionName);
    return () => splitter;
  }
  const cache = new Map<string, JavaSplitter>();
  return (pattern) => {
    let sp = cache.get(pattern);
    if (sp === undefined) {
      sp = javaSplitter(pattern, functionName);
      if (cache.size >= capacity) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      cache.set(pattern, sp);
    }
    return sp;
  };
}

/** One piece of a parsed Java replacement string. */
type ReplacementPart = string | number | { readonly name: string };

/** A parsed `Matcher.appendReplacement` replacement (`$1`, `${name}`, `\$`). */
export class JavaReplacement {
  private readonly parts: readonly ReplacementPart[];
  /** True when the replacement has no group references. */
  readonly literal: string | undefined;

  constructor(replacement: string, re: CompiledRegex, functionName: string) {
    const parts: ReplacementPart[] = [];
    let lit = "";
    const fail = (msg: string): TsparkError =>
      new TsparkError("INVALID_PARAMETER_VALUE", {
        messageParameters: {
          parameter: "`rep`",
          functionName: `\`${functionName}\``,
          message: `${msg} in the replacement string '${replacement}'.`,
        },
      });
    let i = 0;
    while (i < replacement.length) {
      const c = replacement[i]!;
      if (c === "\\") {
        i++;
        if (i >= replacement.length) throw fail("character to be escaped is missing");
        lit += replacement[i];
        i++;
      } else if (c === "$") {
        i++;
        if (i >= replacement.length) throw fail("Illegal group reference: group index is missing");
        if (replacement[i] === "{") {
          const close = replacement.indexOf("}", i);
          if (close < 0) throw fail("named capturing group is missing trailing '}'");
          const name = replacement.slice(i + 1, close);
          if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw fail("Illegal named group reference");
          if (!re.groupNames.includes(name)) throw fail(`No group with name {${name}}`);
          if (lit) parts.push(lit);
          lit = "";
          parts.push({ name });
          i = close + 1;
        } else {
          const d = replacement.charCodeAt(i) - 48;
          if (d < 0 || d > 9) throw fail("Illegal group reference");
          let n = d;
          i++;
          while (i < replacement.length) {
            const nd = replacement.charCodeAt(i) - 48;
            if (nd < 0 || nd > 9) break;
            const next = n * 10 + nd;
            if (next > re.groupCount) break;
            n = next;
            i++;
          }
          if (n > re.groupCount) throw fail(`No group ${n}`);
          if (lit) parts.push(lit);
          lit = "";
          parts.push(n);
        }
      } else {
        lit += c;
        i++;
      }
    }
    if (lit) parts.push(lit);
    this.parts = parts;
    this.literal = parts.every((x) => typeof x === "string") ? parts.join("") : undefined;
  }

  /** The replacement text for one match. */
  expand(m: RegExpExecArray): string {
    if (this.literal !== undefined) return this.literal;
    let out = "";
    for (const part of this.parts) {
      if (typeof part === "string") out += part;
      else if (typeof part === "number") out += m[part] ?? "";
      else out += m.groups?.[part.name] ?? "";
    }
    return out;
  }
}

/**
 * Replaces every match of `re` in `s` (Java `replaceAll` semantics). The replacement is obtained
 * lazily because Java only validates it when a match is found.
 */
export function javaReplaceAll(re: CompiledRegex, s: string, rep: () => JavaReplacement): string {
  let out = "";
  let last = 0;
  let any = false;
  forEachMatch(re, s, (m) => {
    any = true;
    out += s.slice(last, m.index) + rep().expand(m);
    last = m.index + m[0].length;
    return true;
  });
  if (!any) return s;
  return out + s.slice(last);
}
