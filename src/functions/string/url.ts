/**
 * URL functions: `url_encode`, `url_decode`, `try_url_decode` (Java's URLEncoder/URLDecoder with
 * UTF-8: space ↔ '+', other bytes outside [A-Za-z0-9.-*_] as %XX) and `parse_url(url, part[, key])`
 * (the parts of java.net.URI: HOST, PATH, QUERY, REF, PROTOCOL, FILE, AUTHORITY, USERINFO).
 */
import { TsparkError } from "../../common/errors.js";
import { STRING } from "../../types/data-type.js";
import type { DataType } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8");
const HEX = "0123456789ABCDEF";

function toStrings(types: readonly DataType[]): (DataType | undefined)[] {
  return types.map((t) => (t.kind === "string" || t.kind === "null" ? undefined : STRING));
}

/** Java's URLEncoder.encode(s, UTF-8). */
function urlEncode(s: string): string {
  let out = "";
  for (const b of utf8.encode(s)) {
    if (
      (b >= 48 && b <= 57) ||
      (b >= 65 && b <= 90) ||
      (b >= 97 && b <= 122) ||
      b === 46 ||
      b === 45 ||
      b === 42 ||
      b === 95
    )
      out += String.fromCharCode(b);
    else if (b === 32) out += "+";
    else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

/** Java's URLDecoder.decode(s, UTF-8); null for a malformed %-escape. */
function urlDecode(s: string): string | null {
  if (!s.includes("%") && !s.includes("+")) return s;
  let out = "";
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === "+") {
      out += " ";
      i++;
    } else if (c === "%") {
      const bytes: number[] = [];
      while (i < s.length && s[i] === "%") {
        const h = s.slice(i + 1, i + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(h)) return null;
        bytes.push(Number.parseInt(h, 16));
        i += 3;
      }
      out += strictUtf8.decode(new Uint8Array(bytes));
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function makeDecode(name: "url_decode" | "try_url_decode", orNull: boolean): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 1, max: 1 },
    docs: {
      usage: `${name}(str) - Decodes a \`str\` in 'application/x-www-form-urlencoded' format using a specific encoding scheme.${orNull ? " Returns NULL when it is malformed." : ""}`,
      examples: [{ sql: `${name}('https%3A%2F%2Fspark.apache.org')`, result: "https://spark.apache.org" }],
      since: orNull ? "4.0.0" : "3.4.0",
    },
    coerce: toStrings,
    bind: (args) => ({
      dataType: STRING,
      nullable: args[0]!.nullable || orNull,
      eval: (s) => {
        const out = urlDecode(s as string);
        if (out !== null || orNull) return out;
        throw new TsparkError("CANNOT_DECODE_URL", { messageParameters: { url: s as string } });
      },
    }),
  };
}

/** `url_encode(str)`. */
export const URL_ENCODE: ScalarFunctionDefinition = {
  type: "scalar",
  name: "url_encode",
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "url_encode(str) - Translates a string into 'application/x-www-form-urlencoded' format using a specific encoding scheme.",
    examples: [{ sql: "url_encode('https://spark.apache.org')", result: "https%3A%2F%2Fspark.apache.org" }],
    since: "3.4.0",
  },
  coerce: toStrings,
  bind: (args) => ({ dataType: STRING, nullable: args[0]!.nullable, eval: (s) => urlEncode(s as string) }),
};

/** `url_decode(str)`: CANNOT_DECODE_URL for a malformed escape. */
export const URL_DECODE = makeDecode("url_decode", false);
/** `try_url_decode(str)`: NULL for a malformed escape. */
export const TRY_URL_DECODE = makeDecode("try_url_decode", true);

/** RFC 3986's generic URI pattern (the split java.net.URI performs). */
const URI_RE = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

interface UriParts {
  scheme?: string;
  authority?: string;
  path: string;
  query?: string;
  fragment?: string;
}

function parseUri(s: string): UriParts | null {
  // Characters java.net.URI rejects outright.
  if (/[\s"<>\\^`{|}]/.test(s)) return null;
  const m = URI_RE.exec(s);
  if (!m) return null;
  return {
    ...(m[1] !== undefined ? { scheme: m[1] } : {}),
    ...(m[2] !== undefined ? { authority: m[2] } : {}),
    path: m[3] ?? "",
    ...(m[4] !== undefined ? { query: m[4] } : {}),
    ...(m[5] !== undefined ? { fragment: m[5] } : {}),
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function extract(u: UriParts, part: string, key: string | undefined): string | null {
  const auth = u.authority;
  const userAt = auth?.lastIndexOf("@") ?? -1;
  switch (part) {
    case "HOST": {
      if (auth === undefined) return null;
      const hostPort = userAt >= 0 ? auth.slice(userAt + 1) : auth;
      const host = hostPort.startsWith("[")
        ? hostPort.slice(0, hostPort.indexOf("]") + 1)
        : hostPort.replace(/:\d*$/, "");
      return host === "" ? null : host;
    }
    case "PATH":
      return u.path;
    case "QUERY": {
      if (u.query === undefined) return null;
      if (key === undefined) return u.query;
      const m = new RegExp(`(&|^)${escapeRegex(key)}=([^&]*)`).exec(u.query);
      return m ? m[2]! : null;
    }
    case "REF":
      return u.fragment ?? null;
    case "PROTOCOL":
      return u.scheme ?? null;
    case "FILE":
      return u.query !== undefined ? `${u.path}?${u.query}` : u.path;
    case "AUTHORITY":
      return auth ?? null;
    case "USERINFO":
      return auth !== undefined && userAt >= 0 ? auth.slice(0, userAt) : null;
    default:
      return null;
  }
}

/** `parse_url(url, partToExtract[, key])`: INVALID_URL for a malformed URL in ANSI mode. */
export const PARSE_URL: ScalarFunctionDefinition = {
  type: "scalar",
  name: "parse_url",
  args: { min: 2, max: 3 },
  docs: {
    usage: "parse_url(url, partToExtract[, key]) - Extracts a part from a URL.",
    examples: [
      { sql: "parse_url('http://spark.apache.org/path?query=1', 'HOST')", result: "spark.apache.org" },
      { sql: "parse_url('http://spark.apache.org/path?query=1', 'QUERY', 'query')", result: "1" },
    ],
    since: "2.0.0",
  },
  coerce: toStrings,
  bind: (args, ctx) => ({
    dataType: STRING,
    nullable: true,
    eval: (url, part, key) => {
      const u = parseUri(url as string);
      if (u === null) {
        if (!ctx.ansi) return null;
        throw new TsparkError("INVALID_URL", {
          messageParameters: { url: url as string, ansiConfig: '"spark.sql.ansi.enabled"' },
        });
      }
      return extract(u, part as string, args.length === 3 ? (key as string) : undefined);
    },
  }),
};
