// Small helpers shared by the 2B test files: exact, readable views of logs
// and messages, so a comparison fails with "[1:1, 2:3]" rather than a JSON
// dump. Entries compare by index, term, type and data content (a Buffer and a
// Uint8Array with the same bytes are equal).

import { Entry, Message } from "@raft/eraftpb";
import { RaftLog } from "@raft/log";
import { Raft } from "@raft/raft";
import { check, checkEqual } from "../../harness/assert";
import { fmtEntry, fmtMsg, fmtMsgs, fmtState } from "../../harness/format";
import { entry, readMessages, sortMessages } from "../../harness/helpers";

export { entry as E };

/** "[1:1, 2:1 "x"]", never shortened (fmtLog shortens long logs; comparisons need every entry). */
export function logStr(entries: readonly Entry[] | undefined | null): string {
  if (entries === undefined) return "undefined";
  if (entries === null) return "null";
  return `[${entries.map(fmtEntry).join(", ")}]`;
}

/** "committed 2, applied 0, [1:1, 2:1]": what TinyKV's log comparisons look at. */
export function viewStr(l: RaftLog): string {
  return `committed ${l.committed}, applied ${l.applied}, ${logStr(l.allEntries())}`;
}

/** The view a log with these entries and commit index must have (applied 0). */
export function wantView(committed: number, entries: readonly Entry[]): string {
  return `committed ${committed}, applied 0, ${logStr(entries)}`;
}

/**
 * One message as text, every non-default field named. An empty snapshot on a
 * message that is not MsgSnapshot is treated as none (an encoding detail).
 */
export function msgStr(m: Message): string {
  const empty =
    m.snapshot !== undefined && (m.snapshot.metadata?.index ?? 0) === 0 && m.snapshot.data.length === 0;
  return fmtMsg({ ...m, entries: m.entries ?? [], snapshot: empty ? undefined : m.snapshot });
}

/** Compares a whole outbox (sorted by type, to, from) with the expected messages. */
export function checkOutbox(what: string, actual: readonly Message[], expected: readonly Message[]): void {
  const a = sortMessages(actual).map(msgStr);
  const e = sortMessages(expected).map(msgStr);
  checkEqual(what, a, e, (v) => (v.length === 0 ? "(none)" : "\n" + v.map((s) => `    ${s}`).join("\n")));
}

/** Checks that `r` queued exactly one message, and returns it (draining the outbox). */
export function onlyReply(r: Raft, what: string): Message {
  const out = readMessages(r);
  check(out.length === 1, () => `${what}: expected exactly one reply, got ${out.length}:\n${fmtMsgs(out)}`);
  return out[0];
}

/** "n1 Leader t3". */
export function stateStr(r: Raft): string {
  return `${fmtState(r.state)} t${r.term}`;
}

/** Text of an entry's data. */
export function dataText(e: Entry): string {
  return Buffer.from(e.data ?? new Uint8Array()).toString("utf8");
}

/** "ErrUnavailable: ..." for a thrown value, or "no error". */
export function errText(e: unknown): string {
  if (e === undefined) return "no error";
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return `a non-Error value ${JSON.stringify(e)}`;
}
