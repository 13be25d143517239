// RaftLog: the node's view of its log, part in storage, part only in memory.
//
//   snapshot/first ..... applied ..... committed ..... stabled ..... last
//   |<------------- in storage ---------------------->|<- unstable ->|
//
// SKELETON: the reference implementation replaces the bodies below.

import { Entry, Snapshot } from "./eraftpb";
import { NotImplementedError } from "./errors";
import { Storage } from "./storage";

export class RaftLog {
  /** Everything persisted since the last snapshot. */
  storage: Storage;
  /** The highest index known to be stored on a quorum of nodes. */
  committed = 0;
  /** The highest index the application has applied. Always applied <= committed. */
  applied = 0;
  /** Entries up to this index are in storage; later ones are not yet persisted. */
  stabled = 0;
  /** The entries not yet compacted (in storage or not). */
  entries: Entry[] = [];
  /** A snapshot received from the leader that the application has not taken yet. */
  pendingSnapshot?: Snapshot;

  constructor(storage: Storage) {
    this.storage = storage;
  }

  maybeCompact(): void {
    throw new NotImplementedError("RaftLog.maybeCompact", "2C");
  }

  allEntries(): Entry[] {
    throw new NotImplementedError("RaftLog.allEntries", "2B");
  }

  unstableEntries(): Entry[] {
    throw new NotImplementedError("RaftLog.unstableEntries", "2B");
  }

  nextEnts(): Entry[] {
    throw new NotImplementedError("RaftLog.nextEnts", "2B");
  }

  lastIndex(): number {
    throw new NotImplementedError("RaftLog.lastIndex", "2A");
  }

  term(i: number): number {
    throw new NotImplementedError(`RaftLog.term(${i})`, "2A");
  }
}

export function newLog(storage: Storage): RaftLog {
  return new RaftLog(storage);
}
