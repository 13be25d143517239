// Deliberate stage-3A bugs (the extension: membership change and leadership
// transfer): the reference broken the way a student might break it, each with
// the 3A graded tests that must fail. The first group is every §5.1 row of
// the spec whose scenarios include X tests (3A-1..3A-16 are X-1..X-16); the
// second holds other plausible transfer and conf-change bugs. `mustFail` lists
// every 3A test that failed with the bug when checked by hand.
//
// None of these is a freedom of §5.2: no mutant changes whether the transferee
// forwards or campaigns, the transfer timeout, whether proposals are refused
// during a transfer, what a self-transfer does, or whether a gated conf change
// is dropped or emptied.

import { Mutant } from "./types";

export const MUTANTS: Mutant[] = [
  // ---- spec §5.1 rows with X scenarios ----------------------------------
  {
    id: "3a-term0-stale",
    bug: "term 0 (local) messages are treated as stale and ignored",
    file: "raft.ts",
    find: "} else if (m.term !== 0 && m.term < this.term) {",
    replace: "} else if (m.term < this.term) {",
    mustFail: [
      "3A-3",
      "3A-4",
      "3A-5",
      "3A-6",
      "3A-7",
      "3A-8",
      "3A-9",
      "3A-10",
      "3A-12",
      "3A-13",
      "3A-15",
      "3A-16",
      "3A-17",
    ],
  },
  {
    id: "3a-no-noop-broadcast",
    bug: "a new leader appends its no-op but does not send it to the followers",
    file: "raft.ts",
    find: `    ]);
    this.maybeCommit(); // a single voter commits at once
    this.bcastAppend();`,
    replace: `    ]);
    this.maybeCommit(); // a single voter commits at once`,
    mustFail: ["3A-4", "3A-5", "3A-6", "3A-7", "3A-8", "3A-9", "3A-10", "3A-12", "3A-13"],
  },
  {
    id: "3a-same-term-append-no-lead",
    bug: "a follower does not record the sender of a same-term MsgAppend or heartbeat as its leader",
    file: "raft.ts",
    find: `      this.lead = m.from;
      this.electionElapsed = 0;`,
    replace: `      this.electionElapsed = 0;`,
    mustFail: ["3A-4", "3A-5", "3A-6", "3A-7", "3A-8", "3A-9", "3A-10", "3A-12", "3A-13"],
  },
  {
    id: "3a-leader-lead-not-self",
    bug: "a leader's lead field is not its own id",
    file: "raft.ts",
    find: "    this.lead = this.id;",
    replace: "    this.lead = None;",
    mustFail: ["3A-4", "3A-5", "3A-8", "3A-9", "3A-10", "3A-11", "3A-12", "3A-15", "3A-16"],
  },
  {
    id: "3a-vote-not-cleared",
    bug: "the vote is not cleared when the term changes",
    file: "raft.ts",
    find: `      this.term = term;
      this.vote = None;`,
    replace: `      this.term = term;`,
    mustFail: ["3A-4", "3A-5", "3A-6", "3A-7", "3A-8", "3A-9", "3A-10", "3A-12", "3A-13"],
  },
  {
    id: "3a-nonmember-campaigns-on-timeoutnow",
    bug: "a node that is not a member campaigns when it receives MsgTimeoutNow",
    file: "raft.ts",
    find: `    if (this.prs.has(this.id)) {
      this.campaign();
    }`,
    replace: `    const member = this.prs.has(this.id);
    if (!member) {
      this.prs.set(this.id, new Progress(0, this.raftLog.lastIndex() + 1));
    }
    this.campaign();
    if (!member) {
      this.prs.delete(this.id);
    }`,
    mustFail: ["3A-14"],
  },
  {
    id: "3a-removenode-no-commit",
    bug: "removeNode does not recompute the leader's commit index",
    file: "raft.ts",
    find: `    if (this.state === StateType.Leader && this.maybeCommit()) {
      this.bcastAppend();
    }`,
    replace: "",
    mustFail: ["3A-3"],
  },
  {
    id: "3a-pending-conf-at-noop",
    bug: "a new leader sets pendingConfIndex to its no-op's index, so it refuses a conf change until the no-op is applied",
    file: "raft.ts",
    find: "    this.pendingConfIndex = last;",
    replace: "    this.pendingConfIndex = last + 1;",
    mustFail: ["3A-3", "3A-15"],
  },
  {
    id: "3a-advance-keeps-applied",
    bug: "advance does not move applied",
    file: "rawnode.ts",
    find: "      log.applied = Math.max(log.applied, rd.committedEntries[rd.committedEntries.length - 1].index);",
    replace: "",
    mustFail: ["3A-15", "3A-16"],
  },
  {
    id: "3a-noop-has-data",
    bug: "the leader's no-op entry carries data",
    file: "raft.ts",
    find: "Entry.fromPartial({ entryType: EntryType.EntryNormal, term: this.term, index: last + 1 }),",
    replace:
      'Entry.fromPartial({ entryType: EntryType.EntryNormal, term: this.term, index: last + 1, data: Buffer.from("noop") }),',
    mustFail: ["3A-3", "3A-17"],
  },
  {
    id: "3a-noop-not-normal",
    bug: "the leader's no-op entry is not an EntryNormal entry",
    file: "raft.ts",
    find: "Entry.fromPartial({ entryType: EntryType.EntryNormal, term: this.term, index: last + 1 }),",
    replace: "Entry.fromPartial({ entryType: EntryType.EntryConfChange, term: this.term, index: last + 1 }),",
    mustFail: ["3A-3"],
  },
  {
    id: "3a-follower-ignores-transfer",
    bug: "a follower ignores MsgTransferLeader (neither forwards it nor campaigns)",
    file: "raft.ts",
    find: `      case MessageType.MsgTransferLeader:
        this.handleTransferLeader(m);
        return;
      case MessageType.MsgTimeoutNow:`,
    replace: `      case MessageType.MsgTimeoutNow:`,
    mustFail: ["3A-5"],
  },
  {
    id: "3a-second-transfer-ignored",
    bug: "while a transfer is pending, a request naming another node is ignored",
    file: "raft.ts",
    find: "    if (this.leadTransferee === transferee) {",
    replace: "    if (this.leadTransferee !== None && transferee !== this.id) {",
    mustFail: ["3A-13"],
  },
  {
    id: "3a-lagging-transferee-not-caught-up",
    bug: "the leader waits for a lagging transferee instead of sending it the missing entries",
    file: "raft.ts",
    find: "      this.sendAppend(transferee); // catch it up first; its ack finishes the transfer",
    replace: "",
    mustFail: ["3A-6"],
  },
  // ---- further transfer and conf-change bugs -----------------------------
  {
    id: "3a-timeoutnow-to-lagging",
    bug: "the leader sends MsgTimeoutNow at once, even to a transferee whose log is behind",
    file: "raft.ts",
    find: "    if (pr.match === this.raftLog.lastIndex()) {",
    replace: "    if (pr !== undefined) {",
    mustFail: ["3A-6", "3A-7"],
  },
  {
    id: "3a-transfer-to-nonmember",
    bug: "the leader does not check that the transferee is a member",
    file: "raft.ts",
    find: " || !this.prs.has(transferee)",
    replace: "",
    mustFail: ["3A-9", "3A-11"],
  },
  {
    id: "3a-gate-never-closes",
    bug: "an accepted conf change does not update pendingConfIndex, so a second one is accepted before the first is applied",
    file: "raft.ts",
    find: "      this.pendingConfIndex = confIndex;",
    replace: "",
    mustFail: ["3A-17"],
  },
  {
    id: "3a-gate-on-committed",
    bug: "the one-change gate compares with committed instead of applied",
    file: "raft.ts",
    find: "this.pendingConfIndex > this.raftLog.applied",
    replace: "this.pendingConfIndex > this.raftLog.committed",
    mustFail: ["3A-17"],
  },
  {
    id: "3a-removenode-throws-when-absent",
    bug: "removeNode assumes the node is present and crashes when the membership becomes empty",
    file: "raft.ts",
    find: `    if (!this.prs.delete(id)) {
      return;
    }`,
    replace: `    if (!this.prs.delete(id)) {
      return;
    }
    if (this.prs.size === 0) {
      throw new Error("no members left");
    }`,
    mustFail: ["3A-2"],
  },
  {
    id: "3a-addnode-ignored",
    bug: "addNode does nothing",
    file: "raft.ts",
    find: `    if (!this.prs.has(id)) {
      this.prs.set(id, new Progress(0, this.raftLog.lastIndex() + 1));
    }`,
    replace: "",
    mustFail: ["3A-1"],
  },
];
