/**
 * Spark's datetime patterns (https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html):
 * a pattern such as `yyyy-MM-dd HH:mm:ss.SSS` is compiled once into a `DateTimePattern` that
 * formats timestamps and parses strings, following Spark 3+'s java.time based formatter: English
 * text, proleptic Gregorian years, strict parsing of the whole input, case-insensitive text, a
 * fraction `S…S` that parses 1 to n digits, and `[…]` optional sections.
 *
 * With `spark.sql.legacy.timeParserPolicy=EXCEPTION` (the default before Spark 4.0, CORRECTED since)
 * Spark raises `INCONSISTENT_BEHAVIOR_CROSS_VERSION.PARSE_DATETIME_BY_NEW_PARSER` when the strict
 * parser fails but Spark 2's `SimpleDateFormat` would have succeeded, and with LEGACY it uses the
 * old parser; `parse` approximates that legacy parser with a second, lenient pass
 * (variable-width numbers, trailing text ignored).
 */
import { TsparkError } from "../../common/errors.js";
import {
  checkMicros,
  daysInMonth,
  daysToDate,
  dateToDays,
  floorDiv,
  getTimeZone,
  isoDayOfWeek,
  isValidDate,
  localToUtcMicros,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
  type TimeZone,
  tryGetTimeZone,
  utcToLocalMicros,
} from "../../data/datetime.js";
import { parseOffsetId } from "../../data/timezone.js";

type Token =
  | { readonly kind: "lit"; readonly text: string }
  | { readonly kind: "field"; readonly letter: string; readonly count: number }
  | { readonly kind: "opt"; readonly tokens: readonly Token[] };

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const QUARTER_NAMES = ["1st quarter", "2nd quarter", "3rd quarter", "4th quarter"];

/** Letters SimpleDateFormat (Spark 2) knew: a bad count of these is a "cross version" error. */
const LEGACY_LETTERS = new Set("GyMLdEFDHhkKmsSazZXwWuY".split(""));
/** Every letter java.time's formatter knows. */
const JAVA_LETTERS = new Set("GuyDMLdQqYwWEecFaBhKkHmsSAnNVvzOXxZp".split(""));
const MAX_COUNT: Readonly<Record<string, number>> = {
  G: 4,
  y: 6,
  M: 4,
  L: 4,
  d: 2,
  D: 3,
  Q: 4,
  q: 4,
  E: 4,
  F: 1,
  a: 1,
  h: 2,
  K: 2,
  k: 2,
  H: 2,
  m: 2,
  s: 2,
  S: 9,
  z: 4,
  X: 5,
  x: 5,
  Z: 5,
};

function illegal(message: string): TsparkError {
  return new TsparkError("ILLEGAL_ARGUMENT", { messageParameters: { message } });
}

function unrecognized(pattern: string): TsparkError {
  return new TsparkError("INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION", {
    messageParameters: {
      pattern: `'${pattern}'`,
      config: '"spark.sql.legacy.timeParserPolicy"',
      docroot: "https://spark.apache.org/docs/latest",
    },
  });
}

/** Checks one letter run as Spark does and returns the error to throw, if any. */
function checkField(
  letter: string,
  count: number,
  run: string,
  forParsing: boolean,
  pattern: string,
): TsparkError | undefined {
  // Spark 4's error classes for these (datetime-formatting-invalid.sql.out).
  if (letter === "e" || letter === "c") {
    return new TsparkError("INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN", {
      messageParameters: { c: letter },
    });
  }
  const illegalChar = () =>
    new TsparkError("INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER", {
      messageParameters: { c: letter, pattern },
    });
  if ("YwWu".includes(letter)) return unrecognized(run);
  if ("AnNpB".includes(letter)) return illegalChar();
  if ((letter === "q" || letter === "Q") && count > 4) {
    return new TsparkError("INVALID_DATETIME_PATTERN.LENGTH", { messageParameters: { pattern } });
  }
  if (!JAVA_LETTERS.has(letter)) return illegal(`Unknown pattern letter: ${letter}`);
  if (letter === "V") return count === 2 ? undefined : illegal("Pattern letter count must be 2: V");
  if (letter === "O") {
    return count === 1 || count === 4 ? undefined : illegal("Pattern letter count must be 1 or 4: O");
  }
  if (letter === "v") return illegal(`Illegal pattern character: ${letter}`);
  const max = MAX_COUNT[letter] ?? 0;
  if (count > max) {
    // SimpleDateFormat takes any count of its letters except X (1 to 3).
    if (LEGACY_LETTERS.has(letter) && letter !== "X") return unrecognized(run);
    return illegal(`Too many pattern letters: ${letter}`);
  }
  if (forParsing && "EFqQ".includes(letter)) return illegalChar();
  return undefined;
}

function tokenize(pattern: string, forParsing: boolean): Token[] {
  const stack: Token[][] = [[]];
  const top = (): Token[] => stack[stack.length - 1] ?? [];
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern.charAt(i);
    if ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z")) {
      let j = i + 1;
      while (j < n && pattern.charAt(j) === c) j++;
      const count = j - i;
      const err = checkField(c, count, pattern.slice(i, j), forParsing, pattern);
      if (err) throw err;
      top().push({ kind: "field", letter: c, count });
      i = j;
    } else if (c === "'") {
      if (pattern.charAt(i + 1) === "'") {
        top().push({ kind: "lit", text: "'" });
        i += 2;
        continue;
      }
      let text = "";
      let j = i + 1;
      for (;;) {
        if (j >= n) throw illegal(`Pattern ends with an incomplete string literal: ${pattern}`);
        const d = pattern.charAt(j);
        if (d === "'") {
          if (pattern.charAt(j + 1) === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += d;
        j++;
      }
      top().push({ kind: "lit", text });
      i = j + 1;
    } else if (c === "[") {
      stack.push([]);
      i++;
    } else if (c === "]") {
      if (stack.length === 1) throw illegal("Pattern invalid as it contains ] without previous [");
      const inner = stack.pop() ?? [];
      top().push({ kind: "opt", tokens: inner });
      i++;
    } else if (c === "{" || c === "}" || c === "#") {
      throw illegal(`Pattern includes reserved character: '${c}'`);
    } else {
      top().push({ kind: "lit", text: c });
      i++;
    }
  }
  while (stack.length > 1) {
    const inner = stack.pop() ?? [];
    top().push({ kind: "opt", tokens: inner });
  }
  return stack[0] ?? [];
}

/** Local fields and zone of one instant, as needed for formatting. */
interface FormatInput {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly days: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly micros: number;
  readonly offset: number;
  readonly zone: TimeZone;
  readonly utcSeconds: number;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, "0");
  return n < 0 ? `-${s}` : s;
}

function formatOffset(
  total: number,
  withColon: boolean,
  withMinutes: "always" | "nonzero",
  seconds: boolean,
): string {
  const sign = total < 0 ? "-" : "+";
  const a = Math.abs(total);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  let out = sign + pad(h, 2);
  const sep = withColon ? ":" : "";
  if (withMinutes === "always" || m !== 0 || (seconds && s !== 0)) out += sep + pad(m, 2);
  if (seconds && s !== 0) out += sep + pad(s, 2);
  return out;
}

function formatLocalizedOffset(total: number, full: boolean): string {
  if (total === 0) return "GMT";
  const sign = total < 0 ? "-" : "+";
  const a = Math.abs(total);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  if (full) return `GMT${sign}${pad(h, 2)}:${pad(m, 2)}${s !== 0 ? `:${pad(s, 2)}` : ""}`;
  return `GMT${sign}${h}${m !== 0 || s !== 0 ? `:${pad(m, 2)}` : ""}${s !== 0 ? `:${pad(s, 2)}` : ""}`;
}

const zoneNameFormats = new Map<string, Intl.DateTimeFormat[]>();
/** Locales whose CLDR data has the abbreviations java.time prints (PST, CET, BST, IST, AEST). */
const NAME_LOCALES = ["en-US", "en-GB", "en-IN", "en-AU"];
/** java.time short names for common zones that ICU's English data only shows as GMT offsets. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  "Asia/Tokyo": "JST",
  "Asia/Shanghai": "CST",
  "Asia/Hong_Kong": "HKT",
  "Asia/Seoul": "KST",
  "Asia/Singapore": "SGT",
  "Asia/Taipei": "CST",
};

function zoneName(input: FormatInput, long: boolean): string {
  const z = input.zone;
  if (z.fixedOffsetSeconds !== undefined || z.regionId === undefined) {
    if (z.id === "UTC" || z.id === "GMT" || z.id === "UT") {
      return long ? (z.id === "GMT" ? "Greenwich Mean Time" : "Coordinated Universal Time") : z.id;
    }
    const off = z.fixedOffsetSeconds ?? 0;
    return off === 0 ? "Z" : formatOffset(off, true, "always", true);
  }
  const region = z.regionId;
  if (!long) {
    const fixed = SHORT_NAMES[region];
    if (fixed !== undefined) return fixed;
  }
  const key = `${region}|${long ? "l" : "s"}`;
  let fs = zoneNameFormats.get(key);
  if (fs === undefined) {
    fs = (long ? ["en-US"] : NAME_LOCALES).map(
      (loc) => new Intl.DateTimeFormat(loc, { timeZone: region, timeZoneName: long ? "long" : "short" }),
    );
    zoneNameFormats.set(key, fs);
  }
  let first: string | undefined;
  for (const f of fs) {
    const name = f.formatToParts(input.utcSeconds * 1000).find((p) => p.type === "timeZoneName")?.value;
    if (name === undefined) continue;
    first ??= name;
    // "GMT+1" is ICU's fallback when a locale has no abbreviation; try the next locale.
    if (!/^GMT[+-]/.test(name)) return name;
  }
  // ICU's names start in 1970 (1969-12-31 in Los Angeles is "GMT-8", java.time says "PST",
  // datetime-formatting.sql.out): borrow the name of a later instant with the same offset.
  if (input.utcSeconds < 0 && first !== undefined && /^GMT[+-]/.test(first)) {
    const yearSeconds = 31_556_952;
    for (
      let k = Math.ceil(-input.utcSeconds / yearSeconds);
      k < Math.ceil(-input.utcSeconds / yearSeconds) + 3;
      k++
    ) {
      const later = input.utcSeconds + k * yearSeconds;
      if (z.offsetAtUtc(later) !== input.offset) continue;
      for (const f of fs) {
        const name = f.formatToParts(later * 1000).find((p) => p.type === "timeZoneName")?.value;
        if (name !== undefined && !/^GMT[+-]/.test(name)) return name;
      }
    }
  }
  return first ?? region;
}

function formatYearField(year: number, count: number): string {
  if (count === 2) return pad(((year % 100) + 100) % 100, 2);
  if (count < 4) return pad(year, count);
  const digits = String(Math.abs(year));
  if (year < 0) return `-${digits.padStart(count, "0")}`;
  return digits.length > count ? `+${digits}` : digits.padStart(count, "0");
}

function formatField(letter: string, count: number, f: FormatInput, hasEra: boolean): string {
  switch (letter) {
    case "G": {
      const ad = f.year > 0;
      if (count === 4) return ad ? "Anno Domini" : "Before Christ";
      return ad ? "AD" : "BC";
    }
    case "y":
      return formatYearField(hasEra && f.year <= 0 ? 1 - f.year : f.year, count);
    case "M":
    case "L":
      if (count >= 3) {
        const name = MONTHS[f.month - 1] ?? "";
        return count === 3 ? name.slice(0, 3) : name;
      }
      return pad(f.month, count);
    case "d":
      return pad(f.day, count);
    case "D":
      return pad(f.days - dateToDays(f.year, 1, 1) + 1, count);
    case "Q":
    case "q": {
      const q = Math.floor((f.month - 1) / 3) + 1;
      if (count === 3) return `Q${q}`;
      if (count === 4) return QUARTER_NAMES[q - 1] ?? "";
      return pad(q, count);
    }
    case "E": {
      const name = WEEKDAYS[isoDayOfWeek(f.days) - 1] ?? "";
      return count === 4 ? name : name.slice(0, 3);
    }
    case "F":
      return String(((f.day - 1) % 7) + 1);
    case "a":
      return f.hour < 12 ? "AM" : "PM";
    case "h":
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case "K":
      return pad(f.hour % 12, count);
    case "k":
      return pad(f.hour === 0 ? 24 : f.hour, count);
    case "H":
      return pad(f.hour, count);
    case "m":
      return pad(f.minute, count);
    case "s":
      return pad(f.second, count);
    case "S":
      return String(f.micros * 1000)
        .padStart(9, "0")
        .slice(0, count);
    case "V":
      return f.zone.regionId ?? f.zone.id;
    case "z":
      return zoneName(f, count === 4);
    case "O":
      return formatLocalizedOffset(f.offset, count === 4);
    case "X":
    case "x": {
      if (letter === "X" && f.offset === 0) return "Z";
      switch (count) {
        case 1:
          return formatOffset(f.offset, false, "nonzero", false);
        case 2:
          return formatOffset(f.offset, false, "always", false);
        case 3:
          return formatOffset(f.offset, true, "always", false);
        case 4:
          return formatOffset(f.offset, false, "always", true);
        default:
          return formatOffset(f.offset, true, "always", true);
      }
    }
    case "Z":
      if (count <= 3) return formatOffset(f.offset, false, "always", false);
      if (count === 4) return formatLocalizedOffset(f.offset, true);
      return f.offset === 0 ? "Z" : formatOffset(f.offset, true, "always", true);
    default:
      return "";
  }
}

/** Fields gathered while parsing; undefined = not present in the input. */
interface Parsed {
  year?: number;
  era?: number;
  month?: number;
  day?: number;
  dayOfYear?: number;
  hourOfDay?: number;
  hourOfAmPm?: number;
  amPm?: number;
  minute?: number;
  second?: number;
  micros?: number;
  zone?: TimeZone;
}

/** Why a parse failed, for the error message. */
class ParseFailure {
  constructor(
    readonly index: number,
    readonly reason?: string,
  ) {}
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Width of a fixed-width number field (`yy`, `MM`, `dd`, `HH`, `mm`, `ss`, `DDD`, …), or 0. As in
 * java.time's adjacent value parsing, a variable-width number directly followed by such fields
 * leaves them their digits (`yyyyMMdd`); anything else (text, fractions, variable widths) ends it.
 */
function numericWidth(t: Token): number {
  if (t.kind !== "field") return 0;
  const { letter, count } = t;
  if (count === 2 && "yMLdHhKkms".includes(letter)) return 2;
  if (count === 3 && letter === "D") return 3;
  return 0;
}

/** A compiled datetime pattern: formats instants and parses strings. Immutable; share freely. */
export class DateTimePattern {
  private readonly tokens: readonly Token[];
  private readonly hasEra: boolean;

  private constructor(
    readonly pattern: string,
    tokens: readonly Token[],
  ) {
    this.tokens = tokens;
    this.hasEra = pattern.includes("G");
  }

  /** Compiles `pattern`; throws Spark's pattern errors. `forParsing` also rejects E, F, q, Q. */
  static compile(pattern: string, forParsing: boolean): DateTimePattern {
    return new DateTimePattern(pattern, tokenize(pattern, forParsing));
  }

  /** Formats a timestamp (UTC micros) in zone `zone`. */
  format(micros: number, zone: TimeZone): string {
    const local = utcToLocalMicros(micros, zone);
    const days = floorDiv(local, MICROS_PER_DAY);
    const { year, month, day } = daysToDate(days);
    let rest = local - days * MICROS_PER_DAY;
    const hour = Math.floor(rest / MICROS_PER_HOUR);
    rest -= hour * MICROS_PER_HOUR;
    const minute = Math.floor(rest / MICROS_PER_MINUTE);
    rest -= minute * MICROS_PER_MINUTE;
    const second = Math.floor(rest / MICROS_PER_SECOND);
    const utcSeconds = floorDiv(micros, MICROS_PER_SECOND);
    const input: FormatInput = {
      year,
      month,
      day,
      days,
      hour,
      minute,
      second,
      micros: rest - second * MICROS_PER_SECOND,
      offset: (local - micros) / MICROS_PER_SECOND,
      zone,
      utcSeconds,
    };
    return this.formatTokens(this.tokens, input);
  }

  /** Formats a date (days since the epoch), as Spark's DateFormatter does (no zone involved). */
  formatDate(days: number): string {
    return this.format(days * MICROS_PER_DAY, UTC_ZONE);
  }

  /**
   * Parses a date as Spark's DateFormatter does: the text is read with the pattern and the date part
   * kept. Returns days, or null / throws as `parse` does.
   */
  parseDate(s: string, failOnError: boolean, policy = "CORRECTED"): number | null {
    const micros = this.parse(s, UTC_ZONE, failOnError, policy, true);
    return micros === null ? null : floorDiv(micros, MICROS_PER_DAY);
  }

  private formatTokens(tokens: readonly Token[], input: FormatInput): string {
    let out = "";
    for (const t of tokens) {
      if (t.kind === "lit") out += t.text;
      else if (t.kind === "opt") out += this.formatTokens(t.tokens, input);
      else out += formatField(t.letter, t.count, input, this.hasEra);
    }
    return out;
  }

  /**
   * Parses `s` to UTC micros, reading local times in `zone` unless the text names a zone.
   * Returns null when the text does not match; throws `CANNOT_PARSE_TIMESTAMP` instead when
   * `failOnError`. Per `policy` (spark.sql.legacy.timeParserPolicy), a string only the lenient
   * legacy parser accepts raises `PARSE_DATETIME_BY_NEW_PARSER` (EXCEPTION), is accepted (LEGACY)
   * or is just unparseable (CORRECTED, the Spark 4 default). With `wallClock`, a zone in the text
   * is ignored and the local date-time is returned as micros read as UTC (TIMESTAMP_NTZ, dates).
   */
  parse(
    s: string,
    zone: TimeZone,
    failOnError: boolean,
    policy = "CORRECTED",
    wallClock = false,
  ): number | null {
    const strict = this.tryParse(s, zone, false, wallClock);
    if (typeof strict === "number") return strict;
    const p = policy.toUpperCase();
    if (p !== "CORRECTED") {
      const legacy = this.tryParse(s, zone, true, wallClock);
      if (typeof legacy === "number") {
        if (p === "LEGACY") return Number.isNaN(legacy) ? checkMicros(legacy) : legacy;
        throw new TsparkError("INCONSISTENT_BEHAVIOR_CROSS_VERSION.PARSE_DATETIME_BY_NEW_PARSER", {
          messageParameters: { datetime: `'${s}'`, config: '"spark.sql.legacy.timeParserPolicy"' },
        });
      }
    }
    if (!failOnError) return null;
    const message =
      strict.reason !== undefined
        ? `Text '${s}' could not be parsed: ${strict.reason}`
        : `Text '${s}' could not be parsed at index ${strict.index}`;
    throw new TsparkError("CANNOT_PARSE_TIMESTAMP", {
      messageParameters: { message },
    });
  }

  private tryParse(s: string, zone: TimeZone, lenient: boolean, wallClock: boolean): number | ParseFailure {
    const parsed: Parsed = {};
    const r = this.parseTokens(this.tokens, s, 0, parsed, lenient);
    if (r instanceof ParseFailure) return r;
    if (r !== s.length && !lenient) return new ParseFailure(r, `unparsed text found at index ${r}`);
    if (wallClock) parsed.zone = UTC_ZONE;
    return resolve(parsed, zone, lenient);
  }

  private parseTokens(
    tokens: readonly Token[],
    s: string,
    start: number,
    out: Parsed,
    lenient: boolean,
  ): number | ParseFailure {
    let pos = start;
    for (let ti = 0; ti < tokens.length; ti++) {
      const t = tokens[ti] as Token;
      if (t.kind === "lit") {
        const seg = s.slice(pos, pos + t.text.length);
        if (seg.toLowerCase() !== t.text.toLowerCase()) return new ParseFailure(pos);
        pos += t.text.length;
      } else if (t.kind === "opt") {
        const copy: Parsed = { ...out };
        const r = this.parseTokens(t.tokens, s, pos, copy, lenient);
        if (!(r instanceof ParseFailure)) {
          Object.assign(out, copy);
          pos = r;
        }
      } else {
        // Width reserved for directly following fixed-width numeric fields (adjacent value parsing).
        let reserve = 0;
        for (let k = ti + 1; k < tokens.length; k++) {
          const w = numericWidth(tokens[k] as Token);
          if (w === 0) break;
          reserve += w;
        }
        const r = parseField(t.letter, t.count, s, pos, out, lenient, reserve, this.hasEra);
        if (r instanceof ParseFailure) return r;
        pos = r;
      }
    }
    return pos;
  }
}

function readDigits(
  s: string,
  pos: number,
  min: number,
  max: number,
  reserve: number,
): [number, number] | null {
  let end = pos;
  while (end < s.length && end - pos < max && isDigit(s.charCodeAt(end))) end++;
  // Leave digits for adjacent fixed-width fields when we could take more than the minimum.
  let avail = end - pos;
  if (reserve > 0) {
    let after = end;
    while (after < s.length && isDigit(s.charCodeAt(after))) after++;
    const spare = after - end;
    if (spare < reserve) avail = Math.max(min, avail - (reserve - spare));
  }
  if (avail < min) return null;
  return [Number(s.slice(pos, pos + avail)), pos + avail];
}

function matchText(
  s: string,
  pos: number,
  names: readonly string[],
  short: boolean,
): [number, number] | null {
  const rest = s.slice(pos).toLowerCase();
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < names.length; i++) {
    const name = (short ? (names[i] ?? "").slice(0, 3) : (names[i] ?? "")).toLowerCase();
    if (rest.startsWith(name) && name.length > bestLen) {
      best = i;
      bestLen = name.length;
    }
  }
  return best < 0 ? null : [best, pos + bestLen];
}

function parseOffsetText(s: string, pos: number, letter: string, count: number): [number, number] | null {
  const rest = s.slice(pos);
  if ((letter === "X" || (letter === "Z" && count === 5)) && /^[zZ]/.test(rest)) return [0, pos + 1];
  if (letter === "O" || (letter === "Z" && count === 4)) {
    if (!rest.startsWith("GMT")) return null;
    const after = rest.slice(3);
    const m = /^([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?/.exec(after);
    if (m === null) return [0, pos + 3];
    const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return [m[1] === "-" ? -secs : secs, pos + 3 + m[0].length];
  }
  const m = /^([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?/.exec(rest);
  if (m === null) return null;
  const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  if (secs > 18 * 3600) return null;
  return [m[1] === "-" ? -secs : secs, pos + m[0].length];
}

function offsetZone(seconds: number): TimeZone | undefined {
  if (seconds === 0) return tryGetTimeZone("Z");
  const sign = seconds < 0 ? "-" : "+";
  const a = Math.abs(seconds);
  const id = `${sign}${pad(Math.floor(a / 3600), 2)}:${pad(Math.floor((a % 3600) / 60), 2)}:${pad(a % 60, 2)}`;
  return parseOffsetId(id) === undefined ? undefined : tryGetTimeZone(id);
}

type NumericKey = Exclude<keyof Parsed, "zone">;

/** Sets a parsed field; false when the input already gave it a different value (java.time's conflict). */
function assign(out: Parsed, key: NumericKey, v: number): boolean {
  const prev = out[key];
  if (prev !== undefined && prev !== v) return false;
  out[key] = v;
  return true;
}

/** java.time rejects a field parsed twice with different values at the second occurrence. */
function conflict(pos: number, _key: string): ParseFailure {
  return new ParseFailure(pos);
}

/** A numeric field's digits: `min`–`max` of them when strict, 1–19 when lenient. */
function readFieldDigits(
  s: string,
  pos: number,
  min: number,
  max: number,
  lenient: boolean,
  reserve: number,
): [number, number] | null {
  return lenient ? readDigits(s, pos, 1, 19, reserve) : readDigits(s, pos, min, max, reserve);
}

function parseField(
  letter: string,
  count: number,
  s: string,
  pos: number,
  out: Parsed,
  lenient: boolean,
  reserve: number,
  hasEra: boolean,
): number | ParseFailure {
  // Runs once per field of every parsed value: no closure or failure object made up front.
  switch (letter) {
    case "y": {
      let sign = 1;
      let p = pos;
      const c = s.charAt(p);
      if (count !== 2 && (c === "-" || c === "+")) {
        // NORMAL sign style (y, yyy) rejects an explicit plus sign when strict.
        if (!lenient && count < 4 && c === "+") return new ParseFailure(pos);
        sign = c === "-" ? -1 : 1;
        p++;
      }
      let r: [number, number] | null;
      if (lenient) r = readDigits(s, p, 1, 19, reserve);
      else if (count === 2) r = readDigits(s, p, 2, 2, reserve);
      else r = readDigits(s, p, count, 19, reserve);
      if (r === null) return new ParseFailure(pos);
      const len = r[1] - p;
      if (!lenient && count >= 4) {
        const hasPlus = s.charAt(pos) === "+";
        if (hasPlus && len <= count) return new ParseFailure(pos);
        if (!hasPlus && sign > 0 && len > count) return new ParseFailure(pos);
      }
      let year = sign * r[0];
      if (count === 2 && !lenient) year = 2000 + r[0];
      else if (count === 2 && lenient && len <= 2) {
        // SimpleDateFormat maps two-digit years into the 80 years before / 20 after "now"; Spark's
        // tests only need it to accept the input, so use the java.time base.
        year = 2000 + r[0];
      }
      if (!assign(out, "year", year)) return conflict(pos, "year");
      if (hasEra) out.era = out.era ?? 1;
      return r[1];
    }
    case "G": {
      const r = matchText(s, pos, count === 4 ? ["Before Christ", "Anno Domini"] : ["BC", "AD"], false);
      if (r === null) return new ParseFailure(pos);
      if (!assign(out, "era", r[0])) return conflict(pos, "era");
      return r[1];
    }
    case "M":
    case "L": {
      if (count >= 3) {
        const r =
          matchText(s, pos, MONTHS, count === 3) ?? (lenient ? matchText(s, pos, MONTHS, true) : null);
        if (r === null) return new ParseFailure(pos);
        if (!assign(out, "month", r[0] + 1)) return conflict(pos, "month");
        return r[1];
      }
      const r = readFieldDigits(s, pos, count, count === 1 ? 19 : 2, lenient, reserve);
      if (r === null) return new ParseFailure(pos);
      if (!assign(out, "month", r[0])) return conflict(pos, "month");
      return r[1];
    }
    case "d":
    case "D":
    case "H":
    case "h":
    case "K":
    case "k":
    case "m":
    case "s": {
      // java.time reads day-of-year 'DD' as two or three digits (datetime-parsing.sql.out).
      const r = readFieldDigits(
        s,
        pos,
        count,
        count === 1 ? 19 : letter === "D" && count === 2 ? 3 : count,
        lenient,
        reserve,
      );
      if (r === null) return new ParseFailure(pos);
      const v = r[0];
      switch (letter) {
        case "d":
          if (!assign(out, "day", v)) return conflict(pos, "day");
          break;
        case "D":
          if (!assign(out, "dayOfYear", v)) return conflict(pos, "dayOfYear");
          break;
        case "H":
          if (!assign(out, "hourOfDay", v)) return conflict(pos, "hourOfDay");
          break;
        case "k":
          if (v < 1 || v > 24) return new ParseFailure(pos, `Invalid value for ClockHourOfDay: ${v}`);
          if (!assign(out, "hourOfDay", v === 24 ? 0 : v)) return conflict(pos, "hourOfDay");
          break;
        case "h":
          if (v < 1 || v > 12) return new ParseFailure(pos, `Invalid value for ClockHourOfAmPm: ${v}`);
          if (!assign(out, "hourOfAmPm", v === 12 ? 0 : v)) return conflict(pos, "hourOfAmPm");
          break;
        case "K":
          if (v > 11) return new ParseFailure(pos, `Invalid value for HourOfAmPm: ${v}`);
          if (!assign(out, "hourOfAmPm", v)) return conflict(pos, "hourOfAmPm");
          break;
        case "m":
          if (!assign(out, "minute", v)) return conflict(pos, "minute");
          break;
        default:
          if (!assign(out, "second", v)) return conflict(pos, "second");
          break;
      }
      return r[1];
    }
    case "S": {
      // A fraction is not part of adjacent value parsing: it neither reserves nor is reserved for.
      const r = lenient ? readDigits(s, pos, 1, 19, reserve) : readDigits(s, pos, 1, count, 0);
      if (r === null) return new ParseFailure(pos);
      const digits = s.slice(pos, r[1]);
      if (!assign(out, "micros", lenient ? r[0] * 1000 : Number(digits.padEnd(6, "0").slice(0, 6))))
        return conflict(pos, "micros");
      return r[1];
    }
    case "a": {
      const r = matchText(s, pos, ["AM", "PM"], false);
      if (r === null) return new ParseFailure(pos);
      if (!assign(out, "amPm", r[0])) return conflict(pos, "amPm");
      return r[1];
    }
    case "E": {
      const r = matchText(s, pos, WEEKDAYS, count !== 4);
      if (r === null) return new ParseFailure(pos);
      return r[1];
    }
    case "X":
    case "x":
    case "Z":
    case "O": {
      const r = parseOffsetText(s, pos, letter, count);
      if (r === null) return new ParseFailure(pos);
      const z = offsetZone(r[0]);
      if (z === undefined) return new ParseFailure(pos);
      out.zone = z;
      return r[1];
    }
    case "V":
    case "z": {
      const m = /^[A-Za-z][A-Za-z0-9~/._+-]*/.exec(s.slice(pos));
      if (m === null) return new ParseFailure(pos);
      // Longest prefix that names a zone (ids may be followed by other text).
      for (let len = m[0].length; len > 0; len--) {
        const z = tryGetTimeZone(m[0].slice(0, len));
        if (z !== undefined) {
          out.zone = z;
          return pos + len;
        }
      }
      return new ParseFailure(pos);
    }
    default:
      return new ParseFailure(pos);
  }
}

/** Turns parsed fields into an instant, with Spark's defaults (1970-01-01 00:00:00, AM). */
function resolve(p: Parsed, zone: TimeZone, lenient: boolean): number | ParseFailure {
  let year = p.year ?? 1970;
  if (p.era === 0 && p.year !== undefined) year = 1 - p.year;
  let days: number;
  if (p.dayOfYear !== undefined) {
    const len = daysInMonth(year, 2) === 29 ? 366 : 365;
    if (p.dayOfYear < 1 || p.dayOfYear > len) {
      return new ParseFailure(0, `Invalid date 'DayOfYear ${p.dayOfYear}' as '${year}' is not a leap year`);
    }
    days = dateToDays(year, 1, 1) + p.dayOfYear - 1;
    const d = daysToDate(days);
    if (p.month !== undefined && p.month !== d.month) {
      return new ParseFailure(
        0,
        `Conflict found: Field MonthOfYear ${p.month} differs from MonthOfYear ${d.month}`,
      );
    }
    if (p.day !== undefined && p.day !== d.day) {
      return new ParseFailure(
        0,
        `Conflict found: Field DayOfMonth ${p.day} differs from DayOfMonth ${d.day}`,
      );
    }
  } else {
    const month = p.month ?? 1;
    const day = p.day ?? 1;
    if (!isValidDate(year, month, day)) {
      if (month < 1 || month > 12) return new ParseFailure(0, `Invalid value for MonthOfYear: ${month}`);
      if (month === 2 && day === 29) {
        return new ParseFailure(0, `Invalid date 'February 29' as '${year}' is not a leap year`);
      }
      return new ParseFailure(0, `Invalid date '${MONTHS[month - 1]?.toUpperCase()} ${day}'`);
    }
    days = dateToDays(year, month, day);
  }
  let hour: number;
  if (p.hourOfDay !== undefined) {
    hour = p.hourOfDay;
    if (p.hourOfAmPm !== undefined && p.hourOfAmPm !== hour % 12)
      return new ParseFailure(0, "Conflict found");
    const amPm = hour < 12 ? 0 : 1;
    if (p.amPm !== undefined && p.amPm !== amPm) {
      return new ParseFailure(0, `Conflict found: Field AmPmOfDay ${amPm} differs from AmPmOfDay ${p.amPm}`);
    }
  } else if (p.hourOfAmPm !== undefined) {
    hour = p.hourOfAmPm + (p.amPm === 1 ? 12 : 0);
  } else {
    hour = 0;
  }
  const minute = p.minute ?? 0;
  const second = p.second ?? 0;
  if (hour > 23) return new ParseFailure(0, `Invalid value for HourOfDay: ${hour}`);
  if (minute > 59) return new ParseFailure(0, `Invalid value for MinuteOfHour: ${minute}`);
  if (second > 59) return new ParseFailure(0, `Invalid value for SecondOfMinute: ${second}`);
  if (lenient && (p.micros ?? 0) > 999_999) return new ParseFailure(0);
  const local =
    days * MICROS_PER_DAY +
    hour * MICROS_PER_HOUR +
    minute * MICROS_PER_MINUTE +
    second * MICROS_PER_SECOND +
    (p.micros ?? 0);
  // The legacy pass only asks "would Spark 2 accept this"; NaN marks a value beyond our range.
  if (lenient && !Number.isSafeInteger(local)) return Number.NaN;
  return localToUtcMicros(local, p.zone ?? zone);
}

const UTC_ZONE: TimeZone = getTimeZone("UTC");

const cache = new Map<string, DateTimePattern>();

/** A compiled pattern from a small per-process cache (patterns are immutable). */
export function getPattern(pattern: string, forParsing: boolean): DateTimePattern {
  const key = `${forParsing ? "p" : "f"}${pattern}`;
  let p = cache.get(key);
  if (p === undefined) {
    p = DateTimePattern.compile(pattern, forParsing);
    if (cache.size > 1000) cache.clear();
    cache.set(key, p);
  }
  return p;
}
