// The graded scenario tests of stage 3A, the optional extension (membership
// change and leadership transfer). Each test file of this folder declares its
// tests with graded(id, fn) using this list. 3A-1..3A-16 are the spec's
// X-1..X-16 (TinyKV's 3A raft tests); 3A-17 is a lab addition (TinyKV never
// checks that a second pending conf change is refused). Scenario points total 100.
//
// Freedoms this stage must not pin (spec §5.2): a transferee may forward a
// transfer request or campaign itself; a transfer may time out; proposals may
// be refused while a transfer is pending; a self-transfer may cancel a pending
// one or do nothing; a gated conf change may be dropped or replaced by an
// empty entry. No test here depends on any of these choices.

import { GradedTestInfo } from "../../harness/catalog";

export const CATALOG: GradedTestInfo[] = [
  {
    id: "3A-1",
    stage: "3a",
    title: "Adding a node grows the membership",
    points: 4,
    checks: "A node with peers [1] calls addNode(2): its members are then [1,2].",
    hint: "addNode puts a new Progress for the id into the progress map (a fresh follower has matched nothing yet). Adding a node that is already a member changes nothing.",
    doc: "stage-3a.md#adding-and-removing-nodes",
  },
  {
    id: "3A-2",
    stage: "3a",
    title: "Removing nodes down to none",
    points: 4,
    checks:
      "A node with peers [1,2] removes node 2 (members [1]) and then itself (members []), without throwing.",
    hint: "removeNode deletes the id from the progress map. Removing the node itself, or the last member, is allowed: the node simply stops counting anyone, so guard code that assumes at least one member.",
    doc: "stage-3a.md#adding-and-removing-nodes",
  },
  {
    id: "3A-3",
    stage: "3a",
    title: "Removing a node can commit waiting entries",
    points: 8,
    checks:
      'A two-node leader commits its no-op and a RemoveNode(2) conf change after node 2 acknowledges them, but not the later entry "hello"; once it applies removeNode(2), "hello" is committed at once because the quorum is now just the leader.',
    hint: "The commit index depends on the quorum, and the quorum depends on the membership. After removing a node, the leader must recompute its commit index from the remaining members' match indexes (and tell the followers if it advanced). Also check that a conf change proposed right after winning the election is accepted: the one-change-at-a-time gate must not count the new leader's no-op.",
    doc: "stage-3a.md#commit-after-removal",
  },
  {
    id: "3A-4",
    stage: "3a",
    title: "Transfer leadership to an up-to-date follower",
    points: 7,
    checks:
      "In a three-node cluster led by 1, a transfer to 2 makes 1 a follower of 2; a transfer back to 1 makes 1 the leader again.",
    hint: "When the transferee's match equals the leader's last index, the leader sends it MsgTimeoutNow at once; the transferee campaigns immediately, without waiting for its election timeout, and wins because its log is up to date. A leader's lead field is its own id.",
    doc: "stage-3a.md#leadership-transfer",
  },
  {
    id: "3A-5",
    stage: "3a",
    title: "A transfer requested at the transferee",
    points: 6,
    checks:
      "As 3A-4, but each transfer request is delivered to the follower that should become leader instead of to the leader: leadership must still move to 2 and then back to 1.",
    hint: "A follower that receives MsgTransferLeader cannot transfer anything itself. Either forward the request to its leader, or, since the request names this very node, start an election at once. Silently ignoring it never moves leadership.",
    doc: "stage-3a.md#leadership-transfer",
  },
  {
    id: "3A-6",
    stage: "3a",
    title: "Transfer to a lagging follower",
    points: 8,
    checks:
      "Node 3 misses a proposal while cut off (its match stays 1). After the network heals, a transfer to 3 must still make node 1 a follower with lead 3.",
    hint: "A transferee that is behind would lose the election. The leader first sends it the missing entries (MsgAppend), and sends MsgTimeoutNow only when its acknowledgement shows it has everything up to the leader's last index.",
    doc: "stage-3a.md#catching-up-the-transferee",
  },
  {
    id: "3A-7",
    stage: "3a",
    title: "Transfer to a follower behind a compacted log",
    points: 8,
    checks:
      "As 3A-6, but the leader also snapshots and compacts its storage before the transfer to 3; after the transfer request and a heartbeat response from 3, node 1 must be a follower with lead 3.",
    hint: "Catching the transferee up may need a snapshot instead of entries. Whatever brings it up to date, its acknowledgement (or its heartbeat response) must lead to MsgTimeoutNow once its match reaches the leader's last index.",
    doc: "stage-3a.md#catching-up-the-transferee",
  },
  {
    id: "3A-8",
    stage: "3a",
    title: "Transfer to the leader itself",
    points: 4,
    checks:
      "A transfer request naming the leader itself leaves node 1 leader, with lead 1; a transfer to node 2 afterwards still works.",
    hint: "Transferring to yourself has nothing to do: cancel any pending transfer or ignore the request, but stay leader.",
    doc: "stage-3a.md#transfer-corner-cases",
  },
  {
    id: "3A-9",
    stage: "3a",
    title: "Transfer to an unknown node",
    points: 4,
    checks:
      "A transfer to node 4, which is not a member, leaves node 1 leader with lead 1 and sends nothing to node 4 (the test network has no node 4 and fails on any message to it); a transfer to node 2 afterwards still works.",
    hint: "Check that the transferee is in the progress map before doing anything; a leader must never send messages to a node that is not a member.",
    doc: "stage-3a.md#transfer-corner-cases",
  },
  {
    id: "3A-10",
    stage: "3a",
    title: "An election ends a pending transfer",
    points: 6,
    checks:
      "While a transfer to the cut-off node 3 is pending, node 2 starts an election at term 2 and wins: node 1 must become its follower with lead 2; a transfer from node 2 back to node 1 then works.",
    hint: "A pending transfer does not protect the leader from the term rules: a vote request with a higher term still makes it a follower, and it may grant the vote. Clear the pending transfer when the node stops being leader.",
    doc: "stage-3a.md#transfer-corner-cases",
  },
  {
    id: "3A-11",
    stage: "3a",
    title: "Transfer to a removed node",
    points: 5,
    checks: "After the leader removes node 3, a transfer to 3 leaves node 1 leader with lead 1.",
    hint: "A removed node is no longer a member: treat a transfer to it like a transfer to an unknown id and ignore it.",
    doc: "stage-3a.md#transfer-corner-cases",
  },
  {
    id: "3A-12",
    stage: "3a",
    title: "Transferring back to the leader while a transfer is pending",
    points: 5,
    checks:
      "While a transfer to the cut-off node 3 is pending, a transfer to the leader itself leaves node 1 leader with lead 1; a transfer to node 2 afterwards still works.",
    hint: "A self-transfer never hands leadership away; whether it cancels the pending transfer or not, the leader keeps its role.",
    doc: "stage-3a.md#transfer-corner-cases",
  },
  {
    id: "3A-13",
    stage: "3a",
    title: "A second transfer replaces a pending one",
    points: 6,
    checks:
      "While a transfer to the cut-off node 3 is pending, a transfer to node 2 must make node 1 a follower with lead 2.",
    hint: "Only the most recent transfer request counts: when a new transferee is named, forget the old one and start over with the new one (at once if it is up to date).",
    doc: "stage-3a.md#transfer-corner-cases",
  },
  {
    id: "3A-14",
    stage: "3a",
    title: "Only a member campaigns on MsgTimeoutNow",
    points: 5,
    checks:
      "Node 1, whose members are [2,3,4] (it is not one of them), steps MsgTimeoutNow and then two vote grants: it must stay a follower. A node 1 that is a member of [1,2,3] must campaign at once on MsgTimeoutNow.",
    hint: "MsgTimeoutNow means: campaign now, without waiting for the election timeout. But only a member may campaign: a node that is not in its own progress map must ignore MsgTimeoutNow (and MsgHup), since it cannot lead a cluster it is not part of.",
    doc: "stage-3a.md#timeoutnow",
  },
  {
    id: "3A-15",
    stage: "3a",
    title: "RawNode proposes data and a conf change",
    points: 8,
    checks:
      'A one-node RawNode campaigns, then proposes "somedata" and an AddNode(1) conf change before anything is applied: the last two stored entries are "somedata" and an EntryConfChange carrying the encoded conf change.',
    hint: "proposeConfChange sends one EntryConfChange entry whose data is the encoded ConfChange. A new leader must accept a conf change even before it has applied its no-op: the one-change-at-a-time gate compares the last conf change's index with applied, and the no-op is not a conf change.",
    doc: "stage-3a.md#conf-change-through-rawnode",
  },
  {
    id: "3A-16",
    stage: "3a",
    title: "Adding a node twice is harmless",
    points: 7,
    checks:
      "A one-node RawNode leader proposes, commits and applies AddNode(1), AddNode(1) and AddNode(2), one at a time through the Ready loop: the last three stored entries carry exactly those conf changes, in that order.",
    hint: "Each conf change is accepted once the previous one is applied (advance must move applied), and applyConfChange on a node that is already a member changes nothing and must not fail.",
    doc: "stage-3a.md#conf-change-through-rawnode",
  },
  {
    id: "3A-17",
    stage: "3a",
    title: "One membership change at a time",
    points: 5,
    checks:
      "A three-node leader accepts a conf change (AddNode 4); while that change is not yet applied (first uncommitted, then committed but not applied) a second conf change must not enter the log as a conf change; once the first is applied, a new one is accepted.",
    hint: "Remember the index of the last conf change you accepted (pendingConfIndex). Refuse a new one (drop it, or append an empty normal entry instead) while that index is above applied: committed is not enough, the change takes effect only when the application applies it.",
    doc: "stage-3a.md#one-change-at-a-time",
  },
];
