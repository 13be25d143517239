// Small builders shared by the stage 2C tests: snapshots, entries, and a
// storage whose snapshot can be made temporarily unavailable.

import { ConfState, Entry, Message, MessageType, Snapshot } from "@raft/eraftpb";
import { ErrSnapshotTemporarilyUnavailable, NotImplementedError, RaftError } from "@raft/errors";
import { MemoryStorage } from "@raft/storage";

import { GradeFailure } from "../../harness/assert";
import { fmtMsg } from "../../harness/format";

/** A snapshot with metadata only: index, term and members. */
export function snap(index: number, term: number, nodes: number[]): Snapshot {
  return Snapshot.fromPartial({ metadata: { index, term, confState: { nodes } } });
}

/** `{index, term, nodes}` of a snapshot, for comparisons that ignore `data`. */
export function snapMeta(
  s: Snapshot | undefined,
): { index: number; term: number; nodes: number[] } | undefined {
  const m = s?.metadata;
  if (m === undefined) return undefined;
  return { index: m.index, term: m.term, nodes: (m.confState ?? ConfState.create()).nodes.slice() };
}

/** Prints `snapMeta`. */
export function fmtSnapMeta(v: { index: number; term: number; nodes: number[] } | undefined): string {
  return v === undefined ? "no snapshot" : `{index ${v.index}, term ${v.term}, nodes [${v.nodes.join(",")}]}`;
}

/** "MsgSnapshot 1→2 ..." lines for a list, or "(none)". */
export function fmtList(ms: readonly Message[]): string {
  return ms.length === 0 ? "(none)" : ms.map(fmtMsg).join("; ");
}

/** Messages of one type. */
export function ofType(ms: readonly Message[], t: MessageType): Message[] {
  return ms.filter((m) => m.msgType === t);
}

/** Entry data as text, for messages. */
export function text(e: Entry): string {
  return Buffer.from(e.data).toString("utf8");
}

/**
 * A MemoryStorage whose snapshot() throws ErrSnapshotTemporarilyUnavailable
 * while `unavailable` is true, as a real application's storage does while it
 * is still building a snapshot.
 */
export class SlowSnapshotStorage extends MemoryStorage {
  unavailable = false;
  /** How many times snapshot() was called while unavailable. */
  refusals = 0;

  override snapshot(): Snapshot {
    if (this.unavailable) {
      this.refusals++;
      throw new ErrSnapshotTemporarilyUnavailable();
    }
    return super.snapshot();
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
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
 * Runs a direct call (such as handleSnapshot) like stepTolerant runs a step:
 * a lab error (RaftError) is a deliberate refusal and is swallowed; anything
 * else fails the test naming `what`.
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
