// The seeded fault-injection simulator.
//
// A run is a loop over simulated ticks. In each tick the "nemesis" may inject
// faults (partitions, crashes, restarts), the network delivers the messages
// due in that tick (possibly lost, duplicated, delayed or reordered), every
// live node ticks once, clients propose, and nodes compact their logs. After
// every single event the invariants (invariants.ts) are checked. When the
// fault phase ends the network becomes reliable and every node comes back;
// then liveness is checked: a leader must emerge and all client operations
// must commit within stated tick bounds.
//
// Stage 2A runs drive `Raft` directly (step, tick, msgs): no persistence, no
// crashes, elections only. Stage 2B and later drive `RawNode` through the
// full Ready loop: persist the snapshot, entries and hard state to a
// MemoryStorage, then send the messages, then apply the committed entries to
// a key-value state machine, then advance. A crashed node loses everything
// but its MemoryStorage and is rebuilt from it.
//
// Everything random comes from the seed: the network and the nemesis use one
// Rng, and Math.random (which nodes use for election timeouts) is replaced by
// another seeded Rng for the duration of the run.

import { ConfState, Entry, Message, MessageType } from "@raft/eraftpb";
import { RaftError } from "@raft/errors";
import { Config, Raft, StateType, newRaft } from "@raft/raft";
import { RawNode, Ready, newRawNode } from "@raft/rawnode";
import { MemoryStorage } from "@raft/storage";
import { isEmptyHardState, isEmptySnap } from "@raft/util";
import { Rng, hashString } from "../harness/rng";
import { fmtState } from "../harness/format";
import { FIGURE8_DEFAULTS, Figure8Nemesis, Figure8Options } from "./figure8";
import { Checker, INVARIANTS, InvariantViolation, NodeView } from "./invariants";
import { HistoryOp, KvStore, checkRealTimeOrder, decodeOp, encodeOp, fmtOp } from "./kv";
import { checkLinearizability } from "./linearizability";
import { LinkFaults, Network, RELIABLE } from "./network";
import { TraceMsg, TraceRecorder } from "./trace";

/** The knobs of one simulated run. Probabilities are per tick unless said otherwise. */
export interface Profile {
  /** "raft" drives Raft directly (stage 2A); "rawnode" drives RawNode's Ready loop (2B and later). */
  driver: "raft" | "rawnode";
  nodes: number;
  electionTick: number;
  heartbeatTick: number;
  /** Ticks with faults; then the network heals and every node restarts. */
  faultTicks: number;
  /** Network faults during the fault phase. */
  link: LinkFaults;
  /** Chance per tick that a partition forms (when none is in place). */
  partition: number;
  /** Chance that a new partition isolates the current leader rather than a random split. */
  isolateLeader: number;
  /** When a partition isolates the leader, this many other nodes (a range) stay on its side. */
  leaderCompanions?: [number, number];
  /** A partition lasts a number of ticks in this range. */
  partitionTicks: [number, number];
  /** Chance per tick, per live node, of a crash (RawNode runs only). */
  crash: number;
  /** Chance per tick that the current leader crashes (RawNode runs only). */
  crashLeader: number;
  /** Chance that a node crashes right after it sends a vote grant or an append ack. */
  crashAfterPromise: number;
  /** A crashed node restarts after a number of ticks in this range. */
  downTicks: [number, number];
  /** At most this many nodes are down at once. */
  maxDown: number;
  /** Every this many ticks each live node snapshots and compacts its log (0: never). */
  compactEvery: number;
  /** Number of clients (RawNode runs only). */
  clients: number;
  /** Chance per tick that an idle client starts an operation. */
  opRate: number;
  /** A client retries an operation after this many ticks without an answer. */
  retryTicks: number;
  /** Liveness bound: ticks after the faults stop within which one leader must be known to all. */
  electionBound: number;
  /** Liveness bound: ticks after that leader emerges within which all operations commit everywhere. */
  commitBound: number;
  /** Scripted events, run at their tick before the random nemesis. */
  script?: ScriptStep[];
  /** Nodes that must have installed at least one snapshot by the end of the run. */
  expectSnapshotOn?: number[];
  /** At least one MsgSnapshot must have been sent (the run means to exercise the snapshot path). */
  expectSnapshotSent?: boolean;
  /**
   * Steer the run into the paper's Figure 8 again and again (figure8.ts); its
   * partitions replace the random ones, so set `partition` to 0.
   */
  figure8?: Partial<Figure8Options>;
}

/** A scripted fault at a given tick (used to set up the paper's situations). */
export interface ScriptStep {
  at: number;
  do:
    | "crash"
    | "restart"
    | "isolate"
    | "heal"
    | "compact"
    | "crashLeader"
    | "isolateLeader"
    | "expectNewLeader";
  /** Node id, for crash, restart, isolate and compact. 0 with compact: every live node. */
  node?: number;
  /**
   * For expectNewLeader: within this many ticks, the nodes on the majority side of the last
   * isolation must have elected a leader with a higher term than the isolated node had.
   */
  within?: number;
}

export const DEFAULT_PROFILE: Profile = {
  driver: "rawnode",
  nodes: 5,
  electionTick: 10,
  heartbeatTick: 1,
  faultTicks: 400,
  link: { loss: 0.1, dup: 0.05, minDelay: 1, maxDelay: 4 },
  partition: 0.02,
  isolateLeader: 0.5,
  partitionTicks: [10, 60],
  crash: 0,
  crashLeader: 0,
  crashAfterPromise: 0,
  downTicks: [5, 40],
  maxDown: 2,
  compactEvery: 0,
  clients: 3,
  opRate: 0.2,
  retryTicks: 25,
  electionBound: 300,
  commitBound: 300,
};

export interface SimStats {
  ticks: number;
  events: number;
  delivered: number;
  dropped: number;
  crashes: number;
  snapshotsSent: number;
  snapshotsInstalled: number;
  opsDone: number;
  maxTerm: number;
  maxCommit: number;
  /** Runs whose linearizability search ran out of steps (0 or 1 per run). */
  linearizabilityUndecided: number;
}

export interface SimResult {
  seed: number;
  violation?: InvariantViolation;
  stats: SimStats;
  trace: TraceRecorder;
}

class SimNode implements NodeView {
  up = true;
  raft: Raft | undefined;
  rn: RawNode | undefined;
  kv = new KvStore();
  /** Snapshots this node installed from a leader. */
  installs = 0;
  /** Last index applied to kv (the application's applied index). */
  appIndex = 0;
  restartAt = 0;
  lastRole = "";
  lastCommit = -1;

  constructor(
    readonly id: number,
    readonly storage: MemoryStorage,
  ) {}
}

interface ClientState {
  id: number;
  seq: number;
  pending?: { op: HistoryOp; key: string; value: string; lastTry: number };
}

const KEYS = ["x", "y", "z"];

function traceMsg(id: number, m: Message): TraceMsg {
  return {
    id,
    type: MessageType[m.msgType] ?? `MessageType(${m.msgType})`,
    from: m.from,
    to: m.to,
    term: m.term,
    index: m.index,
    logTerm: m.logTerm,
    entries: m.entries?.length ?? 0,
    commit: m.commit,
    reject: m.reject,
    snap: m.snapshot?.metadata?.index ?? 0,
  };
}

export class Simulator {
  readonly rng: Rng;
  /** The seed of Math.random during the run (the nodes' election timeouts). */
  readonly nodeSeed: number;
  readonly net: Network;
  readonly checker: Checker;
  readonly trace: TraceRecorder;
  readonly nodes: SimNode[] = [];
  private readonly ids: number[];
  private clients: ClientState[] = [];
  private history: HistoryOp[] = [];
  private opByKey = new Map<string, HistoryOp>();
  now = 0;
  /** True during the fault phase; false once the faults stop. */
  private faultsOn = true;
  private partitionEnd = 0;
  /** The node isolated last by the script, and its term then. */
  private isolated: { id: number; term: number } | undefined;
  private expectations: { deadline: number; within: number; id: number; term: number }[] = [];
  private crashSoon = new Set<number>();
  /** The Figure 8 nemesis, when the profile asks for it. */
  readonly figure8: Figure8Nemesis | undefined;
  stats: SimStats = {
    ticks: 0,
    events: 0,
    delivered: 0,
    dropped: 0,
    crashes: 0,
    snapshotsSent: 0,
    snapshotsInstalled: 0,
    opsDone: 0,
    maxTerm: 0,
    maxCommit: 0,
    linearizabilityUndecided: 0,
  };

  constructor(
    readonly seed: number,
    readonly p: Profile,
    readonly scenario = "custom",
    readonly rerun = "",
    traceOn = true,
  ) {
    if (
      p.driver === "raft" &&
      (p.crash > 0 || p.crashLeader > 0 || p.crashAfterPromise > 0 || p.clients > 0)
    ) {
      throw new RangeError(
        "profile: stage 2A runs (driver 'raft') have no persistence, so no crashes or clients",
      );
    }
    this.rng = new Rng(hashString(`net:${seed}`));
    this.nodeSeed = hashString(`nodes:${seed}`);
    this.net = new Network(this.rng);
    this.checker = new Checker({ logs: p.driver === "rawnode", readyContract: p.driver === "rawnode" });
    this.trace = new TraceRecorder(traceOn);
    this.ids = Array.from({ length: p.nodes }, (_, i) => i + 1);
    this.trace.add(0, { k: "meta", seed, scenario, nodes: this.ids, rerun });
    for (let i = 0; i < p.clients; i++) this.clients.push({ id: i + 1, seq: 0 });
    if (p.figure8 !== undefined) {
      if (p.partition > 0 || (p.script ?? []).length > 0) {
        throw new RangeError(
          "profile: figure8 makes its own partitions; set partition to 0 and use no script",
        );
      }
      this.figure8 = new Figure8Nemesis(
        {
          ids: this.ids,
          rng: this.rng,
          clock: () => this.now,
          look: (id) => {
            const r = this.nodes[id - 1]?.up ? this.nodes[id - 1].raft : undefined;
            if (r === undefined) return undefined;
            try {
              const lastIndex = r.raftLog.lastIndex();
              return {
                state: r.state,
                term: r.term,
                lastIndex,
                lastTerm: r.raftLog.term(lastIndex),
                committed: r.raftLog.committed,
              };
            } catch {
              // A log that cannot answer is the invariants' business, not the nemesis's.
              return undefined;
            }
          },
          partition: (groups) => {
            this.net.partition(groups);
            this.partitionEnd = Number.MAX_SAFE_INTEGER;
            this.trace.add(this.now, { k: "partition", groups });
          },
          heal: () => this.heal(),
        },
        { ...FIGURE8_DEFAULTS, ...p.figure8 },
      );
    }
  }

  private config(id: number, storage: MemoryStorage): Config {
    return {
      id,
      peers: this.ids.slice(),
      electionTick: this.p.electionTick,
      heartbeatTick: this.p.heartbeatTick,
      storage,
    };
  }

  /** Runs an implementation call; a lab error (RaftError) is a tolerated refusal, anything else a violation. */
  private guard<T>(n: SimNode, what: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof InvariantViolation) throw e;
      if (e instanceof RaftError) return undefined;
      const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      this.trace.add(this.now, { k: "error", node: n.id, message: `${what}: ${msg}` });
      throw new InvariantViolation(
        INVARIANTS.implementation,
        `n${n.id} threw while ${what}: ${msg}`,
        [n.id],
        this.now,
      );
    }
  }

  private start(n: SimNode): void {
    n.up = true;
    if (this.p.driver === "raft") {
      n.raft = this.guard(n, "being created by newRaft", () => newRaft(this.config(n.id, n.storage)));
    } else {
      n.rn = this.guard(n, "being created by newRawNode", () => newRawNode(this.config(n.id, n.storage)));
      n.raft = n.rn?.raft;
      const snap = n.storage.snapshot();
      n.kv = KvStore.decode(snap.data);
      n.appIndex = snap.metadata?.index ?? 0;
    }
    if (n.raft === undefined) {
      throw new InvariantViolation(
        INVARIANTS.implementation,
        `n${n.id} could not be created`,
        [n.id],
        this.now,
      );
    }
    n.lastRole = "";
    n.lastCommit = -1;
  }

  /** Sends a node's output: Raft's msgs (2A) or its Ready (2B+). */
  private flush(n: SimNode): void {
    if (!n.up || n.raft === undefined) return;
    if (this.p.driver === "raft") {
      const msgs = n.raft.msgs;
      n.raft.msgs = [];
      for (const m of msgs) this.send(n, m);
    } else {
      this.readyLoop(n);
    }
  }

  private readyLoop(n: SimNode): void {
    const rn = n.rn!;
    for (let round = 0; ; round++) {
      if (!this.guard(n, "answering hasReady()", () => rn.hasReady())) return;
      if (round >= 50) {
        throw new InvariantViolation(
          INVARIANTS.implementation,
          `n${n.id}: hasReady() is still true after 50 ready()/advance() rounds in a row`,
          [n.id],
          this.now,
        );
      }
      const rd = this.guard(n, "building a Ready", () => rn.ready());
      if (rd === undefined) return;
      this.handleReady(n, rd);
      this.guard(n, "advancing past a Ready", () => rn.advance(rd));
      if (!n.up) return;
    }
  }

  private handleReady(n: SimNode, rd: Ready): void {
    const s = n.storage;
    const raft = n.raft!;
    this.guard(n, "persisting its Ready (snapshot, entries, hard state)", () => {
      if (!isEmptySnap(rd.snapshot)) {
        s.applySnapshot(rd.snapshot);
        n.kv = KvStore.decode(rd.snapshot.data);
        n.appIndex = rd.snapshot.metadata!.index;
        this.stats.snapshotsInstalled++;
        n.installs++;
        this.trace.add(this.now, {
          k: "snapshot",
          node: n.id,
          index: rd.snapshot.metadata!.index,
          term: rd.snapshot.metadata!.term,
        });
      }
      s.append(rd.entries);
      if (!isEmptyHardState(rd.hardState)) s.setHardState(rd.hardState);
    });
    if (rd.entries.length > 0 || !isEmptyHardState(rd.hardState)) {
      const hs = s.initialState().hardState;
      this.trace.add(this.now, {
        k: "persist",
        node: n.id,
        term: hs.term,
        vote: hs.vote,
        commit: hs.commit,
        last: s.lastIndex(),
      });
    }
    for (const m of rd.messages) this.send(n, m);
    const committed = raft.raftLog.committed;
    for (const e of rd.committedEntries) this.apply(n, e, committed);
  }

  private apply(n: SimNode, e: Entry, committed: number): void {
    if (e.index !== n.appIndex + 1) {
      throw new InvariantViolation(
        INVARIANTS.stateMachineSafety,
        `n${n.id}'s Ready hands out entry ${e.index}:${e.term} to apply, but the application has applied up to ` +
          `${n.appIndex}; committed entries must come in order, each exactly once`,
        [n.id],
        this.now,
      );
    }
    this.checker.onApply(n.id, e, committed);
    n.appIndex = e.index;
    const op = this.guard(n, "decoding an entry", () => decodeOp(e.data));
    this.trace.add(this.now, { k: "apply", node: n.id, index: e.index, term: e.term, op: fmtOp(op) });
    if (op === undefined) return;
    const fresh = n.kv.apply(op);
    const h = this.opByKey.get(`${op.c}:${op.s}`);
    if (h !== undefined && fresh && h.index === undefined) {
      h.index = e.index;
      h.response = this.now;
      h.output = n.kv.data.get(op.k);
      this.stats.opsDone++;
      const c = this.clients[op.c - 1];
      if (c.pending !== undefined && c.pending.op === h) c.pending = undefined;
    }
  }

  private send(n: SimNode, m: Message): void {
    this.checker.tick = this.now;
    this.checker.beforeSend(n.id, m, this.p.driver === "rawnode" ? n.storage : undefined);
    if (m.msgType === MessageType.MsgSnapshot) this.stats.snapshotsSent++;
    const out = this.net.send(m, this.now);
    if (out.kind === "dropped") {
      this.stats.dropped++;
      this.trace.add(this.now, { k: "send", m: traceMsg(out.id, m), at: this.now });
      this.trace.add(this.now, { k: "drop", id: out.id, reason: out.reason });
    } else {
      this.trace.add(this.now, { k: "send", m: traceMsg(out.flight.id, m), at: out.flight.at });
      if (out.dup !== undefined) {
        this.trace.add(this.now, { k: "dup", m: traceMsg(out.dup.id, m), of: out.flight.id, at: out.dup.at });
      }
    }
    const promise =
      (m.msgType === MessageType.MsgRequestVoteResponse || m.msgType === MessageType.MsgAppendResponse) &&
      !m.reject;
    if (
      promise &&
      this.faultsOn &&
      this.p.crashAfterPromise > 0 &&
      this.rng.chance(this.p.crashAfterPromise)
    ) {
      this.crashSoon.add(n.id);
    }
  }

  /** After an event: record role and commit changes, check the invariants, apply pending crashes. */
  private after(touched: number | undefined): void {
    this.stats.events++;
    for (const n of this.nodes) {
      if (!n.up || n.raft === undefined) continue;
      const r = n.raft;
      const role = `${r.state}/${r.term}/${r.lead}`;
      if (role !== n.lastRole) {
        n.lastRole = role;
        this.trace.add(this.now, {
          k: "role",
          node: n.id,
          role: fmtState(r.state),
          term: r.term,
          lead: r.lead,
        });
        if (r.term > this.stats.maxTerm) this.stats.maxTerm = r.term;
      }
      if (this.p.driver === "rawnode") {
        const c = r.raftLog.committed;
        if (c !== n.lastCommit) {
          if (n.lastCommit >= 0) this.trace.add(this.now, { k: "commit", node: n.id, commit: c });
          n.lastCommit = c;
          if (c > this.stats.maxCommit) this.stats.maxCommit = c;
        }
      }
    }
    this.checker.tick = this.now;
    this.checker.afterEvent(this.nodes, touched);
    if (this.faultsOn) this.figure8?.afterEvent();
    if (this.crashSoon.size > 0) {
      const ids = [...this.crashSoon];
      this.crashSoon.clear();
      for (const id of ids) this.crash(this.nodes[id - 1]);
    }
  }

  private downCount(): number {
    return this.nodes.filter((n) => !n.up).length;
  }

  crash(n: SimNode): void {
    if (!n.up || this.downCount() >= this.p.maxDown) return;
    n.up = false;
    n.raft = undefined;
    n.rn = undefined;
    n.restartAt = this.now + this.rng.int(this.p.downTicks[0], this.p.downTicks[1]);
    this.stats.crashes++;
    this.trace.add(this.now, { k: "crash", node: n.id });
  }

  restart(n: SimNode): void {
    if (n.up) return;
    this.checker.onRestart(n.id);
    this.start(n);
    this.trace.add(this.now, { k: "restart", node: n.id });
    this.flush(n);
    this.after(n.id);
  }

  /** The live node that is leader with the highest term, if any. */
  leader(): SimNode | undefined {
    let best: SimNode | undefined;
    for (const n of this.nodes) {
      if (!n.up || n.raft === undefined || n.raft.state !== StateType.Leader) continue;
      if (best === undefined || n.raft.term > best.raft!.term) best = n;
    }
    return best;
  }

  private isolate(id: number): void {
    this.isolated = { id, term: this.nodes[id - 1].raft?.term ?? 0 };
    this.net.partition([[id], this.ids.filter((x) => x !== id)]);
    this.trace.add(this.now, { k: "partition", groups: [[id], this.ids.filter((x) => x !== id)] });
  }

  private heal(): void {
    if (!this.net.partitioned) return;
    this.net.heal();
    this.trace.add(this.now, { k: "heal" });
  }

  private compact(n: SimNode): void {
    if (!n.up) return;
    const s = n.storage;
    const idx = n.appIndex;
    if (idx <= s.firstIndex() - 1 || idx > s.lastIndex()) return;
    const cs: ConfState = { nodes: this.ids.slice() };
    s.createSnapshot(idx, cs, n.kv.encode());
    s.compact(idx);
    this.trace.add(this.now, { k: "compact", node: n.id, index: idx });
  }

  private runScript(): void {
    for (const st of this.p.script ?? []) {
      if (st.at !== this.now) continue;
      const node = st.node === undefined ? undefined : this.nodes[st.node - 1];
      switch (st.do) {
        case "crash":
          if (node) this.crash(node);
          break;
        case "restart":
          if (node) this.restart(node);
          break;
        case "isolate":
          if (st.node) this.isolate(st.node);
          this.partitionEnd = Number.MAX_SAFE_INTEGER;
          break;
        case "isolateLeader": {
          const l = this.leader();
          if (l) {
            this.isolate(l.id);
            this.partitionEnd = Number.MAX_SAFE_INTEGER;
          }
          break;
        }
        case "heal":
          this.heal();
          break;
        case "crashLeader": {
          const l = this.leader();
          if (l) this.crash(l);
          break;
        }
        case "compact":
          for (const n of this.nodes) if (!st.node || n.id === st.node) this.compact(n);
          break;
        case "expectNewLeader":
          if (this.isolated !== undefined) {
            this.expectations.push({
              deadline: this.now + (st.within ?? 0),
              within: st.within ?? 0,
              ...this.isolated,
            });
          }
          break;
      }
    }
    for (const x of this.expectations) {
      if (x.deadline !== this.now) continue;
      const ok = this.nodes.some(
        (n) => n.id !== x.id && n.up && n.raft?.state === StateType.Leader && n.raft.term > x.term,
      );
      if (!ok) {
        const roles = this.nodes.map((n) => this.describe(n));
        throw new InvariantViolation(
          INVARIANTS.liveness,
          `n${x.id} (leader in term ${x.term}) was cut off from the others, but ${x.within} ticks later ` +
            `the majority side has no leader with a higher term: ${roles.join(", ")}`,
          this.ids,
          this.now,
        );
      }
    }
  }

  private nemesis(): void {
    const p = this.p;
    const scripted = (p.script ?? []).length > 0;
    if (this.net.partitioned && this.now >= this.partitionEnd) this.heal();
    if (!this.net.partitioned && p.partition > 0 && this.rng.chance(p.partition)) {
      const l = this.leader();
      this.partitionEnd = this.now + this.rng.int(p.partitionTicks[0], p.partitionTicks[1]);
      if (l !== undefined && this.rng.chance(p.isolateLeader)) {
        const [lo, hi] = p.leaderCompanions ?? [0, 0];
        const others = this.ids.filter((x) => x !== l.id);
        const side = [l.id];
        for (let k = this.rng.int(lo, hi); k > 0 && others.length > 0; k--) {
          side.push(others.splice(this.rng.int(0, others.length - 1), 1)[0]);
        }
        side.sort((a, b) => a - b);
        if (side.length === 1) {
          this.isolate(l.id);
        } else {
          this.net.partition([side, others]);
          this.trace.add(this.now, { k: "partition", groups: [side, others] });
        }
      } else {
        const shuffled = this.ids.slice();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = this.rng.int(0, i);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        const cut = this.rng.int(1, shuffled.length - 1);
        const groups = [shuffled.slice(0, cut).sort(), shuffled.slice(cut).sort()];
        this.net.partition(groups);
        this.trace.add(this.now, { k: "partition", groups });
      }
    }
    for (const n of this.nodes) {
      if (n.up && p.crash > 0 && this.rng.chance(p.crash)) this.crash(n);
    }
    if (p.crashLeader > 0 && this.rng.chance(p.crashLeader)) {
      const l = this.leader();
      if (l !== undefined) this.crash(l);
    }
    if (!scripted) {
      for (const n of this.nodes) if (!n.up && this.now >= n.restartAt) this.restart(n);
    }
  }

  private clientsStep(faultsOn: boolean): void {
    const live = this.nodes.filter((n) => n.up && n.rn !== undefined);
    if (live.length === 0) return;
    for (const c of this.clients) {
      if (c.pending === undefined) {
        if (!faultsOn || !this.rng.chance(this.p.opRate)) continue;
        c.seq++;
        const key = this.rng.pick(KEYS);
        const value = `${c.id}.${c.seq};`;
        const op: HistoryOp = { client: c.id, seq: c.seq, invoke: this.now, key, value };
        this.history.push(op);
        this.opByKey.set(`${c.id}:${c.seq}`, op);
        c.pending = { op, key, value, lastTry: -Infinity };
      }
      const pend = c.pending;
      if (this.now - pend.lastTry < this.p.retryTicks) continue;
      pend.lastTry = this.now;
      // Ask a random live node who leads; go there if it is up, else try the one asked.
      const asked = this.rng.pick(live);
      const hint = asked.raft!.lead;
      const target = live.find((n) => n.id === hint) ?? asked;
      const data = encodeOp({ c: c.id, s: pend.op.seq, k: pend.key, v: pend.value });
      let ok = true;
      this.guard(target, "proposing a client operation", () => {
        try {
          target.rn!.propose(data);
        } catch (e) {
          ok = false;
          throw e;
        }
      });
      this.trace.add(this.now, { k: "propose", node: target.id, op: `c${c.id}#${pend.op.seq}`, ok });
      this.flush(target);
      this.after(target.id);
    }
  }

  private deliver(): void {
    for (const f of this.net.due(this.now)) {
      const n = this.nodes[f.m.to - 1];
      if (n === undefined || !n.up || n.raft === undefined) {
        this.stats.dropped++;
        this.trace.add(this.now, {
          k: "drop",
          id: f.id,
          reason: n === undefined ? "unknown node" : "node down",
        });
        continue;
      }
      if (!this.net.connected(f.m.from, f.m.to)) {
        this.stats.dropped++;
        this.trace.add(this.now, { k: "drop", id: f.id, reason: "partition" });
        continue;
      }
      this.stats.delivered++;
      this.trace.add(this.now, { k: "deliver", id: f.id });
      const m = f.m;
      if (this.p.driver === "raft") {
        this.guard(n, `stepping ${MessageType[m.msgType]} from n${m.from}`, () => n.raft!.step(m));
      } else {
        this.guard(n, `stepping ${MessageType[m.msgType]} from n${m.from}`, () => n.rn!.step(m));
      }
      this.flush(n);
      this.after(n.id);
    }
  }

  private tickAll(): void {
    const order = this.nodes.filter((n) => n.up);
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.rng.int(0, i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const n of order) {
      if (!n.up) continue;
      if (this.p.driver === "raft") this.guard(n, "ticking", () => n.raft!.tick());
      else this.guard(n, "ticking", () => n.rn!.tick());
      this.flush(n);
      this.after(n.id);
    }
  }

  /** True when exactly one live leader L exists and every other node follows it in its term. */
  private stableLeader(): SimNode | undefined {
    const l = this.leader();
    if (l === undefined) return undefined;
    const t = l.raft!.term;
    for (const n of this.nodes) {
      if (n === l) continue;
      if (!n.up || n.raft === undefined) return undefined;
      if (n.raft.term !== t || n.raft.state !== StateType.Follower || n.raft.lead !== l.id) return undefined;
    }
    return l;
  }

  private settled(l: SimNode): boolean {
    if (this.p.driver === "raft") return true;
    if (this.clients.some((c) => c.pending !== undefined)) return false;
    const last = l.raft!.raftLog.lastIndex();
    if (l.raft!.raftLog.committed < last) return false;
    return this.nodes.every((n) => n.up && n.appIndex === last);
  }

  private describe(n: SimNode): string {
    if (!n.up || n.raft === undefined) return `n${n.id} down`;
    return `n${n.id} ${fmtState(n.raft.state)} t${n.raft.term} lead ${n.raft.lead}`;
  }

  /** Runs the simulation to the end or to the first violation. */
  run(): SimResult {
    const restore = seedMathRandom(this.nodeSeed);
    try {
      this.loop();
    } catch (e) {
      if (!(e instanceof InvariantViolation)) throw e;
      this.trace.add(this.now, { k: "violation", invariant: e.invariant, message: e.detail, nodes: e.nodes });
      return { seed: this.seed, violation: e, stats: this.stats, trace: this.trace };
    } finally {
      restore();
      this.stats.ticks = this.now;
    }
    return { seed: this.seed, stats: this.stats, trace: this.trace };
  }

  private loop(): void {
    const p = this.p;
    for (const id of this.ids) this.nodes.push(new SimNode(id, new MemoryStorage()));
    for (const n of this.nodes) this.start(n);
    this.net.faults = p.link;
    for (this.now = 1; this.now <= p.faultTicks; this.now++) {
      this.trace.add(this.now, { k: "tick" });
      this.runScript();
      this.figure8?.onTick();
      this.nemesis();
      this.deliver();
      this.tickAll();
      this.clientsStep(true);
      if (p.compactEvery > 0 && this.now % p.compactEvery === 0) {
        for (const n of this.nodes) this.compact(n);
      }
    }
    // The faults stop: reliable links, no partition, everyone back up.
    const healedAt = this.now;
    this.faultsOn = false;
    this.net.faults = RELIABLE;
    this.heal();
    for (const n of this.nodes) this.restart(n);
    let leaderAt: number | undefined;
    const end = healedAt + p.electionBound + p.commitBound;
    for (; this.now <= end; this.now++) {
      this.trace.add(this.now, { k: "tick" });
      this.deliver();
      this.tickAll();
      this.clientsStep(false);
      const l = this.stableLeader();
      if (leaderAt === undefined && l !== undefined) leaderAt = this.now;
      if (leaderAt === undefined && this.now - healedAt >= p.electionBound) {
        const roles = this.nodes.map((n) => this.describe(n));
        throw new InvariantViolation(
          INVARIANTS.liveness,
          `no single leader followed by every node within ${p.electionBound} ticks after the faults stopped ` +
            `(tick ${healedAt}); now: ${roles.join(", ")}`,
          this.ids,
          this.now,
        );
      }
      if (leaderAt !== undefined && l !== undefined && this.settled(l)) break;
      if (leaderAt !== undefined && this.now - leaderAt >= p.commitBound) {
        const pend = this.clients.filter((c) => c.pending).map((c) => `c${c.id}#${c.pending!.op.seq}`);
        const state = this.nodes.map(
          (n) => `${this.describe(n)} committed ${n.raft?.raftLog.committed} applied ${n.appIndex}`,
        );
        throw new InvariantViolation(
          INVARIANTS.liveness,
          `a leader emerged at tick ${leaderAt}, but ${p.commitBound} ticks later not everything has committed ` +
            `and applied everywhere: pending client ops [${pend.join(", ")}]; ${state.join(", ")}`,
          this.ids,
          this.now,
        );
      }
    }
    if (p.driver === "rawnode") this.finalChecks();
  }

  private finalChecks(): void {
    if (this.p.expectSnapshotSent === true && this.stats.snapshotsSent === 0) {
      throw new InvariantViolation(
        INVARIANTS.liveness,
        `every node compacted its storage every ${this.p.compactEvery} ticks while followers fell behind, yet no ` +
          `leader ever sent a MsgSnapshot: a leader that keeps every entry in memory never needs one, so this ` +
          `run could not test snapshots (advance() must call maybeCompact so the in-memory log follows storage)`,
        this.ids,
        this.now,
      );
    }
    for (const id of this.p.expectSnapshotOn ?? []) {
      if (this.nodes[id - 1].installs === 0) {
        throw new InvariantViolation(
          INVARIANTS.liveness,
          `n${id} fell behind a compacted log (its missing entries exist only inside snapshots), so it can ` +
            `catch up only by installing a snapshot, yet it never installed one (MsgSnapshot sent ` +
            `${this.stats.snapshotsSent} times, installed ${this.stats.snapshotsInstalled} times in total)`,
          [id],
          this.now,
        );
      }
    }
    const bad = checkRealTimeOrder(this.history);
    if (bad !== undefined) throw new InvariantViolation(INVARIANTS.linearizability, bad, [], this.now);
    // The black-box check: only what clients saw (invoke and reply ticks, the
    // value each reply showed), no log indexes. A search over its step budget
    // decides nothing and is counted, not reported as a violation.
    const lin = checkLinearizability(
      this.history.map((h) => ({
        client: h.client,
        seq: h.seq,
        invoke: h.invoke,
        response: h.response,
        kind: "append" as const,
        key: h.key,
        value: h.value,
        output: h.output,
      })),
    );
    if (lin.kind === "violation") {
      throw new InvariantViolation(INVARIANTS.linearizability, lin.explanation, [], this.now);
    }
    if (lin.kind === "budget-exceeded") this.stats.linearizabilityUndecided++;
    const ref = this.nodes[0].kv.encode();
    for (const n of this.nodes) {
      if (!Buffer.from(n.kv.encode()).equals(Buffer.from(ref))) {
        throw new InvariantViolation(
          INVARIANTS.stateMachineSafety,
          `after applying the same ${n.appIndex} entries, n1 and n${n.id} hold different key-value states`,
          [1, n.id],
          this.now,
        );
      }
    }
  }
}

/**
 * Makes Math.random a fresh seeded stream for one run and returns a function
 * that undoes it. Inside the grader's Jest runs Math.random is locked (see
 * grader/jest/setup.ts), which offers a hook to restart its stream instead;
 * both paths give the same numbers, so a seed replays identically in a graded
 * test and in `make chaos`.
 */
export function seedMathRandom(seed: number): () => void {
  const hook = (globalThis as Record<symbol, unknown>)[Symbol.for("raftlab.reseedMathRandom")];
  if (typeof hook === "function") {
    (hook as (s: number) => void)(seed);
    return () => undefined;
  }
  const saved = Math.random;
  const rng = new Rng(seed);
  Math.random = () => rng.next();
  return () => {
    Math.random = saved;
  };
}

/** Runs one seed of a profile. */
export function simulate(seed: number, p: Profile, scenario = "custom", rerun = "", trace = true): SimResult {
  return new Simulator(seed, p, scenario, rerun, trace).run();
}
