// The metadata of a graded test. Each stage keeps its list in
// grader/stages/<stage>/catalog.ts; the runner reads those lists to know every
// test's points, even for a test whose file crashed before it could run.

import { StageId } from "../stages/stages";

export interface GradedTestInfo {
  /** Stable id, e.g. "2A-5". Never reuse an id for a different check. */
  id: string;
  stage: StageId;
  /** A short title in plain words. */
  title: string;
  points: number;
  /** What the test checks, in one or two sentences for a student. */
  checks: string;
  /** The usual cause of a failure, phrased as a hint (no solution code). */
  hint: string;
  /** The guide section to read: a path under docs/en/ plus an anchor, e.g. "stage-2a.md#voting". */
  doc: string;
}
