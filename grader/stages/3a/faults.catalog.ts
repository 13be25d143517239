// The graded fault-injection tests of stage 3A (seeded simulator runs).

import { GradedTestInfo } from "../../harness/catalog";

export const FAULT_CATALOG: GradedTestInfo[] = [];
