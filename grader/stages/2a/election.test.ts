// Stage 2A graded tests that drive one node directly: term rules, voting,
// counting votes, heartbeats, start-up and config validation (spec §3.1 and
// conventions C1, C5-C13). They need only 2A code: newRaft, the roles, tick,
// step, and a minimal RaftLog (lastIndex, term, appending the leader's no-op).

import { Entry, Message, MessageType } from "@raft/eraftpb";
import { ConfigError, NotImplementedError } from "@raft/errors";
import { newLog } from "@raft/log";
import { Config, Raft, StateType, newRaft } from "@raft/raft";
import { MemoryStorage } from "@raft/storage";
import { GradeFailure, check } from "../../harness/assert";
import { checkMsgs, checkRole, checkValue } from "../../harness/checks";
import { fmtMsg, fmtMsgs, fmtState } from "../../harness/format";
import { gradedFor } from "../../harness/graded";
import {
  dummyEntry,
  entry,
  hup,
  idsBySize,
  msg,
  newTestRaft,
  readMessages,
  sortMessages,
  stepTolerant,
  storageWithEnts,
} from "../../harness/helpers";
import { CATALOG } from "./catalog";

const graded = gradedFor(CATALOG);
const { Follower, Candidate, Leader } = StateType;
const None = 0;

/** The default node of spec §3: id 1 of [1,2,3], electionTick 10, heartbeatTick 1, fresh storage. */
function defaultRaft(): Raft {
  return newTestRaft(1, [1, 2, 3], 10, 1, new MemoryStorage());
}

/** Puts a fresh node in `role` at term 1 the way TinyKV's tests do, checking each step. */
function inRoleAtTerm1(role: StateType): Raft {
  const r = defaultRaft();
  if (role === Follower) {
    r.becomeFollower(1, 2);
    checkRole("setup: after becomeFollower(1, 2) on a fresh node", r, Follower, 1);
  } else {
    r.becomeCandidate();
    checkRole("setup: after becomeCandidate() on a fresh node (term 0)", r, Candidate, 1);
    if (role === Leader) {
      r.becomeLeader();
      checkRole("setup: after becomeCandidate() and becomeLeader()", r, Leader, 1);
    }
  }
  return r;
}

function roleName(role: StateType): string {
  return fmtState(role).toLowerCase();
}

/** "TypeError: x is undefined" for an Error, the JSON of anything else. */
function describeThrown(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return typeof e === "string" ? e : (JSON.stringify(e) ?? typeof e);
}

/** Steps `m` and fails with a clear message if step throws anything at all (a "strict" step). */
function stepStrict(r: Raft, m: Message, context: string): void {
  try {
    r.step(m);
  } catch (e) {
    if (e instanceof NotImplementedError) throw e;
    const what = describeThrown(e);
    throw new GradeFailure(
      `${context}: step(${fmtMsg(m)}) threw ${what}; this message must be handled without throwing`,
    );
  }
}

graded("2A-1", () => {
  for (const role of [Follower, Candidate, Leader]) {
    const r = inRoleAtTerm1(role);
    const m = msg({ msgType: MessageType.MsgAppend, term: 2 });
    stepTolerant(r, m);
    checkRole(`after a ${roleName(role)} at term 1 steps ${fmtMsg(m)}`, r, Follower, 2);
  }
});

graded("2A-2", () => {
  const r = defaultRaft();
  const ctx = "a node just built by newRaft on a fresh storage";
  checkRole(ctx, r, Follower, 0);
  checkValue(ctx, "its vote", r.vote, None);
  checkValue(ctx, "its lead", r.lead, None);
});

graded("2A-3", () => {
  const r = inRoleAtTerm1(Leader);
  stepTolerant(r, msg({ msgType: MessageType.MsgPropose, entries: [Entry.create()] }));
  readMessages(r);
  r.tick();
  const hb = (to: number) => msg({ msgType: MessageType.MsgHeartbeat, from: 1, to, term: 1 });
  checkMsgs(
    "a leader at term 1 (heartbeatTick 1) ticks once: its outbox (sorted by type, to, from) should be one bare heartbeat per follower",
    sortMessages(readMessages(r)),
    [hb(2), hb(3)],
  );
});

graded("2A-4", () => {
  for (const role of [Follower, Candidate]) {
    const r = inRoleAtTerm1(role);
    for (let i = 1; i < 2 * 10; i++) r.tick();
    const ctx = `after a ${roleName(role)} at term 1 (electionTick 10) ticks 19 times with no messages`;
    checkRole(ctx, r, Candidate, 2);
    check(
      r.votes.get(1) === true,
      `${ctx}: expected votes.get(1) to be true (it votes for itself), but it is ${String(r.votes.get(1))}`,
    );
    const rv = (to: number) => msg({ msgType: MessageType.MsgRequestVote, from: 1, to, term: 2 });
    checkMsgs(
      `${ctx}: its outbox (sorted by type, to, from) should be exactly one vote request per peer`,
      sortMessages(readMessages(r)),
      [rv(2), rv(3)],
    );
  }
});

graded("2A-5", () => {
  const cases: { n: number; votes: [number, boolean][]; want: StateType }[] = [
    { n: 1, votes: [], want: Leader },
    { n: 3, votes: [[2, true]], want: Leader },
    {
      n: 3,
      votes: [
        [2, true],
        [3, true],
      ],
      want: Leader,
    },
    {
      n: 5,
      votes: [
        [2, true],
        [3, true],
      ],
      want: Leader,
    },
    {
      n: 5,
      votes: [
        [2, true],
        [3, true],
        [4, true],
      ],
      want: Leader,
    },
    {
      n: 5,
      votes: [
        [2, true],
        [3, true],
        [4, true],
        [5, true],
      ],
      want: Leader,
    },
    { n: 3, votes: [], want: Candidate },
    { n: 5, votes: [[2, true]], want: Candidate },
    {
      n: 5,
      votes: [
        [2, false],
        [3, false],
      ],
      want: Candidate,
    },
    { n: 5, votes: [], want: Candidate },
  ];
  for (const { n, votes, want } of cases) {
    const r = newTestRaft(1, idsBySize(n), 10, 1, new MemoryStorage());
    stepTolerant(r, hup(1));
    for (const [v, grant] of votes) {
      stepTolerant(
        r,
        msg({ msgType: MessageType.MsgRequestVoteResponse, from: v, to: 1, term: r.term, reject: !grant }),
      );
    }
    const said =
      votes.length === 0
        ? "no one answers"
        : votes.map(([v, g]) => `n${v} votes ${g ? "yes" : "no"}`).join(", ");
    checkRole(`after n1 starts an election in a ${n}-node cluster where ${said}`, r, want, 1);
  }
});

graded("2A-6", () => {
  const cases: { vote: number; cand: number; reject: boolean }[] = [
    { vote: None, cand: 1, reject: false },
    { vote: None, cand: 2, reject: false },
    { vote: 1, cand: 1, reject: false },
    { vote: 2, cand: 2, reject: false },
    { vote: 1, cand: 2, reject: true },
    { vote: 2, cand: 1, reject: true },
  ];
  for (const { vote, cand, reject } of cases) {
    const r = defaultRaft();
    r.term = 1;
    r.vote = vote;
    stepTolerant(r, msg({ msgType: MessageType.MsgRequestVote, from: cand, to: 1, term: 1 }));
    const had = vote === None ? "has not voted" : `already voted for n${vote}`;
    checkMsgs(
      `a follower at term 1 that ${had} gets a vote request from n${cand} at term 1: it should ${reject ? "reject" : "grant"} it`,
      readMessages(r),
      [msg({ msgType: MessageType.MsgRequestVoteResponse, from: 1, to: cand, term: 1, reject })],
    );
  }
});

graded("2A-7", () => {
  for (const term of [1, 2]) {
    const r = defaultRaft();
    stepTolerant(r, hup(1));
    checkRole("setup: after MsgHup at a fresh node of 3", r, Candidate, 1);
    const m = msg({ msgType: MessageType.MsgAppend, from: 2, to: 1, term });
    stepTolerant(r, m);
    checkRole(`after a candidate at term 1 steps ${fmtMsg(m)}`, r, Follower, term);
  }
});

graded("2A-12", () => {
  for (const role of [Follower, Candidate, Leader]) {
    const r = defaultRaft();
    r.term = 1;
    if (role === Follower) r.becomeFollower(r.term, 3);
    else r.becomeCandidate();
    if (role === Leader) r.becomeLeader();
    checkRole(`setup: after putting a node at term 1 into the ${roleName(role)} role`, r, role);
    readMessages(r);
    const t = r.term + 1;
    const m = msg({ msgType: MessageType.MsgRequestVote, from: 2, to: 1, term: t, logTerm: t, index: 42 });
    const ctx = `a ${roleName(role)} at term ${r.term} steps ${fmtMsg(m)}`;
    stepStrict(r, m, ctx);
    const out = r.msgs;
    check(
      out.length === 1 && out[0].msgType === MessageType.MsgRequestVoteResponse && !out[0].reject,
      () =>
        `${ctx}: expected exactly one MsgRequestVoteResponse granting the vote, but the outbox is:\n${fmtMsgs(out)}`,
    );
    checkRole(ctx, r, Follower, t);
    checkValue(ctx, "its vote", r.vote, 2);
  }
});

graded("2A-16", () => {
  for (const [role, want] of [
    [Leader, 2],
    [Candidate, 0],
    [Follower, 0],
  ] as const) {
    const r = defaultRaft();
    r.raftLog = newLog(storageWithEnts([dummyEntry(), entry(1, 0), entry(2, 1)]));
    r.term = 1;
    r.state = role;
    stepTolerant(r, msg({ msgType: MessageType.MsgBeat, from: 1, to: 1 }));
    const out = readMessages(r);
    const ok = out.length === want && out.every((m) => m.msgType === MessageType.MsgHeartbeat);
    check(
      ok,
      () =>
        `a node of 3 at term 1 with state set to ${fmtState(role)} steps MsgBeat 1→1 t0: expected ${want === 0 ? "no messages" : `${want} MsgHeartbeats`}, but the outbox is:\n${fmtMsgs(out)}`,
    );
  }
});

graded("2A-17", () => {
  const r = newTestRaft(1, [1], 5, 1, new MemoryStorage());
  checkRole("a fresh single-node cluster", r, Follower);
  stepTolerant(r, hup(1));
  checkRole("after MsgHup at a single-node cluster", r, Leader);
  const term = r.term;
  stepTolerant(r, hup(1));
  checkRole(`after a second MsgHup at the leader of a single-node cluster (term ${term})`, r, Leader, term);
});

graded("2A-19", () => {
  const valid = (): Config => ({
    id: 1,
    peers: [1, 2, 3],
    electionTick: 10,
    heartbeatTick: 1,
    storage: new MemoryStorage(),
  });
  const bad: [string, Partial<Config>][] = [
    ["id 0", { id: 0 }],
    ["heartbeatTick 0", { heartbeatTick: 0 }],
    ["heartbeatTick -1", { heartbeatTick: -1 }],
    ["electionTick equal to heartbeatTick (3 and 3)", { electionTick: 3, heartbeatTick: 3 }],
    ["electionTick below heartbeatTick (2 and 3)", { electionTick: 2, heartbeatTick: 3 }],
    ["no storage", { storage: undefined }],
  ];
  for (const [what, change] of bad) {
    const cfg: Config = { ...valid(), ...change };
    let thrown: unknown = undefined;
    try {
      newRaft(cfg);
    } catch (e) {
      thrown = e;
    }
    if (thrown instanceof NotImplementedError) throw thrown;
    const got = thrown === undefined ? "it returned a node" : `it threw ${describeThrown(thrown)}`;
    check(
      thrown instanceof ConfigError,
      `newRaft with ${what}: expected it to throw ConfigError, but ${got}`,
    );
  }
  for (const [what, cfg] of [
    ["a valid config (electionTick 10, heartbeatTick 1)", valid()],
    [
      "a valid config (electionTick 11, heartbeatTick 10)",
      { ...valid(), electionTick: 11, heartbeatTick: 10 },
    ],
  ] as const) {
    try {
      newRaft(cfg);
    } catch (e) {
      if (e instanceof NotImplementedError) throw e;
      throw new GradeFailure(`newRaft with ${what} must not throw, but it threw ${describeThrown(e)}`);
    }
  }
});

graded("2A-20", () => {
  const restarted = () => {
    const s = new MemoryStorage();
    s.setHardState({ term: 5, vote: 2, commit: 0 });
    return newTestRaft(1, [1, 2, 3], 10, 1, s);
  };
  const r = restarted();
  const ctx = "a node built over a storage whose hard state is {term 5, vote 2}";
  checkRole(ctx, r, Follower, 5);
  checkValue(ctx, "its vote", r.vote, 2);
  for (const [cand, reject] of [
    [3, true],
    [2, false],
  ] as const) {
    const n = restarted();
    const m = msg({ msgType: MessageType.MsgRequestVote, from: cand, to: 1, term: 5 });
    stepTolerant(n, m);
    const out = readMessages(n);
    const ok =
      out.length === 1 &&
      out[0].msgType === MessageType.MsgRequestVoteResponse &&
      out[0].to === cand &&
      out[0].term === 5 &&
      out[0].reject === reject;
    check(
      ok,
      () =>
        `${ctx} steps ${fmtMsg(m)}: expected exactly one MsgRequestVoteResponse 1→${cand} t5 that ${reject ? "rejects (it already voted for n2 in term 5)" : "grants (it voted for n2 in term 5)"}, but the outbox is:\n${fmtMsgs(out)}`,
    );
  }
});

graded("2A-21", () => {
  for (const type of [MessageType.MsgHeartbeat, MessageType.MsgAppend]) {
    const r = defaultRaft();
    r.becomeFollower(1, None);
    readMessages(r);
    const m = msg({ msgType: type, from: 2, to: 1, term: 1 });
    for (let t = 1; t <= 200; t++) {
      r.tick();
      const out = readMessages(r);
      const ctx = `a follower at term 1 (electionTick 10) that gets ${fmtMsg(m)} after every 5 ticks, at tick ${t}`;
      check(
        r.state === Follower && r.term === 1 && !out.some((x) => x.msgType === MessageType.MsgRequestVote),
        () =>
          `${ctx}: expected it to stay a Follower at term 1 without asking for votes, but it is ${fmtState(r.state)} at term ${r.term}; outbox:\n${fmtMsgs(out)}`,
      );
      if (t % 5 === 0) {
        stepTolerant(r, m);
        readMessages(r);
        checkValue(`${ctx}, after stepping it`, "its lead", r.lead, 2);
      }
    }
  }
});

graded("2A-22", () => {
  const cases: { logTerm: number; index: number; reject: boolean }[] = [
    { logTerm: 1, index: 5, reject: true },
    { logTerm: 2, index: 1, reject: true },
    { logTerm: 2, index: 2, reject: false },
    { logTerm: 2, index: 3, reject: false },
    { logTerm: 3, index: 1, reject: false },
  ];
  for (const { logTerm, index, reject } of cases) {
    const r = newTestRaft(1, [1, 2, 3], 10, 1, storageWithEnts([dummyEntry(), entry(1, 1), entry(2, 2)]));
    r.term = 2;
    const m = msg({ msgType: MessageType.MsgRequestVote, from: 2, to: 1, term: 3, logTerm, index });
    stepTolerant(r, m);
    const out = readMessages(r);
    const ok =
      out.length === 1 &&
      out[0].msgType === MessageType.MsgRequestVoteResponse &&
      out[0].to === 2 &&
      out[0].term === 3 &&
      out[0].reject === reject;
    check(
      ok,
      () =>
        `a follower at term 2 with log [1:1, 2:2] steps ${fmtMsg(m)}: expected exactly one MsgRequestVoteResponse 1→2 t3 that ${reject ? "rejects (the candidate's log is behind)" : "grants (the candidate's log is at least as up to date)"}, but the outbox is:\n${fmtMsgs(out)}`,
    );
  }
});

graded("2A-23", () => {
  const r = newTestRaft(1, [1, 2, 3], 10, 3, new MemoryStorage());
  r.becomeCandidate();
  r.becomeLeader();
  checkRole("setup: after becomeCandidate() and becomeLeader() (heartbeatTick 3)", r, Leader, 1);
  readMessages(r);
  const hb = (to: number) => msg({ msgType: MessageType.MsgHeartbeat, from: 1, to, term: 1 });
  for (let t = 1; t <= 30; t++) {
    r.tick();
    const beat = t % 3 === 0;
    checkMsgs(
      `a leader at term 1 with heartbeatTick 3 and no answers from its followers, after tick ${t}: ` +
        (beat ? "its outbox should be one bare heartbeat per follower" : "its outbox should be empty"),
      sortMessages(readMessages(r)),
      beat ? [hb(2), hb(3)] : [],
    );
  }
});
