// The graded fault-injection tests of stage 2B (seeded simulator runs that
// drive RawNode through the full Ready loop; see grader/sim/). Each runs the
// fixed seed list of its scenario in grader/sim/scenarios.ts. 20 points in total, 5 each.

import { GradedTestInfo } from "../../harness/catalog";

export const FAULT_CATALOG: GradedTestInfo[] = [
  {
    id: "2B-F1",
    stage: "2b",
    title: "Replication over an unreliable network",
    points: 5,
    checks:
      "8 seeded runs of 5 nodes for 400 ticks with 10% message loss, duplicates, delays and partitions, while clients propose through the leader and retry. After every event: election safety, log matching, committed entries never change, no two nodes apply different entries at an index, commit and applied never go back, applied <= committed, and no vote or ack is sent before it is persisted. Afterwards every client operation commits and is applied on every node within the stated bounds.",
    hint: "A follower must check that the entry before the new ones matches (index and term) before appending, delete a conflicting suffix (and only a conflicting one), and advance its commit only up to the last entry the leader verified. A leader must retry a rejected append with a lower next index. Open the trace to see the first message that went wrong.",
    doc: "stage-2b.md#faults-2b",
  },
  {
    id: "2B-F2",
    stage: "2b",
    title: "Diverging logs: cut-off leaders keep taking proposals while new leaders crash",
    points: 5,
    checks:
      "16 seeded runs of 5 nodes for 500 ticks: leaders are cut off together with one follower (they keep taking proposals they can never commit) while new leaders crash soon after proposing, so logs diverge. Checks leader completeness (a new leader holds every committed entry) and that a committed entry is never overwritten, besides all the other safety properties, then liveness.",
    hint: "A leader may count replicas only to commit an entry of its own current term; older entries become committed indirectly when a current-term entry after them commits (the paper's Figure 8). Also check the up-to-date rule when voting: compare last log term first, then last index.",
    doc: "stage-2b.md#faults-2b",
  },
  {
    id: "2B-F3",
    stage: "2b",
    title: "Crash and restart from storage",
    points: 5,
    checks:
      "10 seeded runs of 5 nodes for 400 ticks with frequent crashes, including right after a node granted a vote or acknowledged entries; a restarted node is rebuilt only from its MemoryStorage. Checks one vote per term across restarts, the Ready contract (term, vote and entries saved before the messages that depend on them), and all safety properties, then liveness.",
    hint: "Everything a node promised must be in its Ready before the promise is sent: the new term and vote in Ready.hardState, appended entries in Ready.entries. On restart, newRaft must load term, vote and commit from storage.initialState(), and the log from storage.",
    doc: "stage-2b.md#faults-2b",
  },
  {
    id: "2B-F4",
    stage: "2b",
    title: "The Raft paper's Figure 8, steered on purpose",
    points: 5,
    checks:
      "10 seeded runs of 5 nodes for 600 ticks in which an adversary builds Figure 8 again and again: leader L1 is cut off with one follower and keeps taking proposals; the others elect L2, which is cut off at once; then everyone but L2 elects L3 (usually L1 or its follower), and at the very moment L3's commit index moves, L3 and one follower are cut off from L2 and the other two. Checks that no committed entry is ever lost (leader completeness: a new leader holds every committed entry), besides all the other safety properties, then liveness.",
    hint: "A leader may commit by counting copies only an entry of its own current term: check `term(n) === this.term` before moving `committed` to n. Entries of earlier terms become committed together with the first current-term entry after them; that is why a new leader appends a no-op at once (the paper's Figure 8 and section 5.4.2). Open the trace: find the leader whose commit index moved while the followers still lacked an entry of its term.",
    doc: "stage-2b.md#faults-2b",
  },
];
