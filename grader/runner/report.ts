// Terminal text of a grading: live lines, failure blocks, score table. Pure
// functions of the results (plus timings, which are the only part of the
// output that changes between two runs with the same seed and code).

import { GradedTestInfo } from "../harness/catalog";
import { GradeResult, StageResult, StageScore, TestOutcome, TypecheckResult } from "./types";

export interface Style {
  color: boolean;
}

const CODES = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2, cyan: 36 } as const;
export function paint(style: Style, code: keyof typeof CODES, text: string): string {
  return style.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text;
}

/** Removes the parts of the output that vary between identical runs (timings). */
export function stripTimings(text: string): string {
  return text.replace(/\d+(\.\d+)? (ms|s)\b/g, "<t>");
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The short reason shown on a failing live line. */
export function shortReason(o: TestOutcome): string {
  switch (o.kind) {
    case "timeout":
      return "timed out (infinite loop?)";
    case "memory":
      return "ran out of memory";
    case "crash":
      return "the test process ended";
    case "not-run":
      return "did not run";
    default: {
      const first = o.message.split("\n")[0] ?? "";
      return first.length > 70 ? first.slice(0, 67) + "..." : first;
    }
  }
}

/** One line per finished test. */
export function liveLine(o: TestOutcome, style: Style, showSeed = false): string {
  const mark = o.passed ? paint(style, "green", "PASS") : paint(style, "red", "FAIL");
  const pts = `${o.passed ? o.points : 0}/${o.points} pts`;
  const seed = showSeed ? `, seed ${o.seed}` : "";
  const tail = o.passed ? "" : `  ${paint(style, "dim", shortReason(o))}`;
  return `  ${mark}  ${o.id.padEnd(7)} ${o.title}  (${pts}, ${duration(o.ms)}${seed})${tail}`;
}

export function typecheckLine(t: TypecheckResult, label: string, style: Style): string[] {
  if (t.failure !== undefined)
    return [`Typecheck (tsc --noEmit, ${label}): ${paint(style, "yellow", "could not run")}: ${t.failure}`];
  if (t.ok) return [`Typecheck (tsc --noEmit, ${label}): ${paint(style, "green", "OK")}`];
  const n = t.errors.filter((e) => !e.startsWith("... and")).length;
  const lines = [
    `Typecheck (tsc --noEmit, ${label}): ${paint(style, "red", `${n} error${n === 1 ? "" : "s"}`)} (the tests still run, transpile-only; fix these first)`,
  ];
  for (const e of t.errors) for (const l of e.split("\n")) lines.push(`  ${l}`);
  return lines;
}

export function stageHeader(r: { tag: string; title: string }, style: Style): string {
  return paint(style, "bold", `Stage ${r.tag}: ${r.title}`);
}

/** The command that reruns one test exactly. */
export function rerunCommand(id: string, seed: number, submission?: string): string {
  const sub =
    submission === undefined
      ? ""
      : ` SUBMISSION=${/^[\w./-]+$/.test(submission) ? submission : `'${submission}'`}`;
  return `make grade TEST=${id} SEED=${seed}${sub}`;
}

function indent(label: string, text: string, maxLines: number): string[] {
  const lines = text.split("\n");
  const shown = lines.slice(0, maxLines);
  if (lines.length > maxLines)
    shown.push(`... (${lines.length - maxLines} more lines; run with VERBOSE=1 to see all)`);
  return shown.map((l, i) => `  ${(i === 0 ? label : "").padEnd(9)}${l}`);
}

export interface FailureContext {
  info: GradedTestInfo | undefined;
  /** Every outcome of this test (one per seed); at least one failed. */
  outcomes: TestOutcome[];
  submission?: string;
  verbose: boolean;
}

/** The explanation block of one failing test. */
export function failureBlock(ctx: FailureContext, style: Style): string[] {
  const failed = ctx.outcomes.filter((o) => !o.passed);
  const first = failed[0];
  const info = ctx.info;
  const lines: string[] = [];
  lines.push(paint(style, "red", `FAIL ${first.id} ${first.title}`) + `  (0/${first.points} pts)`);
  if (ctx.outcomes.length > 1) {
    const rate = ctx.outcomes.length - failed.length;
    lines.push(
      `  ${"Passed".padEnd(9)}${rate}/${ctx.outcomes.length} runs; failed with seeds ${failed.map((o) => o.seed).join(", ")}`,
    );
  }
  if (info) lines.push(...indent("Checks", info.checks, 10));
  lines.push(...indent("Problem", first.message || "(no message)", ctx.verbose ? 10_000 : 40));
  if (first.where.length > 0) lines.push(...indent("Where", first.where.join("\n"), 3));
  if (first.outputBytes > 0) {
    const size =
      first.outputBytes > first.output.length
        ? ` (${first.outputBytes} characters; only the start is shown)`
        : "";
    lines.push(`  ${"Output".padEnd(9)}your code printed during this test${size}:`);
    const out = first.output.replace(/\n$/, "").split("\n");
    const max = ctx.verbose ? 200 : 8;
    for (const l of out.slice(0, max))
      lines.push(`  ${"".padEnd(9)}| ${l.length > 200 ? l.slice(0, 200) + "..." : l}`);
    if (out.length > max) lines.push(`  ${"".padEnd(9)}| ... (${out.length - max} more lines)`);
  }
  if (info) {
    lines.push(...indent("Hint", info.hint, 10));
    lines.push(`  ${"Read".padEnd(9)}docs/en/${info.doc}`);
  }
  lines.push(`  ${"Rerun".padEnd(9)}${rerunCommand(first.id, first.seed, ctx.submission)}`);
  return lines;
}

/** Scores per stage; a test counts as passed only if it passed with every seed. */
export function scores(result: GradeResult): StageScore[] {
  return result.stages.map((s) => {
    const byId = groupById(s);
    let passed = 0;
    let points = 0;
    let maxPoints = 0;
    for (const t of s.plan.tests) {
      const os = byId.get(t.id);
      if (os === undefined) continue;
      maxPoints += t.points;
      if (os.every((o) => o.passed)) {
        passed++;
        points += t.points;
      }
    }
    return {
      stage: s.plan.id,
      tag: s.plan.tag,
      title: s.plan.title,
      passed,
      total: byId.size,
      points,
      maxPoints,
    };
  });
}

export function groupById(s: StageResult): Map<string, TestOutcome[]> {
  const m = new Map<string, TestOutcome[]>();
  for (const o of s.outcomes) {
    const list = m.get(o.id) ?? [];
    list.push(o);
    m.set(o.id, list);
  }
  return m;
}

export function totals(ss: StageScore[]): {
  passed: number;
  total: number;
  points: number;
  maxPoints: number;
} {
  return ss.reduce(
    (a, s) => ({
      passed: a.passed + s.passed,
      total: a.total + s.total,
      points: a.points + s.points,
      maxPoints: a.maxPoints + s.maxPoints,
    }),
    { passed: 0, total: 0, points: 0, maxPoints: 0 },
  );
}

export function scoreTable(ss: StageScore[], style: Style, runs: number): string[] {
  const w = Math.max(10, ...ss.map((s) => s.title.length));
  const lines = [
    paint(style, "bold", `Score${runs > 1 ? ` (a test counts only if it passed in all ${runs} runs)` : ""}`),
  ];
  lines.push(`  ${"Stage".padEnd(6)} ${"".padEnd(w)}  ${"Tests".padStart(7)}  ${"Points".padStart(9)}`);
  for (const s of ss) {
    const row = `  ${s.tag.padEnd(6)} ${s.title.padEnd(w)}  ${`${s.passed}/${s.total}`.padStart(7)}  ${`${s.points}/${s.maxPoints}`.padStart(9)}`;
    lines.push(
      s.total === 0
        ? row + "  (no graded tests yet)"
        : s.passed === s.total
          ? row
          : paint(style, "yellow", row),
    );
  }
  const t = totals(ss);
  lines.push(
    paint(
      style,
      "bold",
      `  ${"Total".padEnd(6)} ${"".padEnd(w)}  ${`${t.passed}/${t.total}`.padStart(7)}  ${`${t.points}/${t.maxPoints}`.padStart(9)}`,
    ),
  );
  return lines;
}

/** Per-test pass rates over several seeds (RUNS=n). */
export function passRateLines(result: GradeResult, style: Style): string[] {
  const lines = [
    paint(
      style,
      "bold",
      `Pass rates over ${result.seeds.length} seeds (${result.seeds[0]}..${result.seeds[result.seeds.length - 1]})`,
    ),
  ];
  for (const s of result.stages) {
    for (const [id, os] of groupById(s)) {
      const ok = os.filter((o) => o.passed).length;
      const line = `  ${id.padEnd(7)} ${`${ok}/${os.length}`.padStart(7)}  ${os[0].title}`;
      lines.push(
        ok === os.length
          ? line
          : paint(style, ok === 0 ? "red" : "yellow", line + (ok > 0 ? "  (flaky)" : "")),
      );
    }
  }
  return lines;
}
