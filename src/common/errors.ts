/**
 * TsparkError: the one error type the engine throws, carrying Spark's error class, SQLSTATE and
 * named message parameters. Messages are built from the condition table in `error-conditions.ts`.
 */
import { ERROR_CONDITIONS } from "./error-conditions.js";

/** Where an error points: a SQL text position or the user's call site. */
export interface ErrorContext {
  /** SQL text the error refers to, if any. */
  readonly sqlText?: string;
  /** 1-based line and 0-based column (Spark's `line N, pos M`). */
  readonly line?: number;
  readonly startPosition?: number;
  /** A user call-site string (e.g. `select at app.ts:12:3`). */
  readonly callSite?: string;
  /** The DataFrame fragment, e.g. `col` or `divide`. */
  readonly fragment?: string;
  /**
   * Raised by the SQL parser: rendered as Spark's ParseException, `(line N, pos M)` followed by the
   * statement with a `---^^^` caret under the position, instead of `; line N pos M`.
   */
  readonly parse?: boolean;
}

/** Options for building a TsparkError. */
export interface TsparkErrorOptions {
  readonly messageParameters?: Readonly<Record<string, string>>;
  readonly context?: ErrorContext;
  readonly cause?: unknown;
}

/**
 * An error with Spark's `errorClass` (e.g. `UNRESOLVED_COLUMN.WITH_SUGGESTION`), `sqlState` and
 * `messageParameters`. `message` renders as Spark does: `[CLASS] text SQLSTATE: xxxxx`.
 */
export class TsparkError extends Error {
  readonly errorClass: string;
  readonly sqlState: string | undefined;
  readonly messageParameters: Readonly<Record<string, string>>;
  readonly context: ErrorContext | undefined;

  constructor(errorClass: string, options: TsparkErrorOptions = {}) {
    const params = options.messageParameters ?? {};
    super(renderMessage(errorClass, params, options.context), { cause: options.cause });
    this.name = "TsparkError";
    this.errorClass = errorClass;
    this.sqlState = lookupCondition(errorClass)?.sqlState;
    this.messageParameters = params;
    this.context = options.context;
  }

  /** The same error pointing at `context` (used to add the user's call site once it is known). */
  withContext(context: ErrorContext): TsparkError {
    const e = new TsparkError(this.errorClass, {
      messageParameters: this.messageParameters,
      context: { ...this.context, ...context },
      cause: this.cause,
    });
    return e;
  }

  /** Spark's `getCondition()` / `getErrorClass()`. */
  getErrorClass(): string {
    return this.errorClass;
  }
  getCondition(): string {
    return this.errorClass;
  }
  getSqlState(): string | undefined {
    return this.sqlState;
  }
  getMessageParameters(): Readonly<Record<string, string>> {
    return this.messageParameters;
  }
}

interface ConditionEntry {
  readonly message: string;
  readonly sqlState?: string;
}

function lookupCondition(errorClass: string): ConditionEntry | undefined {
  const direct = ERROR_CONDITIONS[errorClass];
  const dot = errorClass.indexOf(".");
  if (dot < 0) return direct;
  const parent = ERROR_CONDITIONS[errorClass.slice(0, dot)];
  if (!parent) return undefined;
  const sub = ERROR_CONDITIONS[errorClass];
  return { message: sub?.message ?? parent.message, sqlState: parent.sqlState };
}

function renderMessage(
  errorClass: string,
  params: Readonly<Record<string, string>>,
  context: ErrorContext | undefined,
): string {
  const entry = lookupCondition(errorClass);
  let text: string;
  if (entry) {
    const dot = errorClass.indexOf(".");
    const parentMsg = dot >= 0 ? ERROR_CONDITIONS[errorClass.slice(0, dot)]?.message : undefined;
    const subMsg = dot >= 0 ? ERROR_CONDITIONS[errorClass]?.message : undefined;
    text =
      parentMsg !== undefined && subMsg !== undefined ? `${parentMsg} ${subMsg}`.trimEnd() : entry.message;
    text = text.replace(/<([A-Za-z0-9_]+)>/g, (m, name: string) => params[name] ?? m);
  } else {
    text = Object.entries(params)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
  }
  let out = `[${errorClass}] ${text}`;
  if (entry?.sqlState) out += ` SQLSTATE: ${entry.sqlState}`;
  if (context?.sqlText !== undefined && context.startPosition !== undefined) {
    const line = context.line ?? 1;
    if (context.parse) {
      const lines = context.sqlText.split("\n");
      const caret = `${"-".repeat(context.startPosition)}^^^`;
      const shown = [...lines.slice(0, line), caret, ...lines.slice(line)];
      out += ` (line ${line}, pos ${context.startPosition})\n\n== SQL ==\n${shown.join("\n")}\n`;
    } else out += `; line ${line} pos ${context.startPosition}`;
  }
  if (context?.callSite)
    out += `\n== DataFrame ==\n"${context.fragment ?? ""}" was called from\n${context.callSite}`;
  return out;
}

/** An internal invariant was broken: this is a bug in tspark, not in the user's program. */
export function internalError(message: string, cause?: unknown): TsparkError {
  return new TsparkError("INTERNAL_ERROR", { messageParameters: { message }, cause });
}

/**
 * The user's call site: the first stack frame outside tspark's own sources, and the name of the
 * tspark API method that was called from there (`select`, `filter`).
 */
export function userCallSite(stack: string | undefined): { callSite: string; fragment: string } | undefined {
  if (!stack) return undefined;
  const frames = stack
    .split("\n")
    .slice(1)
    .map((l) => l.trim());
  const own = (l: string) =>
    /[\\/]src[\\/](api|analysis|common|execution|sql|plans|expressions|functions)[\\/]/.test(l) ||
    l.includes("node:internal");
  const idx = frames.findIndex((l) => !own(l));
  if (idx <= 0) return undefined;
  const apiFrame = frames
    .slice(0, idx)
    .reverse()
    .find((l) => /at \w+\.(\w+) /.test(l));
  const fragment = apiFrame?.match(/at \w+\.(\w+) /)?.[1] ?? "";
  return { callSite: frames[idx]!.replace(/^at /, ""), fragment };
}
