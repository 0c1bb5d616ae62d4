import assert from "node:assert/strict";
import { test } from "node:test";
import {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  type StreamingQueryListenerEvent,
} from "./listener-events.js";
import { SinkProgress, StreamingQueryProgress } from "./progress.js";
import { StreamingQueryListener } from "./streaming-query-listener.js";
import { StreamingQueryListenerBus } from "./streaming-query-listener-bus.js";

const ID = "9a8b3024-d197-4689-9075-43c312e33637";
const RUN = "ab99d132-bfba-4d5f-9dc5-d7004ca249cd";
const TS = "2023-07-19T18:29:46.282Z";

const progressEvent = (batchId: number) =>
  new QueryProgressEvent(
    new StreamingQueryProgress({
      id: ID,
      runId: RUN,
      name: null,
      timestamp: TS,
      batchId,
      batchDuration: 1,
      durationMs: null,
      eventTime: null,
      stateOperators: [],
      sources: [],
      sink: new SinkProgress({ description: "sink" }),
      observedMetrics: null,
    }),
  );
const started = () => new QueryStartedEvent(ID, RUN, null, TS);
const idle = () => new QueryIdleEvent(ID, RUN, TS);
const terminated = () => new QueryTerminatedEvent(ID, RUN, null);

/** Records what it receives as short strings. */
class Recorder extends StreamingQueryListener {
  readonly seen: string[] = [];
  constructor(private readonly tag = "") {
    super();
  }
  onQueryStarted(e: QueryStartedEvent): void {
    this.seen.push(`${this.tag}started:${e.runId}`);
  }
  onQueryProgress(e: QueryProgressEvent): void {
    this.seen.push(`${this.tag}progress:${e.progress.batchId}`);
  }
  override onQueryIdle(_e: QueryIdleEvent): void {
    this.seen.push(`${this.tag}idle`);
  }
  onQueryTerminated(e: QueryTerminatedEvent): void {
    this.seen.push(`${this.tag}terminated:${e.exception}`);
  }
}

/** A listener without onQueryIdle (the default no-op). */
class NoIdle extends StreamingQueryListener {
  readonly seen: string[] = [];
  onQueryStarted(_e: QueryStartedEvent): void | Promise<void> {
    this.seen.push("started");
  }
  onQueryProgress(_e: QueryProgressEvent): void | Promise<void> {
    this.seen.push("progress");
  }
  onQueryTerminated(): void {
    this.seen.push("terminated");
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

test("onQueryStarted is delivered synchronously inside post", () => {
  const bus = new StreamingQueryListenerBus();
  const a = new Recorder("a:");
  const b = new Recorder("b:");
  bus.addListener(a);
  bus.addListener(b);
  bus.post(started());
  assert.deepEqual(a.seen, [`a:started:${RUN}`]);
  assert.deepEqual(b.seen, [`b:started:${RUN}`]);
});

test("other events are delivered asynchronously, in posting order, and flush drains them", async () => {
  const bus = new StreamingQueryListenerBus();
  const r = new Recorder();
  bus.addListener(r);
  bus.post(progressEvent(0));
  bus.post(idle());
  bus.post(progressEvent(1));
  bus.post(terminated());
  assert.deepEqual(r.seen, []);
  await bus.flush();
  assert.deepEqual(r.seen, ["progress:0", "idle", "progress:1", "terminated:null"]);
});

test("a started event overtakes queued events; later ones still arrive in order", async () => {
  const bus = new StreamingQueryListenerBus();
  const r = new Recorder();
  bus.addListener(r);
  bus.post(progressEvent(7));
  bus.post(started());
  assert.deepEqual(r.seen, [`started:${RUN}`]);
  await bus.flush();
  assert.deepEqual(r.seen, [`started:${RUN}`, "progress:7"]);
});

test("onQueryIdle defaults to doing nothing", async () => {
  const errors: unknown[] = [];
  const bus = new StreamingQueryListenerBus({ onListenerError: (e) => errors.push(e) });
  const l = new NoIdle();
  bus.addListener(l);
  bus.post(idle());
  bus.post(progressEvent(0));
  await bus.flush();
  assert.deepEqual(l.seen, ["progress"]);
  assert.deepEqual(errors, []);
});

test("a throwing or rejecting listener is reported and isolated", async () => {
  const reports: { error: unknown; listener: StreamingQueryListener; event: StreamingQueryListenerEvent }[] =
    [];
  const bus = new StreamingQueryListenerBus({
    onListenerError: (error, listener, event) => reports.push({ error, listener, event }),
  });
  class Bad extends StreamingQueryListener {
    onQueryStarted(): void {
      throw new TypeError("bad start");
    }
    onQueryProgress(e: QueryProgressEvent): void {
      if (e.progress.batchId === 0) throw new TypeError("bad progress");
    }
    async onQueryTerminated(): Promise<void> {
      throw new TypeError("bad end");
    }
  }
  const bad = new Bad();
  const good = new Recorder();
  bus.addListener(bad);
  bus.addListener(good);
  const s = started();
  assert.doesNotThrow(() => bus.post(s));
  const p0 = progressEvent(0);
  bus.post(p0);
  bus.post(progressEvent(1));
  bus.post(terminated());
  await bus.flush();
  assert.deepEqual(good.seen, [`started:${RUN}`, "progress:0", "progress:1", "terminated:null"]);
  assert.deepEqual(
    reports.map((r) => [(r.error as Error).message, r.listener === bad, r.event.kind]),
    [
      ["bad start", true, "started"],
      ["bad progress", true, "progress"],
      ["bad end", true, "terminated"],
    ],
  );
  assert.equal(reports[1]?.event, p0);
});

test("a rejecting onQueryStarted is reported too", async () => {
  const reports: unknown[] = [];
  const bus = new StreamingQueryListenerBus({ onListenerError: (e) => reports.push(e) });
  class AsyncBadStart extends NoIdle {
    override async onQueryStarted(): Promise<void> {
      throw new RangeError("later");
    }
  }
  bus.addListener(new AsyncBadStart());
  bus.post(started());
  await turn();
  assert.equal((reports[0] as Error).message, "later");
});

test("a failing error handler does not stop delivery", async () => {
  const bus = new StreamingQueryListenerBus({
    onListenerError: () => {
      throw new TypeError("handler broke");
    },
  });
  class Thrower extends NoIdle {
    override onQueryProgress(): void {
      throw new TypeError("x");
    }
  }
  const r = new Recorder();
  bus.addListener(new Thrower());
  bus.addListener(r);
  bus.post(progressEvent(3));
  await bus.flush();
  assert.deepEqual(r.seen, ["progress:3"]);
});

test("the default error handler writes a warning naming the listener to stderr", async () => {
  const bus = new StreamingQueryListenerBus();
  class Noisy extends NoIdle {
    override onQueryProgress(): void {
      throw new TypeError("noisy failure");
    }
  }
  bus.addListener(new Noisy());
  const written: string[] = [];
  const original = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    bus.post(progressEvent(0));
    await bus.flush();
  } finally {
    process.stderr.write = original;
  }
  const text = written.join("");
  assert.match(text, /Listener Noisy threw an exception/);
  assert.match(text, /noisy failure/);
});

test("an async listener is awaited before the next event is delivered", async () => {
  const bus = new StreamingQueryListenerBus();
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const seen: string[] = [];
  class Slow extends NoIdle {
    override async onQueryProgress(e: QueryProgressEvent): Promise<void> {
      seen.push(`begin:${e.progress.batchId}`);
      if (e.progress.batchId === 0) await gate;
      seen.push(`end:${e.progress.batchId}`);
    }
  }
  bus.addListener(new Slow());
  bus.post(progressEvent(0));
  bus.post(progressEvent(1));
  let flushed = false;
  const drained = bus.flush().then(() => {
    flushed = true;
  });
  await turn();
  await turn();
  assert.deepEqual(seen, ["begin:0"]);
  assert.equal(flushed, false);
  open();
  await drained;
  assert.deepEqual(seen, ["begin:0", "end:0", "begin:1", "end:1"]);
});

test("listeners are taken when an event's turn comes; removal stops delivery; duplicates get twice", async () => {
  const bus = new StreamingQueryListenerBus();
  const a = new Recorder("a:");
  const b = new Recorder("b:");
  bus.addListener(a);
  bus.post(progressEvent(0));
  bus.removeListener(a);
  bus.addListener(b);
  bus.addListener(b);
  await bus.flush();
  assert.deepEqual(a.seen, []);
  assert.deepEqual(b.seen, ["b:progress:0", "b:progress:0"]);
  bus.removeListener(b);
  assert.deepEqual(bus.registeredListeners, [b]);
  bus.removeListener(new Recorder());
  assert.equal(bus.registeredListeners.length, 1);
  bus.post(terminated());
  await bus.flush();
  assert.deepEqual(b.seen, ["b:progress:0", "b:progress:0", "b:terminated:null"]);
});

test("flush with nothing posted resolves", async () => {
  await new StreamingQueryListenerBus().flush();
});
