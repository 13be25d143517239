// How a graded test makes a direct call into the implementation (such as
// handleSnapshot, maybeCompact or a RawNode method), outside Network.send.
// The stage 2C and 3A tests both need the same two rules, so they live here
// once: `strict` where the scenario allows no error at all, `tolerant` where a
// lab error is a legitimate refusal (as stepTolerant treats a step).

import { NotImplementedError, RaftError } from "@raft/errors";

import { GradeFailure } from "./assert";

/** "TypeError: x is undefined" for an Error, else the value as text. */
export function describeThrown(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return String(e);
  } catch {
    return "a non-Error value that cannot be printed";
  }
}

/**
 * Runs `fn` where the scenario allows no error at all; a throw fails the test
 * naming `what` (a NotImplementedError passes through as it is, so the grader
 * reports the missing function).
 */
export function strict<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof GradeFailure || e instanceof NotImplementedError) throw e;
    throw new GradeFailure(`${what} must not throw, but it threw ${describeThrown(e)}`);
  }
}

/**
 * Runs a direct call like stepTolerant runs a step: a lab error (RaftError,
 * such as ErrProposalDropped) is a deliberate refusal and is swallowed;
 * anything else fails the test naming `what`.
 */
export function tolerant(what: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof GradeFailure || e instanceof NotImplementedError) throw e;
    if (e instanceof RaftError) return;
    throw new GradeFailure(`${what} crashed with ${describeThrown(e)}`);
  }
}
