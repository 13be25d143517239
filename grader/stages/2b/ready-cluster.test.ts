// Stage 2B, whole clusters of RawNodes driven through the full Ready loop
// (grader/harness/cluster.ts): 2B-34 (3 nodes, with a leader change) and
// 2B-35 (5 nodes, seeded message loss). The driver itself fails the test as
// soon as a node applies out of order, twice, or differently from another.

import { GradeFailure, check, checkEqual } from "../../harness/assert";
import { ClusterNode, ReadyCluster } from "../../harness/cluster";
import { fmtEntry } from "../../harness/format";
import { gradedFor } from "../../harness/graded";
import { CATALOG } from "./catalog";

const graded = gradedFor(CATALOG);

function appliedView(n: ClusterNode): string {
  return `[${n.applied.map(fmtEntry).join(", ")}]`;
}

/** Every node applied exactly the same entries (index, term, data) in the same order. */
function checkSameApplied(c: ReadyCluster): void {
  const first = c.node(c.ids[0]);
  for (const id of c.ids.slice(1)) {
    const n = c.node(id);
    checkEqual(
      `entries applied by node ${id} compared with node ${first.id} (every node must apply the same entries in the same order)`,
      appliedView(n),
      appliedView(first),
    );
  }
}

/** Ticks until every node has applied everything the leader committed and the leader committed its last entry. */
function tickUntilAllApplied(c: ReadyCluster, maxTicks: number): void {
  for (let t = 0; t <= maxTicks; t++) {
    c.settle();
    const l = c.leader();
    if (l !== undefined) {
      const last = l.raft.raftLog.lastIndex();
      if (l.raft.raftLog.committed === last && c.ids.every((id) => c.node(id).appliedIndex === last)) return;
    }
    c.tick();
  }
  const l = c.leader();
  const where = c.ids.map((id) => `n${id} applied ${c.node(id).appliedIndex}`).join(", ");
  throw new GradeFailure(
    `after ${maxTicks} ticks with no message loss, not every node applied the leader's log ` +
      `(leader ${l === undefined ? "none" : `n${l.id} last index ${l.raft.raftLog.lastIndex()} committed ${l.raft.raftLog.committed}`}; ${where}; ${c.describeStates()})`,
  );
}

graded("2B-34", () => {
  const c = new ReadyCluster({ size: 3 });
  const first = c.electLeader();
  const proposals: string[] = [];
  // One at a time: each proposal is fully replicated before the next.
  for (let i = 0; i < 10; i++) {
    const d = `one-${i}`;
    check(c.propose(d), () => `the leader n${first} refused proposal "${d}"`);
    proposals.push(d);
    c.settle();
  }
  // Several at once: they travel in overlapping MsgAppends.
  for (let i = 0; i < 10; i++) {
    const d = `batch-${i}`;
    check(c.propose(d), () => `the leader n${first} refused proposal "${d}"`);
    proposals.push(d);
  }
  tickUntilAllApplied(c, 50);
  for (const id of c.ids) {
    checkEqual(
      `data node ${id} applied, in order (the leader n${first} never changed)`,
      c.node(id).appData,
      proposals,
    );
  }
  checkSameApplied(c);
  const lead = c.node(first);
  const last = lead.raft.raftLog.lastIndex();
  const progress = lead.rawNode.getProgress();
  checkEqual(
    `leader n${first}'s getProgress() once every node holds its whole log (last index ${last}): match of each member`,
    c.ids.map((id) => `n${id} match ${progress.get(id)?.match}`),
    c.ids.map((id) => `n${id} match ${last}`),
  );

  // A leader change: cut the leader off until another node takes over at a higher term.
  c.isolate(first);
  let second: number | undefined;
  for (let t = 0; t < 300 && second === undefined; t++) {
    c.tick();
    const l = c.leader();
    if (l !== undefined && l.id !== first) second = l.id;
  }
  check(
    second !== undefined,
    () =>
      `after isolating the leader n${first}, no other node became leader in 300 ticks (${c.describeStates()})`,
  );
  for (let i = 0; i < 5; i++) {
    const d = `after-${i}`;
    check(c.propose(d, second), () => `the new leader n${second} refused proposal "${d}"`);
    proposals.push(d);
    c.settle();
  }
  c.heal();
  tickUntilAllApplied(c, 100);
  for (const id of c.ids) {
    checkEqual(
      `data node ${id} applied after the leader changed from n${first} to n${second}`,
      c.node(id).appData,
      proposals,
    );
  }
  checkSameApplied(c);
});

graded("2B-35", () => {
  const c = new ReadyCluster({ size: 5, dropRate: 0.1 });
  c.electLeader();
  const proposed: { data: string; term: number }[] = [];
  for (let i = 0; i < 60; i++) {
    const l = c.leader();
    if (l !== undefined) {
      const d = `cmd-${i}`;
      const term = l.raft.term;
      if (c.propose(d, l.id)) proposed.push({ data: d, term });
    }
    c.tick();
  }
  check(
    c.stats.dropped > 0,
    "the lossy network dropped no message (grader error: the drop rate is not applied)",
  );

  c.dropRate = 0;
  const final = c.node(c.electLeader());
  check(c.propose("final", final.id), () => `the leader n${final.id} refused the final proposal`);
  proposed.push({ data: "final", term: final.raft.term });
  tickUntilAllApplied(c, 200);
  checkSameApplied(c);

  // Applied data: proposals only, each at most once, in the order they were proposed.
  const order = new Map(proposed.map((p, i) => [p.data, i]));
  const applied = final.appData;
  let prev = -1;
  for (const d of applied) {
    const at = order.get(d);
    check(at !== undefined, () => `node ${final.id} applied "${d}", which was never proposed`);
    check(
      at > prev,
      () => `"${d}" was applied after a later proposal or twice; applied data: ${JSON.stringify(applied)}`,
    );
    prev = at;
  }
  // A leader keeps every entry of its own term, so every proposal made in the final leader's term must be applied.
  const applySet = new Set(applied);
  const missing = proposed
    .filter((p) => p.term === final.raft.term && !applySet.has(p.data))
    .map((p) => p.data);
  checkEqual(
    `proposals made to the final leader n${final.id} (term ${final.raft.term}) that no node applied`,
    missing,
    [],
  );
});
