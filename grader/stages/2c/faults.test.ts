// Stage 2C fault-injection tests: each graded test runs its scenario's
// fixed list of seeds in the simulator (grader/sim/) and fails at the first
// seed that breaks a Raft invariant, with a rerun command and a trace.

import { gradedFor } from "../../harness/graded";
import { runScenario } from "../../sim/run";
import { FAULT_CATALOG } from "./faults.catalog";

const graded = gradedFor(FAULT_CATALOG);

for (const t of FAULT_CATALOG) {
  graded(t.id, () => runScenario(t.id));
}
