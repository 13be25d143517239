// Raft's safety properties, checked by the simulator after every event.
// Each check throws an InvariantViolation whose message names the nodes,
// terms and indexes involved, in words a student can follow.

import { Entry, Message, MessageType } from "@raft/eraftpb";
import { Raft, StateType } from "@raft/raft";
import { MemoryStorage } from "@raft/storage";
import { fmtMsg, fmtState } from "../harness/format";

/** The invariants, by name (the trace viewer and the reports use these). */
export const INVARIANTS = {
  electionSafety: "election safety",
  voteOnce: "one vote per term",
  termMonotonic: "monotonic term",
  logMatching: "log matching",
  leaderCompleteness: "leader completeness",
  committedDurable: "committed entries never change",
  ackedKept: "acknowledged entries are kept",
  stateMachineSafety: "state-machine safety",
  commitMonotonic: "monotonic commit",
  appliedMonotonic: "monotonic applied",
  appliedLeCommitted: "applied <= committed",
  readyContract: "Ready contract (persist before send)",
  liveness: "liveness after the faults stop",
  linearizability: "linearizability of the client history",
  implementation: "the implementation threw an error",
} as const;

export type InvariantName = (typeof INVARIANTS)[keyof typeof INVARIANTS];

export class InvariantViolation extends Error {
  constructor(
    readonly invariant: InvariantName,
    readonly detail: string,
    readonly nodes: number[],
    readonly tick: number,
  ) {
    super(`${invariant} violated at tick ${tick}: ${detail}`);
    this.name = "InvariantViolation";
  }
}

/** What the checker reads from one simulated node. */
export interface NodeView {
  id: number;
  up: boolean;
  raft: Raft | undefined;
  storage: MemoryStorage;
}

interface CommitRecord {
  term: number;
  node: number;
  tick: number;
  /** The observing node's term when it first saw the entry committed. */
  seenInTerm: number;
}

interface EntryRecord {
  node: number;
  prevTerm: number | undefined;
  data: Uint8Array;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function dataText(d: Uint8Array): string {
  if (d.length === 0) return "(empty)";
  const s = Buffer.from(d).toString("utf8");
  return JSON.stringify(s.length > 40 ? s.slice(0, 37) + "..." : s);
}

/** A number key for (index, term); terms stay far below 2^20 in a simulation. */
function key(index: number, term: number): number {
  return index * 1048576 + term;
}

/** Reads term(i) from a log, or undefined when the log cannot answer (compacted or missing). */
function termAt(r: Raft, i: number): number | undefined {
  try {
    return r.raftLog.term(i);
  } catch {
    return undefined;
  }
}

export interface CheckerOptions {
  /** Check logs, commits and applies (stage 2B and later); 2A checks elections only. */
  logs: boolean;
  /** Check the Ready contract against storage (RawNode runs). */
  readyContract: boolean;
}

export class Checker {
  tick = 0;
  private leaderOf = new Map<number, number>();
  private grants = new Map<string, number>();
  private lastTerm = new Map<number, number>();
  private lastState = new Map<number, number>();
  private lastCommit = new Map<number, number>();
  private lastApplied = new Map<number, number>();
  private committed = new Map<number, CommitRecord>();
  private maxCommitted = 0;
  private entries = new Map<number, EntryRecord>();
  private appliedAt = new Map<number, { term: number; data: Uint8Array; node: number }>();
  /** Per node: the highest index it acknowledged to a leader, and in which term. */
  private acked = new Map<number, { term: number; index: number; to: number; tick: number }>();

  constructor(readonly opts: CheckerOptions) {}

  private fail(inv: InvariantName, detail: string, nodes: number[]): never {
    throw new InvariantViolation(inv, detail, nodes, this.tick);
  }

  /** A node came back from a crash: its volatile baselines start over from what it loaded. */
  onRestart(id: number): void {
    this.lastCommit.delete(id);
    this.lastApplied.delete(id);
    this.lastTerm.delete(id);
    this.lastState.delete(id);
  }

  /** Cheap checks of every live node, plus the log of `touched` (the node the event changed). */
  afterEvent(nodes: readonly NodeView[], touched: number | undefined): void {
    for (const n of nodes) {
      if (!n.up || n.raft === undefined) continue;
      this.checkNode(n.id, n.raft);
    }
    if (this.opts.logs && touched !== undefined) {
      const n = nodes.find((x) => x.id === touched);
      if (n !== undefined && n.up && n.raft !== undefined) this.checkLog(n.id, n.raft);
    }
  }

  private checkNode(id: number, r: Raft): void {
    const term = r.term;
    const prevTerm = this.lastTerm.get(id);
    if (prevTerm !== undefined && term < prevTerm) {
      this.fail(INVARIANTS.termMonotonic, `n${id}'s term went back from ${prevTerm} to ${term}`, [id]);
    }
    this.lastTerm.set(id, term);
    const wasLeader = this.lastState.get(id) === StateType.Leader;
    this.lastState.set(id, r.state);
    if (r.state === StateType.Leader) {
      const other = this.leaderOf.get(term);
      if (other !== undefined && other !== id) {
        this.fail(
          INVARIANTS.electionSafety,
          `two leaders in term ${term}: n${other} and n${id} (a node may vote only once per term, and ` +
            `a leader needs a majority, so two majorities must share a voter who voted twice or forgot its vote)`,
          [other, id],
        );
      }
      this.leaderOf.set(term, id);
      if (!wasLeader && this.opts.logs) this.checkLeaderCompleteness(id, r);
    }
    if (!this.opts.logs) return;
    const log = r.raftLog;
    const commit = log.committed;
    const prevCommit = this.lastCommit.get(id);
    if (prevCommit !== undefined && commit < prevCommit) {
      this.fail(
        INVARIANTS.commitMonotonic,
        `n${id}'s committed index went back from ${prevCommit} to ${commit}`,
        [id],
      );
    }
    if (prevCommit !== undefined && commit > prevCommit) this.recordCommits(id, r, prevCommit, commit);
    // A leader counts an ack towards commitment, and never asks for those
    // entries again in its term: a follower that later drops them (say, by
    // discarding its whole log for a snapshot that ends inside it) leaves a
    // committed entry on fewer nodes than the leader counted.
    const ack = this.acked.get(id);
    if (ack !== undefined && ack.term === term && log.lastIndex() < ack.index) {
      this.fail(
        INVARIANTS.ackedKept,
        `n${id} told n${ack.to} (leader of term ${ack.term}) at tick ${ack.tick} that it holds entries up to ` +
          `${ack.index}, but now, still in term ${term}, its log ends at ${log.lastIndex()}; the leader counted ` +
          `those entries as stored here (if a snapshot ends inside your log with a matching term, keep the ` +
          `entries after it)`,
        [id, ack.to],
      );
    }
    this.lastCommit.set(id, commit);
    const applied = log.applied;
    const prevApplied = this.lastApplied.get(id);
    if (prevApplied !== undefined && applied < prevApplied) {
      this.fail(
        INVARIANTS.appliedMonotonic,
        `n${id}'s applied index went back from ${prevApplied} to ${applied}`,
        [id],
      );
    }
    this.lastApplied.set(id, applied);
    if (applied > commit) {
      this.fail(
        INVARIANTS.appliedLeCommitted,
        `n${id} has applied up to index ${applied} but only committed up to ${commit}`,
        [id],
      );
    }
  }

  private recordCommits(id: number, r: Raft, from: number, to: number): void {
    for (let i = from + 1; i <= to; i++) {
      const t = termAt(r, i);
      if (t === undefined) continue;
      const rec = this.committed.get(i);
      if (rec === undefined) {
        this.committed.set(i, { term: t, node: id, tick: this.tick, seenInTerm: r.term });
        if (i > this.maxCommitted) this.maxCommitted = i;
      } else if (rec.term !== t) {
        this.fail(
          INVARIANTS.committedDurable,
          `index ${i} was committed with term ${rec.term} (first seen committed on n${rec.node} at tick ${rec.tick}), ` +
            `but n${id} now commits index ${i} with term ${t}`,
          [rec.node, id],
        );
      }
    }
  }

  private checkLeaderCompleteness(id: number, r: Raft): void {
    for (const [i, rec] of this.committed) {
      if (rec.seenInTerm >= r.term) continue;
      const t = termAt(r, i);
      if (t === undefined) {
        // Compacted away (inside the leader's snapshot, hence committed there) or missing.
        if (i > r.raftLog.lastIndex()) {
          this.fail(
            INVARIANTS.leaderCompleteness,
            `n${id} became leader of term ${r.term} with last index ${r.raftLog.lastIndex()}, but index ${i} ` +
              `(term ${rec.term}) was already committed in term ${rec.seenInTerm} (seen on n${rec.node} at tick ${rec.tick})`,
            [id, rec.node],
          );
        }
        continue;
      }
      if (t !== rec.term) {
        this.fail(
          INVARIANTS.leaderCompleteness,
          `n${id} became leader of term ${r.term} holding ${i}:${t}, but ${i}:${rec.term} was already committed ` +
            `in term ${rec.seenInTerm} (seen on n${rec.node} at tick ${rec.tick}); a leader must hold every committed entry`,
          [id, rec.node],
        );
      }
    }
  }

  /** Log matching against every other node's entries seen so far, and committed entries unchanged. */
  private checkLog(id: number, r: Raft): void {
    const ents: Entry[] = r.raftLog.allEntries();
    const commit = r.raftLog.committed;
    let prev: number | undefined = ents.length > 0 ? termAt(r, ents[0].index - 1) : undefined;
    for (const e of ents) {
      const k = key(e.index, e.term);
      const rec = this.entries.get(k);
      const data = e.data ?? new Uint8Array();
      if (rec === undefined) {
        this.entries.set(k, { node: id, prevTerm: prev, data });
      } else {
        if (rec.prevTerm !== undefined && prev !== undefined && rec.prevTerm !== prev) {
          this.fail(
            INVARIANTS.logMatching,
            `n${rec.node} and n${id} both hold entry ${e.index}:${e.term} but disagree on the entry before it: ` +
              `${e.index - 1}:${rec.prevTerm} on n${rec.node}, ${e.index - 1}:${prev} on n${id} (two logs with the ` +
              `same index and term must be identical up to there; did an append skip the consistency check or ` +
              `keep a conflicting entry?)`,
            [rec.node, id],
          );
        }
        if (!sameBytes(rec.data, data)) {
          this.fail(
            INVARIANTS.logMatching,
            `n${rec.node} and n${id} hold different entries at ${e.index}:${e.term}: data ${dataText(rec.data)} ` +
              `vs ${dataText(data)} (one leader creates at most one entry per index in its term)`,
            [rec.node, id],
          );
        }
        if (rec.prevTerm === undefined && prev !== undefined) rec.prevTerm = prev;
      }
      if (e.index <= commit) {
        const c = this.committed.get(e.index);
        if (c !== undefined && c.term !== e.term) {
          this.fail(
            INVARIANTS.committedDurable,
            `index ${e.index} was committed with term ${c.term} (seen on n${c.node} at tick ${c.tick}), but ` +
              `n${id}, whose committed index is ${commit}, holds ${e.index}:${e.term} there`,
            [c.node, id],
          );
        }
      }
      prev = e.term;
    }
  }

  /** Called for each message a node sends, before the network sees it. */
  beforeSend(id: number, m: Message, storage: MemoryStorage | undefined): void {
    if (m.msgType === MessageType.MsgRequestVoteResponse && !m.reject) {
      const k = `${m.from}:${m.term}`;
      const prev = this.grants.get(k);
      if (prev !== undefined && prev !== m.to) {
        this.fail(
          INVARIANTS.voteOnce,
          `n${m.from} granted its vote in term ${m.term} to n${prev} and then to n${m.to} (a vote must be ` +
            `remembered, and persisted before the grant is sent, so it survives a restart)`,
          [m.from, prev, m.to],
        );
      }
      this.grants.set(k, m.to);
    }
    if (this.opts.logs && m.msgType === MessageType.MsgAppendResponse && !m.reject) {
      const prev = this.acked.get(id);
      if (prev === undefined || prev.term !== m.term || m.index > prev.index) {
        this.acked.set(id, { term: m.term, index: m.index, to: m.to, tick: this.tick });
      }
    }
    if (this.opts.readyContract && storage !== undefined) this.checkPersisted(id, m, storage);
  }

  private checkPersisted(id: number, m: Message, s: MemoryStorage): void {
    const hs = s.initialState().hardState;
    const why = (what: string): never =>
      this.fail(
        INVARIANTS.readyContract,
        `n${id} sent ${fmtMsg(m)} but its storage holds ${what} (term ${hs.term}, vote ${hs.vote}, last index ` +
          `${s.lastIndex()}); a Ready's hard state and entries must be saved before its messages go out, or a ` +
          `crash makes the node forget what it promised`,
        [id],
      );
    if (hs.term < m.term) why(`only term ${hs.term}`);
    const sameTerm = hs.term === m.term;
    switch (m.msgType) {
      case MessageType.MsgRequestVoteResponse:
        if (!m.reject && sameTerm && hs.vote !== m.to) why(`vote ${hs.vote}, not n${m.to}`);
        break;
      case MessageType.MsgRequestVote:
        if (sameTerm && hs.vote !== m.from) why(`vote ${hs.vote}, not its own`);
        break;
      case MessageType.MsgAppendResponse:
        if (!m.reject && m.index > s.lastIndex()) why(`entries only up to ${s.lastIndex()}, not ${m.index}`);
        break;
      default:
        break;
    }
  }

  /** A node's application applied `e`; `committed` is the node's committed index when it handed it out. */
  onApply(id: number, e: Entry, committed: number): void {
    if (e.index > committed) {
      this.fail(
        INVARIANTS.appliedLeCommitted,
        `n${id} handed entry ${e.index}:${e.term} to the application, but its committed index is only ${committed} ` +
          `(only committed entries may be applied)`,
        [id],
      );
    }
    const data = e.data ?? new Uint8Array();
    const prev = this.appliedAt.get(e.index);
    if (prev === undefined) {
      this.appliedAt.set(e.index, { term: e.term, data, node: id });
    } else if (prev.term !== e.term || !sameBytes(prev.data, data)) {
      this.fail(
        INVARIANTS.stateMachineSafety,
        `n${prev.node} applied ${e.index}:${prev.term} ${dataText(prev.data)} but n${id} applied ` +
          `${e.index}:${e.term} ${dataText(data)} at the same index`,
        [prev.node, id],
      );
    }
    const c = this.committed.get(e.index);
    if (c !== undefined && c.term !== e.term) {
      this.fail(
        INVARIANTS.stateMachineSafety,
        `n${id} applied ${e.index}:${e.term}, but index ${e.index} was committed with term ${c.term} ` +
          `(seen on n${c.node} at tick ${c.tick})`,
        [id, c.node],
      );
    }
  }

  /** The known leader of a term, for reports. */
  leaderOfTerm(term: number): number | undefined {
    return this.leaderOf.get(term);
  }

  describe(r: Raft): string {
    return `${fmtState(r.state)} t${r.term}`;
  }
}
