// Drops staff-only dev dependencies from the handout's package.json and
// package-lock.json, so that students' `npm ci` does not download them.
//
// Why edit the lockfile ourselves instead of asking npm: the result must be
// the same bytes every time, offline, whatever npm version the staff have.
// The rule is the one npm applies when it prunes: a locked package stays when
// the root or a package that stays depends on it (dependencies, optional and
// peer dependencies), found the way Node finds a module (the nearest
// node_modules folder, then each parent's). Everything else is left out.
// Only lockfileVersion 2 and 3 (the `packages` map) are read.

/** The handout's package files cannot be rewritten (malformed, or out of step with the manifest). */
export class LockfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LockfileError";
  }
}

type Deps = Record<string, string>;

interface LockedPackage {
  dependencies?: Deps;
  devDependencies?: Deps;
  optionalDependencies?: Deps;
  peerDependencies?: Deps;
  link?: boolean;
  resolved?: string;
}

interface Lockfile {
  lockfileVersion?: number;
  packages?: Record<string, LockedPackage>;
}

function parse<T>(text: string, file: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new LockfileError(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** npm's formatting of package.json and package-lock.json: two spaces, a final newline. */
function print(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/** Removes `drop` from devDependencies. Each must be there: a stale list is an error, not a silent no-op. */
export function withoutDevDependencies(packageJson: string, drop: readonly string[]): string {
  const pkg = parse<{ devDependencies?: Deps }>(packageJson, "package.json");
  const dev = pkg.devDependencies ?? {};
  for (const name of drop) {
    if (!(name in dev)) {
      throw new LockfileError(
        `package.json has no devDependency "${name}", but the handout manifest drops it; ` +
          `update STAFF_ONLY_PACKAGES in grader/handout/manifest.ts`,
      );
    }
    delete dev[name];
  }
  return print(pkg);
}

/** Where `name`, required from the package at `from` ("" is the root), is found in the lock, as Node looks for it. */
function resolveIn(packages: Record<string, LockedPackage>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (candidate in packages) return candidate;
    if (base === "") return undefined;
    const up = base.lastIndexOf("/node_modules/");
    base = up < 0 ? "" : base.slice(0, up);
  }
}

/**
 * The lockfile for `packageJson` (already without the dropped packages): its
 * root entry takes package.json's dependency lists, and every locked package
 * that nothing kept depends on any more is removed. Everything else is kept
 * as it is, in the same order.
 */
export function prunedLockfile(lockText: string, packageJson: string): string {
  const lock = parse<Lockfile>(lockText, "package-lock.json");
  const pkg = parse<Record<string, unknown>>(packageJson, "package.json");
  const packages = lock.packages;
  if ((lock.lockfileVersion !== 2 && lock.lockfileVersion !== 3) || packages === undefined) {
    throw new LockfileError(
      `package-lock.json has lockfileVersion ${String(lock.lockfileVersion)}; only 2 and 3 are supported`,
    );
  }
  const root = packages[""];
  if (root === undefined) throw new LockfileError('package-lock.json has no root entry (packages[""])');
  for (const field of [
    "dependencies",
    "devDependencies",
    "optionalDependencies",
    "peerDependencies",
  ] as const) {
    if (pkg[field] === undefined) delete root[field];
    else root[field] = pkg[field] as Deps;
  }

  const kept = new Set<string>([""]);
  const todo = [""];
  while (todo.length > 0) {
    const at = todo.pop()!;
    const p: LockedPackage = packages[at];
    const required: Deps = {
      ...p.dependencies,
      ...p.optionalDependencies,
      ...p.peerDependencies,
      ...(at === "" ? p.devDependencies : undefined),
    };
    const targets: (string | undefined)[] = Object.keys(required).map((name) =>
      resolveIn(packages, at, name),
    );
    if (p.link === true && p.resolved !== undefined) targets.push(p.resolved);
    for (const t of targets) {
      if (t !== undefined && t in packages && !kept.has(t)) {
        kept.add(t);
        todo.push(t);
      }
    }
  }
  for (const loc of Object.keys(packages)) if (!kept.has(loc)) delete packages[loc];
  return print(lock);
}
