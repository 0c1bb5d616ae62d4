/**
 * PySpark-named wrappers for the math function family (see functions/math/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark.
 */
export {};
