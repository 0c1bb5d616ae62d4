/**
 * Layer `codegen/`. The expression and fused pipeline compilers (through common/code-builder), and their interpreted twins.
 *
 * Invariants: generated code and the interpreter produce identical results; no user text in generated source.
 * May import: common/ … optimizer/.
 */
export { compilePipeline, compileProjection } from "./compile-pipeline.js";
