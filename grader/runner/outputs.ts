// Machine-readable results of a grading: Gradescope's results.json, JUnit
// XML, GitHub Classroom's runner result, and a Markdown summary (appended to
// $GITHUB_STEP_SUMMARY when it is set). All are built from the same
// GradeResult and contain no timings except the documented time fields.

import * as fs from "fs";
import * as path from "path";
import { GradedTestInfo } from "../harness/catalog";
import { groupById, rerunCommand, scores, totals } from "./report";
import { GradeResult, TestOutcome } from "./types";

export interface OutputContext {
  result: GradeResult;
  submission?: string;
  /** Text shown at the top of Gradescope's results (typecheck, ignored files). */
  summary: string;
}

interface TestRow {
  info: GradedTestInfo;
  stageTag: string;
  outcomes: TestOutcome[];
  passed: boolean;
  ms: number;
}

function rows(result: GradeResult): TestRow[] {
  const out: TestRow[] = [];
  for (const s of result.stages) {
    const byId = groupById(s);
    for (const info of s.plan.tests) {
      const os = byId.get(info.id);
      if (os === undefined) continue;
      out.push({
        info,
        stageTag: s.plan.tag,
        outcomes: os,
        passed: os.every((o) => o.passed),
        ms: os.reduce((a, o) => a + o.ms, 0),
      });
    }
  }
  return out;
}

/** The student-facing explanation of one test's result (plain text). */
export function explanation(row: TestRow, submission?: string): string {
  const failed = row.outcomes.filter((o) => !o.passed);
  if (failed.length === 0) {
    return row.outcomes.length > 1 ? `Passed in all ${row.outcomes.length} runs.` : "Passed.";
  }
  const f = failed[0];
  const parts = [`Checks: ${row.info.checks}`];
  if (row.outcomes.length > 1)
    parts.push(
      `Passed ${row.outcomes.length - failed.length}/${row.outcomes.length} runs; failed with seeds ${failed.map((o) => o.seed).join(", ")}.`,
    );
  parts.push(`Problem: ${f.message}`);
  if (f.where.length > 0) parts.push(`Where: ${f.where.join("; ")}`);
  parts.push(
    `Hint: ${row.info.hint}`,
    `Read: docs/en/${row.info.doc}`,
    `Rerun: ${rerunCommand(f.id, f.seed, submission)}`,
  );
  return parts.join("\n");
}

// ---------- Gradescope ----------

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  tags: string[];
  visibility: "visible" | "hidden" | "after_due_date" | "after_published";
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  visibility: "visible" | "hidden" | "after_due_date" | "after_published";
  stdout_visibility: "visible" | "hidden" | "after_due_date" | "after_published";
  tests: GradescopeTest[];
}

export function gradescopeResults(ctx: OutputContext): GradescopeResults {
  const tests = rows(ctx.result).map((r): GradescopeTest => ({
    name: `${r.info.id} ${r.info.title}`,
    number: r.info.id,
    score: r.passed ? r.info.points : 0,
    max_score: r.info.points,
    status: r.passed ? "passed" : "failed",
    output: explanation(r, ctx.submission),
    tags: [r.stageTag],
    visibility: "visible",
  }));
  return {
    score: tests.reduce((a, t) => a + t.score, 0),
    execution_time: Math.round(ctx.result.ms / 1000),
    output: ctx.summary,
    visibility: "visible",
    stdout_visibility: "hidden",
    tests,
  };
}

// ---------- JUnit ----------

/** Escapes text for XML 1.0 and drops characters XML cannot hold (student output may contain any byte). */
export function xmlEscape(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD]/gu, "\uFFFD")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}

export function junitXml(ctx: OutputContext): string {
  const all = rows(ctx.result);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = all.filter((r) => !r.passed).length;
  lines.push(
    `<testsuites name="raftlab" tests="${all.length}" failures="${failures}" errors="0" time="${(ctx.result.ms / 1000).toFixed(3)}">`,
  );
  for (const s of ctx.result.stages) {
    const rs = all.filter((r) => r.stageTag === s.plan.tag);
    const f = rs.filter((r) => !r.passed).length;
    lines.push(
      `  <testsuite name="${xmlEscape(`Stage ${s.plan.tag}: ${s.plan.title}`)}" tests="${rs.length}" failures="${f}" errors="0" skipped="0" time="${(s.ms / 1000).toFixed(3)}">`,
    );
    for (const r of rs) {
      const open = `    <testcase classname="raftlab.${xmlEscape(s.plan.id)}" name="${xmlEscape(`${r.info.id} ${r.info.title}`)}" time="${(r.ms / 1000).toFixed(3)}"`;
      if (r.passed) {
        lines.push(`${open}/>`);
      } else {
        const first = r.outcomes.find((o) => !o.passed)!;
        const msg = first.message.split("\n")[0] ?? "";
        lines.push(`${open}>`);
        lines.push(
          `      <failure message="${xmlEscape(msg)}" type="${xmlEscape(first.kind ?? "assertion")}">${xmlEscape(explanation(r, ctx.submission))}</failure>`,
        );
        lines.push("    </testcase>");
      }
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return lines.join("\n") + "\n";
}

// ---------- GitHub Classroom ----------

export interface ClassroomTest {
  name: string;
  status: "pass" | "fail" | "error";
  score: number;
  max_score: number;
  message: string;
  test_code: string;
  filename: string;
  line_no: number;
  execution_time: string;
}

export interface ClassroomResult {
  version: 1;
  status: "pass" | "fail" | "error";
  max_score: number;
  tests: ClassroomTest[];
}

/** The result object of GitHub Classroom's grading reporter (one runner, per-test partial credit). */
export function classroomResult(ctx: OutputContext): ClassroomResult {
  const rs = rows(ctx.result);
  const tests = rs.map((r): ClassroomTest => ({
    name: `${r.info.id} ${r.info.title}`,
    status: r.passed ? "pass" : "fail",
    score: r.passed ? r.info.points : 0,
    max_score: r.info.points,
    message: r.passed ? "" : explanation(r, ctx.submission),
    test_code: `make grade TEST=${r.info.id}`,
    filename: "",
    line_no: 0,
    execution_time: `${(r.ms / 1000).toFixed(2)}s`,
  }));
  return {
    version: 1,
    status: tests.every((t) => t.status === "pass") ? "pass" : "fail",
    max_score: tests.reduce((a, t) => a + t.max_score, 0),
    tests,
  };
}

// ---------- Markdown ----------

function mdCell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function markdownSummary(ctx: OutputContext): string {
  const ss = scores(ctx.result);
  const t = totals(ss);
  const lines = ["## raftlab grade", "", "| Stage | Title | Tests | Points |", "| --- | --- | ---: | ---: |"];
  for (const s of ss)
    lines.push(`| ${s.tag} | ${mdCell(s.title)} | ${s.passed}/${s.total} | ${s.points}/${s.maxPoints} |`);
  lines.push(`| **Total** | | **${t.passed}/${t.total}** | **${t.points}/${t.maxPoints}** |`, "");
  const failed = rows(ctx.result).filter((r) => !r.passed);
  if (failed.length > 0) {
    lines.push("| Failed test | Reason | Rerun |", "| --- | --- | --- |");
    for (const r of failed) {
      const f = r.outcomes.find((o) => !o.passed)!;
      lines.push(
        `| ${r.info.id} ${mdCell(r.info.title)} | ${mdCell((f.message.split("\n")[0] ?? "").slice(0, 160))} | \`${rerunCommand(f.id, f.seed, ctx.submission)}\` |`,
      );
    }
    lines.push("");
  }
  return lines.join("\n") + "\n";
}

export interface WrittenOutputs {
  gradescope: string;
  junit: string;
  classroom: string;
  markdown: string;
  stepSummary?: string;
}

/** Writes every output file into `dir`; appends the Markdown to $GITHUB_STEP_SUMMARY when set. */
export function writeOutputs(
  dir: string,
  ctx: OutputContext,
  env: NodeJS.ProcessEnv = process.env,
): WrittenOutputs {
  fs.mkdirSync(dir, { recursive: true });
  const out: WrittenOutputs = {
    gradescope: path.join(dir, "results.json"),
    junit: path.join(dir, "junit.xml"),
    classroom: path.join(dir, "classroom.json"),
    markdown: path.join(dir, "summary.md"),
  };
  fs.writeFileSync(out.gradescope, JSON.stringify(gradescopeResults(ctx), null, 2) + "\n");
  fs.writeFileSync(out.junit, junitXml(ctx));
  fs.writeFileSync(out.classroom, JSON.stringify(classroomResult(ctx), null, 2) + "\n");
  const md = markdownSummary(ctx);
  fs.writeFileSync(out.markdown, md);
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (summaryFile !== undefined && summaryFile !== "") {
    fs.appendFileSync(summaryFile, md);
    out.stepSummary = summaryFile;
  }
  return out;
}
