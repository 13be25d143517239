// Builds the Gradescope autograder bundle (build/autograder.zip):
//
//   setup.sh          installs Node 20 if needed, npm ci, generates the protobuf code
//   run_autograder    grades one submission (gradescope.ts)
//   gradescope.ts     takes the student-owned files, grades, writes results.json
//   config.json       the stages graded
//   raftlab/          the full handout (no solution code): the pristine grader and proto
//
// The zip is deterministic: entries sorted, fixed dates, fixed permissions.

import AdmZip from "adm-zip";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HANDOUT_GIT_IDENTITY, generateHandout } from "./generate";
import { STAGE_TAGS } from "./markers";

export const GRADESCOPE_DIR = "grader/handout/gradescope";

export interface AutograderOptions {
  repo: string;
  /** Path of the zip to write. */
  out: string;
  /** Stages graded (lower case ids). Default: the stages counted in `make grade`'s total. */
  stages?: string[];
}

/** The stages graded by default: the grader's defaultStages (grader/runner/grade.config.json), else defaultOn in stages.ts. */
export function defaultStages(repo: string): string[] {
  const config = path.join(repo, "grader", "runner", "grade.config.json");
  if (fs.existsSync(config)) {
    const c = JSON.parse(fs.readFileSync(config, "utf8")) as { defaultStages?: unknown };
    if (Array.isArray(c.defaultStages) && c.defaultStages.every((s) => typeof s === "string")) {
      return c.defaultStages;
    }
  }
  const text = fs.readFileSync(path.join(repo, "grader", "stages", "stages.ts"), "utf8");
  const ids: string[] = [];
  for (const m of text.matchAll(/\{\s*id:\s*"([0-9a-z]+)"[^}]*defaultOn:\s*(true|false)/g)) {
    if (m[2] === "true") ids.push(m[1]);
  }
  if (ids.length === 0) throw new Error("could not read the default stages from grader/stages/stages.ts");
  return ids;
}

export function buildAutograder(opts: AutograderOptions): { entries: number; stages: string[] } {
  const stages = opts.stages ?? defaultStages(opts.repo);
  for (const s of stages) {
    if (!(STAGE_TAGS as readonly string[]).includes(s.toUpperCase())) {
      throw new RangeError(`unknown stage "${s}"; known stages: ${STAGE_TAGS.join(", ")}`);
    }
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "raftlab-autograder-"));
  try {
    const handout = path.join(tmp, "raftlab");
    const report = generateHandout({ repo: opts.repo, out: handout, solved: new Set(), git: false });
    const zip = new AdmZip();
    const date = new Date(HANDOUT_GIT_IDENTITY.date);
    const add = (name: string, data: Buffer, exec: boolean): void => {
      zip.addFile(name, data, "", exec ? 0o755 : 0o644);
      zip.getEntry(name)!.header.time = date;
    };
    const g = path.join(opts.repo, GRADESCOPE_DIR);
    add("setup.sh", fs.readFileSync(path.join(g, "setup.sh")), true);
    add("run_autograder", fs.readFileSync(path.join(g, "run_autograder")), true);
    add("gradescope.ts", fs.readFileSync(path.join(g, "gradescope.ts")), false);
    add("config.json", Buffer.from(JSON.stringify({ stages }, null, 2) + "\n"), false);
    for (const f of report.files) {
      const src = path.join(handout, f);
      add(`raftlab/${f}`, fs.readFileSync(src), (fs.statSync(src).mode & 0o111) !== 0);
    }
    fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
    zip.writeZip(opts.out);
    fs.chmodSync(opts.out, 0o644);
    return { entries: report.files.length + 4, stages };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
