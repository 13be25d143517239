// Helpers of the grader's self-tests: build a toy submission (optionally
// patched) and grade it with the fixture stages, capturing the terminal text.

import * as fs from "fs";
import * as path from "path";
import { grade, GradeRun } from "../../runner/grade";
import { GradeOptions, loadConfig, parseArgs } from "../../runner/options";
import { REPO_ROOT, STUDENT_FILES } from "../../runner/workspace";
import { HostilePatch } from "./fixtures";

export const FIXTURE_STAGES_MODULE = path.join(
  REPO_ROOT,
  "grader",
  "selftest",
  "fixtures",
  "stages",
  "catalog.ts",
);
const TOY = path.join(REPO_ROOT, "grader", "selftest", "fixtures", "toy.ts");

/** Applies patches to a text; each `find` must occur exactly once. */
export function patchText(text: string, patches: readonly HostilePatch[], label: string): string {
  let out = text;
  for (const p of patches) {
    const n = out.split(p.find).length - 1;
    if (n !== 1)
      throw new Error(`${label}: ${JSON.stringify(p.find)} occurs ${n} times in toy.ts (must be once)`);
    out = out.replace(p.find, () => p.replace);
  }
  return out;
}

/** Writes <repo>/.raftlab/selftest/<name>/raft/ with the repository's student files and the (patched) toy. */
export function toySubmission(name: string, patches: readonly HostilePatch[] = []): string {
  const dir = path.join(REPO_ROOT, ".raftlab", "selftest", name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "raft"), { recursive: true });
  for (const f of STUDENT_FILES) fs.copyFileSync(path.join(REPO_ROOT, "raft", f), path.join(dir, "raft", f));
  fs.writeFileSync(path.join(dir, "raft", "toy.ts"), patchText(fs.readFileSync(TOY, "utf8"), patches, name));
  return dir;
}

/** Writes <repo>/.raftlab/selftest/<name>/raft/ with the repository's student files, `append` added to raft.ts. */
export function realSubmission(name: string, append: string): string {
  const dir = path.join(REPO_ROOT, ".raftlab", "selftest", name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "raft"), { recursive: true });
  for (const f of STUDENT_FILES) fs.copyFileSync(path.join(REPO_ROOT, "raft", f), path.join(dir, "raft", f));
  if (append !== "") fs.appendFileSync(path.join(dir, "raft", "raft.ts"), `\n${append}`);
  return dir;
}

export interface FixtureGrade extends GradeRun {
  lines: string[];
  options: GradeOptions;
}

/** Grades a submission with the fixture stages (or the real ones); `args` are extra command-line flags. */
export async function gradeFixture(
  submission: string,
  output: string,
  args: string[] = [],
  fixtureStages = true,
): Promise<FixtureGrade> {
  const options = parseArgs(
    [
      ...(fixtureStages ? ["--stages-module", FIXTURE_STAGES_MODULE, "--stage", "fx,fy"] : []),
      "--submission",
      submission,
      "--output",
      output,
      "--budget-test",
      "3",
      "--budget-load",
      "5",
      "--budget-stage",
      "90",
      "--memory",
      "256",
      "--no-color",
      ...args,
    ],
    loadConfig(),
    2,
  );
  const lines: string[] = [];
  const env = { ...process.env };
  delete env.GITHUB_STEP_SUMMARY;
  delete env.RAFTLAB_RAFT_DIR;
  const run = await grade(options, (l) => lines.push(l), env);
  return { ...run, lines, options };
}
