// RawNode: the application's handle on a Raft node.
//
// The application drives a node in a loop:
//
//   1. call tick() on a timer, step() for every message that arrives, and
//      propose() for new commands;
//   2. when hasReady() is true, take rd = ready() and handle it IN THIS ORDER:
//      a. if rd.snapshot is not empty, apply it to storage (applySnapshot);
//      b. append rd.entries to storage and save rd.hardState if it is not
//         all zero. This must happen BEFORE step c: a vote or an ack that
//         leaves the node before its term, vote and entries are on disk could
//         be forgotten in a crash, and Raft's safety would be lost;
//      c. send rd.messages;
//      d. apply rd.committedEntries to the state machine (and, for
//         configuration changes, call applyConfChange);
//   3. call advance(rd): the node then knows what was stored and applied.
//
// In this implementation ready() takes the messages out of the node's outbox,
// so a message is handed out exactly once; advance() records the rest.

import { ConfChange, ConfState, Entry, HardState, Message, Snapshot } from "./eraftpb";
import { ErrStepLocalMsg, ErrStepPeerNotFound, NotImplementedError } from "./errors";
import { Progress } from "./progress";
import { Config, Raft, StateType } from "./raft";
// @solution-begin 2B
import { EntryType, MessageType } from "./eraftpb";
import { newRaft } from "./raft";
import { emptySnapshot, isEmptyHardState, isEmptySnap, isHardStateEqual, newMessage } from "./util";
// @solution-end
// @solution-begin 3A
import { ConfChangeType } from "./eraftpb";
import { None, sortedIds } from "./util";
// @solution-end

// Stubs throw NotImplementedError until you write them.
export { ErrStepLocalMsg, ErrStepPeerNotFound, NotImplementedError };

/** The volatile state worth showing to the application: who leads, and this node's role. */
export interface SoftState {
  lead: number;
  raftState: StateType;
}

/**
 * What the node hands to the application in one round: state to persist,
 * messages to send, entries to apply. Empty parts are `[]`, an all-zero
 * hardState, an empty snapshot, or an undefined softState.
 */
export interface Ready {
  /** The leader and role, only when one of them changed since the last Ready. */
  softState?: SoftState;
  /** Term, vote and commit to save, only when one of them changed (else all zero). */
  hardState: HardState;
  /** Entries to append to storage before sending the messages. */
  entries: Entry[];
  /** A snapshot from the leader to apply to storage (empty when none is pending). */
  snapshot: Snapshot;
  /** Committed entries to apply to the state machine. */
  committedEntries: Entry[];
  /** Messages to send, after entries and hardState are saved. */
  messages: Message[];
}

export class RawNode {
  raft!: Raft;

  // @solution-begin 2B
  /** The soft and hard state the application last took (by advance): ready() reports changes only. */
  private prevSoftState: SoftState = { lead: 0, raftState: StateType.Follower };
  private prevHardState: HardState = HardState.create();

  private softState(): SoftState {
    return { lead: this.raft.lead, raftState: this.raft.state };
  }

  private hardState(): HardState {
    return { term: this.raft.term, vote: this.raft.vote, commit: this.raft.raftLog.committed };
  }

  private softStateChanged(): boolean {
    const s = this.prevSoftState;
    return s.lead !== this.raft.lead || s.raftState !== this.raft.state;
  }

  /** Records what the application now knows, so that the next Ready reports only what changes. */
  recordBaselines(): void {
    this.prevSoftState = this.softState();
    this.prevHardState = this.hardState();
  }
  // @solution-end

  /** Advances the node's logical clock by one tick. */
  tick(): void {
    // @solution-begin 2B
    this.raft.tick();
    // @solution-stub
    // // Pass the tick on to the Raft node.
    // throw new NotImplementedError("RawNode.tick", "2B");
    // @solution-end
  }

  /** Makes this node start an election now. */
  campaign(): void {
    // @solution-begin 2B
    this.raft.step(Message.fromPartial({ msgType: MessageType.MsgHup }));
    // @solution-stub
    // // Start an election, as if the election timeout had fired (a local MsgHup).
    // throw new NotImplementedError("RawNode.campaign", "2B");
    // @solution-end
  }

  /** Proposes one command to append to the log. Throws ErrProposalDropped if this node cannot take it. */
  propose(data: Uint8Array): void {
    // @solution-begin 2B
    // Built directly: Message.fromPartial would copy the entry once more on every proposal.
    const entry: Entry = { entryType: EntryType.EntryNormal, term: 0, index: 0, data };
    this.raft.step(newMessage({ msgType: MessageType.MsgPropose, from: this.raft.id, entries: [entry] }));
    // @solution-stub
    // // Step a local MsgPropose from this node that carries one normal entry with `data`.
    // throw new NotImplementedError(`RawNode.propose(${data.length} bytes)`, "2B");
    // @solution-end
  }

  /** Proposes a membership change; it takes effect when applied (applyConfChange). */
  proposeConfChange(cc: ConfChange): void {
    // @solution-begin 3A
    this.raft.step(
      Message.fromPartial({
        msgType: MessageType.MsgPropose,
        entries: [{ entryType: EntryType.EntryConfChange, data: ConfChange.encode(cc).finish() }],
      }),
    );
    // @solution-stub
    // // Like propose, with one EntryConfChange entry whose data is the encoded ConfChange.
    // throw new NotImplementedError(`RawNode.proposeConfChange(${cc.nodeId})`, "3A");
    // @solution-end
  }

  /** Applies a committed membership change and returns the new membership. */
  applyConfChange(cc: ConfChange): ConfState {
    // @solution-begin 3A
    if (cc.nodeId !== None) {
      switch (cc.changeType) {
        case ConfChangeType.AddNode:
          this.raft.addNode(cc.nodeId);
          break;
        case ConfChangeType.RemoveNode:
          this.raft.removeNode(cc.nodeId);
          break;
      }
    }
    return { nodes: sortedIds(this.raft.prs.keys()) };
    // @solution-stub
    // // Add or remove the node named in cc (nothing for node id 0), then return the members.
    // throw new NotImplementedError(`RawNode.applyConfChange(${cc.nodeId})`, "3A");
    // @solution-end
  }

  /** Steps a message that arrived from another node. */
  step(m: Message): void {
    // @solution-begin 2B
    if (m.msgType === MessageType.MsgHup || m.msgType === MessageType.MsgBeat) {
      throw new ErrStepLocalMsg(
        `RawNode.step: ${MessageType[m.msgType]} is made by the node itself, not sent to it`,
      );
    }
    const isResponse =
      m.msgType === MessageType.MsgAppendResponse ||
      m.msgType === MessageType.MsgRequestVoteResponse ||
      m.msgType === MessageType.MsgHeartbeatResponse;
    if (isResponse && !this.raft.prs.has(m.from)) {
      throw new ErrStepPeerNotFound(`RawNode.step: a response from node ${m.from}, which is not a member`);
    }
    this.raft.step(m);
    // @solution-stub
    // // Refuse the local messages MsgHup and MsgBeat and responses from non-members; step the rest.
    // throw new NotImplementedError(`RawNode.step(${m.msgType})`, "2B");
    // @solution-end
  }

  /** Collects what the application must handle now (see the loop at the top of this file). */
  ready(): Ready {
    // @solution-begin 2B
    const r = this.raft;
    const hs = this.hardState();
    const rd: Ready = {
      softState: this.softStateChanged() ? this.softState() : undefined,
      hardState: isHardStateEqual(hs, this.prevHardState) ? HardState.create() : hs,
      entries: r.raftLog.unstableEntries(),
      snapshot: r.raftLog.pendingSnapshot ?? emptySnapshot(),
      committedEntries: r.raftLog.nextEnts(),
      messages: r.msgs,
    };
    r.msgs = [];
    return rd;
    // @solution-stub
    // // Gather what changed since the last advance: soft and hard state (only if changed), entries
    // // to persist, a pending snapshot, committed entries to apply, and the messages to send.
    // throw new NotImplementedError("RawNode.ready", "2B");
    // @solution-end
  }

  /** True when ready() would hand out something to do. */
  hasReady(): boolean {
    // @solution-begin 2B
    const r = this.raft;
    const hs = this.hardState();
    return (
      this.softStateChanged() ||
      (!isEmptyHardState(hs) && !isHardStateEqual(hs, this.prevHardState)) ||
      r.raftLog.lastIndex() > r.raftLog.stabled ||
      r.raftLog.hasNextEnts() ||
      r.msgs.length > 0 ||
      r.raftLog.pendingSnapshot !== undefined
    );
    // @solution-stub
    // // True when there is anything to persist, send or apply.
    // throw new NotImplementedError("RawNode.hasReady", "2B");
    // @solution-end
  }

  /** Tells the node that the application has handled `rd`: stored its entries and applied its committed entries. */
  advance(rd: Ready): void {
    // @solution-begin 2B
    const log = this.raft.raftLog;
    if (rd.entries.length > 0) {
      const last = rd.entries[rd.entries.length - 1];
      log.stableTo(last.index, last.term);
    }
    if (rd.committedEntries.length > 0) {
      log.applied = Math.max(log.applied, rd.committedEntries[rd.committedEntries.length - 1].index);
    }
    if (rd.softState !== undefined) {
      this.prevSoftState = rd.softState;
    }
    if (!isEmptyHardState(rd.hardState)) {
      this.prevHardState = rd.hardState;
    }
    const pending = log.pendingSnapshot?.metadata?.index ?? 0;
    if (!isEmptySnap(rd.snapshot) && rd.snapshot.metadata!.index >= pending) {
      log.pendingSnapshot = undefined; // the application has it now (a newer one would stay)
    }
    // Entries that storage has compacted need not stay in memory.
    log.maybeCompact();
    // @solution-stub
    // // The application stored rd.entries and applied rd.committedEntries: move `stabled` and
    // // `applied`, remember the state it has seen, and drop the pending snapshot it took.
    // throw new NotImplementedError(`RawNode.advance(${rd.entries.length})`, "2B");
    // @solution-end
  }

  /** The leader's view of every member's log (empty on a follower or candidate). */
  getProgress(): Map<number, Progress> {
    // @solution-begin 2B
    const out = new Map<number, Progress>();
    if (this.raft.state === StateType.Leader) {
      for (const [id, pr] of this.raft.prs) {
        out.set(id, new Progress(pr.match, pr.next));
      }
    }
    return out;
    // @solution-stub
    // // On a leader, a copy of each member's Progress.
    // throw new NotImplementedError("RawNode.getProgress", "2B");
    // @solution-end
  }

  /** Asks the leader to hand leadership over to `transferee`. */
  transferLeader(transferee: number): void {
    // @solution-begin 3A
    this.raft.step(Message.fromPartial({ msgType: MessageType.MsgTransferLeader, from: transferee }));
    // @solution-stub
    // // Step a local MsgTransferLeader whose `from` is the transferee.
    // throw new NotImplementedError(`RawNode.transferLeader(${transferee})`, "3A");
    // @solution-end
  }
}

/** Creates a RawNode around a new Raft node built from `config`. */
export function newRawNode(config: Config): RawNode {
  // @solution-begin 2B
  const rn = new RawNode();
  rn.raft = newRaft(config);
  rn.recordBaselines();
  return rn;
  // @solution-stub
  // // Build the Raft node, and remember its starting soft and hard state so that the first
  // // Ready reports only what changes after that.
  // throw new NotImplementedError(`newRawNode(${config.id})`, "2B");
  // @solution-end
}
