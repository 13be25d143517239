// Tests of the lab guide's checks: a correct fixture guide passes, and each
// check fails on a fixture broken in exactly one way. The real guide is
// checked once per `make test`, by `make docs-check` (cli.ts), whose output
// lists every problem as file:line and message.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { checkDocs, clearCache, GradedDocRef, parseMermaid, Problem } from "./checks";
import { githubSlug, parseMarkdown } from "./markdown";

const GOOD_STATE = [
  "```mermaid",
  "stateDiagram-v2",
  "  [*] --> Follower",
  "  Follower --> Candidate: timeout",
  "```",
];

/** A small but complete two-language guide that passes every check. */
function goodTree(): Record<string, string> {
  const en = [
    "# Guide",
    "",
    '<a id="voting"></a>',
    "## Voting",
    "",
    "See [the other page](other.md#timers), [a heading](#voting-rules) and [the readme](../../README.md).",
    "`[not a link](nowhere.md)` in code is ignored.",
    "",
    "### Voting rules",
    "",
    ...GOOD_STATE,
    "",
    "```ts",
    "// [also not a link](nowhere.md)",
    "```",
  ].join("\n");
  const zh = en.replace("## Voting", "## 投票").replace("### Voting rules", "### Voting rules");
  const other = ['<a id="timers"></a>', "# Timers", "", "Back to [the guide](README.md#voting)."].join("\n");
  return {
    "README.md": "# Repo\n\nRead [the guide](docs/en/README.md).\n",
    "docs/en/README.md": en,
    "docs/zh/README.md": zh,
    "docs/en/other.md": other,
    "docs/zh/other.md": other.replace("# Timers", "# 计时器"),
  };
}

const GOOD_TESTS: GradedDocRef[] = [
  { id: "2A-1", doc: "README.md#voting" },
  { id: "2A-2", doc: "other.md#timers" },
];

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(tree: Record<string, string>, tests: GradedDocRef[] = GOOD_TESTS): Problem[] {
  const root = mkdtempSync(join(tmpdir(), "raftlab-docs-"));
  dirs.push(root);
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  clearCache();
  return checkDocs({ root, tests });
}

function broken(edit: (t: Record<string, string>) => void): Record<string, string> {
  const t = goodTree();
  edit(t);
  return t;
}

describe("markdown reader", () => {
  test("finds headings, anchors and links outside code only", () => {
    const p = parseMarkdown(goodTree()["docs/en/README.md"]);
    expect(p.headings.map((h) => [h.level, h.text])).toEqual([
      [1, "Guide"],
      [2, "Voting"],
      [3, "Voting rules"],
    ]);
    expect(p.anchors.map((a) => a.id)).toEqual(["voting"]);
    expect(p.links.map((l) => l.target)).toEqual(["other.md#timers", "#voting-rules", "../../README.md"]);
    expect(p.codeBlocks.map((b) => b.lang)).toEqual(["mermaid", "ts"]);
  });

  test("heading ids follow GitHub's rule", () => {
    expect(githubSlug("The `Ready` / Advance loop!")).toBe("the-ready--advance-loop");
    expect(githubSlug("阶段 2A：选举")).toBe("阶段-2a选举");
  });
});

describe("docs checks on fixtures", () => {
  test("a correct two-language guide passes every check", () => {
    expect(run(goodTree())).toEqual([]);
  });

  test("links: a link to a missing file fails", () => {
    const p = run(broken((t) => (t["docs/en/other.md"] += "\n[gone](missing.md)\n")));
    expect(p).toEqual([
      expect.objectContaining({ check: "links", message: "link to a missing file: missing.md" }),
    ]);
  });

  test("links: a link to a missing anchor fails, in the same file or another", () => {
    const p = run(
      broken((t) => {
        t["docs/en/other.md"] += "\n[x](README.md#no-such-section) [y](#nope)\n";
      }),
    );
    expect(p.map((x) => x.check)).toEqual(["links", "links"]);
    expect(p[0].message).toContain("README.md#no-such-section");
    expect(p[1].message).toContain("#nope");
  });

  test("links: a broken link in the top-level README.md fails", () => {
    const p = run(broken((t) => (t["README.md"] = "[guide](docs/en/start.md)\n")));
    expect(p).toEqual([expect.objectContaining({ check: "links", where: "README.md:1" })]);
  });

  test("links: an anchor defined twice fails", () => {
    const p = run(broken((t) => (t["docs/en/other.md"] += '\n<a id="timers"></a>\n')));
    expect(p.some((x) => x.check === "links" && x.message.includes('"timers" is defined twice'))).toBe(true);
  });

  test("markdown: an unclosed code fence fails", () => {
    const p = run(broken((t) => (t["docs/zh/other.md"] += "\n```ts\nlet x = 1;\n")));
    expect(p.map((x) => x.check)).toContain("markdown");
  });

  test("catalog: a graded test pointing at a missing anchor, file or malformed doc fails", () => {
    const p = run(goodTree(), [
      { id: "2A-1", doc: "README.md#voting" },
      { id: "2A-7", doc: "README.md#no-anchor" },
      { id: "2A-8", doc: "stage-9.md#voting" },
      { id: "2A-9", doc: "README.md" },
    ]);
    expect(p.filter((x) => x.check === "catalog").map((x) => x.where)).toEqual([
      "2A-7",
      "2A-7",
      "2A-8",
      "2A-8",
      "2A-9",
    ]);
  });

  test("catalog: an anchor present in English but missing in Chinese fails", () => {
    const p = run(
      broken((t) => (t["docs/zh/other.md"] = t["docs/zh/other.md"].replace('<a id="timers"></a>', ""))),
    );
    expect(p.some((x) => x.check === "catalog" && x.message.includes("docs/zh/other.md"))).toBe(true);
  });

  test("parity: a file missing in one language fails", () => {
    const p = run(broken((t) => delete t["docs/zh/other.md"]));
    expect(
      p.some((x) => x.check === "parity" && x.message.includes("docs/en/other.md has no counterpart")),
    ).toBe(true);
  });

  test("parity: a heading of a different level or a missing heading fails", () => {
    const level = run(
      broken((t) => (t["docs/zh/README.md"] = t["docs/zh/README.md"].replace("### Voting", "## Voting"))),
    );
    expect(level).toEqual([expect.objectContaining({ check: "parity", where: "README.md" })]);
    const count = run(broken((t) => (t["docs/en/README.md"] += "\n## Extra\n")));
    expect(count).toEqual([expect.objectContaining({ check: "parity", where: "README.md" })]);
  });

  test("parity: different explicit anchors fail", () => {
    const p = run(broken((t) => (t["docs/en/other.md"] += '\n<a id="extra"></a>\n')));
    expect(p.map((x) => x.check)).toEqual(["parity"]);
    expect(p[0].message).toContain("anchors differ");
  });

  test("mermaid: a diagram with a syntax error fails, with its file and line", () => {
    const p = run(
      broken((t) => {
        t["docs/zh/other.md"] += "\n```mermaid\nsequenceDiagram\n  participant A\n  A->>: no receiver\n```\n";
      }),
    );
    expect(p).toEqual([expect.objectContaining({ check: "mermaid", where: "docs/zh/other.md:5" })]);
  });
});

describe("the official mermaid parser", () => {
  test("parses the diagram kinds the guide uses and rejects broken or unknown ones", () => {
    const r = parseMermaid([
      "stateDiagram-v2\n  [*] --> Follower\n  Leader --> Follower: higher term seen",
      "sequenceDiagram\n  participant N1 as node 1\n  N1->>N2: MsgRequestVote\n  Note over N1,N2: one vote per term",
      "flowchart LR\n  a[ready] --> b[advance]",
      "stateDiagram-v2\n  [*] --> --> X",
      "notADiagram\n  a -> b",
    ]);
    expect(r.map((x) => x.ok)).toEqual([true, true, true, false, false]);
    expect(r.slice(0, 3).map((x) => x.type)).toEqual(["stateDiagram", "sequence", "flowchart-v2"]);
  });
});
