// Tests of the linearizability checker on hand-made histories: ones that have
// a valid order (and so must pass) and ones that do not (and so must be
// reported, with a small conflicting set a student can read).

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
    // The search first places A then B ("a;b;"), which the read refutes; it
    // must still try B then A, which reaches the same SET of placed ops with a
    // different value: a cache keyed on the set alone would wrongly skip it.
    const h = [ap(1, 0, undefined, "a;"), ap(2, 1, undefined, "b;"), rd(3, 10, 11, "b;a;")];
    expect(linearizabilityViolation(h)).toBeUndefined();
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

describe("the search is bounded", () => {
  // Twelve overlapping appends nobody saw, then a read of a value none of them
  // makes: every subset in every order is a candidate, far beyond the budget.
  const hard = (): ClientOp[] => {
    const h: ClientOp[] = [];
    for (let i = 0; i < 12; i++) h.push(ap(i + 1, i, undefined, `p${i};`));
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
