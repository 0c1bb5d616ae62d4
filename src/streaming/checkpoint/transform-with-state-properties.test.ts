import assert from "node:assert/strict";
import { test } from "node:test";
import {
  parseTransformWithStateProperties,
  type TransformWithStateOperatorProperties,
  transformWithStatePropertiesJson,
  validateTransformWithStateProperties,
} from "./transform-with-state-properties.js";

const WHERE = { operatorId: 0, operatorName: "transformWithStateExec", checkpoint: "/cp" };
const BASE: TransformWithStateOperatorProperties = {
  timeMode: "ProcessingTime",
  outputMode: "Update",
  stateVariables: [
    { stateName: "countState", stateVariableType: "ValueState", ttlEnabled: false },
    { stateName: "$procTimers_keyToTimestamp", stateVariableType: "TimerState", ttlEnabled: false },
  ],
};

test("the properties are Spark's JSON and parse back", () => {
  const json = transformWithStatePropertiesJson(BASE);
  assert.equal(
    json,
    '{"timeMode":"ProcessingTime","outputMode":"Update","stateVariables":[{"stateName":"countState","stateVariableType":"ValueState","ttlEnabled":false},{"stateName":"$procTimers_keyToTimestamp","stateVariableType":"TimerState","ttlEnabled":false}]}',
  );
  assert.deepEqual(parseTransformWithStateProperties(json), BASE);
  assert.equal(parseTransformWithStateProperties("{}"), undefined);
  assert.equal(parseTransformWithStateProperties("not json"), undefined);
});

test("validation: variables may come and go; time mode, output mode and variable types may not change", () => {
  validateTransformWithStateProperties(BASE, { ...BASE, stateVariables: [] }, WHERE);
  validateTransformWithStateProperties(
    BASE,
    {
      ...BASE,
      stateVariables: [
        ...BASE.stateVariables,
        { stateName: "m", stateVariableType: "MapState", ttlEnabled: true },
      ],
    },
    WHERE,
  );
  const fails = (
    current: TransformWithStateOperatorProperties,
    errorClass: string,
    params: Record<string, string>,
  ) =>
    assert.throws(
      () => validateTransformWithStateProperties(BASE, current, WHERE),
      (e: Error & { errorClass?: string; messageParameters?: Record<string, string> }) => {
        assert.equal(e.errorClass, errorClass);
        for (const [k, v] of Object.entries(params)) assert.equal(e.messageParameters?.[k], v);
        return true;
      },
    );
  fails({ ...BASE, timeMode: "EventTime" }, "STATE_STORE_INVALID_CONFIG_AFTER_RESTART", {
    configName: "timeMode",
    oldConfig: "ProcessingTime",
    newConfig: "EventTime",
  });
  fails({ ...BASE, outputMode: "Append" }, "STATE_STORE_INVALID_CONFIG_AFTER_RESTART", {
    configName: "outputMode",
  });
  fails(
    {
      ...BASE,
      stateVariables: [{ stateName: "countState", stateVariableType: "MapState", ttlEnabled: false }],
    },
    "STATE_STORE_INVALID_VARIABLE_TYPE_CHANGE",
    { stateVarName: "countState", oldType: "ValueState", newType: "MapState" },
  );
});
