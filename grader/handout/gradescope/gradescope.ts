// The Gradescope side of the autograder bundle (run by run_autograder).
//
// Layout, as Gradescope makes it (RAFTLAB_AUTOGRADER_ROOT replaces /autograder):
//   /autograder/source/raftlab/     the pristine handout: grader, proto, given raft files (from the bundle)
//   /autograder/source/config.json  the stages to grade (chosen when the bundle was built)
//   /autograder/submission/         what the student submitted
//   /autograder/results/results.json  what this script writes
//
// Only the files a student owns are taken from the submission: raft/raft.ts,
// raft/log.ts, raft/rawnode.ts and new files under raft/ that do not replace a
// given one. Every other submitted file that differs from the handout is listed
// as ignored in the visible output, so a student who changed a test or the
// proto learns that it had no effect. This file uses only Node's own modules so
// that it runs the same in the bundle and in the repository's tests; the
// results.json types come from the grader's runner as a type-only import,
// which tsx erases, so the bundle needs no path to that file at run time.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { GradescopeResults } from "../../runner/outputs";

export const STUDENT_FILES = ["raft.ts", "log.ts", "rawnode.ts"];
const SKIP_DIRS = new Set([".git", "node_modules", ".raftlab", "build", "coverage", "__MACOSX"]);
const MAX_FILE_BYTES = 2 * 1024 * 1024;

function walk(root: string, rel = ""): { rel: string; kind: "file" | "other" }[] {
  const res: { rel: string; kind: "file" | "other" }[] = [];
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel === "" ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) res.push(...walk(root, r));
    } else res.push({ rel: r, kind: e.isFile() ? "file" : "other" });
  }
  return res.sort((a, b) => (a.rel < b.rel ? -1 : 1));
}

/**
 * The folder of the submission that plays the repository root: the submission
 * itself when it has raft/, else its only sub-folder that has raft/ (a zipped
 * repository folder). Returns `rootIsRaft` when the student uploaded the raft
 * files alone, without folders.
 */
export function findSubmissionRoot(sub: string): { root: string; rootIsRaft: boolean } {
  if (fs.existsSync(path.join(sub, "raft"))) return { root: sub, rootIsRaft: false };
  const dirs = fs
    .readdirSync(sub, { withFileTypes: true })
    .filter(
      (e) => e.isDirectory() && !SKIP_DIRS.has(e.name) && fs.existsSync(path.join(sub, e.name, "raft")),
    );
  if (dirs.length === 1) return { root: path.join(sub, dirs[0].name), rootIsRaft: false };
  return { root: sub, rootIsRaft: STUDENT_FILES.some((f) => fs.existsSync(path.join(sub, f))) };
}

export interface Collected {
  /** Files taken from the submission, relative to the repository root (e.g. "raft/raft.ts"). */
  taken: string[];
  /** Student files missing from the submission (the handout's stub is graded instead). */
  missing: string[];
  /** Submitted files that differ from the handout and were not used, with the reason. */
  ignored: { file: string; why: string }[];
}

/**
 * Copies the student-owned files of `sub` over `workRaft` (a copy of the
 * pristine raft/ folder) and lists what was ignored. `pristine` is the
 * handout's root.
 */
export function collectSubmission(sub: string, pristine: string, workRaft: string): Collected {
  const { root, rootIsRaft } = findSubmissionRoot(sub);
  const res: Collected = { taken: [], missing: [], ignored: [] };
  const files = fs.existsSync(root) ? walk(root) : [];
  for (const { rel, kind } of files) {
    const repoRel = rootIsRaft ? `raft/${rel}` : rel;
    const pristineFile = path.join(pristine, repoRel);
    const given = fs.existsSync(pristineFile);
    if (kind !== "file") {
      res.ignored.push({ file: repoRel, why: "not a regular file (symbolic links are not followed)" });
      continue;
    }
    const src = path.join(root, rel);
    const inRaft = repoRel.startsWith("raft/");
    const owned = inRaft && (STUDENT_FILES.includes(repoRel.slice(5)) || !given);
    if (owned) {
      if (fs.statSync(src).size > MAX_FILE_BYTES) {
        res.ignored.push({ file: repoRel, why: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` });
        continue;
      }
      const dst = path.join(workRaft, repoRel.slice(5));
      fs.mkdirSync(path.dirname(dst), { recursive: true });
      fs.copyFileSync(src, dst);
      res.taken.push(repoRel);
      continue;
    }
    if (given && fs.readFileSync(src).equals(fs.readFileSync(pristineFile))) continue;
    const why = given
      ? "changed, ignored: the grader uses the handout's version"
      : "new file outside raft/, ignored: only files under raft/ are graded";
    res.ignored.push({ file: repoRel, why });
  }
  for (const f of STUDENT_FILES) if (!res.taken.includes(`raft/${f}`)) res.missing.push(`raft/${f}`);
  return res;
}

function describeCollected(c: Collected): string {
  const lines = [`Graded files from your submission: ${c.taken.length > 0 ? c.taken.join(", ") : "none"}.`];
  if (c.missing.length > 0) {
    lines.push(
      `Not found in your submission (the handout's unfinished version was graded): ${c.missing.join(", ")}.`,
    );
  }
  if (c.ignored.length > 0) {
    lines.push("These submitted files differ from the handout and were NOT used for grading:");
    for (const i of c.ignored) lines.push(`  ${i.file}: ${i.why}`);
  } else {
    lines.push("No other submitted file differs from the handout.");
  }
  return lines.join("\n");
}

/** Reads the grader's results.json and puts the list of used and ignored files in front of its summary. */
export function mergeResults(resultsFile: string, notice: string): GradescopeResults {
  const r = JSON.parse(fs.readFileSync(resultsFile, "utf8")) as GradescopeResults;
  return { ...r, output: `${notice}\n\n${r.output}`, visibility: "visible", stdout_visibility: "visible" };
}

function main(): number {
  const root = path.resolve(process.env.RAFTLAB_AUTOGRADER_ROOT ?? "/autograder");
  const source = path.join(root, "source");
  const pristine = path.join(source, "raftlab");
  const config = JSON.parse(fs.readFileSync(path.join(source, "config.json"), "utf8")) as {
    stages: string[];
  };
  const scratch = path.join(pristine, ".raftlab", "autograder");
  fs.rmSync(scratch, { recursive: true, force: true });

  // The submission as the grader should see it: only the student's files, the
  // handout's version of any the student did not submit.
  const subRaft = path.join(scratch, "submission", "raft");
  fs.mkdirSync(subRaft, { recursive: true });
  for (const f of STUDENT_FILES) fs.copyFileSync(path.join(pristine, "raft", f), path.join(subRaft, f));
  const collected = collectSubmission(path.join(root, "submission"), pristine, subRaft);
  const notice = describeCollected(collected);
  console.log(notice + "\n");

  const out = path.join(scratch, "results");
  const run = spawnSync(
    path.join(pristine, "node_modules", ".bin", "tsx"),
    [
      "grader/runner/cli.ts",
      "--stage",
      config.stages.join(","),
      "--submission",
      path.dirname(subRaft),
    ].concat(["--autograder", "--no-color", "--output", out]),
    { cwd: pristine, stdio: "inherit", env: { ...process.env, GITHUB_STEP_SUMMARY: "" } },
  );
  const resultsFile = path.join(out, "results.json");
  if (run.status !== 0 || !fs.existsSync(resultsFile)) {
    console.error(
      `run_autograder: the grader did not complete (exit ${run.status ?? run.signal}); no score was written`,
    );
    return 1;
  }
  fs.mkdirSync(path.join(root, "results"), { recursive: true });
  const merged = mergeResults(resultsFile, notice);
  fs.writeFileSync(path.join(root, "results", "results.json"), JSON.stringify(merged, null, 2) + "\n");
  return 0;
}

if (require.main === module) process.exitCode = main();
