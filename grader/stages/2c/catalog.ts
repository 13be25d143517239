// The graded scenario tests of stage 2C. Each test file of this folder
// declares its tests with graded(id, fn) using this list.

import { GradedTestInfo } from "../../harness/catalog";

export const CATALOG: GradedTestInfo[] = [];
