// The students' GitHub Actions workflow (grader/handout/overlay/.github/workflows/classroom.yml)
// must stay in step with the grader: one grading step per default stage, each with flags the
// grader accepts, reported together to GitHub Classroom, with results uploaded.

import * as fs from "node:fs";
import * as path from "node:path";
import { loadConfig, parseArgs } from "../runner/options";

const FILE = path.join(__dirname, "overlay", ".github", "workflows", "classroom.yml");
const text = fs.readFileSync(FILE, "utf8");

/** The command lines of the grading steps: `npx tsx grader/runner/cli.ts <args>`. */
function gradeCommands(): string[][] {
  return [...text.matchAll(/npx tsx grader\/runner\/cli\.ts (.*)$/gm)].map((m) => m[1].trim().split(/\s+/));
}

test("grades every default stage in its own step, with flags the grader accepts", () => {
  const config = loadConfig();
  const cmds = gradeCommands();
  const stages = cmds.map((args) => parseArgs(args, config, 2).stages);
  expect(stages).toEqual(config.defaultStages.map((s) => [s]));
  for (const args of cmds) {
    const o = parseArgs(args, config, 2);
    expect(o.autograder).toBe(true);
    expect(o.output).toMatch(/\.raftlab\/results\/(2a|2b|2c|3a)$/);
  }
});

test("reports every stage step to GitHub Classroom and uploads the results", () => {
  const ids = [...text.matchAll(/^\s+id: (stage\w+)$/gm)].map((m) => m[1]);
  expect(ids).toEqual(loadConfig().defaultStages.map((s) => `stage${s}`));
  expect(text).toContain(`runners: ${ids.join(",")}`);
  for (const id of ids) {
    expect(text).toContain(`${id.toUpperCase()}_RESULTS: \${{ steps.${id}.outputs.result }}`);
  }
  expect(text).toMatch(/permissions:\n\s+checks: write/);
  expect(text).toContain("classroom-resources/autograding-grading-reporter@v1");
  expect(text).toContain(".raftlab/results/*/results.json");
  expect(text).toContain(".raftlab/results/*/junit.xml");
  expect(text).toContain("include-hidden-files: true");
});
