// Tests of the linearizability checker on hand-made histories: ones that have
// a valid order (and so must pass) and ones that do not (and so must be
// reported, with a small conflicting set a student can read).

import { Rng } from "../harness/rng";
import {
  AppliedOp,
  ClientOp,
  ClientRecord,
  HistoryInputError,
  LinearizabilityResult,
  SearchBudgetExceeded,
  checkLinearizability,
  deriveClientOps,
  linearizabilityViolation,
} from "./linearizability";

let seqs = 0;
/** An append by `client` on key x (or `key`), answered at `response` with `output`. */
function ap(
  client: number,
  invoke: number,
  response: number | undefined,
  value: string,
  output?: string,
  key = "x",
): ClientOp {
  return { client, seq: ++seqs, invoke, response, kind: "append", key, value, output };
}
function rd(
  client: number,
  invoke: number,
  response: number | undefined,
  output: string | undefined,
  key = "x",
): ClientOp {
  return { client, seq: ++seqs, invoke, response, kind: "read", key, output };
}

function violation(r: LinearizabilityResult): Extract<LinearizabilityResult, { kind: "violation" }> {
  if (r.kind !== "violation") throw new Error(`expected a violation, got ${JSON.stringify(r)}`);
  return r;
}

describe("linearizable histories pass", () => {
  test("an empty history", () => {
    expect(checkLinearizability([]).kind).toBe("ok");
  });

  test("sequential appends and reads", () => {
    const h = [ap(1, 0, 2, "a;", "a;"), rd(2, 3, 4, "a;"), ap(2, 5, 6, "b;", "a;b;"), rd(1, 7, 8, "a;b;")];
    expect(checkLinearizability(h)).toEqual({ kind: "ok", steps: expect.any(Number) as number });
  });

  test("overlapping appends may take effect in the opposite order of their invokes", () => {
    // B is invoked after A but, overlapping it, takes effect first.
    const h = [ap(1, 0, 10, "a;", "b;a;"), ap(2, 2, 5, "b;", "b;"), rd(3, 11, 12, "b;a;")];
    expect(linearizabilityViolation(h)).toBeUndefined();
  });

  test("a read overlapping an append may see it or not", () => {
    const h = [ap(1, 0, 10, "a;", "a;"), rd(2, 1, 2, ""), rd(3, 3, 4, "a;"), rd(2, 5, 6, "a;")];
    expect(linearizabilityViolation(h)).toBeUndefined();
  });

  test("an append answered at tick 5 and a read invoked at tick 5 overlap", () => {
    expect(linearizabilityViolation([ap(1, 1, 5, "a;", "a;"), rd(2, 5, 6, "")])).toBeUndefined();
  });

  test("a pending append that took effect (a later reply contains it)", () => {
    const h = [ap(1, 0, undefined, "p;"), ap(2, 4, 6, "b;", "p;b;"), rd(3, 7, 8, "p;b;")];
    expect(linearizabilityViolation(h)).toBeUndefined();
  });

  test("a pending append that never took effect", () => {
    const h = [ap(1, 0, undefined, "p;"), ap(2, 4, 6, "b;", "b;"), rd(3, 7, 8, "b;")];
    expect(linearizabilityViolation(h)).toBeUndefined();
  });

  test("pending appends that took effect in the opposite order of their invokes", () => {
    const h = [ap(1, 0, undefined, "a;"), ap(2, 1, undefined, "b;"), rd(3, 10, 11, "b;a;")];
    expect(linearizabilityViolation(h)).toBeUndefined();
  });

  test("answered appends with unknown replies, in the opposite order of their invokes", () => {
    // The search first places A then B ("a;b;"), which the read refutes; it
    // must still try B then A, which reaches the same SET of placed ops with a
    // different value: a cache keyed on the set alone would wrongly skip it.
    const h = [ap(1, 0, 50, "a;"), ap(2, 1, 50, "b;"), rd(3, 60, 61, "b;a;")];
    expect(linearizabilityViolation(h)).toBeUndefined();
  });

  test("an answered append whose reply is unknown and that nobody read", () => {
    expect(linearizabilityViolation([ap(1, 0, 2, "a;"), rd(2, 0, 1, "")])).toBeUndefined();
  });

  test("many overlapping pending appends, some seen later, are placed without trying every order", () => {
    // Twelve clients give up on their appends; the reads show two of them took effect.
    const pend = Array.from({ length: 12 }, (_, i) => ap(i + 1, i, undefined, `p${i};`));
    const h = [...pend, ap(20, 20, 21, "a;", "p7;a;")];
    for (let i = 0; i < 20; i++) h.push(rd(21, 30 + 2 * i, 31 + 2 * i, "p7;a;"));
    h.push(rd(21, 80, 81, "p7;a;p3;"));
    const r = checkLinearizability(h, { maxSteps: 10_000 });
    expect(r.kind).toBe("ok");
  });

  test("keys are checked independently", () => {
    const h = [
      ap(1, 0, 2, "a;", "a;", "x"),
      ap(2, 1, 3, "b;", "b;", "y"),
      ap(1, 4, 5, "c;", "a;c;", "x"),
      rd(2, 6, 7, "b;", "y"),
    ];
    expect(linearizabilityViolation(h)).toBeUndefined();
  });

  test("replies unknown to the client constrain nothing", () => {
    const h = [ap(1, 0, 2, "a;"), ap(2, 3, 4, "b;"), rd(3, 5, 6, "a;b;"), rd(1, 7, undefined, undefined)];
    expect(linearizabilityViolation(h)).toBeUndefined();
  });
});

describe("violations are found and explained", () => {
  test("a stale read after a completed append", () => {
    const a = ap(1, 0, 2, "a;", "a;");
    const r = rd(2, 3, 4, "");
    const v = violation(checkLinearizability([a, r]));
    expect(v.key).toBe("x");
    expect(v.conflict).toEqual([a, r]);
    expect(v.minimal).toBe(true);
    expect(v.explanation).toContain(
      `A  c1#${a.seq} append "a;", invoked at tick 0, answered at tick 2, reply "a;"`,
    );
    expect(v.explanation).toContain(`B  c2#${r.seq} read, invoked at tick 3, answered at tick 4, saw ""`);
    expect(v.explanation).toContain("A before B: A was answered at tick 2, before B was invoked at tick 3");
    expect(v.explanation).toContain(`A -> B: B would read "a;", but it saw ""`);
  });

  test("an append whose reply misses an earlier completed append", () => {
    const a = ap(1, 0, 2, "a;", "a;");
    const b = ap(2, 3, 4, "b;", "b;");
    const v = violation(checkLinearizability([a, b]));
    expect(v.conflict).toEqual([a, b]);
    expect(v.explanation).toContain(`A -> B: B's reply would be "a;b;", but it was "b;"`);
  });

  test("two overlapping appends whose replies disagree on their order", () => {
    const a = ap(1, 0, 10, "a;", "b;a;");
    const b = ap(2, 0, 10, "b;", "a;b;");
    const v = violation(checkLinearizability([a, b]));
    expect(v.conflict).toEqual([a, b]);
    expect(v.explanation).toContain("All of them overlap in time");
  });

  test("a lost acknowledged append: a later read no longer contains it", () => {
    const a = ap(1, 0, 2, "a;", "a;");
    const b = ap(2, 3, 4, "b;", "a;b;");
    const r = rd(3, 5, 6, "b;");
    const v = violation(checkLinearizability([a, b, r]));
    expect(v.minimal).toBe(true);
    // A and the read suffice: A finished before the read began, yet the read lacks it.
    expect(v.conflict).toEqual([a, r]);
    expect(v.explanation).toContain(`saw "b;" (only the values listed here: "")`);
  });

  test("a pending append cannot take effect before it was invoked", () => {
    const p = ap(1, 10, undefined, "p;");
    const r = rd(2, 0, 5, "p;");
    const v = violation(checkLinearizability([p, r]));
    expect(v.conflict).toEqual([r, p]);
    expect(v.explanation).toContain("never answered (may or may not have taken effect)");
  });

  test("a long correct history with one stale read shrinks to the two ops that conflict", () => {
    const h: ClientOp[] = [];
    let value = "";
    for (let i = 0; i < 60; i++) {
      value += `v${i};`;
      h.push(ap(1 + (i % 3), 10 * i, 10 * i + 5, `v${i};`, value));
    }
    const last = h[h.length - 1];
    const stale = rd(4, 10 * 60, 10 * 60 + 1, value.slice(0, -"v59;".length));
    h.push(stale);
    const v = violation(checkLinearizability(h));
    expect(v.minimal).toBe(true);
    expect(v.conflict).toEqual([last, stale]);
  });

  test("a reply containing text no append wrote", () => {
    const a = ap(1, 0, 2, "a;", "a;zz;");
    const v = violation(checkLinearizability([a]));
    expect(v.conflict).toEqual([a]);
    expect(v.explanation).toContain(`contains "zz;" at position 2, which no append to this key wrote`);
  });

  test("a reply containing one append twice (applied twice)", () => {
    const a = ap(1, 0, 2, "a;", "a;");
    const b = ap(2, 3, 4, "b;", "a;a;b;");
    const v = violation(checkLinearizability([a, b]));
    expect(v.conflict).toEqual([b]);
    expect(v.explanation).toContain(`contains the value "a;" of c1#${a.seq} twice`);
  });

  test("the violation is reported on the key where it happened", () => {
    const h = [ap(1, 0, 2, "a;", "a;", "x"), ap(2, 0, 2, "b;", "b;", "y"), rd(3, 3, 4, "", "y")];
    expect(violation(checkLinearizability(h)).key).toBe("y");
  });

  test("without shrinking, the whole key is reported and marked not minimal", () => {
    const h = [ap(1, 0, 2, "a;", "a;"), ap(2, 3, 4, "b;", "a;b;"), rd(3, 5, 6, "")];
    const v = violation(checkLinearizability(h, { minimize: false }));
    expect(v.conflict).toHaveLength(3);
    expect(v.minimal).toBe(false);
  });

  test("linearizabilityViolation returns the explanation", () => {
    const msg = linearizabilityViolation([ap(1, 0, 2, "a;", "a;"), rd(2, 3, 4, "")]);
    expect(msg).toMatch(/^Key "x": the clients' results cannot come from any single order/);
  });
});

/**
 * A random linearizable history on one key: `clients` clients each run one op
 * at a time; every op takes effect at a random tick between its invoke and its
 * response, and the replies come from that order. About 4% of ops are left
 * pending (half of them took effect); their client stops there, as a
 * simulator client that never hears back does.
 */
function generated(seed: number, total: number, clients = 5): ClientOp[] {
  const rng = new Rng(seed);
  const ops: { op: ClientOp; at: number | undefined; tie: number }[] = [];
  const clock = Array.from({ length: clients }, () => rng.int(0, 5));
  const stopped = new Set<number>();
  for (let i = 0; i < total; i++) {
    const live = [...clock.keys()].filter((c) => !stopped.has(c));
    const c = live.reduce((a, b) => (clock[b] < clock[a] ? b : a));
    const invoke = clock[c];
    const at = invoke + rng.int(0, 8);
    const response = at + rng.int(0, 8);
    const pending = live.length > 1 && rng.chance(0.04);
    const op: ClientOp =
      rng.chance(0.2) && !pending
        ? { client: c + 1, seq: i, invoke, response, kind: "read", key: "x" }
        : { client: c + 1, seq: i, invoke, response, kind: "append", key: "x", value: `${c + 1}.${i};` };
    if (pending) {
      op.response = undefined;
      stopped.add(c);
    }
    ops.push({ op, at: pending && rng.chance(0.5) ? undefined : at, tie: rng.next() });
    clock[c] = response + rng.int(1, 4);
  }
  let value = "";
  for (const o of [...ops].filter((x) => x.at !== undefined).sort((a, b) => a.at! - b.at! || a.tie - b.tie)) {
    if (o.op.kind === "append") value += o.op.value;
    if (o.op.response !== undefined) o.op.output = value;
  }
  return ops.map((o) => o.op);
}

describe("generated histories", () => {
  test.each([1, 2, 3])(
    "a 300-op history on one key (seed %i) is linearizable, in few search steps",
    (seed) => {
      const h = generated(seed, 300);
      expect(h.filter((o) => o.response === undefined).length).toBeGreaterThan(0);
      const r = checkLinearizability(h);
      expect(r.kind).toBe("ok");
      // Answered appends pin the value, so the search stays near-linear.
      expect(r.steps).toBeLessThan(20 * h.length);
    },
  );

  test("the same history with one acknowledged append lost later is a small violation", () => {
    const h = generated(1, 300);
    const lost = h.find((o, i) => i > 150 && o.kind === "append" && o.response !== undefined)!;
    // Every reply answered well after `lost` no longer contains its value.
    for (const o of h) {
      if (o.output !== undefined && o.invoke > lost.response! + 20)
        o.output = o.output.replace(lost.value!, "");
    }
    const v = violation(checkLinearizability(h));
    expect(v.minimal).toBe(true);
    expect(v.conflict).toContain(lost);
    expect(v.conflict.length).toBeLessThanOrEqual(3);
  });
});

/** The definition, by brute force: some subset of the pending ops plus all answered ops, in some order. */
function bruteForce(h: readonly ClientOp[]): boolean {
  const answered = h.filter((o) => o.response !== undefined);
  const pending = h.filter((o) => o.response === undefined);
  const orders = (xs: ClientOp[]): ClientOp[][] =>
    xs.length === 0 ? [[]] : xs.flatMap((x, i) => orders(xs.filter((_, j) => j !== i)).map((r) => [x, ...r]));
  for (let mask = 0; mask < 1 << pending.length; mask++) {
    const used = [...answered, ...pending.filter((_, i) => (mask & (1 << i)) !== 0)];
    for (const order of orders(used)) {
      const keepsTime = order.every((b, j) => order.slice(j + 1).every((a) => !(a.response! < b.invoke)));
      if (!keepsTime) continue;
      const value = new Map<string, string>();
      const fits = order.every((o) => {
        const v = (value.get(o.key) ?? "") + (o.kind === "append" ? o.value! : "");
        value.set(o.key, v);
        return o.output === undefined || o.output === v;
      });
      if (fits) return true;
    }
  }
  return false;
}

/** The ops with every reply cut down to the values appended by these ops (values end in ";"). */
function restrictTo(ops: readonly ClientOp[]): ClientOp[] {
  const kept = new Set(ops.filter((o) => o.kind === "append").map((o) => o.value!));
  const cut = (s: string): string => (s.match(/[^;]*;/g) ?? []).filter((t) => kept.has(t)).join("");
  return ops.map((o) => (o.output === undefined ? o : { ...o, output: cut(o.output) }));
}

describe("agrees with the definition on small random histories", () => {
  test("500 seeded histories of up to 6 ops, with reads, pending ops and tampered replies", () => {
    const rng = new Rng(42);
    const verdicts = { ok: 0, violation: 0 };
    for (let n = 0; n < 500; n++) {
      const size = rng.int(2, 6);
      const h: ClientOp[] = [];
      const effect: number[] = [];
      for (let i = 0; i < size; i++) {
        const invoke = rng.int(0, 12);
        const at = invoke + rng.int(0, 4);
        const response = at + rng.int(0, 4);
        const key = rng.chance(0.8) ? "x" : "y";
        const op: ClientOp = rng.chance(0.3)
          ? { client: i + 1, invoke, response, kind: "read", key }
          : {
              client: i + 1,
              invoke,
              response,
              kind: "append",
              key,
              value: `${String.fromCharCode(97 + i)};`,
            };
        const pending = rng.chance(0.25);
        if (pending) op.response = undefined;
        effect.push(pending && rng.chance(0.5) ? Infinity : at + rng.next());
        h.push(op);
      }
      const value = new Map<string, string>();
      for (const i of [...h.keys()].sort((a, b) => effect[a] - effect[b])) {
        const o = h[i];
        if (effect[i] === Infinity) continue;
        const v = (value.get(o.key) ?? "") + (o.kind === "append" ? o.value! : "");
        value.set(o.key, v);
        if (o.response !== undefined && !rng.chance(0.1)) o.output = v;
      }
      if (rng.chance(0.5)) {
        // Tamper with one reply: another op's reply, or this one cut short.
        const withReply = h.filter((o) => o.output !== undefined);
        if (withReply.length > 0) {
          const o = rng.pick(withReply);
          const other = rng.pick(h.filter((x) => x.key === o.key && x.output !== undefined));
          o.output = rng.chance(0.5) ? other.output : o.output!.slice(0, o.output!.length - 2);
        }
      }
      const expected = bruteForce(h);
      const r = checkLinearizability(h);
      if (r.kind === "budget-exceeded") throw new Error(`budget exceeded on ${JSON.stringify(h)}`);
      if ((r.kind === "ok") !== expected) {
        throw new Error(
          `checker says ${r.kind}, the definition says ${expected ? "ok" : "violation"}: ${JSON.stringify(h)}`,
        );
      }
      if (r.kind === "violation") {
        // The conflicting set alone (replies cut to its own values) is a
        // violation too, and without any one of its ops it is not.
        expect(r.conflict.every((o) => h.includes(o))).toBe(true);
        expect(r.minimal).toBe(true);
        expect(bruteForce(restrictTo(r.conflict))).toBe(false);
        for (const o of r.conflict)
          expect(bruteForce(restrictTo(r.conflict.filter((x) => x !== o)))).toBe(true);
      }
      verdicts[r.kind]++;
    }
    // Both outcomes are common, so agreement means something.
    expect(verdicts.ok).toBeGreaterThan(100);
    expect(verdicts.violation).toBeGreaterThan(100);
  });
});

describe("the search is bounded", () => {
  test("memoisation: overlapping reads placed in any order reach one cached state", () => {
    // Nine overlapping reads of "" and one read of a value nobody wrote: without
    // the cache the search would try all 9! orders of the reads before giving up.
    const h = [...Array.from({ length: 9 }, (_, i) => rd(i + 1, 0, 100, "")), rd(10, 0, 100, "q;")];
    const v = violation(checkLinearizability(h, { maxSteps: 100_000 }));
    expect(v.conflict).toEqual([h[9]]);
  });

  // Twelve overlapping appends whose replies are unknown, then a read of a
  // value none of them makes: every order of them is a candidate, far beyond
  // the budget.
  const hard = (): ClientOp[] => {
    const h: ClientOp[] = [];
    for (let i = 0; i < 12; i++) h.push(ap(i + 1, i, 50, `p${i};`));
    h.push(rd(99, 100, 101, "nobody wrote this"));
    return h;
  };

  test("a search over budget says so instead of hanging or claiming a violation", () => {
    const r = checkLinearizability(hard(), { maxSteps: 5000 });
    expect(r.kind).toBe("budget-exceeded");
    if (r.kind !== "budget-exceeded") return;
    expect(r.steps).toBe(5001);
    expect(r.explanation).toContain("this is not a violation");
  });

  test("linearizabilityViolation throws a typed error when over budget", () => {
    expect(() => linearizabilityViolation(hard(), { maxSteps: 5000 })).toThrow(SearchBudgetExceeded);
  });
});

describe("malformed histories get a typed error", () => {
  test.each<[string, ClientOp[], RegExp]>([
    ["duplicate value", [ap(1, 0, 1, "a;"), ap(2, 0, 1, "a;")], /values must be unique/],
    ["response before invoke", [ap(1, 5, 4, "a;")], /not before invoke 5/],
    ["empty value", [ap(1, 0, 1, "")], /non-empty value/],
    ["unknown kind", [{ ...rd(1, 0, 1, ""), kind: "write" as "read" }], /kind must be/],
  ])("%s", (_name, h, msg) => {
    expect(() => checkLinearizability(h)).toThrow(HistoryInputError);
    expect(() => checkLinearizability(h)).toThrow(msg);
  });
});

describe("deriveClientOps: client replies from the applied log", () => {
  const op = (c: number, s: number, k: string): AppliedOp => ({ c, s, k, v: `${c}.${s};` });

  test("each answered call's reply is its key's value right after its first application", () => {
    const log = [op(1, 1, "x"), undefined, op(2, 1, "x"), op(1, 1, "x"), op(1, 2, "y"), op(3, 1, "x")];
    const records: ClientRecord[] = [
      { client: 1, seq: 1, invoke: 0, response: 3 },
      { client: 2, seq: 1, invoke: 1, response: 4 },
      { client: 1, seq: 2, invoke: 5, response: 8 },
      { client: 3, seq: 1, invoke: 6 }, // applied, but the client never heard back
      { client: 4, seq: 1, invoke: 7, key: "y", value: "4.1;" }, // never applied
      { client: 5, seq: 1, invoke: 7 }, // never applied, key unknown: left out
    ];
    expect(deriveClientOps(log, records)).toEqual([
      { client: 1, seq: 1, invoke: 0, response: 3, kind: "append", key: "x", value: "1.1;", output: "1.1;" },
      {
        client: 2,
        seq: 1,
        invoke: 1,
        response: 4,
        kind: "append",
        key: "x",
        value: "2.1;",
        output: "1.1;2.1;",
      },
      { client: 1, seq: 2, invoke: 5, response: 8, kind: "append", key: "y", value: "1.2;", output: "1.2;" },
      { client: 3, seq: 1, invoke: 6, kind: "append", key: "x", value: "3.1;" },
      { client: 4, seq: 1, invoke: 7, kind: "append", key: "y", value: "4.1;" },
    ]);
  });

  test("a log order that respects real time is linearizable", () => {
    const log = [op(1, 1, "x"), op(2, 1, "x"), op(1, 2, "x")];
    const records: ClientRecord[] = [
      { client: 1, seq: 1, invoke: 0, response: 4 },
      { client: 2, seq: 1, invoke: 2, response: 6 },
      { client: 1, seq: 2, invoke: 5, response: 9 },
    ];
    expect(linearizabilityViolation(deriveClientOps(log, records))).toBeUndefined();
  });

  test("a log order against real time is a violation", () => {
    // c2#1 was answered at tick 3, before c1#1 was invoked at tick 5, yet the log put c1#1 first.
    const log = [op(1, 1, "x"), op(2, 1, "x")];
    const records: ClientRecord[] = [
      { client: 1, seq: 1, invoke: 5, response: 7 },
      { client: 2, seq: 1, invoke: 0, response: 3 },
    ];
    const v = violation(checkLinearizability(deriveClientOps(log, records)));
    expect(v.conflict.map((o) => o.client)).toEqual([2, 1]);
    expect(v.explanation).toContain(`A -> B: A's reply would be "2.1;", but it was "1.1;2.1;"`);
  });

  test.each<[string, (AppliedOp | undefined)[], ClientRecord[], RegExp]>([
    ["answered but never applied", [], [{ client: 1, seq: 1, invoke: 0, response: 2 }], /never applies it/],
    ["applied but never invoked", [op(1, 1, "x")], [], /log index 1 applies c1#1, which no client invoked/],
    [
      "recorded twice",
      [],
      [
        { client: 1, seq: 1, invoke: 0 },
        { client: 1, seq: 1, invoke: 1 },
      ],
      /recorded twice/,
    ],
    [
      "sent another value",
      [op(1, 1, "x")],
      [{ client: 1, seq: 1, invoke: 0, value: "zz" }],
      /sent value "zz"/,
    ],
  ])("%s is a typed error", (_name, log, records, msg) => {
    expect(() => deriveClientOps(log, records)).toThrow(HistoryInputError);
    expect(() => deriveClientOps(log, records)).toThrow(msg);
  });
});
