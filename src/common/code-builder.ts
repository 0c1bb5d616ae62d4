/**
 * The safe code builder: the only way tspark produces JavaScript source. Identifiers are generated
 * here and validated; every value (literal, kernel, user string) enters the code as a reference to
 * the `refs` array, never as text. So no column name, literal or SQL fragment can reach the source.
 * Compiled factories are cached by source text, so plans of the same shape share compiled code.
 */
import { internalError } from "./errors.js";

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// Generated code never needs a string, template or regex-escape character, a comment or any
// non-ASCII character: values travel through `refs`. Rejecting them in the final source turns
// "no user text reaches the code" from a convention of `line`'s callers into a checked invariant.
const FORBIDDEN_SOURCE = /['"`\\]|\/[/*]|[^\x20-\x7e\n]/;

/** A compiled factory: given the refs, returns the generated function. */
export type CompiledFactory<F> = (refs: readonly unknown[]) => F;

const cache = new Map<string, CompiledFactory<unknown>>();

/**
 * Builds one generated function line by line. Callers (the codegen layer) compose lines only from
 * identifiers made by `fresh`, references made by `ref`/`constant`, and fixed JS syntax.
 */
export class CodeBuilder {
  private readonly lines: string[] = [];
  private readonly refs: unknown[] = [];
  private counter = 0;
  private depth = 1;

  /** A fresh local identifier with a validated prefix. */
  fresh(prefix = "v"): string {
    const id = `${prefix}${this.counter++}`;
    return checkIdent(id);
  }

  /** Adds a value to the refs array; returns the identifier bound to it in the generated code. */
  ref(value: unknown): string {
    this.refs.push(value);
    return `r[${this.refs.length - 1}]`;
  }

  /**
   * A JS literal for null and booleans (they cannot carry user text and let shapes specialise);
   * every other value, numbers included, goes through `ref` so plans that differ only in literal
   * values share one compiled shape.
   */
  constant(value: unknown): string {
    if (value === null) return "null";
    if (value === true) return "true";
    if (value === false) return "false";
    return this.ref(value);
  }

  /** Appends one line of generated code, built only from identifiers and constants of this builder. */
  line(code: string): void {
    this.lines.push("  ".repeat(this.depth) + code);
  }

  /** Appends a line that opens a block (`if (…) {`) and indents what follows. */
  open(code: string): void {
    this.line(code);
    this.depth++;
  }

  /** Ends the innermost block opened by `open`. */
  close(code = "}"): void {
    this.depth--;
    this.line(code);
  }

  /**
   * The generated source (for explain codegen and tests). Throws INTERNAL_ERROR when a parameter
   * is not an identifier or the body holds a quote, backslash, comment or non-ASCII character.
   */
  source(params: readonly string[]): string {
    for (const p of params) checkIdent(p);
    const body = this.lines.join("\n");
    const bad = FORBIDDEN_SOURCE.exec(body);
    if (bad) {
      throw internalError(
        `code builder: generated code must not contain ${JSON.stringify(bad[0])}; pass values through ref()`,
      );
    }
    return `"use strict";\nreturn function generated(${params.join(", ")}) {\n${body}\n};`;
  }

  /** Compiles (cached by source) and instantiates with this builder's refs. */
  build<F>(params: readonly string[]): { fn: F; source: string; refs: readonly unknown[] } {
    const src = this.source(params);
    let factory = cache.get(src) as CompiledFactory<F> | undefined;
    if (!factory) {
      const make = new Function("r", src) as (r: readonly unknown[]) => F;
      factory = make;
      cache.set(src, factory as CompiledFactory<unknown>);
    }
    return { fn: factory(this.refs), source: src, refs: this.refs };
  }
}

function checkIdent(id: string): string {
  if (!IDENT.test(id)) throw internalError(`code builder: invalid identifier ${JSON.stringify(id)}`);
  return id;
}

/** Number of distinct compiled shapes (for tests and metrics). */
export function compiledShapeCount(): number {
  return cache.size;
}
