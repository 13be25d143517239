import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { collectSubmission, findSubmissionRoot, mergeResults } from "./gradescope";

let tmp: string;
function write(root: string, files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), text);
  }
}
const PRISTINE = {
  "raft/raft.ts": "stub raft\n",
  "raft/log.ts": "stub log\n",
  "raft/rawnode.ts": "stub rawnode\n",
  "raft/storage.ts": "given storage\n",
  "raft/eraftpb.ts": "generated\n",
  "proto/eraftpb.proto": "proto\n",
  "grader/harness/graded.ts": "graded\n",
  "README.md": "readme\n",
};

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "raftlab-gradescope-test-"));
  write(path.join(tmp, "pristine"), PRISTINE);
  fs.mkdirSync(path.join(tmp, "work", "raft"), { recursive: true });
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function collect(sub: Record<string, string>): ReturnType<typeof collectSubmission> {
  write(path.join(tmp, "sub"), sub);
  return collectSubmission(path.join(tmp, "sub"), path.join(tmp, "pristine"), path.join(tmp, "work", "raft"));
}

test("takes the three student files and new files under raft/, ignores and lists everything else that changed", () => {
  const c = collect({
    ...PRISTINE,
    "raft/raft.ts": "mine raft\n",
    "raft/log.ts": "mine log\n",
    "raft/rawnode.ts": "mine rawnode\n",
    "raft/helpers/quorum.ts": "my helper\n",
    "raft/storage.ts": "my storage\n",
    "raft/eraftpb.ts": "my generated\n",
    "proto/eraftpb.proto": "proto with a new field\n",
    "grader/harness/graded.ts": "every test passes\n",
    "notes.txt": "new\n",
    "node_modules/x/index.js": "ignored silently\n",
    ".git/HEAD": "ignored silently\n",
  });
  expect(c.taken).toEqual(["raft/helpers/quorum.ts", "raft/log.ts", "raft/raft.ts", "raft/rawnode.ts"]);
  expect(c.missing).toEqual([]);
  expect(c.ignored.map((i) => i.file)).toEqual([
    "grader/harness/graded.ts",
    "notes.txt",
    "proto/eraftpb.proto",
    "raft/eraftpb.ts",
    "raft/storage.ts",
  ]);
  expect(c.ignored.find((i) => i.file === "notes.txt")!.why).toMatch(/outside raft\//);
  const work = path.join(tmp, "work", "raft");
  expect(fs.readFileSync(path.join(work, "raft.ts"), "utf8")).toBe("mine raft\n");
  expect(fs.readFileSync(path.join(work, "helpers/quorum.ts"), "utf8")).toBe("my helper\n");
  expect(fs.existsSync(path.join(work, "storage.ts"))).toBe(false);
});

test("finds the files in a zipped repository folder, or uploaded alone; reports missing ones", () => {
  write(path.join(tmp, "nested"), {
    "raftlab-main/raft/raft.ts": "x\n",
    "raftlab-main/README.md": "readme\n",
  });
  expect(findSubmissionRoot(path.join(tmp, "nested")).root).toBe(path.join(tmp, "nested", "raftlab-main"));
  const c = collect({ "raft.ts": "alone\n", "log.ts": "alone\n" });
  expect(c.taken).toEqual(["raft/log.ts", "raft/raft.ts"]);
  expect(c.missing).toEqual(["raft/rawnode.ts"]);
});

test("does not follow symbolic links", () => {
  fs.mkdirSync(path.join(tmp, "sub", "raft"), { recursive: true });
  fs.symlinkSync("/etc/passwd", path.join(tmp, "sub", "raft", "raft.ts"));
  const c = collectSubmission(
    path.join(tmp, "sub"),
    path.join(tmp, "pristine"),
    path.join(tmp, "work", "raft"),
  );
  expect(c.taken).toEqual([]);
  expect(c.ignored).toEqual([
    { file: "raft/raft.ts", why: expect.stringMatching(/symbolic links/) as string },
  ]);
});

test("puts the notice in front of the grader's summary and makes it visible", () => {
  const file = path.join(tmp, "results.json");
  fs.writeFileSync(
    file,
    JSON.stringify({
      score: 3,
      output: "Score 3/9",
      visibility: "visible",
      stdout_visibility: "hidden",
      tests: [],
    }),
  );
  const r = mergeResults(file, "Ignored: proto/eraftpb.proto");
  expect(r.output).toBe("Ignored: proto/eraftpb.proto\n\nScore 3/9");
  expect(r.stdout_visibility).toBe("visible");
  expect(r.score).toBe(3);
});
