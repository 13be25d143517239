// Stage 2C, direct scenarios: installing, ignoring, sending and reporting
// snapshots, restarting over one, and compacting the in-memory log. Each
// test builds one node by hand (no network) and reads its public fields.

import { HardState, MessageType } from "@raft/eraftpb";
import { ErrCompacted } from "@raft/errors";
import { newLog } from "@raft/log";
import { StateType } from "@raft/raft";
import { newRawNode } from "@raft/rawnode";
import { MemoryStorage } from "@raft/storage";
import { isEmptyHardState, isEmptySnap } from "@raft/util";

import { check, checkEqual } from "../../harness/assert";
import { fmtLog, fmtMsgs, fmtState } from "../../harness/format";
import { gradedFor } from "../../harness/graded";
import {
  entry as ent,
  msg,
  newTestConfig,
  newTestRaft,
  readMessages,
  stepTolerant,
  storageWithEnts,
} from "../../harness/helpers";
import { strict, tolerant } from "../../harness/calls";
import { CATALOG } from "./catalog";
import { SlowSnapshotStorage, fmtList, fmtSnapMeta, ofType, snap, snapMeta, text } from "./fixtures";

const graded = gradedFor(CATALOG);

const ids = (m: Map<number, unknown>): number[] => Array.from(m.keys()).sort((a, b) => a - b);
const fmtIds = (v: number[]): string => `[${v.join(",")}]`;
const fmtIndexes = (v: number[]): string => `[${v.join(", ")}]`;

graded("2C-1", () => {
  const storage = new MemoryStorage();
  const r = newTestRaft(1, [1, 2], 10, 1, storage);
  strict("handleSnapshot(snapshot index 11, term 11, nodes [1,2,3])", () =>
    r.handleSnapshot(msg({ snapshot: snap(11, 11, [1, 2, 3]) })),
  );
  checkEqual("lastIndex() after installing a snapshot at index 11", r.raftLog.lastIndex(), 11);
  const t = strict("term(11) after installing a snapshot at index 11 (term 11)", () => r.raftLog.term(11));
  checkEqual("term(11), the snapshot's index, answered from the snapshot's metadata", t, 11);
  checkEqual(
    "the members after installing a snapshot whose ConfState is [1,2,3] (the node had [1,2])",
    ids(r.prs),
    [1, 2, 3],
    fmtIds,
  );
  check(
    storage.lastIndex() === 0 && isEmptySnap(storage.snapshot()),
    `Raft must not write to storage: the application saves the snapshot when it takes it from Ready. ` +
      `Storage now has lastIndex ${storage.lastIndex()} and snapshot ${fmtSnapMeta(snapMeta(storage.snapshot()))}.`,
  );
});

graded("2C-2", () => {
  const storage = storageWithEnts([ent(0, 0), ent(1, 1), ent(2, 1), ent(3, 1)]);
  const r = newTestRaft(1, [1, 2], 10, 1, storage);
  r.raftLog.committed = 3;
  tolerant("handleSnapshot(a stale snapshot at index 1)", () =>
    r.handleSnapshot(msg({ snapshot: snap(1, 1, [1, 2]) })),
  );
  checkEqual(
    "committed after a stale snapshot (index 1) reached a node that had committed index 3 (it must be ignored)",
    r.raftLog.committed,
    3,
  );
  checkEqual(
    "lastIndex() after the ignored stale snapshot (the log [1:1, 2:1, 3:1] must stay)",
    r.raftLog.lastIndex(),
    3,
  );
});

graded("2C-3", () => {
  const r = newTestRaft(1, [1], 10, 1, new MemoryStorage());
  strict("handleSnapshot(snapshot index 11, term 11, nodes [1,2])", () =>
    r.handleSnapshot(msg({ snapshot: snap(11, 11, [1, 2]) })),
  );
  r.becomeCandidate();
  r.becomeLeader();
  readMessages(r);
  const pr = r.prs.get(2);
  check(
    pr !== undefined,
    `after installing a snapshot with nodes [1,2], the leader has no Progress for node 2 (members ${fmtIds(ids(r.prs))}); rebuild the peer set from the snapshot`,
  );
  pr.next = 10;
  stepTolerant(r, msg({ msgType: MessageType.MsgPropose, from: 2, to: 1, entries: [ent(0, 0, "somedata")] }));
  const out = readMessages(r);
  check(
    out.length === 1 && out[0].msgType === MessageType.MsgSnapshot,
    () =>
      `The leader's log starts after a snapshot at index 11 and node 2's next index is 10, so the entry before it (9) is compacted. ` +
      `On a proposal the leader must send exactly one message, a MsgSnapshot to node 2.\n  actual messages:\n${fmtMsgs(out)}`,
  );
});

graded("2C-4", () => {
  const r = newTestRaft(2, [1, 2], 10, 1, new MemoryStorage());
  stepTolerant(
    r,
    msg({ msgType: MessageType.MsgSnapshot, from: 1, to: 0, term: 2, snapshot: snap(11, 11, [1, 2]) }),
  );
  checkEqual("node 2's lead after a MsgSnapshot from node 1 at term 2", r.lead, 1);
});

graded("2C-5", () => {
  const r = newTestRaft(2, [1, 2, 3], 10, 1, new MemoryStorage());
  stepTolerant(
    r,
    msg({ msgType: MessageType.MsgSnapshot, from: 1, to: 0, term: 2, snapshot: snap(11, 11, [2, 3, 4]) }),
  );
  checkEqual("node 2's lead after a MsgSnapshot from node 1 at term 2", r.lead, 1);
  checkEqual(
    "node 2's members after a snapshot with nodes [2,3,4] (it had [1,2,3])",
    ids(r.prs),
    [2, 3, 4],
    fmtIds,
  );
});

graded("2C-7", () => {
  const storage = new MemoryStorage();
  storage.setHardState(HardState.fromPartial({ term: 1, commit: 3 }));
  storage.applySnapshot(snap(2, 1, [1, 2]));
  storage.append([ent(3, 1, "foo")]);
  const rn = strict("newRawNode over a storage holding a snapshot", () =>
    newRawNode(newTestConfig(1, [], 10, 1, storage)),
  );
  const rd = strict("the first ready()", () => rn.ready());
  check(
    rd.softState === undefined,
    () =>
      `first Ready after a restart: softState must be undefined (nothing changed), got ${JSON.stringify(rd.softState)}`,
  );
  check(
    rd.hardState !== undefined && isEmptyHardState(rd.hardState),
    () =>
      `first Ready after a restart: hardState must be all zero (it equals what storage already holds), got ${JSON.stringify(rd.hardState)}`,
  );
  checkEqual("first Ready after a restart: entries (all are already stored)", rd.entries, [], fmtLog);
  checkEqual("first Ready after a restart: messages", rd.messages, [], (v) => fmtMsgs(v ?? []));
  check(
    isEmptySnap(rd.snapshot),
    () =>
      `first Ready after a restart: the snapshot already in storage must not be reported again, got ${fmtSnapMeta(snapMeta(rd.snapshot))}`,
  );
  const committed = rd.committedEntries;
  check(
    Array.isArray(committed) &&
      committed.length === 1 &&
      committed[0].index === 3 &&
      committed[0].term === 1 &&
      committed[0].entryType === ent(3, 1).entryType &&
      text(committed[0]) === "foo",
    () =>
      `first Ready after a restart over a snapshot at index 2 with commit 3: committedEntries must be exactly [3:1 "foo"] ` +
      `(applied starts at the snapshot index, not at commit)\n  actual: ${fmtLog(committed)}`,
  );
  strict("advance(rd)", () => rn.advance(rd));
  check(
    !rn.hasReady(),
    'after applying [3:1 "foo"] and advance, hasReady() must be false: nothing is left to do',
  );
});

graded("2C-10", () => {
  const storage = new SlowSnapshotStorage();
  storage.applySnapshot(snap(11, 11, [1, 2]));
  storage.setHardState(HardState.fromPartial({ term: 11, commit: 11 }));
  const r = newTestRaft(1, [], 10, 1, storage);
  checkEqual("members of a node restarted from a snapshot with nodes [1,2]", ids(r.prs), [1, 2], fmtIds);
  r.becomeCandidate();
  r.becomeLeader();
  readMessages(r);
  const pr = r.prs.get(2)!;
  pr.next = 5; // entry 4, before node 2's next index, is compacted
  const before = r.raftLog.lastIndex();
  storage.unavailable = true; // from now on, storage is "still building" its snapshot
  strict("stepping a proposal while storage.snapshot() throws ErrSnapshotTemporarilyUnavailable", () =>
    r.step(msg({ msgType: MessageType.MsgPropose, from: 1, to: 1, entries: [ent(0, 0, "somedata")] })),
  );
  checkEqual(
    "the leader's state after a proposal it could not send to node 2",
    r.state,
    StateType.Leader,
    fmtState,
  );
  checkEqual(
    "the leader's lastIndex after the proposal (it must still be appended)",
    r.raftLog.lastIndex(),
    before + 1,
  );
  const first = readMessages(r).filter((m) => m.to === 2);
  const bad = first.filter(
    (m) => m.msgType === MessageType.MsgSnapshot || (m.msgType === MessageType.MsgAppend && m.index < 11),
  );
  check(
    bad.length === 0,
    () =>
      `While the snapshot is unavailable the leader can send node 2 (next 5) neither a snapshot nor entries before index 12 (they are compacted).\n  sent: ${fmtList(bad)}`,
  );
  storage.unavailable = false;
  stepTolerant(r, msg({ msgType: MessageType.MsgHeartbeatResponse, from: 2, to: 1, term: r.term }));
  const snaps = ofType(readMessages(r), MessageType.MsgSnapshot).filter((m) => m.to === 2);
  check(
    snaps.length >= 1 && snaps.some((m) => snapMeta(m.snapshot)?.index === 11),
    () =>
      `Once storage can give the snapshot, node 2's heartbeat response (it is still behind) must make the leader send it a MsgSnapshot with storage's snapshot (index 11).\n  MsgSnapshot sent: ${fmtList(snaps)}`,
  );
});

graded("2C-11", () => {
  const storage = new MemoryStorage();
  const rn = newRawNode(newTestConfig(1, [1, 2], 10, 1, storage));
  stepTolerant(
    rn,
    msg({ msgType: MessageType.MsgSnapshot, from: 2, to: 1, term: 2, snapshot: snap(11, 11, [1, 2]) }),
  );
  const rd = strict("ready() after stepping a MsgSnapshot", () => rn.ready());
  checkEqual(
    "Ready.snapshot after stepping a MsgSnapshot (index 11, term 11, nodes [1,2])",
    snapMeta(rd.snapshot),
    { index: 11, term: 11, nodes: [1, 2] },
    fmtSnapMeta,
  );
  checkEqual("Ready.hardState.commit after installing a snapshot at index 11", rd.hardState.commit, 11);
  storage.applySnapshot(rd.snapshot);
  storage.setHardState(rd.hardState);
  storage.append(rd.entries);
  strict("advance(rd)", () => rn.advance(rd));
  check(
    !rn.hasReady(),
    "after the snapshot was taken from Ready and advance was called, hasReady() must be false (the snapshot is no longer pending)",
  );
  const again = strict("ready() after advance", () => rn.ready());
  check(
    isEmptySnap(again.snapshot),
    () => `after advance, Ready.snapshot must be empty again, got ${fmtSnapMeta(snapMeta(again.snapshot))}`,
  );
});

graded("2C-12", () => {
  const terms = [1, 1, 2, 2, 3, 3, 3, 4, 4, 4];
  const storage = new MemoryStorage();
  storage.append(terms.map((t, i) => ent(i + 1, t)));
  storage.setHardState(HardState.fromPartial({ term: 4, commit: 10 }));
  const log = newLog(storage);
  log.applied = 8;
  const indexes = (): number[] => log.allEntries().map((e) => e.index);
  checkEqual(
    "allEntries() indexes of a log over storage entries 1..10",
    indexes(),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    fmtIndexes,
  );
  storage.createSnapshot(6, { nodes: [1] });
  storage.compact(6);
  strict("maybeCompact() after storage compacted up to index 6", () => log.maybeCompact());
  checkEqual(
    "allEntries() indexes after storage compacted up to 6 and maybeCompact() (entries 1..6 must leave memory)",
    indexes(),
    [7, 8, 9, 10],
    fmtIndexes,
  );
  checkEqual("lastIndex() after maybeCompact()", log.lastIndex(), 10);
  const t6 = strict("term(6), the last compacted index", () => log.term(6));
  checkEqual("term(6), the last compacted index (storage keeps it)", t6, 3);
  let thrown: unknown = undefined;
  try {
    log.term(5);
  } catch (e) {
    thrown = e;
  }
  check(
    thrown instanceof ErrCompacted,
    () =>
      `term(5) on a log compacted up to 6 must throw ErrCompacted, got ${thrown === undefined ? "no error" : thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : "a non-Error value"}`,
  );
  checkEqual(
    "committed, applied and stabled after maybeCompact() (compaction must not change them)",
    [log.committed, log.applied, log.stabled],
    [10, 8, 10],
    (v) => `committed ${v[0]}, applied ${v[1]}, stabled ${v[2]}`,
  );
});

graded("2C-13", () => {
  const storage = storageWithEnts([ent(0, 0), ent(1, 1), ent(2, 2), ent(3, 2), ent(4, 2)]);
  const r = newTestRaft(2, [1, 2], 10, 1, storage);
  r.becomeFollower(2, 1);
  r.raftLog.committed = 1;
  readMessages(r);
  stepTolerant(
    r,
    msg({ msgType: MessageType.MsgSnapshot, from: 1, to: 2, term: 2, snapshot: snap(3, 2, [1, 2]) }),
  );
  const log = (): string =>
    fmtLog(strict("allEntries()", () => r.raftLog.allEntries())) + ` (lastIndex ${r.raftLog.lastIndex()})`;
  checkEqual(
    "lastIndex() after a snapshot ending at 3:2 reached a follower whose log is [1:1, 2:2, 3:2, 4:2] " +
      "(it already holds 3:2, so it must keep 4:2)",
    r.raftLog.lastIndex(),
    4,
  );
  const t4 = strict("term(4) after the snapshot", () => r.raftLog.term(4));
  check(
    t4 === 2,
    `term(4) after the snapshot must still be 2 (the entry 4:2 is kept); got ${String(t4)}. Log: ${log()}`,
  );
  checkEqual("committed after a snapshot ending at index 3", r.raftLog.committed, 3);
  const acks = ofType(readMessages(r), MessageType.MsgAppendResponse);
  check(
    acks.length === 1 && acks[0].to === 1 && !acks[0].reject && acks[0].index >= 3,
    `after the snapshot the follower must answer node 1 with one MsgAppendResponse, reject false, index at least 3; ` +
      `it sent ${fmtMsgs(acks)}`,
  );
});
