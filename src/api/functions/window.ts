/**
 * PySpark-named wrappers for the window function family (see functions/window/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark.
 */
export {};
