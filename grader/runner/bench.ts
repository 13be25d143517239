// `make grade-bench`: wall time of the grader on the reference (raft/), as a
// student runs it. Cold = Jest's cache (.raftlab/jest-cache) removed first, as
// after `make clean`; warm = the same command again; then each stage alone.
// A benchmark for the notes, never a pass/fail check.

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "./workspace";

function run(args: string[]): { ms: number; code: number | null; score: string } {
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
      path.join(REPO_ROOT, "grader", "runner", "cli.ts"),
      "--output",
      path.join(REPO_ROOT, ".raftlab", "bench-results"),
      ...args,
    ],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, GITHUB_STEP_SUMMARY: "" },
    },
  );
  const total = /^ {2}Total +(\S+) +(\S+)$/m.exec(r.stdout);
  return {
    ms: Date.now() - started,
    code: r.status,
    score: total ? `${total[1]} tests, ${total[2]} points` : "no score",
  };
}

const rows: [string, ReturnType<typeof run>][] = [];
fs.rmSync(path.join(REPO_ROOT, ".raftlab", "jest-cache"), { recursive: true, force: true });
rows.push(["full grade, cold (no Jest cache)", run([])]);
for (let i = 1; i <= 3; i++) rows.push([`full grade, warm #${i}`, run([])]);
rows.push(["full grade, warm, --jobs 1", run(["--jobs", "1"])]);
for (const s of ["2a", "2b", "2c", "3a"]) rows.push([`stage ${s} alone, warm`, run(["--stage", s])]);
process.stdout.write(
  `make grade on the reference; ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}\n`,
);
for (const [what, r] of rows)
  process.stdout.write(
    `  ${what.padEnd(36)} ${(r.ms / 1000).toFixed(1).padStart(6)} s   exit ${r.code}   ${r.score}\n`,
  );
