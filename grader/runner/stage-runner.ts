// Runs one stage's graded tests in a Jest process of its own and survives
// whatever the implementation under test does.
//
// - The Jest process runs in band, in its own process group, with a heap limit.
// - The test environment appends each test's start and end to a record file
//   synchronously (grader/jest/record.ts); the reporter adds load errors.
// - A watchdog polls the record: a test running longer than the per-test
//   budget, a file that loads for too long, or a stage past its budget gets
//   the whole process group killed.
// - The test that started and never finished is failed with the reason
//   (timed out, out of memory, process ended), and the stage is run again
//   without it and without every test already recorded, until every selected
//   test has a verdict or no progress is possible.
// - Tests that never ran are failed with the load error of their file.
// The exit code of Jest is never used as a verdict.

import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { idFromTestName } from "../harness/graded";
import type { RecordEvent } from "../jest/record";
import { FailureKind, StagePlan, StageResult, TestOutcome } from "./types";
import { REPO_ROOT } from "./workspace";

/** Time and memory limits of a graded run (see grader/runner/README.md). */
export interface Budgets {
  /** Longest a single test may run. */
  perTestMs: number;
  /** Longest a whole stage may run, re-runs included. */
  perStageMs: number;
  /** Longest Jest may take to start and load the first test file. */
  startupMs: number;
  /** Longest a later test file may take to load (with the code it imports) before its first test starts. */
  loadMs: number;
  /** Heap limit of the Jest process (--max-old-space-size). */
  memoryMb: number;
}

export interface StageRunOptions {
  raftDir: string;
  seed: number;
  budgets: Budgets;
  /** Ids to run; every test of the stage when undefined. */
  only?: ReadonlySet<string>;
  /** Test files to run (absolute); every file of the stage when undefined. */
  files?: readonly string[];
  /** Folder for the record files of this run. */
  scratch: string;
  /** Called as each test gets its verdict, in the order verdicts arrive. */
  onOutcome?: (o: TestOutcome) => void;
}

const POLL_MS = 50;
const STREAM_KEEP = 64 * 1024;

/** The test files of a stage, in path order. */
export function stageFiles(plan: StagePlan): string[] {
  const root = path.resolve(REPO_ROOT, plan.stageRoot ?? "grader/stages", plan.id);
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(test|graded)\.ts$/.test(e.name)) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A Jest --testNamePattern matching exactly the given ids at the start of a test name. */
export function namePattern(ids: readonly string[]): string {
  return `(?:^| )(?:${ids.map(escapeRegex).join("|")})(?: |$)`;
}

/** Keeps the head of a stream and counts everything. */
class Capped {
  text = "";
  bytes = 0;
  tail = "";
  add(b: Buffer): void {
    this.bytes += b.length;
    if (this.text.length < STREAM_KEEP)
      this.text += b.toString("utf8").slice(0, STREAM_KEEP - this.text.length);
    this.tail = (this.tail + b.toString("utf8")).slice(-STREAM_KEEP);
  }
}

interface Culprit {
  kind: "test" | "load";
  name?: string;
  path?: string;
  why: "timeout" | "stage-budget" | "load-timeout";
}

interface Attempt {
  events: RecordEvent[];
  culprit?: Culprit;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Capped;
  stderr: Capped;
  startError?: string;
}

function rel(p: string): string {
  const r = path.relative(REPO_ROOT, p);
  return r.startsWith("..") ? p : r;
}

/** Stack lines that point into the graded raft/ folder, relativized to "raft/...". */
export function stackInRaft(text: string, raftDir: string): string[] {
  const base = path.dirname(path.resolve(raftDir)) + path.sep;
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t.startsWith("at ") || !t.includes(path.resolve(raftDir) + path.sep)) continue;
    out.push(t.slice(3).split(base).join(""));
    if (out.length >= 3) break;
  }
  return out;
}

/**
 * A load error for a student: the message, then only the stack lines in the
 * graded code or the test files, with paths shortened ("raft/raft.ts:10:3").
 */
export function cleanStack(text: string, raftDir: string): string {
  const raftParent = path.dirname(path.resolve(raftDir)) + path.sep;
  const out: string[] = [];
  let frames = 0;
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t.startsWith("at ")) {
      if (frames === 0) out.push(line);
      continue;
    }
    if (
      t.includes(`${path.sep}node_modules${path.sep}`) ||
      t.includes(`${path.sep}grader${path.sep}jest${path.sep}`) ||
      !t.includes(path.sep)
    )
      continue;
    if (frames++ >= 5) continue;
    out.push(
      `    ${t
        .split(raftParent)
        .join("")
        .split(REPO_ROOT + path.sep)
        .join("")}`,
    );
  }
  return out.join("\n").trimEnd();
}

async function runJestOnce(
  plan: StagePlan,
  opts: StageRunOptions,
  files: string[],
  ids: string[] | undefined,
  record: string,
  deadline: number,
  onEvent: (e: RecordEvent) => void,
): Promise<Attempt> {
  fs.writeFileSync(record, "");
  const jest = path.join(REPO_ROOT, "node_modules", "jest", "bin", "jest.js");
  const args = [
    `--max-old-space-size=${opts.budgets.memoryMb}`,
    jest,
    "--config",
    path.join(REPO_ROOT, "grader", "jest", "stage.config.js"),
    "--runInBand",
    // A cache inside .raftlab/: `make clean` really makes the next grade cold.
    "--cacheDirectory",
    path.join(REPO_ROOT, ".raftlab", "jest-cache"),
    "--ci",
    "--forceExit",
    "--reporters",
    path.join(REPO_ROOT, "grader", "jest", "reporter.js"),
    "--testTimeout",
    String(opts.budgets.perTestMs),
  ];
  if (ids !== undefined) args.push("--testNamePattern", namePattern(ids));
  args.push("--runTestsByPath", ...files);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RAFTLAB_STAGES: plan.id,
    RAFTLAB_RAFT_DIR: opts.raftDir,
    RAFTLAB_SEED: String(opts.seed),
    RAFTLAB_RECORD: record,
    RAFTLAB_STAGE_ROOT: plan.stageRoot ?? "grader/stages",
    FORCE_COLOR: "0",
  };
  const attempt: Attempt = {
    events: [],
    code: null,
    signal: null,
    stdout: new Capped(),
    stderr: new Capped(),
  };
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (b: Buffer) => attempt.stdout.add(b));
  child.stderr.on("data", (b: Buffer) => attempt.stderr.add(b));

  let offset = 0;
  let partial = "";
  let running: { name: string; path: string; at: number } | undefined;
  let lastFile: string | undefined;
  let lastEventAt = Date.now();
  let sawEvent = false;
  const readNew = (): void => {
    let fd: number;
    try {
      fd = fs.openSync(record, "r");
    } catch {
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= offset) return;
      const buf = Buffer.alloc(size - offset);
      fs.readSync(fd, buf, 0, buf.length, offset);
      offset = size;
      const lines = (partial + buf.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (line.trim() === "") continue;
        let e: RecordEvent;
        try {
          e = JSON.parse(line) as RecordEvent;
        } catch {
          continue;
        }
        attempt.events.push(e);
        sawEvent = true;
        lastEventAt = Date.now();
        if (e.ev === "file") lastFile = e.path;
        else if (e.ev === "start") running = { name: e.name, path: e.path, at: Date.now() };
        else if (e.ev === "done") running = undefined;
        onEvent(e);
      }
    } finally {
      fs.closeSync(fd);
    }
  };

  const kill = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  };

  return new Promise((resolve) => {
    let settled = false;
    const timer = setInterval(() => {
      readNew();
      if (attempt.culprit !== undefined) return;
      const now = Date.now();
      if (now > deadline) {
        attempt.culprit = running
          ? { kind: "test", name: running.name, path: running.path, why: "stage-budget" }
          : { kind: "load", path: lastFile, why: "stage-budget" };
        kill();
      } else if (running && now - running.at > opts.budgets.perTestMs) {
        attempt.culprit = { kind: "test", name: running.name, path: running.path, why: "timeout" };
        kill();
      } else if (!running && now - lastEventAt > (sawEvent ? opts.budgets.loadMs : opts.budgets.startupMs)) {
        attempt.culprit = { kind: "load", path: lastFile, why: "load-timeout" };
        kill();
      }
    }, POLL_MS);
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      readNew();
      kill(); // leftovers of the group (a child process the student started)
      resolve(attempt);
    };
    child.on("error", (e) => {
      attempt.startError = e.message;
      finish();
    });
    child.on("close", (code, signal) => {
      attempt.code = code;
      attempt.signal = signal;
      finish();
    });
  });
}

function fail(
  info: { id: string; title: string; stage: string; points: number },
  seed: number,
  kind: FailureKind,
  message: string,
): TestOutcome {
  return { ...info, passed: false, kind, message, where: [], output: "", outputBytes: 0, ms: 0, seed };
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Runs one stage with one seed; never throws for anything the tested code does. */
export async function runStage(plan: StagePlan, opts: StageRunOptions): Promise<StageResult> {
  const started = Date.now();
  const deadline = started + opts.budgets.perStageMs;
  const selected = plan.tests.filter((t) => opts.only === undefined || opts.only.has(t.id));
  const byId = new Map(
    selected.map((t) => [t.id, { id: t.id, title: t.title, stage: plan.id, points: t.points }]),
  );
  const outcomes = new Map<string, TestOutcome>();
  const notes: string[] = [];
  const fileErrors = new Map<string, string>();
  const hungFiles = new Set<string>();
  let stageOver = false;
  const files = opts.files !== undefined ? [...opts.files].sort() : stageFiles(plan);
  fs.mkdirSync(opts.scratch, { recursive: true });

  const settle = (o: TestOutcome): void => {
    if (outcomes.has(o.id)) return;
    outcomes.set(o.id, o);
    opts.onOutcome?.(o);
  };

  const maxAttempts = selected.length + files.length + 2;
  for (let attemptNo = 1; attemptNo <= maxAttempts && selected.length > 0 && files.length > 0; attemptNo++) {
    const remaining = selected.filter((t) => !outcomes.has(t.id)).map((t) => t.id);
    const runFiles = files.filter((f) => !hungFiles.has(f));
    if (remaining.length === 0 || runFiles.length === 0) break;
    const before = outcomes.size;
    const record = path.join(opts.scratch, `record-${plan.id}-${opts.seed}-${attemptNo}.jsonl`);
    const all = remaining.length === plan.tests.length;
    const doneEvents = new Map<string, Extract<RecordEvent, { ev: "done" }>>();
    const attempt = await runJestOnce(
      plan,
      opts,
      runFiles,
      all ? undefined : remaining,
      record,
      deadline,
      (e) => {
        if (e.ev === "done") {
          const id = idFromTestName(e.name);
          const info = id === undefined ? undefined : byId.get(id);
          if (info === undefined || e.status === "skipped") return;
          doneEvents.set(info.id, e);
          const failed = e.status === "failed";
          settle({
            ...info,
            passed: !failed,
            kind: failed ? "assertion" : undefined,
            message: failed ? e.errors.join("\n") || "the test failed without a message" : "",
            where: [],
            output: e.output,
            outputBytes: e.outputBytes,
            ms: e.ms,
            seed: opts.seed,
            file: e.path,
          });
        }
      },
    );
    // Source-mapped stack lines and load errors from the reporter.
    for (const e of attempt.events) {
      if (e.ev !== "file-result") continue;
      if (e.error !== undefined) fileErrors.set(e.path, cleanStack(e.error, opts.raftDir));
      for (const t of e.tests) {
        const id = idFromTestName(t.name);
        const o = id === undefined ? undefined : outcomes.get(id);
        if (o !== undefined && !o.passed && o.where.length === 0)
          o.where = stackInRaft(t.failure, opts.raftDir);
      }
    }
    // The test that started and never finished.
    const starts = attempt.events.filter((e): e is Extract<RecordEvent, { ev: "start" }> => e.ev === "start");
    const last = starts.length > 0 ? starts[starts.length - 1] : undefined;
    const lastId = last ? idFromTestName(last.name) : undefined;
    const unfinished =
      last !== undefined && lastId !== undefined && !doneEvents.has(lastId) ? byId.get(lastId) : undefined;
    const killedBy = attempt.culprit;
    const oom = /heap out of memory|Allocation failed|out of memory/i.test(attempt.stderr.tail);
    if (attempt.stdout.bytes > STREAM_KEEP) {
      notes.push(
        `the tests printed ${mb(attempt.stdout.bytes)} directly to stdout; only the first ${mb(STREAM_KEEP)} was kept`,
      );
    }
    if (killedBy?.why === "stage-budget") stageOver = true;
    if (unfinished !== undefined && !outcomes.has(unfinished.id)) {
      const secs = Math.round(opts.budgets.perTestMs / 1000);
      let kind: FailureKind;
      let message: string;
      if (killedBy?.why === "timeout") {
        kind = "timeout";
        message = `timed out (infinite loop?): the test was still running after ${secs} s, its time budget. The grader stopped it and graded the other tests without it.`;
      } else if (killedBy?.why === "stage-budget") {
        kind = "timeout";
        message = `timed out (infinite loop?): stage ${plan.tag} ran past its budget of ${Math.round(opts.budgets.perStageMs / 1000)} s during this test.`;
      } else if (oom) {
        kind = "memory";
        message = `ran out of memory (over ${opts.budgets.memoryMb} MB) during this test: does something grow without bound, such as a log, a message list or a loop that keeps adding?`;
      } else {
        kind = "crash";
        message = `the test process ended during this test (${attempt.signal ? `signal ${attempt.signal}` : `exit code ${attempt.code}`}): does your code end the process (process.kill, process.reallyExit) or crash Node?`;
      }
      settle(fail(unfinished, opts.seed, kind, message));
    } else if (killedBy?.kind === "load" && killedBy.why !== "stage-budget") {
      const file = killedBy.path;
      if (file !== undefined) {
        hungFiles.add(file);
        fileErrors.set(
          file,
          `loading ${rel(file)} did not finish within ${Math.round(opts.budgets.loadMs / 1000)} s (an infinite loop when your code is loaded?)`,
        );
      } else {
        notes.push(`Jest did not start within ${Math.round(opts.budgets.startupMs / 1000)} s`);
        break;
      }
    } else if (attempt.startError !== undefined) {
      notes.push(`could not start Jest: ${attempt.startError}`);
      break;
    } else if (oom && outcomes.size === before) {
      notes.push(`the test process ran out of memory (over ${opts.budgets.memoryMb} MB) outside any test`);
    }
    if (stageOver) break;
    if (
      outcomes.size === before &&
      unfinished === undefined &&
      !(killedBy?.kind === "load" && killedBy.path)
    ) {
      // No verdict and nobody to blame: what is left cannot run.
      if (attempt.code !== 0 && fileErrors.size === 0 && attempt.stderr.tail.trim() !== "") {
        notes.push(
          `the test process ended without running the remaining tests:\n${attempt.stderr.tail.trim().slice(-2000)}`,
        );
      }
      break;
    }
  }

  // Every selected test without a verdict failed, with the best reason known.
  const loadErrors = [...fileErrors.entries()];
  for (const t of selected) {
    if (outcomes.has(t.id)) continue;
    const info = byId.get(t.id)!;
    let message: string;
    if (stageOver) {
      message = `did not run: stage ${plan.tag} ran past its budget of ${Math.round(opts.budgets.perStageMs / 1000)} s.`;
    } else if (files.length === 0) {
      message = `did not run: no test file found for stage ${plan.tag}.`;
    } else if (loadErrors.length > 0) {
      message = `did not run: ${loadErrors.map(([f, err]) => `${rel(f)} failed to load:\n${err}`).join("\n\n")}`;
    } else if (notes.length > 0) {
      message = `did not run: ${notes[notes.length - 1]}`;
    } else {
      message = `did not run: no test file of stage ${plan.tag} declares it (is it missing from the test files?).`;
    }
    settle(fail(info, opts.seed, "not-run", message));
  }
  for (const [f, err] of loadErrors) notes.push(`${rel(f)} failed to load: ${err.split("\n")[0]}`);
  const order = new Map(plan.tests.map((t, i) => [t.id, i]));
  return {
    plan,
    outcomes: [...outcomes.values()].sort((a, b) => order.get(a.id)! - order.get(b.id)!),
    notes,
    ms: Date.now() - started,
  };
}
