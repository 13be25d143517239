// Small builders and checks shared by the stage 3A tests.

import { ConfChange, ConfChangeType, Entry } from "@raft/eraftpb";
import { NotImplementedError, RaftError } from "@raft/errors";

import { GradeFailure } from "../../harness/assert";

/** The encoded ConfChange, as an EntryConfChange entry carries it. */
export function ccData(cc: ConfChange): Uint8Array {
  return ConfChange.encode(cc).finish();
}

/** "AddNode(2)". */
export function fmtCc(cc: ConfChange): string {
  const kind = cc.changeType === ConfChangeType.RemoveNode ? "RemoveNode" : "AddNode";
  return `${kind}(${cc.nodeId})`;
}

/** "[1,2,3]". */
export function fmtIds(ids: number[]): string {
  return `[${ids.join(",")}]`;
}

/** Same index, term, type and data. */
export function sameEntryShape(a: Entry, b: Entry): boolean {
  return (
    a.index === b.index &&
    a.term === b.term &&
    a.entryType === b.entryType &&
    Buffer.from(a.data ?? []).equals(Buffer.from(b.data ?? []))
  );
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : "a non-Error value";
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
    throw new GradeFailure(`${what} must not throw, but it threw ${describe(e)}`);
  }
}

/**
 * Runs a RawNode call like stepTolerant runs a step: a lab error (RaftError,
 * such as ErrProposalDropped) is a deliberate refusal and is swallowed;
 * anything else fails the test naming `what`.
 */
export function tolerant(what: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof GradeFailure || e instanceof NotImplementedError) throw e;
    if (e instanceof RaftError) return;
    throw new GradeFailure(`${what} crashed with ${describe(e)}`);
  }
}
