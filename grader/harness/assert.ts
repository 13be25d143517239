// Assertions whose failure messages speak Raft to a student: what was
// checked, what was expected and what happened. A graded test should fail
// through these (or through Jest's expect with a clear `what`), never through
// a bare `expect(false).toBe(true)`.

import { isDeepStrictEqual } from "node:util";

/** A failed check in a graded test. The runner shows its message as-is. */
export class GradeFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GradeFailure";
  }
}

/** Fails with `message` unless `cond` holds. */
export function check(cond: boolean, message: string | (() => string)): asserts cond {
  if (!cond) throw new GradeFailure(typeof message === "function" ? message() : message);
}

function show(v: unknown): string {
  if (typeof v === "string") return v;
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? Buffer.from(x).toString() : x));
}

/**
 * Fails unless `actual` deeply equals `expected`. `what` names the value in
 * Raft terms ("n1's term after the election"); `fmt` prints both sides.
 */
export function checkEqual<T>(what: string, actual: T, expected: T, fmt: (v: T) => string = show): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new GradeFailure(`${what}\n  expected: ${fmt(expected)}\n  actual:   ${fmt(actual)}`);
  }
}
