/**
 * transformWithState's operator properties (Spark's TransformWithStateOperatorProperties): what
 * the operator's metadata file records about the processor — its time mode, output mode and
 * state variables — and the restart check against them (Spark's validateOperatorProperties).
 * Recorded as `operatorPropertiesJson` in the metadata file (version 2), Spark's JSON:
 *
 *     {"timeMode":"ProcessingTime","outputMode":"Update","stateVariables":[
 *       {"stateName":"countState","stateVariableType":"ValueState","ttlEnabled":false},
 *       {"stateName":"$procTimers_keyToTimestamp","stateVariableType":"TimerState","ttlEnabled":false}]}
 *
 * `timeMode` is Spark's TimeMode name (`NoTime`, `ProcessingTime`, `EventTime`), `outputMode`
 * its OutputMode name (`Append`, `Update`).
 */
import { TsparkError } from "../../common/errors.js";

/** Spark's StateVariableType. */
export type StateVariableTypeName = "ValueState" | "ListState" | "MapState" | "TimerState";

/** One state variable (Spark's TransformWithStateVariableInfo). */
export interface TransformWithStateVariableInfo {
  readonly stateName: string;
  readonly stateVariableType: StateVariableTypeName;
  readonly ttlEnabled: boolean;
}

/** The properties of a transformWithState operator. */
export interface TransformWithStateOperatorProperties {
  readonly timeMode: string;
  readonly outputMode: string;
  readonly stateVariables: readonly TransformWithStateVariableInfo[];
}

/** The JSON recorded in the metadata file (Spark's field order). */
export function transformWithStatePropertiesJson(p: TransformWithStateOperatorProperties): string {
  return JSON.stringify({
    timeMode: p.timeMode,
    outputMode: p.outputMode,
    stateVariables: p.stateVariables.map((v) => ({
      stateName: v.stateName,
      stateVariableType: v.stateVariableType,
      ttlEnabled: v.ttlEnabled,
    })),
  });
}

/** Parses recorded properties; undefined when the text is not such an object (never recorded). */
export function parseTransformWithStateProperties(
  json: string,
): TransformWithStateOperatorProperties | undefined {
  let o: unknown;
  try {
    o = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof o !== "object" || o === null) return undefined;
  const r = o as Record<string, unknown>;
  if (typeof r.timeMode !== "string" || typeof r.outputMode !== "string" || !Array.isArray(r.stateVariables))
    return undefined;
  const stateVariables = r.stateVariables.flatMap((v: unknown): TransformWithStateVariableInfo[] => {
    if (typeof v !== "object" || v === null) return [];
    const x = v as Record<string, unknown>;
    if (typeof x.stateName !== "string" || typeof x.stateVariableType !== "string") return [];
    return [
      {
        stateName: x.stateName,
        stateVariableType: x.stateVariableType as StateVariableTypeName,
        ttlEnabled: x.ttlEnabled === true,
      },
    ];
  });
  return { timeMode: r.timeMode, outputMode: r.outputMode, stateVariables };
}

/**
 * Spark's validateOperatorProperties: the time mode and output mode stay as recorded
 * (`STATE_STORE_INVALID_CONFIG_AFTER_RESTART`), and a variable kept across the restart keeps its
 * type (`STATE_STORE_INVALID_VARIABLE_TYPE_CHANGE`); variables may be added or dropped.
 */
export function validateTransformWithStateProperties(
  recorded: TransformWithStateOperatorProperties,
  current: TransformWithStateOperatorProperties,
  where: { readonly operatorId: number; readonly operatorName: string; readonly checkpoint: string },
): void {
  const config = (configName: string, oldConfig: string, newConfig: string) =>
    new TsparkError("STATE_STORE_INVALID_CONFIG_AFTER_RESTART", {
      messageParameters: {
        configName,
        oldConfig,
        newConfig,
        operatorId: String(where.operatorId),
        operatorName: where.operatorName,
        checkpoint: where.checkpoint,
      },
    });
  if (recorded.timeMode !== current.timeMode) throw config("timeMode", recorded.timeMode, current.timeMode);
  if (recorded.outputMode !== current.outputMode)
    throw config("outputMode", recorded.outputMode, current.outputMode);
  const now = new Map(current.stateVariables.map((v) => [v.stateName, v]));
  for (const old of recorded.stateVariables) {
    const v = now.get(old.stateName);
    if (v !== undefined && v.stateVariableType !== old.stateVariableType) {
      throw new TsparkError("STATE_STORE_INVALID_VARIABLE_TYPE_CHANGE", {
        messageParameters: {
          stateVarName: v.stateName,
          oldType: old.stateVariableType,
          newType: v.stateVariableType,
        },
      });
    }
  }
}
