// `make grade` runs this: grade, print, write the result files, exit with
// 0 (every graded test passed), 1 (some failed) or 2 (the grader could not
// run). --autograder turns a completed grading's 1 into 0.

import * as os from "os";
import { grade } from "./grade";
import { USAGE, UsageError, loadConfig, parseArgs } from "./options";
import { WorkspaceError } from "./workspace";

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const write = (line: string): void => {
    process.stdout.write(line + "\n");
  };
  try {
    const opts = parseArgs(argv, loadConfig(), os.cpus().length);
    if (opts.help) {
      write(USAGE);
      return 0;
    }
    if (opts.color === undefined)
      opts.color = process.stdout.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb";
    const run = await grade(opts, write, env);
    return opts.autograder ? 0 : run.exitCode;
  } catch (e) {
    if (e instanceof UsageError || e instanceof WorkspaceError) {
      process.stderr.write(`make grade: ${e.message}\n`);
    } else {
      process.stderr.write(
        `make grade: the grader itself failed (this is not your code's fault; please report it):\n${(e as Error).stack ?? String(e)}\n`,
      );
    }
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
