// Jest configuration for the repository's own tests (`make test`): unit tests
// of the given library code and of the grader. The graded stage tests run
// through the grader (`make grade`) with grader/jest/stage.config.js.
const { baseConfig } = require("./grader/jest/base.config");

module.exports = {
  ...baseConfig(),
  testMatch: ["<rootDir>/raft/**/*.test.ts", "<rootDir>/grader/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/grader/stages/", "<rootDir>/.raftlab/"],
};
