// Every graded test, by stage. The runner reads this to know each test's
// points even when its file cannot run.

import { GradedTestInfo } from "../harness/catalog";
import { StageId } from "./stages";
import { CATALOG as C2A } from "./2a/catalog";
import { FAULT_CATALOG as F2A } from "./2a/faults.catalog";
import { CATALOG as C2B } from "./2b/catalog";
import { FAULT_CATALOG as F2B } from "./2b/faults.catalog";
import { CATALOG as C2C } from "./2c/catalog";
import { FAULT_CATALOG as F2C } from "./2c/faults.catalog";
import { CATALOG as C3A } from "./3a/catalog";
import { FAULT_CATALOG as F3A } from "./3a/faults.catalog";

export const CATALOGS: Record<StageId, readonly GradedTestInfo[]> = {
  "2a": [...C2A, ...F2A],
  "2b": [...C2B, ...F2B],
  "2c": [...C2C, ...F2C],
  "3a": [...C3A, ...F3A],
};

/** Every graded test of every stage. */
export function allGradedTests(): GradedTestInfo[] {
  return Object.values(CATALOGS).flat();
}
