// Jest configuration for the graded stage tests. RAFTLAB_STAGES selects the
// stages (comma-separated ids such as "2a,2b"); all stages when unset.
const { baseConfig } = require("./base.config");

const stages = (process.env.RAFTLAB_STAGES || "2a,2b,2c,3a").split(",").map((s) => s.trim().toLowerCase());

module.exports = {
  ...baseConfig(),
  testMatch: stages.map((s) => `<rootDir>/grader/stages/${s}/**/*.test.ts`),
  testPathIgnorePatterns: ["/node_modules/"],
};
