/**
 * Kernel tests for the collection family; expected values are the examples of Spark's function
 * docs (ExpressionDescription / PySpark docstrings) and sql-tests golden files.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { MapValue } from "../../data/values.js";
import {
  ArrayType,
  BOOLEAN,
  type DataType,
  DOUBLE,
  INT,
  LONG,
  MapType,
  STRING,
  StructField,
  StructType,
} from "../../types/data-type.js";
import type { BindArg, FunctionDefinition, GeneratorFunctionDefinition } from "../function-definition.js";
import { argOf, evalScalar, litArg, testContext } from "../testing.js";
import { COLLECTION_FUNCTIONS } from "./index.js";

function def(name: string): FunctionDefinition {
  const d = COLLECTION_FUNCTIONS.find((f) => f.name === name || f.aliases?.includes(name));
  if (!d) throw new TypeError(`no function ${name}`);
  return d;
}

const AI = new ArrayType(INT);
const AS = new ArrayType(STRING);
const a = (t: DataType, sql = "x"): BindArg => argOf(t, sql);
const ev = (name: string, types: readonly DataType[], values: readonly unknown[], ctx = testContext()) =>
  evalScalar(
    def(name),
    types.map((t) => a(t)),
    values,
    ctx,
  );

function errorClass(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as { errorClass?: string }).errorClass ?? String(e);
  }
  return "no error";
}

function generate(name: string, args: readonly BindArg[], values: readonly unknown[], outer = false) {
  const g = (def(name) as GeneratorFunctionDefinition).bind(args, testContext(), outer);
  return { names: g.output.map((f) => f.name), rows: g.generate(...values) };
}

test("array / struct / named_struct constructors", () => {
  const arr = (def("array") as { bind: (a: BindArg[], c: unknown) => { dataType: DataType } }).bind(
    [a(INT), a(INT)],
    testContext(),
  );
  assert.equal(arr.dataType.simpleString(), "array<int>");
  assert.deepEqual(ev("array", [INT, INT, INT], [1, 2, 3]), [1, 2, 3]);
  const st = (def("struct") as { bind: (a: BindArg[], c: unknown) => { dataType: DataType } }).bind(
    [a(INT, "a"), litArg(STRING, "x", "x"), a(INT, "t.b"), a(INT, "(a + 1)")],
    testContext(),
  );
  assert.equal(st.dataType.simpleString(), "struct<a:int,col2:string,b:int,col4:int>");
  const ns = def("named_struct");
  assert.deepEqual(
    evalScalar(ns, [litArg(STRING, "a"), a(INT), litArg(STRING, "b"), a(INT)], ["a", 1, "b", 2]),
    [1, 2],
  );
});

test("size / cardinality / array_size, null handling by ANSI mode", () => {
  assert.equal(ev("size", [AS], [["b", "d", "c", "a"]]), 4);
  assert.equal(ev("size", [new MapType(STRING, INT)], [new MapValue(["a", "b"], [1, 2])]), 2);
  assert.equal(ev("size", [AI], [null]), null);
  assert.equal(ev("size", [AI], [null], testContext({ ansi: false })), -1);
  assert.equal(ev("cardinality", [AS], [["b", "d", "c", "a"]]), 4);
  assert.equal(ev("array_size", [AS], [["b", "d", "c", "a"]]), 4);
});

test("array_contains / array_position / arrays_overlap", () => {
  assert.equal(ev("array_contains", [AI, INT], [[1, 2, 3], 2]), true);
  assert.equal(ev("array_contains", [AI, INT], [[1, null], 2]), null);
  assert.equal(ev("array_contains", [AI, INT], [[1, 3], 2]), false);
  assert.equal(ev("array_contains", [new ArrayType(DOUBLE), DOUBLE], [[Number.NaN], Number.NaN]), true);
  assert.equal(ev("array_position", [AI, INT], [[312, 773, 708, 708], 708]), 3);
  assert.equal(ev("array_position", [AI, INT], [[312, 773], 1]), 0);
  assert.equal(
    ev(
      "arrays_overlap",
      [AI, AI],
      [
        [1, 2, 3],
        [3, 4, 5],
      ],
    ),
    true,
  );
  assert.equal(ev("arrays_overlap", [AI, AI], [[1, null], [3]]), null);
  assert.equal(ev("arrays_overlap", [AI, AI], [[1], []]), false);
});

test("array_distinct / array_remove / array_compact / set operations", () => {
  assert.deepEqual(ev("array_distinct", [AI], [[1, 2, 3, null, 3]]), [1, 2, 3, null]);
  assert.deepEqual(ev("array_remove", [AI, INT], [[1, 2, 3, null, 3], 3]), [1, 2, null]);
  assert.deepEqual(ev("array_compact", [AI], [[1, 2, 3, null]]), [1, 2, 3]);
  assert.deepEqual(
    ev(
      "array_union",
      [AI, AI],
      [
        [1, 2, 3],
        [1, 3, 5],
      ],
    ),
    [1, 2, 3, 5],
  );
  assert.deepEqual(
    ev(
      "array_intersect",
      [AI, AI],
      [
        [1, 2, 3],
        [1, 3, 5],
      ],
    ),
    [1, 3],
  );
  assert.deepEqual(
    ev(
      "array_except",
      [AI, AI],
      [
        [1, 2, 3],
        [1, 3, 5],
      ],
    ),
    [2],
  );
  assert.deepEqual(
    ev(
      "array_union",
      [AI, AI],
      [
        [1, null],
        [null, 2],
      ],
    ),
    [1, null, 2],
  );
});

test("array_append / array_prepend / array_insert", () => {
  assert.deepEqual(ev("array_append", [AS, STRING], [["b", "d", "c", "a"], "d"]), ["b", "d", "c", "a", "d"]);
  assert.deepEqual(ev("array_append", [AI, INT], [[1, 2, 3, null], null]), [1, 2, 3, null, null]);
  assert.equal(ev("array_append", [AI, INT], [null, 2]), null);
  assert.deepEqual(ev("array_prepend", [AS, STRING], [["b", "d", "c", "a"], "d"]), ["d", "b", "d", "c", "a"]);
  assert.deepEqual(ev("array_insert", [AI, INT, INT], [[1, 2, 3, 4], 5, 5]), [1, 2, 3, 4, 5]);
  assert.deepEqual(ev("array_insert", [AI, INT, INT], [[5, 4, 3, 2], -1, 1]), [5, 4, 3, 2, 1]);
  assert.deepEqual(ev("array_insert", [AI, INT, INT], [[5, 3, 2, 1], -4, 4]), [5, 4, 3, 2, 1]);
  assert.deepEqual(ev("array_insert", [AI, INT, INT], [[1, 2], 4, 9]), [1, 2, null, 9]);
  assert.equal(
    errorClass(() => ev("array_insert", [AI, INT, INT], [[1], 0, 9])),
    "INVALID_INDEX_OF_ZERO",
  );
});

test("array_join with and without null replacement", () => {
  assert.equal(ev("array_join", [AS, STRING], [["hello", "world"], " "]), "hello world");
  assert.equal(ev("array_join", [AS, STRING], [["hello", null, "world"], " "]), "hello world");
  assert.equal(ev("array_join", [AS, STRING, STRING], [["hello", null, "world"], " ", ","]), "hello , world");
});

test("array_sort / sort_array / array_max / array_min", () => {
  assert.deepEqual(ev("array_sort", [AS], [["b", "d", null, "c", "a"]]), ["a", "b", "c", "d", null]);
  const sortArray = def("sort_array");
  assert.deepEqual(
    evalScalar(sortArray, [a(AS), litArg(BOOLEAN, true)], [["b", "d", null, "c", "a"], true]),
    [null, "a", "b", "c", "d"],
  );
  assert.deepEqual(
    evalScalar(sortArray, [a(AS), litArg(BOOLEAN, false)], [["b", "d", null, "c", "a"], false]),
    ["d", "c", "b", "a", null],
  );
  assert.deepEqual(
    ev("array_sort", [new ArrayType(DOUBLE)], [[Number.NaN, 1, Number.NEGATIVE_INFINITY, null]]),
    [Number.NEGATIVE_INFINITY, 1, Number.NaN, null],
  );
  assert.equal(ev("array_max", [AI], [[1, 20, null, 3]]), 20);
  assert.equal(ev("array_min", [AI], [[1, 20, null, 3]]), 1);
  assert.equal(ev("array_max", [AI], [[]]), null);
});

test("element_at / try_element_at / get", () => {
  assert.equal(ev("element_at", [AI, INT], [[1, 2, 3], 2]), 2);
  assert.equal(ev("element_at", [AI, INT], [[1, 2, 3], -1]), 3);
  assert.equal(ev("element_at", [new MapType(INT, STRING), INT], [new MapValue([1, 2], ["a", "b"]), 2]), "b");
  assert.equal(
    ev("element_at", [new MapType(INT, STRING), INT], [new MapValue([1, 2], ["a", "b"]), 3]),
    null,
  );
  assert.equal(
    errorClass(() => ev("element_at", [AI, INT], [[1, 2, 3], 5])),
    "INVALID_ARRAY_INDEX_IN_ELEMENT_AT",
  );
  assert.equal(ev("element_at", [AI, INT], [[1, 2, 3], 5], testContext({ ansi: false })), null);
  assert.equal(
    errorClass(() => ev("element_at", [AI, INT], [[1, 2, 3], 0])),
    "INVALID_INDEX_OF_ZERO",
  );
  assert.equal(ev("try_element_at", [AI, INT], [[1, 2, 3], 5]), null);
  assert.equal(ev("get", [AI, INT], [[1, 2, 3], 0]), 1);
  assert.equal(ev("get", [AI, INT], [[1, 2, 3], 3]), null);
  assert.equal(ev("get", [AI, INT], [[1, 2, 3], -1]), null);
});

test("flatten / slice / array_repeat / arrays_zip / sequence", () => {
  assert.deepEqual(
    ev(
      "flatten",
      [new ArrayType(AI)],
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
    ),
    [1, 2, 3, 4],
  );
  assert.equal(ev("flatten", [new ArrayType(AI)], [[[1, 2], null]]), null);
  assert.deepEqual(ev("slice", [AI, INT, INT], [[1, 2, 3, 4], 2, 2]), [2, 3]);
  assert.deepEqual(ev("slice", [AI, INT, INT], [[1, 2, 3, 4], -2, 2]), [3, 4]);
  assert.equal(
    errorClass(() => ev("slice", [AI, INT, INT], [[1], 0, 1])),
    "INVALID_PARAMETER_VALUE.START",
  );
  assert.equal(
    errorClass(() => ev("slice", [AI, INT, INT], [[1], 1, -1])),
    "INVALID_PARAMETER_VALUE.LENGTH",
  );
  assert.deepEqual(ev("array_repeat", [STRING, INT], ["123", 2]), ["123", "123"]);
  assert.deepEqual(
    ev(
      "arrays_zip",
      [AI, AI],
      [
        [1, 2, 3],
        [2, 3, 4],
      ],
    ),
    [
      [1, 2],
      [2, 3],
      [3, 4],
    ],
  );
  assert.deepEqual(ev("arrays_zip", [AI, AI], [[1, 2], [3]]), [
    [1, 3],
    [2, null],
  ]);
  assert.deepEqual(ev("sequence", [INT, INT], [1, 5]), [1, 2, 3, 4, 5]);
  assert.deepEqual(ev("sequence", [INT, INT], [5, 1]), [5, 4, 3, 2, 1]);
  assert.deepEqual(ev("sequence", [LONG, LONG, LONG], [1, 10, 3]), [1, 4, 7, 10]);
  assert.equal(
    errorClass(() => ev("sequence", [INT, INT, INT], [1, 5, -1])),
    "ILLEGAL_ARGUMENT",
  );
});

test("map functions", () => {
  const mis = new MapType(INT, STRING);
  const m12 = new MapValue([1, 2], ["a", "b"]);
  assert.deepEqual(ev("map_keys", [mis], [m12]), [1, 2]);
  assert.deepEqual(ev("map_values", [mis], [m12]), ["a", "b"]);
  assert.deepEqual(ev("map_entries", [mis], [m12]), [
    [1, "a"],
    [2, "b"],
  ]);
  assert.equal(ev("map_contains_key", [mis, INT], [m12, 1]), true);
  assert.equal(ev("map_contains_key", [mis, INT], [m12, 3]), false);
  assert.deepEqual(
    ev("map_concat", [mis, mis], [m12, new MapValue([3], ["c"])]),
    new MapValue([1, 2, 3], ["a", "b", "c"]),
  );
  assert.deepEqual(
    ev("map", [DOUBLE, STRING, DOUBLE, STRING], [1.0, "2", 3.0, "4"]),
    new MapValue([1, 3], ["2", "4"]),
  );
  assert.equal(
    errorClass(() => ev("map", [INT, STRING, INT, STRING], [1, "a", 1, "b"])),
    "DUPLICATED_MAP_KEY",
  );
  assert.deepEqual(
    ev(
      "map",
      [INT, STRING, INT, STRING],
      [1, "a", 1, "b"],
      testContext({ conf: (k) => (k === "spark.sql.mapKeyDedupPolicy" ? "LAST_WIN" : undefined) }),
    ),
    new MapValue([1], ["b"]),
  );
  assert.equal(
    errorClass(() => ev("map", [INT, STRING], [null, "a"])),
    "NULL_MAP_KEY",
  );
  assert.deepEqual(
    ev(
      "map_from_arrays",
      [new ArrayType(DOUBLE), AS],
      [
        [1.0, 3.0],
        ["2", "4"],
      ],
    ),
    new MapValue([1, 3], ["2", "4"]),
  );
  const entries = new ArrayType(
    new StructType([new StructField("col1", INT), new StructField("col2", STRING)]),
  );
  assert.deepEqual(
    ev(
      "map_from_entries",
      [entries],
      [
        [
          [1, "a"],
          [2, "b"],
        ],
      ],
    ),
    new MapValue([1, 2], ["a", "b"]),
  );
  assert.equal(ev("map_from_entries", [entries], [[[1, "a"], null]]), null);
  const s2m = def("str_to_map");
  assert.deepEqual(
    evalScalar(s2m, [a(STRING), litArg(STRING, ","), litArg(STRING, ":")], ["a:1,b:2,c:3", ",", ":"]),
    new MapValue(["a", "b", "c"], ["1", "2", "3"]),
  );
  assert.deepEqual(evalScalar(s2m, [a(STRING)], ["a"]), new MapValue(["a"], [null]));
});

test("explode / posexplode / inline / stack generators", () => {
  assert.deepEqual(generate("explode", [a(AI)], [[10, 20]]), { names: ["col"], rows: [[10], [20]] });
  assert.deepEqual(generate("explode", [a(new MapType(STRING, STRING))], [new MapValue(["a"], ["b"])]), {
    names: ["key", "value"],
    rows: [["a", "b"]],
  });
  assert.deepEqual(generate("explode", [a(AI)], [null]).rows, []);
  assert.deepEqual(generate("explode_outer", [a(AI)], [[]]).rows, [[null]]);
  assert.deepEqual(generate("posexplode", [a(AI)], [[10, 20]]), {
    names: ["pos", "col"],
    rows: [
      [0, 10],
      [1, 20],
    ],
  });
  assert.deepEqual(generate("posexplode_outer", [a(new MapType(STRING, INT))], [null]), {
    names: ["pos", "key", "value"],
    rows: [[null, null, null]],
  });
  const sa = new ArrayType(new StructType([new StructField("col1", INT), new StructField("col2", STRING)]));
  assert.deepEqual(
    generate(
      "inline",
      [a(sa)],
      [
        [
          [1, "a"],
          [2, "b"],
        ],
      ],
    ),
    {
      names: ["col1", "col2"],
      rows: [
        [1, "a"],
        [2, "b"],
      ],
    },
  );
  assert.deepEqual(generate("stack", [litArg(INT, 2), a(INT), a(INT), a(INT)], [2, 1, 2, 3]), {
    names: ["col0", "col1"],
    rows: [
      [1, 2],
      [3, null],
    ],
  });
  assert.equal(
    errorClass(() => generate("stack", [litArg(INT, 2), a(INT), a(STRING)], [2, 1, "a"])),
    "DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES",
  );
});

test("JSON functions: doc examples", () => {
  const fromJson = def("from_json");
  assert.deepEqual(
    evalScalar(
      fromJson,
      [a(STRING), litArg(STRING, "a INT, b DOUBLE")],
      ['{"a":1, "b":0.8}', "a INT, b DOUBLE"],
    ),
    [1, 0.8],
  );
  assert.deepEqual(
    evalScalar(
      fromJson,
      [a(STRING), litArg(STRING, "map<string, int>")],
      ['{"a":1, "b":2}', "map<string, int>"],
    ),
    new MapValue(["a", "b"], [1, 2]),
  );
  const toJson = def("to_json");
  const ab = new StructType([new StructField("a", INT), new StructField("b", INT)]);
  assert.equal(evalScalar(toJson, [a(ab)], [[1, 2]]), '{"a":1,"b":2}');
  assert.equal(ev("get_json_object", [STRING, STRING], ['{"a":"b"}', "$.a"]), "b");
  assert.deepEqual(
    generate(
      "json_tuple",
      [a(STRING), litArg(STRING, "a"), litArg(STRING, "b")],
      ['{"a":1, "b":2}', "a", "b"],
    ),
    {
      names: ["c0", "c1"],
      rows: [["1", "2"]],
    },
  );
  assert.deepEqual(
    generate(
      "json_tuple",
      [a(STRING), a(STRING), a(STRING), a(STRING), a(STRING)],
      ['{"a" : 1, "b" : 2}', null, "b", null, "a"],
    ).rows,
    [[null, "2", null, "1"]],
  );
  const schemaOf = def("schema_of_json");
  assert.equal(
    evalScalar(schemaOf, [litArg(STRING, '[{"col":0}]')], ['[{"col":0}]']),
    "ARRAY<STRUCT<col: BIGINT>>",
  );
  assert.equal(ev("json_array_length", [STRING], ['[1,2,3,{"f1":1,"f2":[5,6]},4]']), 5);
  assert.equal(ev("json_array_length", [STRING], ["[1,2"]), null);
  assert.equal(ev("json_array_length", [STRING], [""]), null);
  assert.deepEqual(ev("json_object_keys", [STRING], ['{"f1":"abc","f2":{"f3":"a", "f4":"b"}}']), [
    "f1",
    "f2",
  ]);
  assert.deepEqual(ev("json_object_keys", [STRING], ["{}"]), []);
  assert.equal(ev("json_object_keys", [STRING], ["[1]"]), null);
});

test("get_json_object: Hive JSON path cases", () => {
  const doc =
    '{"store":{"fruit":[{"weight":8,"type":"apple"},{"weight":9,"type":"pear"}],' +
    '"basket":[[1,2,{"b":"y","a":"x"}],[3,4],[5,6]],"book":[{"author":"Nigel Rees","title":"Sayings of the Century",' +
    '"category":"reference","price":8.95},{"author":"Herman Melville","title":"Moby Dick","category":"fiction",' +
    '"price":8.99,"isbn":"0-553-21311-3"},{"author":"J. R. R. Tolkien","title":"The Lord of the Rings",' +
    '"category":"fiction","reader":[{"age":25,"name":"bob"},{"age":26,"name":"jack"}],"price":22.99,' +
    '"isbn":"0-395-19395-8"}],"bicycle":{"price":19.95,"color":"red"}},"email":"amy@only_for_json_udf_test.net",' +
    '"owner":"amy","zip code":"94025","fb:testid":"1234"}';
  const g = (p: string) => ev("get_json_object", [STRING, STRING], [doc, p]);
  assert.equal(g("$.owner"), "amy");
  assert.equal(g("$.store.bicycle"), '{"price":19.95,"color":"red"}');
  assert.equal(g("$.store.book[0].price"), "8.95");
  assert.equal(g("$.store.book[*].category"), '["reference","fiction","fiction"]');
  assert.equal(g("$.store.book[*].isbn"), '["0-553-21311-3","0-395-19395-8"]');
  assert.equal(g("$.store.book[*].reader"), '[{"age":25,"name":"bob"},{"age":26,"name":"jack"}]');
  assert.equal(g("$.store.basket[0][1]"), "2");
  assert.equal(g("$.store.basket[*][0]"), "[1,3,5]");
  assert.equal(g("$.store.basket[0][*]"), '[1,2,{"b":"y","a":"x"}]');
  assert.equal(g("$.store.basket[*][*]"), '[1,2,{"b":"y","a":"x"},3,4,5,6]');
  assert.equal(g("$.store.basket[0][2].b"), "y");
  assert.equal(g("$.store.basket[0][*].b"), '["y"]');
  assert.equal(g("$.zip code"), "94025");
  assert.equal(g("$.fb:testid"), "1234");
  assert.equal(g("$.non_exist_key"), null);
  assert.equal(g("$.store.book[10]"), null);
  assert.equal(g("$..no_recursive"), null);
  assert.equal(ev("get_json_object", [STRING, STRING], ['{"a":null}', "$.a"]), null);
  assert.equal(ev("get_json_object", [STRING, STRING], ["{bad", "$.a"]), null);
});
