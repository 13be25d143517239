// A small reader for the lab guide's Markdown: just enough to check links,
// anchors, heading structure and Mermaid blocks. It knows fenced code blocks
// (``` and ~~~) and inline code spans, so a link or heading written inside code
// is not taken for a real one.

export interface Heading {
  level: number;
  text: string;
  line: number;
}

export interface Link {
  target: string;
  line: number;
}

export interface CodeBlock {
  lang: string;
  body: string;
  /** The line of the opening fence (1-based). */
  line: number;
}

export interface Anchor {
  id: string;
  line: number;
}

export interface ParsedMarkdown {
  headings: Heading[];
  links: Link[];
  /** Explicit anchors: `<a id="x"></a>` (or name="x") outside code. */
  anchors: Anchor[];
  /** GitHub-style ids of the headings, made unique with -1, -2 as GitHub does. */
  headingIds: string[];
  codeBlocks: CodeBlock[];
  /** Fences that were opened and never closed. */
  unclosedFence?: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const ANCHOR = /<a\s+(?:id|name)\s*=\s*"([^"]+)"\s*>\s*<\/a>/g;
// [text](target) or [text](target "title"); images too. Targets have no spaces.
const INLINE_LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^\s)>]*)>?(?:\s+"[^"]*")?\s*\)/g;
// [label]: target
const REF_DEF = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/;

/** Removes inline code spans so their content is not read as links or anchors. */
function stripInlineCode(line: string): string {
  return line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, (m) => " ".repeat(m.length));
}

/** GitHub's heading id: lower case, punctuation removed, spaces to hyphens. */
export function githubSlug(text: string): string {
  const plain = text
    .replace(/<[^>]*>/g, "")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*_~]/g, "");
  return plain
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");
}

export function parseMarkdown(src: string): ParsedMarkdown {
  const out: ParsedMarkdown = { headings: [], links: [], anchors: [], headingIds: [], codeBlocks: [] };
  const lines = src.split(/\r?\n/);
  const seen = new Map<string, number>();
  let fence: { marker: string; lang: string; line: number; body: string[] } | undefined;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const fm = FENCE.exec(raw);
    if (fence !== undefined) {
      const closing =
        fm !== null && fm[1][0] === fence.marker[0] && fm[1].length >= fence.marker.length && fm[2] === "";
      if (closing) {
        out.codeBlocks.push({ lang: fence.lang, body: fence.body.join("\n"), line: fence.line });
        fence = undefined;
      } else {
        fence.body.push(raw);
      }
      return;
    }
    if (fm !== null) {
      fence = { marker: fm[1], lang: fm[2].toLowerCase(), line: lineNo, body: [] };
      return;
    }
    // Indented code (4 spaces) is not used in the guide; treat every other line as prose.
    const line = stripInlineCode(raw);
    const hm = HEADING.exec(line);
    if (hm !== null) {
      const text = hm[2];
      out.headings.push({ level: hm[1].length, text, line: lineNo });
      const base = githubSlug(text);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.headingIds.push(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(ANCHOR)) out.anchors.push({ id: m[1], line: lineNo });
    for (const m of line.matchAll(INLINE_LINK)) out.links.push({ target: m[1], line: lineNo });
    const rm = REF_DEF.exec(line);
    if (rm !== null) out.links.push({ target: rm[1], line: lineNo });
  });
  if (fence !== undefined) out.unclosedFence = fence.line;
  return out;
}
