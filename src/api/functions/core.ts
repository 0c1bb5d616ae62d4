/**
 * PySpark-named wrappers for the core function family (see functions/core/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark.
 */
export {};
