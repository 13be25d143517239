// The graded scenario tests of stage 2C (snapshots and log compaction). Each
// test file of this folder declares its tests with graded(id, fn) using this
// list. 2C-1..2C-7 follow TinyKV's seven snapshot tests; 2C-8..2C-12 are lab
// additions that prove snapshots and compaction are really exercised. 2C-6 adds
// one step to TinyKV's scenario: after compacting storage it calls the
// leader's maybeCompact (the lab's rule), so node 3 can only be repaired by a
// snapshot, which the test counts. 2C-7 (TinyKV's) also passes with only 2A
// and 2B code (restart is newLog plus Ready), so it weighs less. 2C-13 is the
// Raft paper's rule for a snapshot that ends inside the follower's log (a bug
// of TinyKV's rule that a 30,000-seed fault sweep found; see 2C-F3).
// Scenario points total 80; the fault tests in faults.catalog.ts add 20.

import { GradedTestInfo } from "../../harness/catalog";

export const CATALOG: GradedTestInfo[] = [
  {
    id: "2C-1",
    stage: "2c",
    title: "Install snapshot metadata",
    points: 6,
    checks:
      "A node with peers [1,2] handles a snapshot (index 11, term 11, members [1,2,3]): its lastIndex is then 11, term(11) is 11, its members are [1,2,3], and nothing is written to storage by Raft itself.",
    hint: "After installing a snapshot the log must answer lastIndex() and term(snapshot index) from the snapshot's metadata, even before the application has saved it to storage. Keep the snapshot as the pending snapshot, and rebuild the peer set from the snapshot's member list.",
    doc: "stage-2c.md#installing-a-snapshot",
  },
  {
    id: "2C-2",
    stage: "2c",
    title: "A stale snapshot is ignored",
    points: 5,
    checks:
      "A node that has committed index 3 receives a snapshot of index 1: it must ignore it and keep committed at 3.",
    hint: "A snapshot whose index is not beyond what this node has already committed brings nothing new. Installing it would move commit backwards and throw away committed entries. Compare the snapshot index with the commit index, not with the applied index.",
    doc: "stage-2c.md#stale-snapshots",
  },
  {
    id: "2C-3",
    stage: "2c",
    title: "The leader sends a snapshot when entries are compacted",
    points: 8,
    checks:
      "A leader whose log starts after a snapshot at index 11 must reach a follower with next = 10; on the next proposal the only message it sends to that follower is a MsgSnapshot.",
    hint: "When the entry just before a follower's next index is gone (term() throws ErrCompacted), a MsgAppend cannot be built: send storage's snapshot in a MsgSnapshot instead. Also check that the peer set was rebuilt from the snapshot, otherwise the leader does not know that follower at all.",
    doc: "stage-2c.md#sending-snapshots",
  },
  {
    id: "2C-4",
    stage: "2c",
    title: "A snapshot message names the leader",
    points: 4,
    checks: "A follower at term 0 steps a MsgSnapshot from node 1 at term 2: afterwards its lead is 1.",
    hint: "A MsgSnapshot comes only from a leader, like MsgAppend and MsgHeartbeat. When the term rules make the node a follower, or it already is one, remember the sender as the leader.",
    doc: "stage-2c.md#snapshot-membership",
  },
  {
    id: "2C-5",
    stage: "2c",
    title: "The snapshot's membership replaces the old one",
    points: 6,
    checks:
      "Node 2 with peers [1,2,3] installs a snapshot whose members are [2,3,4]: afterwards its peer set is exactly {2,3,4} and its lead is 1.",
    hint: "The snapshot's ConfState is the membership at the snapshot index; the node's own list may be out of date. Rebuild the progress map from the snapshot's nodes exactly: drop members it does not list and add the ones it does.",
    doc: "stage-2c.md#snapshot-membership",
  },
  {
    id: "2C-6",
    stage: "2c",
    title: "A lagging follower catches up after compaction",
    points: 7,
    checks:
      "Node 3 is cut off while the leader commits 101 proposals, then compacts its storage and (with maybeCompact) its in-memory log; after the network heals, a heartbeat and two more proposals must bring node 3's commit index up to the leader's (104), which needs at least one MsgSnapshot.",
    hint: "The follower's missing entries are no longer in the leader's log. The leader must notice (a heartbeat response or a rejected append from a follower that is behind), send a snapshot because term(next - 1) is compacted, and keep going from the snapshot index once the follower acknowledges it. The follower installs it even though nobody has saved it to storage yet: its log answers from the snapshot's metadata.",
    doc: "stage-2c.md#compaction",
  },
  {
    id: "2C-7",
    stage: "2c",
    title: "Restart from a stored snapshot",
    points: 5,
    checks:
      'A RawNode restarts from a storage holding a snapshot at index 2, entry 3:1 "foo" and commit 3: its first Ready has no soft state, an empty hard state, no entries, no messages, no snapshot, and exactly [3:1 "foo"] as committed entries; after advance nothing is left to do.',
    hint: "On restart, applied starts at the snapshot index (firstIndex - 1), not at the commit index, so only the entries after the snapshot are handed out for applying. The snapshot already in storage is not reported again, and soft and hard state appear in a Ready only when they change.",
    doc: "stage-2c.md#restart-from-snapshot",
  },
  {
    id: "2C-8",
    stage: "2c",
    title: "A follower behind a compacted log is repaired by a snapshot",
    points: 10,
    checks:
      "Three RawNodes run the full Ready loop while one follower is cut off and the others commit and compact far past it. After the network heals, at least one MsgSnapshot must reach that follower, it must install it through Ready.snapshot, and every node must end with the same applied entries, commit index and state after applying.",
    hint: "Three parts must work together: the leader turns a follower whose next entry is compacted into a MsgSnapshot; the follower installs it, keeps it pending and reports it in Ready.snapshot; and its reply tells the leader to continue sending entries after the snapshot index. If no snapshot is ever sent, check that advance drops compacted entries from the in-memory log.",
    doc: "stage-2c.md#ready-snapshot",
  },
  {
    id: "2C-9",
    stage: "2c",
    title: "The in-memory log stays bounded with compaction",
    points: 8,
    checks:
      "Three RawNodes commit and apply 3000 proposals through the Ready loop while the application snapshots and compacts every 100 applied entries: after every advance, each node's in-memory log (allEntries) must hold at most 250 entries.",
    hint: "The lab's rule: after advance, the in-memory log drops every entry that storage has already compacted (maybeCompact). A log that only ever grows keeps every entry in memory forever.",
    doc: "stage-2c.md#compacting-the-in-memory-log",
  },
  {
    id: "2C-10",
    stage: "2c",
    title: "A snapshot that is not ready yet is sent later",
    points: 6,
    checks:
      "A leader must reach a follower whose entries it has compacted while its storage throws ErrSnapshotTemporarilyUnavailable: stepping must not throw, the leader stays leader and sends that follower neither a snapshot nor entries it no longer has; once the snapshot is available, a heartbeat response from the follower makes it send the MsgSnapshot.",
    hint: "storage.snapshot() may throw ErrSnapshotTemporarilyUnavailable while the application is still building one. Catch exactly that error, send nothing to that follower for now, and try again the next time you would send to it (for example on its next heartbeat response).",
    doc: "stage-2c.md#snapshot-unavailable",
  },
  {
    id: "2C-11",
    stage: "2c",
    title: "Ready reports a received snapshot once",
    points: 5,
    checks:
      "A RawNode follower steps a MsgSnapshot (index 11): the next Ready carries exactly that snapshot and commit 11 in its hard state; after advance, hasReady is false and the next Ready's snapshot is empty.",
    hint: "A snapshot received from the leader is pending until the application takes it: report it in Ready.snapshot, and clear it in advance. Reporting it again would make the application install it twice.",
    doc: "stage-2c.md#ready-snapshot",
  },
  {
    id: "2C-12",
    stage: "2c",
    title: "maybeCompact drops entries storage has compacted",
    points: 5,
    checks:
      "A RaftLog over entries 1..10 whose storage then compacts up to index 6: after maybeCompact, allEntries is exactly [7..10], lastIndex is still 10, term(6) still answers from the snapshot, term(5) throws ErrCompacted, and the commit, applied and stabled indexes do not change.",
    hint: "maybeCompact compares the first index of the in-memory entries with storage.firstIndex() and drops the ones before it. Keep term() working for the entry just before the log: storage remembers the term of its last compacted entry.",
    doc: "stage-2c.md#compacting-the-in-memory-log",
  },
  {
    id: "2C-13",
    stage: "2c",
    title: "A snapshot that ends inside the log keeps the entries after it",
    points: 5,
    checks:
      "Node 2, a follower at term 2 with log [1:1, 2:2, 3:2, 4:2] and committed 1, steps MsgSnapshot 1→2 t2 whose snapshot ends at index 3, term 2 (an entry it already holds): its log must still end at 4:2, committed must become 3, and it must accept (a MsgAppendResponse to 1 with reject false and index at least 3).",
    hint: "Before throwing your log away for a snapshot, check whether your log already holds the snapshot's last entry (same index and term). If it does, you have everything the snapshot covers: move committed up to its index and keep the entries after it; you may already have told the leader you store them. Only a log that lacks that entry is replaced by the snapshot.",
    doc: "stage-2c.md#snapshot-inside-log",
  },
];
