// Parses Mermaid diagrams with the official `mermaid` package, headless.
//
// Input (stdin): a JSON array of diagram sources. Output (stdout): one line
// "RESULT <json>" with an array of {ok, type} or {ok: false, error}, in order.
//
// Why a separate ESM script: mermaid is an ES module that Jest (CommonJS,
// ts-jest) cannot import, so the checks run this with plain `node`.
// Why jsdom: mermaid.parse sanitizes labels with DOMPurify, which needs a
// window. Nothing is rendered and nothing is fetched from the network.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const sources = JSON.parse(readFileSync(0, "utf8"));
if (!Array.isArray(sources) || sources.some((s) => typeof s !== "string")) {
  process.stderr.write("mermaid-parse: stdin must be a JSON array of strings\n");
  process.exit(2);
}

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;

// mermaid logs through console; keep stdout for the result line only.
const quiet = () => {};
console.log = quiet;
console.info = quiet;
console.warn = quiet;
console.debug = quiet;

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

const results = [];
for (const src of sources) {
  try {
    const r = await mermaid.parse(src);
    results.push({ ok: true, type: r.diagramType });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    results.push({ ok: false, error: msg.split("\n").slice(0, 4).join("\n") });
  }
}
process.stdout.write(`RESULT ${JSON.stringify(results)}\n`);
