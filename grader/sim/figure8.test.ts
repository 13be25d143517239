// Tests of the Figure 8 nemesis: the moves it makes on a scripted cluster,
// and on the reference that it really reaches step 4 at a commit (so 2B-F4
// tests what it claims) without ever breaking a correct implementation.

import { StateType } from "@raft/raft";
import { Rng } from "../harness/rng";
import { FIGURE8_DEFAULTS, Figure8Host, Figure8Nemesis, NodeLook } from "./figure8";
import { scenarioById } from "./scenarios";
import { Simulator } from "./sim";

/** A cluster whose roles and logs the test sets by hand. */
class FakeCluster implements Figure8Host {
  now = 0;
  readonly rng = new Rng(1);
  readonly ids = [1, 2, 3, 4, 5];
  nodes = new Map<number, NodeLook>();
  cuts: number[][][] = [];
  heals = 0;

  constructor() {
    for (const id of this.ids) this.set(id, {});
  }

  set(id: number, look: Partial<NodeLook>): void {
    const old = this.nodes.get(id) ?? {
      state: StateType.Follower,
      term: 1,
      lastIndex: 1,
      lastTerm: 1,
      committed: 1,
    };
    this.nodes.set(id, { ...old, ...look });
  }

  clock(): number {
    return this.now;
  }
  look(id: number): NodeLook | undefined {
    return this.nodes.get(id);
  }
  partition(groups: number[][]): void {
    this.cuts.push(groups.map((g) => [...g].sort()));
  }
  heal(): void {
    this.heals++;
  }
}

function tickUntil(c: FakeCluster, n: Figure8Nemesis, t: number): void {
  while (c.now < t) {
    c.now++;
    n.onTick();
    n.afterEvent();
  }
}

describe("Figure 8 nemesis moves", () => {
  test("cuts L1 with a companion, isolates L2 at its election, rejoins, and cuts L3 at its first commit", () => {
    const c = new FakeCluster();
    const n = new Figure8Nemesis(c, FIGURE8_DEFAULTS);
    c.set(1, { state: StateType.Leader });
    tickUntil(c, n, FIGURE8_DEFAULTS.startAt);
    expect(c.cuts).toHaveLength(1);
    const [pair, rest] = c.cuts[0];
    expect(pair).toContain(1);
    expect(pair).toHaveLength(2);
    expect(rest).toHaveLength(3);

    // L2 is elected on the majority side: isolated at that very event.
    const l2 = rest[0];
    c.set(l2, { state: StateType.Leader, term: 2, lastIndex: 2, lastTerm: 2 });
    n.afterEvent();
    expect(c.cuts).toHaveLength(2);
    expect(c.cuts[1]).toEqual([pair, [l2], rest.slice(1)]);

    // After accumulateTicks (L2 holds an entry of its own term), all but L2 are joined.
    tickUntil(c, n, c.now + FIGURE8_DEFAULTS.accumulateTicks + 1);
    expect(c.cuts).toHaveLength(3);
    expect(c.cuts[2]).toEqual([c.ids.filter((x) => x !== l2), [l2]]);

    // L3 (L1 again, at a higher term) is elected; nothing happens until its commit moves.
    c.set(1, { state: StateType.Leader, term: 3 });
    n.afterEvent();
    tickUntil(c, n, c.now + 5);
    expect(c.cuts).toHaveLength(3);
    c.set(1, { committed: 2 });
    n.afterEvent();
    expect(c.cuts).toHaveLength(4);
    expect(c.cuts[3]).toEqual([pair, [l2, ...rest.slice(1)].sort()]);
    expect(n.rounds).toBe(1);
    expect(n.onCommit).toBe(1);

    // Then the network heals and a new round may start.
    tickUntil(c, n, c.now + FIGURE8_DEFAULTS.settleTicks);
    expect(c.heals).toBe(1);
  });

  test("an election that never comes is given up after `patience` ticks", () => {
    const c = new FakeCluster();
    const n = new Figure8Nemesis(c, FIGURE8_DEFAULTS);
    c.set(3, { state: StateType.Leader });
    tickUntil(c, n, FIGURE8_DEFAULTS.startAt + FIGURE8_DEFAULTS.patience);
    expect(c.cuts).toHaveLength(1);
    expect(c.heals).toBe(1);
    expect(n.rounds).toBe(0);
  });
});

describe("Figure 8 nemesis on the reference", () => {
  test("2B-F4 reaches step 4 at a commit in every graded seed and breaks nothing", () => {
    const s = scenarioById("2B-F4");
    for (const seed of s.seeds) {
      const sim = new Simulator(seed, s.profile, s.id, "", false);
      const r = sim.run();
      expect({ seed, violation: r.violation?.message }).toEqual({ seed, violation: undefined });
      expect({ seed, atCommit: sim.figure8!.onCommit >= 1 }).toEqual({ seed, atCommit: true });
    }
  });

  test("a profile with figure8 and random partitions is refused", () => {
    const s = scenarioById("2B-F4");
    expect(() => new Simulator(1, { ...s.profile, partition: 0.1 })).toThrow(/figure8/);
  });
});
