import { MarkerError, commentStyleOf, parseRegions, parseSolvedStages, transformText } from "./markers";
import { compareWithReference } from "./verify";

const REF = [
  'import { NotImplementedError } from "./errors";',
  "// @solution-begin 2A",
  'import { helper } from "./util";',
  "// @solution-end",
  "",
  "export class Raft {",
  "  // @solution-begin 2B",
  "  private pending = 0;",
  "  // @solution-end",
  "",
  "  tick(): void {",
  "    // @solution-begin 2A",
  "    helper(this.pending);",
  "    // @solution-stub",
  "    // // Hint: count ticks.",
  "    //",
  '    // throw new NotImplementedError("tick", "2A");',
  "    // @solution-end",
  "  }",
  "}",
  "",
].join("\n");

const none = new Set<string>();

function errorOf(fn: () => unknown): MarkerError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MarkerError) return e;
    throw e;
  }
  throw new Error("expected a MarkerError");
}

describe("parseRegions", () => {
  test("finds each region with its tag, lines, code and stub", () => {
    const rs = parseRegions(REF, "raft/raft.ts", "//");
    expect(rs.map((r) => [r.tag, r.begin + 1, r.stub === undefined ? 0 : r.stub + 1, r.end + 1])).toEqual([
      ["2A", 2, 0, 4],
      ["2B", 7, 0, 9],
      ["2A", 12, 14, 18],
    ]);
    expect(rs[2].indent).toBe("    ");
    expect(rs[2].code).toEqual(["    helper(this.pending);"]);
    expect(rs[2].stubLines).toEqual([
      "    // Hint: count ticks.",
      "",
      '    throw new NotImplementedError("tick", "2A");',
    ]);
  });

  test.each([
    ["an unclosed region", "a\n// @solution-begin 2A\nx\n", 2, "never closed"],
    ["a nested region", "// @solution-begin 2A\n// @solution-begin 2B\n// @solution-end\n", 2, "do not nest"],
    ["an end without begin", "x\n\n// @solution-end\n", 3, "without a matching"],
    ["a stub outside a region", "// @solution-stub\n", 1, "outside a region"],
    ["an unknown tag", "// @solution-begin 2D\n// @solution-end\n", 1, 'unknown stage tag "2D"'],
    ["a lower-case tag", "// @solution-begin 2a\n// @solution-end\n", 1, 'unknown stage tag "2a"'],
    ["a missing tag", "// @solution-begin\n// @solution-end\n", 1, "malformed marker"],
    ["a misspelt marker", "// @solution-begn 2A\n", 1, "malformed marker"],
    ["a marker without a space", "//@solution-end\n", 1, "malformed marker"],
    [
      "two stubs",
      "// @solution-begin 2A\n// @solution-stub\n// @solution-stub\n// @solution-end\n",
      3,
      "second",
    ],
    [
      "a stub line that is code",
      "// @solution-begin 2A\n// @solution-stub\nreturn 1;\n// @solution-end\n",
      3,
      "not a comment",
    ],
    ["CRLF line endings", "// @solution-begin 2A\r\n// @solution-end\r\n", 1, "CRLF"],
  ])("rejects %s with the file and line", (_what, text, line, problem) => {
    const e = errorOf(() => parseRegions(text, "raft/log.ts", "//"));
    expect(e.file).toBe("raft/log.ts");
    expect(e.line).toBe(line);
    expect(e.message).toContain(`raft/log.ts:${line}: `);
    expect(e.problem).toContain(problem);
  });

  test("ignores the marker words when they are not at the start of a comment line", () => {
    expect(parseRegions('const s = "// @solution-begin 2A";\n', "x.ts", "//")).toEqual([]);
  });

  test("reads #-comment markers in Makefiles and YAML", () => {
    const text =
      "a:\n\t# @solution-begin STAFF\n\techo staff\n\t# @solution-stub\n\t# echo student\n\t# @solution-end\n";
    const t = transformText(text, "grader/make/x.mk", "#", none);
    expect(t.text).toBe("a:\n\techo student\n");
    expect(() => parseRegions("# @solution-begin 2X\n", "Makefile", "#")).toThrow(MarkerError);
  });
});

describe("transformText", () => {
  test("the full handout: stubs in, solution out, other lines untouched", () => {
    const t = transformText(REF, "raft/raft.ts", "//", none);
    expect(t.text).toBe(
      [
        'import { NotImplementedError } from "./errors";',
        "",
        "export class Raft {",
        "  tick(): void {",
        "    // Your Code Here (2A).",
        "    // Hint: count ticks.",
        "",
        '    throw new NotImplementedError("tick", "2A");',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    expect(compareWithReference("raft/raft.ts", REF, t.text, "//", none)).toEqual([]);
  });

  test("a partial handout keeps the solved stage's code without markers", () => {
    const solved = parseSolvedStages("2a");
    const t = transformText(REF, "raft/raft.ts", "//", solved);
    expect(t.text).toContain('import { helper } from "./util";');
    expect(t.text).toContain("    helper(this.pending);\n  }");
    expect(t.text).not.toContain("private pending");
    expect(t.text).not.toContain("@solution");
    expect(t.text).not.toContain("Your Code Here");
    expect(compareWithReference("raft/raft.ts", REF, t.text, "//", solved)).toEqual([]);
  });

  test("a file without regions comes back unchanged", () => {
    expect(transformText("a\nb\n", "raft/util.ts", "//", none).text).toBe("a\nb\n");
  });
});

describe("compareWithReference", () => {
  test("notices a changed line outside the regions", () => {
    const t = transformText(REF, "raft/raft.ts", "//", none);
    const bad = t.text.replace("export class Raft", "export class Rafts");
    expect(compareWithReference("raft/raft.ts", REF, bad, "//", none)[0]).toContain(
      "line 6 of the reference should be",
    );
  });

  test("notices solution code left in the handout", () => {
    const t = transformText(REF, "raft/raft.ts", "//", parseSolvedStages("2b"));
    expect(compareWithReference("raft/raft.ts", REF, t.text, "//", none)).not.toEqual([]);
  });
});

describe("parseSolvedStages and commentStyleOf", () => {
  test("STAGES lists", () => {
    expect([...parseSolvedStages("2a, 2B")]).toEqual(["2A", "2B"]);
    expect(parseSolvedStages("").size).toBe(0);
    expect(() => parseSolvedStages("2a,4z")).toThrow(/unknown stage "4z"/);
  });

  test("comment styles by file name", () => {
    expect(commentStyleOf("raft/raft.ts")).toBe("//");
    expect(commentStyleOf("jest.config.js")).toBe("//");
    expect(commentStyleOf("Makefile")).toBe("#");
    expect(commentStyleOf("grader/make/x.mk")).toBe("#");
    expect(commentStyleOf(".github/workflows/a.yml")).toBe("#");
    expect(commentStyleOf("docs/en/solution-markers.md")).toBeUndefined();
    expect(commentStyleOf("proto/eraftpb.proto")).toBeUndefined();
  });
});

describe("blank lines around a region that disappears", () => {
  const cases: [string, string, string][] = [
    ["between two blank lines", "a\n\n// @solution-begin 2A\nx\n// @solution-end\n\nb\n", "a\n\nb\n"],
    [
      "first in a block",
      "f() {\n  // @solution-begin 2A\n  x\n  // @solution-end\n\n  b\n}\n",
      "f() {\n  b\n}\n",
    ],
    [
      "last in a block",
      "f() {\n  a\n\n  // @solution-begin 2A\n  x\n  // @solution-end\n}\n",
      "f() {\n  a\n}\n",
    ],
    ["at the end of the file", "a\n\n// @solution-begin 2A\nx\n// @solution-end\n", "a\n"],
    ["at the start of the file", "// @solution-begin 2A\nx\n// @solution-end\n\nb\n", "b\n"],
    ["between code lines", "a\n// @solution-begin 2A\nx\n// @solution-end\nb\n", "a\nb\n"],
  ];
  test.each(cases)("%s", (_what, ref, want) => {
    const got = transformText(ref, "x.ts", "//", none).text;
    expect(got).toBe(want);
    expect(compareWithReference("x.ts", ref, got, "//", none)).toEqual([]);
  });
});
