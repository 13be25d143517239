import { GradeTiming } from "./grade-timing";
import { HOOKS, HookContext, gradeRuns, scoreNote } from "./hooks";

const timing = (passed: number, exitCode: 0 | 1): GradeTiming => ({
  seconds: 1,
  exitCode,
  score: { passed, total: 10, points: passed * 10, maxPoints: 100 },
});

const ctx = (runs: number, quick: boolean): HookContext => ({
  runs,
  quick,
  repo: "/repo",
  raftDir: "/repo/raft",
});

describe("grading benchmarks", () => {
  test("one row each: cold, warm, and every stage alone", () => {
    expect(HOOKS.map((h) => h.name)).toEqual([
      "grade-wall-cold",
      "grade-wall-warm",
      "grade-wall-2a",
      "grade-wall-2b",
      "grade-wall-2c",
      "grade-wall-3a",
    ]);
    for (const h of HOOKS) expect(h.metrics).toEqual([{ key: "wall time", unit: "s" }]);
  });

  test("runs: as asked, one with QUICK=1", () => {
    expect(gradeRuns(ctx(5, false))).toBe(5);
    expect(gradeRuns(ctx(5, true))).toBe(1);
  });

  test("the note gives the score once when every run agrees", () => {
    expect(scoreNote([timing(10, 0), timing(10, 0)])).toBe("every run scored 10/10 tests, 100/100 points");
  });

  test("the note lists different scores and counts runs with failing tests", () => {
    expect(scoreNote([timing(10, 0), timing(9, 1), timing(9, 1)])).toBe(
      "the runs scored 10/10 tests, 100/100 points; 9/10 tests, 90/100 points; 2 of 3 runs had failing tests",
    );
  });
});
