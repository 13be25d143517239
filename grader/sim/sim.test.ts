// Tests of the fault simulator itself: determinism, the network's faults, and
// that every invariant check fires on a state that breaks it (so a green fault
// test means something).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Entry, Message, MessageType } from "@raft/eraftpb";
import { Raft, StateType } from "@raft/raft";
import { MemoryStorage } from "@raft/storage";
import { newMessage } from "@raft/util";
import { Rng } from "../harness/rng";
import { Checker, INVARIANTS, InvariantViolation, NodeView } from "./invariants";
import { KvStore, checkRealTimeOrder, decodeOp, encodeOp } from "./kv";
import { Network } from "./network";
import { failureReport, gradedSeeds, saveTrace } from "./run";
import { scenarioById } from "./scenarios";
import { DEFAULT_PROFILE, Profile, simulate } from "./sim";
import { readTrace } from "./trace";

const SMALL: Profile = {
  ...DEFAULT_PROFILE,
  nodes: 3,
  faultTicks: 80,
  partition: 0.05,
  crash: 0.01,
  maxDown: 1,
};

describe("simulator runs", () => {
  test("the same seed gives the same run, event for event; another seed gives another run", () => {
    const a = simulate(7, SMALL);
    const b = simulate(7, SMALL);
    const c = simulate(8, SMALL);
    expect(a.violation).toBeUndefined();
    expect(b.trace.events).toEqual(a.trace.events);
    expect(c.trace.events).not.toEqual(a.trace.events);
  });

  test("a run restores Math.random when it ends", () => {
    const before = Math.random;
    simulate(3, { ...SMALL, faultTicks: 20 });
    expect(Math.random).toBe(before);
  });

  test("faults really happen: drops, duplicates, crashes, restarts, partitions", () => {
    const r = simulate(11, {
      ...SMALL,
      faultTicks: 200,
      link: { loss: 0.2, dup: 0.2, minDelay: 1, maxDelay: 5 },
    });
    expect(r.violation).toBeUndefined();
    const kinds = new Set(r.trace.events.map((e) => e.k));
    for (const k of [
      "drop",
      "dup",
      "deliver",
      "crash",
      "restart",
      "partition",
      "heal",
      "apply",
      "persist",
      "role",
    ]) {
      expect(kinds).toContain(k);
    }
    expect(r.stats.opsDone).toBeGreaterThan(0);
  });

  test("2C-F2 really forces a snapshot install on the node restarted behind the compacted log", () => {
    const s = scenarioById("2C-F2");
    const r = simulate(s.seeds[0], s.profile, s.id);
    expect(r.violation).toBeUndefined();
    expect(r.trace.events.some((e) => e.k === "snapshot" && e.node === 3)).toBe(true);
  });

  test("a failing run reports its seed, a rerun command and trace files that end at the violation", () => {
    // A liveness bound of 1 tick cannot be met: a deterministic failure of a correct implementation.
    const r = simulate(
      5,
      { ...SMALL, faultTicks: 30, electionBound: 1 },
      "2B-F1",
      "make chaos SCENARIO=2B-F1 SEED=5",
    );
    expect(r.violation?.invariant).toBe(INVARIANTS.liveness);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "raftlab-sim-"));
    const saved = process.env.RAFTLAB_TRACE_DIR;
    process.env.RAFTLAB_TRACE_DIR = dir;
    try {
      const files = saveTrace("2B-F1", r);
      const report = failureReport("2B-F1", r, files, [2, 8]);
      expect(report).toContain('2B-F1: seed 5 (seed 2 of 8) broke "liveness after the faults stop"');
      expect(report).toContain("Rerun this seed: make chaos SCENARIO=2B-F1 SEED=5");
      expect(report).toContain("2B-F1-seed5.html");
      const events = readTrace(files.jsonl);
      expect(events[0]).toMatchObject({ k: "meta", seed: 5, scenario: "2B-F1" });
      expect(events[events.length - 1]).toMatchObject({ k: "violation", invariant: INVARIANTS.liveness });
      expect(fs.readFileSync(files.html, "utf8")).toContain('id="trace-data"');
    } finally {
      if (saved === undefined) delete process.env.RAFTLAB_TRACE_DIR;
      else process.env.RAFTLAB_TRACE_DIR = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a Raft run with crashes is refused: stage 2A has nothing persisted to restart from", () => {
    expect(() => simulate(1, { ...SMALL, driver: "raft", clients: 0, crash: 0.1 })).toThrow(RangeError);
  });

  test("graded seeds: the fixed list by default, derived ones with another RAFTLAB_SEED", () => {
    const s = scenarioById("2A-F1");
    expect(gradedSeeds(s, {})).toEqual(s.seeds);
    const other = gradedSeeds(s, { RAFTLAB_SEED: "99" });
    expect(other).toHaveLength(s.seeds.length);
    expect(other).not.toEqual(s.seeds);
    expect(gradedSeeds(s, { RAFTLAB_SEED: "99" })).toEqual(other);
  });
});

describe("network", () => {
  const m = (from: number, to: number): Message =>
    newMessage({ msgType: MessageType.MsgHeartbeat, from, to });

  test("loss 1 drops everything; a partition drops only messages across it", () => {
    const net = new Network(new Rng(1));
    net.faults = { loss: 1, dup: 0, minDelay: 1, maxDelay: 1 };
    expect(net.send(m(1, 2), 0).kind).toBe("dropped");
    net.faults = { loss: 0, dup: 0, minDelay: 1, maxDelay: 1 };
    net.partition([[1], [2, 3]]);
    expect(net.send(m(1, 2), 0)).toMatchObject({ kind: "dropped", reason: "partition" });
    expect(net.send(m(2, 3), 0).kind).toBe("queued");
    net.heal();
    expect(net.send(m(1, 2), 0).kind).toBe("queued");
    expect(net.due(0)).toHaveLength(0);
    expect(net.due(1)).toHaveLength(2);
  });

  test("duplicates arrive twice; delays reorder", () => {
    const net = new Network(new Rng(2));
    net.faults = { loss: 0, dup: 1, minDelay: 1, maxDelay: 1 };
    const out = net.send(m(1, 2), 0);
    expect(out.kind === "queued" && out.dup !== undefined).toBe(true);
    expect(net.due(1)).toHaveLength(2);
    net.faults = { loss: 0, dup: 0, minDelay: 1, maxDelay: 20 };
    for (let i = 0; i < 50; i++)
      net.send(newMessage({ msgType: MessageType.MsgHeartbeat, from: 1, to: 2, index: i }), 0);
    const order: number[] = [];
    for (let t = 1; t <= 20; t++) for (const f of net.due(t)) order.push(f.m.index);
    expect(order).toHaveLength(50);
    expect(order).not.toEqual([...order].sort((x, y) => x - y));
  });
});

/** A stand-in for a Raft node with just the fields the checker reads. */
function fake(
  id: number,
  state: StateType,
  term: number,
  log: Entry[] = [],
  committed = 0,
  applied = 0,
): NodeView {
  const raftLog = {
    committed,
    applied,
    allEntries: () => log,
    lastIndex: () => (log.length === 0 ? 0 : log[log.length - 1].index),
    term: (i: number) => (i === 0 ? 0 : log[i - 1].term),
  };
  const raft = { id, state, term, lead: 0, vote: 0, raftLog } as unknown as Raft;
  return { id, up: true, raft, storage: new MemoryStorage() };
}

const ent = (index: number, term: number, data = ""): Entry =>
  Entry.fromPartial({ index, term, data: Buffer.from(data) });

function violationOf(fn: () => void): InvariantViolation {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvariantViolation) return e;
    throw e;
  }
  throw new Error("expected an invariant violation, got none");
}

describe("invariant checks fire", () => {
  const full = { logs: true, readyContract: true };

  test("election safety: two leaders in one term", () => {
    const c = new Checker(full);
    const v = violationOf(() =>
      c.afterEvent([fake(1, StateType.Leader, 3), fake(2, StateType.Leader, 3)], undefined),
    );
    expect(v.invariant).toBe(INVARIANTS.electionSafety);
    expect(v.message).toContain("two leaders in term 3: n1 and n2");
  });

  test("one vote per term, remembered across restarts", () => {
    const c = new Checker(full);
    const grant = (to: number) =>
      newMessage({ msgType: MessageType.MsgRequestVoteResponse, from: 1, to, term: 4, reject: false });
    c.beforeSend(1, grant(2), undefined);
    c.beforeSend(1, grant(2), undefined); // the same grant again is fine
    c.onRestart(1);
    expect(violationOf(() => c.beforeSend(1, grant(3), undefined)).invariant).toBe(INVARIANTS.voteOnce);
  });

  test("term, commit and applied never go back", () => {
    const c = new Checker(full);
    c.afterEvent([fake(1, StateType.Follower, 5, [ent(1, 1), ent(2, 1)], 2, 2)], undefined);
    expect(violationOf(() => c.afterEvent([fake(1, StateType.Follower, 4)], undefined)).invariant).toBe(
      INVARIANTS.termMonotonic,
    );
    const c2 = new Checker(full);
    c2.afterEvent([fake(1, StateType.Follower, 5, [ent(1, 1), ent(2, 1)], 2, 1)], undefined);
    expect(
      violationOf(() =>
        c2.afterEvent([fake(1, StateType.Follower, 5, [ent(1, 1), ent(2, 1)], 1, 1)], undefined),
      ).invariant,
    ).toBe(INVARIANTS.commitMonotonic);
    const c3 = new Checker(full);
    expect(
      violationOf(() => c3.afterEvent([fake(1, StateType.Follower, 5, [ent(1, 1)], 0, 1)], undefined))
        .invariant,
    ).toBe(INVARIANTS.appliedLeCommitted);
  });

  test("log matching: same index and term, different history or data", () => {
    const c = new Checker(full);
    c.afterEvent([fake(1, StateType.Follower, 3, [ent(1, 1), ent(2, 3, "a")])], 1);
    const v = violationOf(() =>
      c.afterEvent([fake(2, StateType.Follower, 3, [ent(1, 2), ent(2, 3, "a")])], 2),
    );
    expect(v.invariant).toBe(INVARIANTS.logMatching);
    expect(v.message).toContain("2:3");
    const c2 = new Checker(full);
    c2.afterEvent([fake(1, StateType.Follower, 3, [ent(1, 1, "x")])], 1);
    expect(
      violationOf(() => c2.afterEvent([fake(2, StateType.Follower, 3, [ent(1, 1, "y")])], 2)).invariant,
    ).toBe(INVARIANTS.logMatching);
  });

  test("committed entries never change, and a new leader holds them all", () => {
    const c = new Checker(full);
    const n1 = fake(1, StateType.Follower, 2, [ent(1, 1), ent(2, 2)], 0);
    c.afterEvent([n1], undefined);
    c.afterEvent([fake(1, StateType.Follower, 2, [ent(1, 1), ent(2, 2)], 2)], 1);
    expect(
      violationOf(() => c.afterEvent([fake(2, StateType.Leader, 3, [ent(1, 1), ent(2, 3)])], undefined))
        .invariant,
    ).toBe(INVARIANTS.leaderCompleteness);
    const c2 = new Checker(full);
    c2.afterEvent([fake(1, StateType.Follower, 2, [ent(1, 1)], 0)], undefined);
    c2.afterEvent([fake(1, StateType.Follower, 2, [ent(1, 1)], 1)], 1);
    c2.afterEvent([fake(2, StateType.Follower, 2, [ent(1, 2)], 0)], undefined);
    expect(
      violationOf(() => c2.afterEvent([fake(2, StateType.Follower, 2, [ent(1, 2)], 1)], 2)).invariant,
    ).toBe(INVARIANTS.committedDurable);
  });

  test("acknowledged entries are kept while the term lasts", () => {
    const c = new Checker({ logs: true, readyContract: false });
    const ack = newMessage({ msgType: MessageType.MsgAppendResponse, from: 2, to: 1, term: 3, index: 3 });
    c.beforeSend(2, ack, undefined);
    c.afterEvent([fake(2, StateType.Follower, 3, [ent(1, 1), ent(2, 3), ent(3, 3)], 2)], 2);
    const v = violationOf(() => c.afterEvent([fake(2, StateType.Follower, 3, [ent(1, 1), ent(2, 3)], 2)], 2));
    expect(v.invariant).toBe(INVARIANTS.ackedKept);
    expect(v.message).toContain("holds entries up to 3");
    // A rejection promises nothing, and a new term starts over (a new leader may truncate).
    const c2 = new Checker({ logs: true, readyContract: false });
    c2.beforeSend(2, { ...ack, reject: true }, undefined);
    c2.afterEvent([fake(2, StateType.Follower, 3, [ent(1, 1)], 1)], 2);
    c2.beforeSend(2, ack, undefined);
    c2.afterEvent([fake(2, StateType.Follower, 4, [ent(1, 1)], 1)], 2);
  });

  test("state-machine safety and applying only committed entries", () => {
    const c = new Checker(full);
    c.onApply(1, ent(1, 1, "a"), 1);
    expect(violationOf(() => c.onApply(2, ent(1, 1, "b"), 1)).invariant).toBe(INVARIANTS.stateMachineSafety);
    expect(violationOf(() => c.onApply(2, ent(2, 1), 1)).invariant).toBe(INVARIANTS.appliedLeCommitted);
  });

  test("Ready contract: no grant, vote request or ack before term, vote and entries are stored", () => {
    const c = new Checker(full);
    const s = new MemoryStorage();
    s.setHardState({ term: 2, vote: 0, commit: 0 });
    const grant = newMessage({ msgType: MessageType.MsgRequestVoteResponse, from: 1, to: 3, term: 2 });
    expect(violationOf(() => c.beforeSend(1, grant, s)).invariant).toBe(INVARIANTS.readyContract);
    s.setHardState({ term: 2, vote: 3, commit: 0 });
    c.beforeSend(1, grant, s);
    const ask = newMessage({ msgType: MessageType.MsgRequestVote, from: 1, to: 2, term: 3 });
    expect(violationOf(() => c.beforeSend(1, ask, s)).message).toContain("only term 2");
    const ack = newMessage({ msgType: MessageType.MsgAppendResponse, from: 1, to: 2, term: 2, index: 1 });
    expect(violationOf(() => c.beforeSend(1, ack, s)).message).toContain("entries only up to 0");
    s.append([ent(1, 2)]);
    c.beforeSend(1, ack, s);
  });
});

describe("key-value state machine and history", () => {
  test("ops encode and decode; retries apply once; snapshots round-trip", () => {
    const op = { c: 1, s: 1, k: "x", v: "1.1;" };
    expect(decodeOp(encodeOp(op))).toEqual(op);
    expect(decodeOp(new Uint8Array())).toBeUndefined();
    expect(() => decodeOp(Buffer.from("garbage"))).toThrow(RangeError);
    const kv = new KvStore();
    expect(kv.apply(op)).toBe(true);
    expect(kv.apply(op)).toBe(false);
    expect(kv.apply({ ...op, s: 2, v: "1.2;" })).toBe(true);
    expect(kv.data.get("x")).toBe("1.1;1.2;");
    expect(KvStore.decode(kv.encode()).encode()).toEqual(kv.encode());
  });

  test("real-time order: an op answered before another began must take effect first", () => {
    const ok: Parameters<typeof checkRealTimeOrder>[0] = [
      { client: 1, seq: 1, invoke: 0, response: 5, index: 3 },
      { client: 2, seq: 1, invoke: 6, response: 9, index: 4 },
      { client: 3, seq: 1, invoke: 1, response: 8, index: 2 }, // concurrent with both: any order
    ];
    expect(checkRealTimeOrder(ok)).toBeUndefined();
    const bad: Parameters<typeof checkRealTimeOrder>[0] = [
      { client: 1, seq: 1, invoke: 0, response: 5, index: 4 },
      { client: 2, seq: 1, invoke: 6, response: 9, index: 3 },
    ];
    expect(checkRealTimeOrder(bad)).toContain("c1#1");
  });
});
