// Stage 2B, the leader's side of replication on a single Raft, no network:
// 2B-1 (proposal to MsgAppend), 2B-2 (commit and its broadcast), 2B-3
// (majority), 2B-4 (earlier entries commit too), 2B-11 (current-term commit
// rule), 2B-12 (the leader's own Progress), 2B-32 (a candidate drops proposals).

import { Entry, MessageType } from "@raft/eraftpb";
import { Raft } from "@raft/raft";
import { MemoryStorage } from "@raft/storage";
import { GradeFailure, check, checkEqual } from "../../harness/assert";
import { fmtMsgs } from "../../harness/format";
import { gradedFor } from "../../harness/graded";
import {
  acceptAndReply,
  commitNoop,
  idsBySize,
  msg,
  newTestRaft,
  prop,
  readMessages,
  sortMessages,
  stepTolerant,
} from "../../harness/helpers";
import { CATALOG } from "./catalog";
import { E, checkOutbox, logStr, msgStr } from "./views";

const graded = gradedFor(CATALOG);

/** A leader of term 1 over `peers` whose no-op is committed, applied and stored. */
function leaderWithCommittedNoop(peers: number[]): { r: Raft; s: MemoryStorage; li: number } {
  const s = new MemoryStorage();
  const r = newTestRaft(1, peers, 10, 1, s);
  r.becomeCandidate();
  r.becomeLeader();
  commitNoop(r, s);
  return { r, s, li: r.raftLog.lastIndex() };
}

graded("2B-1", () => {
  const { r, li } = leaderWithCommittedNoop([1, 2, 3]);
  stepTolerant(r, prop(1, "some data"));
  const setup = `leader n1 (t1, no-op committed at index ${li}) after the proposal "some data"`;
  checkEqual(`${setup}: lastIndex`, r.raftLog.lastIndex(), li + 1);
  checkEqual(`${setup}: committed (no follower has acknowledged yet)`, r.raftLog.committed, li);
  const want = E(li + 1, 1, "some data");
  const wmsg = (to: number) =>
    msg({
      msgType: MessageType.MsgAppend,
      from: 1,
      to,
      term: 1,
      logTerm: 1,
      index: li,
      entries: [want],
      commit: li,
    });
  checkOutbox(`${setup}: the messages it sends`, readMessages(r), [wmsg(2), wmsg(3)]);
  checkEqual(`${setup}: unstableEntries()`, logStr(r.raftLog.unstableEntries()), logStr([want]));
  checkEqual(
    `${setup}: allEntries() (the no-op is a normal entry with no data)`,
    logStr(r.raftLog.allEntries()),
    logStr([E(1, 1), want]),
  );
});

graded("2B-2", () => {
  const { r, li } = leaderWithCommittedNoop([1, 2, 3]);
  stepTolerant(r, prop(1, "some data"));
  const sent = readMessages(r);
  for (const m of sent) stepTolerant(r, acceptAndReply(m));
  const setup = `leader n1 (t1) after both followers acknowledged the proposal at index ${li + 1}`;
  checkEqual(`${setup}: committed`, r.raftLog.committed, li + 1);
  checkEqual(`${setup}: nextEnts()`, logStr(r.raftLog.nextEnts()), logStr([E(li + 1, 1, "some data")]));
  const out = sortMessages(readMessages(r));
  const shape = out.map((m) => `${MessageType[m.msgType]} ${m.from}→${m.to} t${m.term} commit ${m.commit}`);
  checkEqual(
    `${setup}: the messages sent in reply to the acks. The commit advance is broadcast once: one MsgAppend to each ` +
      `follower carrying commit ${li + 1}, and the ack that does not move commit sends nothing`,
    shape,
    [`MsgAppend 1→2 t1 commit ${li + 1}`, `MsgAppend 1→3 t1 commit ${li + 1}`],
    (v) => (v.length === 0 ? "(none)" : `\n${v.map((x) => `    ${x}`).join("\n")}`),
  );
});

graded("2B-3", () => {
  const cases: { size: number; acks: number[]; commits: boolean }[] = [
    { size: 1, acks: [], commits: true },
    { size: 3, acks: [], commits: false },
    { size: 3, acks: [2], commits: true },
    { size: 3, acks: [2, 3], commits: true },
    { size: 5, acks: [], commits: false },
    { size: 5, acks: [2], commits: false },
    { size: 5, acks: [2, 3], commits: true },
    { size: 5, acks: [2, 3, 4], commits: true },
    { size: 5, acks: [2, 3, 4, 5], commits: true },
  ];
  for (const c of cases) {
    const { r, li } = leaderWithCommittedNoop(idsBySize(c.size));
    stepTolerant(r, prop(1, "some data"));
    for (const m of readMessages(r)) {
      if (c.acks.includes(m.to)) stepTolerant(r, acceptAndReply(m));
    }
    check(
      r.raftLog.committed > li === c.commits,
      () =>
        `${c.size}-node cluster, leader n1 proposed index ${li + 1}, acknowledged by [${c.acks.join(", ")}] ` +
        `(plus the leader itself): the entry should ${c.commits ? "" : "NOT "}be committed, ` +
        `but committed is ${r.raftLog.committed}`,
    );
  }
});

graded("2B-4", () => {
  const previous: Entry[][] = [[], [E(1, 2)], [E(1, 1), E(2, 2)], [E(1, 1)]];
  for (const p of previous) {
    const s = new MemoryStorage();
    s.append(p);
    const r = newTestRaft(1, [1, 2, 3], 10, 1, s);
    r.term = 2;
    r.becomeCandidate();
    r.becomeLeader();
    stepTolerant(r, prop(1, "some data"));
    const out = readMessages(r);
    for (const m of out) {
      check(
        m.msgType === MessageType.MsgAppend,
        () => `a new leader that took one proposal should only have sent MsgAppends, got:\n${fmtMsgs(out)}`,
      );
      stepTolerant(r, acceptAndReply(m));
    }
    const n = p.length;
    const want = [...p, E(n + 1, 3), E(n + 2, 3, "some data")];
    checkEqual(
      `leader n1 (t3) over stored log ${logStr(p)}, after its no-op and the proposal were acknowledged by everyone: nextEnts()`,
      logStr(r.raftLog.nextEnts()),
      logStr(want),
    );
  }
});

graded("2B-11", () => {
  for (const [ackIndex, wantCommit] of [
    [1, 0],
    [2, 0],
    [3, 3],
  ]) {
    const s = new MemoryStorage();
    s.append([E(1, 1), E(2, 2)]);
    const r = newTestRaft(1, [1, 2], 10, 1, s);
    r.term = 2;
    r.becomeCandidate();
    r.becomeLeader();
    readMessages(r);
    stepTolerant(r, prop(1));
    stepTolerant(
      r,
      msg({ msgType: MessageType.MsgAppendResponse, from: 2, to: 1, term: r.term, index: ackIndex }),
    );
    checkEqual(
      `2-node leader n1 (t3, log [1:1, 2:2, 3:3 no-op, 4:3]) after n2 acknowledged index ${ackIndex}: committed` +
        (wantCommit === 0 ? ` (entries of older terms are never committed by counting replicas)` : ""),
      r.raftLog.committed,
      wantCommit,
    );
  }
});

graded("2B-12", () => {
  const r = newTestRaft(1, [1, 2], 5, 1, new MemoryStorage());
  r.becomeCandidate();
  r.becomeLeader();
  for (let i = 0; i < 5; i++) {
    const pr = r.prs.get(1);
    check(pr !== undefined, "the leader n1 has no Progress for itself in prs");
    checkEqual(
      `leader n1's own Progress after ${i} proposals (plus the no-op)`,
      { match: pr.match, next: pr.next },
      { match: i + 1, next: i + 2 },
    );
    try {
      r.step(prop(1, "foo"));
    } catch (e) {
      throw new GradeFailure(
        `a leader must accept a proposal without throwing, but step threw: ${String(e)}`,
      );
    }
  }
});

graded("2B-32", () => {
  const r = newTestRaft(1, [1, 2, 3], 10, 1, new MemoryStorage());
  r.becomeCandidate();
  readMessages(r);
  stepTolerant(r, prop(1, "somedata"));
  checkEqual(
    "candidate n1 (t1) after a proposal: its log (a candidate must drop proposals)",
    logStr(r.raftLog.allEntries()),
    "[]",
  );
  checkEqual("candidate n1 (t1) after a proposal: lastIndex", r.raftLog.lastIndex(), 0);
  const appends = readMessages(r).filter((m) => m.msgType === MessageType.MsgAppend);
  checkEqual("MsgAppends sent by candidate n1 after a proposal", appends.map(msgStr), []);
});
