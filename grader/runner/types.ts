// The grader's data model: what is run (StagePlan), what comes out of one
// test (TestOutcome), and the whole grading (GradeResult).

import { GradedTestInfo } from "../harness/catalog";

/** One stage as the runner sees it: its graded tests and where their files are. */
export interface StagePlan {
  /** Stage id, e.g. "2a". */
  id: string;
  /** Tag used in test ids, e.g. "2A". */
  tag: string;
  title: string;
  /** Every graded test of the stage, in catalog order. */
  tests: readonly GradedTestInfo[];
  /** Folder holding the stage folders (repo-relative or absolute); default grader/stages. */
  stageRoot?: string;
}

/** Why a test failed. */
export type FailureKind =
  /** An assertion or an exception: the test's own verdict. */
  | "assertion"
  /** The test ran past its per-test budget (an infinite loop, usually). */
  | "timeout"
  /** The Jest process died during the test (process.kill, a native crash). */
  | "crash"
  /** The Jest process ran out of memory during the test. */
  | "memory"
  /** The test never ran: its file failed to load, or the stage ran out of time. */
  | "not-run";

export interface TestOutcome {
  id: string;
  title: string;
  stage: string;
  points: number;
  passed: boolean;
  kind?: FailureKind;
  /** What went wrong, for a student (empty when passed). */
  message: string;
  /** Stack lines inside the implementation under test, e.g. "raft/raft.ts:120:11 (Raft.step)". */
  where: string[];
  /** Console output of the test, capped, and its full size in characters. */
  output: string;
  outputBytes: number;
  /** Wall time of the test (not part of any verdict). */
  ms: number;
  /** Base seed of the run that produced this outcome. */
  seed: number;
  /** The test file that declared the test (absolute), when it ran. */
  file?: string;
}

export interface StageResult {
  plan: StagePlan;
  /** One outcome per selected test and seed, in catalog order. */
  outcomes: TestOutcome[];
  /** Problems of the stage as a whole (a file that failed to load, a killed process), for the report. */
  notes: string[];
  ms: number;
}

export interface TypecheckResult {
  ok: boolean;
  /** Error lines with paths relative to the graded folder, e.g. "raft/raft.ts(3,7): error TS2322: ...". */
  errors: string[];
  ms: number;
  /** Set when tsc itself could not run. */
  failure?: string;
}

export interface GradeResult {
  typecheck?: TypecheckResult;
  stages: StageResult[];
  seeds: number[];
  /** Submitted files that were ignored (they replace given files), when grading a submission. */
  ignoredFiles: string[];
  ms: number;
}

/** Points and counts of a stage, counting a test as passed only if it passed with every seed. */
export interface StageScore {
  stage: string;
  tag: string;
  title: string;
  passed: number;
  total: number;
  points: number;
  maxPoints: number;
}
