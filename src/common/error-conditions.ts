/**
 * The error-condition table: Spark's error classes (and sub-classes as `PARENT.SUB`) with their
 * SQLSTATE and a message template in tspark's own words. `<name>` placeholders are filled from
 * `messageParameters`. Keep the keys sorted.
 */
export const ERROR_CONDITIONS: Readonly<
  Record<string, { readonly message: string; readonly sqlState?: string }>
> = {
  AGGREGATE_FUNCTION_WITH_NONDETERMINISTIC_EXPRESSION: {
    message:
      "The non-deterministic expression <sqlExpr> cannot be an argument of an aggregate function; compute it in a column first.",
    sqlState: "42845",
  },
  ALL_PARTITION_COLUMNS_NOT_ALLOWED: {
    message: "Cannot use all columns for partition columns; keep at least one data column.",
    sqlState: "KD005",
  },
  AMBIGUOUS_COLUMN_OR_FIELD: {
    message: "Column or field <name> is ambiguous and has <n> matches.",
    sqlState: "42702",
  },
  AMBIGUOUS_REFERENCE: {
    message:
      "Reference <name> is ambiguous, could be: <referenceNames>. Qualify the column with its DataFrame or table alias.",
    sqlState: "42704",
  },
  AMBIGUOUS_REFERENCE_TO_FIELDS: {
    message: "Ambiguous reference to the field <field>. It appears <count> times in the schema.",
    sqlState: "42000",
  },
  ARGUMENT_REQUIRED: { message: "Argument `<arg_name>` is required when <condition>." },
  ARITHMETIC_OVERFLOW: {
    message: '<message>.<alternative> If necessary set <config> to "false" to bypass this error.',
    sqlState: "22003",
  },
  ATTRIBUTE_NOT_CALLABLE: {
    message: "Attribute `<attr_name>` of the given object `<obj_name>` is not a function.",
  },
  BINARY_ARITHMETIC_OVERFLOW: {
    message:
      "<value1> <symbol> <value2> caused overflow. Use <functionName> to ignore the overflow and return NULL.",
    sqlState: "22003",
  },
  CALL_ON_STREAMING_DATASET_UNSUPPORTED: {
    message: "The method <methodName> can not be called on streaming Dataset/DataFrame.",
    sqlState: "42KDE",
  },
  CANNOT_ASSIGN_EVENT_TIME_COLUMN_WITHOUT_WATERMARK: {
    message:
      "An event-time column can be assigned only when a watermark is defined on the input; call withWatermark before transformWithState.",
    sqlState: "42611",
  },
  CANNOT_DECODE_URL: {
    message:
      "The provided URL cannot be decoded: <url>. Please ensure that the URL is properly formatted and try again.",
    sqlState: "22546",
  },
  CANNOT_DETERMINE_TYPE: {
    message: "<dataType> cannot be determined from the input; provide a schema.",
    sqlState: "42K0C",
  },
  CANNOT_INFER_EMPTY_SCHEMA: { message: "Cannot infer a schema from an empty dataset; pass a schema." },
  CANNOT_INFER_SCHEMA_FOR_TYPE: {
    message: "Cannot infer a schema from rows of type `<data_type>`; rows must be objects or arrays.",
  },
  CANNOT_INFER_TYPE_FOR_FIELD: {
    message: "Cannot infer the Spark type of a value of type `<field_name>`; pass a schema.",
  },
  CANNOT_LOAD_STATE_STORE: { message: "An error occurred during loading state.", sqlState: "58030" },
  "CANNOT_LOAD_STATE_STORE.CANNOT_READ_DELTA_FILE_NOT_EXISTS": {
    message:
      "Error reading delta file <fileToRead> of <clazz>: <fileToRead> does not exist. The checkpoint lost a file its state needs: restore it, or start the query with a new checkpoint location.",
  },
  "CANNOT_LOAD_STATE_STORE.CANNOT_READ_MISSING_SNAPSHOT_FILE": {
    message: "Error reading snapshot file <fileToRead> of <clazz>: <fileToRead> does not exist.",
  },
  "CANNOT_LOAD_STATE_STORE.CANNOT_READ_STREAMING_STATE_FILE": {
    message:
      "The state <fileToRead> does not exist. If the query was restarted with a new or changed stateful operation, start it with a new checkpoint location or clear the existing one.",
  },
  "CANNOT_LOAD_STATE_STORE.INVALID_CHANGE_LOG_READER_VERSION": {
    message:
      "The state file <fileToRead> has format version <version>, which this tspark cannot read: the checkpoint probably comes from a newer tspark, upgrade tspark to read it.",
  },
  "CANNOT_LOAD_STATE_STORE.SNAPSHOT_PARTITION_ID_NOT_FOUND": {
    message:
      "The state of operator <operatorId> under <checkpointLocation> has no partition <snapshotPartitionId>; choose a snapshotPartitionId of an existing partition directory.",
  },
  "CANNOT_LOAD_STATE_STORE.UNCATEGORIZED": {
    message:
      "Error reading state file <fileToRead> of <clazz>: <reason>. The file is damaged: restore it from a copy, or start the query with a new checkpoint location.",
  },
  CANNOT_MERGE_SCHEMAS: {
    message:
      "Failed merging schemas:\nInitial schema:\n<left>\nSchema that cannot be merged with the initial schema:\n<right>.",
    sqlState: "42KD9",
  },
  CANNOT_MERGE_TYPE: {
    message: "Cannot merge type `<data_type1>` with `<data_type2>` for <field_name>; pass a schema.",
  },
  CANNOT_PARSE_INTERVAL: {
    message:
      "Unable to parse <intervalString>. Please ensure that the value provided is in a valid format for defining an interval. You can reference the documentation for the correct format. If the issue persists, please double check that the input value is not null or empty and try again.",
    sqlState: "22006",
  },
  CANNOT_PARSE_TIMESTAMP: {
    message: "<message>. Use `try_to_timestamp` to tolerate invalid input and return NULL.",
    sqlState: "22007",
  },
  CANNOT_UP_CAST_DATATYPE: {
    message:
      "Cannot up cast <expression> from <sourceType> to <targetType>: the value could be lost. <details>",
    sqlState: "42846",
  },
  CANNOT_WRITE_STATE_STORE: {
    message: "Error writing state store files for provider <providerClass>.",
    sqlState: "58030",
  },
  "CANNOT_WRITE_STATE_STORE.CANNOT_COMMIT": {
    message:
      "Cannot commit version <version> of the state: <reason>. Check that the checkpoint location is writable and its disk is not full; the batch runs again when the query restarts.",
  },
  CAST_INVALID_INPUT: {
    message:
      "The value <expression> of the type <sourceType> cannot be cast to <targetType> because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead.",
    sqlState: "22018",
  },
  CAST_OVERFLOW: {
    message:
      "The value <value> of the type <sourceType> cannot be cast to <targetType> due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead.",
    sqlState: "22003",
  },
  CODEC_NOT_AVAILABLE: { message: "The codec <codecName> is not available.", sqlState: "56038" },
  "CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION": {
    message: "Available codecs are <availableCodecs>.",
  },
  COLLECTION_SIZE_LIMIT_EXCEEDED: {
    message:
      "Cannot create an array with <numberOfElements> elements, above the array size limit <maxRoundedArrayLength>.",
    sqlState: "54000",
  },
  "COLLECTION_SIZE_LIMIT_EXCEEDED.PARAMETER": {
    message: "The value of parameter(s) <parameter> of the function <functionName> is too large.",
  },
  COLUMN_ALREADY_EXISTS: {
    message: "The column <columnName> already exists. Choose another name or rename the existing column.",
    sqlState: "42711",
  },
  COLUMN_NOT_FOUND: {
    message:
      "The column <colName> cannot be found. Verify the spelling and correctness of the column name according to the SQL config <caseSensitiveConfig>.",
    sqlState: "42703",
  },
  COMPARATOR_RETURNS_NULL: {
    message:
      'The comparator returned NULL when comparing <firstValue> and <secondValue>; it must return a positive integer for "greater than", 0 for "equal" and a negative integer for "less than". Make the comparator return a non-NULL value, or set <configKey> to "true" to treat NULL as 0.',
    sqlState: "22004",
  },
  CONCURRENT_STREAM_LOG_UPDATE: {
    message:
      "Concurrent update to the log: batch <batchId> was already written by another run. Make sure only one streaming query runs on a checkpoint location at a time.",
    sqlState: "40000",
  },
  CONFLICTING_DIRECTORY_STRUCTURES: {
    message:
      "Conflicting directory structures detected: <discoveredBasePaths>. If the paths are partitioned table directories, give them one base path with the option basePath; if several tables are read, read them separately.",
    sqlState: "KD009",
  },
  CONFLICTING_PARTITION_COLUMN_NAMES: {
    message:
      "Conflicting partition column names detected: <distinctPartColLists>. Partitioned table directories must have the same partition columns in the same order at every level, and data files must live only in the leaf directories. Check these directories for unexpected files or inconsistent partition column names:<suspiciousPaths>",
    sqlState: "KD009",
  },
  CONVERSION_INVALID_INPUT: {
    message:
      "The value <str> (<fmt>) cannot be converted to <targetType> because it is malformed. Correct the value as per the syntax, or change its format. Use <suggestion> to tolerate malformed input and return NULL instead.",
    sqlState: "22018",
  },
  DATATYPE_MISMATCH: { message: "Cannot resolve <sqlExpr> due to data type mismatch:", sqlState: "42K09" },
  "DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES": {
    message:
      "Input to <functionName> should have been <dataType> followed by a value with the same element type, but it's [<leftType>, <rightType>].",
  },
  "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES": {
    message:
      "the left and right operands of the binary operator have incompatible types (<left> and <right>).",
  },
  "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE": {
    message: "the binary operator requires the input type <inputType>, not <actualDataType>.",
  },
  "DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS": { message: "Cannot drop all fields in struct." },
  "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION": { message: "cannot cast <srcType> to <targetType>." },
  "DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION": {
    message:
      "cannot cast <srcType> to <targetType> with ANSI mode on. To allow this cast, set <config> to <configVal>.",
  },
  "DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION": {
    message:
      "cannot cast <srcType> to <targetType>. Use one of the functions <functionNames> to convert the values instead.",
  },
  "DATATYPE_MISMATCH.CREATE_NAMED_STRUCT_WITHOUT_FOLDABLE_STRING": {
    message:
      "Only foldable `STRING` expressions are allowed to appear at odd position, but they are <inputExprs>.",
  },
  "DATATYPE_MISMATCH.DATA_DIFF_TYPES": {
    message: "Input to <functionName> should all be the same type, but it's <dataType>.",
  },
  "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN": {
    message: "filter expression <filter> of type <type> is not a boolean.",
  },
  "DATATYPE_MISMATCH.FRAME_LESS_OFFSET_WITHOUT_FOLDABLE": {
    message: "Offset expression <offset> must be a literal.",
  },
  "DATATYPE_MISMATCH.HASH_MAP_TYPE": {
    message:
      'Input to the function <functionName> cannot contain elements of the "MAP" type. In Spark, same maps may have different hashcode, thus hash expressions are prohibited on "MAP" elements.',
  },
  "DATATYPE_MISMATCH.INVALID_ARG_VALUE": {
    message:
      "The <inputName> value must to be a <requireType> literal of <validValues>, but got <inputValue>.",
  },
  "DATATYPE_MISMATCH.INVALID_JSON_SCHEMA": {
    message: "Input schema <schema> must be a struct, an array, a map or a variant.",
  },
  "DATATYPE_MISMATCH.INVALID_MAP_KEY_TYPE": { message: "The key of map cannot be/contain <keyType>." },
  "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE": {
    message: "The <functionName> does not support ordering on type <dataType>.",
  },
  "DATATYPE_MISMATCH.IN_SUBQUERY_DATA_TYPE_MISMATCH": {
    message:
      "The left side of IN has types <leftType> and the subquery returns <rightType>; the columns (<mismatchedColumns>) cannot be compared.",
  },
  "DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH": {
    message:
      "The left side of IN has <leftLength> column(s) <leftColumns> but the subquery returns <rightLength> column(s) <rightColumns>; make the counts equal.",
  },
  "DATATYPE_MISMATCH.MAP_FUNCTION_DIFF_TYPES": {
    message:
      "Input to <functionName> should have been <dataType> followed by a value with the same key type, but it's [<leftType>, <rightType>].",
  },
  "DATATYPE_MISMATCH.MAP_ZIP_WITH_DIFF_TYPES": {
    message:
      "the input to <functionName> must be two maps with keys of the same type, but the key types are <leftType> and <rightType>.",
  },
  "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT": {
    message: "the input <inputName> should be a foldable <inputType> expression; however, got <inputExpr>.",
  },
  "DATATYPE_MISMATCH.PARAMETER_CONSTRAINT_VIOLATION": {
    message:
      "The <leftExprName>(<leftExprValue>) must be <constraint> the <rightExprName>(<rightExprValue>).",
  },
  "DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE": {
    message:
      "The data type <orderSpecType> used in the order specification does not match the data type <valueBoundaryType> which is used in the range frame.",
  },
  "DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER": {
    message:
      "A range window frame with value boundaries cannot be used in a window specification with multiple order by expressions: <orderSpec>.",
  },
  "DATATYPE_MISMATCH.RANGE_FRAME_WITHOUT_ORDER": {
    message: "A range window frame cannot be used in an unordered window specification.",
  },
  "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_INVALID_BOUND": {
    message: "Window frame upper bound <upper> does not follow the lower bound <lower>.",
  },
  "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE": {
    message:
      "The data type of the <location> bound <exprType> does not match the expected data type <expectedType>.",
  },
  "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON": {
    message: "The lower bound of a window frame must be <comparison> to the upper bound.",
  },
  "DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES": {
    message:
      "The data type of the column (<columnIndex>) do not have the same type: <leftType> (<leftParamIndex>) <> <rightType> (<rightParamIndex>).",
  },
  "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE": {
    message:
      "The <paramIndex> parameter requires the <requiredType> type, however <inputSql> has the type <inputType>.",
  },
  "DATATYPE_MISMATCH.UNEXPECTED_NULL": { message: "The <exprName> must not be null." },
  "DATATYPE_MISMATCH.UNEXPECTED_RETURN_TYPE": {
    message: "the <functionName> must return a <expectedType> value, but it returns <actualType>.",
  },
  "DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE": {
    message: "The input of <functionName> can't be <dataType> type data.",
  },
  "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE": {
    message: "The <exprName> must be between <valueRange> (current value = <currentValue>).",
  },
  DATA_SOURCE_NOT_FOUND: {
    message:
      "Failed to find the data source: <provider>. Built-in formats are text, csv, json and parquet (plus the streaming sources); check the format name.",
    sqlState: "42K02",
  },
  DATETIME_FIELD_OUT_OF_BOUNDS: {
    message: '<rangeMessage>. If necessary set <ansiConfig> to "false" to bypass this error.',
    sqlState: "22023",
  },
  DATETIME_OVERFLOW: { message: "Datetime operation overflow: <operation>.", sqlState: "22008" },
  DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION: {
    message: "Decimal precision <precision> is larger than the maximum supported precision <maxPrecision>.",
    sqlState: "22003",
  },
  DIVIDE_BY_ZERO: {
    message:
      'Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. If necessary set <config> to "false" to bypass this error.',
    sqlState: "22012",
  },
  DUPLICATED_CTE_NAMES: {
    message: "A WITH clause defines the same name more than once: <duplicateNames>.",
    sqlState: "42602",
  },
  DUPLICATED_MAP_KEY: {
    message: "Duplicate map key <key> was found, please check the input data.",
    sqlState: "23505",
  },
  EMITTING_ROWS_OLDER_THAN_WATERMARK_NOT_ALLOWED: {
    message:
      "The previous node emitted a row with eventTime=<emittedRowEventTime> (microseconds), older than the current watermark <currentWatermark> (ms); a transformWithState with an event-time column must not emit rows older than the watermark.",
    sqlState: "42815",
  },
  EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE: {
    message: 'The event time <eventName> has the invalid type <eventType>, but expected "TIMESTAMP".',
    sqlState: "42K09",
  },
  EXCEPT_OVERLAPPING_COLUMNS: {
    message: "The columns of a SELECT * EXCEPT list must not repeat or contain each other: <columns>.",
    sqlState: "42702",
  },
  EXPECT_TABLE_NOT_VIEW: { message: "<viewName> is a view, a table was expected.", sqlState: "42809" },
  FAILED_READ_FILE: {
    message: "Encountered error while reading file <path>.",
    sqlState: "KD001",
  },
  "FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER": {
    message:
      "Could not read footer: the file is not valid Parquet or it is corrupt or truncated. Fix or remove the file, or set spark.sql.files.ignoreCorruptFiles=true to skip it.",
    sqlState: "KD001",
  },
  "FAILED_READ_FILE.FILE_NOT_EXIST": {
    message:
      "The file does not exist; it may have been deleted after the read was planned. Run the query again.",
    sqlState: "KD001",
  },
  "FAILED_READ_FILE.NO_HINT": {
    message: "",
    sqlState: "KD001",
  },
  "FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH": {
    message:
      "Data type mismatches when reading Parquet column <column>. Expected Spark type <expectedType>, actual Parquet type <actualType>.",
    sqlState: "KD001",
  },
  FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME: {
    message: "<field_name>: <data_type> cannot hold the value <obj> of type <obj_type>.",
  },
  FIELD_NOT_FOUND: { message: "No such struct field <fieldName> in <fields>.", sqlState: "42704" },
  FIELD_NOT_NULLABLE_WITH_NAME: {
    message: "<field_name>: the field is not nullable, but the value is null.",
  },
  FOREACH_BATCH_USER_FUNCTION_ERROR: {
    message: "The user function of the foreachBatch sink raised an error. Reason: <reason>",
    sqlState: "39000",
  },
  FOREACH_USER_FUNCTION_ERROR: {
    message: "The user function of the foreach sink raised an error. Reason: <reason>",
    sqlState: "39000",
  },
  GROUPING_COLUMN_MISMATCH: {
    message:
      "Column of grouping (<grouping>) is not one of the grouping columns <groupingColumns>; grouping() takes a GROUP BY column.",
    sqlState: "42803",
  },
  GROUPING_ID_COLUMN_MISMATCH: {
    message:
      "The columns of grouping_id (<groupingIdColumn>) must be the grouping columns (<groupByColumns>), in order.",
    sqlState: "42803",
  },
  GROUP_BY_AGGREGATE: {
    message:
      "GROUP BY cannot use an aggregate function, and it has <sqlExpr>; aggregate first in a subquery.",
    sqlState: "42903",
  },
  GROUP_BY_POS_OUT_OF_RANGE: {
    message: "GROUP BY position <index> is not in select list (valid range is [1, <size>]).",
    sqlState: "42805",
  },
  HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN: {
    message: "Function `<func_name>` should return a Column, but it returned <return_type>.",
  },
  ILLEGAL_ARGUMENT: { message: "<message>", sqlState: "22023" },
  ILLEGAL_DAY_OF_WEEK: { message: "Illegal input for day of week: <string>.", sqlState: "22009" },
  ILLEGAL_STATE: { message: "<message>", sqlState: "55000" },
  ILLEGAL_STATE_STORE_VALUE: {
    message: "Illegal value provided to the state store.",
    sqlState: "42601",
  },
  "ILLEGAL_STATE_STORE_VALUE.EMPTY_LIST_VALUE": {
    message: "An empty list cannot be written to the list state <stateName>; use clear() to remove the list.",
    sqlState: "42601",
  },
  "ILLEGAL_STATE_STORE_VALUE.NULL_VALUE": {
    message: "Null cannot be written to the state variable <stateName>; use clear() to remove the value.",
    sqlState: "42601",
  },
  INCOMPATIBLE_COLUMN_TYPE: {
    message:
      "<operator> can only be performed on tables with compatible column types. The <columnOrdinalNumber> column of the <tableOrdinalNumber> table is <dataType1> type which is not compatible with <dataType2> at the same column of the first table.",
    sqlState: "42825",
  },
  INCONSISTENT_BEHAVIOR_CROSS_VERSION: {
    message: "You may get a different result due to the upgrading to a newer Spark version:",
    sqlState: "42K0B",
  },
  "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION": {
    message:
      "The datetime pattern <pattern> is not recognised by the Spark 3+ formatter. Set <config> to 'LEGACY' for the old behaviour, or write a valid pattern following <docroot>/sql-ref-datetime-pattern.html.",
  },
  "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN": {
    message:
      "Week-based datetime patterns are not supported since Spark 3.0 (found <c>); use the EXTRACT function instead.",
  },
  "INCONSISTENT_BEHAVIOR_CROSS_VERSION.PARSE_DATETIME_BY_NEW_PARSER": {
    message:
      "the Spark 3+ parser cannot parse <datetime> although the legacy parser could. Set <config> to 'LEGACY' to restore the old behaviour, or to 'CORRECTED' to treat it as an invalid datetime string.",
  },
  INCORRECT_END_OFFSET: {
    message:
      "Max offset with <rowsPerSecond> rowsPerSecond is <maxSeconds>, but it's <endSeconds> now; the rate source's value would overflow a long. Lower rowsPerSecond.",
    sqlState: "22003",
  },
  INCORRECT_RAMP_UP_RATE: {
    message:
      "Max offset with <rowsPerSecond> rowsPerSecond is <maxSeconds>, but 'rampUpTimeSeconds' is <rampUpTimeSeconds>; lower rowsPerSecond or rampUpTime.",
    sqlState: "22003",
  },
  INJECTED_FAULT: {
    message:
      "A test injected a crash at the protocol point <point>. This happens only under a fault-injection test hook.",
    sqlState: "XX000",
  },
  INTERNAL_ERROR: { message: "<message> This is a bug in tspark; please report it.", sqlState: "XX000" },
  INTERVAL_ARITHMETIC_OVERFLOW: {
    message: "Integer overflow while operating with intervals.",
    sqlState: "22015",
  },
  "INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION": {
    message: "Try devising appropriate values for the interval parameters.",
  },
  "INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION": {
    message: "Use <functionName> to tolerate overflow and return NULL instead.",
  },
  INTERVAL_DIVIDED_BY_ZERO: {
    message: "Division of an interval by zero. Use `try_divide` to get NULL instead.",
    sqlState: "22012",
  },
  INVALID_AGGREGATE_FILTER: {
    message: "The FILTER expression <filterExpr> in an aggregate function is invalid.",
    sqlState: "42903",
  },
  "INVALID_AGGREGATE_FILTER.CONTAINS_AGGREGATE": {
    message: "It must not contain an aggregate function.",
    sqlState: "42903",
  },
  "INVALID_AGGREGATE_FILTER.CONTAINS_WINDOW_FUNCTION": {
    message: "It must not contain a window function.",
    sqlState: "42903",
  },
  "INVALID_AGGREGATE_FILTER.NON_DETERMINISTIC": { message: "It must be deterministic.", sqlState: "42903" },
  "INVALID_AGGREGATE_FILTER.NOT_BOOLEAN": { message: "It must be of BOOLEAN type.", sqlState: "42903" },
  INVALID_ARRAY_INDEX: {
    message:
      "The index <indexValue> is out of bounds. The array has <arraySize> elements. Use `get()` to tolerate accessing element at invalid index and return NULL instead.",
    sqlState: "22003",
  },
  INVALID_ARRAY_INDEX_IN_ELEMENT_AT: {
    message:
      "The index <indexValue> is out of bounds. The array has <arraySize> elements. Use `try_element_at` to tolerate accessing element at invalid index and return NULL instead.",
    sqlState: "22003",
  },
  INVALID_BITMAP_POSITION: {
    message:
      "The 0-indexed bitmap position <bitPosition> is out of bounds. The bitmap has <bitmapNumBits> bits (<bitmapNumBytes> bytes).",
    sqlState: "22003",
  },
  INVALID_BOUNDARY: { message: "The boundary <boundary> is invalid: <invalidValue>.", sqlState: "22003" },
  "INVALID_BOUNDARY.END": {
    message:
      "The <boundary> of a ROWS frame must be an int (<intMinValue> to <intMaxValue>) or Window.unboundedFollowing (<longMaxValue>); got <invalidValue>.",
    sqlState: "22003",
  },
  "INVALID_BOUNDARY.START": {
    message:
      "The <boundary> of a ROWS frame must be an int (<intMinValue> to <intMaxValue>) or Window.unboundedPreceding (<longMinValue>); got <invalidValue>.",
    sqlState: "22003",
  },
  INVALID_COLUMN_OR_FIELD_DATA_TYPE: {
    message:
      "Column or field <name> has type <type>, but <expectedType> is required and cannot be assigned from it.",
    sqlState: "42000",
  },
  INVALID_CONF_VALUE: {
    message: "The value '<confValue>' in the config \"<confName>\" is invalid.",
    sqlState: "22022",
  },
  "INVALID_CONF_VALUE.REQUIREMENT": { message: "<confRequirement>" },
  "INVALID_CONF_VALUE.TIME_ZONE": { message: "The time zone could not be resolved." },
  INVALID_CORRUPT_RECORD_TYPE: {
    message:
      "The column <columnName> for corrupt records must have the nullable STRING type, but got <actualType>.",
    sqlState: "42804",
  },
  INVALID_DATETIME_PATTERN: { message: "Unrecognized datetime pattern: <pattern>.", sqlState: "22007" },
  "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER": {
    message: "The character <c> is not allowed in a datetime pattern.",
  },
  "INVALID_DATETIME_PATTERN.LENGTH": {
    message: "Too many letters in datetime pattern <pattern>; use fewer.",
  },
  INVALID_DELIMITER_VALUE: { message: "Invalid value for delimiter.", sqlState: "42602" },
  "INVALID_DELIMITER_VALUE.EMPTY_STRING": { message: "Delimiter cannot be empty string." },
  "INVALID_DELIMITER_VALUE.SINGLE_BACKSLASH": {
    message:
      "Single backslash is prohibited. It has special meaning as beginning of an escape sequence. To get the backslash character, pass a string with two backslashes as the delimiter.",
  },
  "INVALID_DELIMITER_VALUE.UNSUPPORTED_SPECIAL_CHARACTER": {
    message: "Unsupported special character for delimiter: <str>.",
  },
  INVALID_ESC: {
    message: "The escape string <invalidEscape> is invalid: it must be exactly one character.",
    sqlState: "42604",
  },
  INVALID_EXTRACT_BASE_FIELD_TYPE: {
    message: "Cannot extract a value from <base>. Need a complex type [STRUCT, ARRAY, MAP] but got <other>.",
    sqlState: "42000",
  },
  INVALID_EXTRACT_FIELD: { message: "Cannot extract <field> from <expr>.", sqlState: "42601" },
  INVALID_FORMAT: { message: "The format is invalid: <format>.", sqlState: "42601" },
  "INVALID_FORMAT.CONT_THOUSANDS_SEPS": {
    message: "Thousands separators (, or G) must have digits in between them in the number format.",
  },
  "INVALID_FORMAT.CUR_MUST_BEFORE_DEC": {
    message: "Currency characters must come before any decimal point in the number format.",
  },
  "INVALID_FORMAT.CUR_MUST_BEFORE_DIGIT": {
    message: "Currency characters must come before any digits in the number format.",
  },
  "INVALID_FORMAT.EMPTY": { message: "The number format string cannot be empty." },
  "INVALID_FORMAT.MISMATCH_INPUT": { message: "The input <inputType> <input> does not match the format." },
  "INVALID_FORMAT.THOUSANDS_SEPS_MUST_BEFORE_DEC": {
    message: "Thousands separators (, or G) may not come after the decimal point in the number format.",
  },
  "INVALID_FORMAT.UNEXPECTED_TOKEN": {
    message:
      "Unexpected <token> in the format string; the format must look like `[MI|S]` `[$]` `[0|9|G|,]*` `[.|D]` `[0|9]*` `[$]` `[PR|MI|S]`.",
  },
  "INVALID_FORMAT.WRONG_NUM_DIGIT": { message: "The number format string needs at least one digit." },
  "INVALID_FORMAT.WRONG_NUM_TOKEN": { message: "At most one <token> is allowed in the number format." },
  INVALID_FRACTION_OF_SECOND: {
    message:
      'Valid range for seconds is [0, 60] (inclusive), but the provided value is <secAndMicros>. To avoid this error, use `try_make_timestamp`, which returns NULL on error. If necessary set <ansiConfig> to "false" to bypass this error.',
    sqlState: "22023",
  },
  INVALID_INDEX_OF_ZERO: {
    message: "The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).",
    sqlState: "22003",
  },
  INVALID_INLINE_TABLE: { message: "Invalid inline table.", sqlState: "42000" },
  "INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE": {
    message: "Cannot evaluate the expression <expr> in inline table definition.",
  },
  "INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE": {
    message: "Found incompatible types in the column <colName> for inline table.",
  },
  "INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH": {
    message:
      "Inline table expected <expectedNumCols> columns but found <actualNumCols> columns in row <rowIndex>.",
  },
  INVALID_INTERVAL_FORMAT: { message: "Error parsing '<input>' to interval.", sqlState: "22006" },
  "INVALID_INTERVAL_FORMAT.INTERVAL_PARSING": { message: "Error parsing interval <interval> string." },
  "INVALID_INTERVAL_FORMAT.INVALID_UNIT": {
    message: "The interval '<input>' names the unit '<unit>', which an interval cannot hold.",
  },
  "INVALID_INTERVAL_FORMAT.TIMEZONE_INTERVAL_OUT_OF_RANGE": {
    message: "A time zone offset must lie within [-18, +18] hours and be whole seconds.",
  },
  "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING": {
    message:
      "Interval string does not match <intervalStr> format of <supportedFormat> when cast to <typeName>: <input>. Write it in the supported format, or set spark.sql.legacy.fromDayTimeString.enabled to true.",
  },
  "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE": {
    message:
      "Interval string does not match <intervalStr> format of <supportedFormat> when cast to <typeName>: <input>. Set spark.sql.legacy.fromDayTimeString.enabled to true for the pre-3.0 behaviour.",
  },
  "INVALID_INTERVAL_FORMAT.UNSUPPORTED_FROM_TO_EXPRESSION": {
    message: "The interval <input> cannot run FROM <from> TO <to>.",
  },
  INVALID_INVERSE_DISTRIBUTION_FUNCTION: {
    message: "Invalid inverse distribution function <funcName>.",
    sqlState: "42K0K",
  },
  "INVALID_INVERSE_DISTRIBUTION_FUNCTION.WITHIN_GROUP_MISSING": {
    message: "WITHIN GROUP is required: write <funcName>(percentage) WITHIN GROUP (ORDER BY col).",
  },
  INVALID_JSON_SCHEMA_MAP_TYPE: {
    message: "Input schema <jsonSchema> can only contain STRING as a key type for a MAP.",
    sqlState: "22032",
  },
  INVALID_LAMBDA_FUNCTION_CALL: { message: "The lambda function call is invalid.", sqlState: "42K0D" },
  "INVALID_LAMBDA_FUNCTION_CALL.DUPLICATE_ARG_NAMES": {
    message:
      'the lambda function has the argument names <args> more than once; rename them (set <caseSensitiveConfig> to "true" if they differ only in case).',
  },
  "INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION": {
    message: "a lambda function can only be an argument of a higher-order function, but <class> is not one.",
  },
  "INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH": {
    message:
      "the higher-order function expects a lambda with <expectedNumArgs> arguments, but this lambda has <actualNumArgs>.",
  },
  INVALID_LATERAL_JOIN_TYPE: {
    message:
      "The <joinType> JOIN with LATERAL correlation is not allowed because an OUTER subquery cannot correlate to its join partner. Remove the LATERAL correlation or use an INNER JOIN, or LEFT OUTER JOIN instead.",
    sqlState: "42613",
  },
  INVALID_LIMIT_LIKE_EXPRESSION: {
    message: "The limit-like expression <expr> is invalid.",
    sqlState: "42K0E",
  },
  "INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE": {
    message: "The <name> expression must be of integer type, but got <dataType>.",
  },
  "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE": {
    message: "The <name> expression must be 0 or more, but got <v>.",
  },
  "INVALID_LIMIT_LIKE_EXPRESSION.IS_NULL": { message: "The <name> expression must not be null." },
  "INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE": { message: "The <name> expression must be a constant." },
  INVALID_LOG_VERSION: {
    message: "UnsupportedLogVersion: cannot read the log file <path>.",
    sqlState: "KD002",
  },
  "INVALID_LOG_VERSION.EXACT_MATCH_VERSION": {
    message: "The only supported log version is v<matchVersion>, but the file has v<version>.",
    sqlState: "KD002",
  },
  "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION": {
    message:
      "The maximum supported log version is v<maxSupportedVersion>, but the file has v<version>: it was written by a newer version and is not supported by this one. Upgrade to read it.",
    sqlState: "KD002",
  },
  INVALID_NUMERIC_LITERAL_RANGE: {
    message:
      "Numeric literal <rawStrippedQualifier> does not fit in <typeName> (valid range is <minValue> to <maxValue>). Use a smaller value or a wider type suffix.",
    sqlState: "22003",
  },
  INVALID_OPTIONS: { message: "Invalid options:", sqlState: "42K06" },
  "INVALID_OPTIONS.NON_MAP_FUNCTION": { message: "Must use the `map()` function for options." },
  "INVALID_OPTIONS.NON_STRING_TYPE": {
    message: "A type of keys and values in `map()` must be string, but got <mapType>.",
  },
  INVALID_OPTION_VALUE: {
    message: "Invalid value <value> for the option <option>: expected <expected>.",
    sqlState: "42K06",
  },
  INVALID_PARAMETER_VALUE: {
    message: "The value of parameter(s) <parameter> in <functionName> is invalid: <message>",
    sqlState: "22023",
  },
  "INVALID_PARAMETER_VALUE.AES_CRYPTO_ERROR": {
    message: "detail message: <detailMessage>",
  },
  "INVALID_PARAMETER_VALUE.AES_IV_LENGTH": {
    message: "16-byte CBC IVs and 12-byte GCM IVs are supported, but got <actualLength> bytes for <mode>.",
  },
  "INVALID_PARAMETER_VALUE.AES_KEY_LENGTH": {
    message: "keys of 16, 24 or 32 bytes are supported, but got <actualLength> bytes.",
  },
  "INVALID_PARAMETER_VALUE.DATETIME_UNIT": {
    message:
      "the unit must be written unquoted, as one of YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND; got the string literal <invalidValue>.",
  },
  INVALID_PARTITION_COLUMN_CAST: {
    message:
      "Cannot cast <value> to <dataType> for the partition column <columnName>: the partition value does not match the column's data type.",
    sqlState: "22018",
  },
  INVALID_SAVE_MODE: {
    message:
      'The specified save mode <mode> is invalid. Valid save modes include "append", "overwrite", "ignore", "error", "errorifexists", and "default".',
    sqlState: "42000",
  },
  INVALID_SCHEMA: {
    message: "The input schema <inputSchema> is not a valid schema string.",
    sqlState: "42K07",
  },
  "INVALID_SCHEMA.NON_STRING_LITERAL": {
    message: "The input expression must be string literal and not null.",
  },
  "INVALID_SCHEMA.NON_STRUCT_TYPE": {
    message: "The input expression should be evaluated to struct type, but got <dataType>.",
  },
  INVALID_SQL_SYNTAX: { message: "Invalid SQL syntax: <inputString>", sqlState: "42000" },
  "INVALID_SQL_SYNTAX.REPETITIVE_WINDOW_DEFINITION": {
    message: "The definition of window <windowName> is repetitive.",
  },
  "INVALID_SQL_SYNTAX.SHOW_FUNCTIONS_INVALID_SCOPE": {
    message: "SHOW <scope> FUNCTIONS not supported.",
  },
  INVALID_SUBQUERY_EXPRESSION: { message: "Invalid subquery:", sqlState: "42823" },
  "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN": {
    message:
      "A scalar subquery must return exactly one column, but it returns <number>; select a single column.",
  },
  INVALID_TIMEZONE: {
    message:
      "The timezone <timeZone> is invalid. Use a region id such as 'America/Los_Angeles' or an offset such as '+01:00', '-08', 'UTC' or 'Z' (offsets must be within -18:00 and +18:00).",
    sqlState: "22009",
  },
  INVALID_TYPED_LITERAL: {
    message: "The value of the typed literal <valueType> is invalid: <value>.",
    sqlState: "42604",
  },
  INVALID_URL: {
    message:
      'The url is invalid: <url>. Use `try_parse_url` to tolerate invalid URL and return NULL instead. If necessary set <ansiConfig> to "false" to bypass this error.',
    sqlState: "22P02",
  },
  INVALID_USAGE_OF_STAR_OR_REGEX: { message: "Invalid usage of <elem> in <prettyName>.", sqlState: "42000" },
  INVALID_UTF8_STRING: { message: "Invalid UTF8 byte sequence found in string: <str>.", sqlState: "22029" },
  INVALID_WHERE_CONDITION: {
    message:
      "The WHERE condition <condition> contains invalid expressions: <expressionList>. Rewrite the query to avoid window functions, aggregate functions, and generator functions in the WHERE clause.",
    sqlState: "42903",
  },
  LENGTH_SHOULD_BE_THE_SAME: {
    message: "<arg1> and <arg2> must have the same length, got <arg1_length> and <arg2_length>.",
  },
  MALFORMED_CHARACTER_CODING: {
    message:
      "Invalid value found when performing <function> with <charset>: the input cannot be represented in that charset. Use a charset that covers the data, or set spark.sql.legacy.codingErrorAction to true to substitute replacement characters.",
    sqlState: "22000",
  },
  MALFORMED_CSV_RECORD: { message: "Malformed CSV record: <badRecord>", sqlState: "KD000" },
  MALFORMED_RECORD_IN_PARSING: {
    message:
      "Malformed records are detected in record parsing: <badRecord>. Parse mode: <failFastMode>. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'.",
    sqlState: "22023",
  },
  "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION": { message: "" },
  MISSING_AGGREGATION: {
    message:
      "The non-aggregating expression <expression> is based on columns which are not participating in the GROUP BY clause. Add the columns or the expression to the GROUP BY, aggregate the expression, or use <expressionAnyValue> if you do not care which of the values within a group is returned.",
    sqlState: "42803",
  },
  MISSING_ATTRIBUTES: {
    message: "Resolved attribute(s) <missingAttributes> missing from <input> in operator <operator>.",
    sqlState: "XX000",
  },
  MISSING_GROUP_BY: {
    message:
      "The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses.",
    sqlState: "42803",
  },
  MISSING_WINDOW_SPECIFICATION: {
    message:
      "Window specification <windowName> is not defined in the WINDOW clause. See <docroot>/sql-ref-syntax-qry-select-window.html for the WINDOW clause.",
    sqlState: "42P20",
  },
  MIXED_INTERVAL_UNITS: {
    message: "Cannot mix year-month and day-time fields: <literal>. Write two interval literals instead.",
    sqlState: "22006",
  },
  MIXED_TYPE_REPLACEMENT: {
    message:
      "Mixed type replacements are not supported: old and new values must all be numbers, all strings or all booleans.",
  },
  NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION: {
    message:
      "Found the negative value in <frequencyExpression>: <negativeValue>, but expected a positive integral value.",
    sqlState: "22003",
  },
  NESTED_AGGREGATE_FUNCTION: {
    message:
      "It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query.",
    sqlState: "42607",
  },
  NON_FOLDABLE_ARGUMENT: {
    message:
      "The function <funcName> requires the parameter <paramName> to be a constant expression of the type <paramType>, but the argument is not constant.",
    sqlState: "42K08",
  },
  NON_LITERAL_PIVOT_VALUES: {
    message: "Literal expressions required for pivot values, found <expression>.",
    sqlState: "42K08",
  },
  NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING: {
    message:
      "Window function is not supported in <windowFunc> (as column <columnName>) on streaming DataFrames/Datasets. Structured Streaming only supports time-window aggregation using the WINDOW function. (window specification: <windowSpec>) Group by a time window instead, or apply the window function to each micro-batch in foreachBatch.",
    sqlState: "42KDE",
  },
  NOT_CALLABLE: { message: "Argument `<arg_name>` should be a callable, got <arg_type>." },
  NOT_STR: { message: "Argument `<arg_name>` should be a str, got <arg_type>." },
  // Java's NoSuchElementException (no Spark error class), e.g. GroupState.get without a state.
  NO_SUCH_ELEMENT: { message: "<message>" },
  NULLABLE_COLUMN_OR_FIELD: {
    message: "Column or field <name> may hold NULL, but the target schema requires it to be non-nullable.",
    sqlState: "42000",
  },
  NULL_MAP_KEY: { message: "Cannot use null as map key.", sqlState: "2200E" },
  NUMERIC_VALUE_OUT_OF_RANGE: { message: "", sqlState: "22003" },
  "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION": {
    message:
      '<roundedValue> does not fit in Decimal(<precision>, <scale>). Use a wider decimal type, or set <config> to "false" to get NULL instead of this error.',
  },
  NUM_COLUMNS_MISMATCH: {
    message:
      "<operator> can only be performed on inputs with the same number of columns, but the first input has <firstNumColumns> columns and the <invalidOrdinalNum> input has <invalidNumColumns> columns.",
    sqlState: "42826",
  },
  ONLY_ALLOW_SINGLE_TRIGGER: { message: "Only a single trigger is allowed." },
  OPERATION_CANCELED: { message: "Operation has been canceled.", sqlState: "HY008" },
  PARQUET_TYPE_ILLEGAL: { message: "Illegal Parquet type: <parquetType>.", sqlState: "42846" },
  PARQUET_TYPE_NOT_SUPPORTED: {
    message: "Parquet type not yet supported: <parquetType>.",
    sqlState: "42846",
  },
  PARSE_EMPTY_STATEMENT: { message: "Syntax error, unexpected empty statement.", sqlState: "42617" },
  PARSE_MODE_UNSUPPORTED: {
    message:
      "The function <funcName> doesn't support the <mode> mode. Acceptable modes are PERMISSIVE and FAILFAST.",
    sqlState: "42601",
  },
  PARSE_SYNTAX_ERROR: { message: "Syntax error at or near <error><hint>.", sqlState: "42601" },
  PATH_ALREADY_EXISTS: {
    message: 'Path <outputPath> already exists. Set mode as "overwrite" to overwrite the existing path.',
    sqlState: "42K04",
  },
  PATH_NOT_FOUND: {
    message: "Path does not exist: <path>.",
    sqlState: "42K03",
  },
  SCALAR_SUBQUERY_TOO_MANY_ROWS: {
    message:
      "A subquery used as a value returned more than one row; make it return at most one (for example with an aggregate or LIMIT 1).",
    sqlState: "21000",
  },
  SCHEMA_NOT_FOUND: {
    message:
      "The schema <schemaName> cannot be found. Verify the spelling and correctness of the schema and catalog.",
    sqlState: "42704",
  },
  SECOND_FUNCTION_ARGUMENT_NOT_INTEGER: {
    message: "The second argument of <functionName> function needs to be an integer.",
    sqlState: "22023",
  },
  STAR_GROUP_BY_POS: {
    message: "A select list with a star (*) cannot be combined with GROUP BY ordinal positions.",
    sqlState: "0A000",
  },
  STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE: {
    message:
      "The stateful processor cannot perform <operationType> while its handle is in state <handleState>: state variables are declared in init only, and state and timers are used in the handle calls of a batch.",
    sqlState: "42802",
  },
  STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_TIME_MODE: {
    message:
      "The stateful processor cannot perform <operationType> with time mode <timeMode>: timers need the ProcessingTime or EventTime time mode.",
    sqlState: "42802",
  },
  STATEFUL_PROCESSOR_CANNOT_REINITIALIZE_STATE_ON_KEY: {
    message:
      "The state of grouping key <groupingKey> cannot be initialized twice: the initial state has more than one row for it.",
    sqlState: "42802",
  },
  STATEFUL_PROCESSOR_DUPLICATE_STATE_VARIABLE_DEFINED: {
    message:
      "The state variable <stateVarName> is declared more than once in the StatefulProcessor; give each state variable its own name.",
    sqlState: "42802",
  },
  STATEFUL_PROCESSOR_INCORRECT_TIME_MODE_TO_ASSIGN_TTL: {
    message:
      "The state variable <stateName> cannot have a TTL in time mode <timeMode>; TTL needs the ProcessingTime time mode.",
    sqlState: "42802",
  },
  STATEFUL_PROCESSOR_TTL_DURATION_MUST_BE_POSITIVE: {
    message:
      "The TTL duration of the state variable <stateName> must be greater than zero (operation <operationType>).",
    sqlState: "42802",
  },
  STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE: {
    message: "Unknown time mode <timeMode>; the time modes are 'none', 'processingTime' and 'eventTime'.",
    sqlState: "42802",
  },
  STATE_STORE_CANNOT_CREATE_COLUMN_FAMILY_WITH_RESERVED_CHARS: {
    message:
      "Cannot create the state variable <colFamilyName>: names starting with '$' are reserved for tspark's internal stores.",
    sqlState: "42802",
  },
  STATE_STORE_CANNOT_USE_COLUMN_FAMILY_WITH_INVALID_NAME: {
    message:
      "Cannot perform <operationName> with the state variable name <colFamilyName>: a name must be a non-empty string other than 'default'.",
    sqlState: "42802",
  },
  STATE_STORE_INVALID_CONFIG_AFTER_RESTART: {
    message:
      "Cannot change <configName> from <oldConfig> to <newConfig> between restarts: the state of stateful operator <operatorId> (<operatorName>) in the checkpoint <checkpoint> was written with <configName> <oldConfig>. Set <configName> to <oldConfig>, or restart with a new checkpoint location.",
    sqlState: "42K06",
  },
  STATE_STORE_INVALID_PROVIDER: {
    message:
      "The given State Store Provider <inputClass> is not one tspark has. Use HDFSBackedStateStoreProvider (in memory with delta and snapshot files, the default) or RocksDBStateStoreProvider (state on disk), by Spark's class name or short name.",
    sqlState: "42K06",
  },
  STATE_STORE_INVALID_VARIABLE_TYPE_CHANGE: {
    message:
      "Cannot change <stateVarName> to <newType> between query restarts. Declare <stateVarName> as a <oldType> again, or restart with a new checkpoint location.",
    sqlState: "42K06",
  },
  STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE: {
    message:
      "The key schema of stateful operator <operatorId> (<operatorName>) does not match the state in the checkpoint <checkpoint>; the number and types of its fields must stay the same. Existing key_schema=<storedKeySchema> and new key_schema=<newKeySchema>. The query's grouping keys or deduplication columns changed since the checkpoint was written: restore the query as it was, or start it with a new checkpoint location. To run anyway without this check (results may then be wrong), set spark.sql.streaming.stateStore.stateSchemaCheck to false.",
    sqlState: "XXKST",
  },
  STATE_STORE_PROVIDER_DOES_NOT_SUPPORT_FINE_GRAINED_STATE_REPLAY: {
    message:
      "The state store provider <inputClass> cannot replay the state of single batches, so the state data source options snapshotStartBatchId and readChangeFeed do not work with it.",
    sqlState: "42K06",
  },
  STATE_STORE_UNSUPPORTED_OPERATION_ON_MISSING_COLUMN_FAMILY: {
    message:
      "Cannot perform <operationType> on the state variable <colFamilyName>: it was removed with deleteIfExists.",
    sqlState: "42802",
  },
  STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE: {
    message:
      "The value schema of stateful operator <operatorId> (<operatorName>) does not match the state in the checkpoint <checkpoint>; the number and types of its fields must stay the same. Existing value_schema=<storedValueSchema> and new value_schema=<newValueSchema>. The query's aggregate functions or their input types changed since the checkpoint was written: restore the query as it was, or start it with a new checkpoint location. To run anyway without this check (results may then be wrong), set spark.sql.streaming.stateStore.stateSchemaCheck to false.",
    sqlState: "XXKST",
  },
  STDS_COMMITTED_BATCH_UNAVAILABLE: {
    message:
      "The checkpoint <checkpointLocation> has no committed batch. Run the query until it commits a micro-batch before reading its state.",
    sqlState: "KD006",
  },
  STDS_CONFLICT_OPTIONS: {
    message: "The options <options> cannot be used together; specify only one of them.",
    sqlState: "42613",
  },
  STDS_FAILED_TO_READ_OPERATOR_METADATA: {
    message:
      "Could not read the operator metadata of the checkpoint <checkpointLocation> at batch <batchId>: the file is missing or corrupt. Running the query again writes it.",
    sqlState: "42K03",
  },
  STDS_FAILED_TO_READ_STATE_SCHEMA: {
    message:
      "Could not read the state schema: <reason>. Options: <sourceOptions>. Running the query again writes the schema file; check that operatorId, storeName and joinSide name a stateful operator of the query.",
    sqlState: "42K03",
  },
  STDS_INTERNAL_ERROR: {
    message: "Internal error of the state data source: <message> This is a bug in tspark; please report it.",
    sqlState: "XXKST",
  },
  STDS_INVALID_OPTION_VALUE: {
    message: "Invalid value for the source option '<optionName>':",
    sqlState: "42616",
  },
  "STDS_INVALID_OPTION_VALUE.IS_EMPTY": { message: "it cannot be empty." },
  "STDS_INVALID_OPTION_VALUE.IS_NEGATIVE": { message: "it cannot be negative." },
  "STDS_INVALID_OPTION_VALUE.WITH_MESSAGE": { message: "<message>" },
  STDS_NO_PARTITION_DISCOVERED_IN_STATE_STORE: {
    message:
      "The state has no partition directory; check that the options point to the state of a stateful operator. Options: <sourceOptions>",
    sqlState: "KD006",
  },
  STDS_OFFSET_LOG_UNAVAILABLE: {
    message:
      "The offset log has no entry for batch <batchId> in the checkpoint <checkpointLocation>. Choose a batch id the checkpoint still holds (the state-metadata data source lists them).",
    sqlState: "KD006",
  },
  STDS_OFFSET_METADATA_LOG_UNAVAILABLE: {
    message:
      "The offset log entry of batch <batchId> in the checkpoint <checkpointLocation> has no metadata. The checkpoint was written by an older version; run the query with this one so that it writes the metadata.",
    sqlState: "KD006",
  },
  STDS_REQUIRED_OPTION_UNSPECIFIED: { message: "'<optionName>' must be specified.", sqlState: "42601" },
  STORAGE_IO_ERROR: {
    message:
      "Could not <operation> <path>: <reason>. Check that the path exists, is writable and the disk is not full.",
    sqlState: "58030",
  },
  STREAMING_CHECKPOINT_CORRUPT_FILE: {
    message:
      "The checkpoint file <path> is corrupt: <reason>. Restore it from a copy, or start the query with a new checkpoint location.",
    sqlState: "KD002",
  },
  STREAMING_CHECKPOINT_INCONSISTENT_LOGS: {
    message:
      "The checkpoint's logs disagree: <reason>. Restore the missing files, or start the query with a new checkpoint location.",
    sqlState: "KD002",
  },
  STREAMING_CHECKPOINT_NOT_FOUND: {
    message:
      "<path> is not the checkpoint of a streaming query: it holds none of metadata, offsets/, commits/ or state/. Pass the directory given as the query's checkpointLocation.",
    sqlState: "42K03",
  },
  STREAMING_CHECKPOINT_SOURCE_COUNT_MISMATCH: {
    message:
      "There are [<logged>] sources in the checkpoint offsets and now there are [<current>] sources requested by the query. Cannot continue. Restore the query's sources, or start it with a new checkpoint location (not <checkpoint>).",
    sqlState: "KD002",
  },
  STREAMING_LATE_ROWS_COLUMN_CONFLICT: {
    message:
      "The late rows of <operator> cannot go to the late-rows view <view>: the operator's input already has a column <column>, which the view adds after the input columns (watermark, batchId). Rename that column before the stateful operator.",
    sqlState: "42711",
  },
  STREAMING_LATE_ROWS_SCHEMA_MISMATCH: {
    message:
      "The late rows of <operator> (<schema>) cannot go to the late-rows view <view>, which already receives the late rows of <otherOperator> (<otherSchema>): the operators that route late rows to one view must drop rows with the same columns. Give each withWatermark its own lateRows view, or select the same columns before each stateful operator.",
    sqlState: "42000",
  },
  STREAMING_OUTPUT_MODE: { message: "Invalid streaming output mode: <outputMode>.", sqlState: "42KDE" },
  "STREAMING_OUTPUT_MODE.INVALID": { message: "Accepted output modes are 'Append', 'Complete', 'Update'." },
  "STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE": {
    message:
      'This output mode is not supported in Data Source <className>. File sinks write in Append mode only: use outputMode("append") (an aggregation then needs a watermark), or write with foreachBatch.',
  },
  "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION": {
    message:
      "This output mode is not supported for <operation> on streaming DataFrames/DataSets. Append needs a watermark on a grouping column of the aggregation (withWatermark before groupBy), Update suits aggregations without a watermark, and Complete needs a streaming aggregation.",
  },
  STREAMING_SOURCE_CONNECTION_FAILED: {
    message:
      "The <source> source could not connect to <host>:<port>: <reason>. Check that a server listens there (for example `nc -lk <port>`).",
    sqlState: "08001",
  },
  STREAMING_SOURCE_USER_SCHEMA_UNSUPPORTED: {
    message:
      "<provider> source does not support user-specified schema. Remove the .schema(...) call: this source has a fixed schema.",
    sqlState: "0A000",
  },
  STREAMING_STATEFUL_OPERATOR_NOT_MATCH_IN_STATE_METADATA: {
    message:
      "The query's stateful operators do not match those recorded in the checkpoint <checkpoint>: a stateful operator (aggregation, dropDuplicates, limit) was added, removed or replaced since. Stateful operators in the metadata: [<OpsInMetadataSeq>]; Stateful operators in current batch: [<OpsInCurBatchSeq>]. Restore the query as it was, or start it with a new checkpoint location.",
    sqlState: "42K03",
  },
  STREAM_FAILED: {
    message: "Query [id = <id>, runId = <runId>] terminated with exception: <message>",
    sqlState: "XXKST",
  },
  TABLE_OR_VIEW_ALREADY_EXISTS: {
    message: "Cannot create table or view <relationName> because it already exists.",
    sqlState: "42P07",
  },
  TABLE_OR_VIEW_NOT_FOUND: {
    message:
      "The table or view <relationName> cannot be found. Verify the spelling and correctness of the schema and catalog.",
    sqlState: "42P01",
  },
  TASK_WRITE_FAILED: {
    message: "Task failed while writing rows to <path>.",
    sqlState: "58030",
  },
  TEMP_TABLE_OR_VIEW_ALREADY_EXISTS: {
    message: "Cannot create the temporary view <relationName> because it already exists.",
    sqlState: "42P07",
  },
  TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS: {
    message:
      "CREATE TEMPORARY VIEW or the corresponding Dataset APIs only accept single-part view names, but got: <actualName>.",
    sqlState: "428EK",
  },
  UNABLE_TO_INFER_SCHEMA: {
    message: "Unable to infer schema for <format>. It must be specified manually.",
    sqlState: "42KD9",
  },
  UNBOUND_SQL_PARAMETER: {
    message:
      "The parameter <name> has no value. Pass it in `args` as a literal value or a Column built with functions such as `array()`, `map()` or `struct()`.",
    sqlState: "42P02",
  },
  UNCLOSED_BRACKETED_COMMENT: {
    message: "A bracketed comment is never closed. Add */ to end the comment.",
    sqlState: "42601",
  },
  UNPIVOT_REQUIRES_VALUE_COLUMNS: {
    message:
      "Unpivot needs at least one value column; every column is an id column (<ids>). Name the value columns.",
    sqlState: "42K0E",
  },
  UNPIVOT_VALUE_DATA_TYPE_MISMATCH: {
    message:
      "Unpivot value columns must have a least common type, and these do not: [<types>]. Cast them to one type first.",
    sqlState: "42K09",
  },
  UNRESOLVABLE_TABLE_VALUED_FUNCTION: {
    message:
      "Could not resolve <name> to a table-valued function. Please make sure that <name> is defined as a table-valued function and that all required parameters are provided correctly.",
    sqlState: "42883",
  },
  UNRESOLVED_ALL_IN_GROUP_BY: {
    message:
      "GROUP BY ALL cannot infer the grouping columns: a select item mixes aggregates with columns outside them; list the GROUP BY columns explicitly.",
    sqlState: "42803",
  },
  UNRESOLVED_COLUMN: {
    message: "A column, variable, or function parameter with name <objectName> cannot be resolved.",
    sqlState: "42703",
  },
  "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION": { message: "" },
  "UNRESOLVED_COLUMN.WITH_SUGGESTION": { message: "Did you mean one of the following? [<proposal>]." },
  UNRESOLVED_FIELD: {
    message: "A field with name <fieldName> cannot be resolved with the struct-type column <columnPath>.",
    sqlState: "42703",
  },
  "UNRESOLVED_FIELD.WITHOUT_SUGGESTION": { message: "" },
  "UNRESOLVED_FIELD.WITH_SUGGESTION": { message: "Did you mean one of the following? [<proposal>]." },
  UNRESOLVED_ROUTINE: {
    message:
      "Cannot resolve routine <routineName> on search path <searchPath>. Verify the spelling of <routineName>, check that the routine exists.",
    sqlState: "42883",
  },
  UNSUPPORTED_DATATYPE: { message: "Unsupported data type <typeName>.", sqlState: "0A000" },
  UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE: {
    message: "The <format> datasource doesn't support the column <columnName> of the type <columnType>.",
    sqlState: "0A000",
  },
  UNSUPPORTED_DESERIALIZER: { message: "The deserializer is not supported:", sqlState: "0A000" },
  "UNSUPPORTED_DESERIALIZER.FIELD_NUMBER_MISMATCH": {
    message: "cannot map <schema> to the <what> of <ordinal> fields: the number of fields differs.",
  },
  UNSUPPORTED_EXPR_FOR_WINDOW: {
    message: "Expression <sqlExpr> not supported within a window function.",
    sqlState: "42P20",
  },
  UNSUPPORTED_FEATURE: { message: "The feature is not supported:", sqlState: "0A000" },
  "UNSUPPORTED_FEATURE.AES_MODE": {
    message: "AES-<mode> with the padding <padding> by the <functionName> function.",
  },
  "UNSUPPORTED_FEATURE.AES_MODE_AAD": {
    message: "<functionName> with AES-<mode> does not support additional authenticate data (AAD).",
  },
  "UNSUPPORTED_FEATURE.AES_MODE_IV": {
    message: "<functionName> with AES-<mode> does not support initialization vectors (IVs).",
  },
  "UNSUPPORTED_FEATURE.CONTINUOUS_TRIGGER": {
    message:
      "The continuous trigger (continuous processing) is not supported by tspark. Use the default trigger, processingTime, once or availableNow.",
  },
  "UNSUPPORTED_FEATURE.DESC": { message: "<desc>" },
  "UNSUPPORTED_FEATURE.QUERY_ONLY_CORRUPT_RECORD_COLUMN": {
    message:
      "Queries from raw JSON/CSV/XML files are disallowed when the referenced columns only include the internal corrupt record column (named _corrupt_record by default). Cache or save the parsed results first, then run the same query.",
  },
  "UNSUPPORTED_FEATURE.SET_OPERATION_ON_MAP_TYPE": {
    message:
      "set operations and DISTINCT compare whole rows, and MAP values cannot be compared; column <colName> has type <dataType>.",
  },
  "UNSUPPORTED_FEATURE.TABLE_OPERATION": {
    message:
      "Table <tableName> does not support <operation>. A streaming read needs a view defined over a streaming DataFrame (createOrReplaceTempView on the result of spark.readStream).",
  },
  UNSUPPORTED_FROM_TO_INTERVAL: {
    message:
      "Intervals FROM <from> TO <to> are not supported; use YEAR TO MONTH or a range of DAY, HOUR, MINUTE, SECOND.",
    sqlState: "0A000",
  },
  UNSUPPORTED_GENERATOR: { message: "The generator is not supported:", sqlState: "42K0E" },
  "UNSUPPORTED_GENERATOR.MULTI_GENERATOR": {
    message: "only one generator allowed per SELECT clause but found <num>: <generators>.",
  },
  "UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS": { message: "nested in expressions <expression>." },
  "UNSUPPORTED_GENERATOR.OUTSIDE_SELECT": { message: "outside the SELECT clause, found: <plan>." },
  UNSUPPORTED_GROUPING_EXPRESSION: {
    message: "grouping()/grouping_id() may only be used with GROUPING SETS, CUBE or ROLLUP.",
    sqlState: "42K0E",
  },
  UNSUPPORTED_OVERWRITE: {
    message: "Can't overwrite the target that is also being read from.",
    sqlState: "42902",
  },
  "UNSUPPORTED_OVERWRITE.PATH": {
    message: "The target path is <path>.",
    sqlState: "42902",
  },
  UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY: {
    message: "Unsupported subquery expression:",
    sqlState: "0A000",
  },
  "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.ACCESSING_OUTER_QUERY_COLUMN_IS_NOT_ALLOWED": {
    message: "Outer query columns may not be used in this part of a subquery: <treeNode>.",
  },
  "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.MUST_AGGREGATE_CORRELATED_SCALAR_SUBQUERY": {
    message:
      "A correlated scalar subquery must be aggregated so that it returns at most one row; wrap its column in an aggregate such as max().",
  },
  "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_EXPRESSION_IN_JOIN_CONDITION": {
    message:
      "A subquery in a join condition may read columns of only one side of the join: <subqueryExpression>.",
  },
  UNSUPPORTED_TYPED_LITERAL: {
    message:
      "Typed literals of type <unsupportedType> are not supported; the supported types are <supportedTypes>.",
    sqlState: "0A000",
  },
  USER_RAISED_EXCEPTION: { message: "<errorMessage>", sqlState: "P0001" },
  VALUE_NOT_NON_EMPTY_STR: {
    message: "Value for `<arg_name>` must be a non-empty string, got '<arg_value>'.",
  },
  VALUE_NOT_POSITIVE: { message: "Value for `<arg_name>` must be positive, got '<arg_value>'." },
  VALUE_NOT_TRUE: { message: "Value for `<arg_name>` must be True, got '<arg_value>'." },
  VALUE_OUT_OF_BOUNDS: {
    message:
      "The value of <arg_name> must be between <lower_bound> and <upper_bound> (inclusive), got <actual>.",
  },
  WINDOW_FUNCTION_WITHOUT_ORDER_CLAUSE: {
    message: "Window function <funcName> requires an OVER clause with ORDER BY.",
    sqlState: "42601",
  },
  WRITE_STREAM_NOT_ALLOWED: {
    message: "`writeStream` can be called only on streaming Dataset/DataFrame.",
    sqlState: "42601",
  },
  WRONG_NUM_ARGS: {
    message: "The <functionName> requires <expectedNum> parameters but the actual number is <actualNum>.",
    sqlState: "42605",
  },
  "WRONG_NUM_ARGS.WITHOUT_SUGGESTION": {
    message: "Please, refer to the tspark function reference for a fix.",
  },
  "WRONG_NUM_ARGS.WITH_SUGGESTION": {
    message:
      "If you have to call this function with <legacyNum> parameters, set the legacy configuration <legacyConfKey> to <legacyConfValue>.",
  },
  WRONG_NUM_ARGS_FOR_HIGHER_ORDER_FUNCTION: {
    message: "Function `<func_name>` should take between 1 and 3 arguments, but it takes <num_args>.",
  },
  _LEGACY_ERROR_TEMP_0024: { message: "Can only have a single from-to unit in the interval literal syntax." },
  _LEGACY_ERROR_TEMP_0029: {
    message: "Cannot mix year-month and day-time fields: <literal>. Write two interval literals instead.",
  },
  _LEGACY_ERROR_TEMP_0045: { message: "Invalid time zone displacement value." },
  _LEGACY_ERROR_TEMP_0051: { message: "Empty set in <element> grouping sets is not supported." },
  _LEGACY_ERROR_TEMP_0052: { message: "CREATE VIEW with both IF NOT EXISTS and REPLACE is not allowed." },
  _LEGACY_ERROR_TEMP_0053: { message: "It is not allowed to define a TEMPORARY view with IF NOT EXISTS." },
  _LEGACY_ERROR_TEMP_0063: { message: "<msg>." },
  _LEGACY_ERROR_TEMP_1021: {
    message:
      "count(<targetString>.*) is not allowed. Please use count(*) or expand the columns manually, e.g. count(col1, col2).",
  },
  _LEGACY_ERROR_TEMP_1030: {
    message: "Window aggregate function with filter predicate is not supported yet.",
  },
  _LEGACY_ERROR_TEMP_1039: {
    message:
      "Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported.",
  },
  _LEGACY_ERROR_TEMP_1040: {
    message: "Gap duration expression used in session window must be CalendarIntervalType, but got <dt>.",
  },
  _LEGACY_ERROR_TEMP_1181: {
    message:
      "Stream-stream join without equality predicate is not supported. Add an equality condition between a column of each stream to the join condition.",
  },
  _LEGACY_ERROR_TEMP_1194: { message: "queryName must be specified for memory sink" },
  _LEGACY_ERROR_TEMP_1196: {
    message: "<columnType> column <columnName> not found in existing columns (<validColumnNames>).",
  },
  _LEGACY_ERROR_TEMP_1197: { message: "'<operation>' does not support partitioning" },
  _LEGACY_ERROR_TEMP_1207: {
    message: "The duration and time inputs to window must be an integer, long or string literal.",
  },
  _LEGACY_ERROR_TEMP_1290: {
    message: "Text data source supports only a single column, and you have <schemaSize> columns.",
  },
  _LEGACY_ERROR_TEMP_1295: { message: 'Set a host to read from with option("host", ...).' },
  _LEGACY_ERROR_TEMP_1296: { message: 'Set a port to read from with option("port", ...).' },
  _LEGACY_ERROR_TEMP_1297: { message: 'includeTimestamp must be set to either "true" or "false".' },
  _LEGACY_ERROR_TEMP_1298: {
    message:
      'checkpointLocation must be specified either through option("checkpointLocation", ...) or SparkSession.conf.set("<config>", ...).',
  },
  _LEGACY_ERROR_TEMP_1299: {
    message:
      "This query does not support recovering from checkpoint location. Delete <checkpointPath> to start over.",
  },
  _LEGACY_ERROR_TEMP_1324: {
    message:
      "The pivot column <pivotColumn> has more than <maxValues> distinct values, which may be a mistake; to allow it, set <config> to at least that number.",
  },
  _LEGACY_ERROR_TEMP_2047: { message: "'path' is not specified" },
  _LEGACY_ERROR_TEMP_2048: {
    message:
      "Schema must be specified when creating a streaming source DataFrame. If the directory already holds files, a static DataFrame over it ('spark.read.load(directory)') can infer the schema, or set spark.sql.streaming.schemaInference to true.",
  },
  _LEGACY_ERROR_TEMP_2093: {
    message: 'Found duplicate field(s) "<requiredFieldName>": <matchedOrcFields> in case-insensitive mode',
  },
  _LEGACY_ERROR_TEMP_2165: {
    message: "Malformed records are detected in schema inference. Parse Mode: <failFastMode>.",
  },
  _LEGACY_ERROR_TEMP_2167: {
    message:
      "Malformed records are detected in schema inference. Parse Mode: <failFastMode>. Reasons: Failed to infer a common schema. Struct types are expected, but `<dataType>` was found.",
  },
  _LEGACY_ERROR_TEMP_2203: {
    message:
      "Cannot set timeout duration without enabling processing time timeout in [map|flatMap]GroupsWithState.",
  },
  _LEGACY_ERROR_TEMP_2204: {
    message:
      "Cannot get event time watermark timestamp without setting watermark before [map|flatMap]GroupsWithState.",
  },
  _LEGACY_ERROR_TEMP_2205: {
    message:
      "Cannot set timeout timestamp without enabling event time timeout in [map|flatMapGroupsWithState.",
  },
  _LEGACY_ERROR_TEMP_2256: { message: "The foreach writer was aborted because its task failed." },
  _LEGACY_ERROR_TEMP_2261: {
    message:
      "Clean up source files is not supported when reading from the output directory of FileStreamSink; use cleanSource=off for a file sink's output.",
  },
  _LEGACY_ERROR_TEMP_3076: {
    message:
      "Redefining watermark is disallowed. You can set the config '<config>' to 'false' to restore the previous behavior. Note that multiple stateful operators will be disallowed.",
  },
  _LEGACY_ERROR_TEMP_3077: {
    message:
      "More than one event time columns are available. Please ensure there is at most one event time column per stream. event time columns: <eventTimeCols>",
  },
  _LEGACY_ERROR_TEMP_3101: { message: "The input is not a correct window column: <windowTime>" },
  _LEGACY_ERROR_TEMP_3102: { message: "<msg>" },
  _LEGACY_ERROR_TEMP_3168: { message: "hasTimedOut is true however there's no timeout configured." },
  _LEGACY_ERROR_TEMP_3176: {
    message: "applyInPandasWithState is unsupported in batch query. Use applyInPandas instead.",
  },
  _LEGACY_ERROR_TEMP_3231: { message: "Intervals greater than a month is not supported (<interval>)." },
  _LEGACY_ERROR_TEMP_3241: { message: "<msg>" },
};
