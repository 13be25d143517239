// Unit tests of MemoryStorage: every method and every error path.

import { ConfState, Entry, HardState, Snapshot } from "./eraftpb";
import { ErrCompacted, ErrSnapOutOfDate, ErrUnavailable, MemoryStorage } from "./storage";

/** Entries [index:term] as plain pairs, to compare without data fields. */
function pairs(ents: Entry[]): [number, number][] {
  return ents.map((e) => [e.index, e.term]);
}

function ent(index: number, term: number, data = ""): Entry {
  return Entry.fromPartial({ index, term, data: Buffer.from(data) });
}

/** A storage whose dummy is 3:3 and which holds 4:4 and 5:5 (as if compacted at 3). */
function compactedAt3(): MemoryStorage {
  return MemoryStorage.withEntries([ent(3, 3), ent(4, 4), ent(5, 5)]);
}

describe("a new MemoryStorage", () => {
  const s = new MemoryStorage();

  test("is empty: first index 1, last index 0, term(0) = 0", () => {
    expect(s.firstIndex()).toBe(1);
    expect(s.lastIndex()).toBe(0);
    expect(s.term(0)).toBe(0);
  });

  test("has a zero hard state, no members and an empty snapshot", () => {
    expect(s.initialState()).toEqual({ hardState: HardState.create(), confState: { nodes: [] } });
    expect(s.snapshot().metadata?.index).toBe(0);
  });

  test("throws ErrUnavailable for a term past the end", () => {
    expect(() => s.term(1)).toThrow(ErrUnavailable);
  });
});

describe("initialState and setHardState", () => {
  test("return what was saved, as copies", () => {
    const s = new MemoryStorage();
    const hs = { term: 3, vote: 2, commit: 1 };
    s.setHardState(hs);
    hs.term = 99;
    const st = s.initialState();
    expect(st.hardState).toEqual({ term: 3, vote: 2, commit: 1 });
    st.hardState.vote = 42;
    expect(s.initialState().hardState.vote).toBe(2);
  });

  test("report the membership of the applied snapshot", () => {
    const s = new MemoryStorage();
    s.applySnapshot(
      Snapshot.fromPartial({ metadata: { index: 4, term: 2, confState: { nodes: [1, 2, 3] } } }),
    );
    expect(s.initialState().confState.nodes).toEqual([1, 2, 3]);
  });
});

describe("term", () => {
  const s = compactedAt3();
  test.each([
    [3, 3],
    [4, 4],
    [5, 5],
  ])("term(%i) = %i, including the snapshot's own index", (i, t) => {
    expect(s.term(i)).toBe(t);
  });
  test("throws ErrCompacted below the snapshot index", () => {
    expect(() => s.term(2)).toThrow(ErrCompacted);
  });
  test("throws ErrUnavailable past the last index", () => {
    expect(() => s.term(6)).toThrow(ErrUnavailable);
  });
});

describe("first and last index", () => {
  test("follow the dummy entry and appends", () => {
    const s = compactedAt3();
    expect(s.firstIndex()).toBe(4);
    expect(s.lastIndex()).toBe(5);
    s.append([ent(6, 5)]);
    expect(s.lastIndex()).toBe(6);
    s.compact(4);
    expect(s.firstIndex()).toBe(5);
  });
});

describe("entries(lo, hi)", () => {
  const s = MemoryStorage.withEntries([ent(3, 3), ent(4, 4), ent(5, 5), ent(6, 6)]);
  test.each([
    [4, 5, [[4, 4]]],
    [
      4,
      7,
      [
        [4, 4],
        [5, 5],
        [6, 6],
      ],
    ],
    [
      5,
      7,
      [
        [5, 5],
        [6, 6],
      ],
    ],
    [5, 5, []],
  ] as [number, number, [number, number][]][])("entries(%i, %i)", (lo, hi, want) => {
    expect(pairs(s.entries(lo, hi))).toEqual(want);
  });
  test("throws ErrCompacted when lo is at or below the snapshot index", () => {
    expect(() => s.entries(3, 5)).toThrow(ErrCompacted);
    expect(() => s.entries(2, 5)).toThrow(ErrCompacted);
  });
  test("throws ErrUnavailable when hi is past lastIndex + 1", () => {
    expect(() => s.entries(4, 8)).toThrow(ErrUnavailable);
  });
  test("throws a RangeError when lo > hi", () => {
    expect(() => s.entries(6, 5)).toThrow(RangeError);
  });
  test("returns a copy: changing it does not change storage", () => {
    const got = s.entries(4, 7);
    got.pop();
    expect(s.lastIndex()).toBe(6);
  });
});

describe("compact", () => {
  test.each([
    [4, 4, 4, 2],
    [5, 5, 5, 1],
  ])("compact(%i) makes entry %i:%i the dummy and keeps %i entries after it", (i, idx, term, kept) => {
    const s = MemoryStorage.withEntries([ent(3, 3), ent(4, 4), ent(5, 5)]);
    s.compact(i);
    expect(s.term(idx)).toBe(term);
    expect(s.firstIndex()).toBe(idx + 1);
    expect(s.lastIndex()).toBe(5);
    expect(s.entries(idx + 1, 6)).toHaveLength(kept - 1);
  });
  test("throws ErrCompacted at or below the current snapshot index", () => {
    expect(() => compactedAt3().compact(3)).toThrow(ErrCompacted);
    expect(() => compactedAt3().compact(2)).toThrow(ErrCompacted);
  });
  test("throws ErrUnavailable past the last index", () => {
    expect(() => compactedAt3().compact(6)).toThrow(ErrUnavailable);
  });
});

describe("createSnapshot", () => {
  const cs: ConfState = { nodes: [1, 2, 3] };
  test("records index, term, membership and data of the given index", () => {
    const s = compactedAt3();
    const snap = s.createSnapshot(4, cs, Buffer.from("state"));
    expect(snap.metadata).toEqual({ index: 4, term: 4, confState: cs });
    expect(Buffer.from(snap.data).toString()).toBe("state");
    expect(s.snapshot()).toBe(snap);
    // It does not compact by itself.
    expect(s.firstIndex()).toBe(4);
  });
  test("keeps the previous membership when none is given", () => {
    const s = compactedAt3();
    s.createSnapshot(4, cs);
    expect(s.createSnapshot(5).metadata?.confState).toEqual(cs);
  });
  test("throws ErrSnapOutOfDate for an index not newer than the stored snapshot", () => {
    const s = compactedAt3();
    s.createSnapshot(4, cs);
    expect(() => s.createSnapshot(4, cs)).toThrow(ErrSnapOutOfDate);
    expect(() => s.createSnapshot(3, cs)).toThrow(ErrSnapOutOfDate);
  });
  test("throws ErrUnavailable past the last index", () => {
    expect(() => compactedAt3().createSnapshot(6, cs)).toThrow(ErrUnavailable);
  });
});

describe("applySnapshot", () => {
  test("replaces the log: it starts right after the snapshot", () => {
    const s = compactedAt3();
    s.applySnapshot(Snapshot.fromPartial({ metadata: { index: 10, term: 7, confState: { nodes: [1] } } }));
    expect(s.firstIndex()).toBe(11);
    expect(s.lastIndex()).toBe(10);
    expect(s.term(10)).toBe(7);
    expect(() => s.term(9)).toThrow(ErrCompacted);
    expect(s.snapshot().metadata?.index).toBe(10);
  });
  test("throws ErrSnapOutOfDate for a snapshot not newer than the stored one", () => {
    const s = new MemoryStorage();
    s.applySnapshot(Snapshot.fromPartial({ metadata: { index: 4, term: 4 } }));
    expect(() => s.applySnapshot(Snapshot.fromPartial({ metadata: { index: 3, term: 3 } }))).toThrow(
      ErrSnapOutOfDate,
    );
    expect(() => s.applySnapshot(Snapshot.fromPartial({ metadata: { index: 4, term: 4 } }))).toThrow(
      ErrSnapOutOfDate,
    );
  });
  test("throws a RangeError for a snapshot without metadata", () => {
    expect(() => new MemoryStorage().applySnapshot(Snapshot.create())).toThrow(RangeError);
  });
});

describe("append", () => {
  const cases: [string, Entry[], [number, number][]][] = [
    [
      "the same entries: no change",
      [ent(3, 3), ent(4, 4), ent(5, 5)],
      [
        [3, 3],
        [4, 4],
        [5, 5],
      ],
    ],
    [
      "a conflict at 5 replaces the suffix",
      [ent(3, 3), ent(4, 4), ent(5, 6), ent(6, 6)],
      [
        [3, 3],
        [4, 4],
        [5, 6],
        [6, 6],
      ],
    ],
    [
      "entries starting inside the snapshot are trimmed",
      [ent(2, 3), ent(3, 3), ent(4, 5)],
      [
        [3, 3],
        [4, 5],
      ],
    ],
    [
      "a conflict at 4 truncates 5",
      [ent(4, 5)],
      [
        [3, 3],
        [4, 5],
      ],
    ],
    [
      "entries right after the end are added",
      [ent(6, 5)],
      [
        [3, 3],
        [4, 4],
        [5, 5],
        [6, 5],
      ],
    ],
    [
      "entries wholly inside the snapshot are ignored",
      [ent(1, 1), ent(2, 2)],
      [
        [3, 3],
        [4, 4],
        [5, 5],
      ],
    ],
    [
      "an empty list is ignored",
      [],
      [
        [3, 3],
        [4, 4],
        [5, 5],
      ],
    ],
  ];
  test.each(cases)("%s", (_name, entries, want) => {
    const s = compactedAt3();
    s.append(entries);
    expect([[3, s.term(3)], ...pairs(s.entries(4, s.lastIndex() + 1))]).toEqual(want);
  });
  test("throws ErrUnavailable when the new entries would leave a gap", () => {
    const s = compactedAt3();
    expect(() => s.append([ent(7, 5)])).toThrow(ErrUnavailable);
    expect(s.lastIndex()).toBe(5);
  });
  test("throws a RangeError when the new entries are not consecutive", () => {
    const s = compactedAt3();
    expect(() => s.append([ent(6, 5), ent(8, 5)])).toThrow(RangeError);
    expect(s.lastIndex()).toBe(5);
  });
  test("keeps the data of appended entries", () => {
    const s = new MemoryStorage();
    s.append([ent(1, 1, "x")]);
    expect(Buffer.from(s.entries(1, 2)[0].data).toString()).toBe("x");
  });
});

describe("withEntries", () => {
  test("needs at least the dummy entry", () => {
    expect(() => MemoryStorage.withEntries([])).toThrow(RangeError);
  });
});
