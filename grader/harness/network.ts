// The unit-test network of spec §4: a handful of nodes joined by a FIFO
// message queue that the test drives by hand. Nothing happens unless the test
// sends a message; each delivered message's receiver then has its outbox
// drained onto the end of the queue, until the queue is empty.
//
// Semantics (TinyKV's, kept on purpose so that its scenarios carry over):
// - the messages given to `send` are NOT filtered: a MsgHup reaches an
//   isolated node, and a test's injected message crosses a cut;
// - only the RECEIVER's outbox is drained after each delivery: messages a
//   test made by ticking a node directly wait until that node next receives;
// - outgoing messages are filtered in this order: ignored types are dropped,
//   a MsgHup fails the test (it is local and never sent), the (from, to) drop
//   rule is applied, then `msgHook` may drop it;
// - a message for an id outside the network fails the test;
// - one `send` delivers at most `maxDeliveries` messages, then fails.

import { Message, MessageType } from "@raft/eraftpb";
import { Raft, newRaft } from "@raft/raft";
import { MemoryStorage } from "@raft/storage";
import { GradeFailure } from "./assert";
import { fmtMsg, fmtType } from "./format";
import {
  ConfigFn,
  MAX_DELIVERIES,
  StateMachine,
  gaveUp,
  newTestConfig,
  readMessages,
  stepTolerant,
} from "./helpers";
import { Rng } from "./rng";
import { harnessRng } from "./seed";

export type { StateMachine };

class BlackHole implements StateMachine {
  step(_m: Message): void {
    // Swallows everything.
  }
  get msgs(): Message[] {
    return [];
  }
  set msgs(_ms: Message[]) {
    // Never holds anything.
  }
}

/** A peer that takes every message and never answers (TinyKV's nopStepper). One shared object. */
export const BLACK_HOLE: StateMachine = new BlackHole();

/** A peer slot of `newNetwork`: a fresh node (null), a given node, or BLACK_HOLE. */
export type PeerSpec = StateMachine | null;

function linkKey(from: number, to: number): string {
  return `${from}->${to}`;
}

export class Network {
  /** The nodes by id (1..n). */
  readonly peers = new Map<number, StateMachine>();
  /** The storage of each node the network built itself (the `null` slots). */
  readonly storage = new Map<number, MemoryStorage>();
  /** Drop probability per directed link; `cut`/`isolate` use 1 or more. */
  readonly dropm = new Map<string, number>();
  /** Message types dropped on every link. */
  readonly ignorem = new Set<MessageType>();
  /** Called for each outgoing message that passed the other filters; false drops it. */
  msgHook?: (m: Message) => boolean;
  /** The most deliveries one `send` may make before the test fails. */
  maxDeliveries = MAX_DELIVERIES;
  /** Messages delivered by this network so far (every `send`). */
  delivered = 0;
  /** The network's own seeded randomness for probabilistic drops (never Math.random). */
  rng: Rng;

  constructor(rng: Rng = harnessRng("network")) {
    this.rng = rng;
  }

  /** The Raft with this id (fails if the id is absent or is not a Raft). */
  raft(id: number): Raft {
    const p = this.peers.get(id);
    if (p === undefined || p === BLACK_HOLE) {
      throw new GradeFailure(
        `the test asked for node ${id}, which is ${p === undefined ? "not in" : "a black hole in"} the network`,
      );
    }
    return p as Raft;
  }

  /**
   * Delivers `msgs` and everything they cause, first in, first out, until no
   * message is left in flight.
   */
  send(...msgs: Message[]): void {
    const queue: Message[] = msgs.slice();
    let head = 0;
    let count = 0;
    while (head < queue.length) {
      const m = queue[head++];
      if (count >= this.maxDeliveries) {
        gaveUp(count, "deliveries", `the network to go quiet after ${fmtMsg(msgs[0] ?? Message.create())}`);
      }
      count++;
      this.delivered++;
      const p = this.peers.get(m.to);
      if (p === undefined) {
        throw new GradeFailure(
          `a message was addressed to node ${m.to}, which is not in this network (nodes ${this.ids().join(", ")}):\n` +
            `  ${fmtMsg(m)}\n` +
            `  a node should send only to the members in its prs, and reply to m.from (never to m.to or 0)`,
        );
      }
      stepTolerant(p, m);
      for (const out of this.filter(readMessages(p))) queue.push(out);
      // Keep the queue from growing without bound in long runs.
      if (head > 4096 && head * 2 > queue.length) {
        queue.splice(0, head);
        head = 0;
      }
    }
  }

  /** Applies the network's rules to outgoing messages and returns those that get through. */
  filter(msgs: readonly Message[]): Message[] {
    const out: Message[] = [];
    for (const m of msgs) {
      if (this.ignorem.has(m.msgType)) continue;
      if (m.msgType === MessageType.MsgHup) {
        throw new GradeFailure(
          `n${m.from} put a ${fmtType(m.msgType)} in its outbox: ${fmtMsg(m)}\n` +
            `  MsgHup is a local message: a node steps it into itself (tick() calls step directly) and never sends it`,
        );
      }
      const p = this.dropm.get(linkKey(m.from, m.to)) ?? 0;
      if (p >= 1 || (p > 0 && this.rng.chance(p))) continue;
      if (this.msgHook !== undefined && !this.msgHook(m)) continue;
      out.push(m);
    }
    return out;
  }

  /** Drops messages from `from` to `to` with probability `p` (1 = always). One direction only. */
  drop(from: number, to: number, p: number): void {
    if (!(p >= 0)) throw new RangeError(`drop(${from}, ${to}, ${p}): p must be a number >= 0`);
    this.dropm.set(linkKey(from, to), p);
  }

  /** Cuts the link between `a` and `b` in both directions. */
  cut(a: number, b: number): void {
    this.drop(a, b, 2);
    this.drop(b, a, 2);
  }

  /** Cuts every link between `id` and the other nodes 1..n. */
  isolate(id: number): void {
    for (let other = 1; other <= this.peers.size; other++) {
      if (other !== id) {
        this.drop(id, other, 1);
        this.drop(other, id, 1);
      }
    }
  }

  /** Drops every message of type `t` on every link. */
  ignore(t: MessageType): void {
    this.ignorem.add(t);
  }

  /** Clears every drop rule and ignored type (not `msgHook`). */
  recover(): void {
    this.dropm.clear();
    this.ignorem.clear();
  }

  /** The node ids, ascending. */
  ids(): number[] {
    return Array.from(this.peers.keys()).sort((a, b) => a - b);
  }
}

/**
 * A network of the given peers; the k-th gets id k. `null` makes a Raft with
 * its own fresh MemoryStorage (kept in `storage`), peers 1..n, electionTick 10,
 * heartbeatTick 1, with `cfgFn` applied to its Config first. A given node is
 * kept, its `id` overwritten if it has one; BLACK_HOLE is kept as it is.
 */
export function newNetworkWithConfig(cfgFn: ConfigFn | null, ...peers: PeerSpec[]): Network {
  const net = new Network();
  const ids = peers.map((_, i) => i + 1);
  peers.forEach((p, i) => {
    const id = i + 1;
    if (p === null) {
      const storage = new MemoryStorage();
      const cfg = newTestConfig(id, ids.slice(), 10, 1, storage);
      cfgFn?.(cfg);
      net.storage.set(id, storage);
      net.peers.set(id, newRaft(cfg));
      return;
    }
    if (p !== BLACK_HOLE && typeof (p as { id?: unknown }).id === "number") {
      (p as unknown as { id: number }).id = id;
    }
    net.peers.set(id, p);
  });
  return net;
}

/** `newNetworkWithConfig(null, ...peers)`. */
export function newNetwork(...peers: PeerSpec[]): Network {
  return newNetworkWithConfig(null, ...peers);
}
