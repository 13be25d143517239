// Jest reporter of graded runs: appends Jest's own view of each finished test
// file to the record (see record.ts): load errors ("Test suite failed to run")
// and the source-mapped failure texts. Start and end of each test are written
// synchronously by environment.ts; this reporter adds what only Jest knows.
const { appendFileSync } = require("fs");

const LIMIT = 8 * 1024;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function clean(text) {
  const t = String(text ?? "").replace(ANSI, "");
  return t.length > LIMIT ? `${t.slice(0, LIMIT)}\n... (${t.length - LIMIT} more characters cut)` : t;
}

class GradedReporter {
  constructor(globalConfig, options) {
    this.file = (options && options.record) || process.env.RAFTLAB_RECORD;
  }

  write(event) {
    if (this.file) appendFileSync(this.file, JSON.stringify(event) + "\n");
  }

  onTestFileResult(test, result) {
    const exec = result.testExecError;
    this.write({
      ev: "file-result",
      path: test.path,
      error: exec ? clean(exec.stack || exec.message || result.failureMessage) : undefined,
      tests: result.testResults.map((t) => ({
        name: t.title,
        status: t.status,
        failure: clean(t.failureMessages.join("\n")),
      })),
    });
  }

  getLastError() {
    return undefined;
  }
}

module.exports = GradedReporter;
