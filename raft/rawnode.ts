// RawNode: the application's handle on a Raft node. SKELETON: the reference implementation replaces the bodies.

import { ConfChange, ConfState, Entry, HardState, Message, Snapshot } from "./eraftpb";
import { ErrStepLocalMsg, ErrStepPeerNotFound, NotImplementedError } from "./errors";
import { Progress } from "./progress";
import { Config, Raft, StateType } from "./raft";

export { ErrStepLocalMsg, ErrStepPeerNotFound };

/** The volatile state worth showing to the application: who leads, and this node's role. */
export interface SoftState {
  lead: number;
  raftState: StateType;
}

export interface Ready {
  softState?: SoftState;
  hardState: HardState;
  entries: Entry[];
  snapshot: Snapshot;
  committedEntries: Entry[];
  messages: Message[];
}

export class RawNode {
  raft!: Raft;

  tick(): void {
    throw new NotImplementedError("RawNode.tick", "2B");
  }
  campaign(): void {
    throw new NotImplementedError("RawNode.campaign", "2B");
  }
  propose(data: Uint8Array): void {
    throw new NotImplementedError(`RawNode.propose(${data.length} bytes)`, "2B");
  }
  proposeConfChange(cc: ConfChange): void {
    throw new NotImplementedError(`RawNode.proposeConfChange(${cc.nodeId})`, "3A");
  }
  applyConfChange(cc: ConfChange): ConfState {
    throw new NotImplementedError(`RawNode.applyConfChange(${cc.nodeId})`, "3A");
  }
  step(m: Message): void {
    throw new NotImplementedError(`RawNode.step(${m.msgType})`, "2B");
  }
  ready(): Ready {
    throw new NotImplementedError("RawNode.ready", "2B");
  }
  hasReady(): boolean {
    throw new NotImplementedError("RawNode.hasReady", "2B");
  }
  advance(rd: Ready): void {
    throw new NotImplementedError(`RawNode.advance(${rd.entries.length})`, "2B");
  }
  getProgress(): Map<number, Progress> {
    throw new NotImplementedError("RawNode.getProgress", "2B");
  }
  transferLeader(transferee: number): void {
    throw new NotImplementedError(`RawNode.transferLeader(${transferee})`, "3A");
  }
}

export function newRawNode(config: Config): RawNode {
  throw new NotImplementedError(`newRawNode(${config.id})`, "2B");
}
