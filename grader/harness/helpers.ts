// Helpers shared by the graded tests (spec §4, "Helpers"). They build nodes
// and logs the way TinyKV's raft tests do, read and answer messages, and
// bound every loop so that a node that never does what a test waits for
// fails with a clear message instead of hanging the grader.
//
// They touch the implementation only through the public API (api.md), and
// import it as @raft/... so that the grader can point them at a submission.

import { Entry, EntryType, Message, MessageType } from "@raft/eraftpb";
import { NotImplementedError, RaftError } from "@raft/errors";
import { RaftLog } from "@raft/log";
import { Config, Raft, newRaft } from "@raft/raft";
import { MemoryStorage } from "@raft/storage";
import { GradeFailure } from "./assert";
import { fmtLog, fmtMsg, fmtMsgs } from "./format";

// ---------------------------------------------------------------------------
// Loop bounds

/** The most ticks any tick-until loop of the harness or a test may take. */
export const MAX_TICKS = 1000;

/** The most messages one `Network.send` may deliver. */
export const MAX_DELIVERIES = 100_000;

/**
 * The failure for a loop that did not finish. Jest cannot stop a synchronous
 * loop, so every loop that waits for the implementation to do something must
 * count and call this instead of spinning forever.
 */
export function gaveUp(
  n: number,
  unit: "ticks" | "deliveries" | "rounds" | "passes",
  waitingFor: string,
): never {
  throw new GradeFailure(
    `gave up after ${n} ${unit}: possible livelock or term-0 bug\n` +
      `  while waiting for: ${waitingFor}\n` +
      `  (a common cause: MsgHup/MsgBeat/MsgPropose carry term 0, and step ignores them as if they were stale)`,
  );
}

/**
 * Ticks `r` until `done()` holds, at most `max` times, and returns the number
 * of ticks taken (0 if `done()` already held). `waitingFor` describes the
 * condition for the failure message.
 */
export function tickUntil(
  r: { tick(): void },
  done: () => boolean,
  waitingFor: string,
  max = MAX_TICKS,
): number {
  let n = 0;
  while (!done()) {
    if (n >= max) gaveUp(n, "ticks", waitingFor);
    r.tick();
    n++;
  }
  return n;
}

// ---------------------------------------------------------------------------
// Building nodes

/** Anything that takes messages and queues its output in `msgs`: a Raft, a black hole, a test fake. */
export interface StateMachine {
  step(m: Message): void;
  msgs: Message[];
}

/** A change to a node's Config before it is built (TinyKV's configFunc). */
export type ConfigFn = (c: Config) => void;

/** A Config with exactly these five fields set (nothing else, in particular no `applied`). */
export function newTestConfig(
  id: number,
  peers: number[],
  electionTick: number,
  heartbeatTick: number,
  storage: MemoryStorage,
): Config {
  return { id, peers, electionTick, heartbeatTick, storage };
}

/** `newRaft(newTestConfig(...))`. */
export function newTestRaft(
  id: number,
  peers: number[],
  electionTick: number,
  heartbeatTick: number,
  storage: MemoryStorage,
): Raft {
  return newRaft(newTestConfig(id, peers, electionTick, heartbeatTick, storage));
}

/** [1, 2, ..., n]. */
export function idsBySize(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** An entry (EntryNormal unless told otherwise); `data` as text. */
export function entry(index: number, term: number, data = "", entryType = EntryType.EntryNormal): Entry {
  return { entryType, term, index, data: new TextEncoder().encode(data) };
}

/** Entries 1..n with the given terms: `entriesWithTerms(1, 2)` is [1:1, 2:2]. */
export function entriesWithTerms(...terms: number[]): Entry[] {
  return terms.map((t, i) => entry(i + 1, t));
}

/** The dummy entry that starts a MemoryStorage's raw array (index 0, term 0). */
export function dummyEntry(): Entry {
  return entry(0, 0);
}

/** A MemoryStorage whose raw entry array is `ents` (`ents[0]` is the dummy), zero hard state. */
export function storageWithEnts(ents: Entry[]): MemoryStorage {
  return MemoryStorage.withEntries(ents);
}

/**
 * TinyKV's `ents`: node `id` over a storage holding entry i+1 at `terms[i]`,
 * empty hard state, config peers [] / electionTick 5 / heartbeatTick 1 passed
 * through `cfgFn`; afterwards its term is set to the last term.
 */
export function ents(cfgFn: ConfigFn | null, id: number, ...terms: number[]): Raft {
  const storage = new MemoryStorage();
  storage.append(entriesWithTerms(...terms));
  const cfg = newTestConfig(id, [], 5, 1, storage);
  cfgFn?.(cfg);
  const r = newRaft(cfg);
  if (terms.length > 0) r.term = terms[terms.length - 1];
  return r;
}

/**
 * TinyKV's `voted`: node `id` over a storage with hard state {vote, term} and
 * no entries, config as in `ents`; afterwards its term is `term`.
 */
export function voted(cfgFn: ConfigFn | null, id: number, vote: number, term: number): Raft {
  const storage = new MemoryStorage();
  storage.setHardState({ term, vote, commit: 0 });
  const cfg = newTestConfig(id, [], 5, 1, storage);
  cfgFn?.(cfg);
  const r = newRaft(cfg);
  if (r.term !== term) r.term = term;
  return r;
}

// ---------------------------------------------------------------------------
// Messages

/** A complete message (C0): every field at its default, then `fields`. */
export function msg(fields: Partial<Message>): Message {
  return { ...Message.create(), ...fields };
}

/** `Hup→id`: the local message that makes node `id` start an election. */
export function hup(id: number): Message {
  return msg({ msgType: MessageType.MsgHup, from: id, to: id });
}

/** `Beat→id`: the local message that makes leader `id` send heartbeats. */
export function beat(id: number): Message {
  return msg({ msgType: MessageType.MsgBeat, from: id, to: id });
}

/** `Prop→id "data"`: a proposal of one EntryNormal (empty data if none given). */
export function prop(id: number, data = ""): Message {
  return msg({ msgType: MessageType.MsgPropose, from: id, to: id, entries: [entry(0, 0, data)] });
}

/** Returns the messages `r` has queued and empties its outbox. */
export function readMessages(r: { msgs: Message[] }): Message[] {
  const ms = r.msgs;
  r.msgs = [];
  return ms;
}

/** A copy of `ms` sorted numerically by message type, then `to`, then `from` (C24). */
export function sortMessages(ms: readonly Message[]): Message[] {
  return ms.slice().sort((a, b) => a.msgType - b.msgType || a.to - b.to || a.from - b.from);
}

/** Adds `context` to an error's message (and stack), unless the error object refuses changes. */
function withContext(e: Error, context: string): Error {
  try {
    const header = `${e.name}: ${e.message}`;
    e.message = `${e.message}\n  (${context})`;
    if (typeof e.stack === "string" && e.stack.startsWith(header)) {
      e.stack = `${e.name}: ${e.message}${e.stack.slice(header.length)}`;
    }
  } catch {
    // A frozen error keeps its own text; it still fails the test.
  }
  return e;
}

/**
 * Steps `m` into `sm`. A lab error (a RaftError subclass such as
 * ErrProposalDropped) is a deliberate refusal: it is swallowed and returned.
 * Anything else fails the test: NotImplementedError as it is (its message
 * names the missing function), any other error (a TypeError, a crash) with
 * the message that was being handled added to its text.
 */
export function stepTolerant(sm: { step(m: Message): void }, m: Message): RaftError | undefined {
  try {
    sm.step(m);
    return undefined;
  } catch (e) {
    if (e instanceof RaftError) return e;
    if (e instanceof NotImplementedError || e instanceof GradeFailure) throw e;
    if (e instanceof Error) throw withContext(e, `thrown while n${m.to} was stepping ${fmtMsg(m)}`);
    throw e;
  }
}

/**
 * TinyKV's test-side `nextEnts`: stores r's unstable entries in `s`, marks them
 * stable, takes the committed entries not yet applied and marks them applied.
 */
export function applyCommitted(r: Raft, s: MemoryStorage): Entry[] {
  s.append(r.raftLog.unstableEntries());
  r.raftLog.stabled = r.raftLog.lastIndex();
  const taken = r.raftLog.nextEnts();
  r.raftLog.applied = r.raftLog.committed;
  return taken;
}

/** The follower's acceptance of MsgAppend `m`: `AppendResponse m.to→m.from t(m.term) index m.index+len`. */
export function acceptAndReply(m: Message): Message {
  if (m.msgType !== MessageType.MsgAppend) {
    throw new GradeFailure(`acceptAndReply needs a MsgAppend, but got ${fmtMsg(m)}`);
  }
  return msg({
    msgType: MessageType.MsgAppendResponse,
    from: m.to,
    to: m.from,
    term: m.term,
    index: m.index + m.entries.length,
  });
}

/**
 * Makes leader `r` commit its no-op (C15): sends MsgAppend to every other
 * member, drains the whole outbox (with whatever becomeLeader sent), checks
 * each message is a MsgAppend carrying exactly one empty-data entry, steps
 * every follower's acceptance, discards what that produces, stores the
 * unstable entries in `s` and marks everything applied and stable.
 */
export function commitNoop(r: Raft, s: MemoryStorage): void {
  for (const id of nodes(r)) {
    if (id !== r.id) r.sendAppend(id);
  }
  const out = readMessages(r);
  for (const m of out) {
    const ok =
      m.msgType === MessageType.MsgAppend &&
      m.entries.length === 1 &&
      (m.entries[0].data === undefined || m.entries[0].data.length === 0);
    if (!ok) {
      throw new GradeFailure(
        `a new leader's outbox should hold only MsgAppends that each carry the no-op entry (one entry, empty data)\n` +
          `  n${r.id}'s outbox after becomeLeader and sendAppend to each peer:\n${fmtMsgs(out)}`,
      );
    }
  }
  for (const m of out) stepTolerant(r, acceptAndReply(m));
  readMessages(r);
  s.append(r.raftLog.unstableEntries());
  r.raftLog.applied = r.raftLog.committed;
  r.raftLog.stabled = r.raftLog.lastIndex();
}

// ---------------------------------------------------------------------------
// Views

/** The member ids of `r` (its `prs` keys) in numeric order. */
export function nodes(r: Raft): number[] {
  return Array.from(r.prs.keys()).sort((a, b) => a - b);
}

/** What a log comparison looks at: committed, applied and the entries (no dummy). */
export interface LogView {
  committed: number;
  applied: number;
  entries: Entry[];
}

/** `{committed, applied, entries: allEntries()}` of a RaftLog. */
export function logView(l: RaftLog): LogView {
  return { committed: l.committed, applied: l.applied, entries: l.allEntries() };
}

/** "committed 2, applied 0, [1:1, 2:1]". */
export function fmtLogView(v: LogView): string {
  return `committed ${v.committed}, applied ${v.applied}, ${fmtLog(v.entries)}`;
}
