// The graded scenario tests of stage 2A (leader election). Each test file of
// this folder declares its tests with graded(id, fn) using this list.
// 2A-1..2A-18 follow the spec's §3.1 (TinyKV's 24 election tests, grouped);
// 2A-19..2A-23 are lab additions: config validation, restart from stored
// term and vote, heartbeats resetting the election timer, the vote's
// up-to-date check, and heartbeats every heartbeatTick ticks.
// Scenario points total 80; the fault tests in faults.catalog.ts add 20.

import { GradedTestInfo } from "../../harness/catalog";

export const CATALOG: GradedTestInfo[] = [
  {
    id: "2A-1",
    stage: "2a",
    title: "A higher term turns any node into a follower",
    points: 4,
    checks:
      "A follower, a candidate and a leader (each at term 1) step a MsgAppend carrying term 2: each must end as a Follower at term 2.",
    hint: "Before handling any message that carries a term, compare it with your own. If the message's term is higher, you are out of date whatever your role: become a follower at that term first, then handle the message.",
    doc: "stage-2a.md#term-rules",
  },
  {
    id: "2A-2",
    stage: "2a",
    title: "A new node starts as a follower",
    points: 1,
    checks: "A freshly built node is a Follower at term 0, has voted for nobody and knows no leader.",
    hint: "newRaft should leave a node on a fresh storage as a follower with term 0, vote None and lead None. Nobody has campaigned yet, so the first election will be for term 1.",
    doc: "stage-2a.md#starting-up",
  },
  {
    id: "2A-3",
    stage: "2a",
    title: "A leader's heartbeat carries only its term",
    points: 4,
    checks:
      "A leader of three nodes (term 1, heartbeatTick 1) ticks once: its outbox must be exactly one MsgHeartbeat to each of nodes 2 and 3, at term 1, with every other field at its default (no index, log term, entries or commit).",
    hint: 'On every heartbeatTick ticks a leader steps MsgBeat into itself, and MsgBeat makes it send one MsgHeartbeat to each other member. A heartbeat only says "I am still the leader of this term": it carries no entries and no log position. Local messages such as MsgBeat carry term 0 and must not be ignored as stale.',
    doc: "stage-2a.md#heartbeats",
  },
  {
    id: "2A-4",
    stage: "2a",
    title: "A silent cluster starts an election",
    points: 5,
    checks:
      "A follower (term 1) or a candidate (term 1) of three nodes with electionTick 10 ticks 19 times without hearing anything: it must become a Candidate at term 2 that voted for itself, and its outbox must be exactly one MsgRequestVote to each of nodes 2 and 3 at term 2.",
    hint: "The election timer counts ticks since the node last heard from a leader; when it reaches the randomized timeout (at most 2*electionTick-1 ticks) the node steps MsgHup into itself. MsgHup makes it a candidate and sends the vote requests. becomeCandidate itself must not send anything, and MsgHup has term 0, which is not stale.",
    doc: "stage-2a.md#election-timeout",
  },
  {
    id: "2A-5",
    stage: "2a",
    title: "Counting votes in one round",
    points: 5,
    checks:
      "A candidate in clusters of 1, 3 and 5 nodes receives a given set of vote grants and rejections: it must become Leader exactly when a majority (itself included) granted, and otherwise stay a Candidate, always at term 1.",
    hint: "Record each response in votes, count the grants including your own vote, and become leader as soon as the grants reach a majority of all members (size/2 + 1). Rejections only end the election when a majority has rejected. A single-node cluster wins at once on MsgHup.",
    doc: "stage-2a.md#counting-votes",
  },
  {
    id: "2A-6",
    stage: "2a",
    title: "One vote per term",
    points: 5,
    checks:
      "A follower at term 1 that already voted (or not) receives a vote request at term 1: it must answer with exactly one MsgRequestVoteResponse, rejecting only if it already voted for a different node.",
    hint: "In a term a node may vote for at most one candidate: grant if you have not voted yet in this term or voted for this same candidate, otherwise reject. Reply to m.from with your term and the reject flag, nothing else.",
    doc: "stage-2a.md#voting",
  },
  {
    id: "2A-7",
    stage: "2a",
    title: "A candidate yields to a leader",
    points: 4,
    checks:
      "A candidate at term 1 receives a MsgAppend from node 2 at term 1 or term 2: it must become a Follower at that term.",
    hint: "A MsgAppend (or heartbeat) at your own term means someone already won this term's election. A candidate that receives one must step down to follower, even though the term is not higher.",
    doc: "stage-2a.md#term-rules",
  },
  {
    id: "2A-8",
    stage: "2a",
    title: "The election timeout is randomized",
    points: 5,
    checks:
      "Over 500 resets of a follower and of a candidate (electionTick 10), the number of ticks until it starts an election must take every value from 11 to 19, and never more than 19.",
    hint: "Draw the election timeout at random in [electionTick, 2*electionTick-1] every time the timer is reset (becoming follower or candidate), not once at start-up. A fixed timeout makes nodes time out together forever; a range that reaches 2*electionTick is one tick too long.",
    doc: "stage-2a.md#election-timeout",
  },
  {
    id: "2A-9",
    stage: "2a",
    title: "Election timeouts rarely coincide",
    points: 4,
    checks:
      "Five followers (and five candidates) reset their timers together 1000 times: in at most 30% of the rounds may more than one of them time out on the same tick.",
    hint: "Each node must draw its own random timeout on every reset. If all nodes use the same timeout, or keep the value drawn when they were built, they keep starting elections together and split the vote.",
    doc: "stage-2a.md#election-timeout",
  },
  {
    id: "2A-10",
    stage: "2a",
    title: "Elections with silent peers",
    points: 5,
    checks:
      "Node 1 campaigns in clusters where some peers never answer: with 3 nodes and 0 or 1 silent it must win; with 3 nodes and 2 silent, or 4 nodes and 2 silent, it stays a Candidate; with 5 nodes and 2 silent it wins. The term is 1 in every case.",
    hint: "A majority is counted over all members, not over the ones that answered. The candidate needs grants from more than half of the cluster, itself included; nodes that stay silent count as neither yes nor no.",
    doc: "stage-2a.md#counting-votes",
  },
  {
    id: "2A-11",
    stage: "2a",
    title: "Leadership can move around the cluster",
    points: 4,
    checks:
      "In a 3-node network, node 1, then node 2, then node 3 campaigns: each must become Leader in turn while the other two end as Followers.",
    hint: "Each new election has a higher term, so every node must clear its vote when it moves to a new term, otherwise it can never vote again. A new leader must also send its no-op entry to every peer right away, and followers must accept it so their logs stay as up to date as the leader's.",
    doc: "stage-2a.md#becoming-leader",
  },
  {
    id: "2A-12",
    stage: "2a",
    title: "A newer candidate gets the vote from any state",
    points: 4,
    checks:
      "A follower, a candidate and a leader receive a vote request with a higher term and a longer log: each must grant it (exactly one MsgRequestVoteResponse, not rejected) and end as a Follower at the new term that voted for the candidate.",
    hint: "The higher term comes first: become a follower at the new term (which clears your vote), then judge the request like any follower would. Do not throw or reject just because you were a leader or candidate a moment ago.",
    doc: "stage-2a.md#voting",
  },
  {
    id: "2A-13",
    stage: "2a",
    title: "A lone node elects itself",
    points: 2,
    checks: "A network of a single node: after MsgHup it must be the Leader, with lead set to its own id.",
    hint: "With one member, the candidate's own vote is already a majority. Check for a win right after voting for yourself, not only when a vote response arrives (none will). A leader also records itself as the leader (lead = its own id).",
    doc: "stage-2a.md#counting-votes",
  },
  {
    id: "2A-14",
    stage: "2a",
    title: "A returning candidate adopts the leader's term",
    points: 4,
    checks:
      "Node 3 is cut off while nodes 1 and 2 elect leaders up to term 3; node 3 then times out on its own and becomes a Candidate. After the network heals, a MsgHeartbeat (or MsgAppend) from leader 1 at term 3 must make node 3 a Follower at term 3.",
    hint: "A heartbeat or append from a leader whose term is at least yours means you lost: a candidate becomes a follower at the leader's term. Check that vote clearing on a term change and the term-0 rules for MsgHup let nodes 1 and 2 elect their leaders first.",
    doc: "stage-2a.md#split-votes",
  },
  {
    id: "2A-15",
    stage: "2a",
    title: "A disruptive node forces a new term",
    points: 4,
    checks:
      "Node 1 leads at term 2; node 3 times out on its own and becomes a Candidate at term 3 with its vote requests still queued. After leader 1 sends it a heartbeat at term 2, the queued request reaches node 1, which must step down to Follower at term 3.",
    hint: "Any message with a higher term, a vote request included, makes even a leader step down to follower at that term. A node also must not let a stale (lower-term) heartbeat pull it back from a newer term.",
    doc: "stage-2a.md#split-votes",
  },
  {
    id: "2A-16",
    stage: "2a",
    title: "Only a leader answers MsgBeat",
    points: 3,
    checks:
      "A node at term 1 in a 3-node cluster, put directly into each role, steps MsgBeat: as Leader it must send exactly 2 MsgHeartbeats; as Candidate or Follower it must send nothing.",
    hint: "MsgBeat is the leader's signal to send heartbeats. Followers and candidates ignore it. Decide what to do from the current value of state on every step, because the grader may set state directly.",
    doc: "stage-2a.md#heartbeats",
  },
  {
    id: "2A-17",
    stage: "2a",
    title: "MsgHup at a leader does nothing",
    points: 2,
    checks:
      "A single-node cluster (electionTick 5) becomes Leader on MsgHup; a second MsgHup must leave it Leader at the same term.",
    hint: "A leader has nothing to gain from a new election: it must ignore MsgHup instead of becoming a candidate again and bumping its term.",
    doc: "stage-2a.md#becoming-leader",
  },
  {
    id: "2A-18",
    stage: "2a",
    title: "A split vote resolves in a later term",
    points: 4,
    checks:
      "Leader 1 (term 2) is cut off; nodes 2 and 3 campaign at the same time and split the vote, so both stay Candidates at term 3. When node 2 campaigns again it must win at term 4 and node 3 must be a Follower at term 4.",
    hint: "A candidate that voted for itself rejects the other candidate of the same term and stays a candidate until it wins, loses to a majority, or times out. A new campaign starts a new term, and the other candidate must clear its old vote when it moves to that term so it can grant it.",
    doc: "stage-2a.md#split-votes",
  },
  {
    id: "2A-19",
    stage: "2a",
    title: "An unusable config is refused with ConfigError",
    points: 1,
    checks:
      "newRaft must throw ConfigError for id 0, heartbeatTick 0 or negative, electionTick equal to or below heartbeatTick, and missing storage; it must accept a valid config.",
    hint: 'Check the Config at the top of newRaft and throw the lab\'s ConfigError with a message that names the bad field. Id 0 means "no node", a heartbeat interval must be at least one tick, and followers must wait longer than the heartbeat interval before they suspect the leader is gone.',
    doc: "stage-2a.md#config",
  },
  {
    id: "2A-20",
    stage: "2a",
    title: "A restarted node keeps its term and vote",
    points: 2,
    checks:
      "A node built over a storage whose hard state says term 5, vote 2 must start as a Follower at term 5 with vote 2, and must reject a vote request from node 3 at term 5.",
    hint: "newRaft loads term and vote from storage.initialState().hardState. Setting up the follower role must not clear the vote it just loaded: a node that forgets whom it voted for could vote twice in the same term after a restart.",
    doc: "stage-2a.md#starting-up",
  },
  {
    id: "2A-21",
    stage: "2a",
    title: "A leader's messages keep followers from campaigning",
    points: 3,
    checks:
      "A follower at term 1 (electionTick 10) gets a MsgHeartbeat (or a MsgAppend) from node 2 at term 1 after every 5 ticks for 200 ticks: it must learn that node 2 is the leader and never start an election.",
    hint: "A heartbeat or append from the current leader must reset the follower's election timer (electionElapsed back to 0) and set lead to the sender. Otherwise followers time out and disrupt a healthy leader.",
    doc: "stage-2a.md#heartbeats",
  },
  {
    id: "2A-22",
    stage: "2a",
    title: "Votes go only to candidates with an up-to-date log",
    points: 3,
    checks:
      "A follower whose log is [1:1, 2:2] receives vote requests at term 3: it must reject a candidate whose last entry has term 1 (even at index 5) or term 2 at index 1, and grant one whose last entry is term 2 at index 2 or term 3 at index 1.",
    hint: "Compare the last entries: the candidate is up to date if its last log term is higher, or the terms are equal and its last index is at least yours. The term comes first; a longer log with an older last term is not up to date.",
    doc: "stage-2a.md#voting",
  },
  {
    id: "2A-23",
    stage: "2a",
    title: "A leader sends heartbeats every heartbeatTick ticks",
    points: 2,
    checks:
      "A leader of three nodes at term 1 with heartbeatTick 3 ticks 30 times: after every third tick its outbox must be exactly one bare MsgHeartbeat to each of nodes 2 and 3, and after the other ticks it must be empty.",
    hint: "Count the leader's ticks in heartbeatElapsed and step MsgBeat only when it reaches heartbeatTimeout, then start counting again. A leader sends nothing else on its own: it does not time out and campaign, however long it waits.",
    doc: "stage-2a.md#heartbeats",
  },
];
