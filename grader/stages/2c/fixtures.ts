// Small builders shared by the stage 2C tests: snapshots, entries, and a
// storage whose snapshot can be made temporarily unavailable.

import { ConfState, Entry, Message, MessageType, Snapshot } from "@raft/eraftpb";
import { ErrSnapshotTemporarilyUnavailable } from "@raft/errors";
import { MemoryStorage } from "@raft/storage";

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
