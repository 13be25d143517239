// The grader's runner: option parsing, test selection, workspaces, output
// formats, section ordering, and the command line end to end (exit codes,
// failure blocks, determinism, pass rates) on the fixture stages.

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { SectionedOutput } from "../runner/grade";
import { UsageError, loadConfig, parseArgs, selectTests } from "../runner/options";
import { writeOutputs } from "../runner/outputs";
import { stripTimings } from "../runner/report";
import { cleanStack, namePattern } from "../runner/stage-runner";
import { GradeResult, StagePlan, TestOutcome } from "../runner/types";
import {
  REPO_ROOT,
  WorkspaceError,
  applyPatch,
  buildSubmissionWorkspace,
  createWorkspace,
  removeWorkspace,
} from "../runner/workspace";
import { FIXTURE_PLANS, FX_CATALOG } from "./fixtures/stages/catalog";
import { FIXTURE_STAGES_MODULE, gradeFixture, toySubmission } from "./hostile/build";
import { checkClassroom, checkGradescope, checkJUnit } from "./outputs-check";

jest.setTimeout(120_000);

const config = loadConfig();
const REAL_LIKE: StagePlan[] = [
  ...FIXTURE_PLANS,
  { id: "zz", tag: "ZZ", title: "Off by default", tests: [{ ...FX_CATALOG[0], id: "ZZ-1" }] },
];

describe("options", () => {
  test("parses every flag and rejects bad values with a UsageError", () => {
    const o = parseArgs(
      [
        "--stage",
        "2a,2B",
        "--test=2A-5",
        "--seed",
        "7",
        "--runs",
        "3",
        "--verbose",
        "--autograder",
        "--jobs",
        "1",
      ],
      config,
      2,
    );
    expect([o.stages, o.test, o.seed, o.runs, o.verbose, o.autograder, o.jobs]).toEqual([
      ["2a", "2b"],
      "2A-5",
      7,
      3,
      true,
      true,
      1,
    ]);
    expect(parseArgs([], config, 1).jobs).toBe(1);
    for (const bad of [["--seed", "x"], ["--runs", "0"], ["--seed"], ["--frobnicate"], ["--seed", "-1"]]) {
      expect(() => parseArgs(bad, config, 2)).toThrow(UsageError);
    }
  });

  test("the staff settings file is valid and budgets come from it", () => {
    const o = parseArgs([], config, 2);
    expect(o.budgets.perTestMs).toBe(config.budgets.perTestSeconds * 1000);
    expect(o.budgets.memoryMb).toBe(config.budgets.memoryMb);
    expect(config.defaultStages).toEqual(["2a", "2b", "2c"]);
  });

  test("selects default stages, explicit stages, ids, globs and title words", () => {
    expect(selectTests(REAL_LIKE, ["fx", "fy"], undefined, undefined).plans.map((p) => p.id)).toEqual([
      "fx",
      "fy",
    ]);
    expect(selectTests(REAL_LIKE, ["fx", "fy"], ["zz"], undefined).plans.map((p) => p.id)).toEqual(["zz"]);
    // A test id of a stage that is off by default still selects it.
    const z = selectTests(REAL_LIKE, ["fx", "fy"], undefined, "zz-1");
    expect([z.plans.map((p) => p.id), [...z.only!]]).toEqual([["zz"], ["ZZ-1"]]);
    expect([...selectTests(REAL_LIKE, ["fx"], undefined, "FX-1").only!]).toEqual(["FX-1"]);
    expect([...selectTests(REAL_LIKE, ["fx"], undefined, "FX-*,FY-3").only!].sort()).toEqual([
      "FX-1",
      "FX-2",
      "FX-3",
      "FX-4",
      "FX-5",
      "FY-3",
    ]);
    expect([...selectTests(REAL_LIKE, ["fx"], undefined, "hup").only!]).toEqual(["FX-3"]);
    expect(() => selectTests(REAL_LIKE, ["fx"], undefined, "FX-99")).toThrow(
      /no graded test matches "FX-99"/,
    );
    expect(() => selectTests(REAL_LIKE, ["fx"], ["9z"], undefined)).toThrow(/unknown stage "9z"/);
  });

  test("the Jest name pattern matches exactly the given ids", () => {
    const re = new RegExp(namePattern(["FX-1", "2A-1"]));
    expect(["FX-1 a title", "2A-1 t", "describe 2A-1 t"].every((n) => re.test(n))).toBe(true);
    expect(["FX-10 a title", "2A-11 t", "X2A-1 t"].some((n) => re.test(n))).toBe(false);
  });
});

describe("workspaces", () => {
  test("a submission brings its own student files and new files; replacements of given files are ignored", () => {
    const sub = path.join(REPO_ROOT, ".raftlab", "selftest", "ws-sub");
    fs.rmSync(sub, { recursive: true, force: true });
    fs.mkdirSync(path.join(sub, "raft", "extra"), { recursive: true });
    for (const f of ["raft.ts", "log.ts", "rawnode.ts"])
      fs.writeFileSync(path.join(sub, "raft", f), `// student ${f}\n`);
    fs.writeFileSync(path.join(sub, "raft", "storage.ts"), "// hacked storage\n");
    fs.writeFileSync(path.join(sub, "raft", "extra", "helper.ts"), "export const x = 1;\n");
    const ws = buildSubmissionWorkspace(sub, { name: "ws-test" });
    try {
      expect(ws.ignoredFiles).toEqual(["raft/storage.ts"]);
      expect(ws.studentFiles).toEqual([
        "raft/extra/helper.ts",
        "raft/log.ts",
        "raft/raft.ts",
        "raft/rawnode.ts",
      ]);
      expect(fs.readFileSync(path.join(ws.raftDir, "raft.ts"), "utf8")).toBe("// student raft.ts\n");
      expect(fs.readFileSync(path.join(ws.raftDir, "storage.ts"), "utf8")).toBe(
        fs.readFileSync(path.join(REPO_ROOT, "raft", "storage.ts"), "utf8"),
      );
      expect(fs.existsSync(path.join(ws.raftDir, "eraftpb.ts"))).toBe(true);
      fs.rmSync(path.join(sub, "raft", "log.ts"));
      expect(() => buildSubmissionWorkspace(sub, { name: "ws-test2" })).toThrow(/has no log\.ts/);
      expect(() => buildSubmissionWorkspace(path.join(sub, "nope"))).toThrow(WorkspaceError);
    } finally {
      removeWorkspace(ws);
    }
  });

  test("a patch must find its text exactly once", () => {
    const ws = createWorkspace("patch-test");
    try {
      fs.writeFileSync(path.join(ws.raftDir, "t.ts"), "a b a c\n");
      expect(() => applyPatch(ws, { file: "t.ts", find: "a", replace: "x" }, "m1")).toThrow(
        /m1: the text to find occurs 2 times/,
      );
      expect(() => applyPatch(ws, { file: "t.ts", find: "zz", replace: "x" })).toThrow(/occurs 0 times/);
      expect(() => applyPatch(ws, { file: "none.ts", find: "a", replace: "x" })).toThrow(/does not exist/);
      applyPatch(ws, { file: "t.ts", find: "b", replace: "$&$1" });
      expect(fs.readFileSync(path.join(ws.raftDir, "t.ts"), "utf8")).toBe("a $&$1 a c\n");
    } finally {
      removeWorkspace(ws);
    }
  });

  test("load-error stacks keep only the student's and the tests' frames", () => {
    const raftDir = "/x/.raftlab/ws/s/raft";
    const text = [
      "Error: boom",
      "    at refuse (/r/grader/jest/setup.ts:24:9)",
      "    at Object.<anonymous> (/x/.raftlab/ws/s/raft/toy.ts:8:54)",
      "    at ModuleExecutor.exec (/r/node_modules/jest-runtime/build/index.js:3055:26)",
      "    at Array.reduce (<anonymous>)",
    ].join("\n");
    expect(cleanStack(text, raftDir)).toBe("Error: boom\n    at Object.<anonymous> (raft/toy.ts:8:54)");
  });
});

describe("output ordering", () => {
  test("sections print in order: the head streams, later ones wait", () => {
    const lines: string[] = [];
    const out = new SectionedOutput(3, (l) => lines.push(l));
    out.line(1, "b1");
    out.line(0, "a1");
    out.line(2, "c1");
    out.finish(2);
    out.line(1, "b2");
    expect(lines).toEqual(["a1"]);
    out.finish(0);
    expect(lines).toEqual(["a1", "b1", "b2"]);
    out.finish(1);
    expect(lines).toEqual(["a1", "b1", "b2", "c1"]);
  });
});

function outcome(id: string, passed: boolean, message = ""): TestOutcome {
  const info = FX_CATALOG.find((t) => t.id === id)!;
  return {
    id,
    title: info.title,
    stage: "fx",
    points: info.points,
    passed,
    kind: passed ? undefined : "assertion",
    message,
    where: [],
    output: "",
    outputBytes: 0,
    ms: 3,
    seed: 1,
  };
}

describe("output files", () => {
  test("Gradescope, JUnit, Classroom and Markdown are valid, agree with the verdicts and survive hostile text", () => {
    const nasty = 'expected <1> & "2"\u0000\u001b[31m]]> \ud800 end';
    const result: GradeResult = {
      stages: [
        {
          plan: FIXTURE_PLANS[0],
          outcomes: [outcome("FX-1", true), outcome("FX-2", false, nasty), outcome("FX-3", true)],
          notes: [],
          ms: 40,
        },
      ],
      seeds: [1],
      ignoredFiles: [],
      ms: 1234,
    };
    const dir = path.join(REPO_ROOT, ".raftlab", "selftest", "outputs");
    const summary = path.join(dir, "step-summary.md");
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(summary, "previous step\n");
    const w = writeOutputs(dir, { result, summary: "Typecheck: OK" }, { GITHUB_STEP_SUMMARY: summary });
    const gs = checkGradescope(w.gradescope);
    expect(gs.score).toBe(4);
    expect(gs.tests.map((t) => [t.number, t.status, t.score, t.max_score])).toEqual([
      ["FX-1", "passed", 2, 2],
      ["FX-2", "failed", 0, 3],
      ["FX-3", "passed", 2, 2],
    ]);
    expect(gs.tests[1].output).toContain("Hint: Fixture hint for FX-2.");
    expect(gs.tests[1].output).toContain("Rerun: make grade TEST=FX-2 SEED=1");
    const cases = checkJUnit(w.junit);
    expect(cases.map((c) => [c.name, c.failure !== undefined])).toEqual([
      ["FX-1 a new toy is a follower at term 0", false],
      ["FX-2 ticks start an election", true],
      ["FX-3 hup starts an election", false],
    ]);
    expect(cases[1].failure!.message).toContain('expected <1> & "2"');
    const cr = checkClassroom(w.classroom);
    expect([cr.status, cr.max_score, cr.tests.map((t) => t.score)]).toEqual(["fail", 7, [2, 0, 2]]);
    const md = fs.readFileSync(summary, "utf8");
    expect(md.startsWith("previous step\n## raftlab grade")).toBe(true);
    expect(md).toContain("| FX | Fixture stage X | 2/3 | 4/7 |");
    expect(md).toContain("| FX-2 ticks start an election |");
  });
});

function cli(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(
    process.execPath,
    [
      path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
      path.join(REPO_ROOT, "grader", "runner", "cli.ts"),
      ...args,
    ],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, GITHUB_STEP_SUMMARY: "", RAFTLAB_RAFT_DIR: "" },
    },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("command line, end to end on the fixture stages", () => {
  const broken = [
    {
      find: '    if (m.type === "hup") this.campaign();\n',
      replace: '    if (m.type === "hup") {\n      this.campaign();\n      this.term++;\n    }\n',
    },
  ];

  test("a failing grade: exit 1, live lines, a failure block with everything, the score table; same seed, same output", () => {
    const sub = toySubmission("cli-broken", broken);
    const args = [
      "--stages-module",
      FIXTURE_STAGES_MODULE,
      "--stage",
      "fx",
      "--submission",
      sub,
      "--output",
      path.join(REPO_ROOT, ".raftlab", "selftest", "cli-out"),
      "--no-typecheck",
    ];
    const a = cli(args);
    expect({ code: a.code, err: a.err.replace(/npm warn.*\n/g, "") }).toEqual({ code: 1, err: "" });
    expect(a.out).toMatch(/^ {2}PASS {2}FX-1 {4}a new toy is a follower at term 0 {2}\(2\/2 pts, \d+ ms\)$/m);
    expect(a.out).toMatch(
      /^ {2}FAIL {2}FX-3 {4}hup starts an election {2}\(0\/2 pts, \d+ ms\) {2}the toy's term after a hup$/m,
    );
    const block = a.out.slice(a.out.indexOf("FAIL FX-3 hup starts an election  (0/2 pts)"));
    for (const part of [
      "  Checks   A hup message makes the toy a candidate at term 1.",
      "  Problem  the toy's term after a hup\n             expected: 1\n             actual:   2",
      "  Hint     Fixture hint for FX-3.",
      "  Read     docs/en/grading.md#fixture",
      `  Rerun    make grade TEST=FX-3 SEED=1 SUBMISSION=${sub}`,
    ]) {
      expect(block).toContain(part);
    }
    expect(a.out).toMatch(/^ {2}FX +Fixture stage X +4\/5 +7\/9$/m);
    expect(a.out).not.toContain("\u001b[");
    const b = cli([...args, "--autograder"]);
    expect(b.code).toBe(0);
    expect(stripTimings(b.out)).toBe(stripTimings(a.out));
  });

  test("the grader itself cannot run: exit 2 with a clear message", () => {
    const r = cli(["--stage", "9z"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('make grade: unknown stage "9z"; known stages: 2a, 2b, 2c, 3a');
    const s = cli(["--submission", "/nonexistent/dir"]);
    expect(s.code).toBe(2);
    expect(s.err).toContain("submission folder /nonexistent/dir does not exist");
  });

  test("RUNS=n grades each test with n seeds and reports pass rates", async () => {
    const g = await gradeFixture(
      toySubmission("cli-runs", broken),
      path.join(REPO_ROOT, ".raftlab", "selftest", "runs-out"),
      ["--runs", "2", "--test", "FX-3,FX-4", "--seed", "5", "--no-typecheck"],
    );
    const os = g.result.stages.flatMap((s) => s.outcomes);
    expect(os.map((o) => [o.id, o.seed, o.passed])).toEqual([
      ["FX-3", 5, false],
      ["FX-3", 6, false],
      ["FX-4", 5, true],
      ["FX-4", 6, true],
    ]);
    const text = g.lines.join("\n");
    expect(text).toContain("Pass rates over 2 seeds (5..6)");
    expect(text).toMatch(/FX-3 +0\/2 {2}hup starts an election/);
    expect(text).toMatch(/FX-4 +2\/2 {2}the timeout comes from the seeded Math.random/);
    expect(text).toContain("Passed   0/2 runs; failed with seeds 5, 6");
    expect(text).toContain("make grade TEST=FX-3 SEED=5");
  });
});
