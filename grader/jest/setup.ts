// Runs before every test file of the grader (Jest setupFilesAfterEnv).
// 1. Math.random becomes a seeded generator, reset before each test from the
//    run's seed and the test's name, so a run is reproducible even when the
//    implementation under test calls Math.random. It cannot be replaced: a
//    student file that assigns Math.random fails with a clear message.
// 2. process.exit (and abort) throw instead of ending the run, so a stray
//    exit in student code fails that test rather than looking like a pass.
// 3. Jest's globals (expect, test, ...) cannot be replaced, and expect.extend
//    cannot be called from the implementation under test.
// 4. console output is captured per test, capped, and kept in the record
//    instead of flooding the terminal (see environment.ts).

import * as path from "path";
import { Rng, baseSeed, testSeed } from "../harness/rng";
import { idFromTestName } from "../harness/graded";
import { OUTPUT_KEY, type CapturedOutput } from "./record";

const base = baseSeed();
let rng = new Rng(base);
const seededRandom = (): number => rng.next();

/** Fails with a message naming what the implementation tried to change. */
function refuse(what: string, why: string): never {
  throw new Error(`your code tried to replace ${what}; the grader does not allow it (${why})`);
}

Object.defineProperty(Math, "random", {
  configurable: false,
  enumerable: false,
  get: () => seededRandom,
  set: () => refuse("Math.random", "the grader seeds it so that every run can be reproduced"),
});

// The fault simulator (grader/sim/sim.ts) restarts this stream from its own seed
// at the start of every simulated run, so that one seed replays the same way
// inside Jest and in `make chaos`.
Object.defineProperty(globalThis, Symbol.for("raftlab.reseedMathRandom"), {
  value: (seed: number): void => {
    rng = new Rng(seed);
  },
});

beforeEach(() => {
  const name = expect.getState().currentTestName ?? "";
  rng = new Rng(testSeed(base, idFromTestName(name) ?? name));
});

process.exit = (code?: number | string | null): never => {
  throw new Error(`process.exit(${code ?? ""}) was called during a test; the grader does not allow it`);
};
process.abort = (): never => {
  throw new Error("process.abort() was called during a test; the grader does not allow it");
};

// Jest's globals stay the grader's.
const g = globalThis as unknown as Record<string, unknown>;
for (const name of ["expect", "test", "it", "describe", "beforeEach", "afterEach", "beforeAll", "afterAll"]) {
  const value = g[name];
  // Jest's global object is a proxy that refuses non-configurable properties.
  Object.defineProperty(globalThis, name, {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: () => refuse(`Jest's ${name}`, "graded tests must check your code with the grader's own assertions"),
  });
}

// expect.extend can replace matchers; allow it only from the grader's own files.
const raftDir =
  path.resolve(process.env.RAFTLAB_RAFT_DIR || path.join(__dirname, "..", "..", "raft")) + path.sep;
const realExtend = expect.extend.bind(expect);
Object.defineProperty(expect, "extend", {
  configurable: false,
  writable: false,
  value: (matchers: Parameters<typeof expect.extend>[0]): void => {
    const stack = new Error().stack ?? "";
    const fromRaft = stack.split("\n").some((l) => l.includes(raftDir));
    if (fromRaft)
      refuse("Jest's expect matchers", "graded tests must check your code with the grader's own assertions");
    realExtend(matchers);
  },
});

// console output in graded runs (RAFTLAB_RECORD set): captured per test
// (environment.ts resets it and writes it to the record), capped.
const OUTPUT_CAP = 16 * 1024;
function capture(...args: unknown[]): void {
  const out = (g[OUTPUT_KEY] as CapturedOutput | undefined) ?? { text: "", bytes: 0 };
  g[OUTPUT_KEY] = out;
  const line = args.map((a) => (typeof a === "string" ? a : safeInspect(a))).join(" ") + "\n";
  out.bytes += line.length;
  if (out.text.length < OUTPUT_CAP) out.text += line.slice(0, OUTPUT_CAP - out.text.length);
}
function safeInspect(a: unknown): string {
  try {
    return JSON.stringify(a) ?? String(a);
  } catch {
    return String(a);
  }
}
if (process.env.RAFTLAB_RECORD) {
  for (const m of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    console[m] = capture;
  }
}
