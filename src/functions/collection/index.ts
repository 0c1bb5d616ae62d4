/**
 * The collection function family: one definition per file, collected here in name order.
 * May import: common/, types/, data/, functions/ (the contract and helpers).
 *
 * `reverse` is registered by the string family; its array case calls `reverseArray`
 * (array-transform.ts).
 */
import type { FunctionDefinition } from "../function-definition.js";
import { arrayJoinFunction, arraysZipFunction } from "./array-join.js";
import { arrayContainsFunction, arrayPositionFunction, arraysOverlapFunction } from "./array-search.js";
import { arrayExceptFunction, arrayIntersectFunction, arrayUnionFunction } from "./array-set-ops.js";
import { arrayMaxFunction, arrayMinFunction, arraySortFunction, sortArrayFunction } from "./array-sort.js";
import {
  arrayAppendFunction,
  arrayCompactFunction,
  arrayDistinctFunction,
  arrayInsertFunction,
  arrayPrependFunction,
  arrayRemoveFunction,
  arrayRepeatFunction,
  flattenFunction,
  shuffleFunction,
  sliceFunction,
} from "./array-transform.js";
import { arrayFunction, namedStructFunction, structFunction } from "./constructors.js";
import { elementAtFunction, getFunction, tryElementAtFunction } from "./element-at.js";
import {
  explodeFunction,
  explodeOuterFunction,
  inlineFunction,
  inlineOuterFunction,
  posexplodeFunction,
  posexplodeOuterFunction,
  stackFunction,
} from "./generators.js";
import {
  fromJsonFunction,
  getJsonObjectFunction,
  jsonArrayLengthFunction,
  jsonObjectKeysFunction,
  jsonTupleFunction,
  schemaOfJsonFunction,
  toJsonFunction,
} from "./json-functions.js";
import {
  mapConcatFunction,
  mapContainsKeyFunction,
  mapEntriesFunction,
  mapFromArraysFunction,
  mapFromEntriesFunction,
  mapFunction,
  mapKeysFunction,
  mapValuesFunction,
  strToMapFunction,
} from "./maps.js";
import {
  aggregateFunction,
  existsFunction,
  filterFunction,
  forallFunction,
  mapFilterFunction,
  mapZipWithFunction,
  reduceFunction,
  transformFunction,
  transformKeysFunction,
  transformValuesFunction,
  zipWithFunction,
} from "./higher-order.js";
import { fromCsvFunction, schemaOfCsvFunction, toCsvFunction } from "./csv-functions.js";
import { sequenceFunction } from "./sequence.js";
import { arraySizeFunction, sizeFunction } from "./size.js";
import { fromXmlFunction, schemaOfXmlFunction, toXmlFunction } from "./xml-functions.js";

export { type Comparator, compareNullable, compareStrings, compareValues, isOrderable } from "./compare.js";
export { reverseArray } from "./array-transform.js";

export const COLLECTION_FUNCTIONS: readonly FunctionDefinition[] = [
  arrayFunction,
  arrayAppendFunction,
  arrayCompactFunction,
  arrayContainsFunction,
  arrayDistinctFunction,
  arrayExceptFunction,
  arrayInsertFunction,
  arrayIntersectFunction,
  arrayJoinFunction,
  arrayMaxFunction,
  arrayMinFunction,
  arrayPositionFunction,
  arrayPrependFunction,
  arrayRemoveFunction,
  arrayRepeatFunction,
  arraySizeFunction,
  arraySortFunction,
  arrayUnionFunction,
  arraysOverlapFunction,
  arraysZipFunction,
  elementAtFunction,
  explodeFunction,
  explodeOuterFunction,
  flattenFunction,
  fromCsvFunction,
  fromJsonFunction,
  fromXmlFunction,
  getFunction,
  getJsonObjectFunction,
  inlineFunction,
  inlineOuterFunction,
  jsonArrayLengthFunction,
  jsonObjectKeysFunction,
  jsonTupleFunction,
  mapFunction,
  mapConcatFunction,
  mapContainsKeyFunction,
  mapEntriesFunction,
  mapFromArraysFunction,
  mapFromEntriesFunction,
  mapKeysFunction,
  mapValuesFunction,
  namedStructFunction,
  posexplodeFunction,
  posexplodeOuterFunction,
  schemaOfCsvFunction,
  schemaOfJsonFunction,
  schemaOfXmlFunction,
  sequenceFunction,
  shuffleFunction,
  sizeFunction,
  sliceFunction,
  sortArrayFunction,
  stackFunction,
  strToMapFunction,
  structFunction,
  toCsvFunction,
  toJsonFunction,
  toXmlFunction,
  tryElementAtFunction,
  aggregateFunction,
  existsFunction,
  filterFunction,
  forallFunction,
  mapFilterFunction,
  mapZipWithFunction,
  reduceFunction,
  transformFunction,
  transformKeysFunction,
  transformValuesFunction,
  zipWithFunction,
];
