// Stage 2A graded tests of the randomized election timeout (spec 2A-8, 2A-9
// and the §5.3 bound). The implementation draws its timeouts from
// Math.random, which the grader seeds per test from RAFTLAB_SEED and the test
// id, so a run is reproducible. The checks are the real statistical
// properties, not values that happen to pass for one seed:
// - 2A-8: with a timeout uniform over the 10 values [10, 19], a given value
//   is missing from 500 draws with probability 0.9^500 < 1e-22;
// - 2A-9: five such timers have a unique minimum with probability 0.767, so
//   the expected conflict rate is 0.233 with a standard deviation of 0.013
//   over 1000 rounds; the bound 0.3 is five deviations away.

import { Raft, StateType } from "@raft/raft";
import { MemoryStorage } from "@raft/storage";
import { check } from "../../harness/assert";
import { gradedFor } from "../../harness/graded";
import { MAX_TICKS, gaveUp, idsBySize, newTestRaft, readMessages } from "../../harness/helpers";
import { baseSeed } from "../../harness/rng";
import { CATALOG } from "./catalog";

const graded = gradedFor(CATALOG);
const { Follower, Candidate } = StateType;
const None = 0;
const ET = 10;

function reproduce(): string {
  return `(the timeouts come from Math.random, seeded by the grader: run with RAFTLAB_SEED=${baseSeed()} to reproduce)`;
}

function histogram(counts: Map<number, number>): string {
  return Array.from(counts.entries())
    .sort((a, b) => a[0] - b[0])
    .map(([ticks, n]) => `${ticks} ticks ×${n}`)
    .join(", ");
}

/** Resets `r`'s timer as a follower (a new term, leader n2 or none) or as a candidate. */
function reset(r: Raft, role: StateType, lead: number): void {
  if (role === Follower) r.becomeFollower(r.term + 1, lead);
  else r.becomeCandidate();
}

graded("2A-8", () => {
  const rounds = 50 * ET;
  for (const role of [Follower, Candidate]) {
    const r = newTestRaft(1, [1, 2, 3], ET, 1, new MemoryStorage());
    const counts = new Map<number, number>();
    for (let round = 1; round <= rounds; round++) {
      reset(r, role, 2);
      let ticks = 0;
      while (readMessages(r).length === 0) {
        if (ticks >= MAX_TICKS) {
          gaveUp(
            ticks,
            "ticks",
            `a ${fmtRole(role)} (electionTick ${ET}) to time out and ask for votes, in round ${round}`,
          );
        }
        r.tick();
        ticks++;
      }
      counts.set(ticks, (counts.get(ticks) ?? 0) + 1);
    }
    const who = `over ${rounds} resets of a ${fmtRole(role)} with electionTick ${ET}, counting the ticks until it sends vote requests`;
    const tooLong = Array.from(counts.keys()).filter((t) => t > 2 * ET - 1);
    check(
      tooLong.length === 0,
      () =>
        `${who}: no count may exceed ${2 * ET - 1} (the timeout must be drawn from [${ET}, ${2 * ET - 1}]), ` +
        `but it took ${tooLong.join(", ")} ticks. Counts seen: ${histogram(counts)} ${reproduce()}`,
    );
    const missing: number[] = [];
    for (let d = ET + 1; d < 2 * ET; d++) if (!counts.has(d)) missing.push(d);
    check(
      missing.length === 0,
      () =>
        `${who}: every count from ${ET + 1} to ${2 * ET - 1} should occur, but ${missing.join(", ")} never did. ` +
        `Counts seen: ${histogram(counts)} ${reproduce()}`,
    );
  }
});

graded("2A-9", () => {
  const rounds = 1000;
  const ids = idsBySize(5);
  for (const role of [Follower, Candidate]) {
    const rs = ids.map((id) => newTestRaft(id, ids, ET, 1, new MemoryStorage()));
    let conflicts = 0;
    for (let round = 1; round <= rounds; round++) {
      for (const r of rs) reset(r, role, None);
      let timedOut = 0;
      let passes = 0;
      while (timedOut === 0) {
        if (passes >= MAX_TICKS) {
          gaveUp(
            passes,
            "passes",
            `one of five ${fmtRole(role)}s (electionTick ${ET}) to time out, in round ${round}`,
          );
        }
        for (const r of rs) {
          r.tick();
          if (readMessages(r).length > 0) timedOut++;
        }
        passes++;
      }
      if (timedOut > 1) conflicts++;
    }
    const rate = conflicts / rounds;
    check(
      rate <= 0.3,
      () =>
        `five ${fmtRole(role)}s reset their election timers together ${rounds} times: in at most 30% of the rounds may ` +
        `more than one time out on the same tick, but that happened in ${conflicts} rounds (${(rate * 100).toFixed(1)}%). ` +
        `Each node should draw a fresh random timeout in [${ET}, ${2 * ET - 1}] on every reset ${reproduce()}`,
    );
  }
});

function fmtRole(role: StateType): string {
  return role === Follower ? "follower" : "candidate";
}
