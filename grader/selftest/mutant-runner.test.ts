// The deliberate-bug runner (grader/runner/mutants.ts) on the fixture stages:
// a caught bug, a missed one (named tests that still pass), a patch whose text
// is not found exactly once, unknown test ids, and malformed MUTANTS files.

import * as fs from "fs";
import * as path from "path";
import { LoadedMutant, loadMutants, runMutant } from "../runner/mutants";
import { loadConfig, parseArgs } from "../runner/options";
import { REPO_ROOT, applyOverlay } from "../runner/workspace";
import { allGradedTests } from "../stages/catalogs";
import { FIXTURE_PLANS } from "./fixtures/stages/catalog";

jest.setTimeout(120_000);

const TOY = fs.readFileSync(path.join(REPO_ROOT, "grader", "selftest", "fixtures", "toy.ts"), "utf8");
const budgets = parseArgs(["--budget-test", "5"], loadConfig(), 2).budgets;
const scratch = path.join(REPO_ROOT, ".raftlab", "selftest", "mutant-runner");

function mutant(m: Partial<LoadedMutant>): LoadedMutant {
  return {
    id: "m",
    bug: "b",
    file: "toy.ts" as LoadedMutant["file"],
    find: "this.term++;",
    replace: "this.term += 2;",
    mustFail: ["FX-3"],
    source: "test.ts",
    ...m,
  };
}

const run = (m: LoadedMutant): ReturnType<typeof runMutant> =>
  runMutant(m, {
    plans: FIXTURE_PLANS,
    budgets,
    seed: 1,
    scratch,
    prepare: (ws) => applyOverlay(ws, { file: "toy.ts", content: TOY }),
  });

test("a bug caught by every named test is 'caught'; one that a named test misses is 'missed' with that test", async () => {
  const caught = await run(
    mutant({
      id: "toy-vote-term",
      mustFail: ["FY-2"],
      find: "      this.term = m.term;",
      replace: "      this.term = m.term + 1;",
    }),
  );
  expect([caught.status, caught.missed]).toEqual(["caught", []]);
  const missed = await run(mutant({ id: "toy-campaign-double", mustFail: ["FX-3", "FX-1"] }));
  expect([missed.status, missed.missed]).toEqual(["missed", ["FX-1"]]);
  expect(missed.outcomes.find((o) => o.id === "FX-3")?.passed).toBe(false);
});

test("a patch that does not occur exactly once, an unknown test id and an empty mustFail are errors", async () => {
  const twice = await run(mutant({ id: "toy-twice", find: "this.elapsed" }));
  expect(twice.status).toBe("error");
  expect(twice.error).toMatch(
    /^mutant toy-twice \(test\.ts\): the text to find occurs 3 times in raft\/toy\.ts/,
  );
  const none = await run(mutant({ id: "toy-none", find: "no such text" }));
  expect(none.error).toMatch(/occurs 0 times/);
  const unknown = await run(mutant({ id: "toy-unknown", mustFail: ["FX-99"] }));
  expect(unknown.error).toBe("mustFail names tests that do not exist: FX-99");
  const empty = await run(mutant({ id: "toy-empty", mustFail: [] }));
  expect(empty.error).toMatch(/mustFail is empty/);
});

test("the patches in `with` are applied after the first, and one that does not fit is an error naming it", async () => {
  const harmless = { find: "this.elapsed++;", replace: "this.elapsed += 1;" };
  const paired = await run(
    mutant({
      id: "toy-paired",
      ...harmless,
      with: [
        {
          file: "toy.ts" as LoadedMutant["file"],
          find: "      this.term = m.term;",
          replace: "      this.term = m.term + 1;",
        },
      ],
      mustFail: ["FY-2"],
    }),
  );
  expect([paired.status, paired.missed]).toEqual(["caught", []]);
  const alone = await run(mutant({ id: "toy-harmless", ...harmless, mustFail: ["FY-2"] }));
  expect(alone.status).toBe("missed");
  const bad = await run(
    mutant({
      id: "toy-bad-with",
      ...harmless,
      with: [{ file: "toy.ts" as LoadedMutant["file"], find: "nope", replace: "x" }],
    }),
  );
  expect(bad.status).toBe("error");
  expect(bad.error).toMatch(/^mutant toy-bad-with \(test\.ts\), patch 2: the text to find occurs 0 times/);
});

test("loadMutants reads every MUTANTS list, rejects malformed entries and repeated ids", () => {
  const dir = path.join(REPO_ROOT, ".raftlab", "selftest", "mutant-lists");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const entry = (id: string): string =>
    `{ id: "${id}", bug: "b", file: "raft.ts", find: "x", replace: "y", mustFail: ["2A-1"] }`;
  fs.writeFileSync(path.join(dir, "a.ts"), `export const MUTANTS = [${entry("one")}, ${entry("two")}];\n`);
  fs.writeFileSync(path.join(dir, "b.ts"), `export const OTHER = 1;\n`);
  fs.writeFileSync(path.join(dir, "types.ts"), `export const MUTANTS = 5;\n`);
  expect(loadMutants(dir).map((m) => [m.id, m.source])).toEqual([
    ["one", "a.ts"],
    ["two", "a.ts"],
  ]);
  fs.writeFileSync(path.join(dir, "c.ts"), `export const MUTANTS = [${entry("one")}];\n`);
  expect(() => loadMutants(dir)).toThrow('mutant id "one" is used in both a.ts and c.ts');
  fs.rmSync(path.join(dir, "c.ts"));
  fs.writeFileSync(path.join(dir, "d.ts"), `export const MUTANTS = [{ id: "bad" }];\n`);
  expect(() => loadMutants(dir)).toThrow(/d\.ts: mutant "bad" is malformed/);
  fs.rmSync(path.join(dir, "d.ts"));
  fs.writeFileSync(
    path.join(dir, "e.ts"),
    `export const MUTANTS = [{ id: "badwith", bug: "b", file: "raft.ts", find: "x", replace: "y", mustFail: ["2A-1"], with: [{ find: "x" }] }];\n`,
  );
  expect(() => loadMutants(dir)).toThrow(/e\.ts: mutant "badwith" is malformed/);
});

test("the lab's own mutant lists load, with unique ids and mustFail ids that exist", () => {
  const ms = loadMutants();
  expect(ms.length).toBeGreaterThan(0);
  expect(new Set(ms.map((m) => m.id)).size).toBe(ms.length);
  const ids = new Set(allGradedTests().map((t) => t.id));
  expect(ms.flatMap((m) => m.mustFail.filter((id) => !ids.has(id)).map((id) => `${m.id}: ${id}`))).toEqual(
    [],
  );
});
