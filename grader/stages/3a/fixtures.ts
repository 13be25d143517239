// Small builders and checks shared by the stage 3A tests.

import { ConfChange, ConfChangeType, Entry } from "@raft/eraftpb";

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
