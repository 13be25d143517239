// The checks on the lab guide (docs/en, docs/zh) that `make test` runs:
//  - links: every relative link (and #anchor) in the guide and README.md resolves;
//  - catalog: every graded test's `doc` names a file of docs/en and an anchor
//    that exists in BOTH languages;
//  - parity: docs/en and docs/zh hold the same files, the same heading levels in
//    the same order, and the same explicit anchors;
//  - mermaid: every ```mermaid block parses with the official mermaid parser.
// Each check returns a list of problems; an empty list means it passed.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseMarkdown, ParsedMarkdown } from "./markdown";

export interface Problem {
  check: "links" | "catalog" | "parity" | "mermaid" | "markdown";
  /** The file (relative to the checked root) and line, when known. */
  where: string;
  message: string;
}

export interface GradedDocRef {
  id: string;
  doc: string;
}

/** Every .md file under `dir`, as paths relative to `dir` with forward slashes, sorted. */
export function listMarkdown(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".md")) out.push(relative(dir, p).split(sep).join("/"));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

const cache = new Map<string, ParsedMarkdown>();
function parsed(file: string): ParsedMarkdown {
  let p = cache.get(file);
  if (p === undefined) {
    p = parseMarkdown(readFileSync(file, "utf8"));
    cache.set(file, p);
  }
  return p;
}

/** The ids a link's #fragment may name in a Markdown file: explicit anchors and heading ids. */
export function anchorsOf(file: string): Set<string> {
  const p = parsed(file);
  return new Set([...p.anchors.map((a) => a.id), ...p.headingIds]);
}

function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");
}

/**
 * Checks the relative links of the given Markdown files (absolute paths).
 * `root` only shortens the paths in messages.
 */
export function checkLinks(files: string[], root: string): Problem[] {
  const problems: Problem[] = [];
  for (const file of files) {
    const p = parsed(file);
    const where = (line: number): string => `${relative(root, file)}:${line}`;
    if (p.unclosedFence !== undefined) {
      problems.push({
        check: "markdown",
        where: where(p.unclosedFence),
        message: "code fence is never closed",
      });
    }
    const ids = p.anchors.map((a) => a.id);
    for (const dup of ids.filter((id, i) => ids.indexOf(id) !== i)) {
      problems.push({
        check: "links",
        where: relative(root, file),
        message: `anchor "${dup}" is defined twice`,
      });
    }
    for (const link of p.links) {
      if (link.target === "" || isExternal(link.target)) continue;
      const hash = link.target.indexOf("#");
      const pathPart = decodeURI(hash < 0 ? link.target : link.target.slice(0, hash));
      const fragment = hash < 0 ? undefined : decodeURIComponent(link.target.slice(hash + 1));
      const targetFile = pathPart === "" ? file : resolve(dirname(file), pathPart);
      if (!existsSync(targetFile)) {
        problems.push({
          check: "links",
          where: where(link.line),
          message: `link to a missing file: ${link.target}`,
        });
        continue;
      }
      if (fragment === undefined || fragment === "") continue;
      if (!targetFile.endsWith(".md")) {
        problems.push({
          check: "links",
          where: where(link.line),
          message: `anchor on a file that is not Markdown: ${link.target}`,
        });
        continue;
      }
      if (!anchorsOf(targetFile).has(fragment)) {
        problems.push({
          check: "links",
          where: where(link.line),
          message: `link to a missing anchor: ${link.target} (no <a id="${fragment}"></a> or heading with that id in ${relative(root, targetFile)})`,
        });
      }
    }
  }
  return problems;
}

/**
 * Checks each graded test's `doc` ("<file under docs/en>#<anchor>"): the file
 * exists in every language folder given and the anchor exists in each.
 */
export function checkCatalogDocs(
  tests: readonly GradedDocRef[],
  langDirs: string[],
  root: string,
): Problem[] {
  const problems: Problem[] = [];
  for (const t of tests) {
    const m = /^([^#\s]+\.md)#([^#\s]+)$/.exec(t.doc);
    if (m === null) {
      problems.push({
        check: "catalog",
        where: t.id,
        message: `doc "${t.doc}" is not of the form "<file>.md#<anchor>"`,
      });
      continue;
    }
    const [, file, anchor] = m;
    for (const dir of langDirs) {
      const target = join(dir, file);
      const shown = relative(root, target);
      if (!existsSync(target)) {
        problems.push({ check: "catalog", where: t.id, message: `doc "${t.doc}": ${shown} does not exist` });
      } else if (!parsed(target).anchors.some((a) => a.id === anchor)) {
        problems.push({
          check: "catalog",
          where: t.id,
          message: `doc "${t.doc}": ${shown} has no <a id="${anchor}"></a>`,
        });
      }
    }
  }
  return problems;
}

/**
 * Checks that two language trees have the same files, the same heading levels
 * in the same order, and the same explicit anchors in the same order.
 */
export function checkParity(dirA: string, dirB: string, root: string): Problem[] {
  const problems: Problem[] = [];
  const a = listMarkdown(dirA);
  const b = listMarkdown(dirB);
  const nameA = relative(root, dirA);
  const nameB = relative(root, dirB);
  for (const f of a.filter((x) => !b.includes(x))) {
    problems.push({
      check: "parity",
      where: `${nameB}/${f}`,
      message: `missing: ${nameA}/${f} has no counterpart`,
    });
  }
  for (const f of b.filter((x) => !a.includes(x))) {
    problems.push({
      check: "parity",
      where: `${nameA}/${f}`,
      message: `missing: ${nameB}/${f} has no counterpart`,
    });
  }
  for (const f of a.filter((x) => b.includes(x))) {
    const pa = parsed(join(dirA, f));
    const pb = parsed(join(dirB, f));
    const n = Math.max(pa.headings.length, pb.headings.length);
    for (let i = 0; i < n; i++) {
      const ha = pa.headings[i];
      const hb = pb.headings[i];
      if (ha === undefined || hb === undefined || ha.level !== hb.level) {
        const show = (h: typeof ha, dir: string): string =>
          h === undefined
            ? `${dir}/${f}: no heading`
            : `${dir}/${f}:${h.line} "${"#".repeat(h.level)} ${h.text}"`;
        problems.push({
          check: "parity",
          where: f,
          message: `heading #${i + 1} differs: ${show(ha, nameA)} vs ${show(hb, nameB)} (${pa.headings.length} vs ${pb.headings.length} headings)`,
        });
        break;
      }
    }
    const ia = pa.anchors.map((x) => x.id).join(", ");
    const ib = pb.anchors.map((x) => x.id).join(", ");
    if (ia !== ib) {
      problems.push({
        check: "parity",
        where: f,
        message: `anchors differ: ${nameA} [${ia}] vs ${nameB} [${ib}]`,
      });
    }
  }
  return problems;
}

export interface MermaidResult {
  ok: boolean;
  type?: string;
  error?: string;
}

// Loading mermaid takes about a second, so each distinct source is parsed once per process.
const mermaidCache = new Map<string, MermaidResult>();

/** Runs the official mermaid parser (in a child process, see mermaid-parse.mjs) on each source. */
export function parseMermaid(sources: string[]): MermaidResult[] {
  const todo = [...new Set(sources.filter((s) => !mermaidCache.has(s)))];
  if (todo.length > 0) {
    const script = join(__dirname, "mermaid-parse.mjs");
    const r = spawnSync(process.execPath, [script], { input: JSON.stringify(todo), encoding: "utf8" });
    const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith("RESULT "));
    if (r.status !== 0 || line === undefined) {
      throw new Error(
        `mermaid parser did not run (exit ${r.status}): ${(r.stderr ?? String(r.error)).trim()}`,
      );
    }
    const results = JSON.parse(line.slice("RESULT ".length)) as MermaidResult[];
    todo.forEach((s, i) => mermaidCache.set(s, results[i]));
  }
  return sources.map((s) => mermaidCache.get(s)!);
}

/** Checks that every ```mermaid block of the given files parses. */
export function checkMermaid(files: string[], root: string): Problem[] {
  const blocks = files.flatMap((file) =>
    parsed(file)
      .codeBlocks.filter((b) => b.lang === "mermaid")
      .map((b) => ({ where: `${relative(root, file)}:${b.line}`, body: b.body })),
  );
  const results = parseMermaid(blocks.map((b) => b.body));
  const problems: Problem[] = [];
  results.forEach((r, i) => {
    if (!r.ok)
      problems.push({
        check: "mermaid",
        where: blocks[i].where,
        message: `Mermaid does not parse: ${r.error}`,
      });
  });
  return problems;
}

/** Forgets parsed files (tests write fixtures and re-check them). */
export function clearCache(): void {
  cache.clear();
}

export interface DocsCheckOptions {
  /** The repository root: docs/en, docs/zh and README.md are found under it. */
  root: string;
  tests: readonly GradedDocRef[];
  languages?: string[];
}

/** Every check on a repository's guide. */
export function checkDocs(opts: DocsCheckOptions): Problem[] {
  const langs = opts.languages ?? ["en", "zh"];
  const langDirs = langs.map((l) => join(opts.root, "docs", l));
  const files: string[] = [];
  for (const d of langDirs) {
    if (!existsSync(d)) {
      return [{ check: "parity", where: relative(opts.root, d), message: "language folder is missing" }];
    }
    files.push(...listMarkdown(d).map((f) => join(d, f)));
  }
  const docsRoot = join(opts.root, "docs");
  for (const f of listMarkdown(docsRoot)) {
    const abs = join(docsRoot, f);
    if (!files.includes(abs)) files.push(abs);
  }
  const readme = join(opts.root, "README.md");
  const linkFiles = existsSync(readme) ? [...files, readme] : files;
  const problems = [
    ...checkLinks(linkFiles, opts.root),
    ...checkCatalogDocs(opts.tests, langDirs, opts.root),
  ];
  for (let i = 1; i < langDirs.length; i++)
    problems.push(...checkParity(langDirs[0], langDirs[i], opts.root));
  problems.push(...checkMermaid(files, opts.root));
  return problems;
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `  [${p.check}] ${p.where}: ${p.message}`).join("\n");
}
