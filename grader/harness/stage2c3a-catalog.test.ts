// Consistency of the stage 2C and 3A catalogs with their test files and their
// deliberate bugs: every catalog entry is declared by exactly one graded(...)
// call, nothing is declared twice or outside the catalog, the scenario tests
// are worth 80 (2C) and 100 (3A) points, and every mutant names only tests of
// its own stage (scenario or fault tests).

import * as fs from "fs";
import * as path from "path";
import { GradedTestInfo } from "./catalog";
import { CATALOG as C2C } from "../stages/2c/catalog";
import { CATALOG as C3A } from "../stages/3a/catalog";
import { FAULT_CATALOG as F2C } from "../stages/2c/faults.catalog";
import { FAULT_CATALOG as F3A } from "../stages/3a/faults.catalog";
import { MUTANTS as M2C } from "../selftest/mutants/2c";
import { MUTANTS as M3A } from "../selftest/mutants/3a";

const STAGES: { id: "2c" | "3a"; tag: string; catalog: GradedTestInfo[]; points: number; doc: string }[] = [
  { id: "2c", tag: "2C", catalog: C2C, points: 80, doc: "stage-2c.md" },
  { id: "3a", tag: "3A", catalog: C3A, points: 100, doc: "stage-3a.md" },
];

function declaredIds(stage: string, tag: string): string[] {
  const dir = path.join(__dirname, "..", "stages", stage);
  const ids: string[] = [];
  const re = new RegExp(`\\bgraded\\(\\s*"(${tag}-\\d+)"`, "g");
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".test.ts") && !n.startsWith("faults"))) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    for (const m of text.matchAll(re)) ids.push(m[1]);
  }
  return ids;
}

describe.each(STAGES)("stage $tag catalog", ({ id, tag, catalog, points, doc }) => {
  test("each catalog entry is declared by exactly one graded test, and nothing else is", () => {
    const declared = declaredIds(id, tag);
    expect([...declared].sort()).toEqual(catalog.map((t) => t.id).sort());
    expect(new Set(declared).size).toBe(declared.length);
  });

  test(`scenario tests total ${points} points, with complete metadata`, () => {
    expect(catalog.reduce((s, t) => s + t.points, 0)).toBe(points);
    for (const t of catalog) {
      expect(t.stage).toBe(id);
      expect(t.id).toMatch(new RegExp(`^${tag}-\\d+$`));
      expect(t.points).toBeGreaterThan(0);
      for (const text of [t.title, t.checks, t.hint]) expect(text.trim().length).toBeGreaterThan(10);
      expect(t.doc.startsWith(`${doc}#`)).toBe(true);
      expect(t.doc).toMatch(/^stage-[23][ac]\.md#[a-z0-9-]+$/);
    }
  });
});

describe.each([
  { tag: "2C", mutants: M2C, catalog: C2C, faults: F2C },
  { tag: "3A", mutants: M3A, catalog: C3A, faults: F3A },
])("stage $tag mutants", ({ tag, mutants, catalog, faults }) => {
  test("ids are unique, each names at least one test, and only tests of its stage", () => {
    const ids = new Set([...catalog, ...faults].map((t) => t.id));
    expect(new Set(mutants.map((m) => m.id)).size).toBe(mutants.length);
    for (const m of mutants) {
      expect(m.id.startsWith(tag.toLowerCase() + "-")).toBe(true);
      expect(m.mustFail.length).toBeGreaterThan(0);
      for (const t of m.mustFail) expect(ids.has(t)).toBe(true);
      expect(m.find.length).toBeGreaterThan(0);
      expect(m.find).not.toBe(m.replace);
    }
  });

  test("every scenario test of the stage is caught by at least one mutant", () => {
    const tripped = new Set(mutants.flatMap((m) => m.mustFail));
    expect(catalog.map((t) => t.id).filter((id) => !tripped.has(id))).toEqual([]);
  });
});
