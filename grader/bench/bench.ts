// `make bench`: how fast and how big the reference implementation is.
//
//   npx tsx grader/bench/bench.ts [--runs N] [--quick] [--only NAME[,NAME]] [--out FILE]
//
// Every run of every library benchmark is a fresh Node process
// (grader/bench/worker.ts), so runs do not share JIT state, garbage or peak
// memory; the grading benchmarks (hooks.ts) time whole `make grade` runs. The
// table shows the median of the runs and their spread; the results file
// (default bench/results.json) has every sample, the parameters, the machine
// and its load. RAFTLAB_RAFT_DIR=<dir> benchmarks another implementation folder.
// Timings belong here, never in tests.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HOOKS, HookContext, gradeRuns } from "./hooks";
import { Summary, summarize } from "./stats";
import {
  MemoryParams,
  MemoryResult,
  Params,
  SimTicksResult,
  ThroughputParams,
  ThroughputResult,
  WorkerResult,
} from "./workloads";

const REPO = path.resolve(__dirname, "..", "..");

interface Args {
  runs: number;
  quick: boolean;
  only?: Set<string>;
  out: string;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 5, quick: false, out: path.join(REPO, "bench", "results.json") };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    const v = argv[i + 1];
    if (f === "--quick") {
      args.quick = true;
    } else if (f === "--runs" && v !== undefined) {
      args.runs = Number(v);
      if (!Number.isInteger(args.runs) || args.runs < 1)
        throw new UsageError(`--runs needs a whole number >= 1, got ${v}`);
      i++;
    } else if (f === "--only" && v !== undefined) {
      args.only = new Set(
        v
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== ""),
      );
      i++;
    } else if (f === "--out" && v !== undefined) {
      args.out = path.resolve(v);
      i++;
    } else if (f !== "") {
      throw new UsageError(`unknown argument ${f}; use --runs N, --quick, --only NAME[,NAME], --out FILE`);
    }
  }
  return args;
}

interface Metric {
  key: string;
  unit: string;
  read: (r: WorkerResult) => number;
}

/** Metrics that read one kind of result (the bench that lists them runs the matching workload). */
function metricsOf<R extends WorkerResult>(
  list: { key: string; unit: string; read: (r: R) => number }[],
): Metric[] {
  return list.map((m) => ({ key: m.key, unit: m.unit, read: (r) => m.read(r as R) }));
}

/** A named workload run in a worker process, and the metrics read from each run. */
interface Bench {
  name: string;
  what: string;
  params: Params;
  metrics: Metric[];
}

function benches(quick: boolean): Bench[] {
  const entries = quick ? 3_000 : 20_000;
  const tp = (size: number, codec: "object" | "proto", batch: number): ThroughputParams => ({
    kind: "throughput",
    size,
    codec,
    entries,
    batch,
    payload: 64,
    compactEvery: 1_000,
    warmup: quick ? 500 : 2_000,
  });
  const throughputMetrics = metricsOf<ThroughputResult>([
    { key: "commits per CPU second", unit: "entries/s", read: (r) => r.entriesPerCpuSecond },
    { key: "commits per wall second", unit: "entries/s", read: (r) => r.entriesPerSecond },
    { key: "messages/entry", unit: "msgs", read: (r) => r.messagesPerEntry },
  ]);
  const protoMetrics = [
    ...throughputMetrics,
    ...metricsOf<ThroughputResult>([{ key: "wire bytes/entry", unit: "B", read: (r) => r.bytesPerEntry }]),
  ];
  const mem: MemoryParams = {
    kind: "memory",
    size: 3,
    entries: quick ? 100_000 : 1_000_000,
    batch: 8,
    payload: 64,
    compactEvery: 10_000,
    sampleEvery: quick ? 10_000 : 50_000,
  };
  const list: Bench[] = [];
  for (const size of [3, 5]) {
    for (const codec of ["object", "proto"] as const) {
      list.push({
        name: `commit-${size}n-${codec}`,
        what: `${size} nodes, Ready loop, messages as ${codec === "object" ? "objects" : "protobuf bytes"}, one proposal per round`,
        params: tp(size, codec, 1),
        metrics: codec === "proto" ? protoMetrics : throughputMetrics,
      });
    }
  }
  list.push({
    name: "commit-3n-object-batch8",
    what: "3 nodes, objects, 8 proposals per Ready round",
    params: tp(3, "object", 8),
    metrics: throughputMetrics,
  });
  list.push({
    name: `memory-${quick ? "100k" : "1m"}`,
    what: `3 nodes, ${mem.entries.toLocaleString("en")} entries of 64 B, storage compacted every ${mem.compactEvery.toLocaleString("en")}`,
    params: mem,
    metrics: metricsOf<MemoryResult>([
      { key: "peak RSS", unit: "MB", read: (r) => r.peakRssMB },
      { key: "peak live heap", unit: "MB", read: (r) => r.peakLiveHeapMB },
      { key: "max in-memory log", unit: "entries", read: (r) => r.maxInMemoryLog },
      { key: "entries/s", unit: "entries/s", read: (r) => r.entriesPerSecond },
    ]),
  });
  list.push({
    name: "sim-ticks-per-second",
    what: quick
      ? "fault simulator (grader/sim), trace off, the first 2 seeds of every fault scenario"
      : "fault simulator (grader/sim), trace off, every seed of every fault scenario (the graded fault tests' seeds)",
    params: { kind: "sim", seedsPerScenario: quick ? 2 : 0, warmupSeeds: 1 },
    metrics: metricsOf<SimTicksResult>([
      { key: "node-ticks per CPU second", unit: "node-ticks/s", read: (r) => r.nodeTicksPerCpuSecond },
      { key: "node-ticks per wall second", unit: "node-ticks/s", read: (r) => r.nodeTicksPerSecond },
      { key: "node-ticks simulated", unit: "node-ticks", read: (r) => r.nodeTicks },
    ]),
  });
  return list;
}

function raftDir(): string {
  const d = process.env.RAFTLAB_RAFT_DIR;
  return d !== undefined && d !== "" ? path.resolve(d) : path.join(REPO, "raft");
}

/** A tsconfig that points @raft/* at another folder, for tsx (like `make chaos`). */
function tsconfigFor(dir: string): string | undefined {
  if (dir === path.join(REPO, "raft")) return undefined;
  const file = path.join(REPO, ".raftlab", "bench.tsconfig.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const cfg = {
    extends: path.join(REPO, "tsconfig.json"),
    compilerOptions: { paths: { "@raft/*": [`${dir}/*`] } },
  };
  fs.writeFileSync(file, `${JSON.stringify(cfg)}\n`);
  return file;
}

function runWorker(params: Params, tsconfig: string | undefined): WorkerResult {
  const worker = path.join(__dirname, "worker.ts");
  const env = { ...process.env };
  if (tsconfig !== undefined) env.TSX_TSCONFIG_PATH = tsconfig;
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", worker, JSON.stringify(params)], {
    cwd: REPO,
    env,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(`benchmark worker failed (exit ${r.status ?? r.signal}):\n${r.stderr}`);
  }
  const line = r.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as WorkerResult;
}

interface Row {
  name: string;
  metric: string;
  unit: string;
  what: string;
  summary: Summary;
  samples: number[];
  note?: string;
  /** The 1-minute load average when this benchmark started (other programs skew the wall times). */
  loadAtStart: number;
}

function fmtNum(n: number): string {
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString("en");
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

function printTable(rows: Row[], out: string): void {
  const head = ["benchmark", "metric", "median", "min .. max", "spread", "runs"];
  const body = rows.map((r) => [
    r.name,
    `${r.metric} (${r.unit})`,
    fmtNum(r.summary.median),
    `${fmtNum(r.summary.min)} .. ${fmtNum(r.summary.max)}`,
    `${r.summary.spreadPct.toFixed(1)}%`,
    String(r.summary.runs),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const b of body) console.log(line(b));
  const notes = rows.filter((r, i) => r.note !== undefined && rows.findIndex((x) => x.name === r.name) === i);
  if (notes.length > 0) console.log("");
  for (const r of notes) console.log(`${r.name}: ${r.note}`);
  console.log(`\nAll samples, parameters and the machine: ${path.relative(process.cwd(), out) || out}`);
}

function gitCommit(): string | undefined {
  const r = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const selected = (name: string): boolean => args.only === undefined || args.only.has(name);
  const known = [...benches(args.quick).map((b) => b.name), ...HOOKS.map((h) => h.name)];
  const unknown = [...(args.only ?? [])].filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new UsageError(`unknown benchmark ${unknown.join(", ")}; known: ${known.join(", ")}`);
  }
  const dir = raftDir();
  const tsconfig = tsconfigFor(dir);
  const rows: Row[] = [];
  const started = Date.now();
  const loadAtStart = os.loadavg();
  // The commit benchmarked: HEAD when the run starts (others may commit while it runs).
  const commit = gitCommit();
  const progress = (text: string): void => {
    if (process.stderr.isTTY) process.stderr.write(`${text.padEnd(60)}\r`);
  };
  for (const b of benches(args.quick)) {
    if (!selected(b.name)) continue;
    const load = os.loadavg()[0];
    const runs: WorkerResult[] = [];
    for (let i = 0; i < args.runs; i++) {
      progress(`bench ${b.name}: run ${i + 1}/${args.runs}`);
      runs.push(runWorker(b.params, tsconfig));
    }
    progress("");
    for (const m of b.metrics) {
      const samples = runs.map(m.read);
      rows.push({
        name: b.name,
        metric: m.key,
        unit: m.unit,
        what: b.what,
        summary: summarize(samples),
        samples,
        loadAtStart: load,
      });
    }
  }
  const ctx: HookContext = { runs: args.runs, quick: args.quick, repo: REPO, raftDir: dir };
  for (const h of HOOKS) {
    if (!selected(h.name)) continue;
    progress(`bench ${h.name}`);
    const load = os.loadavg()[0];
    const result = h.measure(ctx);
    progress("");
    for (const m of h.metrics) {
      const samples = result.samples[m.key];
      if (samples === undefined || samples.length === 0) {
        throw new Error(`benchmark ${h.name} returned no samples of "${m.key}"`);
      }
      rows.push({
        name: h.name,
        metric: m.key,
        unit: m.unit,
        what: h.what,
        summary: summarize(samples),
        samples,
        note: result.note,
        loadAtStart: load,
      });
    }
  }
  const cpus = os.cpus();
  const results = {
    date: new Date().toISOString(),
    commit,
    raftDir: path.relative(REPO, dir) || ".",
    quick: args.quick,
    runsPerBenchmark: args.runs,
    wallSeconds: (Date.now() - started) / 1000,
    machine: {
      cpu: cpus[0]?.model ?? "unknown",
      cores: cpus.length,
      memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      /** 1-, 5- and 15-minute load averages when the benchmarks started and when they ended. */
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: os.loadavg(),
    },
    benchmarks: [
      ...benches(args.quick)
        .filter((b) => selected(b.name))
        .map((b) => ({ name: b.name, what: b.what, params: b.params })),
      ...HOOKS.filter((h) => selected(h.name)).map((h) => ({
        name: h.name,
        what: h.what,
        params: { runs: gradeRuns(ctx), raftDir: dir },
      })),
    ],
    rows,
  };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
  printTable(rows, args.out);
  const load = (l: number[]): string => l.map((x) => x.toFixed(2)).join(" ");
  console.log(
    `Machine: ${results.machine.cores} x ${results.machine.cpu}, Node ${process.version}; ` +
      `load average ${load(loadAtStart)} at the start, ${load(results.machine.loadAverageAtEnd)} at the end`,
  );
}

try {
  main();
} catch (e) {
  console.error(e instanceof UsageError ? `bench: ${e.message}` : e);
  process.exit(e instanceof UsageError ? 2 : 1);
}
