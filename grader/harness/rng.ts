// Seeded randomness for everything the grader runs, so the same seed always
// gives the same run. Built on pure-rand's xoroshiro128+ generator.

import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/** The seed used when RAFTLAB_SEED is not set. */
export const DEFAULT_SEED = 1;

/** A seeded source of random numbers. */
export class Rng {
  private readonly gen;

  constructor(readonly seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** A float in [0, 1), like Math.random. */
  next(): number {
    return uniformFloat64(this.gen);
  }

  /** A whole number in [lo, hi]. */
  int(lo: number, hi: number): number {
    return uniformInt(this.gen, lo, hi);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
}

/** A 32-bit FNV-1a hash, used to derive a per-test seed from its name. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The base seed of this run: RAFTLAB_SEED when set, else DEFAULT_SEED. */
export function baseSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RAFTLAB_SEED;
  if (raw === undefined || raw === "") return DEFAULT_SEED;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`RAFTLAB_SEED must be a non-negative whole number, got "${raw}"`);
  }
  return n;
}

/** The seed of one test: depends only on the base seed and the test's id, not on run order. */
export function testSeed(base: number, testId: string): number {
  return hashString(`${base}:${testId}`);
}
