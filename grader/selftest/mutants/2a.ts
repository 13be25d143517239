// Deliberate stage-2A bugs: the reference broken the way a student might
// break it, each with the 2A graded tests that must fail. The first group is
// every §5.1 row of the spec whose scenarios include 2A tests; the second
// group holds other plausible election bugs, so that every 2A test is shown
// to catch at least one. `mustFail` lists every 2A scenario test that fails
// with the bug (checked by hand over seeds 1..20 for the randomized ones);
// tests of later stages are the later stages' mutants' business.

import { Mutant } from "./types";

export const MUTANTS: Mutant[] = [
  // ---- spec §5.1 rows with 2A scenarios --------------------------------
  {
    id: "2a-term0-stale",
    bug: "term 0 (local) messages are treated as stale and ignored",
    file: "raft.ts",
    find: "} else if (m.term !== 0 && m.term < this.term) {",
    replace: "} else if (m.term < this.term) {",
    mustFail: ["2A-3", "2A-4", "2A-8", "2A-9", "2A-11", "2A-14", "2A-15", "2A-16", "2A-18", "2A-23"],
  },
  {
    id: "2a-no-noop-broadcast",
    bug: "a new leader appends its no-op but does not send it to the followers",
    file: "raft.ts",
    find: `    ]);
    this.maybeCommit(); // a single voter commits at once
    this.bcastAppend();`,
    replace: `    ]);
    this.maybeCommit(); // a single voter commits at once`,
    mustFail: ["2A-11"],
  },
  {
    id: "2a-candidate-sends-votes",
    bug: "becomeCandidate sends the vote requests itself (so MsgHup sends them twice)",
    file: "raft.ts",
    find: `    this.votes.set(this.id, true);
    // @solution-stub`,
    replace: `    this.votes.set(this.id, true);
    for (const to of this.prs.keys()) {
      if (to !== this.id) {
        const index = this.raftLog.lastIndex();
        this.msgs.push(
          newMessage({ msgType: MessageType.MsgRequestVote, to, from: this.id, term: this.term, index, logTerm: this.raftLog.term(index) }),
        );
      }
    }
    // @solution-stub`,
    mustFail: ["2A-4", "2A-8", "2A-9"],
  },
  {
    id: "2a-candidate-ignores-leader",
    bug: "a candidate ignores a MsgAppend or MsgHeartbeat of its own term and stays a candidate",
    file: "raft.ts",
    find: `    if (this.state === StateType.Candidate) {
      this.becomeFollower(this.term, m.from);
    } else {`,
    replace: `    if (this.state === StateType.Candidate) {
      return;
    } else {`,
    mustFail: ["2A-7"],
  },
  {
    id: "2a-heartbeat-carries-index",
    bug: "heartbeats carry the leader's last index and log term",
    file: "raft.ts",
    find: "newMessage({ msgType: MessageType.MsgHeartbeat, to, from: this.id, term: this.term, commit }),",
    replace:
      "newMessage({ msgType: MessageType.MsgHeartbeat, to, from: this.id, term: this.term, commit, index: this.raftLog.lastIndex(), logTerm: this.raftLog.term(this.raftLog.lastIndex()) }),",
    mustFail: ["2A-3", "2A-23"],
  },
  {
    id: "2a-vote-not-cleared",
    bug: "the vote is not cleared when the term changes",
    file: "raft.ts",
    find: `      this.term = term;
      this.vote = None;`,
    replace: `      this.term = term;`,
    mustFail: ["2A-11", "2A-12", "2A-14", "2A-18"],
  },
  {
    id: "2a-fixed-timeout",
    bug: "the election timeout is always electionTick (never randomized)",
    file: "raft.ts",
    find: "this.randomizedElectionTimeout = randomIntInclusive(this.electionTimeout, 2 * this.electionTimeout - 1);",
    replace: "this.randomizedElectionTimeout = this.electionTimeout;",
    mustFail: ["2A-8", "2A-9"],
  },
  {
    id: "2a-timeout-drawn-once",
    bug: "the election timeout is drawn once when the node is built, not on every reset",
    file: "raft.ts",
    find: "this.randomizedElectionTimeout = randomIntInclusive(this.electionTimeout, 2 * this.electionTimeout - 1);",
    replace:
      "if (this.randomizedElectionTimeout === 0) this.randomizedElectionTimeout = randomIntInclusive(this.electionTimeout, 2 * this.electionTimeout - 1);",
    // 2A-9 also fails when the five fixed timeouts share their minimum (about 4 runs in 10).
    mustFail: ["2A-8"],
  },
  {
    id: "2a-timeout-range-2et",
    bug: "the election timeout is drawn from [electionTick, 2*electionTick], one tick too long",
    file: "raft.ts",
    find: "this.randomizedElectionTimeout = randomIntInclusive(this.electionTimeout, 2 * this.electionTimeout - 1);",
    replace:
      "this.randomizedElectionTimeout = randomIntInclusive(this.electionTimeout, 2 * this.electionTimeout);",
    // 2A-4 also fails in about 1 run of 11 (a timeout of 20 ticks is not reached in 19).
    mustFail: ["2A-8"],
  },

  // ---- other plausible election bugs ---------------------------------
  {
    id: "2a-vote-twice",
    bug: "a follower grants every vote request, even after voting for another candidate in the same term",
    file: "raft.ts",
    find: "const free = this.vote === None || this.vote === m.from;",
    replace: "const free = true;",
    mustFail: ["2A-6", "2A-20", "2A-F1", "2A-F2", "2A-F3"],
  },
  {
    id: "2a-uptodate-ignores-term",
    bug: "the up-to-date check compares only the last index, not the last term",
    file: "raft.ts",
    find: "const upToDate = m.logTerm > lastTerm || (m.logTerm === lastTerm && m.index >= lastIndex);",
    replace: "const upToDate = m.index >= lastIndex;",
    mustFail: ["2A-22"],
  },
  {
    id: "2a-leader-keeps-leading",
    bug: "a leader does not step down when it sees a higher term",
    file: "raft.ts",
    find: "    if (m.term > this.term) {\n      const fromLeader =",
    replace: "    if (m.term > this.term && this.state !== StateType.Leader) {\n      const fromLeader =",
    mustFail: ["2A-1", "2A-11", "2A-12", "2A-14", "2A-15", "2A-F1", "2A-F3"],
  },
  {
    id: "2a-heartbeat-no-timer-reset",
    bug: "a follower does not reset its election timer when it hears from the leader",
    file: "raft.ts",
    find: `      this.lead = m.from;
      this.electionElapsed = 0;`,
    replace: `      this.lead = m.from;`,
    mustFail: ["2A-21", "2A-F2"],
  },
  {
    id: "2a-lead-not-learned",
    bug: "a follower does not record the sender of a same-term heartbeat or append as its leader",
    file: "raft.ts",
    find: `      this.lead = m.from;
      this.electionElapsed = 0;`,
    replace: `      this.electionElapsed = 0;`,
    mustFail: ["2A-21"],
  },
  {
    id: "2a-leader-campaigns-on-hup",
    bug: "a leader starts a new election on MsgHup",
    file: "raft.ts",
    find: `        if (this.state !== StateType.Leader) {
          this.campaign();
        }`,
    replace: `        this.campaign();`,
    mustFail: ["2A-17"],
  },
  {
    id: "2a-rejections-count",
    bug: "the candidate counts every vote response as a grant, rejections included",
    file: "raft.ts",
    find: "this.votes.set(m.from, !m.reject);",
    replace: "this.votes.set(m.from, true);",
    mustFail: ["2A-5", "2A-18", "2A-F1", "2A-F2", "2A-F3"],
  },
  {
    id: "2a-quorum-ceil",
    bug: "the quorum is computed as ceil(n/2), too small for an even cluster",
    file: "raft.ts",
    find: "const quorum = Math.floor(this.prs.size / 2) + 1;",
    replace: "const quorum = Math.ceil(this.prs.size / 2);",
    mustFail: ["2A-10"],
  },
  {
    id: "2a-lone-node-waits",
    bug: "a candidate checks for a win only when a vote response arrives, so a single node never wins",
    file: "raft.ts",
    find: `    if (this.tallyVotes()) {
      return; // a single voter wins at once
    }`,
    replace: "",
    mustFail: ["2A-5", "2A-13", "2A-17"],
  },
  {
    id: "2a-beat-any-state",
    bug: "followers and candidates also send heartbeats on MsgBeat",
    file: "raft.ts",
    find: `      case MessageType.MsgHup:
        if (this.state !== StateType.Leader) {`,
    replace: `      case MessageType.MsgBeat:
        for (const to of this.prs.keys()) {
          if (to !== this.id) {
            this.sendHeartbeat(to);
          }
        }
        return;
      case MessageType.MsgHup:
        if (this.state !== StateType.Leader) {`,
    mustFail: ["2A-16"],
  },
  {
    id: "2a-beat-every-tick",
    bug: "the leader sends heartbeats on every tick, ignoring heartbeatTick",
    file: "raft.ts",
    find: "if (this.heartbeatElapsed >= this.heartbeatTimeout) {",
    replace: "if (this.heartbeatElapsed >= 1) {",
    mustFail: ["2A-23"],
  },
  {
    id: "2a-config-ticks-unchecked",
    bug: "newRaft accepts electionTick not above heartbeatTick",
    file: "raft.ts",
    find: "if (!isPositiveInteger(c.electionTick) || c.electionTick <= c.heartbeatTick) {",
    replace: "if (!isPositiveInteger(c.electionTick)) {",
    mustFail: ["2A-19"],
  },
  {
    id: "2a-hardstate-ignored",
    bug: "newRaft ignores the term and vote saved in storage",
    file: "raft.ts",
    find: `  r.term = hardState.term;
  r.vote = hardState.vote;`,
    replace: "",
    mustFail: ["2A-20"],
  },
  {
    id: "2a-follower-always-clears-vote",
    bug: "becomeFollower always clears the vote, so a restarted node forgets whom it voted for",
    file: "raft.ts",
    find: `    if (this.term !== term) {
      this.term = term;
      this.vote = None;
    }`,
    replace: `    this.term = term;
    this.vote = None;`,
    mustFail: ["2A-20"],
  },
  {
    id: "2a-fresh-term-1",
    bug: "a fresh node starts at term 1 instead of 0",
    file: "raft.ts",
    find: "  r.becomeFollower(r.term, None);\n  return r;",
    replace: "  r.becomeFollower(r.term + 1, None);\n  return r;",
    mustFail: ["2A-1", "2A-2", "2A-3", "2A-4", "2A-5", "2A-7", "2A-10", "2A-14", "2A-20", "2A-23"],
  },
  {
    id: "2a-vote-reply-to-self",
    bug: "the vote response is addressed to m.to (this node) instead of m.from (the candidate)",
    file: "raft.ts",
    find: `        msgType: MessageType.MsgRequestVoteResponse,
        to: m.from,`,
    replace: `        msgType: MessageType.MsgRequestVoteResponse,
        to: m.to,`,
    mustFail: ["2A-6", "2A-10", "2A-11", "2A-14", "2A-15", "2A-18", "2A-20", "2A-22"],
  },
  {
    id: "2a-leader-lead-unset",
    bug: "a new leader does not set lead to its own id",
    file: "raft.ts",
    find: "    this.lead = this.id;\n",
    replace: "",
    mustFail: ["2A-13"],
  },
];
