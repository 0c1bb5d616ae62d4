/**
 * StreamingGlobalLimitExec (Spark's): a limit over a stream of appended rows — at most `limit` rows
 * across all batches. Its state holds one row, the number of rows emitted so far (key: a single
 * null, as Spark's key schema); each batch emits only what is left of the limit. It consumes its
 * input to the end, so stateful operators below see every row. Progress name `globalLimit`.
 */
import { type RecordBatch, sliceBatch } from "../../data/record-batch.js";
import type { ExecNode, TaskContext } from "../../physical/exec-node.js";
import { LONG, NULL_TYPE, StructField, StructType } from "../../types/data-type.js";
import { StateStoreWriter } from "./state-store-writer.js";
import type { StateInfo } from "./stateful-operator.js";

const KEY: readonly unknown[] = [null];
// Spark's schemas of the one state row: a null key, the count emitted so far.
const KEY_SCHEMA = new StructType([new StructField("key", NULL_TYPE, true)]);
const VALUE_SCHEMA = new StructType([new StructField("value", LONG, true)]);

export class StreamingGlobalLimitExec extends StateStoreWriter {
  readonly nodeName = "StreamingGlobalLimit";
  readonly operatorName = "globalLimit";
  readonly stateKeySchema = KEY_SCHEMA;
  readonly stateValueSchema = VALUE_SCHEMA;

  constructor(
    child: ExecNode,
    private readonly limit: number,
    info: StateInfo,
  ) {
    super(child, info, false);
  }

  describe(): string {
    return `StreamingGlobalLimit ${this.limit}, ${this.stateInfoString()}, ${this.outputModeName()}`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const run = await this.openStores();
    const start = this.now();
    const store = run.stores[0]!;
    const before = (store.get(KEY) as number | undefined) ?? 0;
    let count = before;
    for await (const batch of this.child.execute(ctx)) {
      if (count >= this.limit) continue;
      const take = Math.min(this.limit - count, batch.numRows);
      count += take;
      if (take > 0) yield take === batch.numRows ? batch : sliceBatch(batch, 0, take);
    }
    if (count > before) {
      store.put(KEY, count);
      run.updated = 1;
    }
    run.updatesMs = Math.max(0, this.now() - start);
  }
}
