// Window functions, after the employees example of Spark's SQL reference
// (docs/sql-ref-syntax-qry-select-window.md), in SQL and with the DataFrame API. Spark leaves the
// row order of those examples unspecified; here every query ends with an ORDER BY.
import { SparkSession, Window, functions as F } from "tspark";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();
const employees = spark.createDataFrame(
  [
    ["Lisa", "Sales", 10000, 35],
    ["Evan", "Sales", 32000, 38],
    ["Fred", "Engineering", 21000, 28],
    ["Alex", "Sales", 30000, 33],
    ["Tom", "Engineering", 23000, 33],
    ["Jane", "Marketing", 29000, 28],
    ["Jeff", "Marketing", 35000, 38],
    ["Paul", "Engineering", 29000, 23],
    ["Chloe", "Engineering", 23000, 25],
    ["Helen", "Marketing", 29000, 40],
  ],
  "name STRING, dept STRING, salary INT, age INT",
);
employees.createOrReplaceTempView("employees");

await spark
  .sql(
    `SELECT name, dept, salary, RANK() OVER (PARTITION BY dept ORDER BY salary) AS rank
     FROM employees ORDER BY dept, salary, name`,
  )
  .show();

// The same with the DataFrame API.
const byDept = Window.partitionBy("dept").orderBy("salary");
await employees
  .select("name", "dept", "salary", F.rank().over(byDept).alias("rank"))
  .orderBy("dept", "salary", "name")
  .show();

// lag / lead with a default, ordered by salary then name so that ties are deterministic.
const w = Window.partitionBy("dept").orderBy("salary", "name");
await employees
  .select(
    "name",
    "dept",
    "salary",
    F.lag("salary").over(w).alias("lag"),
    F.lead("salary", 1, 0).over(w).alias("lead"),
  )
  .orderBy("dept", "salary", "name")
  .show();

// A running total per department.
await employees
  .withColumn("running", F.sum("salary").over(w.rowsBetween(Window.unboundedPreceding, Window.currentRow)))
  .select("dept", "name", "salary", "running")
  .orderBy("dept", "salary", "name")
  .show();
spark.stop();
