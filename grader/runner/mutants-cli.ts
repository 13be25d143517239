// `make grade-selftest`: the reference passes every graded test of every
// stage, and every deliberate bug in grader/selftest/mutants/ makes each of
// its mustFail tests fail. Exit 0 when both hold, 1 otherwise, 2 when the
// self-test cannot run.
//   npx tsx grader/runner/mutants-cli.ts [--only <glob>] [--jobs <n>] [--skip-reference]

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { realStagePlans } from "./grade";
import { LoadedMutant, MutantResult, inParallel, loadMutants, runMutant } from "./mutants";
import { loadConfig, parseArgs } from "./options";
import { runStage } from "./stage-runner";
import { REPO_ROOT } from "./workspace";

async function main(argv: string[]): Promise<number> {
  let only: RegExp | undefined;
  let skipReference = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--only") {
      const glob = argv[++i] ?? "";
      only = new RegExp(
        `^(?:${glob
          .split(",")
          .map((g) => g.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*"))
          .join("|")})$`,
      );
    } else if (argv[i] === "--skip-reference") skipReference = true;
    else rest.push(argv[i]);
  }
  const opts = parseArgs(rest, loadConfig(), os.cpus().length);
  const plans = realStagePlans();
  const scratch = path.join(REPO_ROOT, ".raftlab", "runs", `selftest-${process.pid}`);
  const started = Date.now();
  const log = (s: string): void => {
    process.stdout.write(s + "\n");
  };
  let ok = true;
  try {
    // 1. The reference passes everything (and tells which file declares each test).
    const fileOf = new Map<string, string>();
    if (!skipReference) {
      const results = await inParallel(
        opts.jobs,
        plans.map(
          (plan) => () =>
            runStage(plan, {
              raftDir: path.join(REPO_ROOT, "raft"),
              seed: opts.seed,
              budgets: opts.budgets,
              scratch: path.join(scratch, "reference"),
            }),
        ),
      );
      for (const r of results) {
        const failed = r.outcomes.filter((o) => !o.passed);
        for (const o of r.outcomes) if (o.file !== undefined) fileOf.set(o.id, o.file);
        log(
          `reference, stage ${r.plan.tag}: ${r.outcomes.length - failed.length}/${r.outcomes.length} graded tests pass (${(r.ms / 1000).toFixed(1)} s)`,
        );
        for (const f of failed) {
          ok = false;
          log(`  FAIL ${f.id} ${f.title}: ${f.message.split("\n")[0]}`);
        }
      }
    }
    // 2. Every mutant is caught by each of its mustFail tests.
    const mutants: LoadedMutant[] = loadMutants().filter((m) => only === undefined || only.test(m.id));
    log(`${mutants.length} deliberate bugs, ${opts.jobs} at a time:`);
    const results: MutantResult[] = await inParallel(
      opts.jobs,
      mutants.map((m) => async (slot) => {
        const r = await runMutant(m, {
          plans,
          budgets: opts.budgets,
          seed: opts.seed,
          fileOf,
          scratch,
          slot,
        });
        if (r.status === "caught")
          log(
            `  caught  ${m.id}  (${m.mustFail.length} test${m.mustFail.length === 1 ? "" : "s"} failed as required, ${(r.ms / 1000).toFixed(1)} s)`,
          );
        else if (r.status === "missed")
          log(
            `  MISSED  ${m.id} (${m.source}): ${m.bug}\n          these tests passed with the bug: ${r.missed.join(", ")}`,
          );
        else log(`  ERROR   ${m.id} (${m.source}): ${r.error}`);
        return r;
      }),
    );
    const bad = results.filter((r) => r.status !== "caught");
    if (bad.length > 0) ok = false;
    log(
      `${results.length - bad.length}/${results.length} deliberate bugs caught; ${ok ? "self-test passed" : "SELF-TEST FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return ok ? 0 : 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    for (let slot = 0; slot < opts.jobs; slot++)
      fs.rmSync(path.join(REPO_ROOT, ".raftlab", "ws", `mutant-slot-${slot}`), {
        recursive: true,
        force: true,
      });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`grade-selftest: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
