// A nemesis that steers a 5-node run into the Raft paper's Figure 8, again
// and again, instead of waiting for random faults to stumble into it.
//
// Figure 8 is the one situation where a leader must not commit an entry of an
// earlier term just because a majority stores it. The nemesis builds it in
// four moves, each waiting for the cluster to react:
//
//   1. cut the leader L1 (term T) off with one companion C. Clients keep
//      proposing to L1, so L1 and C hold entries of term T nobody else has.
//   2. the other three elect L2 (term > T); at that very event L2 is cut off
//      alone, so its first entries (of its own term) reach nobody.
//   3. after a while, everyone but L2 is joined again and one of them wins:
//      usually L1 or C, whose logs are the most up-to-date there. This is L3.
//      L3 sends its term-T entries to the two others, A and B.
//   4. at the very event L3's commit index moves (or after a while if it never
//      does), L3 and one companion are cut off from L2, A and B. If A and B
//      hold no entry of L3's term yet, L2's log beats theirs: L2 wins and
//      overwrites the term-T entries.
//
// A correct leader's commit index moves only once an entry of its own term is
// on a majority, and then A or B has that entry and L2 cannot win: nothing
// committed is lost. A leader that commits term-T entries by counting copies
// moves its commit index while A and B still lack its term; L2 then wins and
// overwrites committed entries, and leader completeness fails.
//
// The nemesis reads roles, terms and log positions through the student API
// (state, term, raftLog.lastIndex/term/committed); it never changes a node.

import { StateType } from "@raft/raft";
import { Rng } from "../harness/rng";

/** What the nemesis reads of one live node. */
export interface NodeLook {
  state: StateType;
  term: number;
  lastIndex: number;
  lastTerm: number;
  committed: number;
}

/** What the nemesis needs from the simulator. */
export interface Figure8Host {
  /** The current tick. */
  clock(): number;
  readonly rng: Rng;
  /** Every node id. */
  readonly ids: readonly number[];
  /** A live node's role, term and log position; undefined when it is down. */
  look(id: number): NodeLook | undefined;
  /** Splits the network into these groups until the next call (or heal). */
  partition(groups: number[][]): void;
  heal(): void;
}

type Phase =
  | { k: "idle"; from: number }
  | { k: "awaitL2"; l1: number; c: number; term: number; until: number }
  | { k: "accumulate"; l1: number; c: number; l2: number; term: number; from: number; until: number }
  | { k: "awaitL3"; l1: number; c: number; l2: number; base: number; until: number }
  | { k: "watch"; l1: number; c: number; l2: number; l3: number; base: number; until: number }
  | { k: "settle"; until: number };

export interface Figure8Options {
  /** First tick at which a round may start. */
  startAt: number;
  /** Ticks L1 keeps taking proposals it cannot commit (steps 1-2). */
  accumulateTicks: number;
  /** Ticks the last partition lasts before the network heals; as many again before the next round. */
  settleTicks: number;
  /** Give up waiting for an election or a commit after this many ticks, and move on. */
  patience: number;
}

export const FIGURE8_DEFAULTS: Figure8Options = {
  startAt: 30,
  accumulateTicks: 30,
  settleTicks: 60,
  patience: 80,
};

export class Figure8Nemesis {
  private phase: Phase;
  /** Rounds that reached step 4, and how many of them on a commit (not on patience). */
  rounds = 0;
  onCommit = 0;

  constructor(
    private readonly host: Figure8Host,
    private readonly o: Figure8Options = FIGURE8_DEFAULTS,
  ) {
    this.phase = { k: "idle", from: o.startAt };
  }

  /** The leader with the highest term above `aboveTerm` among `among`, if any. */
  private leaderAmong(among: readonly number[], aboveTerm: number): number | undefined {
    let best: number | undefined;
    let bestTerm = aboveTerm;
    for (const id of among) {
      const r = this.host.look(id);
      if (r !== undefined && r.state === StateType.Leader && r.term > bestTerm) {
        best = id;
        bestTerm = r.term;
      }
    }
    return best;
  }

  private settle(): void {
    this.phase = { k: "settle", until: this.host.clock() + this.o.settleTicks };
  }

  /** Step 4: cut L3 off with one companion, leaving L2 with the other two. */
  private cut(p: Extract<Phase, { k: "watch" }>): void {
    const h = this.host;
    const pair = [p.l1, p.c].includes(p.l3) ? [p.l1, p.c] : [p.l3, p.l1];
    const rest = h.ids.filter((x) => !pair.includes(x));
    h.partition([pair, rest]);
    this.rounds++;
    this.settle();
  }

  /** Once per tick, before deliveries: the moves that wait for time to pass. */
  onTick(): void {
    const h = this.host;
    const now = h.clock();
    const p = this.phase;
    switch (p.k) {
      case "idle": {
        if (now < p.from) return;
        const l1 = this.leaderAmong(h.ids, 0);
        if (l1 === undefined) return;
        const others = h.ids.filter((x) => x !== l1);
        const c = h.rng.pick(others);
        h.partition([[l1, c], others.filter((x) => x !== c)]);
        this.phase = { k: "awaitL2", l1, c, term: h.look(l1)!.term, until: now + this.o.patience };
        return;
      }
      case "awaitL2":
      case "awaitL3":
        if (now >= p.until) {
          h.heal();
          this.settle();
        }
        return;
      case "accumulate": {
        // Wait until L2 holds an entry of its own term (its no-op, or a client's
        // proposal), else its log cannot beat the others' in step 4.
        const l2 = h.look(p.l2);
        const ready = l2 !== undefined && l2.lastTerm > p.term;
        if (now < p.from || (!ready && now < p.until)) return;
        const base = Math.max(0, ...h.ids.map((id) => h.look(id)?.committed ?? 0));
        h.partition([h.ids.filter((x) => x !== p.l2), [p.l2]]);
        this.phase = { k: "awaitL3", l1: p.l1, c: p.c, l2: p.l2, base, until: now + this.o.patience };
        return;
      }
      case "watch":
        if (now >= p.until) this.cut(p);
        return;
      case "settle":
        if (now < p.until) return;
        h.heal();
        this.phase = { k: "idle", from: now + this.o.settleTicks };
        return;
    }
  }

  /**
   * After every event: the moves that must happen at the very event an
   * election ends or a commit index moves (before any message it causes is
   * delivered).
   */
  afterEvent(): void {
    const h = this.host;
    const now = h.clock();
    const p = this.phase;
    if (p.k === "awaitL2") {
      const side = h.ids.filter((x) => x !== p.l1 && x !== p.c);
      const l2 = this.leaderAmong(side, p.term);
      if (l2 === undefined) return;
      h.partition([[p.l1, p.c], [l2], side.filter((x) => x !== l2)]);
      this.phase = {
        k: "accumulate",
        l1: p.l1,
        c: p.c,
        l2,
        term: p.term,
        from: now + this.o.accumulateTicks,
        until: now + this.o.accumulateTicks + this.o.patience,
      };
    } else if (p.k === "awaitL3") {
      const l2Term = h.look(p.l2)?.term ?? 0;
      const l3 = this.leaderAmong(
        h.ids.filter((x) => x !== p.l2),
        l2Term,
      );
      if (l3 === undefined) return;
      this.phase = { ...p, k: "watch", l3, until: now + this.o.patience };
    } else if (p.k === "watch") {
      const l3 = h.look(p.l3);
      if (l3 === undefined || l3.state !== StateType.Leader || l3.committed <= p.base) return;
      this.onCommit++;
      this.cut(p);
    }
  }
}
