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
// that it runs the same in the bundle and in the repository's tests.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const STUDENT_FILES = ["raft.ts", "log.ts", "rawnode.ts"];
const SKIP_DIRS = new Set([".git", "node_modules", ".raftlab", "build", "coverage", "__MACOSX"]);
const MAX_FILE_BYTES = 2 * 1024 * 1024;

interface TestInfo {
  id: string;
  stage: string;
  title: string;
  points: number;
  hint: string;
  doc: string;
}

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  tags: string[];
  visibility: "visible";
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  visibility: "visible";
  stdout_visibility: "visible";
  tests: GradescopeTest[];
}

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

function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, "");
}

interface JestAssertion {
  title: string;
  fullName: string;
  status: string;
  failureMessages: string[];
}
interface JestFile {
  name: string;
  message: string;
  assertionResults: JestAssertion[];
}

/** Grades `raftDir` with the pristine grader at `pristine`: one Jest run over the given stages. */
export function gradeWithJest(
  pristine: string,
  raftDir: string,
  stages: string[],
  catalog: TestInfo[],
  scratch: string,
): GradescopeTest[] {
  const out = path.join(scratch, "jest.json");
  fs.rmSync(out, { force: true });
  const run = spawnSync(
    path.join(pristine, "node_modules", ".bin", "jest"),
    [
      "-c",
      "grader/jest/stage.config.js",
      "--ci",
      "--json",
      `--outputFile=${out}`,
      "--forceExit",
      "--maxWorkers=2",
    ],
    {
      cwd: pristine,
      env: { ...process.env, RAFTLAB_STAGES: stages.join(","), RAFTLAB_RAFT_DIR: raftDir, FORCE_COLOR: "0" },
      encoding: "utf8",
      timeout: 20 * 60 * 1000,
      killSignal: "SIGKILL",
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const byId = new Map<string, { passed: boolean; message: string }>();
  let crash = "";
  if (fs.existsSync(out)) {
    const json = JSON.parse(fs.readFileSync(out, "utf8")) as { testResults: JestFile[] };
    for (const f of json.testResults) {
      if (f.assertionResults.length === 0 && f.message !== "") {
        crash += `${path.relative(pristine, f.name)} could not run:\n${stripAnsi(f.message).slice(0, 2000)}\n`;
      }
      for (const a of f.assertionResults) {
        const id = /^([0-9A-Z]+-[0-9A-Za-z]+)\b/.exec(a.title)?.[1];
        if (id === undefined) continue;
        const message = stripAnsi(a.failureMessages.join("\n")).slice(0, 4000);
        byId.set(id, { passed: a.status === "passed", message });
      }
    }
  } else {
    crash = `the grader did not finish (${run.error?.message ?? `exit ${run.status ?? run.signal}`})`;
  }
  return catalog.map((t) => {
    const r = byId.get(t.id);
    const passed = r?.passed === true;
    const lines: string[] = [];
    if (!passed) {
      lines.push(r === undefined ? `did not run. ${crash}`.trim() : r.message);
      lines.push(`Hint: ${t.hint}`, `Read: docs/en/${t.doc}`);
      lines.push(`Rerun: make grade TEST=${t.id}`);
    }
    return {
      name: `${t.id} ${t.title}`,
      number: t.id,
      score: passed ? t.points : 0,
      max_score: t.points,
      status: passed ? "passed" : "failed",
      output: lines.join("\n"),
      tags: [t.stage],
      visibility: "visible",
    };
  });
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

interface CatalogModule {
  CATALOGS: Record<string, TestInfo[]>;
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const root = path.resolve(process.env.RAFTLAB_AUTOGRADER_ROOT ?? "/autograder");
  const source = path.join(root, "source");
  const pristine = path.join(source, "raftlab");
  const config = JSON.parse(fs.readFileSync(path.join(source, "config.json"), "utf8")) as {
    stages: string[];
  };
  const scratch = path.join(pristine, ".raftlab", "autograder");
  const workRaft = path.join(scratch, "raft");
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  fs.cpSync(path.join(pristine, "raft"), workRaft, { recursive: true });

  const collected = collectSubmission(path.join(root, "submission"), pristine, workRaft);
  const summary = describeCollected(collected);
  console.log(summary);

  const mod = (await import(path.join(pristine, "grader", "stages", "catalogs.ts"))) as CatalogModule;
  const catalog = config.stages.flatMap((s) => mod.CATALOGS[s] ?? []);
  const tests = gradeWithJest(pristine, workRaft, config.stages, catalog, scratch);
  const score = tests.reduce((a, t) => a + t.score, 0);
  const max = tests.reduce((a, t) => a + t.max_score, 0);
  const passed = tests.filter((t) => t.status === "passed").length;
  const table = `Score: ${score} / ${max} (${passed} of ${tests.length} tests passed; stages ${config.stages.join(", ")}).`;
  console.log(table);
  const results: GradescopeResults = {
    score,
    execution_time: Math.round(Number(process.hrtime.bigint() - started) / 1e9),
    output: `${table}\n\n${summary}`,
    visibility: "visible",
    stdout_visibility: "visible",
    tests,
  };
  fs.mkdirSync(path.join(root, "results"), { recursive: true });
  fs.writeFileSync(path.join(root, "results", "results.json"), JSON.stringify(results, null, 2) + "\n");
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
