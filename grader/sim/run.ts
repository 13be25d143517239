// Runs a fault scenario over its seeds, for the graded fault tests: stops at
// the first seed that breaks an invariant, writes its trace (JSON lines and an
// HTML page) and fails with the seed, the broken invariant in Raft terms, a
// command that reruns exactly that seed, and the paths of the trace files.

import * as path from "node:path";
import { GradeFailure } from "../harness/assert";
import { DEFAULT_SEED, baseSeed, testSeed } from "../harness/rng";
import { Scenario, scenarioById } from "./scenarios";
import { SimResult, simulate } from "./sim";
import { TraceFiles, writeTrace } from "./trace";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Where failing runs write their traces: $RAFTLAB_TRACE_DIR or .raftlab/traces. */
export function traceDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.RAFTLAB_TRACE_DIR;
  return dir !== undefined && dir !== "" ? path.resolve(dir) : path.join(REPO_ROOT, ".raftlab", "traces");
}

/** The command that reruns one seed of one scenario and writes its trace. */
export function rerunCommand(id: string, seed: number, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.RAFTLAB_RAFT_DIR;
  const prefix = dir !== undefined && dir !== "" ? `RAFTLAB_RAFT_DIR=${dir} ` : "";
  return `${prefix}make chaos SCENARIO=${id} SEED=${seed}`;
}

/**
 * The seeds a graded fault test runs: the scenario's fixed list with the
 * default RAFTLAB_SEED, else as many seeds derived from RAFTLAB_SEED (so the
 * grader's repeated-runs mode explores new seeds).
 */
export function gradedSeeds(s: Scenario, env: NodeJS.ProcessEnv = process.env): number[] {
  const base = baseSeed(env);
  if (base === DEFAULT_SEED) return s.seeds;
  return s.seeds.map((_, i) => testSeed(base, `${s.id}:${i}`) % 1_000_000_000);
}

/** Writes the trace of a finished run under traceDir() and returns the file paths. */
export function saveTrace(id: string, r: SimResult): TraceFiles {
  return writeTrace(traceDir(), `${id}-seed${r.seed}`, r.trace.events);
}

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r.startsWith("..") ? p : r;
}

/** The failure report of a run that broke an invariant. */
export function failureReport(
  id: string,
  r: SimResult,
  files: TraceFiles | undefined,
  k?: [number, number],
): string {
  const v = r.violation!;
  const which = k === undefined ? "" : ` (seed ${k[0]} of ${k[1]})`;
  return [
    `${id}: seed ${r.seed}${which} broke "${v.invariant}" at tick ${v.tick}:`,
    `  ${v.detail}`,
    `Rerun this seed: ${rerunCommand(id, r.seed)}`,
    files === undefined
      ? "Trace: not written"
      : `Trace: ${rel(files.html)} (open it in a browser) and ${rel(files.jsonl)} (JSON lines)`,
  ].join("\n");
}

/** Runs every seed of the scenario; throws a GradeFailure at the first violation. */
export function runScenario(id: string, env: NodeJS.ProcessEnv = process.env): void {
  const s = scenarioById(id);
  const list = gradedSeeds(s, env);
  list.forEach((seed, i) => {
    const r = simulate(seed, s.profile, id, rerunCommand(id, seed));
    if (r.violation !== undefined) {
      throw new GradeFailure(failureReport(id, r, saveTrace(id, r), [i + 1, list.length]));
    }
  });
}
