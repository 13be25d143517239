// Renders a simulator trace as one self-contained HTML page: no network, no
// external script, opens from a file. It draws a space-time (Lamport) diagram:
// one horizontal lane per node, time flowing right, each message an arrow
// from sender to receiver coloured by type (lost ones end in a cross), role
// and term changes and commits written on the lanes, crashes and partitions
// shaded, and the violated invariant marked in red. Buttons zoom and step
// through the events one by one.

import type { TraceEvent } from "../sim/trace";

/** Colours of the message types (also shown in the legend). */
export const MSG_COLOURS: Record<string, string> = {
  MsgRequestVote: "#7b1fa2",
  MsgRequestVoteResponse: "#ba68c8",
  MsgAppend: "#1565c0",
  MsgAppendResponse: "#64b5f6",
  MsgHeartbeat: "#9e9e9e",
  MsgHeartbeatResponse: "#cfcfcf",
  MsgSnapshot: "#e65100",
  MsgTimeoutNow: "#00897b",
  MsgPropose: "#558b2f",
  MsgTransferLeader: "#6d4c41",
};

const STYLE = `
body { font: 13px system-ui, sans-serif; margin: 0; color: #222; }
header { padding: 8px 12px; background: #f4f4f4; border-bottom: 1px solid #ddd; }
header h1 { font-size: 16px; margin: 0 0 4px 0; }
#violation-banner { background: #ffebee; border: 2px solid #c62828; color: #b71c1c; padding: 6px 10px; margin-top: 6px; }
#violation-banner.ok { background: #e8f5e9; border-color: #2e7d32; color: #1b5e20; }
.controls { margin-top: 6px; display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.controls button { font: inherit; padding: 2px 8px; }
.controls input[type=number] { width: 70px; }
#legend span { display: inline-block; margin-right: 10px; }
#legend i { display: inline-block; width: 14px; height: 3px; vertical-align: middle; margin-right: 3px; }
#diagram { overflow: auto; border-bottom: 1px solid #ddd; }
#details { padding: 6px 12px; font-family: ui-monospace, monospace; white-space: pre-wrap; min-height: 3em; }
.lane-line { stroke: #444; stroke-width: 1.5; }
.lane-label { font-weight: bold; font-size: 14px; }
.arrow { stroke-width: 1.4; fill: none; }
.arrow.dropped { stroke-dasharray: 4 3; }
.drop-mark { stroke: #c62828; stroke-width: 2; }
.role { font-size: 11px; font-weight: bold; }
.role-bg { stroke: none; }
.commit { font-size: 10px; fill: #2e7d32; }
.down { fill: #000; opacity: 0.12; }
.crash-mark { fill: #c62828; font-weight: bold; font-size: 14px; }
.partition { fill: #ffb300; opacity: 0.12; }
.partition-label { font-size: 10px; fill: #8d6e00; }
.tick-label { font-size: 9px; fill: #888; }
#violation-marker line { stroke: #c62828; stroke-width: 3; }
#violation-marker text { fill: #c62828; font-weight: bold; font-size: 12px; }
#cursor line { stroke: #1e88e5; stroke-width: 1.5; stroke-dasharray: 2 2; }
`;

// The page's script. Plain browser JavaScript (kept as a string so the page is one file).
const SCRIPT = `
"use strict";
const EVENTS = JSON.parse(document.getElementById("trace-data").textContent);
const COLOURS = JSON.parse(document.getElementById("colour-data").textContent);
const NS = "http://www.w3.org/2000/svg";
const meta = EVENTS.find((e) => e.k === "meta") || { nodes: [], seed: "?", scenario: "?", rerun: "" };
const violation = EVENTS.find((e) => e.k === "violation");
const lastTick = EVENTS.length ? EVENTS[EVENTS.length - 1].t : 0;
const LANE_H = 64, TOP = 40, LEFT = 50;
let scale = 40;
let cursor = violation ? EVENTS.indexOf(violation) : EVENTS.length - 1;
let from = Math.max(0, (violation ? violation.t : lastTick) - 30);
let to = lastTick + 1;
let hideHeartbeats = false;

// Events of one tick are spread across the tick's width in their order.
const offset = new Map();
{
  let i = 0;
  while (i < EVENTS.length) {
    let j = i;
    while (j < EVENTS.length && EVENTS[j].t === EVENTS[i].t) j++;
    for (let k = i; k < j; k++) offset.set(EVENTS[k].seq, (k - i + 0.5) / (j - i));
    i = j;
  }
}
const laneOf = new Map(meta.nodes.map((id, i) => [id, i]));
function x(e) { return LEFT + (e.t - from + (offset.get(e.seq) || 0)) * scale; }
function xt(t) { return LEFT + (t - from) * scale; }
function y(node) { return TOP + (laneOf.has(node) ? laneOf.get(node) : 0) * LANE_H + LANE_H / 2; }
function el(name, attrs, parent, text) {
  const n = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  if (parent) parent.appendChild(n);
  return n;
}
function describe(e) {
  if (!e) return "";
  const m = e.m;
  const msg = m ? m.type + " n" + m.from + "→n" + m.to + " t" + m.term + (m.index ? " index " + m.index : "") +
    (m.logTerm ? " logTerm " + m.logTerm : "") + (m.entries ? " entries " + m.entries : "") +
    (m.commit ? " commit " + m.commit : "") + (m.reject ? " reject" : "") + (m.snap ? " snapshot " + m.snap : "") : "";
  switch (e.k) {
    case "send": return "tick " + e.t + ": send " + msg + " (arrives at tick " + e.at + ")";
    case "dup": return "tick " + e.t + ": duplicate of message #" + e.of + ": " + msg;
    case "deliver": return "tick " + e.t + ": deliver message #" + e.id;
    case "drop": return "tick " + e.t + ": message #" + e.id + " dropped (" + e.reason + ")";
    case "role": return "tick " + e.t + ": n" + e.node + " is " + e.role + " in term " + e.term + ", lead " + e.lead;
    case "commit": return "tick " + e.t + ": n" + e.node + " committed up to " + e.commit;
    case "apply": return "tick " + e.t + ": n" + e.node + " applied " + e.index + ":" + e.term + " " + e.op;
    case "persist": return "tick " + e.t + ": n" + e.node + " persisted term " + e.term + " vote " + e.vote + " commit " + e.commit + " last index " + e.last;
    case "violation": return "tick " + e.t + ": VIOLATION of " + e.invariant + ": " + e.message;
    default: return "tick " + e.t + ": " + JSON.stringify(e);
  }
}
function draw() {
  const host = document.getElementById("diagram");
  host.textContent = "";
  const width = LEFT + (to - from + 1) * scale + 60;
  const height = TOP + meta.nodes.length * LANE_H + 20;
  const svg = el("svg", { width, height, id: "svg" }, host);
  const inWin = (t) => t >= from && t <= to;
  // Partitions and down times, as shaded areas.
  let part = null;
  const downSince = new Map();
  const closePart = (t) => {
    if (!part) return;
    const x0 = xt(Math.max(part.t, from)), x1 = xt(Math.min(t, to + 1));
    if (x1 > x0) {
      el("rect", { class: "partition", x: x0, y: TOP - 18, width: x1 - x0, height: meta.nodes.length * LANE_H + 18 }, svg);
      el("text", { class: "partition-label", x: x0 + 2, y: TOP - 6 }, svg,
        "partition " + part.groups.map((g) => "{" + g.join(",") + "}").join(" | "));
    }
    part = null;
  };
  const closeDown = (node, t) => {
    const since = downSince.get(node);
    if (since === undefined) return;
    const x0 = xt(Math.max(since, from)), x1 = xt(Math.min(t, to + 1));
    if (x1 > x0) el("rect", { class: "down", x: x0, y: y(node) - LANE_H / 2 + 4, width: x1 - x0, height: LANE_H - 8 }, svg);
    downSince.delete(node);
  };
  for (const e of EVENTS) {
    if (e.k === "partition") { closePart(e.t); part = e; }
    if (e.k === "heal") closePart(e.t);
    if (e.k === "crash") downSince.set(e.node, e.t);
    if (e.k === "restart") closeDown(e.node, e.t);
  }
  closePart(lastTick + 1);
  for (const n of [...downSince.keys()]) closeDown(n, lastTick + 1);
  // Lanes and tick marks.
  for (const id of meta.nodes) {
    el("line", { class: "lane-line", x1: LEFT, x2: width - 20, y1: y(id), y2: y(id) }, svg);
    el("text", { class: "lane-label lane", x: 8, y: y(id) + 5, "data-node": id }, svg, "n" + id);
  }
  const step = scale >= 20 ? 1 : scale >= 8 ? 5 : 20;
  for (let t = from; t <= to; t++) {
    if (t % step === 0) el("text", { class: "tick-label", x: xt(t), y: height - 4 }, svg, String(t));
  }
  // Messages.
  const fate = new Map();
  for (const e of EVENTS) if (e.k === "deliver" || e.k === "drop") fate.set(e.id, e);
  for (const e of EVENTS) {
    if (e.k !== "send" && e.k !== "dup") continue;
    if (hideHeartbeats && (e.m.type === "MsgHeartbeat" || e.m.type === "MsgHeartbeatResponse")) continue;
    const end = fate.get(e.m.id);
    const t1 = end ? end.t : lastTick + 1;
    if (t1 < from || e.t > to) continue;
    const x0 = x(e), y0 = y(e.m.from), y1 = y(e.m.to);
    const dropped = end && end.k === "drop";
    let x1 = end ? x(end) : xt(lastTick + 1);
    let yy = y1;
    if (dropped && end.t === e.t && end.seq === e.seq + 1) { x1 = x0 + scale * 0.6; yy = (y0 + y1) / 2; }
    else if (dropped) { yy = y0 + (y1 - y0) * 0.85; }
    const colour = COLOURS[e.m.type] || "#000";
    const line = el("line", { class: "arrow" + (dropped ? " dropped" : ""), x1: x0, y1: y0, x2: x1, y2: yy,
      stroke: colour, "marker-end": dropped ? "" : "url(#head-" + e.m.type + ")", "data-seq": e.seq }, svg);
    el("title", {}, line, describe(e) + (end ? "\\n" + describe(end) : "\\n(still in flight)"));
    line.addEventListener("click", () => { cursor = EVENTS.indexOf(e); showCursor(); });
    if (dropped) {
      el("path", { class: "drop-mark", d: "M" + (x1 - 4) + " " + (yy - 4) + "l8 8m0 -8l-8 8" }, svg);
    }
  }
  // Arrow heads, one per colour.
  const defs = el("defs", {}, svg);
  for (const [type, colour] of Object.entries(COLOURS)) {
    const mk = el("marker", { id: "head-" + type, markerWidth: 8, markerHeight: 8, refX: 7, refY: 4, orient: "auto" }, defs);
    el("path", { d: "M0,0 L8,4 L0,8 z", fill: colour }, mk);
  }
  // Each node's role when the window starts, at the left edge.
  const before = new Map();
  for (const e of EVENTS) if (e.k === "role" && e.t < from) before.set(e.node, e);
  for (const [node, e] of before) {
    el("text", { class: "role role-before", x: LEFT + 2, y: y(node) - 12, fill: "#888" }, svg, e.role[0] + " t" + e.term);
  }
  // Roles, commits, crashes.
  for (const e of EVENTS) {
    if (!inWin(e.t)) continue;
    if (e.k === "role") {
      const c = e.role === "Leader" ? "#c62828" : e.role === "Candidate" ? "#ef6c00" : "#455a64";
      const label = e.role[0] + " t" + e.term;
      const g = el("g", { class: "role-change", "data-seq": e.seq }, svg);
      el("rect", { class: "role-bg", x: x(e) - 2, y: y(e.node) - 22, width: label.length * 6.5 + 4, height: 13, fill: "#fff", opacity: 0.85 }, g);
      el("text", { class: "role", x: x(e), y: y(e.node) - 12, fill: c }, g, label);
      el("title", {}, g, describe(e));
    } else if (e.k === "commit") {
      const t = el("text", { class: "commit", x: x(e), y: y(e.node) + 16 }, svg, "c" + e.commit);
      el("title", {}, t, describe(e));
    } else if (e.k === "crash") {
      el("text", { class: "crash-mark", x: x(e) - 5, y: y(e.node) + 5 }, svg, "✕ crash");
    } else if (e.k === "restart") {
      el("text", { class: "crash-mark", x: x(e) - 5, y: y(e.node) + 5, fill: "#2e7d32" }, svg, "↻");
    }
  }
  if (violation) {
    const g = el("g", { id: "violation-marker" }, svg);
    const vx = x(violation);
    el("line", { x1: vx, x2: vx, y1: TOP - 20, y2: height - 12 }, g);
    const nearRight = vx > width - 260;
    el("text", { x: nearRight ? vx - 4 : vx + 4, y: 14, "text-anchor": nearRight ? "end" : "start" }, g, "✖ " + violation.invariant);
    for (const n of violation.nodes || []) el("circle", { cx: vx, cy: y(n), r: 7, fill: "none", stroke: "#c62828", "stroke-width": 3 }, g);
  }
  const cg = el("g", { id: "cursor" }, svg);
  el("line", { x1: 0, x2: 0, y1: TOP - 20, y2: height - 12 }, cg);
  showCursor();
}
function showCursor() {
  const e = EVENTS[cursor];
  const cg = document.querySelector("#cursor line");
  if (e && cg) {
    if (e.t < from || e.t > to) { const w = to - from; from = Math.max(0, e.t - Math.floor(w / 2)); to = from + w; syncInputs(); draw(); return; }
    cg.setAttribute("x1", x(e)); cg.setAttribute("x2", x(e));
    const host = document.getElementById("diagram");
    const cx = x(e);
    if (cx < host.scrollLeft + 60 || cx > host.scrollLeft + host.clientWidth - 60) host.scrollLeft = Math.max(0, cx - host.clientWidth / 2);
  }
  document.getElementById("details").textContent = "event " + cursor + " of " + (EVENTS.length - 1) + "\\n" + describe(e);
}
function syncInputs() {
  document.getElementById("from").value = from;
  document.getElementById("to").value = to;
}
document.getElementById("zoom-in").onclick = () => { scale = Math.min(200, scale * 1.5); draw(); };
document.getElementById("zoom-out").onclick = () => { scale = Math.max(2, scale / 1.5); draw(); };
document.getElementById("step-back").onclick = () => { cursor = Math.max(0, cursor - 1); showCursor(); };
document.getElementById("step-fwd").onclick = () => { cursor = Math.min(EVENTS.length - 1, cursor + 1); showCursor(); };
document.getElementById("to-violation").onclick = () => { if (violation) { cursor = EVENTS.indexOf(violation); showCursor(); } };
document.getElementById("hide-hb").onchange = (ev) => { hideHeartbeats = ev.target.checked; draw(); };
document.getElementById("from").onchange = (ev) => { from = Math.max(0, Number(ev.target.value) || 0); draw(); };
document.getElementById("to").onchange = (ev) => { to = Math.max(from + 1, Number(ev.target.value) || from + 1); draw(); };
document.getElementById("show-all").onclick = () => { from = 0; to = lastTick + 1; scale = Math.max(2, Math.min(scale, 1600 / (to + 1))); syncInputs(); draw(); };
document.addEventListener("keydown", (ev) => {
  if (ev.key === "ArrowRight") document.getElementById("step-fwd").click();
  if (ev.key === "ArrowLeft") document.getElementById("step-back").click();
  if (ev.key === "+") document.getElementById("zoom-in").click();
  if (ev.key === "-") document.getElementById("zoom-out").click();
});
document.getElementById("title").textContent = "raftlab trace: " + meta.scenario + ", seed " + meta.seed;
document.getElementById("rerun").textContent = meta.rerun ? "Rerun: " + meta.rerun : "";
const banner = document.getElementById("violation-banner");
if (violation) banner.textContent = "Violated: " + violation.invariant + " at tick " + violation.t + ": " + violation.message;
else { banner.textContent = "No invariant was violated in this run."; banner.className = "ok"; }
const legend = document.getElementById("legend");
for (const [type, colour] of Object.entries(COLOURS)) {
  const s = document.createElement("span");
  const i = document.createElement("i");
  i.style.background = colour;
  s.appendChild(i);
  s.appendChild(document.createTextNode(type));
  legend.appendChild(s);
}
syncInputs();
draw();
`;

/** JSON that is safe inside a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/** The whole page as a string. */
export function renderTraceHtml(events: readonly TraceEvent[]): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>raftlab trace</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1 id="title">raftlab trace</h1>
<div id="rerun"></div>
<div id="violation-banner"></div>
<div class="controls">
<button id="zoom-out" title="zoom out (-)">−</button><button id="zoom-in" title="zoom in (+)">+</button>
<button id="step-back" title="previous event (←)">◀ step</button><button id="step-fwd" title="next event (→)">step ▶</button>
<button id="to-violation">go to violation</button>
ticks <input id="from" type="number" min="0"> to <input id="to" type="number" min="1">
<button id="show-all">whole run</button>
<label><input id="hide-hb" type="checkbox"> hide heartbeats</label>
</div>
<div class="controls" id="legend"></div>
</header>
<div id="diagram"></div>
<div id="details"></div>
<script type="application/json" id="trace-data">${scriptJson(events)}</script>
<script type="application/json" id="colour-data">${scriptJson(MSG_COLOURS)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
