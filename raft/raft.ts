// The Raft state machine: elections (2A), log replication (2B), snapshots (2C),
// membership change and leadership transfer (3A, extension).
//
// Raft never does I/O itself. Input comes in through step() (messages) and
// tick() (the logical clock); output goes out through public fields: `msgs`
// (the outbox) and `raftLog` (entries to persist and to apply). RawNode turns
// those into a Ready for the application.

import { Message } from "./eraftpb";
import { ConfigError, ErrProposalDropped, NotImplementedError } from "./errors";
import { RaftLog } from "./log";
import { Progress } from "./progress";
import { Storage } from "./storage";
import { None } from "./util";
// @solution-begin 2A
import { Entry, EntryType, MessageType } from "./eraftpb";
import { ErrCompacted } from "./errors";
import { newLog } from "./log";
import { newMessage, randomIntInclusive } from "./util";
// @solution-end
// @solution-begin 2C
import { Snapshot } from "./eraftpb";
import { ErrSnapshotTemporarilyUnavailable } from "./errors";
// @solution-end

// Stubs throw NotImplementedError until you write them.
export { ErrProposalDropped, None, NotImplementedError, Progress };

export enum StateType {
  Follower = 0,
  Candidate = 1,
  Leader = 2,
}

export interface Config {
  /** This node's id. Must not be 0 (0 means "no node"). */
  id: number;
  /** Every member's id, this node included. Used only when storage has no ConfState yet. */
  peers?: number[];
  /** Ticks a follower waits without hearing from a leader before it starts an election. */
  electionTick: number;
  /** Ticks between a leader's heartbeats. Must be smaller than electionTick. */
  heartbeatTick: number;
  /** Where the node reads its log, hard state and snapshot. */
  storage: Storage;
  /** The last applied index, when restarting. */
  applied?: number;
}

function isPositiveInteger(n: unknown): boolean {
  return typeof n === "number" && Number.isInteger(n) && n > 0;
}

/** Throws ConfigError, saying what is wrong, unless `c` describes a node that can work. */
export function validateConfig(c: Config): void {
  if (c === null || typeof c !== "object") {
    throw new ConfigError("a Config object is required");
  }
  if (c.id === None) {
    throw new ConfigError("id must not be 0 (0 means 'no node')");
  }
  if (!isPositiveInteger(c.id)) {
    throw new ConfigError(`id must be a positive whole number, got ${String(c.id)}`);
  }
  if (!isPositiveInteger(c.heartbeatTick)) {
    throw new ConfigError(`heartbeatTick must be a whole number above 0, got ${String(c.heartbeatTick)}`);
  }
  if (!isPositiveInteger(c.electionTick) || c.electionTick <= c.heartbeatTick) {
    throw new ConfigError(
      `electionTick must be a whole number above heartbeatTick (${c.heartbeatTick}), got ${String(c.electionTick)}`,
    );
  }
  if (c.storage === undefined || c.storage === null) {
    throw new ConfigError("storage is required (use new MemoryStorage() for a fresh node)");
  }
  if (c.peers !== undefined) {
    if (!Array.isArray(c.peers)) {
      throw new ConfigError("peers must be an array of node ids");
    }
    const seen = new Set<number>();
    for (const p of c.peers) {
      if (!isPositiveInteger(p)) {
        throw new ConfigError(`peers must hold positive whole ids (0 means 'no node'), got ${String(p)}`);
      }
      if (seen.has(p)) {
        throw new ConfigError(`peers lists node ${p} twice`);
      }
      seen.add(p);
    }
  }
  if (c.applied !== undefined && (!Number.isInteger(c.applied) || c.applied < 0)) {
    throw new ConfigError(`applied must be a whole number >= 0, got ${String(c.applied)}`);
  }
}

export class Raft {
  id = 0;
  term = 0;
  vote = 0;
  raftLog!: RaftLog;
  prs = new Map<number, Progress>();
  state = StateType.Follower;
  votes = new Map<number, boolean>();
  msgs: Message[] = [];
  lead = 0;
  heartbeatTimeout = 0;
  electionTimeout = 0;
  heartbeatElapsed = 0;
  electionElapsed = 0;
  leadTransferee = 0;
  pendingConfIndex = 0;

  // @solution-begin 2A
  /**
   * The election timeout for the current term, drawn at random in
   * [electionTimeout, 2 * electionTimeout - 1] so that nodes rarely time out
   * together and split the vote.
   */
  randomizedElectionTimeout = 0;
  // @solution-end

  /** Sends `to` a MsgAppend with the entries it lacks (or a snapshot). Returns true if it sent one. */
  sendAppend(to: number): boolean {
    // @solution-begin 2A
    const pr = this.prs.get(to);
    if (pr === undefined) {
      return false;
    }
    const prevIndex = pr.next - 1;
    let prevLogTerm: number;
    let entries: Entry[];
    try {
      prevLogTerm = this.raftLog.term(prevIndex);
      entries = this.raftLog.slice(pr.next, this.raftLog.lastIndex() + 1);
    } catch (e) {
      if (e instanceof ErrCompacted) {
        // The entries `to` needs are gone from our log: it needs a snapshot.
        return this.sendSnapshot(to, pr);
      }
      throw e;
    }
    this.msgs.push(
      newMessage({
        msgType: MessageType.MsgAppend,
        to,
        from: this.id,
        term: this.term,
        logTerm: prevLogTerm,
        index: prevIndex,
        entries,
        commit: this.raftLog.committed,
      }),
    );
    return true;
    // @solution-stub
    // // Send `to` the entries from its next index on, with the index and term of the entry
    // // before them so that it can check it holds the same history.
    // throw new NotImplementedError(`sendAppend(${to})`, "2A");
    // @solution-end
  }

  /** Sends `to` a heartbeat, which keeps its election timer from firing. */
  sendHeartbeat(to: number): void {
    // @solution-begin 2A
    // Commit only up to what `to` is known to hold: a follower must never
    // commit an entry it has that differs from ours.
    const pr = this.prs.get(to);
    const commit = pr === undefined ? 0 : Math.min(pr.match, this.raftLog.committed);
    this.msgs.push(
      newMessage({ msgType: MessageType.MsgHeartbeat, to, from: this.id, term: this.term, commit }),
    );
    // @solution-stub
    // // Tell `to` that this leader is alive (a MsgHeartbeat), so that it does not start an election.
    // throw new NotImplementedError(`sendHeartbeat(${to})`, "2A");
    // @solution-end
  }

  /** Advances the logical clock by one tick: election timeouts, or a leader's heartbeats. */
  tick(): void {
    // @solution-begin 2A
    if (this.state === StateType.Leader) {
      this.tickTransfer();
      this.heartbeatElapsed++;
      if (this.heartbeatElapsed >= this.heartbeatTimeout) {
        this.heartbeatElapsed = 0;
        this.step(newMessage({ msgType: MessageType.MsgBeat, from: this.id, to: this.id }));
      }
      return;
    }
    this.electionElapsed++;
    if (this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.step(newMessage({ msgType: MessageType.MsgHup, from: this.id, to: this.id }));
    }
    // @solution-stub
    // // Count one tick. A follower or candidate that has heard nothing for its (random) election
    // // timeout starts an election; a leader sends heartbeats every heartbeatTimeout ticks.
    // throw new NotImplementedError("tick", "2A");
    // @solution-end
  }

  /** Becomes a follower at `term`, following `lead` (None if unknown). */
  becomeFollower(term: number, lead: number): void {
    // @solution-begin 2A
    this.reset(term);
    this.state = StateType.Follower;
    this.lead = lead;
    // @solution-stub
    // // Become a follower of `lead` at `term`. The vote only resets when the term changes:
    // // a node may vote once per term, and a restart must not forget that vote.
    // throw new NotImplementedError(`becomeFollower(${term}, ${lead})`, "2A");
    // @solution-end
  }

  /** Starts a new term as a candidate that votes for itself. Sends nothing. */
  becomeCandidate(): void {
    // @solution-begin 2A
    this.reset(this.term + 1);
    this.state = StateType.Candidate;
    this.vote = this.id;
    this.votes.set(this.id, true);
    // @solution-stub
    // // Move to the next term as a candidate that votes for itself. Sending the vote requests is
    // // the job of the MsgHup handler, not of this method.
    // throw new NotImplementedError("becomeCandidate", "2A");
    // @solution-end
  }

  /** Becomes the leader of the current term and replicates a no-op entry of that term. */
  becomeLeader(): void {
    // @solution-begin 2A
    this.reset(this.term);
    this.state = StateType.Leader;
    this.lead = this.id;
    // `next` is where the log ends BEFORE the no-op, so that the first
    // MsgAppend to each follower carries the no-op.
    const last = this.raftLog.lastIndex();
    for (const pr of this.prs.values()) {
      pr.match = 0;
      pr.next = last + 1;
    }
    // @solution-stub
    // // Take the lead: set up every follower's Progress, append a no-op entry of the new term
    // // (it lets the leader commit entries of earlier terms) and send it to every follower.
    // throw new NotImplementedError("becomeLeader", "2A");
    // @solution-end
    // @solution-begin 3A
    // An earlier leader's configuration change may still be in the log, not
    // yet applied: accept no new one until everything up to here is applied.
    this.pendingConfIndex = last;
    // @solution-stub
    // // A configuration change from an earlier term may be in the log, not yet applied.
    // @solution-end
    // @solution-begin 2A
    this.appendEntries([
      Entry.fromPartial({ entryType: EntryType.EntryNormal, term: this.term, index: last + 1 }),
    ]);
    this.maybeCommit(); // a single voter commits at once
    this.bcastAppend();
    // @solution-end
  }

  /** The single entry point for every message, local or from a peer. */
  step(m: Message): void {
    // @solution-begin 2A
    // Term rules first. Term 0 marks a local message (MsgHup, MsgBeat,
    // MsgPropose, MsgTransferLeader): it skips them.
    if (m.term > this.term) {
      const fromLeader =
        m.msgType === MessageType.MsgAppend ||
        m.msgType === MessageType.MsgHeartbeat ||
        m.msgType === MessageType.MsgSnapshot;
      this.becomeFollower(m.term, fromLeader ? m.from : None);
    } else if (m.term !== 0 && m.term < this.term) {
      return; // from an old term: whatever it says is out of date
    }

    switch (m.msgType) {
      case MessageType.MsgHup:
        if (this.state !== StateType.Leader) {
          this.campaign();
        }
        return;
      case MessageType.MsgRequestVote:
        this.handleRequestVote(m);
        return;
      case MessageType.MsgAppend:
      case MessageType.MsgHeartbeat:
      case MessageType.MsgSnapshot:
        if (this.state === StateType.Leader) {
          return; // another leader in our own term cannot exist
        }
        this.followSender(m);
        if (m.msgType === MessageType.MsgAppend) {
          this.handleAppendEntries(m);
        } else if (m.msgType === MessageType.MsgHeartbeat) {
          this.handleHeartbeat(m);
        } else {
          this.handleSnapshot(m);
        }
        return;
    }

    switch (this.state) {
      case StateType.Leader:
        this.stepLeader(m);
        return;
      case StateType.Candidate:
        this.stepCandidate(m);
        return;
      case StateType.Follower:
        this.stepFollower(m);
        return;
    }
    // @solution-stub
    // // Apply the term rules (a higher term makes any node a follower; a lower one is out of
    // // date; term 0 means a local message), then handle m according to this.state.
    // throw new NotImplementedError(`step(${m.msgType})`, "2A");
    // @solution-end
  }

  /** A follower receiving a MsgAppend: checks it against its log, appends, and replies. */
  handleAppendEntries(m: Message): void {
    // @solution-begin 2A
    const log = this.raftLog;
    if (m.index < log.firstIndex() - 1) {
      // m.index is inside our snapshot, hence committed, hence the same as the
      // leader's. Tell the leader where our committed log ends.
      this.sendAppendResponse(m.from, false, log.committed);
      return;
    }
    if (!log.matchTerm(m.index, m.logTerm)) {
      // Not the same history: refuse, and hint where our log ends.
      this.sendAppendResponse(m.from, true, log.lastIndex());
      return;
    }
    // Skip the entries we already hold with the same term (a delayed or
    // repeated MsgAppend must never cut off entries after them), and replace
    // our log from the first one that differs.
    for (let k = 0; k < m.entries.length; k++) {
      const e = m.entries[k];
      if (!log.matchTerm(e.index, e.term)) {
        log.append(m.entries.slice(k));
        break;
      }
    }
    // The last index this message proved we share with the leader.
    const lastNew = m.index + m.entries.length;
    // @solution-stub
    // // Refuse unless your log holds the entry before the new ones (m.index) with term m.logTerm;
    // // otherwise append the entries you lack (never drop matching ones) and reply.
    // throw new NotImplementedError(`handleAppendEntries(${m.msgType})`, "2A");
    // @solution-end
    // @solution-begin 2B
    // Commit what the leader committed, but only as far as this message proved
    // our log matches the leader's (not up to our own lastIndex).
    log.commitTo(Math.min(m.commit, lastNew));
    // @solution-stub
    // // Learn the leader's commit index, but only up to the last entry this message checked.
    // @solution-end
    // @solution-begin 2A
    this.sendAppendResponse(m.from, false, lastNew);
    // @solution-end
  }

  /** A follower receiving a heartbeat: replies so that the leader knows it is alive. */
  handleHeartbeat(m: Message): void {
    // @solution-begin 2A
    this.msgs.push(
      newMessage({ msgType: MessageType.MsgHeartbeatResponse, to: m.from, from: this.id, term: this.term }),
    );
    // @solution-stub
    // // Reply with a MsgHeartbeatResponse: the leader uses it to catch up followers that lag.
    // throw new NotImplementedError(`handleHeartbeat(${m.msgType})`, "2A");
    // @solution-end
    // @solution-begin 2B
    this.raftLog.commitTo(m.commit);
    // @solution-stub
    // // The heartbeat's commit is safe to adopt: the leader never sends more than you hold.
    // @solution-end
  }

  /** A follower receiving a snapshot from the leader. */
  handleSnapshot(m: Message): void {
    // @solution-begin 2C
    const snap = m.snapshot;
    const meta = snap?.metadata;
    if (snap === undefined || meta === undefined || meta.index <= this.raftLog.committed) {
      // Not newer than what we already committed: installing it would move
      // commit backwards. Tell the leader how far we are instead.
      this.sendAppendResponse(m.from, false, this.raftLog.committed);
      return;
    }
    if (this.raftLog.matchTerm(meta.index, meta.term)) {
      // We already hold the snapshot's last entry, so everything up to it is
      // here: just commit it. Keep the entries after it: we may have told the
      // leader we store them, and it counts on that (Raft paper, section 7).
      // Confirm only the prefix the snapshot proves matches.
      this.raftLog.commitTo(meta.index);
      this.sendAppendResponse(m.from, false, meta.index);
      return;
    }
    this.raftLog.restore(snap);
    // The snapshot's membership replaces ours entirely.
    this.prs = new Map();
    for (const id of meta.confState?.nodes ?? []) {
      this.prs.set(id, new Progress(0, meta.index + 1));
    }
    this.sendAppendResponse(m.from, false, this.raftLog.lastIndex());
    // @solution-stub
    // // Install the leader's snapshot unless it is older than what you committed: reset your log
    // // to it, keep it for the application (pendingSnapshot), take its membership, and reply.
    // // If your log already holds the snapshot's last entry (same index and term), do not reset:
    // // commit up to it and keep the entries after it, which you may have acknowledged already.
    // throw new NotImplementedError(`handleSnapshot(${m.msgType})`, "2C");
    // @solution-end
  }

  /** Adds a member (when a configuration change entry is applied). Adding a member again changes nothing. */
  addNode(id: number): void {
    // @solution-begin 3A
    if (!this.prs.has(id)) {
      this.prs.set(id, new Progress(0, this.raftLog.lastIndex() + 1));
    }
    // @solution-stub
    // // Add `id` to the members, with a fresh Progress. Adding an existing member does nothing.
    // throw new NotImplementedError(`addNode(${id})`, "3A");
    // @solution-end
  }

  /** Removes a member (when a configuration change entry is applied). */
  removeNode(id: number): void {
    // @solution-begin 3A
    if (!this.prs.delete(id)) {
      return;
    }
    if (this.leadTransferee === id) {
      this.leadTransferee = None;
    }
    // A smaller membership needs a smaller quorum: entries may now be committed.
    if (this.state === StateType.Leader && this.maybeCommit()) {
      this.bcastAppend();
    }
    // @solution-stub
    // // Remove `id` from the members. The quorum shrinks, so a leader may now commit more
    // // entries (and must tell the followers).
    // throw new NotImplementedError(`removeNode(${id})`, "3A");
    // @solution-end
  }

  // @solution-begin 2A
  /** Starts a new term with fresh timers. The vote is forgotten only when the term changes. */
  private reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = None;
    }
    this.lead = None;
    this.votes = new Map();
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.randomizedElectionTimeout = randomIntInclusive(this.electionTimeout, 2 * this.electionTimeout - 1);
    this.leadTransferee = None; // (3A) a transfer never outlives a term change
  }

  /** A same-term MsgAppend, MsgHeartbeat or MsgSnapshot comes from this term's leader. */
  private followSender(m: Message): void {
    if (this.state === StateType.Candidate) {
      this.becomeFollower(this.term, m.from);
    } else {
      this.lead = m.from;
      this.electionElapsed = 0;
    }
  }

  /** MsgHup: become a candidate and ask every other member for its vote. */
  private campaign(): void {
    if (!this.prs.has(this.id)) {
      return; // not a member (removed, or not added yet): it must not disrupt the cluster
    }
    this.becomeCandidate();
    if (this.tallyVotes()) {
      return; // a single voter wins at once
    }
    const lastIndex = this.raftLog.lastIndex();
    const lastTerm = this.raftLog.term(lastIndex);
    for (const to of this.prs.keys()) {
      if (to !== this.id) {
        this.msgs.push(
          newMessage({
            msgType: MessageType.MsgRequestVote,
            to,
            from: this.id,
            term: this.term,
            index: lastIndex,
            logTerm: lastTerm,
          }),
        );
      }
    }
  }

  /** Grants the vote to one candidate per term, and only to one whose log is at least as up to date. */
  private handleRequestVote(m: Message): void {
    const lastIndex = this.raftLog.lastIndex();
    const lastTerm = this.raftLog.term(lastIndex);
    const upToDate = m.logTerm > lastTerm || (m.logTerm === lastTerm && m.index >= lastIndex);
    const free = this.vote === None || this.vote === m.from;
    const grant = this.state === StateType.Follower && free && upToDate;
    if (grant) {
      this.vote = m.from;
      this.electionElapsed = 0;
    }
    this.msgs.push(
      newMessage({
        msgType: MessageType.MsgRequestVoteResponse,
        to: m.from,
        from: this.id,
        term: this.term,
        reject: !grant,
      }),
    );
  }

  /** Counts the votes: a quorum of grants makes us leader, a quorum of rejections a follower. Returns true if decided. */
  private tallyVotes(): boolean {
    const quorum = Math.floor(this.prs.size / 2) + 1;
    let granted = 0;
    let rejected = 0;
    for (const [id, v] of this.votes) {
      if (!this.prs.has(id)) {
        continue;
      }
      if (v) {
        granted++;
      } else {
        rejected++;
      }
    }
    if (granted >= quorum) {
      this.becomeLeader();
      return true;
    }
    if (rejected >= quorum) {
      this.becomeFollower(this.term, None);
      return true;
    }
    return false;
  }

  private stepLeader(m: Message): void {
    switch (m.msgType) {
      case MessageType.MsgBeat:
        for (const to of this.prs.keys()) {
          if (to !== this.id) {
            this.sendHeartbeat(to);
          }
        }
        return;
      case MessageType.MsgPropose:
        this.handlePropose(m);
        return;
      case MessageType.MsgAppendResponse:
        this.handleAppendResponse(m);
        return;
      case MessageType.MsgHeartbeatResponse:
        this.handleHeartbeatResponse(m);
        return;
      case MessageType.MsgTransferLeader:
        this.handleTransferLeader(m);
        return;
    }
  }

  private stepCandidate(m: Message): void {
    switch (m.msgType) {
      case MessageType.MsgRequestVoteResponse:
        this.votes.set(m.from, !m.reject);
        this.tallyVotes();
        return;
      case MessageType.MsgPropose:
        throw new ErrProposalDropped(
          `node ${this.id} is a candidate in term ${this.term}: no leader to propose to`,
        );
    }
  }

  private stepFollower(m: Message): void {
    switch (m.msgType) {
      case MessageType.MsgPropose:
        throw new ErrProposalDropped(
          `node ${this.id} is a follower (leader: ${this.lead === None ? "unknown" : this.lead}); propose to the leader`,
        );
      case MessageType.MsgTransferLeader:
        this.handleTransferLeader(m);
        return;
      case MessageType.MsgTimeoutNow:
        this.handleTimeoutNow(m);
        return;
    }
  }

  private sendAppendResponse(to: number, reject: boolean, index: number): void {
    this.msgs.push(
      newMessage({
        msgType: MessageType.MsgAppendResponse,
        to,
        from: this.id,
        term: this.term,
        reject,
        index,
      }),
    );
  }

  /** The leader appends entries to its own log; its own Progress counts in the quorum. */
  private appendEntries(ents: Entry[]): void {
    const last = this.raftLog.append(ents);
    const pr = this.prs.get(this.id);
    if (pr !== undefined) {
      pr.match = last;
      pr.next = last + 1;
    }
  }

  private bcastAppend(): void {
    for (const to of this.prs.keys()) {
      if (to !== this.id) {
        this.sendAppend(to);
      }
    }
  }
  // @solution-end

  // @solution-begin 2B
  /** The leader takes a proposal: stamps it with its term and indexes, appends, sends. */
  private handlePropose(m: Message): void {
    if (m.entries.length === 0) {
      throw new ErrProposalDropped("a proposal needs at least one entry");
    }
    const last = this.raftLog.lastIndex();
    this.checkProposal(m, last + 1);
    const ents = m.entries.map((e, k): Entry => ({
      entryType: e.entryType,
      term: this.term,
      index: last + 1 + k,
      data: e.data,
    }));
    this.appendEntries(ents);
    this.maybeCommit(); // a single voter commits at once
    this.bcastAppend();
  }
  // @solution-stub
  // private handlePropose(m: Message): void {
  //   // The leader appends the proposed entries (with its term and the next indexes),
  //   // then sends them to every follower.
  // }
  // @solution-end

  // @solution-begin 2B
  /** The leader learns how far a follower's log matches its own. */
  private handleAppendResponse(m: Message): void {
    const pr = this.prs.get(m.from);
    if (pr === undefined) {
      return;
    }
    if (m.reject) {
      // Step back (never below what is known to match, nor below 1); jump
      // straight to the follower's end if its log is shorter. Retry at once.
      pr.next = Math.max(pr.match + 1, Math.min(pr.next - 1, m.index + 1));
      this.sendAppend(m.from);
      return;
    }
    if (m.index > pr.match) {
      pr.match = m.index;
    }
    pr.next = Math.max(pr.next, pr.match + 1);
    if (this.maybeCommit()) {
      this.bcastAppend(); // tell everyone the new commit index
    }
    this.maybeFinishTransfer(m.from);
  }

  /** Commits the largest index stored on a quorum, if that entry is from the current term. */
  private maybeCommit(): boolean {
    if (this.prs.size === 0) {
      return false;
    }
    // A plain loop: Array.from(iterable, fn) is several times slower, and this runs on every ack.
    const matches: number[] = [];
    for (const pr of this.prs.values()) {
      matches.push(pr.match);
    }
    matches.sort((a, b) => b - a);
    const n = matches[Math.floor(this.prs.size / 2)]; // a quorum holds at least n
    // Only an entry of our own term may be committed by counting copies (Raft
    // paper, 5.4.2); older entries are committed along with it.
    if (n > this.raftLog.committed && this.raftLog.term(n) === this.term) {
      this.raftLog.committed = n;
      return true;
    }
    return false;
  }
  // @solution-stub
  // private handleAppendResponse(m: Message): void {
  //   // Update the follower's Progress; on a rejection move `next` back and retry at once;
  //   // commit what a quorum holds and tell the followers.
  // }
  //
  // private maybeCommit(): boolean {
  //   // Commit the largest index a quorum holds (if its entry is of this term).
  //   return false;
  // }
  // @solution-end

  // @solution-begin 2B
  /** A heartbeat reply from a follower that lags is the cue to send it what it lacks. */
  private handleHeartbeatResponse(m: Message): void {
    const pr = this.prs.get(m.from);
    if (pr !== undefined && pr.match < this.raftLog.lastIndex()) {
      this.sendAppend(m.from);
    }
  }
  // @solution-stub
  // private handleHeartbeatResponse(m: Message): void {
  //   // A follower that replies but lags behind needs a MsgAppend.
  // }
  // @solution-end

  // @solution-begin 2C
  /** Sends `to` the latest snapshot from storage, when the entries it needs are compacted. */
  private sendSnapshot(to: number, pr: Progress): boolean {
    let snapshot: Snapshot;
    try {
      snapshot = this.raftLog.storage.snapshot();
    } catch (e) {
      if (e instanceof ErrSnapshotTemporarilyUnavailable) {
        return false; // storage is still building it: try again on a later send
      }
      throw e;
    }
    this.msgs.push(
      newMessage({ msgType: MessageType.MsgSnapshot, to, from: this.id, term: this.term, snapshot }),
    );
    // Go on from the snapshot; a rejection will move `next` back if it is lost.
    pr.next = (snapshot.metadata?.index ?? 0) + 1;
    return true;
  }
  // @solution-stub
  // private sendSnapshot(to: number, pr: Progress): boolean {
  //   // The entries `to` needs are compacted: send it storage's snapshot instead.
  //   return false;
  // }
  // @solution-end

  // @solution-begin 3A
  /**
   * Checks a proposal before the leader appends it (its entries will get
   * indexes from firstIndex on). Proposals wait while leadership is being
   * handed over; a configuration change is refused while an earlier one is
   * not applied yet (changing one member at a time is what keeps it safe).
   */
  private checkProposal(m: Message, firstIndex: number): void {
    if (this.leadTransferee !== None) {
      throw new ErrProposalDropped(`leadership is being transferred to node ${this.leadTransferee}`);
    }
    let confIndex = None;
    m.entries.forEach((e, k) => {
      if (e.entryType !== EntryType.EntryConfChange) {
        return;
      }
      if (confIndex !== None || this.pendingConfIndex > this.raftLog.applied) {
        throw new ErrProposalDropped(
          `a configuration change is still pending (index ${Math.max(confIndex, this.pendingConfIndex)} not applied yet)`,
        );
      }
      confIndex = firstIndex + k;
    });
    if (confIndex !== None) {
      this.pendingConfIndex = confIndex;
    }
  }

  /** MsgTransferLeader: a leader hands leadership over; a follower passes the request to its leader. */
  private handleTransferLeader(m: Message): void {
    const transferee = m.from;
    if (this.state === StateType.Follower) {
      if (this.lead !== None) {
        this.msgs.push(
          newMessage({ msgType: MessageType.MsgTransferLeader, to: this.lead, from: transferee }),
        );
      }
      return;
    }
    if (this.state !== StateType.Leader || !this.prs.has(transferee)) {
      return; // only members can lead; send a non-member nothing
    }
    if (this.leadTransferee === transferee) {
      return; // already under way
    }
    this.leadTransferee = None; // a new request replaces a pending one
    if (transferee === this.id) {
      return; // we already lead: that cancels any transfer
    }
    this.leadTransferee = transferee;
    this.electionElapsed = 0; // the transfer must end within an election timeout
    const pr = this.prs.get(transferee)!;
    if (pr.match === this.raftLog.lastIndex()) {
      this.sendTimeoutNow(transferee);
    } else {
      this.sendAppend(transferee); // catch it up first; its ack finishes the transfer
    }
  }

  /** Once the transferee holds our whole log, it may campaign at once. */
  private maybeFinishTransfer(from: number): void {
    const pr = this.prs.get(from);
    if (from === this.leadTransferee && pr !== undefined && pr.match === this.raftLog.lastIndex()) {
      this.sendTimeoutNow(from);
    }
  }

  private sendTimeoutNow(to: number): void {
    this.msgs.push(newMessage({ msgType: MessageType.MsgTimeoutNow, to, from: this.id, term: this.term }));
  }

  /** MsgTimeoutNow: the leader asks us to campaign now, without waiting for a timeout. */
  private handleTimeoutNow(m: Message): void {
    if (this.prs.has(this.id)) {
      this.campaign();
    }
  }

  /** A transfer that has not finished within an election timeout is given up. */
  private tickTransfer(): void {
    this.electionElapsed++;
    if (this.electionElapsed >= this.electionTimeout) {
      this.electionElapsed = 0;
      this.leadTransferee = None;
    }
  }
  // @solution-stub
  // private checkProposal(m: Message, firstIndex: number): void {
  //   // Refuse a configuration change while an earlier one is not applied yet.
  // }
  //
  // private handleTransferLeader(m: Message): void {
  //   // Leadership transfer to m.from (a follower passes the request to its leader).
  // }
  //
  // private maybeFinishTransfer(from: number): void {
  //   // A transferee that has caught up gets a MsgTimeoutNow.
  // }
  //
  // private handleTimeoutNow(m: Message): void {
  //   // A member campaigns at once.
  // }
  //
  // private tickTransfer(): void {
  //   // Optional: give up a transfer that takes too long.
  // }
  // @solution-end
}

/** Creates a Raft node from `c`: its log, term, vote and commit come from c.storage. */
export function newRaft(c: Config): Raft {
  validateConfig(c);
  // @solution-begin 2A
  const r = new Raft();
  r.id = c.id;
  r.electionTimeout = c.electionTick;
  r.heartbeatTimeout = c.heartbeatTick;
  r.raftLog = newLog(c.storage);
  const { hardState, confState } = c.storage.initialState();
  r.term = hardState.term;
  r.vote = hardState.vote;
  if (c.applied !== undefined && c.applied > 0) {
    const log = r.raftLog;
    if (c.applied > log.committed || c.applied < log.firstIndex() - 1) {
      throw new ConfigError(
        `applied (${c.applied}) must lie between the snapshot index (${log.firstIndex() - 1}) and the commit index (${log.committed})`,
      );
    }
    log.applied = c.applied;
  }
  // A restarted node takes its membership from storage, a new one from the config.
  const peers = confState.nodes.length > 0 ? confState.nodes : (c.peers ?? []);
  const next = r.raftLog.lastIndex() + 1;
  for (const id of peers) {
    r.prs.set(id, new Progress(0, next));
  }
  r.becomeFollower(r.term, None);
  return r;
  // @solution-stub
  // // Build the node: its log over c.storage, its term, vote and commit from the stored hard state,
  // // its members (from storage, else c.peers), and a random election timeout.
  // throw new NotImplementedError("newRaft", "2A");
  // @solution-end
}
