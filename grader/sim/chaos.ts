// `make chaos`: runs many seeds of the fault scenarios and reports every
// invariant violation. Usage (through make, or `npx tsx grader/sim/chaos.ts`):
//   --seeds N       number of seeds (default 1000); seeds are START, START+1, ...
//   --start S       first seed (default 1)
//   --stage 2a|2b|2c|all   which stage's scenarios (default all); seeds rotate over them
//   --scenario ID   one scenario only (e.g. 2B-F2)
//   --seed N        run exactly this seed (of --scenario) and always write its trace
//   --max-traces K  write traces for at most K failing seeds (default 5)
// Exit status: 0 when no seed broke an invariant, 1 otherwise, 2 on bad arguments.

import { InvariantViolation } from "./invariants";
import { failureReport, rerunCommand, saveTrace } from "./run";
import { SCENARIOS, Scenario, scenarioById, scenariosOf } from "./scenarios";
import { simulate } from "./sim";

interface Args {
  seeds: number;
  start: number;
  stage: string;
  scenario?: string;
  seed?: number;
  maxTraces: number;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const a: Args = { seeds: 1000, start: 1, stage: "all", maxTraces: 5 };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isSafeInteger(n) || n < 0) {
      throw new UsageError(`${flag} needs a non-negative whole number, got ${JSON.stringify(v)}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    const v = argv[i + 1];
    switch (f) {
      case "--seeds":
        a.seeds = num(f, v);
        i++;
        break;
      case "--start":
        a.start = num(f, v);
        i++;
        break;
      case "--stage":
        if (v === undefined) throw new UsageError("--stage needs a value: 2a, 2b, 2c or all");
        a.stage = v.toLowerCase();
        i++;
        break;
      case "--scenario":
        if (v === undefined) throw new UsageError("--scenario needs an id such as 2B-F2");
        a.scenario = v;
        i++;
        break;
      case "--seed":
        a.seed = num(f, v);
        i++;
        break;
      case "--max-traces":
        a.maxTraces = num(f, v);
        i++;
        break;
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(f)}`);
    }
  }
  return a;
}

function pickScenarios(a: Args): Scenario[] {
  if (a.scenario !== undefined) return [scenarioById(a.scenario)];
  if (a.stage === "all") return SCENARIOS;
  return scenariosOf(a.stage);
}

function main(argv: string[]): number {
  let a: Args;
  let list: Scenario[];
  try {
    a = parseArgs(argv);
    list = pickScenarios(a);
    if (a.seed !== undefined && list.length !== 1) {
      throw new UsageError(
        "--seed needs --scenario (SCENARIO=<id> with make), e.g. SCENARIO=2B-F2 SEED=5003",
      );
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof RangeError) {
      process.stderr.write(`chaos: ${e.message}\n`);
      return 2;
    }
    throw e;
  }

  if (a.seed !== undefined) {
    const s = list[0];
    const r = simulate(a.seed, s.profile, s.id, rerunCommand(s.id, a.seed));
    const files = saveTrace(s.id, r);
    if (r.violation === undefined) {
      process.stdout.write(
        `${s.id} seed ${a.seed}: no invariant broken (${r.stats.ticks} ticks, ${r.stats.events} events)\n` +
          `Trace: ${files.html} and ${files.jsonl}\n`,
      );
      return 0;
    }
    process.stdout.write(failureReport(s.id, r, files) + "\n");
    return 1;
  }

  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  const failures: { id: string; seed: number; v: InvariantViolation }[] = [];
  const perScenario = new Map<string, { runs: number; fails: number }>();
  let ticks = 0;
  let events = 0;
  let undecided = 0;
  let traces = 0;
  let lastPrint = 0;
  for (let k = 0; k < a.seeds; k++) {
    const seed = a.start + k;
    const s = list[k % list.length];
    const r = simulate(seed, s.profile, s.id, rerunCommand(s.id, seed));
    ticks += r.stats.ticks;
    events += r.stats.events;
    undecided += r.stats.linearizabilityUndecided;
    const agg = perScenario.get(s.id) ?? { runs: 0, fails: 0 };
    agg.runs++;
    if (r.violation !== undefined) {
      agg.fails++;
      failures.push({ id: s.id, seed, v: r.violation });
      const files = traces < a.maxTraces ? saveTrace(s.id, r) : undefined;
      if (files !== undefined) traces++;
      process.stderr.write((tty ? "\r\x1b[K" : "") + failureReport(s.id, r, files) + "\n");
    }
    perScenario.set(s.id, agg);
    const now = Date.now();
    const done = k + 1;
    if (done === a.seeds || now - lastPrint >= (tty ? 200 : 10_000)) {
      lastPrint = now;
      const secs = (now - started) / 1000;
      const line =
        `chaos: ${done}/${a.seeds} seeds, ${failures.length} with violations, ` +
        `${secs.toFixed(1)} s, ${(done / Math.max(secs, 1e-3)).toFixed(1)} seeds/s`;
      process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    }
  }
  if (tty) process.stderr.write("\n");
  const secs = (Date.now() - started) / 1000;
  const out: string[] = [];
  out.push(`chaos summary: ${a.seeds} seeds (${a.start}..${a.start + a.seeds - 1}) in ${secs.toFixed(1)} s`);
  out.push(`  simulated ${ticks} ticks, ${events} events checked`);
  if (undecided > 0) {
    out.push(
      `  linearizability undecided (search budget ran out) in ${undecided} runs: those histories were not checked`,
    );
  }
  for (const [id, agg] of perScenario) out.push(`  ${id}: ${agg.runs} runs, ${agg.fails} with violations`);
  if (failures.length === 0) {
    out.push("  no invariant was violated");
  } else {
    const byInv = new Map<string, number>();
    for (const f of failures) byInv.set(f.v.invariant, (byInv.get(f.v.invariant) ?? 0) + 1);
    for (const [inv, n] of byInv) out.push(`  ${inv}: ${n} seeds`);
    out.push(
      `  first failing seeds: ${failures
        .slice(0, 10)
        .map((f) => `${f.id}/${f.seed}`)
        .join(", ")}`,
    );
  }
  process.stdout.write(out.join("\n") + "\n");
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
