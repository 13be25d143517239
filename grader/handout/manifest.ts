// What goes into the student handout, and why. The handout is the reference
// repository with every solution region stubbed, minus what students must not
// have, plus a few handout-only files (grader/handout/overlay/).

/** The files a student writes. Everything else the grader takes from its own pristine copy. */
export const STUDENT_FILES = ["raft/raft.ts", "raft/log.ts", "raft/rawnode.ts"] as const;

/**
 * The grader/make/*.mk files the handout keeps. The others hold staff checks
 * that need the reference solution (mutants, handout and autograder checks,
 * benchmarks). The handout adds its own grader/make/student.mk from the overlay,
 * which also takes the staff checks of the kept files out of TEST_TARGETS.
 */
export const STUDENT_MAKEFILES: readonly string[] = [
  // `make chaos` reruns a failing fault test's seed and writes its trace; failure messages name it.
  "grader/make/chaos.mk",
];

/**
 * Dev dependencies that only staff checks use, with the files that use them.
 * Those files stay out of the handout, so the handout's package.json and
 * package-lock.json leave these packages (and whatever only they need) out:
 * students' `npm ci` is then about 200 MB smaller. The generator refuses to
 * write a handout in which a shipped file still imports one of them.
 */
export const STAFF_ONLY_PACKAGES: Readonly<Record<string, string>> = {
  mermaid: "the docs check's diagram parser (grader/docs-check/)",
  jsdom: "the window the docs check's mermaid parser needs (grader/docs-check/)",
  "playwright-core": "the trace viewer's browser test (grader/trace-viewer/viewer.test.ts)",
  "adm-zip": "the autograder bundle builder and its check (grader/handout/)",
  "@types/adm-zip": "types of adm-zip",
  "fast-xml-parser": "the grader's output self-check (grader/selftest/)",
};

/** Handout-only files: grader/handout/overlay/<path> becomes <path> in the handout, replacing the repo's file. */
export const OVERLAY_DIR = "grader/handout/overlay";

interface Rule {
  test: (path: string) => boolean;
  why: string;
}

const RULES: Rule[] = [
  {
    test: (p) => p.startsWith("grader/handout/"),
    why: "staff tooling: the handout generator and autograder builder",
  },
  {
    test: (p) => p.startsWith("grader/selftest/"),
    why: "deliberate-bug self-tests, derived from the reference solution",
  },
  {
    test: (p) => p.startsWith("bench/") || p.startsWith("grader/bench/") || p === "grader/runner/bench.ts",
    why: "staff benchmarks of the reference solution (make bench, make grade-bench)",
  },
  {
    test: (p) => /^grader\/runner\/mutants[^/]*\.ts$/.test(p),
    why: "the deliberate-bug self-test runner (needs grader/selftest/)",
  },
  { test: (p) => p.startsWith("grader/docs-check/"), why: "staff checks of the docs (links, en/zh parity)" },
  {
    test: (p) => p.startsWith(".ci/"),
    why: "this repository's CI; the handout has .github/workflows/classroom.yml",
  },
  { test: (p) => /(^|\/)hidden\//.test(p) || /\.hidden\.test\.ts$/.test(p), why: "hidden tests" },
  {
    test: (p) => /^grader\/.*\/(fixtures|__fixtures__)\//.test(p),
    why: "fixtures of the grader's own tests (may be derived from the reference)",
  },
  {
    test: (p) => p.startsWith("grader/") && !p.startsWith("grader/stages/") && /\.test\.ts$/.test(p),
    why: "the grader's own unit tests (staff checks; some need the reference solution)",
  },
  {
    test: (p) => p.startsWith("grader/make/") && !STUDENT_MAKEFILES.includes(p),
    why: "staff make targets (their checks need the reference solution)",
  },
  {
    test: (p) => p.startsWith(".github/"),
    why: "this repository's GitHub settings; the handout has its own",
  },
];

/**
 * Why `path` (relative to the repository root, "/"-separated) stays out of the
 * handout, or undefined when it goes in. `solutionFiles` are the files that
 * hold solution regions: unit tests of those files test the reference, so
 * they stay out (raft/storage.test.ts, which tests given code, goes in).
 */
export function exclusionReason(path: string, solutionFiles: ReadonlySet<string>): string | undefined {
  for (const r of RULES) if (r.test(path)) return r.why;
  const m = /^(.*)\.test\.ts$/.exec(path);
  if (m !== null && !path.startsWith("grader/stages/") && solutionFiles.has(`${m[1]}.ts`)) {
    return "unit tests of a file the student writes (they test the reference solution)";
  }
  return undefined;
}
