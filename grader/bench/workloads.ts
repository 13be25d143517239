// The measured workloads. Each runs in its own process (see worker.ts), so
// that one run's garbage, JIT state and peak memory do not leak into another.

import { SCENARIOS, Scenario } from "../sim/scenarios";
import { simulate } from "../sim/sim";
import { BenchCluster, BenchError, Codec } from "./cluster";

export interface ThroughputParams {
  kind: "throughput";
  size: number;
  codec: Codec;
  /** Entries to commit in the timed part. */
  entries: number;
  /** Proposals made before each Ready round (1: every proposal goes round the cluster alone). */
  batch: number;
  /** Bytes of data per entry. */
  payload: number;
  compactEvery: number;
  /** Entries committed before timing starts, so the JIT has compiled the hot paths. */
  warmup: number;
}

export interface ThroughputResult {
  seconds: number;
  /** Entries per second of wall time (depends on what else the machine runs). */
  entriesPerSecond: number;
  /** Entries per second of this process's CPU time (user + system): steadier on a busy machine. */
  entriesPerCpuSecond: number;
  messagesPerEntry: number;
  bytesPerEntry: number;
}

export interface MemoryParams {
  kind: "memory";
  size: number;
  entries: number;
  batch: number;
  payload: number;
  compactEvery: number;
  /** Sample memory every this many entries. */
  sampleEvery: number;
}

export interface MemoryResult {
  seconds: number;
  entriesPerSecond: number;
  /** Peak resident set size of the whole process (MB), from the OS. */
  peakRssMB: number;
  /** Peak live JS heap (MB), sampled after a forced GC every sampleEvery entries. */
  peakLiveHeapMB: number;
  /** Live heap (MB) after the run and a forced GC. */
  finalLiveHeapMB: number;
  /** The most entries any node held in memory at a sample point. */
  maxInMemoryLog: number;
}

export interface SimParams {
  kind: "sim";
  /** Seeds timed per fault scenario, the first ones of its list (0: all, as the graded fault tests run them). */
  seedsPerScenario: number;
  /** Seeds per scenario run untimed first, so the JIT has compiled the hot paths. */
  warmupSeeds: number;
}

export interface SimTicksResult {
  /** Simulated runs (one per scenario and seed) in the timed part. */
  runs: number;
  /** Simulated ticks, summed over the runs. */
  ticks: number;
  /** Ticks times the nodes of each run: how many node-ticks were simulated. */
  nodeTicks: number;
  seconds: number;
  cpuSeconds: number;
  nodeTicksPerSecond: number;
  nodeTicksPerCpuSecond: number;
  /** The scenarios run, e.g. ["2A-F1", ...]. */
  scenarios: string[];
}

export type Params = ThroughputParams | MemoryParams | SimParams;
export type WorkerResult = ThroughputResult | MemoryResult | SimTicksResult;

function payloadOf(bytes: number): Uint8Array {
  const b = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) b[i] = (i * 7) & 0xff;
  return b;
}

/** Proposes `count` entries at the leader, `batch` per Ready round; `each` runs after every round. */
function drive(
  c: BenchCluster,
  leader: number,
  count: number,
  batch: number,
  data: Uint8Array,
  each?: () => void,
): void {
  let done = 0;
  while (done < count) {
    const k = Math.min(batch, count - done);
    // A fresh copy per proposal, as an application would send: entries must not share one buffer,
    // or the memory figures would leave the payloads out.
    for (let i = 0; i < k; i++) c.propose(leader, data.slice());
    c.settle();
    done += k;
    if (each !== undefined) each();
  }
}

export function runThroughput(p: ThroughputParams): ThroughputResult {
  const c = new BenchCluster({ size: p.size, codec: p.codec, compactEvery: p.compactEvery });
  const leader = c.elect();
  const data = payloadOf(p.payload);
  drive(c, leader, p.warmup, p.batch, data);
  const startIndex = c.node(leader).rn.raft.raftLog.committed;
  const delivered0 = c.delivered;
  const bytes0 = c.bytes;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  drive(c, leader, p.entries, p.batch, data);
  const cpu = process.cpuUsage(cpu0);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const committed = c.node(leader).rn.raft.raftLog.committed - startIndex;
  if (committed !== p.entries) {
    throw new BenchError(`expected ${p.entries} entries committed, got ${committed}`);
  }
  c.checkAgreement(startIndex + p.entries);
  return {
    seconds,
    entriesPerSecond: p.entries / seconds,
    entriesPerCpuSecond: p.entries / cpuSeconds,
    messagesPerEntry: (c.delivered - delivered0) / p.entries,
    bytesPerEntry: (c.bytes - bytes0) / p.entries,
  };
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g === undefined) {
    throw new BenchError("the memory benchmark needs node --expose-gc (run it through `make bench`)");
  }
  g();
}

const MB = 1024 * 1024;

export function runMemory(p: MemoryParams): MemoryResult {
  const c = new BenchCluster({ size: p.size, codec: "object", compactEvery: p.compactEvery });
  const leader = c.elect();
  const data = payloadOf(p.payload);
  let peakLive = 0;
  let maxLog = 0;
  let sinceSample = 0;
  const t0 = process.hrtime.bigint();
  drive(c, leader, p.entries, p.batch, data, () => {
    sinceSample += p.batch;
    if (sinceSample >= p.sampleEvery) {
      sinceSample = 0;
      gc();
      peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
      maxLog = Math.max(maxLog, ...c.memoryLogSizes());
    }
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  c.checkAgreement(p.entries);
  gc();
  const finalLive = process.memoryUsage().heapUsed;
  return {
    seconds,
    entriesPerSecond: p.entries / seconds,
    peakRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
    peakLiveHeapMB: peakLive / MB,
    finalLiveHeapMB: finalLive / MB,
    maxInMemoryLog: maxLog,
  };
}

/** One scenario's seeds to time: the first `perScenario` of its list, or all of them for 0. */
export function seedsToTime(s: Scenario, perScenario: number): number[] {
  return perScenario === 0 ? s.seeds : s.seeds.slice(0, perScenario);
}

/** Node-ticks of a set of runs: each run's ticks times its number of nodes. */
export function nodeTicks(runs: readonly { ticks: number; nodes: number }[]): number {
  let sum = 0;
  for (const r of runs) sum += r.ticks * r.nodes;
  return sum;
}

/**
 * Runs the fault simulator over the scenarios' seeds with tracing off (as `make chaos` does for
 * passing seeds), timing wall and CPU time. A seed that breaks an invariant stops the benchmark:
 * it ends its run early, so its speed would mean nothing.
 */
export function runSim(p: SimParams, scenarios: readonly Scenario[] = SCENARIOS): SimTicksResult {
  const one = (s: Scenario, seed: number): { ticks: number; nodes: number } => {
    const r = simulate(seed, s.profile, s.id, "", false);
    if (r.violation !== undefined) {
      throw new BenchError(
        `${s.id} seed ${seed} broke "${r.violation.invariant}" at tick ${r.violation.tick}; rerun: make chaos SCENARIO=${s.id} SEED=${seed}`,
      );
    }
    return { ticks: r.stats.ticks, nodes: s.profile.nodes };
  };
  for (const s of scenarios) for (const seed of s.seeds.slice(0, p.warmupSeeds)) one(s, seed);
  const done: { ticks: number; nodes: number }[] = [];
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for (const s of scenarios) for (const seed of seedsToTime(s, p.seedsPerScenario)) done.push(one(s, seed));
  const cpu = process.cpuUsage(cpu0);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const total = nodeTicks(done);
  return {
    runs: done.length,
    ticks: done.reduce((a, r) => a + r.ticks, 0),
    nodeTicks: total,
    seconds,
    cpuSeconds,
    nodeTicksPerSecond: total / seconds,
    nodeTicksPerCpuSecond: total / cpuSeconds,
    scenarios: scenarios.map((s) => s.id),
  };
}
