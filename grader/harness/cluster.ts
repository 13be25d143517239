// ReadyCluster: a small cluster of RawNodes driven through the full Ready
// loop, the way an application uses the library. Each node has its own
// MemoryStorage; messages travel over one FIFO network that can drop them
// (seeded) or cut links. Every node keeps an application state (the data of
// the entries it applied) and the grader checks, at every apply, that no two
// nodes ever apply different entries at the same index.
//
// The Ready loop of one node (handleReady), in the order the library's
// contract asks for:
//   1. rd.snapshot not empty -> storage.applySnapshot, application state := snapshot data
//   2. rd.hardState not empty -> storage.setHardState
//   3. rd.entries -> storage.append
//   4. rd.messages -> the network queue (only after 1-3: persist, then send)
//   5. rd.committedEntries -> applied, one by one, in index order
//   6. rawNode.advance(rd)
//   7. the afterReady hook (the place to compact storage)
//
// API (all ids are 1..size):
//   new ReadyCluster({size, electionTick?, heartbeatTick?, rng?, dropRate?, maxSteps?,
//                     filter?, onDeliver?, afterReady?})
//   .ids, .nodes (Map id -> ClusterNode), .node(id), .queue (pending messages, FIFO)
//   .tickAll()                 tick every node once (id order); delivers nothing
//   .tick(rounds = 1)          rounds x (tickAll, then settle)
//   .settle()                  handle Readies and deliver messages until nothing is left (capped)
//   .deliverNext()             deliver the head of the queue (or drop it); false when the queue is empty
//   .handleReadies()           one Ready per node that has one, in id order; number handled
//   .leader()                  the Leader with the highest term, or undefined
//   .electLeader(maxTicks)     settle, then tick until some node is Leader; its id
//   .campaign(id)              RawNode.campaign on one node, then settle
//   .propose(data, via?)       RawNode.propose(data) at `via` (default: the leader); true if not refused
//   .compact(id)               snapshot node id's application state at its applied index, compact its storage
//   .isolate(id), .cut(a, b), .heal(), .dropRate
//   .stats                     {delivered, dropped, byType: Map<MessageType, number> of delivered messages}
//   .handleReady(node)         one Ready of one node, steps 1-7 below
//   .describeStates()          "n1 Leader t2, n2 Follower t2, ..." for failure messages
//   protected newNode(id, storage, peers)   how a RawNode is built (override for restarts or fakes)
//   tolerant(fn)               run fn, swallowing only RaftError; false if one was thrown
//   ClusterNode: .id, .storage, .rawNode, .raft, .appliedIndex, .applied (entries it applied),
//                .appData (data strings of applied normal entries: the application state),
//                .snapshotsInstalled
//
// Failures (GradeFailure, in Raft words): a Ready without its arrays or hard
// state, Ready entries storage cannot take (a gap), a node applies out of
// order or twice, two nodes apply different entries at one index, a node
// sends to an id outside the cluster or sends MsgHup/MsgBeat, messages pile up
// (an outbox never emptied), or a settle() exceeds its cap.
// Errors the library throws on purpose (RaftError, e.g. ErrProposalDropped)
// are tolerated wherever the harness steps or proposes; anything else
// (TypeError, NotImplementedError) propagates and fails the test.

import { Entry, EntryType, Message, MessageType, Snapshot } from "@raft/eraftpb";
import { RaftError } from "@raft/errors";
import { Raft, StateType } from "@raft/raft";
import { Ready, RawNode, newRawNode } from "@raft/rawnode";
import { MemoryStorage } from "@raft/storage";
import { GradeFailure, check } from "./assert";
import { fmtEntry, fmtLog, fmtMsg, fmtState, fmtType } from "./format";
import { Rng } from "./rng";
import { harnessRng } from "./seed";

export interface ReadyClusterOptions {
  /** Number of nodes; their ids are 1..size. */
  size: number;
  /** Config.electionTick of every node (default 10). */
  electionTick?: number;
  /** Config.heartbeatTick of every node (default 1). */
  heartbeatTick?: number;
  /**
   * Source of the network's random drops. Default: harnessRng("ready-cluster"), a stream seeded from the
   * run's seed and the test id, separate from Math.random (which belongs to the implementation).
   */
  rng?: Rng;
  /** Probability that any message is dropped on the way (default 0). */
  dropRate?: number;
  /** Cap on deliveries plus Readies in one settle() (default 200,000). */
  maxSteps?: number;
  /** Called for each message about to be delivered; return false to drop it. Runs after drops and cuts. */
  filter?: (m: Message) => boolean;
  /** Called for each message just before it is stepped into its receiver. */
  onDeliver?: (m: Message) => void;
  /** Called after a node has handled and advanced one Ready (e.g. to compact its storage). */
  afterReady?: (node: ClusterNode, rd: Ready) => void;
}

/** One member of a ReadyCluster: a RawNode, its storage and its application state. */
export class ClusterNode {
  /** The index of the last entry this node applied (or installed through a snapshot). */
  appliedIndex = 0;
  /** Every entry this node applied from Ready.committedEntries, in order (no-ops included). */
  readonly applied: Entry[] = [];
  /** The application state: the data of every applied normal entry that has data, in order. */
  appData: string[] = [];
  /** How many snapshots this node installed from Ready.snapshot. */
  snapshotsInstalled = 0;

  constructor(
    readonly id: number,
    readonly storage: MemoryStorage,
    public rawNode: RawNode,
  ) {}

  /** The Raft state machine inside the RawNode. */
  get raft(): Raft {
    return this.rawNode.raft;
  }
}

export interface ClusterStats {
  /** Messages stepped into their receiver. */
  delivered: number;
  /** Messages lost to drops, cuts or the filter. */
  dropped: number;
  /** Delivered messages by type (e.g. count MsgSnapshot). */
  byType: Map<MessageType, number>;
}

/** Text of an entry's data, as the application state stores it. */
function dataText(e: Entry): string {
  return Buffer.from(e.data).toString("utf8");
}

/** Snapshot data format of the cluster's application: JSON of the appData list. */
function encodeAppState(appData: string[]): Uint8Array {
  return Buffer.from(JSON.stringify(appData), "utf8");
}

function decodeAppState(snap: Snapshot): string[] {
  const parsed: unknown = JSON.parse(Buffer.from(snap.data).toString("utf8"));
  check(
    Array.isArray(parsed) && parsed.every((x) => typeof x === "string"),
    "a snapshot reached the application with data it did not write (Ready.snapshot should be the leader's storage snapshot)",
  );
  return parsed;
}

function sameEntry(a: Entry, b: Entry): boolean {
  return (
    a.index === b.index &&
    a.term === b.term &&
    a.entryType === b.entryType &&
    Buffer.from(a.data).equals(Buffer.from(b.data))
  );
}

/** Fails with a clear message unless a Ready has the lab's canonical shape (C0): arrays, never undefined. */
function checkReadyShape(id: number, rd: Ready): void {
  check(rd !== undefined && rd !== null, `node ${id}'s ready() returned nothing`);
  check(
    rd.hardState !== undefined && rd.hardState !== null,
    `node ${id}'s Ready.hardState is missing; when nothing changed it must be the all-zero HardState`,
  );
  for (const field of ["entries", "committedEntries", "messages"] as const) {
    check(
      Array.isArray(rd[field]),
      () =>
        `node ${id}'s Ready.${field} must be an array ([] when there is nothing), got ${rd[field] === null ? "null" : typeof rd[field]}`,
    );
  }
}

/** Runs a storage write the Ready asks for; a storage error becomes a failure that says which Ready field was wrong. */
function storageStep(id: number, what: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof RaftError)) throw e;
    throw new GradeFailure(
      `node ${id}'s ${what} could not be saved to its MemoryStorage: ${e.message}. ` +
        `A Ready must continue exactly where the storage's log ends (or replace a suffix of it).`,
    );
  }
}

/** Runs `fn`, swallowing only the errors the library throws on purpose. Returns false if one was thrown. */
export function tolerant(fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (e instanceof RaftError) return false;
    throw e;
  }
}

export class ReadyCluster {
  readonly ids: number[];
  readonly nodes = new Map<number, ClusterNode>();
  /** Messages sent and not yet delivered, oldest first. */
  readonly queue: Message[] = [];
  readonly stats: ClusterStats = { delivered: 0, dropped: 0, byType: new Map() };
  /** Probability that a message is dropped; may be changed at any time. */
  dropRate: number;
  private readonly rng: Rng;
  private readonly maxSteps: number;
  private readonly opts: ReadyClusterOptions;
  private readonly cuts = new Set<string>();
  /** The first entry any node applied at each index: all nodes must agree with it. */
  private readonly history = new Map<number, Entry>();

  constructor(opts: ReadyClusterOptions) {
    check(
      Number.isInteger(opts.size) && opts.size >= 1,
      `a cluster needs at least one node, got ${opts.size}`,
    );
    this.opts = opts;
    this.ids = Array.from({ length: opts.size }, (_, i) => i + 1);
    this.rng = opts.rng ?? harnessRng("ready-cluster");
    this.dropRate = opts.dropRate ?? 0;
    this.maxSteps = opts.maxSteps ?? 200_000;
    for (const id of this.ids) {
      const storage = new MemoryStorage();
      this.nodes.set(id, new ClusterNode(id, storage, this.newNode(id, storage, this.ids)));
    }
  }

  /** A RawNode for `id` over `storage`; `peers` is empty when restarting from storage. */
  protected newNode(id: number, storage: MemoryStorage, peers: number[]): RawNode {
    return newRawNode({
      id,
      peers,
      electionTick: this.opts.electionTick ?? 10,
      heartbeatTick: this.opts.heartbeatTick ?? 1,
      storage,
    });
  }

  node(id: number): ClusterNode {
    const n = this.nodes.get(id);
    if (n === undefined)
      throw new GradeFailure(`there is no node ${id} in this ${this.ids.length}-node cluster`);
    return n;
  }

  /** The node in state Leader with the highest term, or undefined. */
  leader(): ClusterNode | undefined {
    let best: ClusterNode | undefined;
    for (const n of this.nodes.values()) {
      if (n.raft.state === StateType.Leader && (best === undefined || n.raft.term > best.raft.term)) best = n;
    }
    return best;
  }

  /** Ticks every node once, in id order. Messages wait in the nodes until their next Ready. */
  tickAll(): void {
    for (const n of this.nodes.values()) n.rawNode.tick();
  }

  /** `rounds` times: tick every node, then settle. */
  tick(rounds = 1): void {
    for (let i = 0; i < rounds; i++) {
      this.tickAll();
      this.settle();
    }
  }

  /** Ticks until some node is leader (at most maxTicks rounds) and returns its id. */
  electLeader(maxTicks = 500): number {
    this.settle();
    for (let t = 0; t <= maxTicks; t++) {
      const l = this.leader();
      if (l !== undefined) return l.id;
      this.tick();
    }
    throw new GradeFailure(
      `no leader after ${maxTicks} ticks of every node (electionTick ${this.opts.electionTick ?? 10}); ` +
        `states: ${this.describeStates()}`,
    );
  }

  /** Makes node `id` campaign, then settles. */
  campaign(id: number): void {
    tolerant(() => this.node(id).rawNode.campaign());
    this.settle();
  }

  /**
   * Proposes `data` at node `via` (default: the current leader) without
   * settling. Returns false if the node refused it with a library error.
   */
  propose(data: string, via?: number): boolean {
    const id = via ?? this.leader()?.id;
    if (id === undefined)
      throw new GradeFailure(`cannot propose "${data}": no node is leader (${this.describeStates()})`);
    return tolerant(() => this.node(id).rawNode.propose(Buffer.from(data, "utf8")));
  }

  /** Drops every message between `id` and any other node. */
  isolate(id: number): void {
    for (const other of this.ids) if (other !== id) this.cut(id, other);
  }

  /** Drops every message between a and b, both ways. */
  cut(a: number, b: number): void {
    this.cuts.add(`${a}-${b}`);
    this.cuts.add(`${b}-${a}`);
  }

  /** Restores every link (the drop rate is unchanged). */
  heal(): void {
    this.cuts.clear();
  }

  /**
   * Takes a snapshot of node `id`'s application state at its applied index
   * and compacts its storage there. Does nothing if storage already starts
   * after that index.
   */
  compact(id: number): void {
    const n = this.node(id);
    const at = n.appliedIndex;
    if (at < n.storage.firstIndex()) return;
    const nodes = Array.from(n.raft.prs.keys()).sort((a, b) => a - b);
    n.storage.createSnapshot(at, { nodes }, encodeAppState(n.appData));
    n.storage.compact(at);
  }

  /** Handles Readies and delivers messages until no node has a Ready and the queue is empty. */
  settle(): void {
    let steps = 0;
    for (;;) {
      steps += this.handleReadies();
      if (this.queue.length === 0 && !this.anyReady()) return;
      if (this.queue.length > 0) {
        this.deliverNext();
        steps++;
      }
      if (steps > this.maxSteps) {
        throw new GradeFailure(
          `the cluster did not go quiet within ${this.maxSteps} deliveries and Readies: ` +
            `messages keep flowing or hasReady() stays true (${this.queue.length} messages queued; ${this.describeStates()})`,
        );
      }
    }
  }

  /** Handles one Ready of every node that has one, in id order. Returns how many were handled. */
  handleReadies(): number {
    let handled = 0;
    for (const n of this.nodes.values()) {
      if (n.rawNode.hasReady()) {
        this.handleReady(n);
        handled++;
      }
    }
    return handled;
  }

  /** Delivers (or drops) the oldest queued message. Returns false if the queue was empty. */
  deliverNext(): boolean {
    const m = this.queue.shift();
    if (m === undefined) return false;
    const to = this.nodes.get(m.to);
    if (to === undefined) {
      throw new GradeFailure(
        `node ${m.from} sent a message to node ${m.to}, which is not in the cluster: ${fmtMsg(m)}`,
      );
    }
    const lost =
      this.cuts.has(`${m.from}-${m.to}`) ||
      (this.dropRate > 0 && this.rng.chance(this.dropRate)) ||
      (this.opts.filter !== undefined && !this.opts.filter(m));
    if (lost) {
      this.stats.dropped++;
      return true;
    }
    this.stats.delivered++;
    this.stats.byType.set(m.msgType, (this.stats.byType.get(m.msgType) ?? 0) + 1);
    this.opts.onDeliver?.(m);
    tolerant(() => to.rawNode.step(m));
    return true;
  }

  /** One node's Ready, handled in the order the Ready contract asks for (see the top of this file). */
  handleReady(n: ClusterNode): void {
    const rd = n.rawNode.ready();
    checkReadyShape(n.id, rd);
    const snap = rd.snapshot;
    if (snap?.metadata !== undefined && snap.metadata.index > 0) {
      storageStep(n.id, "Ready.snapshot", () => n.storage.applySnapshot(snap));
      n.appData = decodeAppState(snap);
      n.appliedIndex = snap.metadata.index;
      n.snapshotsInstalled++;
    }
    const hs = rd.hardState;
    if (hs.term !== 0 || hs.vote !== 0 || hs.commit !== 0) n.storage.setHardState(hs);
    storageStep(n.id, `Ready.entries ${fmtLog(rd.entries)}`, () => n.storage.append(rd.entries));
    check(
      this.queue.length + rd.messages.length <= this.maxSteps,
      () =>
        `${this.queue.length + rd.messages.length} messages are waiting in the network after node ${n.id}'s Ready: ` +
        `nodes send far more than they receive. Does ready() (or advance()) empty the outbox, so each message is sent once?`,
    );
    for (const m of rd.messages) {
      check(
        m.msgType !== MessageType.MsgHup && m.msgType !== MessageType.MsgBeat,
        () =>
          `node ${n.id} put a local ${fmtType(m.msgType)} in Ready.messages; local messages never go on the network`,
      );
      this.queue.push(m);
    }
    for (const e of rd.committedEntries) this.apply(n, e);
    n.rawNode.advance(rd);
    this.opts.afterReady?.(n, rd);
  }

  private apply(n: ClusterNode, e: Entry): void {
    check(
      e.index === n.appliedIndex + 1,
      () =>
        `node ${n.id} was given committed entry ${fmtEntry(e)} to apply right after index ${n.appliedIndex}: ` +
        `Ready.committedEntries must continue exactly where the last one stopped (advance() moves applied to the last entry it handed out)`,
    );
    const first = this.history.get(e.index);
    if (first === undefined) {
      this.history.set(e.index, e);
    } else {
      check(
        sameEntry(first, e),
        () =>
          `two nodes applied different entries at index ${e.index}: ${fmtEntry(first)} and ${fmtEntry(e)} (node ${n.id}); ` +
          `an entry may only be committed once a quorum stores it`,
      );
    }
    n.applied.push(e);
    n.appliedIndex = e.index;
    if (e.entryType === EntryType.EntryNormal && e.data.length > 0) n.appData.push(dataText(e));
  }

  private anyReady(): boolean {
    for (const n of this.nodes.values()) if (n.rawNode.hasReady()) return true;
    return false;
  }

  /** "n1 Leader t2, n2 Follower t2, ..." for failure messages. */
  describeStates(): string {
    return Array.from(this.nodes.values())
      .map((n) => `n${n.id} ${fmtState(n.raft.state)} t${n.raft.term}`)
      .join(", ");
  }
}
