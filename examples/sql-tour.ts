// A tour of the SQL subset tspark parses (see docs/sql.md): VALUES, temp views, joins, GROUP BY /
// HAVING, ORDER BY / LIMIT, CTEs, set operations, LATERAL VIEW, range() and SET.
import { SparkSession } from "tspark";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();

// Temp views over inline tables.
spark.sql(`CREATE OR REPLACE TEMP VIEW people AS
  SELECT * FROM VALUES (1, 'ann', 31, 10), (2, 'bob', NULL, 20), (3, 'cid', 25, 10), (4, 'dee', 42, 30)
  AS t(id, name, age, dept_id)`);
spark.sql(`CREATE OR REPLACE TEMP VIEW depts AS
  SELECT * FROM VALUES (10, 'sales'), (20, 'ops'), (40, 'legal') AS t(dept_id, dept)`);

// Projection, filter, ORDER BY, LIMIT.
await spark
  .sql("SELECT name, age + 1 AS next FROM people WHERE age IS NOT NULL ORDER BY age DESC LIMIT 2")
  .show();

// Joins: inner with USING, left outer with ON, left anti.
await spark.sql("SELECT name, dept FROM people JOIN depts USING (dept_id) ORDER BY name").show();
await spark
  .sql("SELECT p.name, d.dept FROM people p LEFT JOIN depts d ON p.dept_id = d.dept_id ORDER BY p.id")
  .show();
await spark.sql("SELECT dept FROM depts LEFT ANTI JOIN people USING (dept_id)").show();

// GROUP BY with HAVING; count(*) is named count(1) as in Spark.
await spark
  .sql("SELECT dept_id, count(*), avg(age) FROM people GROUP BY dept_id HAVING count(*) > 1 ORDER BY dept_id")
  .show();

// A CTE and a set operation.
await spark
  .sql(`WITH young AS (SELECT name FROM people WHERE age < 35)
        SELECT name FROM young UNION ALL SELECT 'zed' ORDER BY name`)
  .show();
await spark.sql("SELECT dept_id FROM people EXCEPT SELECT dept_id FROM depts").show();

// LATERAL VIEW explode and the range() table function.
await spark
  .sql("SELECT id, w FROM VALUES (1, 'a b'), (2, 'c') AS t(id, s) LATERAL VIEW explode(split(s, ' ')) x AS w")
  .show();
await spark.sql("SELECT id, id * id AS sq FROM range(1, 4)").show();

// SET changes a session setting: ANSI off turns the division by zero into NULL.
spark.sql("SET spark.sql.ansi.enabled=false");
await spark.sql("SELECT 1 / 0 AS x").show();
spark.stop();
