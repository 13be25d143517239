// The typecheck of the graded implementation: `tsc --noEmit` over its raft/
// folder with the repository's compiler settings. Reported on its own line;
// tests still run transpile-only, so a type error does not zero the grade.

import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./workspace";
import { TypecheckResult } from "./types";

const MAX_ERRORS_KEPT = 50;

/** Runs tsc on `raftDir` (a folder named raft) and returns its errors, paths relative to raftDir's parent. */
export async function typecheck(raftDir: string, scratch: string): Promise<TypecheckResult> {
  const started = Date.now();
  fs.mkdirSync(scratch, { recursive: true });
  const config = path.join(scratch, "tsconfig.json");
  fs.writeFileSync(
    config,
    JSON.stringify(
      {
        extends: path.join(REPO_ROOT, "tsconfig.json"),
        compilerOptions: { rootDir: path.dirname(raftDir), paths: { "@raft/*": [path.join(raftDir, "*")] } },
        include: [path.join(raftDir, "**", "*.ts")],
        exclude: [],
      },
      null,
      2,
    ),
  );
  const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, "--noEmit", "--pretty", "false", "-p", config], {
      cwd: path.dirname(raftDir),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const take = (b: Buffer): void => {
      if (out.length < 1_000_000) out += b.toString("utf8");
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", (e) =>
      resolve({ ok: false, errors: [], ms: Date.now() - started, failure: e.message }),
    );
    child.on("close", (code) => {
      const ms = Date.now() - started;
      const errors: string[] = [];
      for (const line of out.split(/\r?\n/)) {
        if (line.trim() === "") continue;
        if (/^\S.*\(\d+,\d+\): error TS\d+:/.test(line) || /^error TS\d+:/.test(line)) errors.push(line);
        else if (errors.length > 0) errors[errors.length - 1] += "\n" + line;
      }
      if (code === 0) resolve({ ok: true, errors: [], ms });
      else if (errors.length === 0)
        resolve({ ok: false, errors: [], ms, failure: `tsc exited with ${code}: ${out.slice(0, 2000)}` });
      else {
        const kept = errors.slice(0, MAX_ERRORS_KEPT);
        if (errors.length > kept.length) kept.push(`... and ${errors.length - kept.length} more errors`);
        resolve({ ok: false, errors: kept, ms });
      }
    });
  });
}
