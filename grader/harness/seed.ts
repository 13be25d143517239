// The grader's own randomness (random message drops, fault schedules), kept
// apart from Math.random. Math.random belongs to the implementation under
// test: grader/jest/setup.ts seeds it per test. If the harness drew from it
// too, a student who calls Math.random once more or once less would change
// which messages the network drops. So every harness stream gets its own Rng,
// derived from the run's seed, the current test's id and a label.

import { idFromTestName } from "./graded";
import { Rng, baseSeed, hashString, testSeed } from "./rng";

/** The id of the running Jest test ("2A-10"), its full name if it has no id, or "" outside a test. */
export function currentTestKey(): string {
  if (typeof expect === "undefined" || typeof expect.getState !== "function") return "";
  const name = expect.getState().currentTestName ?? "";
  return idFromTestName(name) ?? name;
}

// How many streams each test has asked for per label, so that two networks
// built in the same test draw different numbers, and a test run on its own
// (jest -t) gets the same streams as in a full run.
const issued = new Map<string, number>();

/**
 * A fresh seeded Rng for the harness, for the current test. The k-th call
 * with the same label in the same test (and the same RAFTLAB_SEED) always
 * gives the same stream; it never shares a stream with Math.random.
 */
export function harnessRng(label: string): Rng {
  const test = currentTestKey();
  const key = `${test}\u0000${label}`;
  const k = issued.get(key) ?? 0;
  issued.set(key, k + 1);
  const seed = hashString(`harness:${testSeed(baseSeed(), test)}:${label}:${k}`);
  return new Rng(seed);
}
