// Stage 3A (extension), membership change: addNode/removeNode on a Raft,
// commit after a removal, a non-member and MsgTimeoutNow, and conf changes
// proposed and applied through RawNode's Ready loop.

import { ConfChange, ConfChangeType, Entry, EntryType, MessageType } from "@raft/eraftpb";
import { StateType } from "@raft/raft";
import { Ready, RawNode, newRawNode } from "@raft/rawnode";
import { MemoryStorage } from "@raft/storage";
import { isEmptyHardState } from "@raft/util";

import { check, checkEqual } from "../../harness/assert";
import { fmtLog, fmtState } from "../../harness/format";
import { gradedFor } from "../../harness/graded";
import {
  applyCommitted,
  commitNoop,
  entry,
  msg,
  newTestConfig,
  newTestRaft,
  nodes,
  stepTolerant,
} from "../../harness/helpers";
import { strict, tolerant } from "../../harness/calls";
import { CATALOG } from "./catalog";
import { ccData, fmtCc, fmtIds, sameEntryShape } from "./fixtures";

const graded = gradedFor(CATALOG);

graded("3A-1", () => {
  const r = newTestRaft(1, [1], 10, 1, new MemoryStorage());
  strict("addNode(2)", () => r.addNode(2));
  checkEqual("the members of a node with peers [1] after addNode(2)", nodes(r), [1, 2], fmtIds);
});

graded("3A-2", () => {
  const r = newTestRaft(1, [1, 2], 10, 1, new MemoryStorage());
  strict("removeNode(2)", () => r.removeNode(2));
  checkEqual("the members of a node with peers [1,2] after removeNode(2)", nodes(r), [1], fmtIds);
  strict("removeNode(1), removing the node itself and the last member", () => r.removeNode(1));
  checkEqual("the members after removing the last one", nodes(r), [], fmtIds);
});

graded("3A-3", () => {
  const s = new MemoryStorage();
  const r = newTestRaft(1, [1, 2], 5, 1, s);
  r.becomeCandidate();
  r.becomeLeader();
  const remove2 = { changeType: ConfChangeType.RemoveNode, nodeId: 2, context: new Uint8Array() };
  stepTolerant(
    r,
    msg({
      msgType: MessageType.MsgPropose,
      entries: [{ ...entry(0, 0), entryType: EntryType.EntryConfChange, data: ccData(remove2) }],
    }),
  );
  const none = applyCommitted(r, s);
  checkEqual(
    "entries committed before node 2 acknowledged anything (a two-node cluster needs both)",
    none,
    [],
    fmtLog,
  );
  const ccIndex = r.raftLog.lastIndex();
  checkEqual(
    "the index of the RemoveNode(2) conf change proposed right after the election (after the no-op at 1); " +
      "the one-change-at-a-time gate must accept it, since the no-op is not a conf change",
    ccIndex,
    2,
  );
  stepTolerant(r, msg({ msgType: MessageType.MsgPropose, entries: [entry(0, 0, "hello")] }));
  stepTolerant(
    r,
    msg({ msgType: MessageType.MsgAppendResponse, from: 2, to: 0, term: r.term, index: ccIndex }),
  );
  const two = applyCommitted(r, s);
  const expectTwo = [
    entry(1, r.term),
    { ...entry(2, r.term), entryType: EntryType.EntryConfChange, data: ccData(remove2) },
  ];
  check(
    two.length === 2 && two.every((e, i) => sameEntryShape(e, expectTwo[i])),
    () =>
      `after node 2 acknowledged up to index ${ccIndex}, the committed entries to apply must be exactly the no-op (normal, empty) ` +
      `and the RemoveNode(2) conf change, and not yet "hello" (node 2 has not stored it)\n` +
      `  expected: ${fmtLog(expectTwo)}\n  actual:   ${fmtLog(two)}`,
  );
  strict("removeNode(2) on the leader", () => r.removeNode(2));
  const hello = applyCommitted(r, s);
  check(
    hello.length === 1 && sameEntryShape(hello[0], entry(3, r.term, "hello")),
    () =>
      `after removeNode(2) the leader is the only member, so its "hello" entry (index 3) is now stored on a quorum and must be committed at once\n` +
      `  expected to apply: ${fmtLog([entry(3, r.term, "hello")])}\n  actual:            ${fmtLog(hello)}`,
  );
});

graded("3A-14", () => {
  const r = newTestRaft(1, [2, 3, 4], 5, 1, new MemoryStorage());
  stepTolerant(r, msg({ msgType: MessageType.MsgTimeoutNow, from: 2, to: 1, term: 0 }));
  stepTolerant(r, msg({ msgType: MessageType.MsgRequestVoteResponse, from: 2, to: 1, term: 0 }));
  stepTolerant(r, msg({ msgType: MessageType.MsgRequestVoteResponse, from: 3, to: 1, term: 0 }));
  checkEqual(
    "the state of node 1, which is not among the members [2,3,4], after MsgTimeoutNow and two vote grants",
    r.state,
    StateType.Follower,
    fmtState,
  );
  const member = newTestRaft(1, [1, 2, 3], 5, 1, new MemoryStorage());
  stepTolerant(member, msg({ msgType: MessageType.MsgTimeoutNow, from: 2, to: 1, term: 0 }));
  check(
    member.state === StateType.Candidate && member.term === 1,
    () =>
      `node 1, a member of [1,2,3], must campaign at once on MsgTimeoutNow (without waiting for its election timeout)\n` +
      `  expected: Candidate at term 1\n  actual:   ${fmtState(member.state)} at term ${member.term}`,
  );
});

/** Stores a Ready's hard state and entries in `s`. */
function store(s: MemoryStorage, rd: Ready): void {
  if (!isEmptyHardState(rd.hardState)) s.setHardState(rd.hardState);
  s.append(rd.entries);
}

/** ready(), store, advance, until hasReady() is false (bounded). */
function drainReady(rn: RawNode, s: MemoryStorage, what: string): void {
  for (let i = 0; rn.hasReady(); i++) {
    check(i < 50, `${what}: hasReady() stayed true after 50 ready/advance cycles`);
    const rd = rn.ready();
    store(s, rd);
    rn.advance(rd);
  }
}

function lastStored(s: MemoryStorage, n: number): Entry[] {
  const last = s.lastIndex();
  return s.entries(Math.max(s.firstIndex(), last - n + 1), last + 1);
}

graded("3A-15", () => {
  const s = new MemoryStorage();
  const rn = strict("newRawNode (one node)", () => newRawNode(newTestConfig(1, [1], 10, 1, s)));
  let rd = rn.ready();
  store(s, rd);
  rn.advance(rd);
  rd = rn.ready();
  check(
    isEmptyHardState(rd.hardState) && rd.entries.length === 0,
    () =>
      `a fresh node's Ready after one ready/advance cycle must have an all-zero hard state and no entries, got hardState ${JSON.stringify(rd.hardState)}, entries ${fmtLog(rd.entries)}`,
  );
  strict("campaign()", () => rn.campaign());
  rd = rn.ready();
  check(
    rd.softState !== undefined && rd.softState.lead === 1,
    () =>
      `after campaign() a one-node cluster elects itself at once: the next Ready's softState must show lead 1, got ${JSON.stringify(rd.softState)}`,
  );
  store(s, rd);
  const add1 = { changeType: ConfChangeType.AddNode, nodeId: 1, context: new Uint8Array() };
  tolerant('propose("somedata")', () => rn.propose(Buffer.from("somedata")));
  tolerant("proposeConfChange(AddNode(1))", () => rn.proposeConfChange(add1));
  rn.advance(rd);
  drainReady(rn, s, "after the two proposals");
  const got = lastStored(s, 2);
  const expected = [
    entry(0, 0, "somedata"),
    { ...entry(0, 0), entryType: EntryType.EntryConfChange, data: ccData(add1) },
  ];
  check(
    got.length === 2 &&
      got.every(
        (e, i) =>
          e.entryType === expected[i].entryType && Buffer.from(e.data).equals(Buffer.from(expected[i].data)),
      ),
    () =>
      `the last two stored entries must be "somedata" and an EntryConfChange carrying the encoded AddNode(1) ` +
      `(proposed before the new leader applied anything: the gate must not count its no-op)\n` +
      `  actual: ${fmtLog(got)}`,
  );
});

graded("3A-16", () => {
  const s = new MemoryStorage();
  const rn = strict("newRawNode (one node)", () => newRawNode(newTestConfig(1, [1], 10, 1, s)));
  let rd = rn.ready();
  store(s, rd);
  rn.advance(rd);
  strict("campaign()", () => rn.campaign());
  for (let i = 0; ; i++) {
    check(i < 10, "after campaign(), no Ready within 10 cycles reported softState with lead 1");
    rd = rn.ready();
    store(s, rd);
    rn.advance(rd);
    if (rd.softState?.lead === 1) break;
  }
  const changes = [
    { changeType: ConfChangeType.AddNode, nodeId: 1, context: new Uint8Array() },
    { changeType: ConfChangeType.AddNode, nodeId: 1, context: new Uint8Array() },
    { changeType: ConfChangeType.AddNode, nodeId: 2, context: new Uint8Array() },
  ];
  for (const cc of changes) {
    tolerant(`proposeConfChange(${fmtCc(cc)})`, () => rn.proposeConfChange(cc));
    rd = rn.ready();
    store(s, rd);
    for (const e of rd.committedEntries) {
      if (e.entryType === EntryType.EntryConfChange) {
        const decoded = ConfChange.decode(e.data);
        strict(`applyConfChange(${fmtCc(decoded)})`, () => rn.applyConfChange(decoded));
      }
    }
    rn.advance(rd);
  }
  const got = lastStored(s, 3);
  const ok =
    got.length === 3 &&
    got.every(
      (e, i) =>
        e.entryType === EntryType.EntryConfChange &&
        Buffer.from(e.data).equals(Buffer.from(ccData(changes[i]))),
    );
  check(ok, () => {
    const show = got.map((e) =>
      e.entryType === EntryType.EntryConfChange ? fmtCc(ConfChange.decode(e.data)) : `normal ${fmtLog([e])}`,
    );
    return (
      `the last three stored entries must be the conf changes AddNode(1), AddNode(1), AddNode(2), each accepted ` +
      `once the previous one was applied\n  actual: [${show.join(", ")}]`
    );
  });
});

graded("3A-17", () => {
  const s = new MemoryStorage();
  const r = newTestRaft(1, [1, 2, 3], 10, 1, s);
  r.becomeCandidate();
  r.becomeLeader();
  commitNoop(r, s);
  const addNode = (id: number): ConfChange => ({
    changeType: ConfChangeType.AddNode,
    nodeId: id,
    context: new Uint8Array(),
  });
  const proposeCc = (cc: ConfChange): void => {
    stepTolerant(
      r,
      msg({
        msgType: MessageType.MsgPropose,
        from: 1,
        to: 1,
        entries: [{ ...entry(0, 0), entryType: EntryType.EntryConfChange, data: ccData(cc) }],
      }),
    );
  };
  /** Conf change entries after index `after`, and entries that are neither conf changes nor empty normal entries. */
  const since = (after: number): { conf: Entry[]; other: Entry[] } => {
    const later = r.raftLog.allEntries().filter((e) => e.index > after);
    return {
      conf: later.filter((e) => e.entryType === EntryType.EntryConfChange),
      other: later.filter((e) => e.entryType !== EntryType.EntryConfChange && e.data.length > 0),
    };
  };
  const describeCc = (es: Entry[]): string =>
    `[${es.map((e) => `${e.index}:${e.term} ${e.entryType === EntryType.EntryConfChange ? fmtCc(ConfChange.decode(e.data)) : "normal"}`).join(", ")}]`;

  proposeCc(addNode(4));
  const first = r.raftLog.lastIndex();
  const accepted = since(first - 1).conf;
  check(
    first === 2 &&
      accepted.length === 1 &&
      Buffer.from(accepted[0].data).equals(Buffer.from(ccData(addNode(4)))),
    () =>
      `a leader with no pending conf change (its no-op is committed and applied) must append the proposed AddNode(4) at index 2\n` +
      `  log: ${fmtLog(r.raftLog.allEntries())}`,
  );

  proposeCc(addNode(5));
  let extra = since(first);
  check(
    extra.conf.length === 0 && extra.other.length === 0,
    () =>
      `AddNode(4) at index ${first} is not applied yet (applied ${r.raftLog.applied}), so the proposed AddNode(5) must be refused ` +
      `(dropped, or replaced by an empty normal entry)\n  conf changes after index ${first}: ${describeCc(extra.conf)}`,
  );

  for (const p of [2, 3]) {
    stepTolerant(
      r,
      msg({
        msgType: MessageType.MsgAppendResponse,
        from: p,
        to: 1,
        term: r.term,
        index: r.raftLog.lastIndex(),
      }),
    );
  }
  check(
    r.raftLog.committed >= first,
    () =>
      `setup: after both followers acknowledged the whole log, the leader's commit index should reach ${first}, got ${r.raftLog.committed}`,
  );
  proposeCc(addNode(5));
  extra = since(first);
  check(
    extra.conf.length === 0 && extra.other.length === 0,
    () =>
      `AddNode(4) at index ${first} is committed but not applied yet (applied ${r.raftLog.applied}): a change takes effect only when applied, ` +
      `so AddNode(5) must still be refused\n  conf changes after index ${first}: ${describeCc(extra.conf)}`,
  );

  applyCommitted(r, s);
  const before = r.raftLog.lastIndex();
  proposeCc(addNode(6));
  const now = since(before).conf;
  check(
    now.length === 1 && Buffer.from(now[0].data).equals(Buffer.from(ccData(addNode(6)))),
    () =>
      `once AddNode(4) is applied (applied ${r.raftLog.applied}), a new conf change AddNode(6) must be accepted\n` +
      `  conf changes after index ${before}: ${describeCc(now)}`,
  );
});
