// Hostile fixture submissions: student files that misbehave in every way the
// grader must survive. Each is the toy student file (../fixtures/toy.ts,
// submitted as raft/toy.ts next to this repository's raft.ts, log.ts and
// rawnode.ts) with text patches, graded with the fixture stages FX and FY.
// hostile.test.ts grades each one and checks that exactly the listed tests
// fail, with the listed reason, and that every other test still passes.

export interface HostilePatch {
  /** Text that occurs exactly once in toy.ts. */
  find: string;
  replace: string;
}

export interface HostileFixture {
  id: string;
  /** What the student's code does. */
  what: string;
  patches: HostilePatch[];
  /** Tests that must fail, each with a pattern its failure message must match. */
  mustFail: Record<string, RegExp>;
  /** The first "Where" line of every failing test must match (a stack line in the student's file). */
  where?: RegExp;
  /** The typecheck must report an error in raft/toy.ts. */
  typeErrors?: boolean;
}

const TICK = "    this.elapsed++;\n";
const STEP = '    if (m.type === "hup") this.campaign();\n';
const NEW = '  if (!(electionTick > 0)) throw new RangeError("electionTick must be positive");\n';
const HEADER = "export type ToyState";

const TIMED_OUT = /^timed out \(infinite loop\?\)/;

export const HOSTILE: HostileFixture[] = [
  {
    id: "infinite-loop-tick",
    what: "an infinite loop in tick",
    patches: [{ find: TICK, replace: "    for (;;) this.elapsed++;\n" }],
    mustFail: { "FX-2": TIMED_OUT, "FY-1": TIMED_OUT },
  },
  {
    id: "throw-in-constructor",
    what: "a throw in newToy (like a throw in newRaft)",
    patches: [{ find: NEW, replace: `${NEW}  throw new Error("student bug: newToy is broken");\n` }],
    mustFail: {
      "FX-1": /student bug: newToy is broken/,
      "FX-2": /student bug: newToy is broken/,
      "FX-3": /student bug: newToy is broken/,
      "FX-4": /student bug: newToy is broken/,
      "FY-1": /student bug: newToy is broken/,
      "FY-2": /student bug: newToy is broken/,
    },
    where: /^newToy \(raft\/toy\.ts:\d+:\d+\)$/,
  },
  {
    id: "process-exit-in-step",
    what: "process.exit(0) in step",
    patches: [{ find: STEP, replace: `    process.exit(0);\n${STEP}` }],
    mustFail: {
      "FX-3": /process\.exit\(0\) was called during a test/,
      "FY-2": /process\.exit\(0\) was called during a test/,
    },
  },
  {
    id: "process-kill-in-step",
    what: "the process killing itself in step (an exit the grader cannot intercept)",
    patches: [{ find: STEP, replace: `    process.kill(process.pid, "SIGKILL");\n${STEP}` }],
    mustFail: {
      "FX-3": /the test process ended during this test \(signal SIGKILL\)/,
      "FY-2": /the test process ended during this test/,
    },
  },
  {
    id: "unbounded-memory",
    what: "unbounded memory growth in tick",
    patches: [
      {
        find: TICK,
        replace:
          "    const hog: number[][] = [];\n    for (;;) hog.push(new Array<number>(1 << 20).fill(this.elapsed));\n",
      },
    ],
    mustFail: { "FX-2": /^ran out of memory/, "FY-1": /^ran out of memory/ },
  },
  {
    id: "promise-never-settles",
    what: "an async step that awaits a promise that never settles, and a leaked interval timer",
    patches: [
      {
        find: "  step(m: ToyMessage): void {\n",
        replace:
          "  async step(m: ToyMessage): Promise<void> {\n    setInterval(() => undefined, 1000);\n    await new Promise<void>(() => undefined);\n",
      },
    ],
    mustFail: {
      "FX-3": /the toy's state after a hup\n\s+expected: "?candidate"?/,
      "FY-2": /the toy's term after a vote at term 7/,
    },
  },
  {
    id: "stdout-flood",
    what: "megabytes printed to stdout (console.log in tick, process.stdout.write in step)",
    patches: [
      { find: TICK, replace: `${TICK}    console.log("tick ".repeat(20000));\n` },
      {
        find: STEP,
        replace: `    process.stdout.write("step ".repeat(1000000));\n    this.term += 5;\n${STEP}`,
      },
    ],
    mustFail: { "FX-3": /the toy's term after a hup/ },
  },
  {
    id: "does-not-compile",
    what: "a student file with a type error (tests still run transpile-only)",
    patches: [{ find: TICK, replace: `${TICK}    const ticks: number = "not a number";\n    void ticks;\n` }],
    mustFail: {},
    typeErrors: true,
  },
  {
    id: "monkeypatch-math-random",
    what: "Math.random replaced in tick (to make randomized checks predictable)",
    patches: [{ find: TICK, replace: `${TICK}    Math.random = () => 0;\n` }],
    mustFail: { "FX-2": /tried to replace Math\.random/, "FY-1": /tried to replace Math\.random/ },
  },
  {
    id: "monkeypatch-expect",
    what: "Jest's expect replaced when the student file loads",
    patches: [
      {
        find: HEADER,
        replace: `(globalThis as unknown as { expect: unknown }).expect = () => ({ toBe: () => undefined });\n\n${HEADER}`,
      },
    ],
    mustFail: {
      "FX-1": /tried to replace Jest's expect/,
      "FX-2": /tried to replace Jest's expect/,
      "FX-3": /tried to replace Jest's expect/,
      "FX-4": /tried to replace Jest's expect/,
      "FY-1": /tried to replace Jest's expect/,
      "FY-2": /tried to replace Jest's expect/,
    },
  },
  {
    id: "monkeypatch-expect-extend",
    what: "Jest's matchers replaced through expect.extend in step",
    patches: [
      {
        find: STEP,
        replace: `    expect.extend({ toBe: () => ({ pass: true, message: () => "" }) });\n${STEP}`,
      },
    ],
    mustFail: {
      "FX-3": /tried to replace Jest's expect matchers/,
      "FY-2": /tried to replace Jest's expect matchers/,
    },
  },
  {
    id: "infinite-loop-at-load",
    what: "an infinite loop when the student file is loaded",
    patches: [{ find: HEADER, replace: `for (;;) Math.sqrt(2);\n\n${HEADER}` }],
    mustFail: {
      "FX-1": /did not run: .*toy\.graded\.ts failed to load:\nloading .* did not finish/,
      "FX-2": /did not run/,
      "FX-3": /did not run/,
      "FX-4": /did not run/,
      "FY-1": /did not run: .*toy\.graded\.ts failed to load/,
      "FY-2": /did not run/,
    },
  },
];

/**
 * The same kind of sabotage on the real reference and the real stage 2A:
 * code appended to raft/raft.ts that replaces a method of the Raft class.
 * Which 2A tests call that method is the stage's business, so the check is:
 * every selected test either passes or fails with `reason`, at least one
 * fails, and the reference passes all of them.
 */
export interface RealStageFixture {
  id: string;
  what: string;
  append: string;
  reason: RegExp;
}

export const REAL_STAGE_TESTS = "2A-1,2A-3,2A-8,2A-9,2A-12";

export const REAL_STAGE_HOSTILE: RealStageFixture[] = [
  {
    id: "real-infinite-loop-tick",
    what: "an infinite loop in Raft.tick",
    append: "Raft.prototype.tick = function (): void {\n  for (;;) Math.sqrt(2);\n};\n",
    reason: TIMED_OUT,
  },
  {
    id: "real-process-exit-in-step",
    what: "process.exit(0) in Raft.step",
    append: "Raft.prototype.step = function (): void {\n  process.exit(0);\n};\n",
    reason: /process\.exit\(0\) was called during a test/,
  },
];
