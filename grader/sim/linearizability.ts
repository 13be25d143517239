// A black-box linearizability checker for the simulator's key-value history.
//
// WHAT IT DECIDES. Clients call `append(key, value)` (the reply is the key's
// whole value right after the append took effect) and, optionally,
// `read(key)`. Each call has an invoke tick and, if the client got an answer,
// a response tick. The history is linearizable when there is ONE order of the
// operations such that (1) replaying them in that order on a plain map of
// strings gives every reply the clients saw, and (2) the order keeps real time:
// if A was answered before B was invoked (A.response < B.invoke, strictly;
// equal ticks count as overlapping), A comes first. An operation without an
// answer (pending: the client gave up or the run ended) may have taken effect
// at any point after its invoke, or never; the checker tries both.
// Only what clients observe is used: no log indexes, no node state.
//
// ALGORITHM (Wing & Gong, with Lowe's memoisation). Per key, because
// linearizability is compositional (a history is linearizable iff its
// restriction to every single object is), and keys are independent strings.
// Sort the invoke and response events by tick (invokes before responses at
// the same tick, pending responses at +infinity) into a linked list. Walk it
// from the front: at an invoke, try to linearize that operation now (apply it
// to the current value and compare with its reply); if that works, remove its
// two events from the list, push it on a stack and restart from the front. At
// a response, the operation that ends there has not been linearized, yet every
// order must place it before anything invoked later: undo the last choice (pop,
// put its events back) and try the next invoke after it. Reaching a pending
// operation's response at +infinity means every answered operation is placed:
// success (the remaining pending ones never took effect).
// Why it is correct: the candidates at each point are exactly the unplaced
// operations invoked before the earliest response of an unplaced answered
// operation, i.e. the ones real time allows next; backtracking tries each, so
// the search enumerates every real-time-respecting order of the operations
// (with pending ones included at any position or left out) until one fits.
// Pending appends with no reply are tried only where the value they make is
// the start of some known reply (see `shown` in search for why no valid order
// is lost); without this, k overlapping pending appends cost k! orders.
// Memoisation: two partial orders that placed the SAME set of operations and
// reached the SAME value have the same futures (what may come next depends
// only on which operations are left, and the replies only on the value), so
// the second one is skipped. The value is identified exactly by the order of
// appended values (a trie node), never by a hash, so the cache never merges
// two different states.
//
// COST. Deciding linearizability is NP-complete in general; the search visits
// at most (distinct sets of placed operations) x (distinct values) states,
// each costing O(n/16) to build the cache key plus O(length of the value) to
// compare a reply. For this model an answered append pins the whole value, so
// the search is close to linear in practice: a generated 300-op history on ONE
// key (5 to 20 clients, reads, pending ops) takes 600 to 5,000 steps and 2 to
// 25 ms on the lab's 2-core machine; 2,000 ops about 40 ms. A step budget
// (default 1,000,000 attempts per check, under a second) stops a pathological
// search with a "budget-exceeded" result instead of hanging; it is never
// reported as a violation.
//
// EXPLANATIONS. On a violation the checker shrinks the key's operations to a
// minimal conflicting set: it drops operations while the rest, with the
// replies restricted to the values of the remaining appends, still has no
// valid order. Dropping is sound because restricting a valid order to a subset
// gives a valid order of the subset (values are unique, so a reply splits into
// its appends' values unambiguously); so the small set on its own proves the
// violation, and removing any one of its operations makes it consistent.

export type ClientOpKind = "append" | "read";

/** One client operation as the client saw it. */
export interface ClientOp {
  client: number;
  /** The client's sequence number, for messages only (`c1#3`). */
  seq?: number;
  /** Tick the client invoked the operation. */
  invoke: number;
  /** Tick the client got the reply; undefined when it never did (the outcome is unknown). */
  response?: number;
  kind: ClientOpKind;
  key: string;
  /** For an append, the value appended (unique per key, non-empty). Unused for a read. */
  value?: string;
  /** The reply: for an append the key's whole value right after it; for a read the value read. Undefined = unknown. */
  output?: string;
}

export interface CheckOptions {
  /**
   * Most search steps (attempts to place an operation, plus undos) per call, over all keys; shrinking a
   * violation may use as many again. Default 1,000,000 (under a second on the lab's machines).
   */
  maxSteps?: number;
  /** Shrink a violation to a minimal conflicting set (default true). */
  minimize?: boolean;
}

/** `steps`: search steps used, shrinking included. */
export type LinearizabilityResult =
  | { kind: "ok"; steps: number }
  | {
      kind: "violation";
      key: string;
      /** The conflicting operations, sorted by invoke tick. */
      conflict: ClientOp[];
      /** True when removing any one op of `conflict` leaves a consistent history. */
      minimal: boolean;
      explanation: string;
      steps: number;
    }
  | { kind: "budget-exceeded"; key: string; steps: number; explanation: string };

/** The history itself is malformed (not a linearizability failure). */
export class HistoryInputError extends RangeError {
  override name = "HistoryInputError";
}

/** Thrown by `linearizabilityViolation` when the search hit its step budget. */
export class SearchBudgetExceeded extends Error {
  override name = "SearchBudgetExceeded";
  constructor(
    readonly key: string,
    readonly steps: number,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_MAX_STEPS = 1_000_000;

/** An operation prepared for the search. */
interface Op {
  src: ClientOp;
  kind: ClientOpKind;
  invoke: number;
  /** Infinity when pending. */
  response: number;
  value: string;
  output: string | undefined;
}

interface Budget {
  used: number;
  max: number;
}

type Verdict = "ok" | "fail" | "budget";

/**
 * Checks a client history for linearizability, key by key (keys in sorted
 * order, so the first violation reported is deterministic). Throws
 * HistoryInputError on malformed input.
 */
export function checkLinearizability(
  history: readonly ClientOp[],
  options: CheckOptions = {},
): LinearizabilityResult {
  const budget: Budget = { used: 0, max: options.maxSteps ?? DEFAULT_MAX_STEPS };
  if (!(budget.max > 0)) throw new HistoryInputError(`maxSteps must be positive, got ${budget.max}`);
  const byKey = groupByKey(history);
  for (const key of [...byKey.keys()].sort()) {
    const ops = byKey.get(key)!;
    const verdict = search(ops, budget);
    if (verdict === "budget") return budgetResult(key, ops.length, budget);
    if (verdict === "fail") {
      // Shrinking gets a budget of its own, so a long search still gets a short explanation.
      const extra: Budget = { used: 0, max: budget.max };
      const shrunk = options.minimize === false ? undefined : shrink(ops, extra);
      const conflict = shrunk?.ops ?? ops;
      const minimal = shrunk?.minimal ?? false;
      return {
        kind: "violation",
        key,
        conflict: [...conflict].sort(byInvoke).map((o) => o.src),
        minimal,
        explanation: explain(key, ops.length, shrunk, minimal),
        steps: budget.used + extra.used,
      };
    }
  }
  return { kind: "ok", steps: budget.used };
}

/**
 * The same check as a one-liner for the simulator: undefined when the history
 * is linearizable, else the explanation. Throws SearchBudgetExceeded when the
 * search ran out of steps (undecided, not a violation).
 */
export function linearizabilityViolation(
  history: readonly ClientOp[],
  options: CheckOptions = {},
): string | undefined {
  const r = checkLinearizability(history, options);
  if (r.kind === "ok") return undefined;
  if (r.kind === "budget-exceeded") throw new SearchBudgetExceeded(r.key, r.steps, r.explanation);
  return r.explanation;
}

// ---------------------------------------------------------------- input

function groupByKey(history: readonly ClientOp[]): Map<string, Op[]> {
  const byKey = new Map<string, Op[]>();
  const seen = new Map<string, Map<string, ClientOp>>();
  history.forEach((h, i) => {
    const where = `history[${i}] (${label(h)})`;
    if (h.kind !== "append" && h.kind !== "read") {
      throw new HistoryInputError(`${where}: kind must be "append" or "read", got ${JSON.stringify(h.kind)}`);
    }
    if (typeof h.key !== "string") throw new HistoryInputError(`${where}: key must be a string`);
    if (!Number.isFinite(h.invoke)) throw new HistoryInputError(`${where}: invoke must be a finite tick`);
    if (h.response !== undefined && !(Number.isFinite(h.response) && h.response >= h.invoke)) {
      throw new HistoryInputError(
        `${where}: response tick ${h.response} must be a finite tick not before invoke ${h.invoke}`,
      );
    }
    if (h.output !== undefined && typeof h.output !== "string") {
      throw new HistoryInputError(`${where}: output must be a string or undefined`);
    }
    if (h.kind === "append") {
      if (typeof h.value !== "string" || h.value.length === 0) {
        throw new HistoryInputError(`${where}: an append needs a non-empty value`);
      }
      let vals = seen.get(h.key);
      if (vals === undefined) seen.set(h.key, (vals = new Map<string, ClientOp>()));
      const other = vals.get(h.value);
      if (other !== undefined) {
        throw new HistoryInputError(
          `${where}: value ${JSON.stringify(h.value)} is also appended to key ${JSON.stringify(h.key)} by ` +
            `${label(other)}; values must be unique so that a reply shows which appends it contains`,
        );
      }
      vals.set(h.value, h);
    }
    // A read with no reply constrains nothing and changes nothing.
    if (h.kind === "read" && h.output === undefined) return;
    let ops = byKey.get(h.key);
    if (ops === undefined) byKey.set(h.key, (ops = []));
    ops.push({
      src: h,
      kind: h.kind,
      invoke: h.invoke,
      response: h.response ?? Infinity,
      value: h.kind === "append" ? h.value! : "",
      output: h.output,
    });
  });
  return byKey;
}

// ---------------------------------------------------------------- search

/**
 * Wing & Gong's search with Lowe's cache, on one key's operations. Events live
 * in a doubly linked list over arrays: event 2i is op i's invoke, 2i+1 its
 * response; `head` is a sentinel.
 */
function search(ops: readonly Op[], budget: Budget): Verdict {
  const n = ops.length;
  if (n === 0) return "ok";
  const events: number[] = [];
  for (let i = 0; i < 2 * n; i++) events.push(i);
  const time = (e: number): number => ((e & 1) === 0 ? ops[e >> 1].invoke : ops[e >> 1].response);
  events.sort((a, b) => time(a) - time(b) || (a & 1) - (b & 1) || a - b);
  const head = 2 * n;
  const next = new Int32Array(2 * n + 1);
  const prev = new Int32Array(2 * n + 1);
  let last = head;
  for (const e of events) {
    next[last] = e;
    prev[e] = last;
    last = e;
  }
  next[last] = -1;
  const unlink = (e: number): void => {
    next[prev[e]] = next[e];
    if (next[e] !== -1) prev[next[e]] = prev[e];
  };
  const relink = (e: number): void => {
    next[prev[e]] = e;
    if (next[e] !== -1) prev[next[e]] = e;
  };

  // Which ops are placed (16 per char of the cache key) and the value so far,
  // named by a trie node: node = child(parent node, appended op).
  const bits = new Uint16Array(Math.ceil(n / 16));
  const trie = new Map<number, number>();
  let nodes = 1;
  const child = (node: number, op: number): number => {
    const k = node * n + op;
    let c = trie.get(k);
    if (c === undefined) trie.set(k, (c = nodes++));
    return c;
  };
  // A pending append with no reply is tried only where the value it makes is
  // the start of some known reply. That loses no valid order: in any valid
  // order it can be moved later, up to just before the next op with a known
  // reply (nothing in between observes it, and as it was never answered real
  // time does not hold it back), and that reply then starts with the value so
  // far plus this append. Without the rule, k overlapping pending appends would
  // be tried in k! orders. The rule depends only on the value, so the cache
  // stays exact.
  let replies: string[] | undefined;
  const shown = (v: string): boolean => {
    replies ??= [...new Set(ops.flatMap((o) => (o.output === undefined ? [] : [o.output])))].sort();
    let lo = 0;
    let hi = replies.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (replies[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo < replies.length && replies[lo].startsWith(v);
  };
  const cache = new Set<string>();
  const stackOp: number[] = [];
  const stackValue: string[] = [];
  const stackNode: number[] = [];
  let value = "";
  let node = 0;

  let cur = next[head];
  for (;;) {
    if (cur === -1) return "ok";
    const i = cur >> 1;
    const o = ops[i];
    if ((cur & 1) === 0) {
      if (++budget.used > budget.max) return "budget";
      let fits: boolean;
      let after = value;
      let afterNode = node;
      if (o.kind === "append") {
        after = value + o.value;
        fits = o.output === undefined ? o.response !== Infinity || shown(after) : o.output === after;
        if (fits) afterNode = child(node, i);
      } else {
        fits = o.output === undefined || o.output === value;
      }
      if (fits) {
        bits[i >> 4] |= 1 << (i & 15);
        const key = String.fromCharCode(...bits) + afterNode;
        if (!cache.has(key)) {
          cache.add(key);
          stackOp.push(i);
          stackValue.push(value);
          stackNode.push(node);
          value = after;
          node = afterNode;
          unlink(2 * i);
          unlink(2 * i + 1);
          cur = next[head];
          continue;
        }
        bits[i >> 4] &= ~(1 << (i & 15));
      }
      cur = next[cur];
    } else {
      // Every op still unplaced here is pending: they never took effect.
      if (o.response === Infinity) return "ok";
      if (stackOp.length === 0) return "fail";
      if (++budget.used > budget.max) return "budget";
      const j = stackOp.pop()!;
      value = stackValue.pop()!;
      node = stackNode.pop()!;
      bits[j >> 4] &= ~(1 << (j & 15));
      relink(2 * j + 1);
      relink(2 * j);
      cur = next[2 * j];
    }
  }
}

// ---------------------------------------------------------------- shrinking

interface Shrunk {
  ops: Op[];
  /** Why a single op is impossible on its own (its reply is not made of appended values). */
  malformed?: string;
  /** The ops' replies restricted to the appends in `ops`. */
  restricted: Map<Op, string | undefined>;
}

/** Splits every reply into the appends it contains; undefined when values are not prefix-free. */
function tokenizer(ops: readonly Op[]): ((s: string) => Op[] | string) | undefined {
  const byValue = new Map<string, Op>();
  for (const o of ops) if (o.kind === "append") byValue.set(o.value, o);
  const values = [...byValue.keys()].sort();
  for (let i = 1; i < values.length; i++) if (values[i].startsWith(values[i - 1])) return undefined;
  const lengths = [...new Set(values.map((v) => v.length))].sort((a, b) => a - b);
  return (s: string) => {
    const out: Op[] = [];
    const used = new Set<Op>();
    let p = 0;
    while (p < s.length) {
      let hit: Op | undefined;
      for (const len of lengths) {
        hit = byValue.get(s.slice(p, p + len));
        if (hit !== undefined) break;
      }
      if (hit === undefined) {
        return `contains ${JSON.stringify(s.slice(p, p + 24))} at position ${p}, which no append to this key wrote`;
      }
      if (used.has(hit)) {
        return `contains the value ${JSON.stringify(hit.value)} of ${label(hit.src)} twice, so that append took effect twice`;
      }
      used.add(hit);
      out.push(hit);
      p += hit.value.length;
    }
    return out;
  };
}

function shrink(ops: readonly Op[], budget: Budget): (Shrunk & { minimal: boolean }) | undefined {
  const split = tokenizer(ops);
  if (split === undefined) return undefined;
  const parts = new Map<Op, Op[]>();
  const impossible: Op[] = [];
  for (const o of ops) {
    if (o.output === undefined) continue;
    const t = split(o.output);
    if (typeof t === "string") {
      if (o.response !== Infinity) {
        return { ops: [o], malformed: t, restricted: new Map([[o, o.output]]), minimal: true };
      }
      impossible.push(o); // pending: it can only have never taken effect
    } else {
      parts.set(o, t);
    }
  }
  const restrict = (keep: readonly Op[]): Op[] => {
    const inSet = new Set(keep);
    return keep.map((o) => {
      const t = parts.get(o);
      if (t === undefined) return o;
      const output = t
        .filter((a) => inSet.has(a))
        .map((a) => a.value)
        .join("");
      return output === o.output ? o : { ...o, output };
    });
  };
  const fails = (keep: readonly Op[]): Verdict => search(restrict(keep), budget);
  let cur = ops.filter((o) => !impossible.includes(o));
  let minimal = true;
  // Drop chunks of halving size; one final pass with size 1 gives a set from
  // which no single op can be removed (removing more later cannot make an
  // earlier kept op removable: a subset of a consistent history is consistent).
  for (let size = Math.floor(cur.length / 2); size >= 1; size = Math.floor(size / 2)) {
    for (let start = 0; start < cur.length;) {
      const without = [...cur.slice(0, start), ...cur.slice(start + size)];
      const v = without.length === 0 ? "ok" : fails(without);
      if (v === "budget") {
        minimal = false;
        size = 0;
        break;
      }
      if (v === "fail") cur = without;
      else start += size;
    }
  }
  const restricted = new Map<Op, string | undefined>();
  const r = restrict(cur);
  cur.forEach((o, i) => restricted.set(o, r[i].output));
  return { ops: cur, restricted, minimal };
}

// ---------------------------------------------------------------- explaining

function byInvoke(a: Op, b: Op): number {
  if (a.invoke !== b.invoke) return a.invoke - b.invoke;
  return a.response === b.response ? 0 : a.response < b.response ? -1 : 1;
}

function label(h: ClientOp): string {
  return h.seq !== undefined ? `c${h.client}#${h.seq}` : `c${h.client}`;
}

function q(s: string): string {
  return JSON.stringify(s);
}

function describe(o: Op, name: string, restricted: string | undefined): string {
  const what = o.kind === "append" ? `append ${q(o.value)}` : "read";
  const when =
    o.response === Infinity
      ? `invoked at tick ${o.invoke}, never answered (may or may not have taken effect)`
      : `invoked at tick ${o.invoke}, answered at tick ${o.response}`;
  let reply = "";
  if (o.output !== undefined) {
    reply = o.kind === "append" ? `, reply ${q(o.output)}` : `, saw ${q(o.output)}`;
    if (restricted !== undefined && restricted !== o.output) {
      reply += ` (only the values listed here: ${q(restricted)})`;
    }
  }
  return `  ${name}  ${label(o.src)} ${what}, ${when}${reply}`;
}

const MAX_LISTED = 20;
const MAX_ENUMERATED = 4;

function explain(
  key: string,
  total: number,
  shrunk: (Shrunk & { minimal: boolean }) | undefined,
  minimal: boolean,
): string {
  const head =
    `Key ${q(key)}: the clients' results cannot come from any single order of the operations that also ` +
    `keeps real time (an operation answered before another was invoked must come first).`;
  if (shrunk === undefined) {
    return (
      `${head} The ${total} operations on this key were not reduced to a small conflicting set (either ` +
      `shrinking was turned off or some appended values are prefixes of others, so replies cannot be split ` +
      `into values).`
    );
  }
  const ops = [...shrunk.ops].sort(byInvoke);
  const names = new Map<Op, string>();
  ops.forEach((o, i) => names.set(o, i < 26 ? String.fromCharCode(65 + i) : `#${i + 1}`));
  const lines = [head];
  if (shrunk.malformed !== undefined) {
    const o = ops[0];
    lines.push(`This reply is impossible whatever the order:`);
    lines.push(describe(o, "A", undefined));
    lines.push(`  its reply ${shrunk.malformed}.`);
    return lines.join("\n");
  }
  lines.push(
    minimal
      ? `These ${ops.length} operations conflict (without any one of them the rest would be consistent):`
      : `These ${ops.length} operations conflict (the search budget ran out while shrinking, so some may be ` +
          `unnecessary):`,
  );
  ops.slice(0, MAX_LISTED).forEach((o) => lines.push(describe(o, names.get(o)!, shrunk.restricted.get(o))));
  if (ops.length > MAX_LISTED) lines.push(`  ... and ${ops.length - MAX_LISTED} more`);
  const edges: string[] = [];
  for (const a of ops) {
    for (const b of ops) {
      if (a.response < b.invoke) {
        edges.push(
          `  ${names.get(a)} before ${names.get(b)}: ${names.get(a)} was answered at tick ${a.response}, ` +
            `before ${names.get(b)} was invoked at tick ${b.invoke}`,
        );
      }
    }
  }
  if (edges.length > 0) {
    lines.push(`Real time forces:`);
    lines.push(...edges.slice(0, MAX_LISTED));
    if (edges.length > MAX_LISTED) lines.push(`  ... and ${edges.length - MAX_LISTED} more`);
  } else {
    lines.push(`All of them overlap in time, so real time allows any order.`);
  }
  if (ops.length <= MAX_ENUMERATED) {
    lines.push(`Every order that keeps real time fails:`);
    lines.push(...whyEachOrderFails(ops, names, shrunk.restricted));
  }
  return lines.join("\n");
}

/** For a handful of ops: each real-time-respecting order and the first reply it gets wrong. */
function whyEachOrderFails(
  ops: readonly Op[],
  names: Map<Op, string>,
  restricted: Map<Op, string | undefined>,
): string[] {
  const out: string[] = [];
  const pending = ops.filter((o) => o.response === Infinity);
  for (let mask = 0; mask < 1 << pending.length; mask++) {
    const dropped = new Set(pending.filter((_, i) => (mask & (1 << i)) !== 0));
    const used = ops.filter((o) => !dropped.has(o));
    for (const order of permutations(used)) {
      if (order.some((b, j) => order.slice(j + 1).some((a) => a.response < b.invoke))) continue;
      let value = "";
      let why = "every reply matches";
      for (const o of order) {
        const want = restricted.get(o);
        if (o.kind === "append") value += o.value;
        if (want !== undefined && want !== value) {
          let got = q(want);
          if (o.output !== want) {
            got = `${q(o.output!)}, which holds ${want === "" ? "none" : `only ${q(want)}`} of the values listed here`;
          }
          why =
            o.kind === "append"
              ? `${names.get(o)}'s reply would be ${q(value)}, but it was ${got}`
              : `${names.get(o)} would read ${q(value)}, but it saw ${got}`;
          break;
        }
      }
      const skipped =
        dropped.size > 0 ? ` (${[...dropped].map((o) => names.get(o)).join(", ")} never took effect)` : "";
      out.push(`  ${order.map((o) => names.get(o)).join(" -> ") || "(nothing)"}${skipped}: ${why}`);
    }
  }
  return out;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  const out: T[][] = [];
  xs.forEach((x, i) => {
    for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}

function budgetResult(key: string, n: number, budget: Budget): LinearizabilityResult {
  return {
    kind: "budget-exceeded",
    key,
    steps: budget.used,
    explanation:
      `Key ${q(key)}: the linearizability search gave up after ${budget.max} steps on ${n} operations ` +
      `without deciding; this is not a violation. Raise maxSteps or check a shorter history.`,
  };
}

// ---------------------------------------------------------------- from the log

/** One entry of the applied log, as the simulator encodes it (see kv.ts KvOp). */
export interface AppliedOp {
  c: number;
  s: number;
  k: string;
  v: string;
}

/** What the simulator knows of one client call (see kv.ts HistoryOp). */
export interface ClientRecord {
  client: number;
  seq: number;
  invoke: number;
  response?: number;
  /** The key and value the client sent; needed only for a call the log never applied. */
  key?: string;
  value?: string;
}

/**
 * Turns the applied log (one entry per log index in order, the first at
 * `firstIndex`, which only names indexes in messages; undefined for an empty
 * entry) and the clients' call records into the history the checker
 * takes: each answered call's reply is the key's value right after the log
 * first applied that (client, seq), with the state machine's exactly-once rule
 * (an entry whose seq is not above the client's last applied seq is a retry
 * and changes nothing). Calls without a response stay pending with no reply.
 * A call the log never applied, without a response and without key/value, is
 * left out: it cannot be placed on a key, and a call that never took effect
 * cannot change the verdict. Throws HistoryInputError when the log and the
 * records disagree.
 */
export function deriveClientOps(
  applied: readonly (AppliedOp | undefined)[],
  records: readonly ClientRecord[],
  firstIndex = 1,
): ClientOp[] {
  const byId = new Map<string, ClientRecord>();
  for (const r of records) {
    const id = `${r.client}#${r.seq}`;
    if (byId.has(id)) throw new HistoryInputError(`client call c${id} is recorded twice`);
    byId.set(id, r);
  }
  const lastSeq = new Map<number, number>();
  const data = new Map<string, string>();
  const effect = new Map<string, { key: string; value: string; output: string }>();
  applied.forEach((e, pos) => {
    if (e === undefined) return;
    const id = `${e.c}#${e.s}`;
    if (!byId.has(id)) {
      throw new HistoryInputError(`log index ${firstIndex + pos} applies c${id}, which no client invoked`);
    }
    if ((lastSeq.get(e.c) ?? 0) >= e.s) return;
    lastSeq.set(e.c, e.s);
    const output = (data.get(e.k) ?? "") + e.v;
    data.set(e.k, output);
    effect.set(id, { key: e.k, value: e.v, output });
  });
  const out: ClientOp[] = [];
  for (const r of records) {
    const id = `${r.client}#${r.seq}`;
    const eff = effect.get(id);
    if (eff !== undefined && r.key !== undefined && r.key !== eff.key) {
      throw new HistoryInputError(`c${id} sent key ${q(r.key)}, but the log applied it to key ${q(eff.key)}`);
    }
    if (eff !== undefined && r.value !== undefined && r.value !== eff.value) {
      throw new HistoryInputError(`c${id} sent value ${q(r.value)}, but the log applied ${q(eff.value)}`);
    }
    const base = { client: r.client, seq: r.seq, invoke: r.invoke, kind: "append" as const };
    if (r.response !== undefined) {
      if (eff === undefined) {
        throw new HistoryInputError(
          `c${id} was answered at tick ${r.response}, but the applied log never applies it`,
        );
      }
      out.push({ ...base, response: r.response, key: eff.key, value: eff.value, output: eff.output });
    } else if (eff !== undefined) {
      out.push({ ...base, key: eff.key, value: eff.value });
    } else if (r.key !== undefined && r.value !== undefined) {
      out.push({ ...base, key: r.key, value: r.value });
    }
  }
  return out;
}
