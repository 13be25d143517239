// The grader's stages. A stage groups the graded tests of one part of the lab.

export type StageId = "2a" | "2b" | "2c" | "3a";

export interface StageInfo {
  id: StageId;
  /** The tag used in solution markers and test ids, e.g. "2A". */
  tag: string;
  title: string;
  /** Counted in `make grade`'s total unless staff enable more stages. */
  defaultOn: boolean;
}

export const STAGES: readonly StageInfo[] = [
  { id: "2a", tag: "2A", title: "Leader election", defaultOn: true },
  { id: "2b", tag: "2B", title: "Log replication and RawNode", defaultOn: true },
  { id: "2c", tag: "2C", title: "Snapshots and log compaction", defaultOn: true },
  { id: "3a", tag: "3A", title: "Extension: membership change and leadership transfer", defaultOn: false },
];

export function stageById(id: string): StageInfo {
  const s = STAGES.find((x) => x.id === id.toLowerCase());
  if (s === undefined) {
    throw new RangeError(`unknown stage "${id}"; known stages: ${STAGES.map((x) => x.id).join(", ")}`);
  }
  return s;
}
