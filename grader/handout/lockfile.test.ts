// Tests of the handout's package-file rewriting: a small lockfile where each
// rule matters, and the repository's own lockfile.

import * as fs from "node:fs";
import * as path from "node:path";
import { LockfileError, prunedLockfile, withoutDevDependencies } from "./lockfile";
import { STAFF_ONLY_PACKAGES } from "./manifest";

const REPO = path.resolve(__dirname, "..", "..");

const PACKAGE = { name: "lab", version: "1.0.0", devDependencies: { keep: "1.0.0", staff: "2.0.0" } };

/**
 * keep -> shared, keep -> nested (its own copy under keep/), keep -> peer (as a
 * peer), keep -> opt (optional); staff -> shared, staff -> only-staff, and
 * staff's own copy of nested. Two versions of "nested" test Node's lookup.
 */
const LOCK = {
  name: "lab",
  version: "1.0.0",
  lockfileVersion: 3,
  requires: true,
  packages: {
    "": { name: "lab", version: "1.0.0", devDependencies: { keep: "1.0.0", staff: "2.0.0" } },
    "node_modules/keep": {
      version: "1.0.0",
      dev: true,
      dependencies: { shared: "^1.0.0", nested: "^1.0.0" },
      optionalDependencies: { opt: "^1.0.0" },
      peerDependencies: { peer: "^1.0.0" },
    },
    "node_modules/keep/node_modules/nested": { version: "1.0.0", dev: true },
    "node_modules/nested": { version: "3.0.0", dev: true },
    "node_modules/opt": { version: "1.0.0", dev: true, optional: true },
    "node_modules/peer": { version: "1.0.0", dev: true, peer: true },
    "node_modules/shared": { version: "1.0.0", dev: true },
    "node_modules/staff": {
      version: "2.0.0",
      dev: true,
      dependencies: { shared: "^1.0.0", "only-staff": "^1.0.0", nested: "^3.0.0" },
    },
    "node_modules/only-staff": { version: "1.0.0", dev: true, dependencies: { "@scope/deep": "1.0.0" } },
    "node_modules/@scope/deep": { version: "1.0.0", dev: true },
  },
};

const text = (v: unknown): string => JSON.stringify(v, null, 2) + "\n";

function locations(lockText: string): string[] {
  return Object.keys((JSON.parse(lockText) as { packages: object }).packages);
}

describe("withoutDevDependencies", () => {
  test("removes the named devDependencies and keeps the rest in order", () => {
    const out = withoutDevDependencies(text(PACKAGE), ["staff"]);
    expect(out).toBe(text({ ...PACKAGE, devDependencies: { keep: "1.0.0" } }));
  });

  test("fails on a name package.json does not have, so a stale list is noticed", () => {
    expect(() => withoutDevDependencies(text(PACKAGE), ["gone"])).toThrow(LockfileError);
    expect(() => withoutDevDependencies(text(PACKAGE), ["gone"])).toThrow(/no devDependency "gone"/);
  });

  test("fails clearly on malformed JSON", () => {
    expect(() => withoutDevDependencies("{", [])).toThrow(/package\.json is not valid JSON/);
  });
});

describe("prunedLockfile", () => {
  test("keeps what the remaining packages need and drops what only the removed one needed", () => {
    const pkg = withoutDevDependencies(text(PACKAGE), ["staff"]);
    const out = prunedLockfile(text(LOCK), pkg);
    expect(locations(out)).toEqual([
      "",
      "node_modules/keep",
      "node_modules/keep/node_modules/nested",
      "node_modules/opt",
      "node_modules/peer",
      "node_modules/shared",
    ]);
    const root = (JSON.parse(out) as typeof LOCK).packages[""];
    expect(root.devDependencies).toEqual({ keep: "1.0.0" });
  });

  test("with nothing removed, the lockfile comes back byte for byte", () => {
    expect(prunedLockfile(text(LOCK), text(PACKAGE))).toBe(text(LOCK));
  });

  test("refuses a lockfile it cannot read", () => {
    const v1 = { ...LOCK, lockfileVersion: 1, packages: undefined };
    expect(() => prunedLockfile(text(v1), text(PACKAGE))).toThrow(/lockfileVersion 1/);
    expect(() => prunedLockfile("not json", text(PACKAGE))).toThrow(LockfileError);
  });
});

describe("the repository's package files", () => {
  const pkgText = fs.readFileSync(path.join(REPO, "package.json"), "utf8");
  const lockText = fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8");
  const drop = Object.keys(STAFF_ONLY_PACKAGES);
  const pkg = withoutDevDependencies(pkgText, drop);
  const lock = JSON.parse(prunedLockfile(lockText, pkg)) as {
    packages: Record<
      string,
      { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }
    >;
  };

  test("the pruned lockfile has none of the staff-only packages", () => {
    for (const name of drop) expect(lock.packages[`node_modules/${name}`]).toBeUndefined();
    expect(Object.keys(lock.packages).length).toBeLessThan(locations(lockText).length);
  });

  test("every dependency of every package kept still resolves in the pruned lockfile", () => {
    const missing: string[] = [];
    for (const [at, p] of Object.entries(lock.packages)) {
      for (const name of Object.keys({ ...p.dependencies, ...p.devDependencies })) {
        let base = at;
        let found = false;
        for (;;) {
          if (`${base === "" ? "" : `${base}/`}node_modules/${name}` in lock.packages) found = true;
          if (found || base === "") break;
          const up = base.lastIndexOf("/node_modules/");
          base = up < 0 ? "" : base.slice(0, up);
        }
        if (!found) missing.push(`${at} -> ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
