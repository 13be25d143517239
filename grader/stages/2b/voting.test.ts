// Stage 2B, elections that depend on the log (Raft's election restriction):
// 2B-9 (vote requests carry the last entry), 2B-10 (the up-to-date check),
// 2B-13 (newer uncommitted logs lose), 2B-18 (dueling candidates), 2B-23
// (the vote handler table), 2B-24 (every state steps down).

import { Entry, MessageType } from "@raft/eraftpb";
import { newLog } from "@raft/log";
import { Raft, StateType } from "@raft/raft";
import { MemoryStorage } from "@raft/storage";
import { check, checkEqual } from "../../harness/assert";
import { fmtMsg, fmtMsgs, fmtState } from "../../harness/format";
import { gradedFor } from "../../harness/graded";
import {
  ConfigFn,
  dummyEntry,
  ents,
  hup,
  idsBySize,
  msg,
  newTestRaft,
  readMessages,
  sortMessages,
  stepTolerant,
  storageWithEnts,
  tickUntil,
  voted,
} from "../../harness/helpers";
import { newNetwork, newNetworkWithConfig } from "../../harness/network";
import { CATALOG } from "./catalog";
import { E, logStr, onlyReply, stateStr, viewStr, wantView } from "./views";

const graded = gradedFor(CATALOG);

graded("2B-9", () => {
  const cases: { ents: Entry[]; wterm: number }[] = [
    { ents: [E(1, 1)], wterm: 2 },
    { ents: [E(1, 1), E(2, 2)], wterm: 3 },
  ];
  for (const c of cases) {
    const r = newTestRaft(1, [1, 2, 3], 10, 1, new MemoryStorage());
    stepTolerant(
      r,
      msg({ msgType: MessageType.MsgAppend, from: 2, to: 1, term: c.wterm - 1, entries: c.ents }),
    );
    readMessages(r);
    tickUntil(r, () => r.state === StateType.Candidate, "n1 to time out and become a candidate");
    const out = sortMessages(readMessages(r));
    const last = c.ents[c.ents.length - 1];
    const want = [2, 3].map(
      (to) => `MsgRequestVote 1→${to} t${c.wterm} index ${last.index} logTerm ${last.term}`,
    );
    checkEqual(
      `follower n1 with log ${logStr(c.ents)} (t${c.wterm - 1}) timed out: its vote requests (index and logTerm of its last entry)`,
      out.map(
        (m) => `${MessageType[m.msgType]} ${m.from}→${m.to} t${m.term} index ${m.index} logTerm ${m.logTerm}`,
      ),
      want,
      (v) => `\n${v.map((x) => `    ${x}`).join("\n")}`,
    );
  }
});

graded("2B-10", () => {
  const cases: { log: Entry[]; logTerm: number; index: number; reject: boolean }[] = [
    // Same last term: the longer log wins.
    { log: [E(1, 1)], logTerm: 1, index: 1, reject: false },
    { log: [E(1, 1)], logTerm: 1, index: 2, reject: false },
    { log: [E(1, 1), E(2, 1)], logTerm: 1, index: 1, reject: true },
    // The candidate's last term is higher.
    { log: [E(1, 1)], logTerm: 2, index: 1, reject: false },
    { log: [E(1, 1)], logTerm: 2, index: 2, reject: false },
    { log: [E(1, 1), E(2, 1)], logTerm: 2, index: 1, reject: false },
    // The voter's last term is higher.
    { log: [E(1, 2)], logTerm: 1, index: 1, reject: true },
    { log: [E(1, 2)], logTerm: 1, index: 2, reject: true },
    { log: [E(1, 2), E(2, 1)], logTerm: 1, index: 1, reject: true },
  ];
  for (const c of cases) {
    const s = new MemoryStorage();
    s.append(c.log);
    const r = newTestRaft(1, [1, 2], 10, 1, s);
    const m = msg({
      msgType: MessageType.MsgRequestVote,
      from: 2,
      to: 1,
      term: 3,
      logTerm: c.logTerm,
      index: c.index,
    });
    stepTolerant(r, m);
    const setup = `n1 with log ${logStr(c.log)} given ${fmtMsg(m)}`;
    const reply = onlyReply(r, setup);
    checkEqual(`${setup}: type of the reply`, MessageType[reply.msgType], "MsgRequestVoteResponse");
    check(
      reply.reject === c.reject,
      () =>
        `${setup}: the vote should be ${c.reject ? "refused (the candidate's log is behind)" : "granted (the candidate's log is at least as up to date)"}, ` +
        `got ${fmtMsg(reply)}`,
    );
  }
});

graded("2B-13", () => {
  const cfg: ConfigFn = (c) => {
    c.peers = idsBySize(5);
  };
  const net = newNetworkWithConfig(
    cfg,
    ents(cfg, 1, 1), // n1 won the first election
    ents(cfg, 2, 1), // n2 got n1's entry
    ents(cfg, 3, 2), // n3 won the second election
    voted(cfg, 4, 3, 2), // n4 voted for n3 but got no entry
    voted(cfg, 5, 3, 2), // n5 likewise
  );
  const n1 = net.raft(1);
  net.send(hup(1));
  checkEqual(
    "n1 (log [1:1], t1) campaigned while a quorum knows term 2: its state and term (a majority rejects it and it steps down)",
    stateStr(n1),
    "Follower t2",
  );
  net.send(hup(1));
  checkEqual("n1 campaigned again: its state and term", stateStr(n1), "Leader t3");
  for (const id of net.ids()) {
    const got = net.raft(id).raftLog.allEntries();
    checkEqual(
      `terms of n${id}'s entries after n1 won term 3 (n3's uncommitted entry 1:2 is replaced)`,
      got.map((e) => e.term),
      [1, 3],
      (v) => `[${v.join(", ")}] (log ${logStr(got)})`,
    );
  }
});

graded("2B-18", () => {
  const a = newTestRaft(1, [1, 2, 3], 10, 1, new MemoryStorage());
  const b = newTestRaft(2, [1, 2, 3], 10, 1, new MemoryStorage());
  const c = newTestRaft(3, [1, 2, 3], 10, 1, new MemoryStorage());
  const net = newNetwork(a, b, c);
  net.cut(1, 3);
  net.send(hup(1));
  checkEqual("n1 campaigned with n3 cut off: n1's state (votes from n1 and n2)", fmtState(a.state), "Leader");
  net.send(hup(3));
  checkEqual(
    "n3 campaigned with n1 cut off: n3's state (n2 already voted for n1 in term 1)",
    fmtState(c.state),
    "Candidate",
  );
  net.recover();
  net.send(hup(3));
  const committedLog = wantView(1, [E(1, 1)]);
  const want: [Raft, string, string][] = [
    [a, "Follower t2", committedLog],
    [b, "Follower t2", committedLog],
    [c, "Follower t2", wantView(0, [])],
  ];
  want.forEach(([r, st, view], i) => {
    const what = `after n3 (empty log) campaigned again at t2 against n1 and n2 (log [1:1], committed 1): n${i + 1}'s`;
    checkEqual(`${what} state and term`, stateStr(r), st);
    checkEqual(`${what} log`, viewStr(r.raftLog), view);
  });
});

graded("2B-23", () => {
  const cases: { state: StateType; index: number; logTerm: number; vote: number; reject: boolean }[] = [];
  for (const index of [0, 1, 2, 3]) {
    for (const logTerm of [0, 1, 2, 3]) {
      cases.push({
        state: StateType.Follower,
        index,
        logTerm,
        vote: 0,
        reject: !(logTerm === 3 || (logTerm === 2 && index >= 2)),
      });
    }
  }
  cases.push({ state: StateType.Follower, index: 3, logTerm: 2, vote: 2, reject: false });
  cases.push({ state: StateType.Follower, index: 3, logTerm: 2, vote: 1, reject: true });
  cases.push({ state: StateType.Leader, index: 3, logTerm: 3, vote: 1, reject: true });
  cases.push({ state: StateType.Candidate, index: 3, logTerm: 3, vote: 1, reject: true });
  for (const c of cases) {
    const r = newTestRaft(1, [1, 2], 10, 1, new MemoryStorage());
    r.state = c.state;
    r.vote = c.vote;
    r.raftLog = newLog(storageWithEnts([dummyEntry(), E(1, 2), E(2, 2)]));
    const term = Math.max(2, c.logTerm);
    r.term = term;
    const m = msg({ msgType: MessageType.MsgRequestVote, from: 2, term, index: c.index, logTerm: c.logTerm });
    stepTolerant(r, m);
    const setup =
      `${fmtState(c.state)} n1 (t${term}, log [1:2, 2:2], vote ${c.vote === 0 ? "None" : c.vote}) given ` +
      `RequestVote from 2 t${term} index ${c.index} logTerm ${c.logTerm}`;
    const out = readMessages(r);
    check(
      out.length === 1,
      () => `${setup}: expected exactly one reply, got ${out.length}:\n${fmtMsgs(out)}`,
    );
    checkEqual(`${setup}: type of the reply`, MessageType[out[0].msgType], "MsgRequestVoteResponse");
    check(
      out[0].reject === c.reject,
      () => `${setup}: the vote should be ${c.reject ? "refused" : "granted"}, got ${fmtMsg(out[0])}`,
    );
  }
});

graded("2B-24", () => {
  const starts: [string, number][] = [
    ["Follower", 0],
    ["Candidate", 0],
    ["Leader", 1],
  ];
  for (const [start, wIndex] of starts) {
    const r = newTestRaft(1, [1, 2, 3], 10, 1, new MemoryStorage());
    if (start === "Follower") r.becomeFollower(1, 0);
    else {
      r.becomeCandidate();
      if (start === "Leader") r.becomeLeader();
    }
    for (const t of [MessageType.MsgRequestVote, MessageType.MsgAppend]) {
      const m = msg({ msgType: t, from: 2, term: 3, logTerm: 3 });
      stepTolerant(r, m);
      const wlead = t === MessageType.MsgAppend ? 2 : 0;
      const what = `a ${start} at t1 (log length ${wIndex}) after ${fmtMsg(m)}`;
      checkEqual(`${what}: state and term`, stateStr(r), "Follower t3");
      checkEqual(`${what}: lastIndex (the log is kept)`, r.raftLog.lastIndex(), wIndex);
      checkEqual(`${what}: number of entries in allEntries()`, r.raftLog.allEntries().length, wIndex);
      checkEqual(
        `${what}: lead (${wlead === 0 ? "unknown after a vote request" : "the sender of a MsgAppend of the current term, even if the append is rejected"})`,
        r.lead,
        wlead,
      );
    }
  }
});
