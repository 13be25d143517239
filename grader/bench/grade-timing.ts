// Timing the grader as a student runs it: one `make grade` is one run of the
// grader's command line (grader/runner/cli.ts) through tsx, in a child
// process, timed from spawn to exit. Shared by `make bench` (hooks.ts) and
// `make grade-bench` (grader/runner/bench.ts). A benchmark, never a test.
//
// "Cold" means Jest's transform cache is gone (as after `make clean`), so every
// test file and the implementation are compiled again; "warm" means the cache
// already holds them.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../runner/workspace";
import { STAGES } from "../stages/stages";

/** Every stage of the lab, the extension included (a full `make grade` grades only the default ones). */
export const ALL_STAGES: readonly string[] = STAGES.map((s) => s.id);

/** The grader's Jest cache (the folder grader/runner/stage-runner.ts passes as --cacheDirectory). */
export const JEST_CACHE_DIR = path.join(REPO_ROOT, ".raftlab", "jest-cache");

/** Where timed gradings write their result files, so a student's .raftlab/results is left alone. */
export const BENCH_RESULTS_DIR = path.join(REPO_ROOT, ".raftlab", "bench-results");

/** The Total line of the grader's score table. */
export interface GradeScore {
  passed: number;
  total: number;
  points: number;
  maxPoints: number;
}

export interface GradeTiming {
  /** Wall time from starting the grader's process to its exit. */
  seconds: number;
  /** 0: every graded test passed; 1: some failed (still a complete, timed grading). */
  exitCode: 0 | 1;
  score: GradeScore;
}

/** The grader could not grade (exit 2, a crash, or no score table): such a run is never timed. */
export class GradeTimingError extends Error {
  override name = "GradeTimingError";
}

/** Reads the score from the grader's terminal output; undefined when there is no Total line. */
export function parseScore(stdout: string): GradeScore | undefined {
  // eslint-disable-next-line no-control-regex
  const plain = stdout.replace(/\u001b\[[0-9;]*m/g, "");
  const m = /^ {2}Total +(\d+)\/(\d+) +(\d+)\/(\d+)[ \t]*$/m.exec(plain);
  if (m === null) return undefined;
  return { passed: Number(m[1]), total: Number(m[2]), points: Number(m[3]), maxPoints: Number(m[4]) };
}

export function formatScore(s: GradeScore): string {
  return `${s.passed}/${s.total} tests, ${s.points}/${s.maxPoints} points`;
}

export interface GradeRunOptions {
  /** The implementation folder to grade (sets RAFTLAB_RAFT_DIR, as `make grade` reads it); default raft/. */
  raftDir?: string;
  /** Where the result files go (--output); default BENCH_RESULTS_DIR. */
  output?: string;
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Runs the grader once with `args` (e.g. ["--stage", "2a"]) and times it. */
export function timeGrade(args: readonly string[], opts: GradeRunOptions = {}): GradeTiming {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Timed gradings must not append score tables to a CI job's summary.
  delete env.GITHUB_STEP_SUMMARY;
  if (opts.raftDir !== undefined) env.RAFTLAB_RAFT_DIR = opts.raftDir;
  const argv = [
    path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
    path.join(REPO_ROOT, "grader", "runner", "cli.ts"),
    "--output",
    opts.output ?? BENCH_RESULTS_DIR,
    ...args,
  ];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, {
    cwd: REPO_ROOT,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const what = `make grade ${args.join(" ")}`.trimEnd();
  if (r.error !== undefined) {
    throw new GradeTimingError(`${what}: could not start the grader: ${r.error.message}`);
  }
  if (r.status !== 0 && r.status !== 1) {
    throw new GradeTimingError(
      `${what}: the grader could not grade (exit ${r.status ?? r.signal}):\n${tail(r.stderr || r.stdout)}`,
    );
  }
  const score = parseScore(r.stdout);
  if (score === undefined) {
    throw new GradeTimingError(`${what}: no score table in the grader's output:\n${tail(r.stdout)}`);
  }
  return { seconds, exitCode: r.status, score };
}

/** Removes the grader's Jest cache, so that the next grading is cold. */
export function removeJestCache(): void {
  fs.rmSync(JEST_CACHE_DIR, { recursive: true, force: true });
}

/**
 * One untimed grading of every stage, so that Jest's cache holds every test file (a full
 * `make grade` leaves out the extension's) and the runs that follow are warm.
 */
export function warmUp(opts: GradeRunOptions = {}): GradeTiming {
  return timeGrade(["--stage", ALL_STAGES.join(",")], opts);
}
