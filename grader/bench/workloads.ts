// The measured workloads. Each runs in its own process (see worker.ts), so
// that one run's garbage, JIT state and peak memory do not leak into another.

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

export type Params = ThroughputParams | MemoryParams;

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
