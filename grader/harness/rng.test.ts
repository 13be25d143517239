import { idFromTestName } from "./graded";
import { Rng, baseSeed, hashString, testSeed } from "./rng";

describe("Rng", () => {
  test("the same seed gives the same sequence", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
  });

  test("different seeds give different sequences", () => {
    expect(new Rng(1).next()).not.toBe(new Rng(2).next());
  });

  test("next() stays in [0, 1) and int() in its bounds, reaching both ends", () => {
    const r = new Rng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      const n = r.int(3, 6);
      expect(n >= 3 && n <= 6).toBe(true);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });
});

describe("seeds", () => {
  test("RAFTLAB_SEED is read, defaulting to 1", () => {
    expect(baseSeed({})).toBe(1);
    expect(baseSeed({ RAFTLAB_SEED: "1234" })).toBe(1234);
  });

  test("a bad RAFTLAB_SEED is a clear error", () => {
    expect(() => baseSeed({ RAFTLAB_SEED: "abc" })).toThrow(/RAFTLAB_SEED/);
    expect(() => baseSeed({ RAFTLAB_SEED: "-3" })).toThrow(RangeError);
  });

  test("a test's seed depends on the base seed and the test id only", () => {
    expect(testSeed(1, "2A-3")).toBe(testSeed(1, "2A-3"));
    expect(testSeed(1, "2A-3")).not.toBe(testSeed(2, "2A-3"));
    expect(testSeed(1, "2A-3")).not.toBe(testSeed(1, "2A-4"));
    expect(hashString("")).toBe(0x811c9dc5);
  });
});

describe("idFromTestName", () => {
  test.each([
    ["2A-5 One round of votes", "2A-5"],
    ["2B-F1 replication under loss", "2B-F1"],
    ["3A-16 Duplicate add", "3A-16"],
    ["storage works", undefined],
  ])("%s -> %s", (name, id) => {
    expect(idFromTestName(name)).toBe(id);
  });
});
