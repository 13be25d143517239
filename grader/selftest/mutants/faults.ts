// Deliberate bugs that only show under faults: each passes a quiet, reliable
// run, and the graded fault tests (grader/sim/, ids 2x-F*) must catch it
// within their fixed seed lists. `mustFail` lists the fault tests checked by
// hand to fail with the bug (RAFTLAB_RAFT_DIR=<patched copy> and
// `npx jest -c grader/jest/stage.config.js grader/stages/<s>/faults.test.ts`).
// Scenario tests of the stages may catch some of them too; that is the
// stage mutants' business.

// Not here: "a leader commits an earlier-term entry by counting replicas"
// (the Raft paper's Figure 8). With this reference no execution can show it:
// a new leader appends its no-op at once and every MsgAppend carries the log
// up to its end, so every acknowledgement in a term covers that term's no-op,
// and the largest index a majority holds is always of the current term. The
// term check is then never the deciding condition. Only a test that injects an
// acknowledgement by hand sees the difference (2B-11, in mutants/2b.ts).
// 2B-F2 still drives Figure 8 situations and would catch the bug in an
// implementation that sends entries in smaller batches or no no-op.

import { Mutant } from "./types";

export const MUTANTS: Mutant[] = [
  {
    id: "faults-up-to-date-by-length",
    bug: "the vote's up-to-date check compares only log lengths, not last terms",
    file: "raft.ts",
    find: "const upToDate = m.logTerm > lastTerm || (m.logTerm === lastTerm && m.index >= lastIndex);",
    replace: "const upToDate = m.index >= lastIndex;",
    mustFail: ["2B-F2"],
  },
  {
    id: "faults-vote-forgotten-on-restart",
    bug: "a restarted node does not load its vote from storage, so it can vote twice in one term",
    file: "raft.ts",
    find: "r.vote = hardState.vote;",
    replace: "r.vote = None; // (bug) the stored vote is ignored",
    mustFail: ["2B-F3"],
  },
  {
    id: "faults-vote-persisted-late",
    bug: "the Ready carries a new vote one Ready late, so the vote is granted before it is saved",
    file: "rawnode.ts",
    find: "hardState: isHardStateEqual(hs, this.prevHardState) ? HardState.create() : hs,",
    replace:
      "hardState: isHardStateEqual(hs, this.prevHardState) ? HardState.create() : { ...hs, vote: this.prevHardState.vote },",
    mustFail: ["2B-F1", "2B-F2", "2B-F3", "2C-F1", "2C-F2"],
  },
  {
    id: "faults-accept-stale-append",
    bug: "a MsgAppend from an older term is accepted instead of ignored",
    file: "raft.ts",
    find: "} else if (m.term !== 0 && m.term < this.term) {",
    replace: "} else if (m.term !== 0 && m.term < this.term && m.msgType !== MessageType.MsgAppend) {",
    mustFail: ["2B-F1", "2B-F2", "2B-F3"],
  },
  {
    id: "faults-no-truncate-conflicts",
    bug: "a follower keeps its conflicting entries and only appends what is past its last index",
    file: "raft.ts",
    find: "log.append(m.entries.slice(k));",
    replace: "log.append(m.entries.slice(k).filter((x) => x.index > log.lastIndex()));",
    mustFail: ["2B-F1", "2B-F2", "2B-F3", "2C-F1"],
  },
  {
    id: "faults-apply-uncommitted",
    bug: "nextEnts hands out every entry in the log, committed or not",
    file: "log.ts",
    find: "const hi = Math.min(this.committed, this.lastIndex()) + 1;",
    replace: "const hi = this.lastIndex() + 1;",
    mustFail: ["2B-F1", "2B-F2", "2B-F3", "2C-F1", "2C-F2"],
  },
];
