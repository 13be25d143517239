// Stage 2B, the follower's side of MsgAppend and the RaftLog views:
// 2B-5 (commit from the leader), 2B-6 (consistency check), 2B-7 (skip,
// truncate, append), 2B-22 (the handler table), 2B-29 (ack names the verified
// index), 2B-30 (RaftLog views), 2B-31 (out-of-range index is a typed error).

import { Entry, HardState, Message, MessageType } from "@raft/eraftpb";
import { ErrCompacted, ErrUnavailable } from "@raft/errors";
import { newLog } from "@raft/log";
import { None } from "@raft/raft";
import { MemoryStorage } from "@raft/storage";
import { check, checkEqual } from "../../harness/assert";
import { fmtMsg } from "../../harness/format";
import { gradedFor } from "../../harness/graded";
import {
  dummyEntry,
  msg,
  newTestRaft,
  readMessages,
  stepTolerant,
  storageWithEnts,
} from "../../harness/helpers";
import { CATALOG } from "./catalog";
import { E, errText, logStr, onlyReply } from "./views";

const graded = gradedFor(CATALOG);

function append(fields: Partial<Message>): Message {
  return msg({ msgType: MessageType.MsgAppend, ...fields });
}

/** "Append 2→1 t2 index 1 logTerm 1 entries [2:1]" for a setup line. */
function desc(m: Message): string {
  return fmtMsg(m).replace(/^MsgAppend/, "Append");
}

graded("2B-5", () => {
  const A = "some data";
  const B = "some data2";
  const cases: { ents: Entry[]; commit: number }[] = [
    { ents: [E(1, 1, A)], commit: 1 },
    { ents: [E(1, 1, A), E(2, 1, B)], commit: 2 },
    { ents: [E(1, 1, B), E(2, 1, A)], commit: 2 },
    { ents: [E(1, 1, A), E(2, 1, B)], commit: 1 },
  ];
  for (const c of cases) {
    const r = newTestRaft(1, [1, 2, 3], 10, 1, new MemoryStorage());
    r.becomeFollower(1, 2);
    const m = append({ from: 2, to: 1, term: 1, entries: c.ents, commit: c.commit });
    stepTolerant(r, m);
    const setup = `follower n1 (t1, empty log) after ${desc(m)}`;
    checkEqual(`${setup}: committed`, r.raftLog.committed, c.commit);
    checkEqual(`${setup}: nextEnts()`, logStr(r.raftLog.nextEnts()), logStr(c.ents.slice(0, c.commit)));
  }
});

graded("2B-6", () => {
  const cases: { logTerm: number; index: number; reject: boolean }[] = [
    { logTerm: 0, index: 0, reject: false },
    { logTerm: 1, index: 1, reject: false },
    { logTerm: 2, index: 2, reject: false },
    { logTerm: 1, index: 2, reject: true },
    { logTerm: 3, index: 3, reject: true },
  ];
  for (const c of cases) {
    const s = new MemoryStorage();
    s.append([E(1, 1), E(2, 2)]);
    const r = newTestRaft(1, [1, 2, 3], 10, 1, s);
    r.raftLog.committed = 1;
    r.becomeFollower(2, 2);
    readMessages(r);
    const m = append({ from: 2, to: 1, term: 2, logTerm: c.logTerm, index: c.index });
    stepTolerant(r, m);
    const setup = `follower n1 (t2, log [1:1, 2:2], committed 1) given ${desc(m)}`;
    const reply = onlyReply(r, setup);
    checkEqual(`${setup}: term of the reply`, reply.term, 2);
    check(
      reply.reject === c.reject,
      () =>
        `${setup}: the reply should ${c.reject ? "reject" : "accept"} (the log ${c.reject ? "has no" : "has an"} entry ` +
        `${c.index}:${c.logTerm}), got ${fmtMsg(reply)}`,
    );
  }
});

graded("2B-7", () => {
  const cases: {
    term: number;
    index: number;
    logTerm: number;
    ents: Entry[];
    all: Entry[];
    unstable: Entry[];
  }[] = [
    { term: 3, index: 2, logTerm: 2, ents: [E(3, 3)], all: [E(1, 1), E(2, 2), E(3, 3)], unstable: [E(3, 3)] },
    {
      term: 4,
      index: 1,
      logTerm: 1,
      ents: [E(2, 3), E(3, 4)],
      all: [E(1, 1), E(2, 3), E(3, 4)],
      unstable: [E(2, 3), E(3, 4)],
    },
    { term: 2, index: 0, logTerm: 0, ents: [E(1, 1)], all: [E(1, 1), E(2, 2)], unstable: [] },
    { term: 3, index: 0, logTerm: 0, ents: [E(1, 3)], all: [E(1, 3)], unstable: [E(1, 3)] },
  ];
  for (const c of cases) {
    const s = new MemoryStorage();
    s.append([E(1, 1), E(2, 2)]);
    const r = newTestRaft(1, [1, 2, 3], 10, 1, s);
    r.becomeFollower(2, 2);
    const m = append({ from: 2, to: 1, term: c.term, logTerm: c.logTerm, index: c.index, entries: c.ents });
    stepTolerant(r, m);
    const setup = `follower n1 (t2, stored log [1:1, 2:2]) after ${desc(m)}`;
    checkEqual(`${setup}: allEntries()`, logStr(r.raftLog.allEntries()), logStr(c.all));
    checkEqual(`${setup}: unstableEntries()`, logStr(r.raftLog.unstableEntries()), logStr(c.unstable));
  }
});

graded("2B-22", () => {
  // (term, logTerm, index, commit, entries) -> (lastIndex, committed, reject)
  const cases: [number, number, number, number, Entry[], number, number, boolean][] = [
    // The previous entry does not match, or does not exist.
    [3, 3, 2, 3, [], 2, 0, true],
    [3, 3, 3, 3, [], 2, 0, true],
    // Accepted: entries appended, commit follows the leader.
    [2, 1, 1, 1, [], 2, 1, false],
    [2, 0, 0, 1, [E(1, 2)], 1, 1, false],
    [2, 2, 2, 3, [E(3, 2), E(4, 2)], 4, 3, false],
    [2, 2, 2, 4, [E(3, 2)], 3, 3, false],
    [2, 1, 1, 4, [E(2, 2)], 2, 2, false],
    // Commit stops at the last entry this message vouches for.
    [2, 1, 1, 3, [], 2, 1, false],
    [2, 1, 1, 3, [E(2, 2)], 2, 2, false],
    [2, 2, 2, 3, [], 2, 2, false],
    [2, 2, 2, 4, [], 2, 2, false],
  ];
  for (const [term, logTerm, index, commit, entries, wIndex, wCommit, wReject] of cases) {
    const s = new MemoryStorage();
    s.append([E(1, 1), E(2, 2)]);
    const r = newTestRaft(1, [1], 10, 1, s);
    r.becomeFollower(2, None);
    const m = append({ term, logTerm, index, commit, entries });
    stepTolerant({ step: (x: Message) => r.handleAppendEntries(x) }, m);
    const setup = `follower n1 (t2, log [1:1, 2:2], committed 0): handleAppendEntries(${desc(m)})`;
    const reply = onlyReply(r, setup);
    checkEqual(
      `${setup}: (lastIndex, committed, reject)`,
      `(${r.raftLog.lastIndex()}, ${r.raftLog.committed}, ${reply.reject ? "reject" : "accept"})`,
      `(${wIndex}, ${wCommit}, ${wReject ? "reject" : "accept"})`,
    );
  }
});

graded("2B-29", () => {
  const s = new MemoryStorage();
  s.append([E(1, 1), E(2, 1), E(3, 1)]);
  const r = newTestRaft(1, [1, 2, 3], 10, 1, s);
  r.becomeFollower(2, 2);
  readMessages(r);
  const m = append({ from: 2, to: 1, term: 2, index: 1, logTerm: 1, entries: [E(2, 1)], commit: 3 });
  stepTolerant(r, m);
  const setup = `follower n1 (t2, log [1:1, 2:1, 3:1]) given ${desc(m)}`;
  const reply = onlyReply(r, setup);
  checkEqual(
    `${setup}: its reply (it verified its log only up to index 2; entry 3 may still differ from the leader's entry 3)`,
    fmtMsg(reply),
    fmtMsg(msg({ msgType: MessageType.MsgAppendResponse, from: 1, to: 2, term: 2, index: 2 })),
  );
  checkEqual(
    `${setup}: committed (only up to the last entry the message vouches for)`,
    r.raftLog.committed,
    2,
  );
});

graded("2B-30", () => {
  // An empty log.
  const empty = newLog(new MemoryStorage());
  checkEqual("new empty log: allEntries()", logStr(empty.allEntries()), "[]");
  checkEqual("new empty log: unstableEntries()", logStr(empty.unstableEntries()), "[]");
  checkEqual("new empty log: nextEnts()", logStr(empty.nextEnts()), "[]");
  checkEqual("new empty log: lastIndex()", empty.lastIndex(), 0);
  checkEqual("new empty log: term(0)", empty.term(0), 0);

  // A log restarted from storage: stable entries, commit from the hard state, applied at 0.
  const s = storageWithEnts([dummyEntry(), E(1, 1), E(2, 1), E(3, 2)]);
  s.setHardState(HardState.fromPartial({ term: 2, commit: 2 }));
  const l = newLog(s);
  const setup = "log over storage [1:1, 2:1, 3:2] with hard state commit 2";
  checkEqual(`${setup}: allEntries()`, logStr(l.allEntries()), "[1:1, 2:1, 3:2]");
  checkEqual(
    `${setup}: (committed, applied, stabled)`,
    [l.committed, l.applied, l.stabled],
    [2, 0, 3],
    (v) => `(${v.join(", ")})`,
  );
  checkEqual(`${setup}: unstableEntries() (everything is in storage)`, logStr(l.unstableEntries()), "[]");
  checkEqual(`${setup}: nextEnts() (committed, not yet applied)`, logStr(l.nextEnts()), "[1:1, 2:1]");
  checkEqual(
    `${setup}: [term(0), term(1), term(2), term(3)]`,
    [0, 1, 2, 3].map((i) => l.term(i)),
    [0, 1, 1, 2],
  );

  // Move the markers the way the application and the tests do.
  l.stabled = 1;
  l.committed = 3;
  l.applied = 1;
  const moved = `${setup}, then stabled 1, committed 3, applied 1`;
  checkEqual(`${moved}: unstableEntries()`, logStr(l.unstableEntries()), "[2:1, 3:2]");
  checkEqual(
    `${moved}: nextEnts() (committed entries are handed out whether or not they are stable yet)`,
    logStr(l.nextEnts()),
    "[2:1, 3:2]",
  );
  l.applied = 3;
  checkEqual(`${setup}, then everything applied: nextEnts()`, logStr(l.nextEnts()), "[]");
});

graded("2B-31", () => {
  function checkTyped(what: string, f: () => number): void {
    let thrown: unknown;
    let got: number | undefined;
    try {
      got = f();
    } catch (e) {
      thrown = e;
    }
    check(
      thrown instanceof ErrUnavailable || thrown instanceof ErrCompacted,
      () =>
        `${what} must throw ErrUnavailable (or ErrCompacted): there is no such entry. ` +
        (thrown === undefined ? `It returned ${got}.` : `It threw ${errText(thrown)}.`),
    );
  }
  const empty = newLog(new MemoryStorage());
  checkTyped("term(1) of an empty log", () => empty.term(1));
  const l = newLog(storageWithEnts([dummyEntry(), E(1, 1), E(2, 1)]));
  checkTyped("term(3) of the log [1:1, 2:1]", () => l.term(3));
  checkTyped("term(100) of the log [1:1, 2:1]", () => l.term(100));

  // A log restarted over a compacted storage: entries 1..3 are gone, 3:2 is the snapshot point.
  const compacted = newLog(storageWithEnts([E(3, 2), E(4, 2), E(5, 3)]));
  const what = "a log over a storage compacted up to 3:2, holding [4:2, 5:3]";
  checkEqual(`${what}: allEntries()`, logStr(compacted.allEntries()), "[4:2, 5:3]");
  checkEqual(`${what}: lastIndex()`, compacted.lastIndex(), 5);
  checkEqual(`${what}: term(5)`, compacted.term(5), 3);
  let thrown: unknown;
  try {
    compacted.term(2);
  } catch (e) {
    thrown = e;
  }
  check(
    thrown instanceof ErrCompacted,
    () =>
      `${what}: term(2) is before the compaction point and must throw ErrCompacted, got ${errText(thrown)}`,
  );
  checkTyped(`${what}: term(6)`, () => compacted.term(6));
});
