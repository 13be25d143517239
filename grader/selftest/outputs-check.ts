// Validators of the grader's output files, shared by the self-tests: they
// check each format against its documented shape and return the parsed data.

import * as fs from "fs";
import { XMLParser } from "fast-xml-parser";

const VISIBILITY = ["visible", "hidden", "after_due_date", "after_published"];

function fail(file: string, why: string): never {
  throw new Error(`${file}: ${why}`);
}

/** Gradescope results.json (fields from toolchain.md's autograder section). */
export function checkGradescope(file: string): {
  score: number;
  tests: { number: string; status: string; score: number; max_score: number; output: string }[];
} {
  const r = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const known = [
    "score",
    "execution_time",
    "output",
    "visibility",
    "stdout_visibility",
    "tests",
    "leaderboard",
    "extra_data",
    "output_format",
  ];
  for (const k of Object.keys(r)) if (!known.includes(k)) fail(file, `unknown top-level field ${k}`);
  if (typeof r.score !== "number") fail(file, "score must be a number");
  if (typeof r.execution_time !== "number") fail(file, "execution_time must be a number");
  if (typeof r.output !== "string") fail(file, "output must be a string");
  if (!VISIBILITY.includes(r.visibility as string)) fail(file, "bad visibility");
  if (!VISIBILITY.includes(r.stdout_visibility as string)) fail(file, "bad stdout_visibility");
  if (!Array.isArray(r.tests)) fail(file, "tests must be an array");
  let sum = 0;
  for (const t of r.tests as Record<string, unknown>[]) {
    for (const k of Object.keys(t)) {
      if (
        ![
          "name",
          "number",
          "score",
          "max_score",
          "status",
          "output",
          "tags",
          "visibility",
          "name_format",
          "output_format",
          "extra_data",
        ].includes(k)
      ) {
        fail(file, `unknown test field ${k}`);
      }
    }
    if (typeof t.name !== "string" || typeof t.number !== "string")
      fail(file, "test name/number must be strings");
    if (
      typeof t.score !== "number" ||
      typeof t.max_score !== "number" ||
      t.score < 0 ||
      t.score > t.max_score
    )
      fail(file, `bad score in ${String(t.number)}`);
    if (t.status !== "passed" && t.status !== "failed") fail(file, `bad status in ${String(t.number)}`);
    if ((t.status === "passed") !== (t.score === t.max_score) && t.max_score > 0)
      fail(file, `status and score disagree in ${String(t.number)}`);
    if (typeof t.output !== "string") fail(file, "test output must be a string");
    if (!Array.isArray(t.tags) || !(t.tags as unknown[]).every((x) => typeof x === "string"))
      fail(file, "tags must be strings");
    if (!VISIBILITY.includes(t.visibility as string)) fail(file, "bad test visibility");
    sum += t.score;
  }
  if (sum !== r.score) fail(file, `score ${String(r.score)} is not the sum of the tests' scores ${sum}`);
  return r as unknown as ReturnType<typeof checkGradescope>;
}

export interface JUnitCase {
  name: string;
  classname: string;
  failure?: { message: string; text: string };
}

/** JUnit XML: parses it (fast-xml-parser validates well-formedness) and checks counts. */
export function checkJUnit(file: string): JUnitCase[] {
  const xml = fs.readFileSync(file, "utf8");
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    isArray: (n) => n === "testsuite" || n === "testcase",
  });
  const valid = XMLValidatorOk(xml);
  if (valid !== true) fail(file, `not well-formed XML: ${valid}`);
  const doc = parser.parse(xml) as {
    testsuites?: { "@tests": string; "@failures": string; testsuite?: Record<string, unknown>[] };
  };
  const root = doc.testsuites;
  if (root === undefined) fail(file, "no <testsuites> root");
  const cases: JUnitCase[] = [];
  let failures = 0;
  for (const s of root.testsuite ?? []) {
    const cs = (s.testcase as Record<string, unknown>[] | undefined) ?? [];
    if (Number(s["@tests"]) !== cs.length)
      fail(file, `suite ${String(s["@name"])} says ${String(s["@tests"])} tests but has ${cs.length}`);
    let f = 0;
    for (const c of cs) {
      const fl = c.failure as Record<string, string> | undefined;
      if (fl !== undefined) f++;
      cases.push({
        name: String(c["@name"]),
        classname: String(c["@classname"]),
        failure: fl === undefined ? undefined : { message: fl["@message"] ?? "", text: fl["#text"] ?? "" },
      });
    }
    if (Number(s["@failures"]) !== f) fail(file, `suite ${String(s["@name"])} failure count is wrong`);
    failures += f;
  }
  if (Number(root["@tests"]) !== cases.length || Number(root["@failures"]) !== failures)
    fail(file, "root counts are wrong");
  return cases;
}

function XMLValidatorOk(xml: string): true | string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { XMLValidator } = require("fast-xml-parser") as typeof import("fast-xml-parser");
  const r = XMLValidator.validate(xml);
  return r === true ? true : `${r.err.msg} at line ${r.err.line}`;
}

/** GitHub Classroom runner result: {version: 1, status, max_score, tests[]}. */
export function checkClassroom(file: string): {
  status: string;
  max_score: number;
  tests: { name: string; status: string; score: number; max_score: number }[];
} {
  const r = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  if (r.version !== 1) fail(file, "version must be 1");
  if (!["pass", "fail", "error"].includes(r.status as string)) fail(file, "bad status");
  if (typeof r.max_score !== "number") fail(file, "max_score must be a number");
  if (!Array.isArray(r.tests)) fail(file, "tests must be an array");
  let max = 0;
  for (const t of r.tests as Record<string, unknown>[]) {
    if (typeof t.name !== "string" || !["pass", "fail", "error"].includes(t.status as string))
      fail(file, "bad test");
    if (typeof t.score !== "number" || typeof t.max_score !== "number")
      fail(file, "test scores must be numbers");
    if (
      typeof t.message !== "string" ||
      typeof t.line_no !== "number" ||
      typeof t.execution_time !== "string"
    )
      fail(file, "bad test fields");
    max += t.max_score;
  }
  if (max !== r.max_score) fail(file, "max_score is not the sum of the tests' max_score");
  const allPass = (r.tests as { status: string }[]).every((t) => t.status === "pass");
  if ((r.status === "pass") !== allPass) fail(file, "status disagrees with the tests");
  return r as unknown as ReturnType<typeof checkClassroom>;
}
