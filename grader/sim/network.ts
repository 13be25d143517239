// The simulated network: every message gets a delivery tick; it may be lost,
// duplicated, delayed (which reorders it against others) or cut by a
// partition. All choices come from one seeded Rng.

import { Message } from "@raft/eraftpb";
import { Rng } from "../harness/rng";

/** How unreliable the network is right now. */
export interface LinkFaults {
  /** Probability that a message is lost. */
  loss: number;
  /** Probability that a message is delivered twice. */
  dup: number;
  /** Delivery delay in ticks, uniform in [minDelay, maxDelay]; 1 = next tick. */
  minDelay: number;
  maxDelay: number;
}

export const RELIABLE: LinkFaults = { loss: 0, dup: 0, minDelay: 1, maxDelay: 1 };

/** A message on its way. */
export interface InFlight {
  id: number;
  m: Message;
  /** Tick at which it arrives. */
  at: number;
  /** Random tie-breaker: messages due in the same tick arrive in this order. */
  order: number;
}

/** What happened to a message handed to the network. */
export type SendOutcome =
  { kind: "queued"; flight: InFlight; dup?: InFlight } | { kind: "dropped"; id: number; reason: string };

export class Network {
  faults: LinkFaults = RELIABLE;
  /** Partition group of each node id; nodes talk only inside their group. Empty map: no partition. */
  private group = new Map<number, number>();
  private inflight: InFlight[] = [];
  private nextId = 1;

  constructor(private readonly rng: Rng) {}

  get size(): number {
    return this.inflight.length;
  }

  /** True when a and b can currently talk. */
  connected(a: number, b: number): boolean {
    if (this.group.size === 0) return true;
    return (this.group.get(a) ?? -1) === (this.group.get(b) ?? -1);
  }

  partition(groups: number[][]): void {
    this.group.clear();
    groups.forEach((g, i) => g.forEach((id) => this.group.set(id, i)));
  }

  heal(): void {
    this.group.clear();
  }

  get partitioned(): boolean {
    return this.group.size > 0;
  }

  private schedule(m: Message, now: number): InFlight {
    const f = this.faults;
    const at = now + this.rng.int(f.minDelay, Math.max(f.minDelay, f.maxDelay));
    const flight = { id: this.nextId++, m, at, order: this.rng.next() };
    this.inflight.push(flight);
    return flight;
  }

  send(m: Message, now: number): SendOutcome {
    if (!this.connected(m.from, m.to)) {
      return { kind: "dropped", id: this.nextId++, reason: "partition" };
    }
    if (this.faults.loss > 0 && this.rng.chance(this.faults.loss)) {
      return { kind: "dropped", id: this.nextId++, reason: "lost" };
    }
    const flight = this.schedule(m, now);
    if (this.faults.dup > 0 && this.rng.chance(this.faults.dup)) {
      return { kind: "queued", flight, dup: this.schedule(m, now) };
    }
    return { kind: "queued", flight };
  }

  /** Removes and returns the messages due at `now`, in delivery order. */
  due(now: number): InFlight[] {
    const ready: InFlight[] = [];
    const rest: InFlight[] = [];
    for (const f of this.inflight) (f.at <= now ? ready : rest).push(f);
    this.inflight = rest;
    return ready.sort((a, b) => a.at - b.at || a.order - b.order);
  }
}
