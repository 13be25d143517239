// Settings shared by every Jest run. The implementation under test is imported
// as @raft/...; RAFTLAB_RAFT_DIR points that at another folder (a workspace
// holding a submission, a handout or a deliberate bug).
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");

function raftDir() {
  const dir = process.env.RAFTLAB_RAFT_DIR;
  return dir ? path.resolve(dir) : path.join(ROOT, "raft");
}

function baseConfig() {
  return {
    rootDir: ROOT,
    testEnvironment: "node",
    transform: {
      "^.+\\.ts$": ["ts-jest", { tsconfig: path.join(ROOT, "tsconfig.jest.json") }],
    },
    moduleNameMapper: { "^@raft/(.*)$": `${raftDir()}/$1` },
    // A workspace outside the repository still finds the repository's packages.
    modulePaths: [path.join(ROOT, "node_modules")],
    setupFilesAfterEnv: [path.join(ROOT, "grader", "jest", "setup.ts")],
  };
}

module.exports = { ROOT, raftDir, baseConfig };
