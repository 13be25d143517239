// Workspaces: a copy of this repository's raft/ under .raftlab/, changed in a
// known way (a student's files laid over it, or a deliberate-bug patch), that
// the grader then grades by pointing RAFTLAB_RAFT_DIR at it.
//
// buildSubmissionWorkspace is the one entry point for grading a submission;
// the handout and autograder tools use it too.

import * as fs from "fs";
import * as path from "path";

/** The repository root (two levels above this file). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The files a student owns and submits. Every other given file in raft/ is ours. */
export const STUDENT_FILES: readonly string[] = ["raft.ts", "log.ts", "rawnode.ts"];

/** A workspace or submission problem the grader cannot work around. */
export class WorkspaceError extends Error {
  override name = "WorkspaceError";
}

export interface Workspace {
  /** The workspace folder, e.g. <repo>/.raftlab/ws/submission. */
  dir: string;
  /** Its raft/ folder: the value for RAFTLAB_RAFT_DIR. */
  raftDir: string;
  /** Files taken from the submission (paths relative to its raft/ folder). */
  studentFiles: string[];
  /** Submitted files that replace a given file and were therefore ignored. */
  ignoredFiles: string[];
}

/** A text patch: `find` must occur exactly once in `file` (relative to raft/). */
export interface TextPatch {
  file: string;
  find: string;
  replace: string;
}

/** A file written into the workspace's raft/ as is, or appended to an existing one. */
export interface FileOverlay {
  file: string;
  content: string;
  /** Append to the existing file instead of replacing it. */
  append?: boolean;
}

/** Every regular file below `dir`, relative to it ("/"-separated), sorted. */
export function listFiles(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel === "" ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out.sort();
}

/** The given (pristine) files of raft/: everything except tests. */
function pristineFiles(raftSrc: string): string[] {
  return listFiles(raftSrc).filter((f) => !f.endsWith(".test.ts"));
}

/** Creates <root>/.raftlab/ws/<name>/raft as a fresh copy of <root>/raft (tests left out). */
export function createWorkspace(name: string, root = REPO_ROOT): Workspace {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new WorkspaceError(`bad workspace name "${name}"`);
  const raftSrc = path.join(root, "raft");
  if (!fs.existsSync(path.join(raftSrc, "eraftpb.ts"))) {
    throw new WorkspaceError(`${raftSrc}/eraftpb.ts is missing; run \`make install\` to generate it`);
  }
  const dir = path.join(root, ".raftlab", "ws", name);
  fs.rmSync(dir, { recursive: true, force: true });
  const raftDir = path.join(dir, "raft");
  for (const f of pristineFiles(raftSrc)) {
    fs.mkdirSync(path.dirname(path.join(raftDir, f)), { recursive: true });
    fs.copyFileSync(path.join(raftSrc, f), path.join(raftDir, f));
  }
  return { dir, raftDir, studentFiles: [], ignoredFiles: [] };
}

/** Where a submission keeps its raft files: <dir>/raft when that exists, else <dir> itself. */
export function submissionRaftDir(submission: string): string {
  const dir = path.resolve(submission);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new WorkspaceError(`submission folder ${dir} does not exist`);
  }
  const nested = path.join(dir, "raft");
  return fs.existsSync(nested) && fs.statSync(nested).isDirectory() ? nested : dir;
}

/**
 * Builds a workspace that holds this repository's given raft/ files plus, from
 * `submission`, the student-owned files (raft.ts, log.ts, rawnode.ts) and any
 * NEW file under raft/. Submitted files that would replace a given file
 * (storage.ts, the generated eraftpb.ts, ...) are ignored and listed in
 * `ignoredFiles`. Every student-owned file must be present.
 */
export function buildSubmissionWorkspace(
  submission: string,
  options: { name?: string; root?: string } = {},
): Workspace {
  const src = submissionRaftDir(submission);
  const missing = STUDENT_FILES.filter((f) => !fs.existsSync(path.join(src, f)));
  if (missing.length > 0) {
    throw new WorkspaceError(
      `the submission in ${src} has no ${missing.join(", ")} (expected raft/raft.ts, raft/log.ts, raft/rawnode.ts)`,
    );
  }
  const ws = createWorkspace(options.name ?? "submission", options.root);
  const given = new Set(pristineFiles(path.join(options.root ?? REPO_ROOT, "raft")));
  for (const f of listFiles(src)) {
    if (f.split("/").some((part) => part === "node_modules" || part.startsWith("."))) continue;
    const owned = STUDENT_FILES.includes(f);
    if (!owned && given.has(f)) {
      ws.ignoredFiles.push(`raft/${f}`);
      continue;
    }
    if (!owned && !f.endsWith(".ts")) continue;
    const dest = path.join(ws.raftDir, f);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(path.join(src, f), dest);
    ws.studentFiles.push(`raft/${f}`);
  }
  return ws;
}

/** Applies a patch whose `find` must occur exactly once; throws a WorkspaceError naming the problem otherwise. */
export function applyPatch(ws: Workspace, patch: TextPatch, label = "patch"): void {
  const file = path.join(ws.raftDir, patch.file);
  if (!fs.existsSync(file)) throw new WorkspaceError(`${label}: raft/${patch.file} does not exist`);
  const text = fs.readFileSync(file, "utf8");
  const count = text.split(patch.find).length - 1;
  if (count !== 1) {
    throw new WorkspaceError(
      `${label}: the text to find occurs ${count} times in raft/${patch.file} (it must occur exactly once): ${JSON.stringify(
        patch.find.length > 120 ? patch.find.slice(0, 120) + "..." : patch.find,
      )}`,
    );
  }
  fs.writeFileSync(
    file,
    text.replace(patch.find, () => patch.replace),
  );
}

/** Writes or appends overlay files into the workspace's raft/. */
export function applyOverlay(ws: Workspace, overlay: FileOverlay): void {
  const file = path.join(ws.raftDir, overlay.file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (overlay.append) fs.appendFileSync(file, "\n" + overlay.content);
  else fs.writeFileSync(file, overlay.content);
}

/** Deletes a workspace folder. */
export function removeWorkspace(ws: Workspace): void {
  fs.rmSync(ws.dir, { recursive: true, force: true });
}
