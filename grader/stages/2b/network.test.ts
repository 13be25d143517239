// Stage 2B, replication scenarios over the unit-test network (spec §4):
// 2B-8 (Figure 7), 2B-14 (leader change), 2B-15 (single node), 2B-16 (no-op
// commits old entries), 2B-17 (heartbeat catch-up), 2B-19 (candidate
// concedes), 2B-20 (old messages), 2B-21 (proposals need a leader), 2B-25
// (heartbeats never commit stale entries), 2B-26 (next after a round trip).

import { Entry, MessageType } from "@raft/eraftpb";
import { Raft } from "@raft/raft";
import { MemoryStorage } from "@raft/storage";
import { check, checkEqual } from "../../harness/assert";
import { gradedFor } from "../../harness/graded";
import { applyCommitted, beat, hup, msg, newTestRaft, prop } from "../../harness/helpers";
import { BLACK_HOLE, Network, PeerSpec, newNetwork } from "../../harness/network";
import { CATALOG } from "./catalog";
import { E, dataText, logStr, stateStr, viewStr, wantView } from "./views";

const graded = gradedFor(CATALOG);

/** Entries with consecutive indexes from 1, one per term given. */
function withTerms(...terms: number[]): Entry[] {
  return terms.map((t, i) => E(i + 1, t));
}

/** The Rafts of a network (black holes left out), by id. */
function rafts(net: Network): [number, Raft][] {
  return net
    .ids()
    .flatMap((id): [number, Raft][] => (net.peers.get(id) === BLACK_HOLE ? [] : [[id, net.raft(id)]]));
}

/** Every real node's log view must be `want`. */
function checkAllLogs(net: Network, what: string, want: string): void {
  for (const [id, r] of rafts(net)) checkEqual(`${what}: n${id}'s log`, viewStr(r.raftLog), want);
}

graded("2B-8", () => {
  const leaderLog = withTerms(1, 1, 1, 4, 4, 5, 5, 6, 6, 6);
  const followers: [string, Entry[]][] = [
    ["(a)", withTerms(1, 1, 1, 4, 4, 5, 5, 6, 6)],
    ["(b)", withTerms(1, 1, 1, 4)],
    ["(c)", withTerms(1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6)],
    ["(d)", withTerms(1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7)],
    ["(e)", withTerms(1, 1, 1, 4, 4, 4, 4)],
    ["(f)", withTerms(1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3)],
  ];
  for (const [name, log] of followers) {
    const ls = new MemoryStorage();
    ls.append(leaderLog);
    const lead = newTestRaft(1, [1, 2, 3], 10, 1, ls);
    lead.term = 8;
    lead.raftLog.committed = lead.raftLog.lastIndex();
    const fs = new MemoryStorage();
    fs.append(log);
    const follower = newTestRaft(2, [1, 2, 3], 10, 1, fs);
    follower.term = 7;
    const net = newNetwork(lead, follower, BLACK_HOLE);
    net.send(hup(1));
    // n2 may refuse its vote (its log can be longer); n3's grant is injected.
    net.send(msg({ msgType: MessageType.MsgRequestVoteResponse, from: 3, to: 1, term: 9 }));
    net.send(prop(1));
    const want = wantView(12, [...leaderLog, E(11, 9), E(12, 9)]);
    const what = `Figure 7 ${name}: leader n1 (log ${logStr(leaderLog)}, t8, committed 10) elected at t9 with follower n2 holding ${logStr(log)}, then one proposal`;
    checkEqual(`${what}: n1's state`, stateStr(lead), "Leader t9");
    checkEqual(`${what}: n1's log`, viewStr(lead.raftLog), want);
    checkEqual(
      `${what}: n2's log (it must become identical to the leader's)`,
      viewStr(follower.raftLog),
      want,
    );
  }
});

graded("2B-14", () => {
  // (i) One proposal at the first leader.
  {
    const net = newNetwork(null, null, null);
    net.send(hup(1));
    net.send(prop(1, "somedata"));
    for (const [id, r] of rafts(net)) {
      checkEqual(`3 nodes, n1 leader, one proposal "somedata": n${id}'s committed`, r.raftLog.committed, 2);
      checkEqual(
        `3 nodes, n1 leader, one proposal "somedata": n${id}'s log (the no-op is a normal entry with no data)`,
        logStr(r.raftLog.allEntries()),
        logStr([E(1, 1), E(2, 1, "somedata")]),
      );
      const data = applyCommitted(r, net.storage.get(id)!)
        .filter((e) => e.data.length > 0)
        .map(dataText);
      checkEqual(`data entries n${id} has to apply, in order`, data, ["somedata"]);
    }
  }
  // (ii) A proposal at n1, then n2 takes over and gets a proposal too.
  {
    const net = newNetwork(null, null, null);
    net.send(hup(1));
    net.send(prop(1, "somedata"));
    net.send(msg({ msgType: MessageType.MsgHup, from: 1, to: 2 }));
    net.send(msg({ msgType: MessageType.MsgPropose, from: 1, to: 2, entries: [E(0, 0, "somedata")] }));
    for (const [id, r] of rafts(net)) {
      checkEqual(
        `3 nodes: n1 leader, proposal, then n2 campaigned (t2) and got a proposal: n${id}'s committed`,
        r.raftLog.committed,
        4,
      );
      const data = applyCommitted(r, net.storage.get(id)!)
        .filter((e) => e.data.length > 0)
        .map(dataText);
      checkEqual(`data entries n${id} has to apply, in order`, data, ["somedata", "somedata"]);
    }
  }
});

graded("2B-15", () => {
  const net = newNetwork(null);
  net.send(hup(1));
  net.send(prop(1, "some data"));
  net.send(prop(1, "some data"));
  checkEqual(
    "one-node cluster: n1's committed after its election and two proposals",
    net.raft(1).raftLog.committed,
    3,
  );
});

graded("2B-16", () => {
  const net = newNetwork(null, null, null, null, null);
  net.send(hup(1));
  net.cut(1, 3);
  net.cut(1, 4);
  net.cut(1, 5);
  net.send(prop(1, "some data"));
  net.send(prop(1, "some data"));
  const n1 = net.raft(1);
  checkEqual(
    "5 nodes, leader n1 reaches only n2, two proposals: n1's committed (only the no-op of term 1 was on a majority)",
    n1.raftLog.committed,
    1,
  );
  net.recover();
  net.send(hup(2));
  checkEqual(
    "after healing, n2 won term 2: n1's committed (n2's no-op commits the two older entries too)",
    n1.raftLog.committed,
    4,
  );
});

graded("2B-17", () => {
  const net = newNetwork(null, null, null, null, null);
  net.send(hup(1));
  net.isolate(5);
  net.send(prop(1, "some data"));
  net.send(prop(1, "some data"));
  const n5 = net.raft(5);
  checkEqual("5 nodes, n5 isolated during two proposals: n5's committed", n5.raftLog.committed, 1);
  net.recover();
  net.send(beat(1));
  checkEqual(
    "after healing, leader n1 sent one round of heartbeats: n5's committed (its heartbeat response shows it is behind, " +
      "so the leader sends it the missing entries)",
    n5.raftLog.committed,
    3,
  );
});

graded("2B-19", () => {
  const net = newNetwork(null, null, null);
  net.isolate(1);
  net.send(hup(1));
  net.send(hup(3));
  net.recover();
  net.send(beat(3));
  net.send(prop(3, "force follower"));
  net.send(beat(3));
  const n1 = net.raft(1);
  checkEqual(
    "n1 campaigned alone (t1), n3 became leader at t1; after healing and n3's heartbeats and proposal: n1's state and term",
    stateStr(n1),
    "Follower t1",
  );
  checkAllLogs(
    net,
    'after n3\'s proposal "force follower"',
    wantView(2, [E(1, 1), E(2, 1, "force follower")]),
  );
});

graded("2B-20", () => {
  const net = newNetwork(null, null, null);
  net.send(hup(1));
  net.send(hup(2));
  net.send(hup(1));
  checkEqual("after elections by n1, n2, n1: n1's state and term", stateStr(net.raft(1)), "Leader t3");
  net.send(msg({ msgType: MessageType.MsgAppend, from: 2, to: 1, term: 2, entries: [E(3, 2)] }));
  net.send(prop(1, "somedata"));
  checkAllLogs(
    net,
    "leader n1 (t3) got a stale MsgAppend of t2 carrying [3:2], then a proposal",
    wantView(4, [E(1, 1), E(2, 2), E(3, 3), E(4, 3, "somedata")]),
  );
});

graded("2B-21", () => {
  const shapes: [string, PeerSpec[], boolean][] = [
    ["(n, n, n)", [null, null, null], true],
    ["(n, n, black hole)", [null, null, BLACK_HOLE], true],
    ["(n, black hole, black hole)", [null, BLACK_HOLE, BLACK_HOLE], false],
    ["(n, black hole, black hole, n)", [null, BLACK_HOLE, BLACK_HOLE, null], false],
    ["(n, black hole, black hole, n, n)", [null, BLACK_HOLE, BLACK_HOLE, null, null], true],
  ];
  for (const [name, peers, wins] of shapes) {
    const net = newNetwork(...peers);
    net.send(hup(1));
    net.send(prop(1, "somedata"));
    const want = wins ? wantView(2, [E(1, 1), E(2, 1, "somedata")]) : wantView(0, []);
    checkAllLogs(
      net,
      `network ${name}: n1 campaigned, then got a proposal ${wins ? "as leader" : "without winning (no leader: nothing may be appended)"}`,
      want,
    );
    checkEqual(`network ${name}: n1's term`, net.raft(1).term, 1);
  }
});

graded("2B-25", () => {
  for (const [fails, successes] of [
    [1, 1],
    [5, 3],
    [5, 10],
  ]) {
    const net = newNetwork(null, null, null);
    const [n1, n2, n3] = [1, 2, 3].map((id) => net.raft(id));
    net.send(hup(1));
    net.isolate(1);
    for (let i = 0; i < fails; i++) net.send(prop(1));
    const setup = `3 nodes, old leader n1 isolated with ${fails} uncommitted proposals`;
    check(
      n1.raftLog.committed <= 1,
      () => `${setup}: n1's committed should stay at most 1, got ${n1.raftLog.committed}`,
    );
    net.send(hup(2));
    for (let i = 0; i < successes; i++) net.send(prop(2));
    checkEqual(
      `${setup}; n2 leader at t2 with ${successes} proposals: n2's committed`,
      n2.raftLog.committed,
      2 + successes,
    );
    checkEqual(
      `${setup}; n2 leader at t2 with ${successes} proposals: n3's committed`,
      n3.raftLog.committed,
      2 + successes,
    );
    net.recover();
    net.ignore(MessageType.MsgAppend);
    net.send(beat(2));
    check(
      n1.raftLog.committed <= 1,
      () =>
        `${setup}; after healing, n2 sent heartbeats only (MsgAppend dropped). n1's log ${logStr(n1.raftLog.allEntries())} ` +
        `still holds its own stale entries, so its committed must stay at most 1, got ${n1.raftLog.committed}. ` +
        `A heartbeat's commit must never be applied beyond what the leader knows the follower matches.`,
    );
  }
});

graded("2B-26", () => {
  const s = new MemoryStorage();
  s.append([E(1, 1), E(2, 1), E(3, 1)]);
  const n1 = newTestRaft(1, [1, 2], 10, 1, s);
  const net = newNetwork(n1, null, null);
  net.send(hup(1));
  net.send(prop(1, "somedata"));
  const pr = n1.prs.get(2);
  check(pr !== undefined, "leader n1 has no Progress for n2");
  checkEqual(
    "leader n1 (log [1:1, 2:1, 3:1], then its no-op 4 and a proposal 5) after n2 caught up: prs.get(2).next",
    pr.next,
    6,
  );
});
