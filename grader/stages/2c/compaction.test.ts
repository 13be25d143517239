// Stage 2C, cluster scenarios: a follower that falls behind a compacted log
// (over the unit-test network, 2C-6, and through RawNode's full Ready loop,
// 2C-8), and the in-memory log staying bounded under periodic compaction
// (2C-9).

import { MessageType } from "@raft/eraftpb";

import { check, checkEqual } from "../../harness/assert";
import { ClusterNode, ReadyCluster } from "../../harness/cluster";
import { gradedFor } from "../../harness/graded";
import { applyCommitted, beat, hup, nodes, prop } from "../../harness/helpers";
import { newNetwork } from "../../harness/network";
import { strict } from "../../harness/calls";
import { CATALOG } from "./catalog";

const graded = gradedFor(CATALOG);

graded("2C-6", () => {
  const net = newNetwork(null, null, null);
  let snapshotsTo3 = 0;
  net.msgHook = (m) => {
    if (m.msgType === MessageType.MsgSnapshot && m.to === 3) snapshotsTo3++;
    return true;
  };
  net.send(hup(1));
  net.isolate(3);
  for (let i = 0; i < 101; i++) net.send(prop(1));
  const leader = net.raft(1);
  const s1 = net.storage.get(1)!;
  applyCommitted(leader, s1);
  const applied = leader.raftLog.applied;
  checkEqual(
    "n1's committed index after its election and 101 proposals with node 3 cut off (no-op + 101 entries)",
    leader.raftLog.committed,
    102,
  );
  s1.createSnapshot(applied, { nodes: nodes(leader) });
  s1.compact(applied);
  // The lab's rule: once storage has compacted, maybeCompact (which advance
  // calls) drops those entries from memory too. Node 3 now needs a snapshot.
  strict("maybeCompact() on the leader's log after its storage compacted", () =>
    leader.raftLog.maybeCompact(),
  );
  net.recover();
  net.send(beat(1));
  net.send(prop(1));
  net.send(prop(1));
  checkEqual(
    "the leader's committed index after the network healed and two more proposals",
    leader.raftLog.committed,
    104,
  );
  checkEqual(
    "node 3's committed index: it must have caught up with the leader (entries or a snapshot)",
    net.raft(3).raftLog.committed,
    leader.raftLog.committed,
  );
  check(
    snapshotsTo3 >= 1,
    () =>
      `node 3 caught up, but no MsgSnapshot was sent to it although the leader's storage and in-memory log were compacted ` +
      `past node 3's log (index ${applied}); the leader must have sent entries it no longer holds`,
  );
});

/** Snapshot and compact a node's storage every `every` applied entries (called after each advance). */
function compactEvery(cluster: () => ReadyCluster, every: number): (n: ClusterNode) => void {
  return (n) => {
    if (n.appliedIndex - (n.storage.firstIndex() - 1) >= every) cluster().compact(n.id);
  };
}

/** Proposes `count` entries "<tag>-<i>" through the leader, `batch` at a time, settling between batches. */
function proposeMany(c: ReadyCluster, tag: string, from: number, count: number, batch: number): void {
  for (let i = from; i < from + count; i += batch) {
    for (let j = i; j < Math.min(i + batch, from + count); j++) {
      const ok = c.propose(`${tag}-${j}`);
      check(ok, () => `the leader refused proposal "${tag}-${j}" (${c.describeStates()})`);
    }
    c.settle();
  }
}

function sameState(c: ReadyCluster, what: string): void {
  const ref = c.leader();
  check(ref !== undefined, () => `${what}: no leader (${c.describeStates()})`);
  for (const n of c.nodes.values()) {
    checkEqual(
      `${what}: node ${n.id}'s applied index (the leader, node ${ref.id}, applied ${ref.appliedIndex})`,
      n.appliedIndex,
      ref.appliedIndex,
    );
    checkEqual(
      `${what}: node ${n.id}'s committed index`,
      n.raft.raftLog.committed,
      ref.raft.raftLog.committed,
    );
    check(
      n.appData.length === ref.appData.length && n.appData.every((d, i) => d === ref.appData[i]),
      () =>
        `${what}: node ${n.id}'s application state (${n.appData.length} values, last "${n.appData.at(-1) ?? ""}") ` +
        `differs from the leader's (${ref.appData.length} values, last "${ref.appData.at(-1) ?? ""}")`,
    );
  }
}

graded("2C-8", () => {
  let snapshotsToLagger = 0;
  let lagger = 0;
  const c: ReadyCluster = new ReadyCluster({
    size: 3,
    afterReady: compactEvery(() => c, 20),
    onDeliver: (m) => {
      if (m.msgType === MessageType.MsgSnapshot && m.to === lagger) snapshotsToLagger++;
    },
  });
  const leaderId = c.electLeader();
  lagger = c.ids.find((id) => id !== leaderId)!;
  proposeMany(c, "before", 0, 10, 5);
  sameState(c, "after 10 proposals with every node connected");

  c.isolate(lagger);
  proposeMany(c, "behind", 0, 120, 10);
  const leader = c.node(leaderId);
  check(
    leader.storage.firstIndex() > c.node(lagger).appliedIndex + 1,
    () =>
      `setup: the leader's storage should be compacted past node ${lagger}'s log (leader storage firstIndex ${leader.storage.firstIndex()}, node ${lagger} applied ${c.node(lagger).appliedIndex})`,
  );
  c.heal();
  for (let round = 0; round < 60 && c.node(lagger).appliedIndex < c.leader()!.appliedIndex; round++) c.tick();
  proposeMany(c, "after", 0, 5, 5);
  c.tick(5);

  check(
    snapshotsToLagger >= 1,
    () =>
      `node ${lagger} missed 120 entries while cut off, and the leader compacted its log past them (also in memory, after advance). ` +
      `It must be brought back with a MsgSnapshot, but no MsgSnapshot reached it. ` +
      `Node ${lagger}: applied ${c.node(lagger).appliedIndex}, committed ${c.node(lagger).raft.raftLog.committed}; ${c.describeStates()}`,
  );
  check(
    c.node(lagger).snapshotsInstalled >= 1,
    () =>
      `${snapshotsToLagger} MsgSnapshot reached node ${lagger}, but its Ready never carried a snapshot to install (Ready.snapshot stayed empty)`,
  );
  sameState(c, "after the network healed and 5 more proposals");
  checkEqual(
    "the number of values every node applied (10 + 120 + 5 proposals)",
    c.node(lagger).appData.length,
    135,
  );
});

const BOUND = 250;

graded("2C-9", () => {
  let worst = { size: 0, id: 0, applied: 0, first: 0 };
  const c: ReadyCluster = new ReadyCluster({
    size: 3,
    afterReady: (n) => {
      const all = n.raft.raftLog.allEntries().length;
      const raw = Array.isArray(n.raft.raftLog.entries) ? Math.max(0, n.raft.raftLog.entries.length - 1) : 0;
      const size = Math.max(all, raw);
      if (size > worst.size)
        worst = { size, id: n.id, applied: n.appliedIndex, first: n.storage.firstIndex() };
      compactEvery(() => c, 100)(n);
    },
  });
  c.electLeader();
  proposeMany(c, "v", 0, 3000, 10);
  sameState(c, "after 3000 proposals");
  checkEqual("values applied by every node", c.leader()!.appData.length, 3000);
  check(
    worst.size <= BOUND,
    () =>
      `With the application compacting storage every 100 applied entries, the in-memory log must stay small: ` +
      `after advance it should drop what storage has compacted (maybeCompact). ` +
      `Node ${worst.id} held ${worst.size} entries in memory after an advance (bound ${BOUND}), ` +
      `while its storage started at index ${worst.first} and it had applied ${worst.applied}.`,
  );
});
