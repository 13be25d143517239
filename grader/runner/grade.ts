// The grading orchestrator behind `make grade`: picks stages and tests,
// builds the submission workspace, runs the typecheck and the stages (in
// parallel when cores allow, with each stage's lines kept together), and
// prints live lines, failure explanations and the score table.

import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { GradedTestInfo } from "../harness/catalog";
import { CATALOGS } from "../stages/catalogs";
import { STAGES } from "../stages/stages";
import { GradeOptions, UsageError, loadConfig, selectTests } from "./options";
import { writeOutputs, WrittenOutputs } from "./outputs";
import {
  Style,
  failureBlock,
  groupById,
  liveLine,
  paint,
  passRateLines,
  scoreTable,
  scores,
  stageHeader,
  totals,
  typecheckLine,
} from "./report";
import { runStage } from "./stage-runner";
import { typecheck } from "./typecheck";
import { GradeResult, StagePlan, StageResult, TypecheckResult } from "./types";
import { REPO_ROOT, buildSubmissionWorkspace } from "./workspace";

/** The real stages of the lab, from the stage registry and the catalogs. */
export function realStagePlans(): StagePlan[] {
  return STAGES.map((s) => ({ id: s.id, tag: s.tag, title: s.title, tests: CATALOGS[s.id] }));
}

/** Loads STAGE_PLANS from a module (fixture stages for the grader's own tests). */
function plansFromModule(file: string): StagePlan[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { STAGE_PLANS?: StagePlan[] };
  if (!Array.isArray(mod.STAGE_PLANS)) throw new UsageError(`${file} does not export STAGE_PLANS`);
  return mod.STAGE_PLANS;
}

/**
 * Output in sections printed in a fixed order: the first unfinished section
 * streams live, later ones are buffered until it is their turn. Two stages can
 * run at once and their lines never interleave.
 */
export class SectionedOutput {
  private readonly buffers: string[][] = [];
  private readonly done: boolean[] = [];
  private head = 0;

  constructor(
    count: number,
    private readonly write: (line: string) => void,
  ) {
    for (let i = 0; i < count; i++) {
      this.buffers.push([]);
      this.done.push(false);
    }
  }

  line(section: number, text: string): void {
    if (section === this.head) this.write(text);
    else this.buffers[section].push(text);
  }

  finish(section: number): void {
    this.done[section] = true;
    while (this.head < this.done.length && this.done[this.head]) {
      this.head++;
      if (this.head < this.buffers.length) {
        for (const l of this.buffers[this.head]) this.write(l);
        this.buffers[this.head] = [];
      }
    }
  }
}

async function pool<T>(jobs: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return results;
}

let gradings = 0;

export interface GradeRun {
  result: GradeResult;
  exitCode: 0 | 1;
  outputs: WrittenOutputs;
}

/** Grades according to `opts`, writing the terminal text line by line to `write`. Throws UsageError/WorkspaceError when it cannot run. */
export async function grade(
  opts: GradeOptions,
  write: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GradeRun> {
  const started = Date.now();
  const config = loadConfig();
  const style: Style = { color: opts.color ?? false };
  const all = opts.stagesModule !== undefined ? plansFromModule(opts.stagesModule) : realStagePlans();
  const { plans, only } = selectTests(all, config.defaultStages, opts.stages, opts.test);
  if (plans.length === 0) throw new UsageError("no stage selected");

  let raftDir = path.resolve(env.RAFTLAB_RAFT_DIR || path.join(REPO_ROOT, "raft"));
  let label = path.relative(REPO_ROOT, raftDir) || raftDir;
  let ignoredFiles: string[] = [];
  if (opts.submission !== undefined) {
    // One stable workspace per submission folder: messages that name it (a fault test's rerun
    // command) stay valid after grading and are the same in every run.
    const key = createHash("sha256").update(path.resolve(opts.submission)).digest("hex").slice(0, 10);
    const ws = buildSubmissionWorkspace(opts.submission, { name: `submission-${key}` });
    raftDir = ws.raftDir;
    label = `the submission in ${opts.submission}`;
    ignoredFiles = ws.ignoredFiles;
  }
  const seeds = Array.from({ length: opts.runs }, (_, i) => opts.seed + i);
  const scratch = path.join(REPO_ROOT, ".raftlab", "runs", `${process.pid}-${++gradings}`);
  try {
    return await gradeIn();
  } finally {
    // The records are scratch; kept only with --verbose (to look at them).
    if (!opts.verbose) {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }

  async function gradeIn(): Promise<GradeRun> {
    write(
      paint(
        style,
        "bold",
        `raftlab grade: ${plans.map((p) => p.tag).join(", ")}${only ? ` (${only.size} selected test${only.size === 1 ? "" : "s"})` : ""}, seed ${opts.seed}${opts.runs > 1 ? `..${seeds[seeds.length - 1]} (${opts.runs} runs)` : ""}`,
      ),
    );
    write(`Grading ${label}`);
    if (ignoredFiles.length > 0) {
      write(
        paint(
          style,
          "yellow",
          `Ignored submitted files (they would replace files the lab gives you): ${ignoredFiles.join(", ")}`,
        ),
      );
    }

    const offset = opts.typecheck ? 1 : 0;
    const out = new SectionedOutput(plans.length + offset, write);
    let tc: TypecheckResult | undefined;
    const tasks: (() => Promise<StageResult | undefined>)[] = [];
    if (opts.typecheck) {
      tasks.push(async () => {
        tc = await typecheck(raftDir, path.join(scratch, "typecheck"));
        for (const l of typecheckLine(tc, label, style)) out.line(0, l);
        out.finish(0);
        return undefined;
      });
    }
    plans.forEach((plan, i) => {
      const section = i + offset;
      tasks.push(async () => {
        out.line(section, "");
        out.line(section, stageHeader(plan, style));
        const merged: StageResult = { plan, outcomes: [], notes: [], ms: 0 };
        const selected = plan.tests.filter((t) => only === undefined || only.has(t.id)).length;
        if (selected === 0) out.line(section, "  (no graded tests in this stage yet)");
        for (const seed of seeds) {
          if (selected === 0) break;
          const r = await runStage(plan, {
            raftDir,
            seed,
            budgets: opts.budgets,
            only,
            scratch: path.join(scratch, `${plan.id}-${seed}`),
            onOutcome: (o) => {
              if (opts.runs === 1 || !o.passed || opts.verbose)
                out.line(section, liveLine(o, style, opts.runs > 1));
            },
          }).catch((e: unknown): StageResult => {
            // A fault of the grader in one stage must not hide the other stages' results.
            const message = `did not run: the grader failed in stage ${plan.tag} (please report this): ${(e as Error).message}`;
            const outcomes = plan.tests
              .filter((t) => only === undefined || only.has(t.id))
              .map((t) => ({
                id: t.id,
                title: t.title,
                stage: plan.id,
                points: t.points,
                passed: false,
                kind: "not-run" as const,
                message,
                where: [],
                output: "",
                outputBytes: 0,
                ms: 0,
                seed,
              }));
            return { plan, outcomes, notes: [message], ms: 0 };
          });
          merged.outcomes.push(...r.outcomes);
          for (const n of r.notes) if (!merged.notes.includes(n)) merged.notes.push(n);
          merged.ms += r.ms;
          if (opts.runs > 1) {
            const ok = r.outcomes.filter((o) => o.passed).length;
            out.line(section, `  seed ${seed}: ${ok}/${r.outcomes.length} passed`);
          }
        }
        const order = new Map(plan.tests.map((t, k) => [t.id, k]));
        merged.outcomes.sort((a, b) => order.get(a.id)! - order.get(b.id)! || a.seed - b.seed);
        for (const n of merged.notes)
          out.line(section, paint(style, "yellow", `  note: ${n.split("\n")[0]}`));
        out.finish(section);
        return merged;
      });
    });
    const done = await pool(Math.max(1, opts.jobs), tasks);
    const stageResults = done.filter((r): r is StageResult => r !== undefined);
    const order = new Map(plans.map((p, i) => [p.id, i]));
    stageResults.sort((a, b) => order.get(a.plan.id)! - order.get(b.plan.id)!);

    const result: GradeResult = {
      typecheck: tc,
      stages: stageResults,
      seeds,
      ignoredFiles,
      ms: Date.now() - started,
    };

    // Failures, in stage and catalog order.
    const infos = new Map<string, GradedTestInfo>(
      plans.flatMap((p) => p.tests.map((t) => [t.id, t] as const)),
    );
    let anyFailed = false;
    for (const s of stageResults) {
      for (const [id, os] of groupById(s)) {
        if (os.every((o) => o.passed)) continue;
        anyFailed = true;
        write("");
        for (const l of failureBlock(
          { info: infos.get(id), outcomes: os, submission: opts.submission, verbose: opts.verbose },
          style,
        ))
          write(l);
      }
    }
    write("");
    if (opts.runs > 1) {
      for (const l of passRateLines(result, style)) write(l);
      write("");
    }
    const ss = scores(result);
    for (const l of scoreTable(ss, style, opts.runs)) write(l);
    const t = totals(ss);

    const summary = [
      tc === undefined ? "" : typecheckLine(tc, label, { color: false }).join("\n"),
      ignoredFiles.length > 0
        ? `Ignored submitted files (they would replace files the lab gives you): ${ignoredFiles.join(", ")}`
        : "",
      `Score: ${t.points}/${t.maxPoints} points, ${t.passed}/${t.total} tests passed (seed ${opts.seed}${opts.runs > 1 ? `, ${opts.runs} runs` : ""}).`,
    ]
      .filter((x) => x !== "")
      .join("\n");
    const outputs = writeOutputs(opts.output, { result, submission: opts.submission, summary }, env);
    write("");
    write(
      `Results: ${path.relative(process.cwd(), opts.output) || "."}/{results.json,junit.xml,classroom.json,summary.md}`,
    );
    write(`Graded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return { result, exitCode: anyFailed ? 1 : 0, outputs };
  }
}
