import { scoreTable } from "../runner/report";
import { StageScore } from "../runner/types";
import { ALL_STAGES, formatScore, parseScore } from "./grade-timing";

const stage = (
  tag: string,
  passed: number,
  total: number,
  points: number,
  maxPoints: number,
): StageScore => ({
  stage: tag.toLowerCase(),
  tag,
  title: `Stage ${tag}`,
  passed,
  total,
  points,
  maxPoints,
});

describe("reading the grader's score", () => {
  const ss = [stage("2A", 26, 26, 100, 100), stage("2B", 20, 23, 80, 100)];

  test("reads the Total line of the score table the grader prints", () => {
    const out = ["2A-1 ok", ...scoreTable(ss, { color: false }, 1), "Results: .raftlab/results"].join("\n");
    expect(parseScore(out)).toEqual({ passed: 46, total: 49, points: 180, maxPoints: 200 });
  });

  test("reads it through colour codes and with several runs", () => {
    const out = scoreTable(ss, { color: true }, 3).join("\n");
    expect(out).toContain("\u001b[");
    expect(parseScore(out)).toEqual({ passed: 46, total: 49, points: 180, maxPoints: 200 });
  });

  test("no score table: undefined, also for a stage row or a test named Total", () => {
    expect(parseScore("")).toBeUndefined();
    expect(parseScore("make grade: the grader itself failed\n  Total of nothing")).toBeUndefined();
    const rowsOnly = scoreTable(ss, { color: false }, 1).filter((l) => !l.includes("Total"));
    expect(parseScore(rowsOnly.join("\n"))).toBeUndefined();
  });

  test("formats a score in words", () => {
    expect(formatScore({ passed: 46, total: 49, points: 180, maxPoints: 200 })).toBe(
      "46/49 tests, 180/200 points",
    );
  });

  test("every stage of the lab is timed, the extension included", () => {
    expect(ALL_STAGES).toEqual(["2a", "2b", "2c", "3a"]);
  });
});
