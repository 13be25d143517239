// Stage 2A graded tests over the unit-test network (spec §4): elections with
// silent peers, leadership moving around, a lone node, returning and
// disruptive candidates, split votes. Only roles and terms are checked; the
// no-op entry a new leader sends is replicated but its commit is never read.

import { MessageType } from "@raft/eraftpb";
import { Raft, StateType } from "@raft/raft";
import { MemoryStorage } from "@raft/storage";
import { checkRole, checkValue } from "../../harness/checks";
import { gradedFor } from "../../harness/graded";
import { hup, msg, newTestRaft, tickUntil } from "../../harness/helpers";
import { BLACK_HOLE, PeerSpec, newNetwork } from "../../harness/network";
import { fmtType } from "../../harness/format";
import { CATALOG } from "./catalog";

const graded = gradedFor(CATALOG);
const { Follower, Candidate, Leader } = StateType;
const None = 0;

/** Three fresh nodes of [1,2,3] (electionTick 10, heartbeatTick 1), each moved to term 1 as a follower when `atTerm1`. */
function threeNodes(atTerm1: boolean): Raft[] {
  return [1, 2, 3].map((id) => {
    const r = newTestRaft(id, [1, 2, 3], 10, 1, new MemoryStorage());
    if (atTerm1) r.becomeFollower(1, None);
    return r;
  });
}

graded("2A-10", () => {
  const n = null;
  const bh = BLACK_HOLE;
  const cases: { peers: PeerSpec[]; shape: string; want: StateType }[] = [
    { peers: [n, n, n], shape: "3 nodes, all answering", want: Leader },
    { peers: [n, n, bh], shape: "3 nodes, n3 silent", want: Leader },
    { peers: [n, bh, bh], shape: "3 nodes, n2 and n3 silent", want: Candidate },
    { peers: [n, bh, bh, n], shape: "4 nodes, n2 and n3 silent", want: Candidate },
    { peers: [n, bh, bh, n, n], shape: "5 nodes, n2 and n3 silent", want: Leader },
  ];
  for (const { peers, shape, want } of cases) {
    const net = newNetwork(...peers);
    net.send(hup(1));
    checkRole(`after n1 starts an election (${shape})`, net.raft(1), want, 1);
  }
});

graded("2A-11", () => {
  const net = newNetwork(null, null, null);
  for (const c of [1, 2, 3]) {
    net.send(hup(c));
    for (const id of [1, 2, 3]) {
      const ctx = `in a 3-node network where n1, then n2, then n3 campaign: after n${c} campaigns`;
      checkRole(ctx, net.raft(id), id === c ? Leader : Follower);
    }
  }
});

graded("2A-13", () => {
  const net = newNetwork(null);
  net.send(hup(1));
  const r = net.raft(1);
  checkRole("after MsgHup in a network of a single node", r, Leader);
  checkValue(
    "after MsgHup in a network of a single node, n1 leads",
    "its lead (a leader leads itself)",
    r.lead,
    1,
  );
});

graded("2A-14", () => {
  for (const type of [MessageType.MsgHeartbeat, MessageType.MsgAppend]) {
    const [a, b, c] = threeNodes(false);
    const net = newNetwork(a, b, c);
    net.send(hup(1));
    checkRole("setup: after n1 campaigns in a 3-node network", a, Leader);
    checkRole("setup: after n1 campaigns in a 3-node network", b, Follower);
    checkRole("setup: after n1 campaigns in a 3-node network", c, Follower);
    net.isolate(3);
    net.send(hup(2));
    net.send(hup(1));
    const ctx = "with n3 cut off, after n2 campaigns and then n1 campaigns";
    checkRole(ctx, a, Leader, 3);
    checkRole(ctx, b, Follower, 3);
    tickUntil(c, () => c.state === Candidate, "the cut-off n3, ticked directly, to become a Candidate");
    const cTerm = c.term;
    net.recover();
    const m = msg({ msgType: type, from: 1, to: 3, term: a.term });
    net.send(m);
    checkRole(
      `after the cut-off candidate n3 (term ${cTerm}) rejoins and gets a ${fmtType(type)} from leader n1 at term ${a.term}`,
      c,
      Follower,
      a.term,
      "n3",
    );
  }
});

graded("2A-15", () => {
  const [n1, n2, n3] = threeNodes(true);
  const net = newNetwork(n1, n2, n3);
  net.send(hup(1));
  const ctx1 = "setup: three followers at term 1, then n1 campaigns";
  checkRole(ctx1, n1, Leader, 2);
  checkRole(ctx1, n2, Follower, 2);
  checkRole(ctx1, n3, Follower, 2);
  tickUntil(
    n3,
    () => n3.state === Candidate,
    "n3, ticked directly with no messages delivered, to become a Candidate",
  );
  const ctx2 = "after n3 is ticked on its own until it campaigns (its vote requests are still in its outbox)";
  checkRole(ctx2, n1, Leader, 2);
  checkRole(ctx2, n2, Follower, 2);
  checkRole(ctx2, n3, Candidate, 3);
  net.send(msg({ msgType: MessageType.MsgHeartbeat, from: 1, to: 3, term: n1.term }));
  checkRole(
    "after leader n1 (term 2) sends a heartbeat to candidate n3 (term 3), whose queued vote requests then go out",
    n1,
    Follower,
    3,
  );
});

graded("2A-18", () => {
  const [n1, n2, n3] = threeNodes(true);
  const net = newNetwork(n1, n2, n3);
  net.send(hup(1));
  checkRole("setup: three followers at term 1, then n1 campaigns", n1, Leader, 2);
  net.isolate(1);
  net.send(hup(2), hup(3));
  const ctx = "with leader n1 cut off, after n2 and n3 campaign at the same time (one send of both MsgHups)";
  checkRole(ctx, n2, Candidate, 3);
  checkRole(ctx, n3, Candidate, 3);
  net.send(hup(2));
  const ctx2 = "after the split vote at term 3, when n2 campaigns again";
  checkRole(ctx2, n2, Leader, 4);
  checkRole(ctx2, n3, Follower, 4);
});
