// Stage 3A (extension), leadership transfer over the unit-test network. Every
// scenario starts from three fresh nodes where node 1 has won the election at
// term 1, and reads only node 1's state and lead, so that the freedoms of a
// transfer (forward or campaign at the transferee, a timeout, refusing
// proposals meanwhile, what a self-transfer does) are never pinned.

import { MessageType } from "@raft/eraftpb";
import { Raft, StateType } from "@raft/raft";

import { check, checkEqual } from "../../harness/assert";
import { fmtState } from "../../harness/format";
import { gradedFor } from "../../harness/graded";
import { applyCommitted, hup, msg, nodes, prop } from "../../harness/helpers";
import { Network, newNetwork } from "../../harness/network";
import { strict } from "../../harness/calls";
import { CATALOG } from "./catalog";

const graded = gradedFor(CATALOG);

/** `TransferLeader transferee→to`: the local request to move leadership to `transferee`, stepped by node `to`. */
function transfer(transferee: number, to: number) {
  return msg({ msgType: MessageType.MsgTransferLeader, from: transferee, to });
}

/** Three fresh nodes; node 1 campaigns and must win at term 1 (a precondition of every transfer scenario). */
function electedNet(): Network {
  const net = newNetwork(null, null, null);
  net.send(hup(1));
  const n1 = net.raft(1);
  checkEqual(
    "setup: node 1's state after it campaigned in a healthy three-node network",
    n1.state,
    StateType.Leader,
    fmtState,
  );
  return net;
}

/** Checks node 1's state and lead together, with `when` describing the moment. */
function expectN1(net: Network, state: StateType, lead: number, when: string): void {
  const n1 = net.raft(1);
  check(
    n1.state === state && n1.lead === lead,
    () =>
      `node 1 ${when}\n  expected: ${fmtState(state)}, lead ${lead}\n  actual:   ${fmtState(n1.state)}, lead ${n1.lead} (term ${n1.term})`,
  );
}

/** Cuts node 3 off, proposes once at node 1, heals: node 3 then lacks the proposal (its match stays 1). */
function leaveNode3Behind(net: Network, compact: (n1: Raft) => void = () => undefined): void {
  net.isolate(3);
  net.send(prop(1));
  compact(net.raft(1));
  net.recover();
  const pr = net.raft(1).prs.get(3);
  checkEqual(
    "setup: the leader's match index for node 3, which was cut off during one proposal (it has only the no-op)",
    pr?.match,
    1,
  );
}

graded("3A-4", () => {
  const net = electedNet();
  expectN1(net, StateType.Leader, 1, "right after winning the election (a leader's lead is its own id)");
  net.send(transfer(2, 1));
  expectN1(net, StateType.Follower, 2, "after it was asked to transfer leadership to the up-to-date node 2");
  net.send(prop(1));
  net.send(transfer(1, 2));
  expectN1(
    net,
    StateType.Leader,
    1,
    "after node 2, now leader, was asked to transfer leadership back to node 1",
  );
});

graded("3A-5", () => {
  const net = electedNet();
  net.send(transfer(2, 2));
  expectN1(net, StateType.Follower, 2, "after follower 2 was asked to make itself leader");
  net.send(prop(1));
  net.send(transfer(1, 1));
  expectN1(net, StateType.Leader, 1, "after follower 1 was asked to make itself leader again");
});

graded("3A-6", () => {
  const net = electedNet();
  leaveNode3Behind(net);
  net.send(transfer(3, 1));
  expectN1(
    net,
    StateType.Follower,
    3,
    "after it was asked to transfer leadership to node 3, which was one entry behind",
  );
});

graded("3A-7", () => {
  const net = electedNet();
  leaveNode3Behind(net, (n1) => {
    const s1 = net.storage.get(1)!;
    applyCommitted(n1, s1);
    const applied = n1.raftLog.applied;
    s1.createSnapshot(applied, { nodes: nodes(n1) });
    s1.compact(applied);
  });
  net.send(transfer(3, 1));
  net.send(msg({ msgType: MessageType.MsgHeartbeatResponse, from: 3, to: 1, term: net.raft(1).term }));
  expectN1(
    net,
    StateType.Follower,
    3,
    "after it was asked to transfer leadership to node 3, which is behind a compacted log, and node 3 answered a heartbeat",
  );
});

graded("3A-8", () => {
  const net = electedNet();
  net.send(transfer(1, 1));
  expectN1(net, StateType.Leader, 1, "after it was asked to transfer leadership to itself");
  net.send(transfer(2, 1));
  expectN1(
    net,
    StateType.Follower,
    2,
    "after the self-transfer, when it was asked to transfer leadership to node 2",
  );
});

graded("3A-9", () => {
  const net = electedNet();
  net.send(transfer(4, 1));
  expectN1(
    net,
    StateType.Leader,
    1,
    "after it was asked to transfer leadership to node 4, which is not a member",
  );
  net.send(transfer(2, 1));
  expectN1(
    net,
    StateType.Follower,
    2,
    "after the ignored transfer to node 4, when it was asked to transfer leadership to node 2",
  );
});

graded("3A-10", () => {
  const net = electedNet();
  net.isolate(3);
  net.send(transfer(3, 1));
  net.send(msg({ msgType: MessageType.MsgHup, from: 2, to: 2, term: 2, index: 1 }));
  expectN1(
    net,
    StateType.Follower,
    2,
    "after node 2 won an election while node 1's transfer to the cut-off node 3 was still pending",
  );
  net.send(transfer(1, 2));
  expectN1(
    net,
    StateType.Leader,
    1,
    "after node 2, the new leader, was asked to transfer leadership to node 1",
  );
});

graded("3A-11", () => {
  const net = electedNet();
  strict("removeNode(3) on the leader", () => net.raft(1).removeNode(3));
  net.send(transfer(3, 1));
  expectN1(
    net,
    StateType.Leader,
    1,
    "after it removed node 3 and was then asked to transfer leadership to it",
  );
});

graded("3A-12", () => {
  const net = electedNet();
  net.isolate(3);
  net.send(transfer(3, 1));
  net.send(transfer(1, 1));
  expectN1(
    net,
    StateType.Leader,
    1,
    "after a transfer to the cut-off node 3 was pending and it was then asked to transfer leadership to itself",
  );
  net.send(transfer(2, 1));
  expectN1(
    net,
    StateType.Follower,
    2,
    "after the self-transfer, when it was asked to transfer leadership to node 2",
  );
});

graded("3A-13", () => {
  const net = electedNet();
  net.isolate(3);
  net.send(transfer(3, 1));
  net.send(transfer(2, 1));
  expectN1(
    net,
    StateType.Follower,
    2,
    "after a transfer to the cut-off node 3 was pending and it was then asked to transfer leadership to the up-to-date node 2",
  );
});
