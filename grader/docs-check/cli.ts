// `make docs-check`: checks the lab guide (links, anchors, the graded tests'
// doc sections, en/zh parity, Mermaid). Exit 0 when everything holds, 1 when
// a problem is found, 2 when the check itself could not run.

import { join, resolve } from "node:path";
import { allGradedTests } from "../stages/catalogs";
import { checkDocs, formatProblems, listMarkdown } from "./checks";
import { parseMarkdown } from "./markdown";
import { readFileSync } from "node:fs";

function main(): number {
  const root = resolve(__dirname, "..", "..");
  const tests = allGradedTests();
  const problems = checkDocs({ root, tests });
  const files = ["en", "zh"].flatMap((l) =>
    listMarkdown(join(root, "docs", l)).map((f) => join(root, "docs", l, f)),
  );
  const mermaid = files.reduce(
    (n, f) =>
      n + parseMarkdown(readFileSync(f, "utf8")).codeBlocks.filter((b) => b.lang === "mermaid").length,
    0,
  );
  if (problems.length > 0) {
    console.error(`docs-check: ${problems.length} problem(s) in the lab guide:\n${formatProblems(problems)}`);
    return 1;
  }
  console.log(
    `docs-check: OK (${files.length} guide files in en+zh, ${mermaid} Mermaid blocks parsed, ` +
      `${tests.length} graded tests point at existing sections)`,
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`docs-check could not run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 2;
}
