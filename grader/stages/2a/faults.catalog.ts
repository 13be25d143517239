// The graded fault-injection tests of stage 2A (seeded simulator runs).

import { GradedTestInfo } from "../../harness/catalog";

export const FAULT_CATALOG: GradedTestInfo[] = [];
