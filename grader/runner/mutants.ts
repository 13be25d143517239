// The deliberate-bug self-test. Every mutant in grader/selftest/mutants/*.ts
// (files exporting MUTANTS) is applied to a fresh copy of the reference in a
// workspace, and only its mustFail tests are run there (only the test files
// that declare them); each of them must fail. The reference itself must pass
// every graded test of every stage. Mutants run in parallel (one Jest process
// each, same watchdog as `make grade`).

import * as fs from "fs";
import * as path from "path";
import { Mutant } from "../selftest/mutants/types";
import { Budgets, runStage } from "./stage-runner";
import { StagePlan, TestOutcome } from "./types";
import {
  REPO_ROOT,
  Workspace,
  WorkspaceError,
  applyPatch,
  createWorkspace,
  removeWorkspace,
} from "./workspace";

export const MUTANTS_DIR = path.join(REPO_ROOT, "grader", "selftest", "mutants");

export interface LoadedMutant extends Mutant {
  /** The file that declared it, e.g. "2a.ts". */
  source: string;
}

/** Loads MUTANTS from every *.ts of `dir` except types.ts; throws on a malformed list or a repeated id. */
export function loadMutants(dir = MUTANTS_DIR): LoadedMutant[] {
  const out: LoadedMutant[] = [];
  const seen = new Map<string, string>();
  for (const f of fs
    .readdirSync(dir)
    .filter((x) => x.endsWith(".ts") && x !== "types.ts" && !x.endsWith(".test.ts"))
    .sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, f)) as { MUTANTS?: unknown };
    if (mod.MUTANTS === undefined) continue;
    if (!Array.isArray(mod.MUTANTS)) throw new WorkspaceError(`${f}: MUTANTS is not an array`);
    for (const m of mod.MUTANTS as Mutant[]) {
      const ok =
        typeof m.id === "string" &&
        typeof m.bug === "string" &&
        typeof m.file === "string" &&
        typeof m.find === "string" &&
        typeof m.replace === "string" &&
        Array.isArray(m.mustFail) &&
        m.mustFail.every((x) => typeof x === "string") &&
        (m.with === undefined ||
          (Array.isArray(m.with) &&
            m.with.every(
              (p) =>
                typeof p.file === "string" && typeof p.find === "string" && typeof p.replace === "string",
            )));
      if (!ok)
        throw new WorkspaceError(
          `${f}: mutant ${JSON.stringify(m.id)} is malformed (needs id, bug, file, find, replace and mustFail; "with", if present, a list of {file, find, replace})`,
        );
      const prev = seen.get(m.id);
      if (prev !== undefined)
        throw new WorkspaceError(`mutant id "${m.id}" is used in both ${prev} and ${f}`);
      seen.set(m.id, f);
      out.push({ ...m, source: f });
    }
  }
  return out;
}

export interface MutantResult {
  mutant: LoadedMutant;
  status: "caught" | "missed" | "error";
  /** mustFail tests that passed with the bug. */
  missed: string[];
  /** Why the mutant could not be run (a bad patch, an unknown test id). */
  error?: string;
  outcomes: TestOutcome[];
  ms: number;
}

export interface MutantRunOptions {
  plans: readonly StagePlan[];
  budgets: Budgets;
  seed: number;
  /** Test id -> file that declares it (from the reference run), to load only the files needed. */
  fileOf?: ReadonlyMap<string, string>;
  /** Extra preparation of the workspace before the patch (the self-tests add a toy file). */
  prepare?: (ws: Workspace) => void;
  scratch: string;
  /**
   * Workspace slot: mutants run in the same slot reuse one workspace path, so
   * Jest's and ts-jest's caches (keyed by path and config) stay warm and only
   * the patched file is transpiled again. At most one mutant per slot at a time.
   */
  slot?: number;
}

/** Applies one mutant in its own workspace and checks that each of its mustFail tests fails. */
export async function runMutant(m: LoadedMutant, opts: MutantRunOptions): Promise<MutantResult> {
  const started = Date.now();
  const result = (status: MutantResult["status"], extra: Partial<MutantResult>): MutantResult => ({
    mutant: m,
    status,
    missed: [],
    outcomes: [],
    ms: Date.now() - started,
    ...extra,
  });
  const stageOf = new Map(opts.plans.flatMap((p) => p.tests.map((t) => [t.id, p] as const)));
  if (m.mustFail.length === 0)
    return result("error", { error: "mustFail is empty: name the graded tests that must catch this bug" });
  const unknown = m.mustFail.filter((id) => !stageOf.has(id));
  if (unknown.length > 0)
    return result("error", { error: `mustFail names tests that do not exist: ${unknown.join(", ")}` });
  let ws: Workspace | undefined;
  try {
    ws = createWorkspace(
      opts.slot !== undefined
        ? `mutant-slot-${opts.slot}`
        : `mutant-${m.id.replace(/[^A-Za-z0-9._-]/g, "_")}-${process.pid}`,
    );
    opts.prepare?.(ws);
    try {
      applyPatch(ws, { file: m.file, find: m.find, replace: m.replace }, `mutant ${m.id} (${m.source})`);
      for (const [i, p] of (m.with ?? []).entries()) {
        applyPatch(ws, p, `mutant ${m.id} (${m.source}), patch ${i + 2}`);
      }
    } catch (e) {
      return result("error", { error: (e as Error).message });
    }
    const outcomes: TestOutcome[] = [];
    const byStage = new Map<StagePlan, string[]>();
    for (const id of m.mustFail)
      byStage.set(stageOf.get(id)!, [...(byStage.get(stageOf.get(id)!) ?? []), id]);
    for (const [plan, ids] of byStage) {
      const files =
        opts.fileOf && ids.every((id) => opts.fileOf!.has(id))
          ? [...new Set(ids.map((id) => opts.fileOf!.get(id)!))]
          : undefined;
      const r = await runStage(plan, {
        raftDir: ws.raftDir,
        seed: opts.seed,
        budgets: opts.budgets,
        only: new Set(ids),
        files,
        scratch: path.join(opts.scratch, m.id),
      });
      outcomes.push(...r.outcomes);
    }
    const missed = outcomes.filter((o) => o.passed).map((o) => o.id);
    return result(missed.length === 0 ? "caught" : "missed", { missed, outcomes });
  } finally {
    if (ws !== undefined && opts.slot === undefined) removeWorkspace(ws);
  }
}

/** Runs tasks with at most `jobs` at a time, keeping their order in the result; each task gets its worker's number. */
export async function inParallel<T>(jobs: number, tasks: ((worker: number) => Promise<T>)[]): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (w: number): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i](w);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, tasks.length)) }, (_, w) => worker(w)));
  return results;
}
