import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HandoutError, generateHandout } from "./generate";
import { STAFF_ONLY_PACKAGES } from "./manifest";
import { MarkerError } from "./markers";
import { compareTrees } from "./verify";

// A miniature reference repository in a temporary folder.
const FILES: Record<string, string> = {
  "README.md": "staff readme\n",
  Makefile:
    "all:\n\t# @solution-begin STAFF\n\techo staff\n\t# @solution-stub\n\t# echo student\n\t# @solution-end\n",
  "raft/raft.ts": [
    "export function tick(): number {",
    "  // @solution-begin 2A",
    "  const timeout = computeTheElectionTimeoutFromTheSeed(42);",
    "  const doubled = timeout * 2 + timeout;",
    "  return doubled - timeout - timeout;",
    "  // @solution-stub",
    '  // throw new Error("not implemented: tick (2A)");',
    "  // @solution-end",
    "}",
    "",
    "// @solution-begin 2B",
    "function computeTheElectionTimeoutFromTheSeed(seed: number): number {",
    "  return seed;",
    "}",
    "// @solution-end",
    "",
  ].join("\n"),
  "raft/raft.test.ts": "// tests of the reference\n",
  "raft/storage.ts": "export const given = 1;\n",
  "raft/storage.test.ts": "// tests of given code\n",
  "grader/selftest/mutants/2a.ts": "// derived from the reference\n",
  "grader/make/selftest.mk": "TEST_TARGETS += selftest\n",
  "grader/stages/2a/election.test.ts": "// a graded test\n",
  "grader/harness/network.test.ts": "// a unit test of the harness\n",
  "grader/handout/overlay/README.md": "student readme\n",
  "grader/handout/overlay/grader/make/student.mk": "TEST_TARGETS += grade\n",
  ".ci/run": "#!/usr/bin/env bash\nmake test\n",
};

let tmp: string;
let repo: string;

function write(root: string, files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), text);
  }
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "raftlab-handout-test-"));
  repo = path.join(tmp, "repo");
  write(repo, FILES);
  fs.chmodSync(path.join(repo, ".ci/run"), 0o755);
  git(repo, "init", "-q");
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("generateHandout", () => {
  test("stubs the solution, keeps given code, leaves out staff files, adds the overlay", () => {
    const out = path.join(tmp, "out");
    const report = generateHandout({ repo, out, solved: new Set() });
    expect(report.files).toEqual([
      "Makefile",
      "README.md",
      "grader/make/student.mk",
      "grader/stages/2a/election.test.ts",
      "raft/raft.ts",
      "raft/storage.test.ts",
      "raft/storage.ts",
    ]);
    expect(report.excluded.map((e) => e.file).sort()).toEqual([
      ".ci/run",
      "grader/handout/overlay/README.md",
      "grader/handout/overlay/grader/make/student.mk",
      "grader/harness/network.test.ts",
      "grader/make/selftest.mk",
      "grader/selftest/mutants/2a.ts",
      "raft/raft.test.ts",
    ]);
    expect(fs.readFileSync(path.join(out, "raft/raft.ts"), "utf8")).toBe(
      'export function tick(): number {\n  // Your Code Here (2A).\n  throw new Error("not implemented: tick (2A)");\n}\n',
    );
    expect(fs.readFileSync(path.join(out, "Makefile"), "utf8")).toBe("all:\n\techo student\n");
    expect(fs.readFileSync(path.join(out, "README.md"), "utf8")).toBe("student readme\n");
    expect(report.regions).toEqual({
      "2A": { total: 1, stubbed: 1 },
      "2B": { total: 1, stubbed: 1 },
      STAFF: { total: 1, stubbed: 1 },
    });
    const given = report.files.filter((f) => !["README.md", "grader/make/student.mk"].includes(f));
    expect(compareTrees(repo, out, given, new Set())).toEqual([]);
  });

  test("is one commit with a fixed author and date, the same for the same input", () => {
    const a = generateHandout({ repo, out: path.join(tmp, "a"), solved: new Set() });
    const b = generateHandout({ repo, out: path.join(tmp, "b"), solved: new Set() });
    expect(a.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(b.commit).toBe(a.commit);
    expect(git(path.join(tmp, "a"), "rev-list", "--count", "HEAD")).toBe("1");
    expect(git(path.join(tmp, "a"), "log", "--format=%an <%ae> %aI")).toBe(
      "raftlab course staff <raftlab-staff@users.noreply.example> 2024-01-01T00:00:00+00:00",
    );
    expect(git(path.join(tmp, "a"), "status", "--porcelain")).toBe("");
  });

  test("a partial handout keeps the solved stages", () => {
    const out = path.join(tmp, "out");
    generateHandout({ repo, out, solved: new Set(["2A", "2B"]), git: false });
    const text = fs.readFileSync(path.join(out, "raft/raft.ts"), "utf8");
    expect(text).toContain("const timeout = computeTheElectionTimeoutFromTheSeed(42);");
    expect(text).toContain("function computeTheElectionTimeoutFromTheSeed(seed: number): number {");
    expect(text).not.toContain("@solution");
    expect(compareTrees(repo, out, ["raft/raft.ts"], new Set(["2A", "2B"]))).toEqual([]);
  });

  test("fails with file and line on a malformed marker, writing nothing", () => {
    write(repo, { "raft/log.ts": "a\n// @solution-begin 2A\nb\n" });
    const out = path.join(tmp, "out");
    const e = (() => {
      try {
        generateHandout({ repo, out, solved: new Set() });
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(MarkerError);
    expect((e as MarkerError).message).toMatch(/^raft\/log\.ts:2: .*never closed/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test("refuses to leak solution code copied into another shipped file", () => {
    const copy = [
      "// a helper that copied the solution",
      "const timeout = computeTheElectionTimeoutFromTheSeed(42);",
      "const doubled = timeout * 2 + timeout;",
      "return doubled - timeout - timeout;",
      "",
    ].join("\n");
    write(repo, { "grader/stages/2a/helper.ts": copy });
    const out = path.join(tmp, "out");
    expect(() => generateHandout({ repo, out, solved: new Set() })).toThrow(
      /grader\/stages\/2a\/helper\.ts:2 holds solution code/,
    );
    expect(fs.existsSync(out)).toBe(false);
    // Once 2A is solved, that line is no longer secret.
    expect(() => generateHandout({ repo, out, solved: new Set(["2A", "2B"]), git: false })).not.toThrow();
  });

  test("leaves the staff-only packages out of package.json and package-lock.json", () => {
    const staff = Object.keys(STAFF_ONLY_PACKAGES);
    const devDependencies = Object.fromEntries(["tsx", ...staff].map((n) => [n, "1.0.0"]));
    const packages: Record<string, object> = { "": { name: "lab", devDependencies } };
    for (const n of ["tsx", ...staff]) packages[`node_modules/${n}`] = { version: "1.0.0", dev: true };
    const json = (v: unknown): string => JSON.stringify(v, null, 2) + "\n";
    write(repo, {
      "package.json": json({ name: "lab", devDependencies }),
      "package-lock.json": json({ name: "lab", lockfileVersion: 3, requires: true, packages }),
    });
    const out = path.join(tmp, "out");
    generateHandout({ repo, out, solved: new Set(), git: false });
    const pkg = JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8")) as {
      devDependencies: object;
    };
    expect(pkg.devDependencies).toEqual({ tsx: "1.0.0" });
    const lock = JSON.parse(fs.readFileSync(path.join(out, "package-lock.json"), "utf8")) as {
      packages: object;
    };
    expect(Object.keys(lock.packages)).toEqual(["", "node_modules/tsx"]);
  });

  test("refuses a handout in which a shipped file imports a staff-only package", () => {
    const [name] = Object.keys(STAFF_ONLY_PACKAGES);
    write(repo, {
      "package.json": JSON.stringify({ devDependencies: { [name]: "1.0.0" } }),
      "grader/stages/2a/uses-staff.ts": `import x from "${name}/sub";\nexport default x;\n`,
    });
    const out = path.join(tmp, "out");
    expect(() => generateHandout({ repo, out, solved: new Set() })).toThrow(
      new RegExp(`grader/stages/2a/uses-staff\\.ts imports ${name}, which the handout leaves out`),
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  test("refuses a non-empty output folder and one inside the repository", () => {
    const out = path.join(tmp, "out");
    write(out, { "keep.txt": "mine\n" });
    expect(() => generateHandout({ repo, out, solved: new Set() })).toThrow(HandoutError);
    expect(fs.readFileSync(path.join(out, "keep.txt"), "utf8")).toBe("mine\n");
    expect(() => generateHandout({ repo, out: path.join(repo, "handout"), solved: new Set() })).toThrow(
      /inside the repository/,
    );
  });
});
