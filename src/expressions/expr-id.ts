/** Process-wide ExprId allocator (ids only need to be unique, like Spark's NamedExpression ids). */
let next = 1;
export function nextExprId(): number {
  return next++;
}
