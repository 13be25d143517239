// The Raft state machine. SKELETON: the reference implementation replaces the bodies below.

import { Message } from "./eraftpb";
import { ConfigError, ErrProposalDropped, NotImplementedError } from "./errors";
import { RaftLog } from "./log";
import { Progress } from "./progress";
import { Storage } from "./storage";
import { None } from "./util";

export { ErrProposalDropped, None, Progress };

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

export function validateConfig(c: Config): void {
  if (c.id === None) throw new ConfigError("id must not be 0");
  void c;
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

  sendAppend(to: number): boolean {
    throw new NotImplementedError(`sendAppend(${to})`, "2A");
  }
  sendHeartbeat(to: number): void {
    throw new NotImplementedError(`sendHeartbeat(${to})`, "2A");
  }
  tick(): void {
    throw new NotImplementedError("tick", "2A");
  }
  becomeFollower(term: number, lead: number): void {
    throw new NotImplementedError(`becomeFollower(${term}, ${lead})`, "2A");
  }
  becomeCandidate(): void {
    throw new NotImplementedError("becomeCandidate", "2A");
  }
  becomeLeader(): void {
    throw new NotImplementedError("becomeLeader", "2A");
  }
  step(m: Message): void {
    throw new NotImplementedError(`step(${m.msgType})`, "2A");
  }
  handleAppendEntries(m: Message): void {
    throw new NotImplementedError(`handleAppendEntries(${m.msgType})`, "2A");
  }
  handleHeartbeat(m: Message): void {
    throw new NotImplementedError(`handleHeartbeat(${m.msgType})`, "2A");
  }
  handleSnapshot(m: Message): void {
    throw new NotImplementedError(`handleSnapshot(${m.msgType})`, "2C");
  }
  addNode(id: number): void {
    throw new NotImplementedError(`addNode(${id})`, "3A");
  }
  removeNode(id: number): void {
    throw new NotImplementedError(`removeNode(${id})`, "3A");
  }
}

export function newRaft(c: Config): Raft {
  validateConfig(c);
  throw new NotImplementedError("newRaft", "2A");
}
