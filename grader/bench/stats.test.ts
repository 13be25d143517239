import { median, summarize } from "./stats";

describe("bench statistics", () => {
  test("median of odd and even counts, unsorted input", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  test("median refuses an empty list", () => {
    expect(() => median([])).toThrow(RangeError);
  });

  test("summary: min, max and spread relative to the median", () => {
    expect(summarize([90, 100, 110])).toEqual({ runs: 3, median: 100, min: 90, max: 110, spreadPct: 20 });
  });

  test("summary does not reorder the caller's array", () => {
    const v = [3, 1, 2];
    summarize(v);
    expect(v).toEqual([3, 1, 2]);
  });
});
