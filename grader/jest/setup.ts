// Runs before every test file of the grader (Jest setupFilesAfterEnv).
// 1. Math.random becomes a seeded generator, reset before each test from the
//    run's seed and the test's name, so a run is reproducible even when the
//    implementation under test calls Math.random.
// 2. process.exit throws instead of ending the run, so a stray exit in
//    student code fails that test rather than looking like a pass.

import { Rng, baseSeed, testSeed } from "../harness/rng";
import { idFromTestName } from "../harness/graded";

const base = baseSeed();
let rng = new Rng(base);

Math.random = () => rng.next();

beforeEach(() => {
  const name = expect.getState().currentTestName ?? "";
  rng = new Rng(testSeed(base, idFromTestName(name) ?? name));
});

process.exit = (code?: number | string | null): never => {
  throw new Error(`process.exit(${code ?? ""}) was called during a test; the grader does not allow it`);
};
