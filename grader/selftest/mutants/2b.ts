// Deliberate stage-2B bugs: the reference broken the way a student might
// break it, each with the 2B graded scenario tests that must fail. The first
// group is every §5.1 row of the spec whose scenarios include 2B tests (rows
// shared with 2A get their own 2B mutant here, listing 2B tests only); the
// second group holds other plausible replication and RawNode bugs, so that
// every 2B scenario test is shown to catch at least one. `mustFail` lists
// the 2B scenario tests seen failing with the bug under RAFTLAB_SEED 1. Only
// 2B-34 and 2B-35 depend on the seed (random election timeouts and message
// loss); they are listed only where they failed under every seed 1..5.
// Fault tests (2B-F*) belong to the fault-injection mutants.

import { Mutant } from "./types";

export const MUTANTS: Mutant[] = [
  // ---- spec §5.1 rows with 2B scenarios --------------------------------
  {
    id: "2b-term0-stale",
    bug: "term 0 (local) messages are treated as stale and ignored",
    file: "raft.ts",
    find: "} else if (m.term !== 0 && m.term < this.term) {",
    replace: "} else if (m.term < this.term) {",
    mustFail: [
      "2B-1",
      "2B-2",
      "2B-3",
      "2B-4",
      "2B-8",
      "2B-9",
      "2B-12",
      "2B-13",
      "2B-14",
      "2B-15",
      "2B-16",
      "2B-17",
      "2B-18",
      "2B-19",
      "2B-20",
      "2B-21",
      "2B-25",
      "2B-26",
      "2B-27",
      "2B-34",
      "2B-35",
    ],
  },
  {
    id: "2b-no-noop-broadcast",
    bug: "a new leader appends its no-op but does not send it to the followers",
    file: "raft.ts",
    find: `    ]);
    this.maybeCommit(); // a single voter commits at once
    this.bcastAppend();`,
    replace: `    ]);
    this.maybeCommit(); // a single voter commits at once`,
    mustFail: ["2B-13", "2B-16", "2B-17", "2B-18", "2B-20", "2B-25"],
  },
  {
    id: "2b-leader-sends-heartbeats",
    bug: "a new leader also sends heartbeats along with the no-op",
    file: "raft.ts",
    find: `    ]);
    this.maybeCommit(); // a single voter commits at once
    this.bcastAppend();`,
    replace: `    ]);
    this.maybeCommit(); // a single voter commits at once
    this.bcastAppend();
    for (const to of this.prs.keys()) {
      if (to !== this.id) {
        this.sendHeartbeat(to);
      }
    }`,
    mustFail: ["2B-1", "2B-2", "2B-3", "2B-4"],
  },
  {
    id: "2b-optimistic-next",
    bug: "the leader moves next past what it sent as soon as it sends (with the no-op broadcast inside becomeLeader)",
    file: "raft.ts",
    find: `        commit: this.raftLog.committed,
      }),
    );
    return true;`,
    replace: `        commit: this.raftLog.committed,
      }),
    );
    pr.next = this.raftLog.lastIndex() + 1;
    return true;`,
    mustFail: ["2B-1", "2B-2", "2B-3", "2B-8", "2B-13"],
  },
  {
    id: "2b-next-after-noop",
    bug: "becomeLeader sets every follower's next after appending the no-op, so the no-op is never sent",
    file: "raft.ts",
    find: `      pr.match = 0;
      pr.next = last + 1;`,
    replace: `      pr.match = 0;
      pr.next = last + 2;`,
    mustFail: ["2B-1", "2B-2", "2B-3"],
  },
  {
    id: "2b-candidate-sends-votes",
    bug: "becomeCandidate sends the vote requests itself (so MsgHup sends them twice)",
    file: "raft.ts",
    find: `    this.state = StateType.Candidate;
    this.vote = this.id;
    this.votes.set(this.id, true);`,
    replace: `    this.state = StateType.Candidate;
    this.vote = this.id;
    this.votes.set(this.id, true);
    for (const to of this.prs.keys()) {
      if (to !== this.id) {
        const index = this.raftLog.lastIndex();
        this.msgs.push(
          newMessage({ msgType: MessageType.MsgRequestVote, to, from: this.id, term: this.term, index, logTerm: this.raftLog.term(index) }),
        );
      }
    }`,
    mustFail: ["2B-1", "2B-2", "2B-3", "2B-4", "2B-9"],
  },
  {
    id: "2b-no-commit-broadcast",
    bug: "when the commit index moves, the leader does not tell the followers",
    file: "raft.ts",
    find: `    if (this.maybeCommit()) {
      this.bcastAppend(); // tell everyone the new commit index
    }`,
    replace: `    this.maybeCommit();`,
    mustFail: ["2B-2", "2B-8", "2B-14", "2B-16", "2B-17", "2B-18", "2B-20", "2B-21", "2B-25"],
  },
  {
    id: "2b-no-empty-append",
    bug: "sendAppend sends nothing when the follower already has every entry (so commit advances never reach it)",
    file: "raft.ts",
    find: `    this.msgs.push(
      newMessage({
        msgType: MessageType.MsgAppend,`,
    replace: `    if (entries.length === 0) {
      return false;
    }
    this.msgs.push(
      newMessage({
        msgType: MessageType.MsgAppend,`,
    mustFail: ["2B-2", "2B-8", "2B-14", "2B-16", "2B-18", "2B-20", "2B-21", "2B-25"],
  },
  {
    id: "2b-append-to-every-acker",
    bug: "the leader answers every accepted ack with another MsgAppend, even when commit did not move",
    file: "raft.ts",
    find: `    if (this.maybeCommit()) {
      this.bcastAppend(); // tell everyone the new commit index
    }`,
    replace: `    if (this.maybeCommit()) {
      this.bcastAppend(); // tell everyone the new commit index
    } else {
      this.sendAppend(m.from);
    }`,
    mustFail: [
      "2B-2",
      "2B-8",
      "2B-13",
      "2B-14",
      "2B-16",
      "2B-17",
      "2B-18",
      "2B-19",
      "2B-20",
      "2B-21",
      "2B-25",
      "2B-26",
      "2B-34",
      "2B-35",
    ],
  },
  {
    id: "2b-proposal-not-sent",
    bug: "the leader appends a proposal but does not send it to the followers",
    file: "raft.ts",
    find: `    this.appendEntries(ents);
    this.maybeCommit(); // a single voter commits at once
    this.bcastAppend();`,
    replace: `    this.appendEntries(ents);
    this.maybeCommit(); // a single voter commits at once`,
    mustFail: ["2B-1", "2B-2", "2B-3", "2B-4", "2B-8", "2B-14", "2B-16", "2B-20", "2B-21", "2B-25", "2B-26"],
  },
  {
    id: "2b-no-resend-after-reject",
    bug: "after a rejection the leader lowers next but waits instead of sending again at once",
    file: "raft.ts",
    find: `      pr.next = Math.max(pr.match + 1, Math.min(pr.next - 1, m.index + 1));
      this.sendAppend(m.from);`,
    replace: `      pr.next = Math.max(pr.match + 1, Math.min(pr.next - 1, m.index + 1));`,
    mustFail: ["2B-8", "2B-13", "2B-16"],
  },
  {
    id: "2b-candidate-ignores-rejections",
    bug: "a candidate that a majority rejects stays a candidate",
    file: "raft.ts",
    find: `    if (rejected >= quorum) {
      this.becomeFollower(this.term, None);
      return true;
    }`,
    replace: ``,
    mustFail: ["2B-13", "2B-18"],
  },
  {
    id: "2b-candidate-ignores-leader",
    bug: "a candidate ignores a MsgAppend or MsgHeartbeat of its own term and stays a candidate",
    file: "raft.ts",
    find: `    if (this.state === StateType.Candidate) {
      this.becomeFollower(this.term, m.from);
    } else {`,
    replace: `    if (this.state === StateType.Candidate) {
      return;
    } else {`,
    mustFail: ["2B-19"],
  },
  {
    id: "2b-candidate-appends-proposals",
    bug: "a candidate appends proposals to its log (and sends them)",
    file: "raft.ts",
    find: `      case MessageType.MsgPropose:
        throw new ErrProposalDropped(
          \`node \${this.id} is a candidate in term \${this.term}: no leader to propose to\`,
        );`,
    replace: `      case MessageType.MsgPropose:
        this.handlePropose(m);
        return;`,
    mustFail: ["2B-21", "2B-32"],
  },
  {
    id: "2b-follower-commit-to-last",
    bug: "a follower commits up to min(leader commit, its own last index) instead of the last entry the message carried",
    file: "raft.ts",
    find: "log.commitTo(Math.min(m.commit, lastNew));",
    replace: "log.commitTo(Math.min(m.commit, log.lastIndex()));",
    mustFail: ["2B-22", "2B-29"],
  },
  {
    id: "2b-truncate-matching-suffix",
    bug: "a follower always replaces its log from the first entry of a MsgAppend, cutting off matching entries after it",
    file: "raft.ts",
    find: `    for (let k = 0; k < m.entries.length; k++) {
      const e = m.entries[k];
      if (!log.matchTerm(e.index, e.term)) {
        log.append(m.entries.slice(k));
        break;
      }
    }`,
    replace: `    if (m.entries.length > 0) {
      log.append(m.entries);
    }`,
    mustFail: ["2B-7"],
  },
  {
    id: "2b-old-term-commit",
    bug: "the leader commits an entry of an earlier term once a majority stores it",
    file: "raft.ts",
    find: "if (n > this.raftLog.committed && this.raftLog.term(n) === this.term) {",
    replace: "if (n > this.raftLog.committed) {",
    mustFail: ["2B-11"],
  },
  {
    id: "2b-own-progress-stale",
    bug: "the leader does not update its own Progress when it appends",
    file: "raft.ts",
    find: `    if (pr !== undefined) {
      pr.match = last;
      pr.next = last + 1;
    }`,
    replace: ``,
    mustFail: ["2B-3", "2B-8", "2B-11", "2B-12", "2B-15", "2B-18", "2B-21", "2B-25", "2B-27", "2B-34"],
  },
  {
    id: "2b-heartbeat-full-commit",
    bug: "heartbeats carry the leader's full commit index and the follower adopts it",
    file: "raft.ts",
    find: "const commit = pr === undefined ? 0 : Math.min(pr.match, this.raftLog.committed);",
    replace: "const commit = this.raftLog.committed;",
    mustFail: ["2B-25"],
  },
  {
    id: "2b-no-catch-up-on-heartbeat-response",
    bug: "the leader ignores heartbeat responses, so a lagging follower is not sent the entries it lacks",
    file: "raft.ts",
    find: `    if (pr !== undefined && pr.match < this.raftLog.lastIndex()) {
      this.sendAppend(m.from);
    }`,
    replace: ``,
    mustFail: ["2B-17", "2B-34"],
  },
  {
    id: "2b-no-heartbeat-response",
    bug: "a follower does not answer heartbeats",
    file: "raft.ts",
    find: `    this.msgs.push(
      newMessage({ msgType: MessageType.MsgHeartbeatResponse, to: m.from, from: this.id, term: this.term }),
    );`,
    replace: ``,
    mustFail: ["2B-17", "2B-34"],
  },
  {
    id: "2b-lead-not-set-by-append",
    bug: "a follower does not learn the leader from a MsgAppend or heartbeat of its own term",
    file: "raft.ts",
    find: `    } else {
      this.lead = m.from;
      this.electionElapsed = 0;
    }`,
    replace: `    } else {
      this.electionElapsed = 0;
    }`,
    mustFail: ["2B-24"],
  },
  {
    id: "2b-vote-kept-on-new-term",
    bug: "the vote is not cleared when the term changes",
    file: "raft.ts",
    find: `    if (this.term !== term) {
      this.term = term;
      this.vote = None;
    }`,
    replace: `    if (this.term !== term) {
      this.term = term;
    }`,
    mustFail: ["2B-13", "2B-14", "2B-16", "2B-20", "2B-25", "2B-34"],
  },
  {
    id: "2b-vote-always-cleared",
    bug: "becomeFollower always clears the vote, so a vote loaded from storage (or cast this term) is lost",
    file: "raft.ts",
    find: `    if (this.term !== term) {
      this.term = term;
      this.vote = None;
    }`,
    replace: `    this.term = term;
    this.vote = None;`,
    mustFail: ["2B-13"],
  },
  {
    id: "2b-silent-vote-reject",
    bug: "a leader or candidate drops a same-term vote request without replying",
    file: "raft.ts",
    find: `    const grant = this.state === StateType.Follower && free && upToDate;`,
    replace: `    if (this.state !== StateType.Follower) {
      return;
    }
    const grant = free && upToDate;`,
    mustFail: ["2B-23"],
  },
  {
    id: "2b-advance-keeps-applied",
    bug: "RawNode.advance does not move applied",
    file: "rawnode.ts",
    find: `    if (rd.committedEntries.length > 0) {
      log.applied = Math.max(log.applied, rd.committedEntries[rd.committedEntries.length - 1].index);
    }`,
    replace: ``,
    mustFail: ["2B-27", "2B-28", "2B-34", "2B-35"],
  },
  {
    id: "2b-advance-keeps-stabled",
    bug: "RawNode.advance does not move stabled",
    file: "rawnode.ts",
    find: `    if (rd.entries.length > 0) {
      const last = rd.entries[rd.entries.length - 1];
      log.stableTo(last.index, last.term);
    }`,
    replace: ``,
    mustFail: ["2B-27", "2B-34", "2B-35"],
  },
  {
    id: "2b-applied-starts-at-commit",
    bug: "newLog starts applied at the stored commit index, so a restart never replays committed entries",
    file: "log.ts",
    find: "  log.applied = first - 1;",
    replace: "  log.applied = log.committed;",
    mustFail: ["2B-28", "2B-30"],
  },
  {
    id: "2b-nextents-stable-only",
    bug: "nextEnts returns only committed entries that are already stable",
    file: "log.ts",
    find: "const hi = Math.min(this.committed, this.lastIndex()) + 1;",
    replace: "const hi = Math.min(this.committed, this.stabled) + 1;",
    mustFail: ["2B-2", "2B-4", "2B-5", "2B-27", "2B-30"],
  },
  {
    id: "2b-softstate-always",
    bug: "every Ready carries a softState, changed or not",
    file: "rawnode.ts",
    find: "softState: this.softStateChanged() ? this.softState() : undefined,",
    replace: "softState: this.softState(),",
    mustFail: ["2B-28"],
  },
  {
    id: "2b-hardstate-always",
    bug: "every Ready carries the hard state, changed or not",
    file: "rawnode.ts",
    find: "hardState: isHardStateEqual(hs, this.prevHardState) ? HardState.create() : hs,",
    replace: "hardState: hs,",
    mustFail: ["2B-28"],
  },
  {
    id: "2b-ready-undefined-when-empty",
    bug: "Ready.entries is undefined instead of [] when there is nothing to store",
    file: "rawnode.ts",
    find: `      entries: r.raftLog.unstableEntries(),`,
    replace: `      entries: r.raftLog.unstableEntries().length > 0 ? r.raftLog.unstableEntries() : (undefined as never),`,
    mustFail: ["2B-28", "2B-34", "2B-35"],
  },
  {
    id: "2b-ready-messages-undefined",
    bug: "Ready.messages is undefined instead of [] when there is nothing to send",
    file: "rawnode.ts",
    find: `      messages: r.msgs,`,
    replace: `      messages: r.msgs.length > 0 ? r.msgs : (undefined as never),`,
    mustFail: ["2B-28"],
  },
  {
    id: "2b-hasready-any-hardstate",
    bug: "hasReady is true whenever the hard state is not empty, even if it did not change",
    file: "rawnode.ts",
    find: "(!isEmptyHardState(hs) && !isHardStateEqual(hs, this.prevHardState)) ||",
    replace: "!isEmptyHardState(hs) ||",
    mustFail: ["2B-27", "2B-28", "2B-34", "2B-35"],
  },
  {
    id: "2b-noop-has-data",
    bug: "the new leader's no-op entry carries data",
    file: "raft.ts",
    find: "Entry.fromPartial({ entryType: EntryType.EntryNormal, term: this.term, index: last + 1 }),",
    replace:
      "Entry.fromPartial({ entryType: EntryType.EntryNormal, term: this.term, index: last + 1, data: Buffer.from('noop') }),",
    mustFail: [
      "2B-1",
      "2B-2",
      "2B-3",
      "2B-4",
      "2B-8",
      "2B-14",
      "2B-18",
      "2B-19",
      "2B-20",
      "2B-21",
      "2B-34",
      "2B-35",
    ],
  },
  {
    id: "2b-noop-wrong-type",
    bug: "the new leader's no-op entry is not an EntryNormal",
    file: "raft.ts",
    find: "Entry.fromPartial({ entryType: EntryType.EntryNormal, term: this.term, index: last + 1 }),",
    replace: "Entry.fromPartial({ entryType: EntryType.EntryConfChange, term: this.term, index: last + 1 }),",
    mustFail: ["2B-1", "2B-4", "2B-8", "2B-14", "2B-18", "2B-19", "2B-20", "2B-21"],
  },

  // ---- other plausible 2B bugs -----------------------------------------
  {
    id: "2b-ack-last-index",
    bug: "a follower acknowledges its own last index instead of the last entry the MsgAppend verified (spec §5.3)",
    file: "raft.ts",
    find: "this.sendAppendResponse(m.from, false, lastNew);",
    replace: "this.sendAppendResponse(m.from, false, log.lastIndex());",
    mustFail: ["2B-29"],
  },
  {
    id: "2b-follower-commit-uncapped",
    bug: "a follower takes the leader's commit index as it is, even past the entries it holds",
    file: "raft.ts",
    find: "log.commitTo(Math.min(m.commit, lastNew));",
    replace: "log.committed = Math.max(log.committed, m.commit);",
    mustFail: ["2B-22", "2B-29"],
  },
  {
    id: "2b-consistency-check-off-by-one",
    bug: "the consistency check compares m.logTerm with the term of the entry after m.index",
    file: "raft.ts",
    find: "if (!log.matchTerm(m.index, m.logTerm)) {",
    replace: "if (m.index > 0 && !log.matchTerm(m.index + 1, m.logTerm)) {",
    mustFail: [
      "2B-6",
      "2B-7",
      "2B-8",
      "2B-13",
      "2B-14",
      "2B-16",
      "2B-17",
      "2B-18",
      "2B-19",
      "2B-20",
      "2B-21",
      "2B-22",
      "2B-25",
      "2B-26",
      "2B-34",
      "2B-35",
    ],
  },
  {
    id: "2b-prev-index-off-by-one",
    bug: "the leader's MsgAppend names next as the previous index instead of next - 1",
    file: "raft.ts",
    find: `    const prevIndex = pr.next - 1;
    let prevLogTerm: number;`,
    replace: `    const prevIndex = pr.next - 1 > 0 ? pr.next - 2 : 0;
    let prevLogTerm: number;`,
    mustFail: [
      "2B-1",
      "2B-2",
      "2B-3",
      "2B-4",
      "2B-8",
      "2B-13",
      "2B-14",
      "2B-16",
      "2B-17",
      "2B-18",
      "2B-19",
      "2B-20",
      "2B-21",
      "2B-25",
      "2B-26",
      "2B-34",
      "2B-35",
    ],
  },
  {
    id: "2b-quorum-off-by-one",
    bug: "the leader commits once half of the members (not a majority) store an entry",
    file: "raft.ts",
    find: "const n = matches[Math.floor(this.prs.size / 2)]; // a quorum holds at least n",
    replace: "const n = matches[Math.max(0, Math.floor(this.prs.size / 2) - 1)];",
    mustFail: ["2B-1", "2B-2", "2B-3", "2B-11", "2B-16", "2B-25"],
  },
  {
    id: "2b-uptodate-both-greater",
    bug: "the up-to-date check requires both a last term and a last index at least as high (a higher last term alone should win)",
    file: "raft.ts",
    find: "const upToDate = m.logTerm > lastTerm || (m.logTerm === lastTerm && m.index >= lastIndex);",
    replace: "const upToDate = m.logTerm >= lastTerm && m.index >= lastIndex;",
    mustFail: ["2B-10", "2B-23"],
  },
  {
    id: "2b-next-equals-match",
    bug: "on an accepted ack the leader sets next to the acknowledged index instead of one past it",
    file: "raft.ts",
    find: "pr.next = Math.max(pr.next, pr.match + 1);",
    replace: "pr.next = pr.match;",
    mustFail: ["2B-1", "2B-26"],
  },
  {
    id: "2b-nextents-repeats-applied",
    bug: "nextEnts starts at applied instead of applied + 1, handing the last applied entry out again",
    file: "log.ts",
    find: "const lo = Math.max(this.applied, this.entries[0].index) + 1;",
    replace: "const lo = Math.max(this.applied, this.entries[0].index + 1);",
    mustFail: ["2B-2", "2B-27", "2B-30", "2B-34", "2B-35"],
  },
  {
    id: "2b-nextents-drops-last",
    bug: "nextEnts stops one entry before committed",
    file: "log.ts",
    find: "const hi = Math.min(this.committed, this.lastIndex()) + 1;",
    replace: "const hi = Math.min(this.committed, this.lastIndex());",
    mustFail: ["2B-2", "2B-4", "2B-5", "2B-14", "2B-27", "2B-28", "2B-30", "2B-34", "2B-35"],
  },
  {
    id: "2b-unstable-includes-stabled",
    bug: "unstableEntries starts at stabled instead of stabled + 1",
    file: "log.ts",
    find: "return this.slice(Math.max(this.stabled, this.entries[0].index) + 1, this.lastIndex() + 1);",
    replace: "return this.slice(Math.max(this.stabled, this.entries[0].index + 1), this.lastIndex() + 1);",
    mustFail: ["2B-1", "2B-7", "2B-27", "2B-28", "2B-30"],
  },
  {
    id: "2b-truncate-keeps-stabled",
    bug: "a follower that truncates conflicting entries does not move stabled back, so the replacements are never persisted",
    file: "log.ts",
    find: "    this.stabled = Math.min(this.stabled, first - 1);",
    replace: "",
    mustFail: ["2B-7"],
  },
  {
    id: "2b-term-past-end-zero",
    bug: "RaftLog.term returns 0 for an index past the last entry instead of throwing ErrUnavailable",
    file: "log.ts",
    find: `    if (i - offset >= this.entries.length) {
      throw new ErrUnavailable(\`term(\${i}): index \${i} is past the last index \${this.lastIndex()}\`);
    }`,
    replace: `    if (i - offset >= this.entries.length) {
      return 0;
    }`,
    mustFail: ["2B-31"],
  },
  {
    id: "2b-rawnode-steps-local",
    bug: "RawNode.step passes MsgHup and MsgBeat on to Raft instead of refusing them",
    file: "rawnode.ts",
    find: "if (m.msgType === MessageType.MsgHup || m.msgType === MessageType.MsgBeat) {",
    replace: "if (false) {",
    mustFail: ["2B-33"],
  },
  {
    id: "2b-ready-keeps-messages",
    bug: "ready() hands out the outbox but neither ready() nor advance() empties it, so messages are sent again and again",
    file: "rawnode.ts",
    find: `    r.msgs = [];
    return rd;`,
    replace: `    return rd;`,
    mustFail: ["2B-34", "2B-35"],
  },
  {
    id: "2b-progress-match-zero",
    bug: "getProgress builds fresh Progress objects with match 0 instead of copying the leader's match",
    file: "rawnode.ts",
    find: "out.set(id, new Progress(pr.match, pr.next));",
    replace: "out.set(id, new Progress(0, pr.next));",
    mustFail: ["2B-34"],
  },
];
