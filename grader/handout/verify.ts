// Checks of a generated handout that do not trust the generator: every line
// outside the solution regions is byte-identical to the reference, and every
// region became what the marker syntax promises.

import * as fs from "node:fs";
import * as path from "node:path";
import { CommentStyle, Region, STAFF_TAG, commentStyleOf, parseRegions } from "./markers";

/**
 * Compares one reference file with its handout version. Returns a list of
 * problems (empty when the handout file is right). Outside the regions, every
 * line must be there, unchanged and in order; the only exception is a blank
 * line right before or after a region that disappeared, which the generator
 * may drop to stay Prettier-clean. Each region must have become exactly what
 * the marker syntax says (its code when solved, else "Your Code Here" and the
 * uncommented stub, else nothing).
 */
export function compareWithReference(
  file: string,
  reference: string,
  handout: string,
  style: CommentStyle,
  solved: ReadonlySet<string>,
): string[] {
  const regions: Region[] = parseRegions(reference, file, style);
  const ref = reference.split("\n");
  // Expected handout lines; `optional` marks blank lines that may be missing.
  const want: { line: string; optional: boolean; what: string }[] = [];
  let r = 0;
  const outside = (until: number): void => {
    for (; r < until; r++)
      want.push({ line: ref[r], optional: false, what: `line ${r + 1} of the reference` });
  };
  for (const reg of regions) {
    outside(reg.begin);
    const keep = reg.tag !== STAFF_TAG && solved.has(reg.tag);
    const what = `the ${reg.tag} region at reference line ${reg.begin + 1}`;
    if (keep) {
      for (const l of reg.code) want.push({ line: l, optional: false, what });
    } else if (reg.stub !== undefined) {
      if (reg.tag !== STAFF_TAG)
        want.push({ line: `${reg.indent}${style} Your Code Here (${reg.tag}).`, optional: false, what });
      for (let j = reg.stub + 1; j < reg.end; j++) {
        const m = (style === "//" ? /^([ \t]*)\/\/(?: (.*))?$/ : /^([ \t]*)#(?: (.*))?$/).exec(ref[j]);
        want.push({
          line: m === null || m[2] === undefined ? "" : m[1] + m[2],
          optional: false,
          what: `${what}, stub line ${j + 1}`,
        });
      }
    } else {
      const before = want[want.length - 1];
      if (before !== undefined && before.line.trim() === "") before.optional = true;
      if (ref[reg.end + 1]?.trim() === "" && reg.end + 1 < ref.length - 1) {
        want.push({ line: ref[reg.end + 1], optional: true, what: `line ${reg.end + 2} of the reference` });
        r = reg.end + 2;
        continue;
      }
    }
    r = reg.end + 1;
  }
  outside(ref.length);

  const got = handout.split("\n");
  // Match `want` against `got`, trying both ways at an optional line (memoised, so linear in practice).
  const failed = new Set<number>();
  let worst = { i: 0, j: 0 };
  const match = (i: number, j: number): boolean => {
    if (i === want.length) return j === got.length;
    const key = i * (got.length + 1) + j;
    if (failed.has(key)) return false;
    if (got[j] === want[i].line && match(i + 1, j + 1)) return true;
    if (want[i].optional && match(i + 1, j)) return true;
    if (i > worst.i || (i === worst.i && j > worst.j)) worst = { i, j };
    failed.add(key);
    return false;
  };
  if (match(0, 0)) return [];
  const { i, j } = worst;
  if (i < want.length && j < got.length) {
    const w = want[i];
    return [
      `${file}:${j + 1}: ${w.what} should be ${JSON.stringify(w.line)}, found ${JSON.stringify(got[j])}`,
    ];
  }
  if (i < want.length) return [`${file}: the handout ends early; ${want[i].what} is missing`];
  return [`${file}: the handout has ${got.length - j} extra line(s) at the end`];
}

/**
 * Compares every reference file that the handout holds with its handout copy.
 * `files` are paths relative to both roots (the handout's file list minus overlays).
 */
export function compareTrees(
  repo: string,
  handout: string,
  files: readonly string[],
  solved: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  for (const f of files) {
    const a = fs.readFileSync(path.join(repo, f));
    const b = fs.readFileSync(path.join(handout, f));
    const style = commentStyleOf(f);
    if (style === undefined || f.startsWith("grader/handout/")) {
      if (!a.equals(b)) problems.push(`${f}: differs from the reference but holds no solution regions`);
      continue;
    }
    problems.push(...compareWithReference(f, a.toString("utf8"), b.toString("utf8"), style, solved));
  }
  return problems;
}
