// The handout generator: the reference repository in, a standalone student
// repository out (see docs/en/solution-markers.md).

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { listFiles } from "../runner/workspace";
import { LockfileError, prunedLockfile, withoutDevDependencies } from "./lockfile";
import { OVERLAY_DIR, STAFF_ONLY_PACKAGES, exclusionReason } from "./manifest";
import { Region, STAFF_TAG, commentStyleOf, parseRegions, transformText } from "./markers";

/** The handout cannot be made (bad output folder, solution code that would leak, ...). */
export class HandoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HandoutError";
  }
}

/** Author, committer and date of the handout's single commit, fixed so that the same input gives the same commit. */
export const HANDOUT_GIT_IDENTITY = {
  name: "raftlab course staff",
  email: "raftlab-staff@users.noreply.example",
  date: "2024-01-01T00:00:00Z",
};

/** Files of the repository as git sees them: tracked plus untracked-but-not-ignored, that exist. Sorted. */
export function listRepoFiles(repo: string): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repo,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = new Set<string>();
  for (const f of out.split("\0")) {
    if (f === "") continue;
    const st = fs.lstatSync(path.join(repo, f), { throwIfNoEntry: false });
    if (st !== undefined && st.isFile()) files.add(f);
  }
  return [...files].sort();
}

/**
 * Files that are scanned for markers: every file that can hold them (by its
 * comment syntax) and goes into the handout. Files that never ship are not
 * scanned: the generator's own fixtures hold malformed markers on purpose, and
 * the deliberate-bug patches quote marker lines inside strings.
 */
function isScanned(file: string): boolean {
  return commentStyleOf(file) !== undefined && exclusionReason(file, new Set()) === undefined;
}

/** Every region of every file that can hold markers. Throws MarkerError (file:line) on the first malformed one. */
export function scanRepo(repo: string, files: readonly string[]): Map<string, Region[]> {
  const found = new Map<string, Region[]>();
  for (const f of files) {
    if (!isScanned(f)) continue;
    const style = commentStyleOf(f)!;
    const regions = parseRegions(fs.readFileSync(path.join(repo, f), "utf8"), f, style);
    if (regions.length > 0) found.set(f, regions);
  }
  return found;
}

export interface HandoutOptions {
  /** The reference repository. */
  repo: string;
  /** The folder to create. It must not exist or be empty. */
  out: string;
  /** Stage tags (upper case) whose solutions stay in: a partial handout. */
  solved: ReadonlySet<string>;
  /** Make the output a git repository with one commit (default true). */
  git?: boolean;
}

export interface HandoutReport {
  /** Files written, relative to `out`, sorted. */
  files: string[];
  /** Files left out, with the reason. */
  excluded: { file: string; why: string }[];
  /** Regions per tag, and how many were stubbed (the rest stayed solved). */
  regions: Record<string, { total: number; stubbed: number }>;
  /** The handout commit, when git was made. */
  commit?: string;
}

/** Overlay files (handout-only), relative to the handout root. */
export function overlayFiles(repo: string): string[] {
  const dir = path.join(repo, OVERLAY_DIR);
  return fs.existsSync(dir) ? listFiles(dir) : [];
}

function checkOutDir(repo: string, out: string): void {
  const absOut = path.resolve(out);
  const absRepo = path.resolve(repo);
  const rel = path.relative(absRepo, absOut);
  const inside = rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
  if (inside && !/^(\.raftlab|build)(\/|$)/.test(rel.split(path.sep).join("/"))) {
    throw new HandoutError(
      `OUT=${out} is inside the repository; use a folder outside it, or under .raftlab/ or build/ (both are gitignored)`,
    );
  }
  if (fs.existsSync(absOut)) {
    if (!fs.statSync(absOut).isDirectory()) throw new HandoutError(`OUT=${out} exists and is not a folder`);
    if (fs.readdirSync(absOut).length > 0) {
      throw new HandoutError(
        `OUT=${out} is not empty; remove it or choose another folder (nothing was written)`,
      );
    }
  }
}

/** Lines that say something: trimmed, at least 10 characters (so "}" or "return;" do not count). */
function meaningful(lines: readonly string[]): string[] {
  return lines.map((l) => l.trim()).filter((l) => l.length >= 10);
}

/** Every run of SHINGLE consecutive meaningful lines, joined: the fingerprint of a piece of code. */
const SHINGLE = 3;
function shingles(lines: readonly string[]): string[] {
  const m = meaningful(lines);
  const res: string[] = [];
  for (let i = 0; i + SHINGLE <= m.length; i++) res.push(m.slice(i, i + SHINGLE).join("\n"));
  return res;
}

/**
 * Fingerprints of the unsolved regions' code that must not appear anywhere in
 * the handout: runs of three consecutive meaningful lines, minus those found
 * in a stub or outside the regions of raft/ (those are in the handout on
 * purpose). A copy of solution code in a test, a fixture or a doc is caught
 * this way, while a single common line (a message type, a field name) is not.
 */
function secretShingles(
  repo: string,
  copied: readonly string[],
  regions: Map<string, Region[]>,
  solved: ReadonlySet<string>,
): Set<string> {
  const secret = new Set<string>();
  const allowed = new Set<string>();
  for (const [, rs] of regions) {
    for (const r of rs) {
      for (const sh of shingles(r.stubLines)) allowed.add(sh);
      const open = r.tag !== STAFF_TAG && !solved.has(r.tag);
      for (const sh of shingles(r.code)) (open ? secret : allowed).add(sh);
    }
  }
  for (const f of copied) {
    if (!f.startsWith("raft/") && !regions.has(f)) continue;
    const lines = fs.readFileSync(path.join(repo, f), "utf8").split("\n");
    let from = 0;
    for (const r of [...(regions.get(f) ?? []), undefined]) {
      const to = r === undefined ? lines.length : r.begin;
      for (const sh of shingles(lines.slice(from, to))) allowed.add(sh);
      if (r !== undefined) from = r.end + 1;
    }
  }
  for (const a of allowed) secret.delete(a);
  return secret;
}

/** The npm packages a JavaScript or TypeScript source names in import, export ... from, import() or require(). */
export function importedPackages(source: string): Set<string> {
  const found = new Set<string>();
  for (const m of source.matchAll(/(?:\bfrom|\bimport|\brequire)\s*\(?\s*["']([^"'\n]+)["']/g)) {
    const spec = m[1];
    if (
      spec.startsWith(".") ||
      spec.startsWith("/") ||
      spec.startsWith("node:") ||
      spec.startsWith("@raft/")
    ) {
      continue;
    }
    const parts = spec.split("/");
    found.add(spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
  }
  return found;
}

type Contents = Map<string, { data: Buffer; mode: number }>;

/**
 * Leaves STAFF_ONLY_PACKAGES out of the handout's package.json and
 * package-lock.json, after checking that no file of the handout imports one.
 */
function dropStaffOnlyPackages(contents: Contents): void {
  const pkg = contents.get("package.json");
  if (pkg === undefined) return;
  const drop = Object.keys(STAFF_ONLY_PACKAGES);
  for (const [f, { data }] of contents) {
    if (!/\.[cm]?[jt]sx?$/.test(f)) continue;
    const used = importedPackages(data.toString("utf8"));
    for (const name of drop) {
      if (used.has(name)) {
        throw new HandoutError(
          `${f} imports ${name}, which the handout leaves out (used by ${STAFF_ONLY_PACKAGES[name]}); ` +
            `keep that file out of the handout or remove ${name} from STAFF_ONLY_PACKAGES (nothing was written)`,
        );
      }
    }
  }
  try {
    const packageJson = withoutDevDependencies(pkg.data.toString("utf8"), drop);
    contents.set("package.json", { data: Buffer.from(packageJson, "utf8"), mode: pkg.mode });
    const lock = contents.get("package-lock.json");
    if (lock !== undefined) {
      const pruned = prunedLockfile(lock.data.toString("utf8"), packageJson);
      contents.set("package-lock.json", { data: Buffer.from(pruned, "utf8"), mode: lock.mode });
    }
  } catch (e) {
    if (e instanceof LockfileError) throw new HandoutError(`${e.message} (nothing was written)`);
    throw e;
  }
}

function git(cwd: string, args: string[]): string {
  const id = HANDOUT_GIT_IDENTITY;
  return execFileSync("git", ["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", ...args], {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: id.name,
      GIT_AUTHOR_EMAIL: id.email,
      GIT_AUTHOR_DATE: id.date,
      GIT_COMMITTER_NAME: id.name,
      GIT_COMMITTER_EMAIL: id.email,
      GIT_COMMITTER_DATE: id.date,
      HUSKY: "0",
    },
  }).trim();
}

/** Writes the handout. Throws MarkerError or HandoutError before writing anything when the input is bad. */
export function generateHandout(opts: HandoutOptions): HandoutReport {
  const { repo, out, solved } = opts;
  checkOutDir(repo, out);
  const files = listRepoFiles(repo);
  const regions = scanRepo(repo, files);
  const solutionFiles = new Set(regions.keys());
  const overlays = overlayFiles(repo);
  const overlaySet = new Set(overlays);

  const copied: string[] = [];
  const excluded: { file: string; why: string }[] = [];
  for (const f of files) {
    const why = exclusionReason(f, solutionFiles);
    if (why !== undefined) excluded.push({ file: f, why });
    else if (!overlaySet.has(f)) copied.push(f);
  }

  // Build everything in memory first, so a problem leaves no half-written folder.
  const contents: Contents = new Map();
  const report: HandoutReport = { files: [], excluded, regions: {} };
  for (const f of copied) {
    const src = path.join(repo, f);
    const mode = fs.statSync(src).mode & 0o111 ? 0o755 : 0o644;
    const rs = regions.get(f);
    if (rs === undefined) {
      contents.set(f, { data: fs.readFileSync(src), mode });
      continue;
    }
    const t = transformText(fs.readFileSync(src, "utf8"), f, commentStyleOf(f)!, solved);
    for (const r of t.regions) {
      const c = (report.regions[r.tag] ??= { total: 0, stubbed: 0 });
      c.total++;
      if (r.tag === STAFF_TAG || !solved.has(r.tag)) c.stubbed++;
    }
    contents.set(f, { data: Buffer.from(t.text, "utf8"), mode });
  }
  for (const f of overlays) {
    const src = path.join(repo, OVERLAY_DIR, f);
    const mode = fs.statSync(src).mode & 0o111 ? 0o755 : 0o644;
    contents.set(f, { data: fs.readFileSync(src), mode });
  }
  dropStaffOnlyPackages(contents);

  const secret = secretShingles(repo, copied, regions, solved);
  for (const [f, { data }] of contents) {
    const lines = data.toString("utf8").split("\n");
    const m = meaningful(lines);
    for (let i = 0; i + SHINGLE <= m.length; i++) {
      const sh = m.slice(i, i + SHINGLE).join("\n");
      if (secret.has(sh)) {
        const at = lines.findIndex((l) => l.trim() === m[i]) + 1;
        throw new HandoutError(
          `${f}:${at} holds solution code from an unsolved region ("${m[i]}" and the next lines); ` +
            `the handout would leak it (nothing was written)`,
        );
      }
    }
  }

  for (const [f, { data, mode }] of [...contents].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const dst = path.join(out, f);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.writeFileSync(dst, data, { mode });
    fs.chmodSync(dst, mode);
    report.files.push(f);
  }

  if (opts.git !== false) {
    git(out, ["init", "-q", "-b", "main"]);
    git(out, ["add", "--all"]);
    git(out, ["commit", "-q", "--no-verify", "-m", "raftlab: the student handout"]);
    report.commit = git(out, ["rev-parse", "HEAD"]);
  }
  return report;
}
