import { Scenario, scenarioById } from "../sim/scenarios";
import { RELIABLE } from "../sim/network";
import { simulate } from "../sim/sim";
import { nodeTicks, runSim, seedsToTime } from "./workloads";

// A real election scenario's faults, without its scripted steps, on 3 and on 5 nodes (quick to simulate).
const elections = scenarioById("2A-F1");
const three: Scenario = {
  ...elections,
  id: "T-1",
  seeds: [11, 12, 13],
  profile: { ...elections.profile, nodes: 3, script: undefined },
};
const five: Scenario = { ...three, id: "T-2", seeds: [21], profile: { ...three.profile, nodes: 5 } };

describe("simulator benchmark", () => {
  test("node-ticks: each run's ticks times its nodes, summed", () => {
    expect(nodeTicks([])).toBe(0);
    expect(
      nodeTicks([
        { ticks: 100, nodes: 3 },
        { ticks: 40, nodes: 5 },
      ]),
    ).toBe(500);
  });

  test("seeds: all of a scenario's for 0, else the first ones", () => {
    expect(seedsToTime(three, 0)).toEqual([11, 12, 13]);
    expect(seedsToTime(three, 2)).toEqual([11, 12]);
    expect(seedsToTime(three, 9)).toEqual([11, 12, 13]);
  });

  test("counts the simulated node-ticks of the timed seeds only", () => {
    const r = runSim({ kind: "sim", seedsPerScenario: 2, warmupSeeds: 1 }, [three, five]);
    const ticks = (s: Scenario, seed: number): number =>
      simulate(seed, s.profile, s.id, "", false).stats.ticks;
    const expected = ticks(three, 11) * 3 + ticks(three, 12) * 3 + ticks(five, 21) * 5;
    expect(r.runs).toBe(3);
    expect(r.nodeTicks).toBe(expected);
    expect(r.ticks).toBe(ticks(three, 11) + ticks(three, 12) + ticks(five, 21));
    expect(r.scenarios).toEqual(["T-1", "T-2"]);
    expect(r.nodeTicksPerCpuSecond).toBeCloseTo(r.nodeTicks / r.cpuSeconds);
  });

  test("a seed that breaks an invariant stops the benchmark with its rerun command", () => {
    // The leader is cut off and a new one is expected 1 tick later: far sooner than an election takes.
    const script = [
      { at: 50, do: "isolateLeader" as const },
      { at: 50, do: "expectNewLeader" as const, within: 1 },
    ];
    const broken: Scenario = {
      ...three,
      id: "T-3",
      profile: { ...three.profile, link: RELIABLE, partition: 0, script },
    };
    expect(() => runSim({ kind: "sim", seedsPerScenario: 1, warmupSeeds: 0 }, [broken])).toThrow(
      /T-3 seed 11 broke .*make chaos SCENARIO=T-3 SEED=11/,
    );
  });
});
