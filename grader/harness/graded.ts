// `graded` declares one graded test. It looks the id up in its stage's
// catalog, names the Jest test "<id> <title>" (the runner reads the id back
// from that name), and fails loudly if the id is not in the catalog.

import { GradedTestInfo } from "./catalog";

export type GradedFn = (id: string, fn: () => void) => void;

/** Returns a `graded(id, fn)` function bound to one stage's catalog. */
export function gradedFor(catalog: readonly GradedTestInfo[]): GradedFn {
  const byId = new Map(catalog.map((t) => [t.id, t]));
  return (id, fn) => {
    const info = byId.get(id);
    if (info === undefined) {
      throw new Error(`graded test "${id}" is not in its stage's catalog`);
    }
    test(testName(info), fn);
  };
}

/** The Jest name of a graded test. */
export function testName(info: GradedTestInfo): string {
  return `${info.id} ${info.title}`;
}

/** The graded-test id at the start of a Jest test name, or undefined. */
export function idFromTestName(name: string): string | undefined {
  const m = /^([0-9A-Z]+-[0-9A-Za-z]+)\b/.exec(name.trim());
  return m === null ? undefined : m[1];
}
