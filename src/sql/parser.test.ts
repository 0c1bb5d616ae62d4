import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../common/errors.js";
import type { Expression, Literal } from "../expressions/expression.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { parseExpression, parseMultipartIdentifier, parseQuery, parseStatement } from "./parser.js";

/** Compact S-expression form of an unresolved expression, for readable assertions. */
function sx(e: Expression): string {
  switch (e.kind) {
    case "literal":
      return lit(e);
    case "unresolved_attribute":
      return e.nameParts.join(".");
    case "star":
      return e.target ? `${e.target.join(".")}.*` : "*";
    case "unresolved_function": {
      const mods = `${e.isDistinct ? "DISTINCT " : ""}`;
      let s = `${e.name}(${mods}${e.args.map(sx).join(", ")})`;
      if (e.filter) s += ` FILTER ${sx(e.filter)}`;
      if (e.ignoreNulls) s += " IGNORE NULLS";
      return s;
    }
    case "unresolved_extract":
      return `${sx(e.child)}[${sx(e.extraction)}]`;
    case "alias":
      return `${sx(e.child)} AS ${e.name.split("\u0000").join("|")}`;
    case "cast":
      return `${e.mode === "try" ? "try_cast" : "cast"}(${sx(e.child)} AS ${e.dataType.simpleString()})`;
    case "and":
      return `and(${sx(e.left)}, ${sx(e.right)})`;
    case "or":
      return `or(${sx(e.left)}, ${sx(e.right)})`;
    case "case_when":
      return `case(${e.branches.map(([c, v]) => `${sx(c)} => ${sx(v)}`).join("; ")}${e.elseValue ? `; else ${sx(e.elseValue)}` : ""})`;
    case "sort_order":
      return `${sx(e.child)} ${e.direction} ${e.nullOrdering}`;
    case "window_expression": {
      const f = e.spec.frame;
      const fr = f ? ` ${f.frameType} ${JSON.stringify(f.lower)}..${JSON.stringify(f.upper)}` : "";
      return `${sx(e.function)} OVER(p=[${e.spec.partitionBy.map(sx).join(", ")}] o=[${e.spec.orderBy.map(sx).join(", ")}]${fr})`;
    }
    default:
      return `<${e.kind}>`;
  }
}

function lit(e: Literal): string {
  const v = e.value;
  const text =
    v instanceof Uint8Array
      ? `0x${Buffer.from(v).toString("hex")}`
      : typeof v === "string"
        ? `'${v}'`
        : String(v);
  return `${text}:${e.dataType.simpleString()}`;
}

function px(text: string): string {
  return sx(parseExpression(text));
}

function errorOf(f: () => unknown): TsparkError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof TsparkError, String(e));
    return e;
  }
  assert.fail("expected an error");
}

/** Plan as a compact tree string. */
function pp(plan: LogicalPlan): string {
  switch (plan.kind) {
    case "project":
      return `Project[${plan.projectList.map(sx).join(", ")}](${pp(plan.child)})`;
    case "filter":
      return `Filter[${sx(plan.condition)}](${pp(plan.child)})`;
    case "aggregate":
      return `Aggregate[${plan.groupingExpressions.map(sx).join(", ")}; ${plan.aggregateExpressions.map(sx).join(", ")}](${pp(plan.child)})`;
    case "sort":
      return `Sort${plan.global ? "" : "Local"}[${plan.order.map(sx).join(", ")}](${pp(plan.child)})`;
    case "limit":
      return `Limit ${plan.limit}(${pp(plan.child)})`;
    case "offset":
      return `Offset ${plan.offset}(${pp(plan.child)})`;
    case "distinct":
      return `Distinct(${pp(plan.child)})`;
    case "union":
      return `Union(${plan.children.map(pp).join(", ")})`;
    case "intersect":
      return `Intersect${plan.isAll ? "All" : ""}(${pp(plan.left)}, ${pp(plan.right)})`;
    case "except":
      return `Except${plan.isAll ? "All" : ""}(${pp(plan.left)}, ${pp(plan.right)})`;
    case "join": {
      const cond = plan.condition
        ? ` ON ${sx(plan.condition)}`
        : plan.usingColumns
          ? ` USING ${plan.usingColumns.join(",")}`
          : "";
      return `Join ${plan.joinType}(${pp(plan.left)}, ${pp(plan.right)}${cond})`;
    }
    case "subquery_alias":
      return `As ${plan.alias}(${pp(plan.child)})`;
    case "unresolved_relation":
      return plan.nameParts.join(".");
    case "unresolved_inline_table":
      return `Values[${plan.names.join(",")}](${plan.rows.map((r) => r.map(sx).join(" ")).join(" | ")})`;
    case "local_relation":
      return `OneRow`;
    case "range":
      return `Range(${plan.start}, ${plan.end}, ${plan.step})`;
    case "generate":
      return `Generate[${sx(plan.generator)}${plan.outer ? " outer" : ""} AS ${plan.aliasNames.join(",")}](${pp(plan.child)})`;
    default:
      return `<${plan.kind}>`;
  }
}

function pq(text: string): string {
  return pp(parseQuery(text));
}

test("operator precedence", () => {
  assert.equal(px("1 + 2 * 3"), "+(1:int, *(2:int, 3:int))");
  assert.equal(px("(1 + 2) * 3"), "*(+(1:int, 2:int), 3:int)");
  assert.equal(px("a - b - c"), "-(-(a, b), c)");
  assert.equal(px("a OR b AND c"), "or(a, and(b, c))");
  assert.equal(px("NOT a = b"), "not(=(a, b))");
  assert.equal(px("a = b AND NOT c"), "and(=(a, b), not(c))");
  assert.equal(px("a | b ^ c & d"), "|(a, ^(b, &(c, d)))");
  assert.equal(px("a + 1 = b * 2"), "=(+(a, 1:int), *(b, 2:int))");
  assert.equal(px("a || b || c"), "concat(concat(a, b), c)");
  assert.equal(px("a + b || c"), "concat(+(a, b), c)");
  assert.equal(px("a DIV 2 % 3"), "%(div(a, 2:int), 3:int)");
  assert.equal(px("-a * b"), "*(-(a), b)");
  assert.equal(px("~a & 1"), "&(~(a), 1:int)");
  assert.equal(px("+a"), "+(a)");
  assert.equal(px("a << 2 + 1"), "<<(a, +(2:int, 1:int))");
  assert.equal(px("a + 1 IS NULL"), "isnull(+(a, 1:int))");
  assert.equal(px("!a"), "not(a)");
});

test("comparison operators", () => {
  assert.equal(px("a = 1"), "=(a, 1:int)");
  assert.equal(px("a == 1"), "=(a, 1:int)");
  assert.equal(px("a <=> 1"), "<=>(a, 1:int)");
  assert.equal(px("a != 1"), "not(=(a, 1:int))");
  assert.equal(px("a <> 1"), "not(=(a, 1:int))");
  assert.equal(
    px("a < 1 OR a <= 1 OR a > 1 OR a >= 1"),
    "or(or(or(<(a, 1:int), <=(a, 1:int)), >(a, 1:int)), >=(a, 1:int))",
  );
});

test("predicates", () => {
  assert.equal(px("a BETWEEN 1 AND 3"), "between(a, 1:int, 3:int)");
  assert.equal(px("a NOT BETWEEN 1 AND 3 AND b"), "and(not(between(a, 1:int, 3:int)), b)");
  assert.equal(px("a IN (1, 2)"), "in(a, 1:int, 2:int)");
  assert.equal(px("a NOT IN (1)"), "not(in(a, 1:int))");
  assert.equal(px("s LIKE 'a%'"), "like(s, 'a%':string)");
  assert.equal(px("s NOT ILIKE 'a%'"), "not(ilike(s, 'a%':string))");
  assert.equal(px("s LIKE 'a!%' ESCAPE '!'"), "like(s, 'a!%':string, '!':string)");
  assert.equal(px("s RLIKE '^a'"), "rlike(s, '^a':string)");
  assert.equal(px("s REGEXP '^a'"), "rlike(s, '^a':string)");
  assert.equal(px("s LIKE ANY ('a%', 'b%')"), "or(like(s, 'a%':string), like(s, 'b%':string))");
  assert.equal(px("a IS NULL"), "isnull(a)");
  assert.equal(px("a IS NOT NULL"), "isnotnull(a)");
  assert.equal(px("a IS TRUE"), "<=>(a, true:boolean)");
  assert.equal(px("a IS NOT FALSE"), "not(<=>(a, false:boolean))");
  assert.equal(px("a IS DISTINCT FROM b"), "not(<=>(a, b))");
  assert.equal(px("a IS NOT DISTINCT FROM b"), "<=>(a, b)");
});

test("literals and their types", () => {
  assert.equal(px("1"), "1:int");
  assert.equal(px("-1"), "-1:int");
  assert.equal(px("- 5"), "-5:int");
  assert.equal(px("-2147483648"), "-2147483648:int");
  assert.equal(px("2147483648"), "2147483648:bigint");
  assert.equal(px("9223372036854775807"), "9223372036854775807:bigint");
  // Spark's literals.sql: one past the long range is DECIMAL(19,0).
  assert.equal(px("9223372036854775808"), "9223372036854775808:decimal(19,0)");
  assert.equal(px("1L"), "1:bigint");
  assert.equal(px("1S"), "1:smallint");
  assert.equal(px("-128Y"), "-128:tinyint");
  assert.equal(px("1.5D"), "1.5:double");
  assert.equal(px("1e10"), "10000000000:double");
  assert.equal(px("1.2F"), `${Math.fround(1.2)}:float`);
  assert.equal(px("0.3"), "3:decimal(1,1)");
  assert.equal(px("-0.18"), "-18:decimal(2,2)");
  assert.equal(px(".1111"), "1111:decimal(4,4)");
  assert.equal(px("3.14"), "314:decimal(3,2)");
  assert.equal(px("123.08BD"), "12308:decimal(5,2)");
  assert.equal(px("123.0E-28BD"), "1230:decimal(29,29)");
  assert.equal(px("'a' 'b'"), "'ab':string");
  assert.equal(px("\"hello 'peter'\""), "'hello 'peter'':string");
  assert.equal(px("X'1F'"), "0x1f:binary");
  assert.equal(px("X'1'"), "0x01:binary");
  assert.equal(px("TRUE"), "true:boolean");
  assert.equal(px("null"), "null:void");
  assert.equal(px("DATE '2016-03-12'"), `${Date.UTC(2016, 2, 12) / 86400000}:date`);
  assert.equal(
    px("TIMESTAMP '2016-03-11 20:54:00.000'"),
    `${Date.UTC(2016, 2, 11, 20, 54) * 1000}:timestamp`,
  );
  assert.equal(
    px("timestamp_ntz '2016-03-11 20:54:00'"),
    `${Date.UTC(2016, 2, 11, 20, 54) * 1000}:timestamp_ntz`,
  );
});

test("literal errors", () => {
  assert.equal(errorOf(() => parseExpression("128Y")).errorClass, "INVALID_NUMERIC_LITERAL_RANGE");
  assert.equal(errorOf(() => parseExpression("32768S")).messageParameters.typeName, "smallint");
  assert.equal(
    errorOf(() => parseExpression("9223372036854775808L")).errorClass,
    "INVALID_NUMERIC_LITERAL_RANGE",
  );
  assert.equal(errorOf(() => parseExpression("1E309")).errorClass, "INVALID_NUMERIC_LITERAL_RANGE");
  assert.equal(
    errorOf(() => parseExpression("1234567890123456789012345678901234567890")).errorClass,
    "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION",
  );
  assert.equal(
    errorOf(() => parseExpression("1.20E-38BD")).errorClass,
    "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION",
  );
  const d = errorOf(() => parseExpression("date 'mar 11 2016'"));
  assert.equal(d.errorClass, "INVALID_TYPED_LITERAL");
  assert.equal(d.messageParameters.valueType, '"DATE"');
  assert.equal(errorOf(() => parseExpression("GEO '(10,-6)'")).errorClass, "UNSUPPORTED_TYPED_LITERAL");
  assert.equal(errorOf(() => parseExpression("X'XuZ'")).errorClass, "INVALID_TYPED_LITERAL");
});

test("names, fields, subscripts, stars", () => {
  assert.equal(px("a.b.c"), "a.b.c");
  assert.deepEqual((parseExpression("`a.b`.c") as unknown as { nameParts: string[] }).nameParts, [
    "a.b",
    "c",
  ]);
  assert.equal(px("a[0]"), "a[0:int]");
  assert.equal(px("m['k'].f"), "m['k':string]['f':string]");
  assert.equal(px("*"), "*");
  assert.equal(px("t.*"), "t.*");
  assert.equal(px("x::int"), "cast(x AS int)");
  assert.equal(px("CAST(a AS DECIMAL(10, 2))"), "cast(a AS decimal(10,2))");
  assert.equal(px("TRY_CAST(a AS array<map<string,int>>)"), "try_cast(a AS array<map<string,int>>)");
  assert.equal(px("CAST(a AS VARCHAR(3))"), "cast(a AS string)");
});

test("function calls", () => {
  assert.equal(px("count(*)"), "count(1:int)");
  assert.equal(px("COUNT(DISTINCT a, b)"), "count(DISTINCT a, b)");
  assert.equal(px("sum(x) FILTER (WHERE x > 0)"), "sum(x) FILTER >(x, 0:int)");
  assert.equal(px("first(x IGNORE NULLS)"), "first(x) IGNORE NULLS");
  assert.equal(px("last(x) IGNORE NULLS"), "last(x) IGNORE NULLS");
  assert.equal(px("Upper(s)"), "upper(s)");
  assert.equal(px("current_date"), "current_date()");
  assert.equal(px("(1, 'a')"), "named_struct('col1':string, 1:int, 'col2':string, 'a':string)");
  assert.equal(px("extract(YEAR FROM d)"), "extract('YEAR':string, d)");
  assert.equal(px("substring(s FROM 2 FOR 3)"), "substring(s, 2:int, 3:int)");
  assert.equal(px("trim(BOTH 'x' FROM s)"), "trim('x':string, s)");
  assert.equal(px("trim(LEADING FROM s)"), "ltrim(s)");
  assert.equal(px("position('b' IN s)"), "locate('b':string, s)");
  assert.equal(px("left(s, 2)"), "left(s, 2:int)");
});

test("CASE and window expressions", () => {
  assert.equal(
    px("CASE WHEN a > 1 THEN 'x' ELSE 'y' END"),
    "case(>(a, 1:int) => 'x':string; else 'y':string)",
  );
  assert.equal(
    px("CASE a WHEN 1 THEN 'x' WHEN 2 THEN 'y' END"),
    "case(=(a, 1:int) => 'x':string; =(a, 2:int) => 'y':string)",
  );
  assert.equal(
    px("row_number() OVER (PARTITION BY a ORDER BY b DESC)"),
    "row_number() OVER(p=[a] o=[b desc nulls_last])",
  );
  assert.equal(
    px("sum(x) OVER (ORDER BY b ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)"),
    'sum(x) OVER(p=[] o=[b asc nulls_first] rows {"type":"offset","value":-2,"preceding":true}..{"type":"current_row"})',
  );
  assert.equal(
    px("sum(x) OVER (RANGE BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING)"),
    'sum(x) OVER(p=[] o=[] range {"type":"unbounded_preceding"}..{"type":"offset","value":1})',
  );
});

test("named expressions", () => {
  assert.equal(px("a + 1 AS b"), "+(a, 1:int) AS b");
  assert.equal(px("a b"), "a AS b");
  assert.equal(px("explode(m) AS (k, v)"), "explode(m) AS k|v");
  assert.equal(px("a AS `x y`"), "a AS x y");
});

test("expression syntax errors", () => {
  const e1 = errorOf(() => parseExpression("a +"));
  assert.equal(e1.errorClass, "PARSE_SYNTAX_ERROR");
  assert.equal(e1.messageParameters.error, "end of input");
  const e2 = errorOf(() => parseExpression("(a + 1"));
  assert.equal(e2.messageParameters.error, "end of input");
  const e3 = errorOf(() => parseExpression("a b c"));
  assert.equal(e3.messageParameters.error, "'c'");
  assert.equal(e3.messageParameters.hint, ": extra input 'c'");
  assert.equal(e3.context?.startPosition, 4);
  assert.equal(errorOf(() => parseExpression(".e3")).messageParameters.error, "'.'");
  assert.equal(errorOf(() => parseExpression("cast(a as foo)")).errorClass, "UNSUPPORTED_DATATYPE");
});

test("simple queries", () => {
  assert.equal(pq("SELECT 1"), "Project[1:int](OneRow)");
  assert.equal(pq("SELECT a, b AS c FROM t WHERE a > 1"), "Project[a, b AS c](Filter[>(a, 1:int)](t))");
  assert.equal(pq("select * from db.t x"), "Project[*](As x(db.t))");
  assert.equal(pq("SELECT DISTINCT a FROM t"), "Distinct(Project[a](t))");
  assert.equal(
    pq("SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1"),
    "Filter[>(count(1:int), 1:int)](Aggregate[a; a, count(1:int)](t))",
  );
  assert.equal(
    pq("SELECT sum(a) FROM t HAVING sum(a) > 0"),
    "Filter[>(sum(a), 0:int)](Aggregate[; sum(a)](t))",
  );
  assert.equal(pq("SELECT a FROM t GROUP BY ALL"), "Aggregate[ALL; a](t)");
  assert.equal(
    pq("SELECT a FROM t ORDER BY a DESC NULLS FIRST, b LIMIT 10 OFFSET 5"),
    "Limit 10(Offset 5(Sort[a desc nulls_first, b asc nulls_first](Project[a](t))))",
  );
  assert.equal(pq("FROM t SELECT a"), "Project[a](t)");
  assert.equal(pq("TABLE t"), "t");
  assert.equal(pq("SELECT * FROM range(3)"), "Project[*](Range(0, 3, 1))");
});

test("VALUES inline tables", () => {
  assert.equal(
    pq("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(x, y)"),
    "Project[*](As t(Values[x,y](1:int 'a':string | 2:int 'b':string)))",
  );
  assert.equal(pq("VALUES 1, 2"), "Values[col1](1:int | 2:int)");
  assert.equal(pq("SELECT * FROM (VALUES (1, 2)) t"), "Project[*](As t(Values[col1,col2](1:int 2:int)))");
});

test("joins", () => {
  assert.equal(pq("SELECT * FROM a JOIN b ON a.x = b.x"), "Project[*](Join inner(a, b ON =(a.x, b.x)))");
  assert.equal(
    pq("SELECT * FROM a LEFT OUTER JOIN b USING (x, y)"),
    "Project[*](Join left_outer(a, b USING x,y))",
  );
  assert.equal(pq("SELECT * FROM a, b"), "Project[*](Join inner(a, b))");
  assert.equal(pq("SELECT * FROM a CROSS JOIN b"), "Project[*](Join cross(a, b))");
  assert.equal(pq("SELECT * FROM a LEFT SEMI JOIN b ON p"), "Project[*](Join left_semi(a, b ON p))");
  assert.equal(pq("SELECT * FROM a ANTI JOIN b ON p"), "Project[*](Join left_anti(a, b ON p))");
  assert.equal(
    pq("SELECT * FROM a FULL JOIN b ON p RIGHT JOIN c ON q"),
    "Project[*](Join right_outer(Join full_outer(a, b ON p), c ON q))",
  );
  assert.equal(pq("SELECT * FROM (a JOIN b ON p) j"), "Project[*](As j(Join inner(a, b ON p)))");
  assert.equal(
    pq("SELECT * FROM (SELECT 1 x)"),
    "Project[*](As __auto_generated_subquery_name(Project[1:int AS x](OneRow)))",
  );
});

test("set operations: INTERSECT binds tighter", () => {
  assert.equal(
    pq("SELECT a FROM t UNION SELECT a FROM u INTERSECT SELECT a FROM v"),
    "Distinct(Union(Project[a](t), Intersect(Project[a](u), Project[a](v))))",
  );
  assert.equal(
    pq("SELECT 1 UNION ALL SELECT 2 EXCEPT SELECT 3"),
    "Except(Union(Project[1:int](OneRow), Project[2:int](OneRow)), Project[3:int](OneRow))",
  );
  assert.equal(
    pq("SELECT 1 MINUS ALL SELECT 2"),
    "ExceptAll(Project[1:int](OneRow), Project[2:int](OneRow))",
  );
  assert.equal(
    pq("SELECT 1 AS a UNION ALL SELECT 2 ORDER BY a LIMIT 1"),
    "Limit 1(Sort[a asc nulls_first](Union(Project[1:int AS a](OneRow), Project[2:int](OneRow))))",
  );
});

test("CTEs are inlined", () => {
  assert.equal(
    pq("WITH c AS (SELECT 1 AS x), d AS (SELECT x FROM c) SELECT * FROM d JOIN c"),
    "Project[*](Join inner(As d(Project[x](As c(Project[1:int AS x](OneRow)))), As c(Project[1:int AS x](OneRow))))",
  );
  // Each reference is parsed afresh: distinct alias ids.
  const plan = parseQuery("WITH c AS (SELECT 1 AS x) SELECT * FROM c JOIN c");
  assert.equal(plan.kind, "project");
  const join = plan.kind === "project" ? plan.child : plan;
  assert.equal(join.kind, "join");
  if (join.kind === "join" && join.left.kind === "subquery_alias" && join.right.kind === "subquery_alias") {
    const l = join.left.child;
    const r = join.right.child;
    if (l.kind === "project" && r.kind === "project") {
      const la = l.projectList[0];
      const ra = r.projectList[0];
      assert.ok(la?.kind === "alias" && ra?.kind === "alias" && la.exprId !== ra.exprId);
    }
  }
  assert.equal(
    errorOf(() => parseQuery("WITH c AS (SELECT 1), c AS (SELECT 2) SELECT * FROM c")).errorClass,
    // Spark 4: "CTE definition can't have duplicate names" (cte.sql.out)
    "DUPLICATED_CTE_NAMES",
  );
});

test("lateral view and named windows", () => {
  assert.equal(
    pq("SELECT a, c FROM t LATERAL VIEW OUTER explode(arr) tt AS c"),
    "Project[a, c](Generate[explode(arr) outer AS c](t))",
  );
  assert.equal(
    pq("SELECT sum(x) OVER w FROM t WINDOW w AS (PARTITION BY a)"),
    "Project[sum(x) OVER(p=[a] o=[])](t)",
  );
  // window.sql.out: an undefined window name is MISSING_WINDOW_SPECIFICATION
  assert.equal(
    errorOf(() => parseQuery("SELECT sum(x) OVER w FROM t")).errorClass,
    "MISSING_WINDOW_SPECIFICATION",
  );
});

test("statements", () => {
  assert.deepEqual(parseStatement("SET spark.sql.ansi.enabled = false"), {
    kind: "set",
    key: "spark.sql.ansi.enabled",
    value: "false",
  });
  assert.deepEqual(parseStatement("SET"), { kind: "set" });
  assert.deepEqual(parseStatement("set spark.sql.shuffle.partitions;"), {
    kind: "set",
    key: "spark.sql.shuffle.partitions",
  });
  assert.deepEqual(parseStatement("DROP VIEW IF EXISTS v"), {
    kind: "drop_view",
    name: ["v"],
    ifExists: true,
    table: false,
  });
  assert.deepEqual(parseStatement("SHOW TABLES"), { kind: "show_tables" });
  const cv = parseStatement("CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1 AS x;");
  assert.equal(cv.kind, "create_view");
  if (cv.kind === "create_view") {
    assert.deepEqual([cv.name, cv.replace, cv.temporary, cv.sqlText], [["v"], true, true, "SELECT 1 AS x"]);
  }
  const ex = parseStatement("EXPLAIN EXTENDED SELECT 1");
  assert.equal(ex.kind === "explain" && ex.mode, "extended");
  const desc = parseStatement("DESCRIBE TABLE t");
  assert.deepEqual(desc, { kind: "describe", name: ["t"], extended: false });
});

test("statement errors with positions", () => {
  const e1 = errorOf(() => parseStatement("SELECT * FROM"));
  assert.equal(e1.errorClass, "PARSE_SYNTAX_ERROR");
  assert.equal(e1.messageParameters.error, "end of input");
  assert.match(e1.message, /Syntax error at or near end of input/);
  const e2 = errorOf(() => parseStatement("SELECT a FROM t WHERE"));
  assert.equal(e2.messageParameters.error, "end of input");
  const e3 = errorOf(() => parseStatement("SELECT 1 FROM t t2 t3"));
  assert.equal(e3.messageParameters.error, "'t3'");
  assert.equal(e3.context?.startPosition, 19);
  const e4 = errorOf(() => parseStatement("SELECT 1,\n  2 +\n  FROM"));
  assert.equal(e4.messageParameters.error, "'FROM'");
  assert.equal(e4.context?.line, 3);
  assert.equal(e4.context?.startPosition, 2);
  assert.equal(errorOf(() => parseStatement("")).errorClass, "PARSE_EMPTY_STATEMENT");
  assert.equal(errorOf(() => parseStatement("  -- only a comment\n")).errorClass, "PARSE_EMPTY_STATEMENT");
  assert.equal(errorOf(() => parseStatement("SELEC 1")).messageParameters.error, "'SELEC'");
  assert.equal(
    errorOf(() => parseStatement("SELECT 1 LIMIT -1")).errorClass,
    "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE",
  );
});

test("parseMultipartIdentifier", () => {
  assert.deepEqual(parseMultipartIdentifier("a.`b.c`"), ["a", "b.c"]);
  assert.deepEqual(parseMultipartIdentifier("`a``b`"), ["a`b"]);
  assert.equal(errorOf(() => parseMultipartIdentifier("a.")).messageParameters.error, "end of input");
});

test("clause words as column names", () => {
  assert.equal(
    pq("SELECT offset, limit, key FROM kafka LIMIT 1"),
    "Limit 1(Project[offset, limit, key](kafka))",
  );
  assert.equal(pq("SELECT date, year FROM t"), "Project[date, year](t)");
  assert.equal(errorOf(() => parseQuery("SELECT a, FROM t")).messageParameters.error, "'FROM'");
});

test("column alias lists on subqueries and CTEs", () => {
  assert.equal(pq("SELECT * FROM (VALUES (1, 2)) AS t(a, b)"), "Project[*](As t(Values[a,b](1:int 2:int)))");
  assert.equal(
    pq("SELECT * FROM (SELECT 1, 2 AS y) s(a, b)"),
    "Project[*](As s(Project[1:int AS a, 2:int AS b](OneRow)))",
  );
  assert.equal(pq("WITH t(a) AS (SELECT x FROM u) SELECT a FROM t"), "Project[a](As t(Project[x AS a](u)))");
  assert.equal(
    errorOf(() => parseQuery("SELECT * FROM (SELECT 1) s(a, b)")).errorClass,
    "INVALID_SQL_SYNTAX",
  );
  assert.equal(
    errorOf(() => parseQuery("SELECT * FROM (SELECT * FROM u) s(a)")).errorClass,
    "UNSUPPORTED_FEATURE.DESC",
  );
});

test("parameter markers", () => {
  const named = parseExpression("a > :min AND b = :name", { args: { min: 5, name: "x" } });
  assert.equal(sx(named), "and(>(a, 5:int), =(b, 'x':string))");
  assert.equal(sx(parseExpression("? + ?", { args: [1, 2.5] })), "+(1:int, 2.5:double)");
  const held = parseExpression(":c", {
    args: { c: { expr: { kind: "unresolved_attribute", nameParts: ["z"] } } },
  });
  assert.equal(sx(held), "z");
  assert.equal(errorOf(() => parseExpression("a = :missing")).errorClass, "UNBOUND_SQL_PARAMETER");
  // A colon not directly followed by a name is not a marker.
  assert.equal(errorOf(() => parseExpression("a = : b")).errorClass, "PARSE_SYNTAX_ERROR");
});
