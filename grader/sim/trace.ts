// The trace of a simulator run: every event as one small JSON object. A
// failing run writes it as JSON lines (one event per line) and as a
// self-contained HTML page that draws it (grader/trace-viewer/html.ts).

import * as fs from "node:fs";
import * as path from "node:path";
import { renderTraceHtml } from "../trace-viewer/html";

/** Fields every event has: the tick it happened in and a running number. */
interface Base {
  /** Running number of the event in the run (0, 1, 2, ...). */
  seq: number;
  /** The simulated tick. */
  t: number;
}

/** A message as the trace shows it (the fields a student looks at). */
export interface TraceMsg {
  /** Message id, unique in the run; a duplicate gets its own id. */
  id: number;
  type: string;
  from: number;
  to: number;
  term: number;
  index: number;
  logTerm: number;
  /** Number of entries carried. */
  entries: number;
  commit: number;
  reject: boolean;
  /** Snapshot index for MsgSnapshot, else 0. */
  snap: number;
}

export type TraceEvent =
  | (Base & { k: "meta"; seed: number; scenario: string; nodes: number[]; rerun: string })
  | (Base & { k: "tick" })
  | (Base & { k: "send"; m: TraceMsg; at: number })
  | (Base & { k: "dup"; m: TraceMsg; of: number; at: number })
  | (Base & { k: "drop"; id: number; reason: string })
  | (Base & { k: "deliver"; id: number })
  | (Base & { k: "role"; node: number; role: string; term: number; lead: number })
  | (Base & { k: "commit"; node: number; commit: number })
  | (Base & { k: "persist"; node: number; term: number; vote: number; commit: number; last: number })
  | (Base & { k: "snapshot"; node: number; index: number; term: number })
  | (Base & { k: "compact"; node: number; index: number })
  | (Base & { k: "apply"; node: number; index: number; term: number; op: string })
  | (Base & { k: "propose"; node: number; op: string; ok: boolean })
  | (Base & { k: "crash"; node: number })
  | (Base & { k: "restart"; node: number })
  | (Base & { k: "partition"; groups: number[][] })
  | (Base & { k: "heal" })
  | (Base & { k: "error"; node: number; message: string })
  | (Base & { k: "violation"; invariant: string; message: string; nodes: number[] });

/** A TraceEvent before it gets its running number and tick. */
export type NewEvent = TraceEvent extends infer E
  ? E extends TraceEvent
    ? Omit<E, "seq" | "t">
    : never
  : never;

/** Collects events in memory; cheap enough to keep on in every run. */
export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  private seq = 0;

  constructor(readonly enabled = true) {}

  add(t: number, e: NewEvent): void {
    if (!this.enabled) return;
    this.events.push({ ...e, seq: this.seq++, t });
  }
}

/** The files one failing run wrote. */
export interface TraceFiles {
  jsonl: string;
  html: string;
}

/** Writes `<dir>/<name>.jsonl` and `<dir>/<name>.html` and returns their paths. */
export function writeTrace(dir: string, name: string, events: readonly TraceEvent[]): TraceFiles {
  fs.mkdirSync(dir, { recursive: true });
  const jsonl = path.join(dir, `${name}.jsonl`);
  const html = path.join(dir, `${name}.html`);
  fs.writeFileSync(jsonl, events.map((e) => JSON.stringify(e)).join("\n") + "\n");
  fs.writeFileSync(html, renderTraceHtml(events));
  return { jsonl, html };
}

/** Reads a JSON-lines trace back (used by tests and by anyone re-rendering a trace). */
export function readTrace(file: string): TraceEvent[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as TraceEvent);
}
