// End-to-end checks of the handout and the autograder, run by `make test`
// through grader/make/handout.mk:
//
//   npx tsx grader/handout/e2e.ts handout      markers, handouts (full and partial), their byte-identity,
//                                              typecheck/lint/buf of the handout, grading and stage isolation
//   npx tsx grader/handout/e2e.ts autograder   the Gradescope bundle on three submissions
//
// Handouts are built under .raftlab/handout-check/ and reuse this repository's
// node_modules through a symlink (no npm ci). Stage tests run directly with
// Jest (grader/jest/stage.config.js), which is independent of the grader CLI;
// the CLI is exercised once through the handout's own `make grade`.

import AdmZip from "adm-zip";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CATALOGS } from "../stages/catalogs";
import { buildAutograder, defaultStages } from "./autograder";
import { generateHandout, listRepoFiles, overlayFiles, scanRepo } from "./generate";
import { ISOLATION_ALLOWLIST } from "./isolation";
import { STAGE_TAGS } from "./markers";
import { STAFF_ONLY_PACKAGES, STUDENT_FILES } from "./manifest";
import { compareTrees } from "./verify";

const REPO = path.resolve(__dirname, "..", "..");
/** The scratch folder of the running check: .raftlab/handout-check/<handout|autograder>. */
let WORK = path.join(REPO, ".raftlab", "handout-check");
const STAGE_IDS = STAGE_TAGS.map((t) => t.toLowerCase());

const failures: string[] = [];
const timings: [string, number][] = [];

function fail(msg: string): void {
  failures.push(msg);
  console.log(`  FAIL ${msg}`);
}
function ok(msg: string): void {
  console.log(`  ok   ${msg}`);
}
function step<T>(title: string, fn: () => T): T | undefined {
  console.log(`\n== ${title}`);
  const t0 = Date.now();
  try {
    return fn();
  } catch (e) {
    fail(`${title}: ${(e as Error).stack ?? String(e)}`);
    return undefined;
  } finally {
    const s = (Date.now() - t0) / 1000;
    timings.push([title, s]);
    console.log(`   (${s.toFixed(1)} s)`);
  }
}

interface Run {
  status: number | null;
  out: string;
}
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, HUSKY: "0", FORCE_COLOR: "0", NO_COLOR: "1", ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}
function bin(root: string, name: string): string {
  return path.join(root, "node_modules", ".bin", name);
}
function tail(s: string, n = 30): string {
  return s.trimEnd().split("\n").slice(-n).join("\n");
}

/** Makes a handout folder runnable without npm ci: node_modules symlink and the generated proto code. */
function prepare(dir: string): void {
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.copyFileSync(path.join(REPO, "raft", "eraftpb.ts"), path.join(dir, "raft", "eraftpb.ts"));
  // Older than the install stamp of the shared node_modules, so the handout's make never runs npm ci
  // (which would empty the shared node_modules through the symlink).
  const old = new Date("2024-01-01T00:00:00Z");
  for (const f of ["package.json", "package-lock.json", "proto/eraftpb.proto", "buf.gen.yaml", "buf.yaml"]) {
    if (fs.existsSync(path.join(dir, f))) fs.utimesSync(path.join(dir, f), old, old);
  }
}

/** Throws when `make` in the handout would run npm ci, which would empty the shared node_modules through the symlink. */
function refuseNpmCi(dir: string): void {
  const dry = run("make", ["-n", "install"], dir);
  if (/npm ci/.test(dry.out)) throw new Error(`make would run npm ci in the handout (refusing):\n${dry.out}`);
}

/** The package files the generator rewrites (staff-only packages left out); checked by checkPackageFiles. */
const PACKAGE_FILES = ["package.json", "package-lock.json"];

type LockPackages = Record<string, { devDependencies?: Record<string, string> }>;

/**
 * Checks the handout's package.json and lockfile without trusting the
 * generator: package.json is the reference's minus STAFF_ONLY_PACKAGES, every
 * locked package is the reference's entry unchanged, and npm itself (reading
 * only the lockfile, offline) finds nothing missing, invalid or extraneous.
 */
function checkPackageFiles(dir: string): string[] {
  const read = (root: string, f: string): unknown => JSON.parse(fs.readFileSync(path.join(root, f), "utf8"));
  const problems: string[] = [];
  const want = read(REPO, "package.json") as { devDependencies: Record<string, string> };
  for (const name of Object.keys(STAFF_ONLY_PACKAGES)) delete want.devDependencies[name];
  const got = read(dir, "package.json") as { devDependencies: Record<string, string> };
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    problems.push("package.json is not the reference's minus the staff-only devDependencies");
  }
  const ref = (read(REPO, "package-lock.json") as { packages: LockPackages }).packages;
  const lock = (read(dir, "package-lock.json") as { packages: LockPackages }).packages;
  for (const [at, p] of Object.entries(lock)) {
    const same =
      at === ""
        ? JSON.stringify(p.devDependencies) === JSON.stringify(got.devDependencies)
        : JSON.stringify(p) === JSON.stringify(ref[at]);
    if (!same)
      problems.push(`package-lock.json: ${at === "" ? "the root entry" : at} differs from the reference`);
  }
  for (const name of Object.keys(STAFF_ONLY_PACKAGES)) {
    if (`node_modules/${name}` in lock) problems.push(`package-lock.json still holds ${name}`);
  }
  // npm's own reading of the lockfile (offline, node_modules ignored); its "problems" list names every
  // missing, invalid or extraneous package.
  const ls = spawnSync("npm", ["ls", "--all", "--package-lock-only", "--offline", "--json"], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  let npmProblems: string[];
  try {
    npmProblems = (JSON.parse(ls.stdout) as { problems?: string[] }).problems ?? [];
  } catch {
    npmProblems = [
      `no JSON from npm ls (exit ${ls.status}): ${tail(`${ls.stdout ?? ""}${ls.stderr ?? ""}`)}`,
    ];
  }
  if (npmProblems.length > 0) {
    problems.push(`npm ls --all --package-lock-only in the handout:\n${npmProblems.slice(0, 10).join("\n")}`);
  }
  if (problems.length === 0) {
    ok(
      `package files: ${Object.keys(ref).length - Object.keys(lock).length} of ${Object.keys(ref).length - 1} locked packages left out ` +
        `(${Object.keys(STAFF_ONLY_PACKAGES).join(", ")} and what only they need); npm ls finds the lockfile complete`,
    );
  }
  return problems;
}

// ---------- background jobs ----------

interface Job {
  name: string;
  cwd: string;
  cmd: string[];
  /** Written before the job runs. */
  files?: Record<string, string>;
}
interface JobResult {
  name: string;
  status: number;
  out: string;
}

function sh(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** Runs the jobs one after another in a background bash, outputs in files; resolves when all are done. */
function startBackground(jobs: Job[]): Promise<JobResult[]> {
  const dir = path.join(WORK, "background");
  fs.mkdirSync(dir, { recursive: true });
  const script = jobs
    .map((j, i) => {
      for (const [f, text] of Object.entries(j.files ?? {})) fs.writeFileSync(f, text);
      const out = sh(path.join(dir, `${i}.out`));
      return `(cd ${sh(j.cwd)} && ${j.cmd.map(sh).join(" ")}) > ${out} 2>&1; echo $? > ${sh(path.join(dir, `${i}.status`))}`;
    })
    .join("\n");
  const child = spawn("bash", ["-c", script], {
    stdio: "ignore",
    env: { ...process.env, HUSKY: "0", FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  return new Promise((resolve) => {
    child.on("exit", () => {
      resolve(
        jobs.map((j, i) => {
          const st = path.join(dir, `${i}.status`);
          return {
            name: j.name,
            status: fs.existsSync(st) ? Number(fs.readFileSync(st, "utf8").trim()) : -1,
            out: fs.existsSync(path.join(dir, `${i}.out`))
              ? fs.readFileSync(path.join(dir, `${i}.out`), "utf8")
              : "",
          };
        }),
      );
    });
  });
}

/**
 * The full handout's `eslint .`, and for the partial handouts (whose only difference from the full
 * one is raft/, checked by the byte-identity step) tsc and ESLint on raft/ in one program for all.
 */
function backgroundLintJobs(fullDir: string, partials: { label: string }[]): Job[] {
  const cfg = path.join(WORK, "tsconfig.partials.json");
  const include = partials.map((t) => `${t.label}/raft/**/*.ts`);
  const base = path.relative(WORK, path.join(REPO, "tsconfig.json"));
  const eslintCfg = path.join(WORK, "eslint.partials.mjs");
  const repoCfg = path.relative(WORK, path.join(REPO, "eslint.config.mjs"));
  return [
    {
      name: "full handout: eslint --max-warnings 0 .",
      cwd: fullDir,
      cmd: [bin(REPO, "eslint"), "--max-warnings", "0", "."],
    },
    {
      name: `${partials.length} partial handouts: tsc on raft/`,
      cwd: WORK,
      cmd: [bin(REPO, "tsc"), "--noEmit", "-p", cfg],
      files: {
        [cfg]: JSON.stringify({ extends: base, compilerOptions: { rootDir: "." }, include, exclude: [] }),
      },
    },
    {
      // The repository's ESLint config, with type information from that one program.
      name: `${partials.length} partial handouts: ESLint (zero warnings) on raft/`,
      cwd: WORK,
      cmd: [
        bin(REPO, "eslint"),
        "-c",
        eslintCfg,
        "--max-warnings",
        "0",
        ...partials.map((t) => `${t.label}/raft`),
      ],
      files: {
        [eslintCfg]:
          `import base from "./${repoCfg}";\n` +
          `export default [...base, { files: ["**/*.ts"], languageOptions: { parserOptions: ` +
          `{ projectService: false, project: "./tsconfig.partials.json", tsconfigRootDir: import.meta.dirname } } }];\n`,
      },
    },
  ];
}

// ---------- grading with Jest ----------

interface Verdict {
  passed: boolean;
  message: string;
}
interface Graded {
  byId: Map<string, Verdict>;
  fileErrors: string[];
}

/** Runs the stage tests of the grader at `cwd` against `raftDir` (default: cwd's own raft/). */
function gradeTree(cwd: string, stages: string[], label: string, raftDir = path.join(cwd, "raft")): Graded {
  const out = path.join(WORK, `jest-${label}.json`);
  fs.rmSync(out, { force: true });
  const r = run(
    bin(REPO, "jest"),
    ["-c", "grader/jest/stage.config.js", "--ci", "--json", `--outputFile=${out}`, "--maxWorkers=2"],
    cwd,
    { RAFTLAB_STAGES: stages.join(","), RAFTLAB_RAFT_DIR: raftDir },
  );
  if (!fs.existsSync(out)) throw new Error(`Jest wrote no results for ${label}:\n${tail(r.out)}`);
  const json = JSON.parse(fs.readFileSync(out, "utf8")) as {
    testResults: {
      name: string;
      message: string;
      assertionResults: { title: string; status: string; failureMessages: string[] }[];
    }[];
  };
  const byId = new Map<string, Verdict>();
  const fileErrors: string[] = [];
  for (const f of json.testResults) {
    if (f.assertionResults.length === 0)
      fileErrors.push(`${path.relative(cwd, f.name)}: ${f.message.slice(0, 600)}`);
    for (const a of f.assertionResults) {
      const id = /^([0-9A-Z]+-[0-9A-Za-z]+)\b/.exec(a.title)?.[1];
      if (id !== undefined)
        byId.set(id, { passed: a.status === "passed", message: a.failureMessages.join("\n") });
    }
  }
  return { byId, fileErrors };
}

function catalogIds(stage: string): string[] {
  return (CATALOGS[stage as keyof typeof CATALOGS] ?? []).map((t) => t.id);
}

// ---------- the handout checks ----------

async function checkHandout(): Promise<void> {
  const regions = step("every solution region is well-formed", () => {
    const rs = scanRepo(REPO, listRepoFiles(REPO));
    const perTag = new Map<string, number>();
    for (const list of rs.values()) for (const r of list) perTag.set(r.tag, (perTag.get(r.tag) ?? 0) + 1);
    ok(
      `${[...rs.values()].flat().length} regions in ${rs.size} files: ${[...perTag].map(([t, n]) => `${t} ${n}`).join(", ")}`,
    );
    for (const t of STAGE_TAGS) if ((perTag.get(t) ?? 0) === 0) fail(`no solution region is tagged ${t}`);
    for (const f of STUDENT_FILES)
      if (!rs.has(f)) fail(`${f} has no solution region: the handout would ship it solved`);
    return rs;
  });
  if (regions === undefined) return;

  step("a malformed marker fails the tool with file and line", () => {
    const fixture = path.join(REPO, "grader", "handout", "fixtures", "malformed");
    const out = path.join(WORK, "malformed-out");
    const r = run(bin(REPO, "tsx"), ["grader/handout/cli.ts", "handout", "--out", out], REPO, {
      RAFTLAB_HANDOUT_REPO: fixture,
    });
    if (r.status !== 2) fail(`expected exit status 2, got ${r.status}:\n${tail(r.out)}`);
    else if (!/error: raft\/raft\.ts:3: @solution-begin is never closed/.test(r.out))
      fail(`unexpected message: ${r.out}`);
    else ok(r.out.trim().split("\n").pop()!);
    if (fs.existsSync(out)) fail("the tool wrote output despite the malformed marker");
  });

  // The full handout and one partial handout per stage (that stage and the ones before it solved).
  const trees: { label: string; dir: string; solved: string[] }[] = [{ label: "full", dir: "", solved: [] }];
  STAGE_TAGS.forEach((_, i) => {
    const solved = STAGE_TAGS.slice(0, i + 1) as string[];
    trees.push({ label: `upto-${solved[i].toLowerCase()}`, dir: "", solved });
  });
  const overlays = new Set(overlayFiles(REPO));
  step("generate the handouts; lines outside the regions are byte-identical to the reference", () => {
    for (const t of trees) {
      t.dir = path.join(WORK, t.label);
      const rep = generateHandout({
        repo: REPO,
        out: t.dir,
        solved: new Set(t.solved),
        git: t.label === "full",
      });
      prepare(t.dir);
      const problems = compareTrees(
        REPO,
        t.dir,
        rep.files.filter((f) => !overlays.has(f) && !PACKAGE_FILES.includes(f)),
        new Set(t.solved),
      );
      if (t.label === "full") problems.push(...checkPackageFiles(t.dir));
      if (problems.length > 0) fail(`${t.label}: ${problems.slice(0, 5).join("\n")}`);
      else ok(`${t.label}: ${rep.files.length} files, identical outside the regions`);
      if (t.label === "full") {
        const count = run("git", ["rev-list", "--count", "HEAD"], t.dir).out.trim();
        const dirty = run("git", ["status", "--porcelain", "--untracked-files=no"], t.dir).out.trim();
        if (count !== "1" || dirty !== "") fail(`full handout: ${count} commits, status "${dirty}"`);
        else ok(`full handout: one commit ${rep.commit}`);
        fs.writeFileSync(path.join(WORK, "handout-files.txt"), rep.files.join("\n") + "\n");
        for (const banned of ["grader/handout/", "grader/selftest/", "bench/", ".ci/"]) {
          const leaked = rep.files.filter((f) => f.startsWith(banned));
          if (leaked.length > 0) fail(`the handout holds staff files: ${leaked.join(", ")}`);
        }
      }
    }
  });
  const full = trees[0];
  if (full.dir === "" || !fs.existsSync(full.dir)) return;

  // ESLint is the slowest check and single-threaded: the full handout's `eslint .` and the partial
  // handouts' tsc and ESLint run in the background while the (two-worker) Jest runs go on.
  const bgStart = Date.now();
  const background = startBackground(backgroundLintJobs(full.dir, trees.slice(1)));

  step("the full handout typechecks and passes Prettier, buf lint and buf format", () => {
    const checks: [string, string, string[]][] = [
      ["tsc --noEmit", "tsc", ["--noEmit", "-p", "tsconfig.json"]],
      ["prettier --check .", "prettier", ["--check", "--log-level", "warn", "."]],
      ["buf lint", "buf", ["lint"]],
      ["buf format --diff --exit-code", "buf", ["format", "--diff", "--exit-code"]],
    ];
    for (const [name, tool, args] of checks) {
      const r = run(bin(REPO, tool), args, full.dir);
      if (r.status === 0) ok(name);
      else fail(`full handout: ${name} failed:\n${tail(r.out)}`);
    }
  });

  step(
    "the handout's `make test` is lint, typecheck, unit tests of given code, grade; `make unit` passes",
    () => {
      refuseNpmCi(full.dir);
      const dry = run("make", ["-n", "--no-print-directory", "test"], full.dir).out;
      const want = [
        "eslint --max-warnings 0 .",
        "tsc --noEmit",
        "jest --ci",
        "tsx grader/runner/cli.ts",
        "buf lint",
      ];
      for (const w of want)
        if (!dry.includes(w)) fail(`the handout's make test does not run "${w}":\n${dry}`);
      for (const staff of ["handout/e2e.ts", "chaos.ts --seeds", "docs-check", "mutants"]) {
        if (dry.includes(staff)) fail(`the handout's make test runs a staff check ("${staff}"):\n${dry}`);
      }
      const unit = run("make", ["--no-print-directory", "unit"], full.dir);
      if (unit.status !== 0) fail(`the handout's make unit failed:\n${tail(unit.out)}`);
      else ok(`make test = ${want.join(", ")}; make unit: ${/Tests:.*$/m.exec(unit.out)?.[0] ?? "passed"}`);
    },
  );

  step("the VS Code launch configuration runs exactly one graded test", () => {
    const text = fs.readFileSync(path.join(full.dir, ".vscode", "launch.json"), "utf8");
    const cfg = JSON.parse(text.replace(/^\s*\/\/.*$/gm, "")) as {
      configurations: { program: string; args: string[]; env: Record<string, string> }[];
    };
    const c = cfg.configurations[0];
    const id = catalogIds("2a")[0] ?? "2A-1";
    const sub = (s: string): string =>
      s.replace("${workspaceFolder}", full.dir).replace("${input:testId}", id).replace("${input:seed}", "1");
    const out = path.join(WORK, "launch.json.out");
    const r = run("node", [sub(c.program), ...c.args.map(sub), "--json", `--outputFile=${out}`], full.dir, {
      ...Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, sub(v)])),
      RAFTLAB_STAGES: "2a",
    });
    const j = JSON.parse(fs.readFileSync(out, "utf8")) as { numPassedTests: number; numFailedTests: number };
    const ran = j.numPassedTests + j.numFailedTests;
    if (ran !== 1) fail(`expected exactly one test (${id}) to run, ${ran} ran:\n${tail(r.out)}`);
    else ok(`ran only ${id} (failed as expected in the handout: ${j.numFailedTests === 1})`);
  });

  // ---------- grading ----------
  const all = STAGE_IDS;
  const ref = step("the reference scores full marks", () => {
    const g = gradeTree(REPO, all, "reference");
    for (const e of g.fileErrors) fail(`reference: a test file did not run: ${e}`);
    for (const s of all) {
      const ids = catalogIds(s);
      const failed = ids.filter((id) => g.byId.get(id)?.passed !== true);
      if (failed.length > 0)
        fail(
          `reference: stage ${s}: ${failed.length} of ${ids.length} tests did not pass: ${failed.join(", ")}`,
        );
      else ok(`reference: stage ${s}: ${ids.length}/${ids.length}`);
    }
    return g;
  });
  void ref;

  step(
    "the handout's own `make grade` (every stage) scores zero, every test failing cleanly with 'not implemented'",
    () => {
      refuseNpmCi(full.dir);
      const r = run("make", ["--no-print-directory", "grade", `STAGE=${all.join(",")}`], full.dir);
      fs.writeFileSync(path.join(WORK, "handout-make-grade.txt"), r.out);
      // make exits 2 whenever a recipe fails; the grader's own status is in make's "Error <n>" line.
      if (!/\*\*\* \[[^\]]*grade\] Error 1$/m.test(r.out)) {
        fail(
          `make grade: expected the grader to exit 1 (tests failed), got make status ${r.status}:\n${tail(r.out)}`,
        );
      }
      const resultsFile = path.join(full.dir, ".raftlab", "results", "results.json");
      if (!fs.existsSync(resultsFile)) throw new Error(`make grade wrote no results.json:\n${tail(r.out)}`);
      const res = JSON.parse(fs.readFileSync(resultsFile, "utf8")) as {
        score: number;
        tests: { number: string; status: string; output: string }[];
      };
      const byId = new Map(res.tests.map((t) => [t.number, t]));
      for (const s of all) {
        const ids = catalogIds(s);
        const passed = ids.filter((id) => byId.get(id)?.status === "passed");
        const missing = ids.filter((id) => !byId.has(id));
        const unclean = ids.filter((id) => {
          const t = byId.get(id);
          return t !== undefined && t.status !== "passed" && !/not implemented: /.test(t.output);
        });
        if (passed.length > 0)
          fail(`full handout: stage ${s}: tests pass without any student code: ${passed.join(", ")}`);
        if (missing.length > 0)
          fail(`full handout: stage ${s}: tests missing from results.json: ${missing.join(", ")}`);
        for (const id of unclean) {
          const first = byId.get(id)!.output.split("\n").slice(0, 3).join(" | ");
          fail(`full handout: ${id} fails without "not implemented": ${first}`);
        }
        if (passed.length + missing.length + unclean.length === 0) {
          ok(`full handout: stage ${s}: 0/${ids.length}, every failure says "not implemented"`);
        }
      }
      if (res.score !== 0) fail(`full handout: score ${res.score}, expected 0`);
      ok(`make grade: grader exit 1; summary:\n${tail(r.out, 9)}`);
    },
  );

  const isolation: string[] = [];
  const allowlistUsed = new Set<string>();
  step("stage isolation: each partial handout passes its stages and not the later ones", () => {
    // The last partial handout has every stage solved: it is the reference without markers (checked above).
    trees.slice(1, -1).forEach((t, i) => {
      // The repository's grader (byte-identical to the handout's, checked above) keeps Jest's cache warm.
      const g = gradeTree(REPO, all, t.label, path.join(t.dir, "raft"));
      for (const e of g.fileErrors) fail(`${t.label}: a test file did not run: ${e}`);
      const solvedIds = all.slice(0, i + 1);
      for (const s of solvedIds) {
        const ids = catalogIds(s);
        const failed = ids.filter((id) => g.byId.get(id)?.passed !== true);
        if (failed.length > 0)
          fail(`${t.label}: solved stage ${s} does not fully pass: ${failed.join(", ")}`);
      }
      const later: string[] = [];
      for (const s of all.slice(i + 1)) {
        const ids = catalogIds(s);
        const passed = ids.filter((id) => g.byId.get(id)?.passed === true);
        later.push(`${s} ${passed.length}/${ids.length}`);
        if (ids.length > 0 && passed.length === ids.length) fail(`${t.label}: later stage ${s} fully passes`);
        for (const id of passed) {
          allowlistUsed.add(id);
          if (ISOLATION_ALLOWLIST[id] === undefined) {
            fail(
              `${t.label}: later-stage test ${id} passes with only stages ${solvedIds.join(",")} solved (not on the allowlist)`,
            );
          }
        }
      }
      const line = `${t.label}: solved ${solvedIds.join(",")} pass; later stages passing: ${later.join(", ") || "none"}`;
      isolation.push(line);
      ok(line);
    });
  });
  fs.writeFileSync(path.join(WORK, "isolation.txt"), isolation.join("\n") + "\n");
  if (isolation.length === trees.length - 2) {
    // Every partial handout was graded: an allowlist entry that no longer passes early is stale.
    const stale = Object.keys(ISOLATION_ALLOWLIST).filter((id) => !allowlistUsed.has(id));
    if (stale.length > 0)
      fail(`stale entries in grader/handout/isolation.ts (remove them): ${stale.join(", ")}`);
  }

  const jobs = await background;
  step(
    `lint results of the background jobs (they took ${((Date.now() - bgStart) / 1000).toFixed(1)} s)`,
    () => {
      for (const j of jobs) {
        if (j.status === 0) ok(j.name);
        else fail(`${j.name} failed (exit ${j.status}):\n${tail(j.out, 40)}`);
      }
    },
  );
}

// ---------- the autograder checks ----------

function checkAutograder(): void {
  const zipFile = path.join(WORK, "autograder.zip");
  step("build the Gradescope bundle", () => {
    const r = buildAutograder({ repo: REPO, out: zipFile });
    const names = new AdmZip(zipFile).getEntries().map((e) => e.entryName);
    for (const must of [
      "setup.sh",
      "run_autograder",
      "config.json",
      "raftlab/grader/runner/cli.ts",
      "raftlab/raft/raft.ts",
    ]) {
      if (!names.includes(must)) fail(`the bundle has no ${must}`);
    }
    const staff = names.filter((n) => /^raftlab\/(grader\/handout|grader\/selftest|bench|\.ci)\//.test(n));
    if (staff.length > 0) fail(`the bundle holds staff files: ${staff.slice(0, 5).join(", ")}`);
    ok(`${r.entries} entries, ${(fs.statSync(zipFile).size / 1024).toFixed(0)} KiB`);
  });
  const handout = path.join(WORK, "ag-handout");
  step("make a handout to submit from", () => {
    generateHandout({ repo: REPO, out: handout, solved: new Set(), git: false });
  });
  const stages = defaultStages(REPO);
  const maxScore = stages
    .flatMap((s) => CATALOGS[s as keyof typeof CATALOGS] ?? [])
    .reduce((a, t) => a + t.points, 0);

  // One Gradescope-like root, set up once (as Gradescope builds its image once); each submission
  // then gets a fresh submission/ and results/ folder, as in a new container.
  const root = path.join(WORK, "gs");
  const env = { RAFTLAB_AUTOGRADER_ROOT: root };
  step("unpack the bundle into a Gradescope-like root and run setup.sh", () => {
    new AdmZip(zipFile).extractAllTo(path.join(root, "source"), true, true);
    for (const f of ["setup.sh", "run_autograder"]) {
      if ((fs.statSync(path.join(root, "source", f)).mode & 0o111) === 0)
        fail(`${f} is not executable in the zip`);
    }
    fs.symlinkSync(
      path.join(REPO, "node_modules"),
      path.join(root, "source", "raftlab", "node_modules"),
      "dir",
    );
    fs.copyFileSync(path.join(root, "source", "run_autograder"), path.join(root, "run_autograder"));
    const setup = run(path.join(root, "source", "setup.sh"), [], root, env);
    if (setup.status !== 0) throw new Error(`setup.sh failed:\n${tail(setup.out)}`);
    ok(tail(setup.out, 1));
  });

  const gradescope = (
    name: string,
    fill: (sub: string) => void,
  ): { score: number; output: string } | undefined =>
    step(`Gradescope run: ${name}`, () => {
      for (const d of ["submission", "results"])
        fs.rmSync(path.join(root, d), { recursive: true, force: true });
      fs.mkdirSync(path.join(root, "submission"), { recursive: true });
      fill(path.join(root, "submission"));
      const r = run(path.join(root, "run_autograder"), [], root, env);
      fs.writeFileSync(path.join(WORK, `gs-${name}.out`), r.out);
      const file = path.join(root, "results", "results.json");
      if (r.status !== 0 || !fs.existsSync(file))
        throw new Error(`run_autograder failed (${r.status}):\n${tail(r.out)}`);
      fs.copyFileSync(file, path.join(WORK, `gs-${name}.results.json`));
      const res = JSON.parse(fs.readFileSync(file, "utf8")) as {
        score: number;
        output: string;
        tests: { score: number; max_score: number; status: string }[];
      };
      const max = res.tests.reduce((a, t) => a + t.max_score, 0);
      if (max !== maxScore)
        fail(`${name}: max score ${max}, expected ${maxScore} (stages ${stages.join(",")})`);
      ok(
        `${name}: score ${res.score}/${max}, ${res.tests.filter((t) => t.status === "passed").length}/${res.tests.length} tests passed`,
      );
      return { score: res.score, output: res.output };
    });

  const copyTree = (from: string, to: string): void => {
    fs.cpSync(from, to, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
  };

  const refRun = gradescope("reference", (sub) => {
    copyTree(handout, sub);
    for (const f of STUDENT_FILES) fs.copyFileSync(path.join(REPO, f), path.join(sub, f));
  });
  if (refRun !== undefined && refRun.score !== maxScore)
    fail(`reference: score ${refRun.score}, expected ${maxScore}`);
  if (refRun !== undefined && !/No other submitted file differs/.test(refRun.output)) {
    fail(`reference: the output lists ignored files:\n${refRun.output.slice(0, 800)}`);
  }

  const handoutRun = gradescope("handout", (sub) => copyTree(handout, sub));
  if (handoutRun !== undefined && handoutRun.score !== 0)
    fail(`handout: score ${handoutRun.score}, expected 0`);

  // A cheat that works when honoured: every graded test becomes an empty test, and the proto is changed.
  const cheat = (root: string): void => {
    const graded = path.join(root, "grader", "harness", "graded.ts");
    const text = fs.readFileSync(graded, "utf8");
    if (!text.includes("test(testName(info), fn);")) throw new Error("graded.ts changed; update the cheat");
    fs.writeFileSync(
      graded,
      text.replace("test(testName(info), fn);", "test(testName(info), () => undefined);"),
    );
    fs.appendFileSync(path.join(root, "proto", "eraftpb.proto"), "\n// cheat\n");
    fs.appendFileSync(path.join(root, "raft", "storage.ts"), "\n// cheat\n");
    fs.writeFileSync(path.join(root, "notes.txt"), "a new file outside raft/\n");
  };
  step("the cheat works when it is honoured (grading the cheater's own tree)", () => {
    const tree = path.join(WORK, "cheat-tree");
    copyTree(handout, tree);
    cheat(tree);
    prepare(tree);
    const g = gradeTree(tree, ["2a"], "cheat-tree");
    const ids = catalogIds("2a");
    const passed = ids.filter((id) => g.byId.get(id)?.passed === true).length;
    if (passed !== ids.length)
      fail(`the cheat does not work on its own tree (${passed}/${ids.length}); the check proves nothing`);
    else ok(`in its own tree the cheat passes ${passed}/${ids.length} of stage 2a`);
  });
  const cheatRun = gradescope("cheater", (sub) => {
    copyTree(handout, sub);
    cheat(sub);
  });
  if (cheatRun !== undefined) {
    if (cheatRun.score !== 0)
      fail(`cheater: score ${cheatRun.score}, expected 0 (graded as if the cheat were not there)`);
    for (const f of ["grader/harness/graded.ts", "proto/eraftpb.proto", "raft/storage.ts", "notes.txt"]) {
      if (!cheatRun.output.includes(f)) fail(`cheater: the output does not name ${f} as ignored`);
    }
    ok(`cheater output:\n${cheatRun.output.split("\n\n")[0]}`);
  }
}

async function main(): Promise<void> {
  const what = process.argv[2];
  if (what !== "handout" && what !== "autograder") {
    console.error("usage: e2e.ts handout|autograder");
    process.exitCode = 2;
    return;
  }
  const t0 = Date.now();
  // Each check has its own folder, so the two can run at the same time (make -j).
  WORK = path.join(REPO, ".raftlab", "handout-check", what);
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  if (what === "handout") await checkHandout();
  else checkAutograder();
  console.log(`\n== timings (${what})`);
  for (const [t, s] of timings) console.log(`  ${s.toFixed(1).padStart(6)} s  ${t}`);
  console.log(`  ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  total`);
  if (failures.length > 0) {
    console.log(`\n${failures.length} check(s) FAILED:`);
    for (const f of failures) console.log(`  - ${f.split("\n")[0]}`);
    process.exitCode = 1;
  } else {
    console.log(`\nall ${what} checks passed`);
  }
}

void main();
