// `make grade-bench`: wall time of the grader on the reference (raft/), as a
// student runs it, once each: cold (Jest's cache removed first, as after
// `make clean`), warm (the same command again, three times), with --jobs 1,
// then each stage alone (after one untimed grading of every stage, so that
// the extension's tests are in the cache too). A quick look for the notes, never a pass/fail check;
// `make bench` measures the same with several runs, medians and spreads.

import * as os from "os";
import {
  ALL_STAGES,
  GradeTiming,
  formatScore,
  removeJestCache,
  timeGrade,
  warmUp,
} from "../bench/grade-timing";

const rows: [string, GradeTiming][] = [];
removeJestCache();
rows.push(["full grade, cold (no Jest cache)", timeGrade([])]);
for (let i = 1; i <= 3; i++) rows.push([`full grade, warm #${i}`, timeGrade([])]);
rows.push(["full grade, warm, --jobs 1", timeGrade(["--jobs", "1"])]);
warmUp();
for (const s of ALL_STAGES) rows.push([`stage ${s} alone, warm`, timeGrade(["--stage", s])]);
process.stdout.write(
  `make grade on the reference; ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}\n`,
);
for (const [what, r] of rows)
  process.stdout.write(
    `  ${what.padEnd(36)} ${r.seconds.toFixed(1).padStart(6)} s   exit ${r.exitCode}   ${formatScore(r.score)}\n`,
  );
