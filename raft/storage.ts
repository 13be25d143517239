// Storage is where a Raft node keeps what must survive a restart: its log
// entries, its hard state (term, vote, commit) and its latest snapshot.
//
// The Raft library only READS storage. The application that drives the node
// (through RawNode's Ready loop) is the one that WRITES to it: it appends the
// entries and hard state a Ready hands out, applies snapshots, and compacts
// the log once entries are safely inside a snapshot.

import { ConfState, Entry, HardState, Snapshot } from "./eraftpb";
import { ErrCompacted, ErrSnapOutOfDate, ErrSnapshotTemporarilyUnavailable, ErrUnavailable } from "./errors";

export { ErrCompacted, ErrSnapOutOfDate, ErrSnapshotTemporarilyUnavailable, ErrUnavailable };

/** What a node reads from storage when it starts. */
export interface InitialState {
  hardState: HardState;
  confState: ConfState;
}

/** The read-only view of persistent state that the Raft library uses. */
export interface Storage {
  /** The saved hard state and membership, read once when a node starts. */
  initialState(): InitialState;
  /** The entries with index in [lo, hi). Throws ErrCompacted if lo is inside the snapshot. */
  entries(lo: number, hi: number): Entry[];
  /**
   * The term of entry i, for i in [firstIndex() - 1, lastIndex()]. The term of
   * firstIndex() - 1 is the term of the last snapshot, kept so that the entry
   * just before the log can still be checked against a leader's MsgAppend.
   */
  term(i: number): number;
  /** The index of the last entry in storage. */
  lastIndex(): number;
  /** The index of the first entry still in storage (the snapshot index + 1). */
  firstIndex(): number;
  /** The most recent snapshot. May throw ErrSnapshotTemporarilyUnavailable. */
  snapshot(): Snapshot;
}

function dummyEntry(index: number, term: number): Entry {
  return Entry.fromPartial({ index, term });
}

/**
 * Storage kept in memory: good for tests and for this lab.
 *
 * `ents[0]` is a dummy entry that holds the index and term of the last
 * snapshot (0 and 0 when there is none), so `ents[i]` has log index
 * `ents[0].index + i`.
 */
export class MemoryStorage implements Storage {
  private hardState: HardState = HardState.create();
  private snap: Snapshot = Snapshot.fromPartial({
    metadata: { confState: { nodes: [] }, index: 0, term: 0 },
  });
  private ents: Entry[] = [dummyEntry(0, 0)];

  /**
   * A storage whose raw entry array is `ents`, for tests that need a log in a
   * given shape. `ents[0]` is taken as the dummy entry.
   */
  static withEntries(ents: Entry[]): MemoryStorage {
    if (ents.length === 0) {
      throw new RangeError("MemoryStorage.withEntries needs at least the dummy entry");
    }
    const s = new MemoryStorage();
    s.ents = ents.slice();
    return s;
  }

  initialState(): InitialState {
    const confState = this.snap.metadata?.confState ?? ConfState.create();
    return {
      hardState: { ...this.hardState },
      confState: { nodes: confState.nodes.slice() },
    };
  }

  /** Saves the hard state (term, vote, commit). */
  setHardState(st: HardState): void {
    this.hardState = { ...st };
  }

  entries(lo: number, hi: number): Entry[] {
    const offset = this.ents[0].index;
    if (lo <= offset) {
      throw new ErrCompacted(`entries(${lo}, ${hi}): index ${lo} is compacted (snapshot index ${offset})`);
    }
    if (hi > this.lastIndex() + 1) {
      throw new ErrUnavailable(
        `entries(${lo}, ${hi}): hi ${hi} is past the last index ${this.lastIndex()} + 1`,
      );
    }
    if (lo > hi) {
      throw new RangeError(`entries(${lo}, ${hi}): lo is greater than hi`);
    }
    return this.ents.slice(lo - offset, hi - offset);
  }

  term(i: number): number {
    const offset = this.ents[0].index;
    if (i < offset) {
      throw new ErrCompacted(`term(${i}): index ${i} is compacted (snapshot index ${offset})`);
    }
    if (i - offset >= this.ents.length) {
      throw new ErrUnavailable(`term(${i}): index ${i} is past the last index ${this.lastIndex()}`);
    }
    return this.ents[i - offset].term;
  }

  lastIndex(): number {
    return this.ents[0].index + this.ents.length - 1;
  }

  firstIndex(): number {
    return this.ents[0].index + 1;
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  /**
   * Replaces everything with the given snapshot: the log becomes empty and
   * starts right after the snapshot. Throws ErrSnapOutOfDate if the snapshot
   * is not newer than the one already stored.
   */
  applySnapshot(snap: Snapshot): void {
    const have = this.snap.metadata?.index ?? 0;
    const meta = snap.metadata;
    if (meta === undefined) {
      throw new RangeError("applySnapshot: the snapshot has no metadata");
    }
    if (have >= meta.index) {
      throw new ErrSnapOutOfDate(
        `applySnapshot: snapshot index ${meta.index} is not newer than the stored one (${have})`,
      );
    }
    this.snap = snap;
    this.ents = [dummyEntry(meta.index, meta.term)];
  }

  /**
   * Records a snapshot of the application state as of log index `i` and
   * returns it. `confState` and `data` describe the membership and the state
   * at that point. Call `compact` afterwards to drop the entries it covers.
   */
  createSnapshot(i: number, confState?: ConfState, data?: Uint8Array): Snapshot {
    const have = this.snap.metadata?.index ?? 0;
    if (i <= have) {
      throw new ErrSnapOutOfDate(
        `createSnapshot(${i}): index is not newer than the stored snapshot (${have})`,
      );
    }
    if (i > this.lastIndex()) {
      throw new ErrUnavailable(`createSnapshot(${i}): index is past the last index ${this.lastIndex()}`);
    }
    const offset = this.ents[0].index;
    this.snap = Snapshot.fromPartial({
      data: data ?? this.snap.data,
      metadata: {
        index: i,
        term: this.ents[i - offset].term,
        confState: confState ?? this.snap.metadata?.confState ?? ConfState.create(),
      },
    });
    return this.snap;
  }

  /**
   * Drops every entry before `compactIndex`; the entry at `compactIndex`
   * becomes the new dummy. The application must have applied (and usually
   * snapshotted) those entries first.
   */
  compact(compactIndex: number): void {
    const offset = this.ents[0].index;
    if (compactIndex <= offset) {
      throw new ErrCompacted(
        `compact(${compactIndex}): index is already compacted (snapshot index ${offset})`,
      );
    }
    if (compactIndex > this.lastIndex()) {
      throw new ErrUnavailable(`compact(${compactIndex}): index is past the last index ${this.lastIndex()}`);
    }
    const i = compactIndex - offset;
    const kept = this.ents.slice(i + 1);
    this.ents = [dummyEntry(this.ents[i].index, this.ents[i].term), ...kept];
  }

  /**
   * Appends entries that must have consecutive indexes. Entries already
   * compacted are skipped; any stored entries from the first new index on are
   * replaced (that is how a follower's conflicting suffix is overwritten).
   * Throws ErrUnavailable if the new entries would leave a gap after the log.
   */
  append(entries: Entry[]): void {
    if (entries.length === 0) {
      return;
    }
    for (let k = 1; k < entries.length; k++) {
      if (entries[k].index !== entries[k - 1].index + 1) {
        throw new RangeError(
          `append: entry indexes must be consecutive, got ${entries[k - 1].index} then ${entries[k].index}`,
        );
      }
    }
    const first = this.firstIndex();
    const last = entries[0].index + entries.length - 1;
    if (last < first) {
      return; // everything offered is already compacted
    }
    let toAdd = entries;
    if (first > entries[0].index) {
      toAdd = entries.slice(first - entries[0].index);
    }
    const offset = toAdd[0].index - this.ents[0].index;
    if (offset > this.ents.length) {
      throw new ErrUnavailable(
        `append: missing log entries: the first new index is ${toAdd[0].index} but the last stored index is ${this.lastIndex()}`,
      );
    }
    // Truncate in place, then push: no copy of the whole log per append.
    this.ents.length = offset;
    for (const e of toAdd) {
      this.ents.push(e);
    }
  }
}
