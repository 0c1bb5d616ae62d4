/**
 * Layer `sql/`. The Spark SQL lexer and parser: statements, queries and expressions into unresolved plans.
 *
 * Invariants: parse errors are PARSE_SYNTAX_ERROR with a position; the parser never resolves names.
 * May import: common/ … catalog/.
 */
export { parseExpression, parseQuery, parseStatement } from "./parser.js";
