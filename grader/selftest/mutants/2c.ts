// Deliberate stage-2C bugs: the reference broken the way a student might
// break it, each with the 2C graded scenario tests that must fail. The first
// group is every §5.1 row of the spec whose scenarios include 2C tests; the
// second holds the snapshot and compaction bugs issue 5 names and others that
// show each 2C test catches something. `mustFail` lists every 2C scenario
// test that failed with the bug when checked by hand (2C fault tests, 2C-F*,
// are the fault helper's business and are not listed).

import { Mutant } from "./types";

export const MUTANTS: Mutant[] = [
  // ---- spec §5.1 rows with 2C scenarios --------------------------------
  {
    id: "2c-term0-stale",
    bug: "term 0 (local) messages are treated as stale and ignored",
    file: "raft.ts",
    find: "} else if (m.term !== 0 && m.term < this.term) {",
    replace: "} else if (m.term < this.term) {",
    mustFail: ["2C-3", "2C-6", "2C-8", "2C-9", "2C-10"],
  },
  {
    id: "2c-no-commit-broadcast",
    bug: "the leader does not tell the followers when its commit index advances",
    file: "raft.ts",
    find: `    if (this.maybeCommit()) {
      this.bcastAppend(); // tell everyone the new commit index
    }`,
    replace: `    this.maybeCommit();`,
    mustFail: ["2C-6", "2C-8", "2C-9"],
  },
  {
    id: "2c-proposal-not-sent",
    bug: "the leader appends a proposal but does not send it to the followers",
    file: "raft.ts",
    find: `    this.appendEntries(ents);
    this.maybeCommit(); // a single voter commits at once
    this.bcastAppend();`,
    replace: `    this.appendEntries(ents);
    this.maybeCommit(); // a single voter commits at once`,
    mustFail: ["2C-3", "2C-6", "2C-8", "2C-9"],
  },
  {
    id: "2c-advance-keeps-applied",
    bug: "advance does not move applied",
    file: "rawnode.ts",
    find: "      log.applied = Math.max(log.applied, rd.committedEntries[rd.committedEntries.length - 1].index);",
    replace: "",
    mustFail: ["2C-7", "2C-8", "2C-9"],
  },
  {
    id: "2c-applied-starts-at-commit",
    bug: "a restarted log starts with applied at the commit index instead of the snapshot index",
    file: "log.ts",
    find: "  log.applied = first - 1;",
    replace: "  log.applied = log.committed;",
    mustFail: ["2C-7"],
  },
  {
    id: "2c-softstate-every-ready",
    bug: "every Ready carries the soft state, changed or not",
    file: "rawnode.ts",
    find: "      softState: this.softStateChanged() ? this.softState() : undefined,",
    replace: "      softState: this.softState(),",
    mustFail: ["2C-7"],
  },
  {
    id: "2c-hardstate-every-ready",
    bug: "every Ready carries the hard state, changed or not",
    file: "rawnode.ts",
    find: "      hardState: isHardStateEqual(hs, this.prevHardState) ? HardState.create() : hs,",
    replace: "      hardState: hs,",
    mustFail: ["2C-7"],
  },
  {
    id: "2c-ready-entries-undefined",
    bug: "Ready.entries is undefined when there are no entries to store",
    file: "rawnode.ts",
    find: "      entries: r.raftLog.unstableEntries(),",
    replace:
      "      entries: r.raftLog.unstableEntries().length > 0 ? r.raftLog.unstableEntries() : (undefined as unknown as Entry[]),",
    mustFail: ["2C-7", "2C-8", "2C-9", "2C-11"],
  },
  {
    id: "2c-ready-messages-null",
    bug: "Ready.messages is null when there is nothing to send",
    file: "rawnode.ts",
    find: "      messages: r.msgs,",
    replace: "      messages: r.msgs.length > 0 ? r.msgs : (null as unknown as Message[]),",
    mustFail: ["2C-7"],
  },
  {
    id: "2c-hasready-any-hardstate",
    bug: "hasReady is true whenever the hard state is non-empty, even if it did not change",
    file: "rawnode.ts",
    find: "      (!isEmptyHardState(hs) && !isHardStateEqual(hs, this.prevHardState)) ||",
    replace: "      !isEmptyHardState(hs) ||",
    mustFail: ["2C-7", "2C-8", "2C-9", "2C-11"],
  },
  {
    id: "2c-snapshot-inside-log-reset",
    bug: "a follower replaces its whole log by any newer snapshot, even one that ends at an entry it already holds (TinyKV's rule), dropping the entries after it",
    file: "raft.ts",
    find: "    if (this.raftLog.matchTerm(meta.index, meta.term)) {",
    replace: "    if (false as boolean) {",
    mustFail: ["2C-13", "2C-F3"],
  },
  {
    id: "2c-stale-snapshot-installed",
    bug: "a snapshot older than the commit index is installed anyway (by a follower that always resets its log to a snapshot, as TinyKV's does; one that keeps a matching log hides the bug from 2C-2)",
    file: "raft.ts",
    find: "if (snap === undefined || meta === undefined || meta.index <= this.raftLog.committed) {",
    replace: "if (snap === undefined || meta === undefined) {",
    with: [
      {
        file: "raft.ts",
        find: "    if (this.raftLog.matchTerm(meta.index, meta.term)) {",
        replace: "    if (false as boolean) {",
      },
    ],
    mustFail: ["2C-2"],
  },
  {
    id: "2c-keeps-old-peers",
    bug: "a follower installs a snapshot but keeps its old peer set (prs not rebuilt from the snapshot)",
    file: "raft.ts",
    find: `    this.prs = new Map();
    for (const id of meta.confState?.nodes ?? []) {
      this.prs.set(id, new Progress(0, meta.index + 1));
    }`,
    replace: "",
    mustFail: ["2C-1", "2C-3", "2C-5"],
  },
  // ---- further snapshot and compaction bugs (issue 5 and others) -------
  {
    id: "2c-merges-peers",
    bug: "a follower adds the snapshot's members to its own instead of replacing them",
    file: "raft.ts",
    find: "    this.prs = new Map();",
    replace: "",
    mustFail: ["2C-5"],
  },
  {
    id: "2c-sends-compacted-entries",
    bug: "a leader ignores ErrCompacted and sends a MsgAppend with the entries it still has instead of a snapshot",
    file: "raft.ts",
    find: `      if (e instanceof ErrCompacted) {
        // The entries \`to\` needs are gone from our log: it needs a snapshot.
        return this.sendSnapshot(to, pr);
      }
      throw e;`,
    replace: `      if (!(e instanceof ErrCompacted)) {
        throw e;
      }
      prevLogTerm = 0;
      entries = this.raftLog.allEntries();`,
    mustFail: ["2C-3", "2C-6", "2C-8", "2C-10"],
  },
  {
    id: "2c-commit-moves-back",
    bug: "a snapshot is compared with applied instead of committed, so it can move commit backwards (in a follower that always resets its log to a snapshot; with the matching-log rule the two checks agree)",
    file: "raft.ts",
    find: "meta.index <= this.raftLog.committed) {",
    replace: "meta.index <= this.raftLog.applied) {",
    with: [
      {
        file: "raft.ts",
        find: "    if (this.raftLog.matchTerm(meta.index, meta.term)) {",
        replace: "    if (false as boolean) {",
      },
    ],
    mustFail: ["2C-2"],
  },
  {
    id: "2c-never-compacts-memory",
    bug: "the in-memory log never drops entries that storage has compacted (maybeCompact does nothing)",
    file: "log.ts",
    find: "    if (compactedTo <= offset) {",
    replace: "    if (compactedTo <= offset || compactedTo > 0) {",
    mustFail: ["2C-6", "2C-8", "2C-9", "2C-12", "2C-F3"],
  },
  {
    id: "2c-snapshot-unavailable-throws",
    bug: "the leader lets ErrSnapshotTemporarilyUnavailable escape from step instead of retrying later",
    file: "raft.ts",
    find: `      if (e instanceof ErrSnapshotTemporarilyUnavailable) {
        return false; // storage is still building it: try again on a later send
      }`,
    replace: "",
    mustFail: ["2C-10"],
  },
  {
    id: "2c-snapshot-unavailable-sends-empty",
    bug: "when storage's snapshot is not ready, the leader sends an empty snapshot",
    file: "raft.ts",
    find: "        return false; // storage is still building it: try again on a later send",
    replace: "        snapshot = Snapshot.create();",
    mustFail: ["2C-10"],
  },
  {
    id: "2c-snapshot-never-reported",
    bug: "Ready never carries the pending snapshot, so the application never installs it",
    file: "rawnode.ts",
    find: "      snapshot: r.raftLog.pendingSnapshot ?? emptySnapshot(),",
    replace: "      snapshot: emptySnapshot(),",
    mustFail: ["2C-8", "2C-11"],
  },
  {
    id: "2c-snapshot-never-cleared",
    bug: "advance does not clear the pending snapshot, so every Ready reports it again",
    file: "rawnode.ts",
    find: "      log.pendingSnapshot = undefined; // the application has it now (a newer one would stay)",
    replace: "",
    mustFail: ["2C-8", "2C-11"],
  },
  {
    id: "2c-stored-snapshot-reported",
    bug: "a restarted node reports the snapshot already in storage as pending",
    file: "log.ts",
    find: "  log.stabled = last;",
    replace: `  log.stabled = last;
  if (first > 1) {
    log.pendingSnapshot = storage.snapshot();
  }`,
    mustFail: ["2C-7"],
  },
  {
    id: "2c-snapshot-term-lost",
    bug: "after installing a snapshot the log forgets the snapshot's term (term(snapshot index) is 0)",
    file: "log.ts",
    find: "    this.entries = [dummyEntry(meta.index, meta.term)];",
    replace: "    this.entries = [dummyEntry(meta.index, 0)];",
    mustFail: ["2C-1", "2C-6", "2C-8"],
  },
  {
    id: "2c-snapshot-forgets-leader",
    bug: "handleSnapshot resets the leader it just heard from (becomeFollower(term, None))",
    file: "raft.ts",
    find: "    this.raftLog.restore(snap);",
    replace: `    this.raftLog.restore(snap);
    this.becomeFollower(this.term, None);`,
    mustFail: ["2C-4", "2C-5"],
  },
];
