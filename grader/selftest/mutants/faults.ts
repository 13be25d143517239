// Deliberate bugs that only show under faults: each passes a quiet, reliable
// run, and the graded fault tests (grader/sim/, ids 2x-F*) must catch it
// within their fixed seed lists. `mustFail` lists the fault tests checked by
// hand to fail with the bug (RAFTLAB_RAFT_DIR=<patched copy> and
// `npx jest -c grader/jest/stage.config.js grader/stages/<s>/faults.test.ts`).
// Scenario tests of the stages may catch some of them too; that is the
// stage mutants' business.

// "A leader commits an earlier-term entry by counting replicas" (the Raft
// paper's Figure 8) cannot show with this reference alone: a new leader
// appends its no-op at once and every MsgAppend carries the log up to its end,
// so every acknowledgement in a term covers that term's no-op and the term
// check never decides anything. It shows as soon as a leader sends fewer
// entries per message (etcd caps messages by size, a legal choice) or has no
// no-op, so the two mutants below pair the bug with each; 2B-F4 must catch
// both. 2B-11 (mutants/2b.ts) catches the bug alone with a hand-made ack.

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
    mustFail: ["2B-F1", "2B-F2", "2B-F3", "2C-F1", "2C-F2", "2B-F4"],
  },
  {
    id: "faults-entries-persisted-after-send",
    bug: "a Ready with messages leaves its new entries for the next Ready, so acks leave before the entries are saved",
    file: "rawnode.ts",
    find: "      entries: r.raftLog.unstableEntries(),\n      snapshot",
    replace: "      entries: r.msgs.length > 0 ? [] : r.raftLog.unstableEntries(),\n      snapshot",
    mustFail: ["2B-F1", "2B-F2", "2B-F3", "2B-F4", "2C-F1", "2C-F2"],
  },
  {
    id: "faults-accept-stale-append",
    bug: "a MsgAppend from an older term is accepted instead of ignored",
    file: "raft.ts",
    find: "} else if (m.term !== 0 && m.term < this.term) {",
    replace: "} else if (m.term !== 0 && m.term < this.term && m.msgType !== MessageType.MsgAppend) {",
    mustFail: ["2B-F1", "2B-F2", "2B-F3", "2B-F4"],
  },
  {
    id: "faults-no-truncate-conflicts",
    bug: "a follower keeps its conflicting entries and only appends what is past its last index",
    file: "raft.ts",
    find: "log.append(m.entries.slice(k));",
    replace: "log.append(m.entries.slice(k).filter((x) => x.index > log.lastIndex()));",
    mustFail: ["2B-F1", "2B-F2", "2B-F3", "2C-F1", "2B-F4"],
  },
  {
    id: "faults-apply-uncommitted",
    bug: "nextEnts hands out every entry in the log, committed or not",
    file: "log.ts",
    find: "const hi = Math.min(this.committed, this.lastIndex()) + 1;",
    replace: "const hi = this.lastIndex() + 1;",
    mustFail: ["2B-F1", "2B-F2", "2B-F3", "2C-F1", "2C-F2", "2B-F4"],
  },
  {
    id: "faults-snapshot-drops-acked-entries",
    bug: "a follower throws its whole log away for any newer snapshot, even one that ends inside its log, losing entries it acknowledged",
    file: "raft.ts",
    find: "    if (this.raftLog.matchTerm(meta.index, meta.term)) {",
    replace: "    if (false as boolean) {",
    mustFail: ["2C-F3"],
  },
  {
    id: "faults-commit-earlier-term-one-entry-per-append",
    bug: "the leader commits an entry of an earlier term once a majority stores it (with a leader that sends one entry per MsgAppend, which alone is fine)",
    file: "raft.ts",
    find: "if (n > this.raftLog.committed && this.raftLog.term(n) === this.term) {",
    replace: "if (n > this.raftLog.committed) {",
    with: [
      {
        file: "raft.ts",
        find: "entries = this.raftLog.slice(pr.next, this.raftLog.lastIndex() + 1);",
        replace:
          "entries = this.raftLog.slice(pr.next, Math.min(pr.next + 1, this.raftLog.lastIndex() + 1));",
      },
    ],
    mustFail: ["2B-F4"],
  },
  {
    id: "faults-commit-earlier-term-no-noop",
    bug: "the leader commits an entry of an earlier term once a majority stores it, and a new leader appends no no-op",
    file: "raft.ts",
    find: "if (n > this.raftLog.committed && this.raftLog.term(n) === this.term) {",
    replace: "if (n > this.raftLog.committed) {",
    with: [
      {
        file: "raft.ts",
        find: "      Entry.fromPartial({ entryType: EntryType.EntryNormal, term: this.term, index: last + 1 }),\n",
        replace: "",
      },
    ],
    mustFail: ["2B-F4"],
  },
];
