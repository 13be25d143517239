// RaftLog: the node's view of its log, part in storage, part only in memory.
//
//   snapshot/first ..... applied ..... committed ..... stabled ..... last
//   |<------------- in storage ---------------------->|<- unstable ->|
//
// The log keeps in memory every entry from the last compaction point on
// (stable or not), so that term lookups and the slices a leader sends never
// have to go back to storage. Entries that storage has compacted are dropped
// from memory by maybeCompact(), which RawNode.advance() calls.

import { Entry, Snapshot } from "./eraftpb";
import { NotImplementedError } from "./errors";
import { Storage } from "./storage";
// @solution-begin 2A
import { ErrCompacted, ErrUnavailable } from "./errors";
// @solution-end

// Stubs throw NotImplementedError until you write them.
export { NotImplementedError };

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

  // @solution-begin 2A
  // Reference layout: entries[0] is a DUMMY entry that only records the index
  // and term of the entry just before the log (0 and 0 for a new log, else the
  // last snapshot point). So entries[k] has index entries[0].index + k, every
  // lookup is an array access, and the term of the entry just before the first
  // real one (which a MsgAppend's consistency check may ask for) is always
  // known. allEntries() leaves the dummy out.

  /** The index of the first real entry in memory (one past the dummy). */
  firstIndex(): number {
    return this.entries[0].index + 1;
  }

  /** The entries with index in [lo, hi), taken from memory: no copy of the whole log. */
  slice(lo: number, hi: number): Entry[] {
    const offset = this.entries[0].index;
    if (lo <= offset) {
      throw new ErrCompacted(`slice(${lo}, ${hi}): index ${lo} is compacted (first index ${offset + 1})`);
    }
    const last = this.lastIndex();
    if (hi > last + 1) {
      throw new ErrUnavailable(`slice(${lo}, ${hi}): past the last index ${last}`);
    }
    if (lo >= hi) {
      return [];
    }
    return this.entries.slice(lo - offset, hi - offset);
  }

  /** True when the log holds an entry at index i with the given term. */
  matchTerm(i: number, term: number): boolean {
    if (i < this.entries[0].index || i > this.lastIndex()) {
      return false;
    }
    return this.term(i) === term;
  }

  /**
   * Appends entries whose first index is at most lastIndex() + 1. Whatever the
   * log holds from that index on is replaced first (a follower overwriting a
   * conflicting suffix); entries that were stable there no longer are, so
   * `stabled` moves back. Returns the new last index.
   */
  append(ents: Entry[]): number {
    if (ents.length === 0) {
      return this.lastIndex();
    }
    const offset = this.entries[0].index;
    const first = ents[0].index;
    if (first <= offset || first > this.lastIndex() + 1) {
      throw new ErrUnavailable(
        `append: first new index ${first} is outside (${offset}, ${this.lastIndex() + 1}]: it would leave a gap or rewrite the snapshot`,
      );
    }
    // Truncate in place (drops the conflicting suffix, if any), then push.
    this.entries.length = first - offset;
    for (const e of ents) {
      this.entries.push(e);
    }
    this.stabled = Math.min(this.stabled, first - 1);
    return this.lastIndex();
  }
  // @solution-end

  // @solution-begin 2B
  /** Raises `committed` to i; it never moves back, and never past the log's end. */
  commitTo(i: number): void {
    const to = Math.min(i, this.lastIndex());
    if (to > this.committed) {
      this.committed = to;
    }
  }

  /**
   * Marks entries up to index i as persisted, if entry i still has the given
   * term: a follower may have replaced it since the Ready that offered it.
   */
  stableTo(i: number, term: number): void {
    if (i > this.stabled && this.matchTerm(i, term)) {
      this.stabled = i;
    }
  }

  /** True when some committed entries are not applied yet. */
  hasNextEnts(): boolean {
    return this.committed > this.applied;
  }
  // @solution-end

  /**
   * Drops from memory the entries that storage has compacted, so that memory
   * does not grow with the whole history. The rule: after this call the
   * in-memory log holds no entry at or below storage.firstIndex() - 1 (that
   * point only survives as the dummy entry that records its index and term).
   * RawNode.advance() calls it after every Ready.
   */
  maybeCompact(): void {
    // @solution-begin 2C
    const compactedTo = this.storage.firstIndex() - 1;
    const offset = this.entries[0].index;
    if (compactedTo <= offset) {
      return; // nothing new compacted (or a newer snapshot is pending)
    }
    // Never move the dummy past the last entry we hold.
    const k = Math.min(compactedTo - offset, this.entries.length - 1);
    const point = this.entries[k];
    this.entries.splice(0, k);
    this.entries[0] = dummyEntry(point.index, point.term);
    // @solution-stub
    // // Drop the in-memory entries that storage has compacted (those before
    // // storage.firstIndex()), so that memory stays bounded.
    // @solution-end
  }

  /** Every entry still in memory, stable or not (no dummy). */
  allEntries(): Entry[] {
    // @solution-begin 2B
    return this.entries.slice(1);
    // @solution-stub
    // // Return the log's entries, without any placeholder you keep for the snapshot point.
    // throw new NotImplementedError("RaftLog.allEntries", "2B");
    // @solution-end
  }

  /** The entries not yet in storage: those after `stabled`. */
  unstableEntries(): Entry[] {
    // @solution-begin 2B
    return this.slice(Math.max(this.stabled, this.entries[0].index) + 1, this.lastIndex() + 1);
    // @solution-stub
    // // The entries after `stabled`: the application must persist them (Ready.entries).
    // throw new NotImplementedError("RaftLog.unstableEntries", "2B");
    // @solution-end
  }

  /** The committed entries not yet applied: (applied, committed], stable or not. */
  nextEnts(): Entry[] {
    // @solution-begin 2B
    const lo = Math.max(this.applied, this.entries[0].index) + 1;
    const hi = Math.min(this.committed, this.lastIndex()) + 1;
    return this.slice(lo, hi);
    // @solution-stub
    // // The entries in (applied, committed]: the application applies them (Ready.committedEntries).
    // throw new NotImplementedError("RaftLog.nextEnts", "2B");
    // @solution-end
  }

  /** The index of the last entry (0 for an empty log, the snapshot index right after a snapshot). */
  lastIndex(): number {
    // @solution-begin 2A
    return this.entries[0].index + this.entries.length - 1;
    // @solution-stub
    // // The index of the last entry of the log, in memory or in storage.
    // throw new NotImplementedError("RaftLog.lastIndex", "2A");
    // @solution-end
  }

  /**
   * The term of entry i. Throws ErrCompacted below the snapshot point and
   * ErrUnavailable past the last index; index 0 of an empty log has term 0.
   */
  term(i: number): number {
    // @solution-begin 2A
    const offset = this.entries[0].index;
    if (i < offset) {
      throw new ErrCompacted(`term(${i}): index ${i} is compacted (first index ${offset + 1})`);
    }
    if (i - offset >= this.entries.length) {
      throw new ErrUnavailable(`term(${i}): index ${i} is past the last index ${this.lastIndex()}`);
    }
    return this.entries[i - offset].term;
    // @solution-stub
    // // The term of entry i. The vote check needs the term of the last entry, and a follower
    // // checks a MsgAppend against the term of the entry before the new ones.
    // throw new NotImplementedError(`RaftLog.term(${i})`, "2A");
    // @solution-end
  }

  // @solution-begin 2C
  /**
   * Replaces the log by a snapshot received from the leader: memory keeps only
   * its index and term (as the dummy) until the application stores it.
   */
  restore(snap: Snapshot): void {
    const meta = snap.metadata!;
    this.entries = [dummyEntry(meta.index, meta.term)];
    this.committed = meta.index;
    this.applied = meta.index;
    this.stabled = meta.index;
    this.pendingSnapshot = snap;
  }
  // @solution-end
}

// @solution-begin 2A
/** A placeholder entry that only records an index and its term. */
function dummyEntry(index: number, term: number): Entry {
  return Entry.fromPartial({ index, term });
}
// @solution-end

/** A log over `storage`: its entries, `stabled` at storage's last index, committed from its hard state. */
export function newLog(storage: Storage): RaftLog {
  // @solution-begin 2A
  const log = new RaftLog(storage);
  const first = storage.firstIndex();
  const last = storage.lastIndex();
  log.entries = [dummyEntry(first - 1, storage.term(first - 1))];
  if (last >= first) {
    for (const e of storage.entries(first, last + 1)) {
      log.entries.push(e);
    }
  }
  log.stabled = last;
  log.committed = storage.initialState().hardState.commit;
  // Everything up to the snapshot point is applied (it is in the snapshot);
  // entries after it are applied again after a restart.
  log.applied = first - 1;
  return log;
  // @solution-stub
  // // Load the log from storage: its entries, what is already stable, and the commit index.
  // throw new NotImplementedError("newLog", "2A");
  // @solution-end
}
