// Every hostile fixture submission (hostile/fixtures.ts) is graded with the
// fixture stages: exactly the listed tests fail, with the listed reason; every
// other test still passes; the output files are valid; the run finishes
// inside its budgets (no test "did not run" because a stage ran out of time).

import * as path from "path";
import * as fs from "fs";
import { HOSTILE, REAL_STAGE_HOSTILE, REAL_STAGE_TESTS } from "./hostile/fixtures";
import { gradeFixture, realSubmission, toySubmission } from "./hostile/build";
import { checkClassroom, checkGradescope, checkJUnit } from "./outputs-check";
import { REPO_ROOT } from "../runner/workspace";
import { FIXTURE_PLANS } from "./fixtures/stages/catalog";

jest.setTimeout(180_000);

const ALL_IDS = FIXTURE_PLANS.flatMap((p) => p.tests.map((t) => t.id));

test("the unpatched toy passes every fixture test and typechecks", async () => {
  const out = path.join(REPO_ROOT, ".raftlab", "selftest", "baseline-out");
  const g = await gradeFixture(toySubmission("baseline"), out);
  const outcomes = g.result.stages.flatMap((s) => s.outcomes);
  expect(outcomes.map((o) => o.id).sort()).toEqual([...ALL_IDS].sort());
  expect(outcomes.filter((o) => !o.passed).map((o) => `${o.id}: ${o.message}`)).toEqual([]);
  expect(g.result.typecheck?.errors.filter((e) => e.includes("toy.ts"))).toEqual([]);
  expect(g.exitCode).toBe(0);
});

describe.each(HOSTILE.map((h) => [h.id, h] as const))("hostile fixture %s", (id, h) => {
  test(`${h.what}: the right tests fail for the right reason, all others pass, outputs are valid`, async () => {
    const out = path.join(REPO_ROOT, ".raftlab", "selftest", `${id}-out`);
    const g = await gradeFixture(toySubmission(id, h.patches), out, h.typeErrors ? [] : ["--no-typecheck"]);
    const outcomes = g.result.stages.flatMap((s) => s.outcomes);
    // Every test of both stages has exactly one verdict.
    expect(outcomes.map((o) => o.id).sort()).toEqual([...ALL_IDS].sort());
    for (const o of outcomes) {
      const reason = h.mustFail[o.id];
      if (reason === undefined) {
        expect({ id: o.id, passed: o.passed, message: o.message }).toEqual({
          id: o.id,
          passed: true,
          message: "",
        });
      } else {
        expect({ id: o.id, passed: o.passed }).toEqual({ id: o.id, passed: false });
        expect(o.message).toMatch(reason);
        if (h.where) expect(o.where[0]).toMatch(h.where);
      }
    }
    // Nothing was cut short by the stage budget.
    expect(outcomes.filter((o) => /ran past its budget/.test(o.message))).toEqual([]);
    if (h.typeErrors) {
      expect(g.result.typecheck?.ok).toBe(false);
      expect(g.result.typecheck?.errors.some((e) => e.startsWith("raft/toy.ts("))).toBe(true);
      expect(g.lines.some((l) => /^Typecheck \(tsc --noEmit, .*\): \d+ errors?/.test(l))).toBe(true);
    }
    expect(g.exitCode).toBe(Object.keys(h.mustFail).length > 0 ? 1 : 0);
    // Output files are valid and agree with the verdicts.
    const gs = checkGradescope(g.outputs.gradescope);
    expect(
      gs.tests
        .filter((t) => t.status === "failed")
        .map((t) => t.number)
        .sort(),
    ).toEqual(Object.keys(h.mustFail).sort());
    const cases = checkJUnit(g.outputs.junit);
    expect(
      cases
        .filter((c) => c.failure !== undefined)
        .map((c) => c.name.split(" ")[0])
        .sort(),
    ).toEqual(Object.keys(h.mustFail).sort());
    checkClassroom(g.outputs.classroom);
    // The terminal text stays readable whatever the code printed.
    const text = g.lines.join("\n");
    expect(text.length).toBeLessThan(64 * 1024);
    for (const failed of Object.keys(h.mustFail)) expect(text).toContain(`make grade TEST=${failed} SEED=1`);
  });
});

describe("on the real stage 2A and the reference", () => {
  const args = ["--stage", "2a", "--test", REAL_STAGE_TESTS, "--no-typecheck"];
  const selected = REAL_STAGE_TESTS.split(",");

  test("the reference passes the selected tests", async () => {
    const g = await gradeFixture(
      realSubmission("real-baseline", ""),
      path.join(REPO_ROOT, ".raftlab", "selftest", "real-baseline-out"),
      args,
      false,
    );
    const outcomes = g.result.stages.flatMap((s) => s.outcomes);
    expect(outcomes.map((o) => [o.id, o.passed, o.message])).toEqual(selected.map((id) => [id, true, ""]));
  });

  test.each(REAL_STAGE_HOSTILE.map((h) => [h.id, h] as const))(
    "%s: every selected test passes or fails for that reason; the others still run",
    async (id, h) => {
      const g = await gradeFixture(
        realSubmission(id, h.append),
        path.join(REPO_ROOT, ".raftlab", "selftest", `${id}-out`),
        args,
        false,
      );
      const outcomes = g.result.stages.flatMap((s) => s.outcomes);
      expect(outcomes.map((o) => o.id)).toEqual(selected);
      const failed = outcomes.filter((o) => !o.passed);
      expect(failed.length).toBeGreaterThan(0);
      for (const o of failed) expect(o.message).toMatch(h.reason);
      checkGradescope(g.outputs.gradescope);
      checkJUnit(g.outputs.junit);
      expect(fs.existsSync(g.outputs.classroom)).toBe(true);
    },
  );
});
