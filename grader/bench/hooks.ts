// Figures that other parts of the lab measure, reported in the same table and
// results file as the library's own benchmarks. Each hook is named, and says
// what it would measure; one without `measure` shows as "not measured".
//
// To add one: give it a `measure(ctx)` that runs the thing `ctx.runs` times
// (e.g. spawnSync of `npx tsx grader/runner/cli.ts --stage 2a` timed with
// process.hrtime) and returns one number per run, in `unit`.

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

export interface BenchHook {
  name: string;
  /** Short label for the table's metric column. */
  metric: string;
  unit: string;
  what: string;
  /** One number per run; undefined while the hook is not implemented. */
  measure?: (ctx: HookContext) => number[];
}

export const HOOKS: BenchHook[] = [
  {
    name: "grade-wall-cold",
    metric: "wall time",
    unit: "s",
    what: "wall time of a full `make grade` of the reference, first run (cold caches)",
  },
  {
    name: "grade-wall-warm",
    metric: "wall time",
    unit: "s",
    what: "wall time of a full `make grade` of the reference, repeated (warm caches); per stage in the results file",
  },
  {
    name: "sim-ticks-per-second",
    metric: "node-ticks per second",
    unit: "node-ticks/s",
    what: "simulated node-ticks per second of the fault simulator (grader/sim), all stages",
  },
];
