// Staff command line of the handout tools (used by grader/make/handout.mk):
//
//   npx tsx grader/handout/cli.ts markers                 check every solution region, list them per file
//   npx tsx grader/handout/cli.ts handout --out DIR [--stages 2a,2b] [--no-git] [--list]
//   npx tsx grader/handout/cli.ts autograder --out build/autograder.zip [--stages 2a,2b]
//
// Exit status: 0 on success, 2 when the input is bad (a malformed marker, a bad
// output folder, a leak of solution code), with the reason on stderr.

import * as path from "node:path";
import { buildAutograder } from "./autograder";
import { HandoutError, generateHandout, listRepoFiles, scanRepo } from "./generate";
import { MarkerError, parseSolvedStages } from "./markers";

const REPO = path.resolve(__dirname, "..", "..");

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) throw new UsageError(`${name} needs a value`);
  return v;
}

function main(argv: string[]): void {
  const [cmd, ...args] = argv;
  const repo = path.resolve(process.env.RAFTLAB_HANDOUT_REPO ?? REPO);
  if (cmd === "markers") {
    const regions = scanRepo(repo, listRepoFiles(repo));
    let n = 0;
    for (const [file, rs] of regions) {
      const tags = rs.map((r) => `${r.tag}@${r.begin + 1}${r.stub === undefined ? "" : "+stub"}`);
      console.log(`${file}: ${rs.length} region(s): ${tags.join(" ")}`);
      n += rs.length;
    }
    console.log(`${n} solution region(s) in ${regions.size} file(s), all well-formed`);
    return;
  }
  if (cmd === "handout") {
    const out = flag(args, "--out");
    if (out === undefined) throw new UsageError("handout needs --out DIR (make handout OUT=DIR)");
    const solved = parseSolvedStages(flag(args, "--stages"));
    const report = generateHandout({ repo, out, solved, git: !args.includes("--no-git") });
    if (args.includes("--list")) for (const f of report.files) console.log(f);
    const tags = Object.entries(report.regions)
      .sort()
      .map(([t, c]) => `${t} ${c.stubbed}/${c.total} stubbed`)
      .join(", ");
    const kind = solved.size === 0 ? "handout" : `partial handout (solved: ${[...solved].join(", ")})`;
    console.log(`wrote the ${kind} to ${out}: ${report.files.length} files; regions: ${tags || "none"}`);
    console.log(`left out ${report.excluded.length} staff file(s); commit ${report.commit ?? "(no git)"}`);
    return;
  }
  if (cmd === "autograder") {
    const out = flag(args, "--out") ?? path.join(repo, "build", "autograder.zip");
    const list = flag(args, "--stages");
    const stages = list === undefined ? undefined : [...parseSolvedStages(list)].map((t) => t.toLowerCase());
    const res = buildAutograder({ repo, out, stages });
    console.log(
      `wrote ${out}: ${res.entries} entries (the full handout, setup.sh, run_autograder; stages ${res.stages.join(",")})`,
    );
    return;
  }
  throw new UsageError(`unknown command "${cmd ?? ""}"; use markers, handout or autograder`);
}

try {
  main(process.argv.slice(2));
} catch (e) {
  if (
    e instanceof MarkerError ||
    e instanceof HandoutError ||
    e instanceof UsageError ||
    e instanceof RangeError
  ) {
    console.error(`error: ${e.message}`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
