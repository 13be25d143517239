// Jest configuration for the graded stage tests. RAFTLAB_STAGES selects the
// stages (comma-separated ids such as "2a,2b"); all stages when unset.
// RAFTLAB_STAGE_ROOT (repo-relative or absolute) replaces grader/stages, for
// the grader's own fixture stages; files there may also end in .graded.ts so
// that the repository's unit-test run does not pick them up.
const path = require("path");
const { ROOT, baseConfig } = require("./base.config");

const stages = (process.env.RAFTLAB_STAGES || "2a,2b,2c,3a").split(",").map((s) => s.trim().toLowerCase());
const stageRoot = path.resolve(ROOT, process.env.RAFTLAB_STAGE_ROOT || "grader/stages");

module.exports = {
  ...baseConfig(),
  testMatch: stages.flatMap((s) => [`${stageRoot}/${s}/**/*.test.ts`, `${stageRoot}/${s}/**/*.graded.ts`]),
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/.raftlab/"],
  // Graded runs: a synchronous start/end record per test, path-ordered files.
  testEnvironment: path.join(__dirname, "environment.ts"),
  testSequencer: path.join(__dirname, "sequencer.js"),
};
