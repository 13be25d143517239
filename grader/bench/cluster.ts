// A lean in-process cluster for benchmarks: RawNodes over MemoryStorage,
// driven through the Ready loop exactly as an application would (persist,
// send, apply, advance), with nothing else in the way. The grader's
// ReadyCluster (grader/harness/cluster.ts) checks every apply and so measures
// the harness as much as the library; this one only counts.
//
// Messages travel through one FIFO queue, either as the objects RawNode hands
// out ("object") or encoded with the generated protobuf code and decoded at
// the receiver ("proto"), as a real network transport would.

import { Entry, Message, MessageType } from "@raft/eraftpb";
import { RaftError } from "@raft/errors";
import { StateType } from "@raft/raft";
import { Ready, RawNode, newRawNode } from "@raft/rawnode";
import { MemoryStorage } from "@raft/storage";

export type Codec = "object" | "proto";

export interface BenchClusterOptions {
  /** Number of nodes (ids 1..size). */
  size: number;
  codec: Codec;
  /** Compact each node's storage whenever it has applied this many entries since the last compaction (0: never). */
  compactEvery: number;
}

/** Thrown when a run does not behave (no leader, nodes disagree): a benchmark must never time a broken run. */
export class BenchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BenchError";
  }
}

interface BenchNode {
  id: number;
  rn: RawNode;
  storage: MemoryStorage;
  /** The index of the last applied entry, and a running checksum of applied data (so nothing is optimised away). */
  applied: number;
  checksum: number;
  compactedAt: number;
  /** Snapshots installed from the leader (such a node skipped entries, so its checksum differs). */
  snapshots: number;
}

export class BenchCluster {
  readonly nodes: BenchNode[] = [];
  private readonly objects: Message[] = [];
  private readonly frames: Uint8Array[] = [];
  /** Messages delivered and bytes encoded (proto codec only). */
  delivered = 0;
  bytes = 0;

  constructor(private readonly opts: BenchClusterOptions) {
    const ids = Array.from({ length: opts.size }, (_, i) => i + 1);
    for (const id of ids) {
      const storage = new MemoryStorage();
      const rn = newRawNode({ id, peers: ids, electionTick: 10, heartbeatTick: 1, storage });
      this.nodes.push({ id, rn, storage, applied: 0, checksum: 0, compactedAt: 0, snapshots: 0 });
    }
  }

  node(id: number): BenchNode {
    return this.nodes[id - 1];
  }

  /** Makes node 1 the leader and lets the cluster settle. */
  elect(): number {
    this.node(1).rn.campaign();
    this.settle();
    if (this.node(1).rn.raft.state !== StateType.Leader) {
      throw new BenchError("node 1 did not become leader after campaigning");
    }
    return 1;
  }

  /** Proposes one command at `id`; RaftErrors (a refused proposal) fail the run. */
  propose(id: number, data: Uint8Array): void {
    try {
      this.node(id).rn.propose(data);
    } catch (e) {
      if (e instanceof RaftError) {
        throw new BenchError(`node ${id} refused a proposal: ${e.message}`);
      }
      throw e;
    }
  }

  /** Handles every pending Ready and delivers every queued message, until the cluster is quiet. */
  settle(): void {
    for (;;) {
      let worked = false;
      for (const n of this.nodes) {
        while (n.rn.hasReady()) {
          this.handleReady(n, n.rn.ready());
          worked = true;
        }
      }
      if (this.pending() === 0) {
        if (!worked) {
          return;
        }
        continue;
      }
      this.deliverAll();
    }
  }

  private pending(): number {
    return this.opts.codec === "object" ? this.objects.length : this.frames.length;
  }

  /** The Ready loop of one node, in the library's order: persist, send, apply, advance. */
  private handleReady(n: BenchNode, rd: Ready): void {
    const meta = rd.snapshot.metadata;
    if (meta !== undefined && meta.index > 0) {
      n.storage.applySnapshot(rd.snapshot);
      n.applied = meta.index;
      n.compactedAt = meta.index;
      n.snapshots++;
    }
    if (rd.hardState.term !== 0 || rd.hardState.vote !== 0 || rd.hardState.commit !== 0) {
      n.storage.setHardState(rd.hardState);
    }
    n.storage.append(rd.entries);
    for (const m of rd.messages) {
      this.send(m);
    }
    this.apply(n, rd.committedEntries);
    n.rn.advance(rd);
    const every = this.opts.compactEvery;
    if (every > 0 && n.applied - n.compactedAt >= every) {
      n.storage.createSnapshot(n.applied, { nodes: this.nodes.map((x) => x.id) });
      n.storage.compact(n.applied);
      n.compactedAt = n.applied;
    }
  }

  private apply(n: BenchNode, ents: Entry[]): void {
    for (const e of ents) {
      if (e.index !== n.applied + 1) {
        throw new BenchError(`node ${n.id} applied index ${e.index} after ${n.applied}`);
      }
      n.applied = e.index;
      n.checksum = (n.checksum * 31 + e.data.length + e.term) % 1_000_000_007;
    }
  }

  private send(m: Message): void {
    if (this.opts.codec === "object") {
      this.objects.push(m);
    } else {
      const frame = Message.encode(m).finish();
      this.bytes += frame.length;
      this.frames.push(frame);
    }
  }

  /** Delivers the whole queue as it is now (messages sent meanwhile wait for the next round). */
  private deliverAll(): void {
    if (this.opts.codec === "object") {
      const batch = this.objects.splice(0, this.objects.length);
      for (const m of batch) {
        this.deliver(m);
      }
    } else {
      const batch = this.frames.splice(0, this.frames.length);
      for (const f of batch) {
        this.deliver(Message.decode(f));
      }
    }
  }

  private deliver(m: Message): void {
    this.delivered++;
    const to = this.nodes[m.to - 1];
    if (to === undefined) {
      throw new BenchError(`a ${MessageType[m.msgType]} was sent to unknown node ${m.to}`);
    }
    to.rn.step(m);
  }

  /** Fails unless every node applied up to `index` with the same checksum. */
  checkAgreement(index: number): void {
    const first = this.nodes[0];
    for (const n of this.nodes) {
      if (n.applied < index) {
        throw new BenchError(`node ${n.id} applied only up to ${n.applied}, expected ${index}`);
      }
      const comparable = n.snapshots === 0 && first.snapshots === 0 && n.applied === first.applied;
      if (comparable && n.checksum !== first.checksum) {
        throw new BenchError(`node ${n.id} applied different entries than node ${first.id}`);
      }
    }
  }

  /** Entries each node still holds in memory (the dummy entry excluded when there is one). */
  memoryLogSizes(): number[] {
    return this.nodes.map((n) => n.rn.raft.raftLog.allEntries().length);
  }
}
