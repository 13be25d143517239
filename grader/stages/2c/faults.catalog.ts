// The graded fault-injection tests of stage 2C (seeded simulator runs with
// periodic snapshots and log compaction; see grader/sim/). Each runs the fixed
// seed list of its scenario in grader/sim/scenarios.ts. 20 points in total (7, 7, 6).

import { GradedTestInfo } from "../../harness/catalog";

export const FAULT_CATALOG: GradedTestInfo[] = [
  {
    id: "2C-F1",
    stage: "2c",
    title: "Snapshots and compaction under faults",
    points: 7,
    checks:
      "8 seeded runs of 5 nodes for 400 ticks in which every node snapshots its key-value state and compacts its log every 15 ticks, while messages are lost and delayed, partitions form and nodes crash and restart. All safety properties after every event (a snapshot installed from a leader must agree with the entries others applied), then liveness: every node ends with the same applied index and the same key-value state.",
    hint: "When a follower needs entries the leader has compacted, send MsgSnapshot with storage.snapshot(). A follower installs a snapshot only if it is newer than its committed index, and then reports it in Ready.snapshot; after a restart, the log starts right after the stored snapshot.",
    doc: "stage-2c.md#faults-2c",
  },
  {
    id: "2C-F2",
    stage: "2c",
    title: "A node restarts behind a compacted log",
    points: 7,
    checks:
      "6 seeded runs of 3 nodes: node 3 crashes early; the others make progress, compact their logs and restart (so their logs now begin after a snapshot); then node 3 restarts. It must catch up by installing a snapshot, then apply the same entries as the others; all safety properties hold throughout.",
    hint: "The leader cannot send entries it no longer has: when term(next-1) throws ErrCompacted, send a snapshot instead, and after the follower acknowledges it continue with the entries after the snapshot. A restarted node must start its applied index at the snapshot index, not at 0 and not at commit.",
    doc: "stage-2c.md#faults-2c",
  },
  {
    id: "2C-F3",
    stage: "2c",
    title: "A snapshot that ends inside the follower's log",
    points: 6,
    checks:
      "10 seeded runs of 3 nodes for 300 ticks with 30% of messages lost while every node compacts its log every 4 ticks, so leaders often send a snapshot to a follower that already holds (and acknowledged) entries past the snapshot's end. Checks that a node never loses entries it acknowledged to the leader of its current term, besides all the other safety properties, that leaders did send snapshots (so the in-memory log must follow compaction), then liveness.",
    hint: "If your log already holds the snapshot's last entry (same index and term), do not throw your log away: commit up to the snapshot's index and keep the entries after it. You may have acknowledged them already, and the leader counts on you storing them (Raft paper, section 7). Install the snapshot only when your log does not hold its last entry.",
    doc: "stage-2c.md#faults-2c",
  },
];
