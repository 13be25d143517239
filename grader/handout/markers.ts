// Solution-region markers: parse them, check them, and turn a reference file
// into its handout version.
//
// A region is three or four whole lines in a file's comment syntax ("//" for
// TypeScript and JavaScript, "#" for Makefiles, YAML and shell scripts):
//
//   // @solution-begin 2A
//   ...reference code...
//   // @solution-stub            (optional)
//   // throw new NotImplementedError("tick", "2A");
//   // @solution-end
//
// In a handout, a region of an unsolved stage becomes "// Your Code Here (2A)."
// followed by the stub lines with their first "// " removed; a region without a
// stub disappears. A region of a solved stage keeps its code and loses its
// markers and stub. The tag STAFF marks lines that no handout ever gets (its
// stub, if any, is what the handout gets instead, without the "Your Code Here"
// line); it is meant for handout-only variations of configuration files.

/** Tags a region may carry: the lab's stages, plus STAFF (never in a handout). */
export const STAGE_TAGS = ["2A", "2B", "2C", "3A"] as const;
export const STAFF_TAG = "STAFF";
export type RegionTag = (typeof STAGE_TAGS)[number] | typeof STAFF_TAG;
const KNOWN_TAGS: readonly string[] = [...STAGE_TAGS, STAFF_TAG];

/** A malformed marker. `file` and `line` (1-based) say where; `problem` says what is wrong. */
export class MarkerError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = "MarkerError";
  }
}

/** The comment syntax of a file that may hold markers. */
export type CommentStyle = "//" | "#";

/** The comment syntax of a file by its name, or undefined when the file cannot hold markers. */
export function commentStyleOf(path: string): CommentStyle | undefined {
  const base = path.split("/").pop() ?? path;
  if (/\.(ts|mts|cts|js|mjs|cjs|tsx|jsx)$/.test(base)) return "//";
  if (/\.(mk|ya?ml|sh|bash)$/.test(base)) return "#";
  if (base === "Makefile" || path === ".ci/run" || path.startsWith(".husky/")) return "#";
  return undefined;
}

export interface Region {
  tag: RegionTag;
  /** 0-based line numbers of the markers; `stub` is undefined when the region has no stub. */
  begin: number;
  stub: number | undefined;
  end: number;
  /** The whitespace before the begin marker, kept on the "Your Code Here" line. */
  indent: string;
  /** The reference code between begin and stub (or end). */
  code: string[];
  /** The stub lines as the handout gets them (first comment prefix removed). */
  stubLines: string[];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Splits `text` into lines. The last element is "" when the text ends with a
 * newline, so joining with "\n" gives the text back unchanged.
 */
export function splitLines(text: string): string[] {
  return text.split("\n");
}

/** Parses and checks every region of one file. Throws MarkerError on the first problem. */
export function parseRegions(text: string, file: string, style: CommentStyle): Region[] {
  const c = escapeRe(style);
  const beginRe = new RegExp(`^([ \\t]*)${c} @solution-begin ([^\\s]+)[ \\t]*$`);
  const stubRe = new RegExp(`^[ \\t]*${c} @solution-stub[ \\t]*$`);
  const endRe = new RegExp(`^[ \\t]*${c} @solution-end[ \\t]*$`);
  const stubLineRe = new RegExp(`^([ \\t]*)${c}(?: (.*))?$`);
  // Any comment line whose text starts with "@solution-" must be a well-formed marker.
  const markerLikeRe = new RegExp(`^[ \\t]*${c}[ \\t]*@solution-`);

  const lines = splitLines(text);
  if (text.includes("\r")) {
    const i = lines.findIndex((l) => l.includes("\r"));
    if (lines.some((l) => markerLikeRe.test(l))) {
      throw new MarkerError(
        file,
        i + 1,
        "file has Windows (CRLF) line endings; markers need LF line endings",
      );
    }
  }
  const regions: Region[] = [];
  let open: { tag: RegionTag; begin: number; indent: string; stub: number | undefined } | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (markerLikeRe.test(line.replace(/\r$/, ""))) {
      const b = beginRe.exec(line);
      if (b !== null) {
        if (open !== undefined) {
          throw new MarkerError(
            file,
            i + 1,
            `@solution-begin inside the region opened at line ${open.begin + 1}; regions do not nest (close it with @solution-end first)`,
          );
        }
        const tag = b[2];
        if (!KNOWN_TAGS.includes(tag)) {
          throw new MarkerError(
            file,
            i + 1,
            `unknown stage tag "${tag}" in @solution-begin; known tags: ${KNOWN_TAGS.join(", ")}`,
          );
        }
        open = { tag: tag as RegionTag, begin: i, indent: b[1], stub: undefined };
        continue;
      }
      if (stubRe.test(line)) {
        if (open === undefined) throw new MarkerError(file, i + 1, "@solution-stub outside a region");
        if (open.stub !== undefined) {
          throw new MarkerError(
            file,
            i + 1,
            `second @solution-stub in the region opened at line ${open.begin + 1} (first at line ${open.stub + 1})`,
          );
        }
        open.stub = i;
        continue;
      }
      if (endRe.test(line)) {
        if (open === undefined)
          throw new MarkerError(file, i + 1, "@solution-end without a matching @solution-begin");
        const codeEnd = open.stub ?? i;
        const stubLines: string[] = [];
        if (open.stub !== undefined) {
          for (let j = open.stub + 1; j < i; j++) {
            const raw = lines[j];
            if (raw.trim() === "") {
              stubLines.push("");
              continue;
            }
            const m = stubLineRe.exec(raw);
            if (m === null) {
              throw new MarkerError(
                file,
                j + 1,
                `stub line is not a comment: every line between @solution-stub and @solution-end must start with "${style} " (after indentation)`,
              );
            }
            stubLines.push(m[2] === undefined ? "" : m[1] + m[2]);
          }
        }
        regions.push({
          tag: open.tag,
          begin: open.begin,
          stub: open.stub,
          end: i,
          indent: open.indent,
          code: lines.slice(open.begin + 1, codeEnd),
          stubLines,
        });
        open = undefined;
        continue;
      }
      throw new MarkerError(
        file,
        i + 1,
        `malformed marker "${line.trim()}": a marker is a whole line "${style} @solution-begin <TAG>", "${style} @solution-stub" or "${style} @solution-end"`,
      );
    }
  }
  if (open !== undefined) {
    throw new MarkerError(file, open.begin + 1, "@solution-begin is never closed: add a @solution-end line");
  }
  return regions;
}

/** The text a handout gets in place of one region, as lines. Empty when the region just disappears. */
export function replacementLines(
  region: Region,
  solved: ReadonlySet<string>,
  style: CommentStyle = "//",
): string[] {
  if (region.tag !== STAFF_TAG && solved.has(region.tag)) return region.code;
  if (region.stub === undefined) return [];
  if (region.tag === STAFF_TAG) return region.stubLines;
  return [`${region.indent}${style} Your Code Here (${region.tag}).`, ...region.stubLines];
}

export interface Transformed {
  text: string;
  regions: Region[];
}

function isBlank(line: string | undefined): boolean {
  return line !== undefined && line.trim() === "";
}

/**
 * When a region disappears, the lines around it meet. To keep the file
 * Prettier-clean, a blank line is dropped where Prettier would drop it:
 * `dropNext` when the line after the region is blank and the line before is
 * blank, the start of the file or ends a block opener ("{"); `dropPrev` when
 * the line before is blank and what follows closes a block ("}") or is the end
 * of the file. `prev` is undefined at the start of the file; `next` is
 * undefined at the end.
 */
export function blankLineFix(
  prev: string | undefined,
  next: string | undefined,
): "dropNext" | "dropPrev" | "none" {
  if (isBlank(next) && (prev === undefined || isBlank(prev) || /[{[(]\s*$/.test(prev))) return "dropNext";
  if (isBlank(prev) && (next === undefined || /^\s*[}\])]/.test(next))) return "dropPrev";
  return "none";
}

/**
 * The handout version of a file: every region replaced (see replacementLines).
 * `solved` holds the stage tags (upper case) whose solutions stay. A region that
 * disappears may take one neighbouring blank line with it (see blankLineFix).
 */
export function transformText(
  text: string,
  file: string,
  style: CommentStyle,
  solved: ReadonlySet<string>,
): Transformed {
  const regions = parseRegions(text, file, style);
  if (regions.length === 0) return { text, regions };
  const lines = splitLines(text);
  // The final "" after the last newline is not a line: keep it apart.
  const endsWithNewline = lines[lines.length - 1] === "";
  const body = endsWithNewline ? lines.slice(0, -1) : lines;
  const out: string[] = [];
  let next = 0;
  for (const r of regions) {
    out.push(...body.slice(next, r.begin));
    const rep = replacementLines(r, solved, style);
    next = r.end + 1;
    if (rep.length === 0) {
      const fix = blankLineFix(out.length === 0 ? undefined : out[out.length - 1], body[next]);
      if (fix === "dropNext") next += 1;
      if (fix === "dropPrev") out.pop();
    }
    out.push(...rep);
  }
  out.push(...body.slice(next));
  if (endsWithNewline) out.push("");
  return { text: out.join("\n"), regions };
}

/** Parses a STAGES list such as "2a,2b" into the set of solved tags {"2A", "2B"}. */
export function parseSolvedStages(list: string | undefined): Set<string> {
  const solved = new Set<string>();
  if (list === undefined || list.trim() === "") return solved;
  for (const raw of list.split(",")) {
    const tag = raw.trim().toUpperCase();
    if (tag === "") continue;
    if (!(STAGE_TAGS as readonly string[]).includes(tag)) {
      throw new RangeError(`unknown stage "${raw.trim()}" in STAGES; known stages: ${STAGE_TAGS.join(", ")}`);
    }
    solved.add(tag);
  }
  return solved;
}
