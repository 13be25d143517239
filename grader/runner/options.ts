// Command-line options of the grader (`make grade` passes its variables as
// these flags) and test selection.

import * as fs from "fs";
import * as path from "path";
import { Budgets } from "./stage-runner";
import { StagePlan } from "./types";
import { REPO_ROOT } from "./workspace";

/** A bad command line or setting: the grader exits 2 with this message. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface GradeOptions {
  stages?: string[];
  test?: string;
  seed: number;
  runs: number;
  submission?: string;
  verbose: boolean;
  output: string;
  autograder: boolean;
  jobs: number;
  typecheck: boolean;
  /** A module exporting STAGE_PLANS (the grader's own tests use fixture stages). */
  stagesModule?: string;
  budgets: Budgets;
  color?: boolean;
  help: boolean;
}

export interface StaffConfig {
  defaultStages: string[];
  budgets: {
    perTestSeconds: number;
    perStageSeconds: number;
    startupSeconds: number;
    perFileLoadSeconds: number;
    memoryMb: number;
  };
}

export const CONFIG_FILE = path.join(REPO_ROOT, "grader", "runner", "grade.config.json");

export function loadConfig(file = CONFIG_FILE): StaffConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`cannot read the grader settings in ${file}: ${(e as Error).message}`);
  }
  const c = raw as Partial<StaffConfig>;
  const b = c.budgets;
  const num = (v: unknown): v is number => typeof v === "number" && v > 0;
  if (
    !Array.isArray(c.defaultStages) ||
    !c.defaultStages.every((s) => typeof s === "string") ||
    b === undefined ||
    !num(b.perTestSeconds) ||
    !num(b.perStageSeconds) ||
    !num(b.startupSeconds) ||
    !num(b.perFileLoadSeconds) ||
    !num(b.memoryMb)
  ) {
    throw new UsageError(
      `${file}: expected {"defaultStages": [...], "budgets": {perTestSeconds, perStageSeconds, startupSeconds, perFileLoadSeconds, memoryMb}}`,
    );
  }
  return c as StaffConfig;
}

export const USAGE = `Usage: make grade [STAGE=2a,2b] [TEST=<id or pattern>] [SEED=<n>] [RUNS=<n>]
                  [SUBMISSION=<dir>] [VERBOSE=1] [OUTPUT=<dir>] [AUTOGRADER=1]
   or: npx tsx grader/runner/cli.ts [options]

  --stage <ids>       stages to grade, comma-separated (default: the default stages;
                      3a, the extension, only when asked for or enabled by staff)
  --test <pattern>    only these tests: an id (2A-5), a glob (2A-1*, 2B-F*), several
                      separated by commas, or words from a title
  --seed <n>          base seed (default 1); each test's seed is derived from it and
                      the test's id, so TEST=<id> SEED=<n> reruns a test exactly
  --runs <n>          grade each test with seeds n, n+1, ... and report pass rates
  --submission <dir>  grade the student files (raft/raft.ts, raft/log.ts,
                      raft/rawnode.ts, new files under raft/) found in <dir>
  --verbose           show full failure messages and captured output
  --output <dir>      where results.json, junit.xml, classroom.json and summary.md
                      go (default .raftlab/results)
  --autograder        exit 0 whenever grading completed, whatever the score
  --jobs <n>          stages graded at the same time (default: 2, or 1 on one core)
  --no-typecheck      skip the tsc check of the graded files
  --budget-test <s>, --budget-load <s>, --budget-stage <s>, --memory <mb>
                      override the budgets of grader/runner/grade.config.json
Exit status: 0 all graded tests passed, 1 some failed, 2 the grader could not run.`;

function wholeNumber(flag: string, v: string | undefined, min: number): number {
  if (v === undefined || !/^\d+$/.test(v.trim()))
    throw new UsageError(`${flag} needs a whole number, got "${v ?? ""}"`);
  const n = Number(v.trim());
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} must be at least ${min}, got ${n}`);
  return n;
}

export function parseArgs(argv: readonly string[], config: StaffConfig, cpus: number): GradeOptions {
  const o: GradeOptions = {
    seed: 1,
    runs: 1,
    verbose: false,
    output: path.join(REPO_ROOT, ".raftlab", "results"),
    autograder: false,
    jobs: Math.max(1, Math.min(2, cpus)),
    typecheck: true,
    budgets: {
      perTestMs: config.budgets.perTestSeconds * 1000,
      perStageMs: config.budgets.perStageSeconds * 1000,
      startupMs: config.budgets.startupSeconds * 1000,
      loadMs: config.budgets.perFileLoadSeconds * 1000,
      memoryMb: config.budgets.memoryMb,
    },
    help: false,
  };
  const args = [...argv];
  while (args.length > 0) {
    let a = args.shift()!;
    let inline: string | undefined;
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) {
      inline = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const value = (): string => {
      const v = inline ?? args.shift();
      if (v === undefined || (inline === undefined && v.startsWith("--")))
        throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case "--stage":
      case "--stages":
        o.stages = [
          ...(o.stages ?? []),
          ...value()
            .split(/[\s,]+/)
            .filter((s) => s !== "")
            .map((s) => s.toLowerCase()),
        ];
        break;
      case "--test":
        o.test = value();
        break;
      case "--seed":
        o.seed = wholeNumber("--seed", value(), 0);
        break;
      case "--runs":
        o.runs = wholeNumber("--runs", value(), 1);
        break;
      case "--submission":
        o.submission = value();
        break;
      case "--verbose":
        o.verbose = true;
        break;
      case "--output":
        o.output = path.resolve(value());
        break;
      case "--autograder":
        o.autograder = true;
        break;
      case "--jobs":
        o.jobs = wholeNumber("--jobs", value(), 1);
        break;
      case "--no-typecheck":
        o.typecheck = false;
        break;
      case "--stages-module":
        o.stagesModule = path.resolve(value());
        break;
      case "--budget-test":
        o.budgets.perTestMs = wholeNumber("--budget-test", value(), 1) * 1000;
        break;
      case "--budget-load":
        o.budgets.loadMs = wholeNumber("--budget-load", value(), 1) * 1000;
        break;
      case "--budget-stage":
        o.budgets.perStageMs = wholeNumber("--budget-stage", value(), 1) * 1000;
        break;
      case "--memory":
        o.budgets.memoryMb = wholeNumber("--memory", value(), 64);
        break;
      case "--color":
        o.color = true;
        break;
      case "--no-color":
        o.color = false;
        break;
      case "--help":
      case "-h":
        o.help = true;
        break;
      default:
        throw new UsageError(`unknown option "${a}"\n${USAGE}`);
    }
  }
  return o;
}

function globToRegex(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

/** Which stages and tests to grade. `only` is undefined when every test of the chosen stages runs. */
export function selectTests(
  all: readonly StagePlan[],
  defaultStages: readonly string[],
  stages: readonly string[] | undefined,
  test: string | undefined,
): { plans: StagePlan[]; only?: Set<string> } {
  if (stages !== undefined) {
    for (const s of stages) {
      if (!all.some((p) => p.id === s))
        throw new UsageError(`unknown stage "${s}"; known stages: ${all.map((p) => p.id).join(", ")}`);
    }
  }
  let plans = all.filter((p) =>
    (stages ?? (test === undefined ? defaultStages : all.map((x) => x.id))).includes(p.id),
  );
  if (test === undefined) return { plans };
  const items = test
    .split(/[,|]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (items.length === 0) throw new UsageError("TEST is empty");
  const only = new Set<string>();
  for (const item of items) {
    const before = only.size;
    for (const p of plans) {
      for (const t of p.tests) {
        const exact = t.id.toLowerCase() === item.toLowerCase();
        const glob = /[*?]/.test(item) && globToRegex(item).test(t.id);
        const words =
          !/[*?]/.test(item) &&
          !/^[0-9A-Z]+-[0-9A-Z]+$/i.test(item) &&
          `${t.id} ${t.title}`.toLowerCase().includes(item.toLowerCase());
        if (exact || glob || words) only.add(t.id);
      }
    }
    if (only.size === before) {
      throw new UsageError(
        `no graded test matches "${item}"${stages ? ` in stage ${stages.join(", ")}` : ""}; ids look like 2A-5 (see the score table)`,
      );
    }
  }
  plans = plans.filter((p) => p.tests.some((t) => only.has(t.id)));
  return { plans, only };
}
