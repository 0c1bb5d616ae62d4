/**
 * Points an analysis error raised for a SQL statement at its place in the SQL text, as Spark's
 * query context does: `UNRESOLVED_COLUMN` at the column reference, `TABLE_OR_VIEW_NOT_FOUND` at
 * the relation name, `UNRESOLVED_ROUTINE` (and an error whose `sqlExpr` is a call, such as
 * `DATATYPE_MISMATCH.*`) at the function call. The analyzer reports names, not
 * positions, so the name is looked up in the statement's tokens (its first occurrence in the
 * right role); errors naming nothing findable keep no position.
 */
import type { ErrorContext } from "../common/errors.js";
import { type Token, tokenize } from "./lexer.js";

/** The message parameter holding the offending (backquoted, dotted) name, by error class. */
const NAME_PARAMETER: Readonly<Record<string, string>> = {
  UNRESOLVED_COLUMN: "objectName",
  UNRESOLVED_ROUTINE: "routineName",
  TABLE_OR_VIEW_NOT_FOUND: "relationName",
};

/**
 * The SQL context (`line`, `startPosition`, `fragment`) of an analysis error of class
 * `errorClass` with `params` in `sqlText`, or undefined when the error names nothing in the text.
 */
export function sqlErrorContext(
  sqlText: string,
  errorClass: string,
  params: Readonly<Record<string, string>>,
): ErrorContext | undefined {
  let base = errorClass.split(".")[0]!;
  const param = NAME_PARAMETER[base];
  let quoted = param === undefined ? undefined : params[param];
  // Errors about a function call (`DATATYPE_MISMATCH…` with sqlExpr "f(…)") point at the call.
  const call = quoted === undefined ? /^"?([A-Za-z_][A-Za-z0-9_]*)\(/.exec(params.sqlExpr ?? "") : null;
  if (call) {
    quoted = call[1]!;
    base = "UNRESOLVED_ROUTINE";
  }
  if (quoted === undefined) return undefined;
  const parts = splitQuotedName(quoted);
  let tokens: Token[];
  try {
    tokens = tokenize(sqlText);
  } catch {
    return undefined;
  }
  for (let i = 0; i < tokens.length; i++) {
    const end = matchName(tokens, i, parts, base === "UNRESOLVED_COLUMN");
    if (end === undefined) continue;
    const next = tokens[end];
    const isCall = next?.kind === "op" && next.text === "(";
    if ((base === "UNRESOLVED_ROUTINE") !== isCall) continue;
    if (base === "TABLE_OR_VIEW_NOT_FOUND" && !followsRelationKeyword(tokens[i - 1])) continue;
    const first = tokens[i]!;
    let stop = end - 1;
    if (isCall) stop = closingParen(tokens, end) ?? stop;
    const last = tokens[stop]!;
    return {
      sqlText,
      line: first.line,
      startPosition: first.column,
      fragment: sqlText.slice(first.offset, last.offset + last.raw.length),
    };
  }
  return undefined;
}

/** "`a`.`b``c`" → ["a", "b`c"]; a name without backquotes is split at dots. */
function splitQuotedName(quoted: string): string[] {
  if (!quoted.startsWith("`")) return quoted.split(".");
  const parts: string[] = [];
  let cur = "";
  let i = 1;
  while (i < quoted.length) {
    const c = quoted[i]!;
    if (c === "`" && quoted[i + 1] === "`") {
      cur += "`";
      i += 2;
    } else if (c === "`") {
      parts.push(cur);
      cur = "";
      i += quoted[i + 1] === "." && quoted[i + 2] === "`" ? 3 : 1;
    } else {
      cur += c;
      i++;
    }
  }
  return parts;
}

/**
 * The token index after `parts` written as `a.b.c` starting at token `i`, or undefined. A column
 * reference may be written with fewer qualifiers than the error names (it reports the name as
 * written, but match its tail too).
 */
function matchName(
  tokens: readonly Token[],
  i: number,
  parts: readonly string[],
  tail: boolean,
): number | undefined {
  const prev = tokens[i - 1];
  if (prev?.kind === "op" && prev.text === ".") return undefined;
  const candidates = tail ? parts.map((_, k) => parts.slice(k)) : [parts];
  for (const want of candidates) {
    let j = i;
    let ok = true;
    for (let k = 0; k < want.length; k++) {
      if (k > 0) {
        const dot = tokens[j];
        if (dot?.kind !== "op" || dot.text !== ".") {
          ok = false;
          break;
        }
        j++;
      }
      const t = tokens[j];
      if (
        !t ||
        (t.kind !== "ident" && t.kind !== "quoted_ident") ||
        t.text.toLowerCase() !== want[k]!.toLowerCase()
      ) {
        ok = false;
        break;
      }
      j++;
    }
    const after = tokens[j];
    if (ok && !(after?.kind === "op" && after.text === ".")) return j;
  }
  return undefined;
}

/** True after FROM, JOIN, TABLE, a comma or `(`: where a relation name stands. */
function followsRelationKeyword(prev: Token | undefined): boolean {
  if (!prev) return false;
  if (prev.kind === "op") return prev.text === "," || prev.text === "(";
  return prev.kind === "ident" && ["FROM", "JOIN", "TABLE", "VIEW", "IN"].includes(prev.text.toUpperCase());
}

/** Index of the `)` closing the `(` at `open`. */
function closingParen(tokens: readonly Token[], open: number): number | undefined {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.kind !== "op") continue;
    if (t.text === "(") depth++;
    else if (t.text === ")" && --depth === 0) return j;
  }
  return undefined;
}
