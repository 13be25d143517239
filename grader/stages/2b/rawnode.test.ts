// Stage 2B, RawNode and the Ready contract: 2B-27 (start), 2B-28 (restart),
// 2B-33 (step refuses local messages and unknown peers).

import { Entry, HardState, Message, MessageType } from "@raft/eraftpb";
import { ErrStepLocalMsg, ErrStepPeerNotFound } from "@raft/errors";
import { Ready, RawNode, newRawNode } from "@raft/rawnode";
import { MemoryStorage } from "@raft/storage";
import { check, checkEqual } from "../../harness/assert";
import { fmtLog, fmtMsgs } from "../../harness/format";
import { gradedFor } from "../../harness/graded";
import { CATALOG } from "./catalog";
import { errText } from "./views";

const graded = gradedFor(CATALOG);

function rawNode(id: number, peers: number[], storage: MemoryStorage): RawNode {
  return newRawNode({ id, peers, electionTick: 10, heartbeatTick: 1, storage });
}

/** What an application does with a Ready before advancing: persist hard state and entries. */
function store(storage: MemoryStorage, rd: Ready): void {
  const hs = rd.hardState;
  if (hs.term !== 0 || hs.vote !== 0 || hs.commit !== 0) storage.setHardState(hs);
  storage.append(rd.entries);
}

function text(data: Uint8Array): string {
  return Buffer.from(data).toString("utf8");
}

/** Fails unless `v` is an array (the lab's canonical empty value is [], never undefined or null). */
function checkArray(what: string, v: unknown): void {
  check(
    Array.isArray(v),
    () => `${what} must be an array ([] when empty), got ${v === null ? "null" : typeof v}`,
  );
}

graded("2B-27", () => {
  const storage = new MemoryStorage();
  const rn = rawNode(1, [1], storage);
  rn.campaign();
  const first = rn.ready();
  checkArray("Ready.entries after campaign()", first.entries);
  store(storage, first);
  rn.advance(first);

  rn.propose(Buffer.from("foo"));
  const rd = rn.ready();
  checkArray("Ready.entries", rd.entries);
  checkArray("Ready.committedEntries", rd.committedEntries);
  check(
    rd.entries.length === 1 && rd.committedEntries.length === 1,
    () =>
      `a one-node leader proposed "foo": the next Ready should offer exactly that entry both to store and to apply\n` +
      `  Ready.entries:          ${fmtLog(rd.entries)}\n  Ready.committedEntries: ${fmtLog(rd.committedEntries)}\n` +
      `  (an entry here twice or an old entry again usually means advance() did not move stabled or applied)`,
  );
  checkEqual("data of the entry in Ready.entries", text(rd.entries[0].data), "foo");
  checkEqual("data of the entry in Ready.committedEntries", text(rd.committedEntries[0].data), "foo");
  store(storage, rd);
  rn.advance(rd);
  check(!rn.hasReady(), () => {
    const extra = rn.ready();
    return (
      `after storing and advancing the Ready with "foo", hasReady() should be false (nothing new happened), but it is true.\n` +
      `  the next Ready has entries ${fmtLog(extra.entries)}, committedEntries ${fmtLog(extra.committedEntries)}, ` +
      `messages:\n${fmtMsgs(extra.messages ?? [])}\n  softState ${JSON.stringify(extra.softState)}, hardState ${JSON.stringify(extra.hardState)}`
    );
  });
});

graded("2B-28", () => {
  const entries = [
    Entry.fromPartial({ term: 1, index: 1 }),
    Entry.fromPartial({ term: 1, index: 2, data: Buffer.from("foo") }),
  ];
  const storage = new MemoryStorage();
  storage.setHardState(HardState.fromPartial({ term: 1, commit: 1 }));
  storage.append(entries);
  const rn = rawNode(1, [], storage);

  const rd = rn.ready();
  const setup =
    'a RawNode restarted over storage with hard state {term 1, commit 1} and log [1:1, 2:1 "foo"]';
  check(
    rd.softState === undefined,
    () =>
      `${setup}: the first Ready's softState should be undefined (leader and role did not change), got ${JSON.stringify(rd.softState)}`,
  );
  checkEqual(
    `${setup}: the first Ready's hardState (all zero: the stored hard state did not change)`,
    { term: rd.hardState?.term, vote: rd.hardState?.vote, commit: rd.hardState?.commit },
    { term: 0, vote: 0, commit: 0 },
  );
  checkArray("Ready.entries", rd.entries);
  checkArray("Ready.committedEntries", rd.committedEntries);
  checkArray("Ready.messages", rd.messages);
  checkEqual(`${setup}: Ready.entries (everything is already stored)`, rd.entries, [], fmtLog);
  checkEqual(
    `${setup}: Ready.committedEntries (applied starts at the storage's first index - 1 = 0, not at commit, so entry 1 is applied again)`,
    fmtLog(rd.committedEntries),
    "[1:1]",
  );
  checkEqual(`${setup}: Ready.messages`, rd.messages, [], fmtMsgs);
  check(
    (rd.snapshot?.metadata?.index ?? 0) === 0,
    () =>
      `${setup}: Ready.snapshot should be the empty snapshot (index 0) when none is pending, got ${JSON.stringify(rd.snapshot)}`,
  );
  rn.advance(rd);
  check(!rn.hasReady(), () => {
    const extra = rn.ready();
    return (
      `${setup}: after advancing the first Ready, hasReady() should be false, but it is true.\n` +
      `  the next Ready has entries ${fmtLog(extra.entries)}, committedEntries ${fmtLog(extra.committedEntries)}, ` +
      `softState ${JSON.stringify(extra.softState)}, hardState ${JSON.stringify(extra.hardState)}`
    );
  });
});

graded("2B-33", () => {
  const rn = rawNode(1, [1, 2, 3], new MemoryStorage());
  for (const t of [MessageType.MsgHup, MessageType.MsgBeat]) {
    const m = Message.fromPartial({ msgType: t, from: 1, to: 1 });
    let thrown: unknown;
    try {
      rn.step(m);
    } catch (e) {
      thrown = e;
    }
    check(
      thrown instanceof ErrStepLocalMsg,
      () =>
        `RawNode.step(${MessageType[t]}) must throw ErrStepLocalMsg (local messages come only from tick() and campaign()), ` +
        `got ${errText(thrown)}`,
    );
  }
  const resp = Message.fromPartial({
    msgType: MessageType.MsgAppendResponse,
    from: 9,
    to: 1,
    term: 0,
    index: 1,
  });
  let thrown: unknown;
  try {
    rn.step(resp);
  } catch (e) {
    thrown = e;
  }
  check(
    thrown instanceof ErrStepPeerNotFound,
    () =>
      `RawNode.step of a MsgAppendResponse from node 9 (not a member of [1, 2, 3]) must throw ErrStepPeerNotFound, ` +
      `got ${errText(thrown)}`,
  );
});
