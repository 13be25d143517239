// A deliberate bug: the reference solution broken the way a student might
// break it. The grader's self-test applies it to a copy of raft/ and checks
// that the named graded tests fail (and that the reference passes them).

export interface Mutant {
  /** Stable id, e.g. "2a-term0-stale". */
  id: string;
  /** The bug in a student's words, e.g. "term 0 messages treated as stale". */
  bug: string;
  /** The file of raft/ to change. */
  file: "raft.ts" | "log.ts" | "rawnode.ts";
  /** Text that occurs exactly once in the reference file (the self-test fails if it does not). */
  find: string;
  /** What replaces it. */
  replace: string;
  /** Graded test ids that must fail with this bug; every one is checked. */
  mustFail: string[];
  /**
   * Further patches applied with the first, for a bug that can only show
   * together with a legitimate design choice (say so in `bug`). Each `find`
   * must occur exactly once in its file after the earlier patches.
   */
  with?: { file: "raft.ts" | "log.ts" | "rawnode.ts"; find: string; replace: string }[];
}
