// Small helpers shared by the raft library, its tests and the grader.

import { ConfState, Entry, HardState, Message, MessageType, Snapshot } from "./eraftpb";

/** "No node": no leader known, no vote cast. */
export const None = 0;

/** True for the messages a node makes for itself and never sends over the network. */
export function isLocalMsg(t: MessageType): boolean {
  return (
    t === MessageType.MsgHup ||
    t === MessageType.MsgBeat ||
    t === MessageType.MsgPropose ||
    t === MessageType.MsgTransferLeader
  );
}

/** True for the messages that answer a request. */
export function isResponseMsg(t: MessageType): boolean {
  return (
    t === MessageType.MsgAppendResponse ||
    t === MessageType.MsgRequestVoteResponse ||
    t === MessageType.MsgHeartbeatResponse
  );
}

/** True when two hard states hold the same term, vote and commit. */
export function isHardStateEqual(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

/** True for the all-zero hard state, which means "nothing to save". */
export function isEmptyHardState(st: HardState): boolean {
  // Compared field by field: HardState.create() would allocate on every call.
  return st.term === 0 && st.vote === 0 && st.commit === 0;
}

/** True when the snapshot is absent or empty (index 0 means "no snapshot"). */
export function isEmptySnap(sp: Snapshot | undefined): boolean {
  return sp === undefined || sp.metadata === undefined || sp.metadata.index === 0;
}

/** The empty snapshot value used wherever "no snapshot" must be written down. */
export function emptySnapshot(): Snapshot {
  // The same value as Snapshot.create(), without going through fromPartial (every Ready needs one).
  return { data: new Uint8Array(0), metadata: undefined };
}

/** A uniformly random whole number in [lo, hi]. Uses Math.random, which the grader seeds. */
export function randomIntInclusive(lo: number, hi: number): number {
  return lo + Math.floor(Math.random() * (hi - lo + 1));
}

/** The ids in a membership map or list, sorted numerically (not as strings). */
export function sortedIds(ids: Iterable<number>): number[] {
  return Array.from(ids).sort((a, b) => a - b);
}

/** A ConfState listing the given ids in numeric order. */
export function confStateOf(ids: Iterable<number>): ConfState {
  return { nodes: sortedIds(ids) };
}

/** The index of the last entry in a non-empty list, or `fallback` when it is empty. */
export function lastIndexOf(entries: Entry[], fallback: number): number {
  return entries.length === 0 ? fallback : entries[entries.length - 1].index;
}

/** A complete Message with every field at its default, then the given fields. */
export function newMessage(fields: Partial<Message>): Message {
  // The same value as { ...Message.create(), ...fields }, without building a
  // message through fromPartial first: Raft makes one of these per message.
  // A field added to the proto makes this a compile error, so it cannot go stale.
  return {
    msgType: 0,
    to: 0,
    from: 0,
    term: 0,
    logTerm: 0,
    index: 0,
    entries: [],
    commit: 0,
    snapshot: undefined,
    reject: false,
    ...fields,
  };
}
