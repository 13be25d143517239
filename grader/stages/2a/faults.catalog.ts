// The graded fault-injection tests of stage 2A (seeded simulator runs that
// drive Raft directly through tick, step and msgs; see grader/sim/).
// Each runs the fixed seed list of its scenario in grader/sim/scenarios.ts.
// 20 points in total.

import { GradedTestInfo } from "../../harness/catalog";

export const FAULT_CATALOG: GradedTestInfo[] = [
  {
    id: "2A-F1",
    stage: "2a",
    title: "Elections under message loss and partitions",
    points: 7,
    checks:
      "20 seeded runs of 5 nodes for 300 ticks while 20% of messages are lost, some duplicated or delayed up to 4 ticks, and partitions form and heal. After every event: at most one leader per term, one vote per node per term, terms never go back. Once the faults stop, one leader followed by every node within 300 ticks.",
    hint: "Elections must work when votes and heartbeats go missing: a candidate whose election fails must time out again (with a freshly drawn random timeout) and retry at a higher term, and a node must never grant two votes in one term. Read the failure's seed and open its trace to see the exact sequence of messages.",
    doc: "stage-2a.md#faults-2a",
  },
  {
    id: "2A-F2",
    stage: "2a",
    title: "A new leader is elected when the leader is cut off",
    points: 6,
    checks:
      "12 seeded runs of 5 nodes: the leader is isolated twice; each time the four others must elect a leader with a higher term within 200 ticks, and after the partition heals the old leader must step down and follow the new one.",
    hint: "Followers that stop hearing heartbeats must start an election after their randomized timeout. When the old leader hears a message with a higher term it must become a follower at once; a lone leader cannot stay in charge after it rejoins.",
    doc: "stage-2a.md#faults-2a",
  },
  {
    id: "2A-F3",
    stage: "2a",
    title: "No split brain with late and duplicated messages",
    points: 7,
    checks:
      "20 seeded runs of 5 nodes with frequent partitions that isolate the leader, 30% duplicated messages and delays up to 12 ticks, so old vote requests and responses arrive late and twice. After every event: at most one leader per term and one vote per node per term; afterwards a single leader within 300 ticks.",
    hint: "A late or duplicated vote response must not count twice (count voters, not responses) and must be ignored when it is from an older term. A vote granted in a term is final for that term, even if another candidate asks later.",
    doc: "stage-2a.md#faults-2a",
  },
];
