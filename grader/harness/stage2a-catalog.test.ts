// Consistency of stage 2A's catalog with its test files: every catalog entry
// is declared by exactly one graded(...) call, nothing is declared twice or
// outside the catalog, and the scenario tests are worth 80 points.

import * as fs from "fs";
import * as path from "path";
import { CATALOG } from "../stages/2a/catalog";

const dir = path.join(__dirname, "..", "stages", "2a");

function declaredIds(): string[] {
  const ids: string[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".test.ts"))) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    for (const m of text.matchAll(/\bgraded\(\s*"(2A-\d+)"/g)) ids.push(m[1]);
  }
  return ids;
}

test("each 2A catalog entry is declared by exactly one graded test, and nothing else is", () => {
  const declared = declaredIds();
  const catalog = CATALOG.map((t) => t.id);
  expect([...declared].sort()).toEqual([...catalog].sort());
  expect(new Set(declared).size).toBe(declared.length);
});

test("2A scenario tests total 80 points, with complete metadata", () => {
  expect(CATALOG.reduce((s, t) => s + t.points, 0)).toBe(80);
  for (const t of CATALOG) {
    expect(t.stage).toBe("2a");
    expect(t.id).toMatch(/^2A-\d+$/);
    expect(t.points).toBeGreaterThan(0);
    for (const text of [t.title, t.checks, t.hint]) expect(text.trim().length).toBeGreaterThan(10);
    expect(t.doc).toMatch(/^stage-2a\.md#[a-z0-9-]+$/);
  }
});
