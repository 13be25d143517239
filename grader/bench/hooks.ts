// Benchmarks that do not fit a worker process (grader/bench/worker.ts) because
// they time other programs: the wall time of `make grade` on the
// implementation under test, cold and warm, and each stage alone. They share
// the table and the results file with the library's own benchmarks.
//
// To add one: a hook with a name, what it measures, its metrics, and a
// `measure(ctx)` that runs the thing (ctx.runs times, fewer with ctx.quick)
// and returns one sample per run for each metric.

import { ALL_STAGES, GradeTiming, formatScore, removeJestCache, timeGrade, warmUp } from "./grade-timing";

export interface HookContext {
  /** How many runs the user asked for (--runs). */
  runs: number;
  /** True for `make bench QUICK=1`: keep it short. */
  quick: boolean;
  /** The repository root. */
  repo: string;
  /** The implementation folder under test (RAFTLAB_RAFT_DIR or raft/). */
  raftDir: string;
}

export interface HookMetric {
  /** Short label for the table's metric column. */
  key: string;
  unit: string;
}

export interface HookResult {
  /** For each metric key, one sample per run. */
  samples: Record<string, number[]>;
  /** What the reader should know about the runs (e.g. the score the gradings gave). */
  note?: string;
}

export interface BenchHook {
  name: string;
  what: string;
  metrics: HookMetric[];
  measure: (ctx: HookContext) => HookResult;
}

const WALL: HookMetric = { key: "wall time", unit: "s" };

/** The runs of a grading hook: ctx.runs, or one with QUICK=1 (a grading takes seconds). */
export function gradeRuns(ctx: HookContext): number {
  return ctx.quick ? 1 : ctx.runs;
}

/** A note on what the timed gradings scored: the score, or every different one, and any failure. */
export function scoreNote(timings: readonly GradeTiming[]): string {
  const scores = [...new Set(timings.map((t) => formatScore(t.score)))];
  const failed = timings.filter((t) => t.exitCode !== 0).length;
  const what = scores.length === 1 ? `every run scored ${scores[0]}` : `the runs scored ${scores.join("; ")}`;
  return failed === 0 ? what : `${what}; ${failed} of ${timings.length} runs had failing tests`;
}

// Whether Jest's cache holds every stage's test files for this benchmark run (see warmUp).
let warm = false;

function timed(ctx: HookContext, args: string[], before?: () => void): HookResult {
  const timings: GradeTiming[] = [];
  for (let i = 0; i < gradeRuns(ctx); i++) {
    before?.();
    timings.push(timeGrade(args, { raftDir: ctx.raftDir }));
  }
  return { samples: { [WALL.key]: timings.map((t) => t.seconds) }, note: scoreNote(timings) };
}

function warmTimed(ctx: HookContext, args: string[]): HookResult {
  if (!warm) {
    warmUp({ raftDir: ctx.raftDir });
    warm = true;
  }
  return timed(ctx, args);
}

export const HOOKS: BenchHook[] = [
  {
    name: "grade-wall-cold",
    what: "a full `make grade` (the default stages) with Jest's cache removed before each run, as after `make clean`",
    metrics: [WALL],
    measure: (ctx) => {
      warm = false;
      return timed(ctx, [], removeJestCache);
    },
  },
  {
    name: "grade-wall-warm",
    what: "a full `make grade` (the default stages) again, Jest's cache holding every test file",
    metrics: [WALL],
    measure: (ctx) => warmTimed(ctx, []),
  },
  ...ALL_STAGES.map((stage): BenchHook => ({
    name: `grade-wall-${stage}`,
    what: `\`make grade STAGE=${stage}\` alone, warm`,
    metrics: [WALL],
    measure: (ctx) => warmTimed(ctx, ["--stage", stage]),
  })),
];
