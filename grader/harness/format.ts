// Prints Raft values the way the lab's docs write them, for failure messages
// a student can read: logs as [index:term] lists, messages as
// "MsgAppend 1→2 t3 index 4 logTerm 2 entries [5:3] commit 4".

import { Entry, EntryType, Message, MessageType, Snapshot } from "@raft/eraftpb";

const STATE_NAMES = ["Follower", "Candidate", "Leader"];

/** "Leader", "Follower", ... for a StateType value. */
export function fmtState(state: number): string {
  return STATE_NAMES[state] ?? `unknown state ${state}`;
}

/** "MsgAppend" for MessageType.MsgAppend. */
export function fmtType(t: MessageType): string {
  return MessageType[t] ?? `MessageType(${t})`;
}

function fmtData(data: Uint8Array | undefined): string {
  if (data === undefined || data.length === 0) return "";
  const text = Buffer.from(data).toString("utf8");
  const printable = /^[\x20-\x7e]*$/.test(text);
  return printable ? ` "${text.length > 24 ? text.slice(0, 21) + "..." : text}"` : ` <${data.length} bytes>`;
}

/** "3:2" or `3:2 "data"`; a conf change entry is marked "conf". */
export function fmtEntry(e: Entry): string {
  const conf = e.entryType === EntryType.EntryConfChange ? " conf" : "";
  return `${e.index}:${e.term}${conf}${fmtData(e.data)}`;
}

/** "[1:1, 2:1, 3:2]". Long logs are shortened in the middle. */
export function fmtLog(entries: readonly Entry[] | undefined): string {
  if (entries === undefined) return "undefined";
  if (entries === null) return "null";
  if (entries.length > 16) {
    const head = entries.slice(0, 6).map(fmtEntry);
    const tail = entries.slice(-6).map(fmtEntry);
    return `[${head.join(", ")}, ... ${entries.length - 12} more ..., ${tail.join(", ")}]`;
  }
  return `[${entries.map(fmtEntry).join(", ")}]`;
}

function fmtSnap(s: Snapshot | undefined): string {
  const m = s?.metadata;
  if (m === undefined) return "none";
  return `{index ${m.index}, term ${m.term}, nodes [${m.confState?.nodes.join(",") ?? ""}]}`;
}

/** One message on one line, naming only the fields that are not at their default. */
export function fmtMsg(m: Message): string {
  const parts = [`${fmtType(m.msgType)} ${m.from}→${m.to} t${m.term}`];
  if (m.index !== 0) parts.push(`index ${m.index}`);
  if (m.logTerm !== 0) parts.push(`logTerm ${m.logTerm}`);
  if (m.entries !== undefined && m.entries.length > 0) parts.push(`entries ${fmtLog(m.entries)}`);
  if (m.commit !== 0) parts.push(`commit ${m.commit}`);
  if (m.reject) parts.push("reject");
  if (m.snapshot !== undefined) parts.push(`snapshot ${fmtSnap(m.snapshot)}`);
  return parts.join(" ");
}

/** A list of messages, one per line, or "(none)". */
export function fmtMsgs(ms: readonly Message[]): string {
  if (ms.length === 0) return "(none)";
  return ms.map((m) => `  ${fmtMsg(m)}`).join("\n");
}
