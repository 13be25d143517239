// Tests of the ReadyCluster driver. Most use scripted fake nodes, so they
// check the driver alone (delivery order, drops, persistence before sending,
// the apply checks, caps); the last ones run the real implementation in raft/.

import { Entry, HardState, Message, MessageType, Snapshot } from "@raft/eraftpb";
import { ErrProposalDropped } from "@raft/errors";
import { Ready, RawNode } from "@raft/rawnode";
import { GradeFailure } from "./assert";
import { ClusterNode, ReadyCluster, ReadyClusterOptions, tolerant } from "./cluster";
import { Rng } from "./rng";

function ent(index: number, term: number, data = ""): Entry {
  return Entry.fromPartial({ index, term, data: Buffer.from(data) });
}

function m(msgType: MessageType, from: number, to: number, extra: Partial<Message> = {}): Message {
  return { ...Message.create(), msgType, from, to, ...extra };
}

function rd(fields: Partial<Ready>): Ready {
  return {
    hardState: HardState.create(),
    entries: [],
    committedEntries: [],
    messages: [],
    snapshot: Snapshot.create(),
    ...fields,
  };
}

/** A scripted stand-in for a RawNode: hands out queued Readies and records what it is given. */
class FakeNode {
  readies: Ready[] = [];
  stepped: Message[] = [];
  ticks = 0;
  onStep?: (msg: Message) => void;
  alwaysReady = false;
  raft = {
    state: 0,
    term: 0,
    prs: new Map<number, unknown>([[1, {}]]),
    raftLog: { lastIndex: () => 0, committed: 0 },
  };
  tick(): void {
    this.ticks++;
  }
  campaign(): void {}
  propose(data: Uint8Array): void {
    if (data.length === 0) throw new ErrProposalDropped();
  }
  step(msg: Message): void {
    this.stepped.push(msg);
    this.onStep?.(msg);
  }
  hasReady(): boolean {
    return this.alwaysReady || this.readies.length > 0;
  }
  ready(): Ready {
    return this.readies[0] ?? rd({});
  }
  advance(_rd: Ready): void {
    this.readies.shift();
  }
}

let fakes = new Map<number, FakeNode>();

class FakeCluster extends ReadyCluster {
  protected override newNode(id: number): RawNode {
    const f = new FakeNode();
    fakes.set(id, f);
    return f as unknown as RawNode;
  }
}

function fakeCluster(size: number, opts: Partial<ReadyClusterOptions> = {}): FakeCluster {
  fakes = new Map();
  return new FakeCluster({ size, rng: new Rng(7), ...opts });
}

function fake(id: number): FakeNode {
  return fakes.get(id)!;
}

describe("ReadyCluster with scripted nodes", () => {
  test("delivers messages first in, first out, after the sender's Ready, and counts them", () => {
    const seen: string[] = [];
    const c = fakeCluster(3, { onDeliver: (x) => seen.push(`${x.from}->${x.to}`) });
    fake(1).readies.push(rd({ messages: [m(MessageType.MsgAppend, 1, 2), m(MessageType.MsgAppend, 1, 3)] }));
    fake(2).onStep = (x) => {
      if (x.msgType === MessageType.MsgAppend)
        fake(2).readies.push(rd({ messages: [m(MessageType.MsgAppendResponse, 2, 1)] }));
    };
    c.settle();
    expect(seen).toEqual(["1->2", "1->3", "2->1"]);
    expect(fake(3).stepped.map((x) => x.msgType)).toEqual([MessageType.MsgAppend]);
    expect(c.stats.delivered).toBe(3);
    expect(c.stats.byType.get(MessageType.MsgAppend)).toBe(2);
    expect(c.queue).toEqual([]);
  });

  test("cut, isolate, drop rate and filter drop messages; heal restores links", () => {
    const c = fakeCluster(3, { filter: (x) => x.msgType !== MessageType.MsgHeartbeat });
    c.cut(1, 2);
    fake(1).readies.push(rd({ messages: [m(MessageType.MsgAppend, 1, 2), m(MessageType.MsgAppend, 1, 3)] }));
    fake(2).readies.push(rd({ messages: [m(MessageType.MsgAppend, 2, 1)] }));
    fake(3).readies.push(rd({ messages: [m(MessageType.MsgHeartbeat, 3, 1)] }));
    c.settle();
    expect(fake(2).stepped).toEqual([]);
    expect(fake(1).stepped).toEqual([]);
    expect(fake(3).stepped.length).toBe(1);
    expect(c.stats.dropped).toBe(3);

    c.heal();
    c.isolate(3);
    fake(1).readies.push(rd({ messages: [m(MessageType.MsgAppend, 1, 2), m(MessageType.MsgAppend, 1, 3)] }));
    c.settle();
    expect(fake(2).stepped.length).toBe(1);
    expect(fake(3).stepped.length).toBe(1);

    c.heal();
    c.dropRate = 1;
    fake(1).readies.push(rd({ messages: [m(MessageType.MsgAppend, 1, 2)] }));
    c.settle();
    expect(fake(2).stepped.length).toBe(1);
    c.dropRate = 0;
    fake(1).readies.push(rd({ messages: [m(MessageType.MsgAppend, 1, 2)] }));
    c.settle();
    expect(fake(2).stepped.length).toBe(2);
  });

  test("seeded drops are reproducible and roughly follow the drop rate", () => {
    const run = (): number[] => {
      const c = fakeCluster(2, { dropRate: 0.3, rng: new Rng(42) });
      for (let i = 0; i < 1000; i++)
        fake(1).readies.push(rd({ messages: [m(MessageType.MsgAppend, 1, 2, { index: i })] }));
      c.settle();
      return fake(2).stepped.map((x) => x.index);
    };
    const a = run();
    expect(run()).toEqual(a);
    expect(a.length).toBeGreaterThan(600);
    expect(a.length).toBeLessThan(800);
  });

  test("persists hard state and entries before the Ready's messages leave", () => {
    const c = fakeCluster(2);
    let storedWhenDelivered = -1;
    let termWhenDelivered = -1;
    fake(2).onStep = () => {
      storedWhenDelivered = c.node(1).storage.lastIndex();
      termWhenDelivered = c.node(1).storage.initialState().hardState.term;
    };
    fake(1).readies.push(
      rd({
        hardState: HardState.fromPartial({ term: 2, vote: 1 }),
        entries: [ent(1, 2), ent(2, 2, "x")],
        messages: [m(MessageType.MsgAppend, 1, 2)],
      }),
    );
    c.settle();
    expect(storedWhenDelivered).toBe(2);
    expect(termWhenDelivered).toBe(2);
  });

  test("applies committed entries in order, keeps the application state, calls afterReady", () => {
    const after: number[] = [];
    const c = fakeCluster(2, { afterReady: (n: ClusterNode) => after.push(n.appliedIndex) });
    fake(1).readies.push(
      rd({ entries: [ent(1, 1), ent(2, 1, "a")], committedEntries: [ent(1, 1), ent(2, 1, "a")] }),
    );
    fake(1).readies.push(rd({ entries: [ent(3, 1, "b")], committedEntries: [ent(3, 1, "b")] }));
    c.settle();
    expect(c.node(1).appliedIndex).toBe(3);
    expect(c.node(1).appData).toEqual(["a", "b"]);
    expect(c.node(1).applied.map((e) => e.index)).toEqual([1, 2, 3]);
    expect(after).toEqual([2, 3]);
  });

  test("fails when a node skips or repeats an index", () => {
    const c = fakeCluster(1);
    fake(1).readies.push(rd({ entries: [ent(1, 1), ent(2, 1)], committedEntries: [ent(2, 1)] }));
    expect(() => c.settle()).toThrow(/right after index 0/);
    const d = fakeCluster(1);
    fake(1).readies.push(rd({ entries: [ent(1, 1)], committedEntries: [ent(1, 1)] }));
    fake(1).readies.push(rd({ committedEntries: [ent(1, 1)] }));
    expect(() => d.settle()).toThrow(GradeFailure);
  });

  test("fails when two nodes apply different entries at one index", () => {
    const c = fakeCluster(2);
    fake(1).readies.push(rd({ entries: [ent(1, 1, "x")], committedEntries: [ent(1, 1, "x")] }));
    fake(2).readies.push(rd({ entries: [ent(1, 1, "y")], committedEntries: [ent(1, 1, "y")] }));
    expect(() => c.settle()).toThrow(/different entries at index 1/);
  });

  test("fails on local messages in Ready.messages and on unknown receivers", () => {
    const c = fakeCluster(2);
    fake(1).readies.push(rd({ messages: [m(MessageType.MsgHup, 1, 1)] }));
    expect(() => c.settle()).toThrow(/local MsgHup/);
    const d = fakeCluster(2);
    fake(1).readies.push(rd({ messages: [m(MessageType.MsgAppend, 1, 9)] }));
    expect(() => d.settle()).toThrow(/node 9, which is not in the cluster/);
  });

  test("gives up with a clear failure when hasReady never turns false", () => {
    const c = fakeCluster(1, { maxSteps: 500 });
    fake(1).alwaysReady = true;
    expect(() => c.settle()).toThrow(/did not go quiet within 500/);
  });

  test("installs a snapshot from Ready and compacts at the applied index", () => {
    const c = fakeCluster(2);
    fake(1).readies.push(
      rd({ entries: [ent(1, 1, "a"), ent(2, 1, "b")], committedEntries: [ent(1, 1, "a"), ent(2, 1, "b")] }),
    );
    c.settle();
    c.compact(1);
    const snap = c.node(1).storage.snapshot();
    expect(snap.metadata?.index).toBe(2);
    expect(c.node(1).storage.firstIndex()).toBe(3);
    c.compact(1); // nothing new applied: no-op, no throw

    fake(2).readies.push(rd({ snapshot: snap }));
    fake(2).readies.push(rd({ entries: [ent(3, 1, "c")], committedEntries: [ent(3, 1, "c")] }));
    c.settle();
    const n2 = c.node(2);
    expect(n2.snapshotsInstalled).toBe(1);
    expect(n2.appData).toEqual(["a", "b", "c"]);
    expect(n2.appliedIndex).toBe(3);
    expect(n2.storage.firstIndex()).toBe(3);
  });

  test("tick and propose: ticks every node, tolerates refusals, needs a leader by default", () => {
    const c = fakeCluster(3);
    c.tick(2);
    expect([1, 2, 3].map((id) => fake(id).ticks)).toEqual([2, 2, 2]);
    expect(c.propose("x", 2)).toBe(true);
    expect(c.propose("", 2)).toBe(false);
    expect(() => c.propose("x")).toThrow(/no node is leader/);
    expect(tolerant(() => undefined)).toBe(true);
    expect(() =>
      tolerant(() => {
        throw new TypeError("boom");
      }),
    ).toThrow(TypeError);
  });
});

describe("ReadyCluster with the implementation in raft/", () => {
  test("three nodes elect a leader and apply the same proposals", () => {
    const c = new ReadyCluster({ size: 3, rng: new Rng(1) });
    const leader = c.electLeader();
    for (let i = 0; i < 5; i++) expect(c.propose(`v${i}`)).toBe(true);
    c.tick(3);
    for (const id of c.ids) {
      expect(c.node(id).appData).toEqual(["v0", "v1", "v2", "v3", "v4"]);
      expect(c.node(id).raft.lead).toBe(leader);
    }
  });

  test("a lagging node catches up after compaction, counted through onDeliver", () => {
    let snapshots = 0;
    const c: ReadyCluster = new ReadyCluster({
      size: 3,
      rng: new Rng(2),
      onDeliver: (x) => {
        if (x.msgType === MessageType.MsgSnapshot) snapshots++;
      },
      afterReady: (n) => {
        if (n.appliedIndex - (n.storage.firstIndex() - 1) >= 5) c.compact(n.id);
      },
    });
    const leader = c.electLeader();
    const lagger = c.ids.find((id) => id !== leader)!;
    c.isolate(lagger);
    for (let i = 0; i < 30; i++) {
      c.propose(`v${i}`);
      c.settle();
    }
    c.heal();
    c.tick(10);
    expect(c.node(lagger).appData).toEqual(c.node(leader).appData);
    expect(c.node(leader).appData.length).toBe(30);
    // The reference drops compacted entries from memory after each advance, so the lagging node needs a snapshot.
    expect(snapshots).toBeGreaterThanOrEqual(1);
    expect(c.node(lagger).snapshotsInstalled).toBeGreaterThanOrEqual(1);
  });
});
