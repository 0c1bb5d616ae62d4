/**
 * Time zones for datetime values: resolves Spark/Java zone ids (IANA region ids, fixed offsets such
 * as `+02:00`, `GMT+8`, `UTC`, `Z`, Java's short ids such as `PST`) to a `TimeZone` that converts
 * between UTC instants and local wall-clock time.
 *
 * Region rules come from the platform's ICU data through `Intl.DateTimeFormat`. Asking ICU is slow
 * (microseconds per call), so each zone caches, per UTC day, the offsets at the day's two ends and,
 * when they differ, the second at which the offset changes. Zones themselves are cached by id.
 */
import { TsparkError } from "../common/errors.js";

const SECONDS_PER_DAY = 86_400;

/** A resolved time zone; obtain one with `getTimeZone`. Immutable apart from its private caches. */
export interface TimeZone {
  /** The id as given by the user (Spark keeps the user's spelling). */
  readonly id: string;
  /** The constant offset in seconds for fixed-offset zones, else undefined. */
  readonly fixedOffsetSeconds: number | undefined;
  /** The IANA region id for region zones (`PST` resolves to `America/Los_Angeles`), else undefined. */
  readonly regionId: string | undefined;
  /** Offset from UTC in seconds at the UTC instant `epochSeconds` (local = utc + offset). */
  offsetAtUtc(epochSeconds: number): number;
  /**
   * The UTC epoch second for the local wall-clock second `localSeconds`, resolved as Java's
   * `ZonedDateTime.of` does: in an overlap the earlier offset wins; in a gap the time moves forward
   * by the gap's length.
   */
  localToUtc(localSeconds: number): number;
}

class FixedZone implements TimeZone {
  readonly regionId = undefined;
  constructor(
    readonly id: string,
    readonly fixedOffsetSeconds: number,
  ) {}
  offsetAtUtc(): number {
    return this.fixedOffsetSeconds;
  }
  localToUtc(localSeconds: number): number {
    return localSeconds - this.fixedOffsetSeconds;
  }
}

interface DayOffsets {
  readonly start: number;
  readonly end: number;
  /** First epoch second (within the day) at which `end` applies, when start ≠ end. */
  readonly change: number;
}

const MAX_DAY_CACHE = 200_000;

class RegionZone implements TimeZone {
  readonly fixedOffsetSeconds = undefined;
  private readonly fmt: Intl.DateTimeFormat;
  private readonly days = new Map<number, DayOffsets>();

  constructor(
    readonly id: string,
    readonly regionId: string,
  ) {
    this.fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: regionId,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  }

  /** Asks ICU for the offset at one instant (whole seconds). */
  private rawOffset(epochSeconds: number): number {
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let bc = false;
    for (const p of this.fmt.formatToParts(epochSeconds * 1000)) {
      switch (p.type) {
        case "year":
          year = Number(p.value);
          break;
        case "month":
          month = Number(p.value);
          break;
        case "day":
          day = Number(p.value);
          break;
        case "hour":
          hour = Number(p.value);
          break;
        case "minute":
          minute = Number(p.value);
          break;
        case "second":
          second = Number(p.value);
          break;
        case "era":
          bc = p.value.startsWith("B");
          break;
        default:
          break;
      }
    }
    if (bc) year = 1 - year;
    const local = civilToDays(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
    return local - epochSeconds;
  }

  private dayOffsets(dayNumber: number): DayOffsets {
    let d = this.days.get(dayNumber);
    if (d !== undefined) return d;
    const lo = dayNumber * SECONDS_PER_DAY;
    const hi = lo + SECONDS_PER_DAY;
    const start = this.rawOffset(lo);
    const end = this.rawOffset(hi);
    let change = hi;
    if (start !== end) {
      // Binary search for the first second with the new offset; assumes one change per day.
      let a = lo;
      let b = hi;
      while (b - a > 1) {
        const m = Math.floor((a + b) / 2);
        if (this.rawOffset(m) === start) a = m;
        else b = m;
      }
      change = b;
    }
    d = { start, end, change };
    if (this.days.size >= MAX_DAY_CACHE) this.days.clear();
    this.days.set(dayNumber, d);
    return d;
  }

  offsetAtUtc(epochSeconds: number): number {
    const d = this.dayOffsets(Math.floor(epochSeconds / SECONDS_PER_DAY));
    return epochSeconds < d.change ? d.start : d.end;
  }

  localToUtc(localSeconds: number): number {
    const before = this.offsetAtUtc(localSeconds - SECONDS_PER_DAY);
    const after = this.offsetAtUtc(localSeconds + SECONDS_PER_DAY);
    if (before === after) {
      // Rare case of a change within the window that returns to the same offset: check it.
      const o = this.offsetAtUtc(localSeconds - before);
      return o === before ? localSeconds - before : localSeconds - o;
    }
    if (this.offsetAtUtc(localSeconds - before) === before) return localSeconds - before;
    if (this.offsetAtUtc(localSeconds - after) === after) return localSeconds - after;
    // In a gap: keep the offset before the change, which moves the wall time forward by the gap.
    return localSeconds - before;
  }
}

/** Days since 1970-01-01 of a proleptic Gregorian date (duplicated from datetime.ts to avoid a cycle). */
function civilToDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Java's `ZoneId.SHORT_IDS`, which Spark passes to `ZoneId.of`. */
const SHORT_IDS: Readonly<Record<string, string>> = {
  ACT: "Australia/Darwin",
  AET: "Australia/Sydney",
  AGT: "America/Argentina/Buenos_Aires",
  ART: "Africa/Cairo",
  AST: "America/Anchorage",
  BET: "America/Sao_Paulo",
  BST: "Asia/Dhaka",
  CAT: "Africa/Harare",
  CNT: "America/St_Johns",
  CST: "America/Chicago",
  CTT: "Asia/Shanghai",
  EAT: "Africa/Addis_Ababa",
  ECT: "Europe/Paris",
  EST: "-05:00",
  HST: "-10:00",
  IET: "America/Indiana/Indianapolis",
  IST: "Asia/Kolkata",
  JST: "Asia/Tokyo",
  MIT: "Pacific/Apia",
  MST: "-07:00",
  NET: "Asia/Yerevan",
  NST: "Pacific/Auckland",
  PLT: "Asia/Karachi",
  PNT: "America/Phoenix",
  PRT: "America/Puerto_Rico",
  PST: "America/Los_Angeles",
  SST: "Pacific/Guadalcanal",
  VST: "Asia/Ho_Chi_Minh",
};

/**
 * Parses a Java `ZoneOffset` id (`+h`, `+hh`, `+hh:mm`, `+hhmm`, `+hh:mm:ss`, `+hhmmss`) to seconds,
 * or undefined when malformed or beyond ±18:00.
 */
export function parseOffsetId(s: string): number | undefined {
  const m = /^([+-])(\d{1,2})(?::?(\d{2})(?::?(\d{2}))?)?$/.exec(s);
  if (m === null) return undefined;
  const hh = m[2] ?? "";
  // Java: a one-digit hour allows no minutes; `+hhmm` needs no colon but `+h:mm` is not allowed.
  if (hh.length === 1 && m[3] !== undefined) return undefined;
  if (m[3] !== undefined && m[4] !== undefined) {
    const colonMin = s.charAt(3) === ":";
    const colonSec = s.charAt(colonMin ? 6 : 5) === ":";
    if (colonMin !== colonSec) return undefined;
  }
  const h = Number(hh);
  const mi = Number(m[3] ?? "0");
  const se = Number(m[4] ?? "0");
  if (h > 18 || mi > 59 || se > 59) return undefined;
  const total = h * 3600 + mi * 60 + se;
  if (total > 18 * 3600) return undefined;
  return m[1] === "-" ? -total : total;
}

function resolve(id: string): TimeZone | undefined {
  // Spark's pre-3.0 leniency: `+h:mm` → `+0h:mm` and `+hh:m` → `+hh:0m`.
  let s = id.replace(/([+-])(\d):/, "$10$2:");
  s = s.replace(/([+-])(\d\d):(\d)$/, "$1$2:0$3");
  if (s === "Z") return new FixedZone(id, 0);
  if (s.startsWith("+") || s.startsWith("-")) {
    const o = parseOffsetId(s);
    return o === undefined ? undefined : new FixedZone(id, o);
  }
  if (s === "UTC" || s === "GMT" || s === "UT") return new FixedZone(id, 0);
  const prefix = /^(UTC|GMT|UT)([+-].*)$/.exec(s);
  if (prefix !== null) {
    const o = parseOffsetId(prefix[2] ?? "");
    return o === undefined ? undefined : new FixedZone(id, o);
  }
  const short = SHORT_IDS[s];
  if (short !== undefined) {
    if (short.startsWith("-")) return new FixedZone(id, parseOffsetId(short) ?? 0);
    return new RegionZone(id, short);
  }
  if (!/^[A-Za-z][A-Za-z0-9~/._+-]+$/.test(s)) return undefined;
  try {
    return new RegionZone(id, s);
  } catch {
    return undefined;
  }
}

const zoneCache = new Map<string, TimeZone | null>();

/** The zone for `id`, or undefined when the id is not a valid Java/Spark zone id. Cached. */
export function tryGetTimeZone(id: string): TimeZone | undefined {
  const cached = zoneCache.get(id);
  if (cached !== undefined) return cached ?? undefined;
  const z = resolve(id);
  if (zoneCache.size > 10_000) zoneCache.clear();
  zoneCache.set(id, z ?? null);
  return z;
}

/** The zone for `id`; throws `INVALID_TIMEZONE` when the id is not valid. Cached. */
export function getTimeZone(id: string): TimeZone {
  const z = tryGetTimeZone(id);
  if (z === undefined) {
    throw new TsparkError("INVALID_TIMEZONE", { messageParameters: { timeZone: id } });
  }
  return z;
}
