// The test environment of graded runs: Node's, plus a synchronous record of
// each test's start and end (see record.ts). Jest's reporters hear about a
// test asynchronously, so a test stuck in `while (true) {}` would never be
// reported; this environment writes "start" before the test body runs.

import NodeEnvironment from "jest-environment-node";
import type { EnvironmentContext, JestEnvironmentConfig } from "@jest/environment";
import type { Circus } from "@jest/types";
import { type CapturedOutput, OUTPUT_KEY, RECORD_TEXT_LIMIT, truncateText, writeRecord } from "./record";

function errorText(e: unknown): string {
  if (e instanceof Error || (typeof e === "object" && e !== null && "message" in e)) {
    const err = e as Error;
    const name = err.name && err.name !== "Error" && err.name !== "GradeFailure" ? `${err.name}: ` : "";
    return `${name}${String(err.message)}`;
  }
  return `thrown value: ${String(e)}`;
}

function firstError(entry: unknown): unknown {
  // Circus stores [error, asyncError] pairs, or a bare error.
  return Array.isArray(entry) ? entry[0] : entry;
}

export default class GradedEnvironment extends NodeEnvironment {
  private readonly testPath: string;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.testPath = context.testPath;
  }

  override async setup(): Promise<void> {
    await super.setup();
    writeRecord({ ev: "file", path: this.testPath });
  }

  private output(): CapturedOutput {
    const g = this.global as unknown as Record<string, CapturedOutput | undefined>;
    return g[OUTPUT_KEY] ?? { text: "", bytes: 0 };
  }

  handleTestEvent(event: Circus.Event): void {
    if (event.name === "test_start") {
      const g = this.global as unknown as Record<string, CapturedOutput>;
      g[OUTPUT_KEY] = { text: "", bytes: 0 };
      writeRecord({ ev: "start", path: this.testPath, name: event.test.name });
    } else if (event.name === "test_done" || event.name === "test_skip" || event.name === "test_todo") {
      const test = event.test;
      const failed = event.name === "test_done" && test.errors.length > 0;
      const out = this.output();
      writeRecord({
        ev: "done",
        path: this.testPath,
        name: test.name,
        status: event.name === "test_done" ? (failed ? "failed" : "passed") : "skipped",
        ms: test.duration ?? 0,
        errors: test.errors.map((e) => truncateText(errorText(firstError(e)))),
        output: truncateText(out.text, RECORD_TEXT_LIMIT),
        outputBytes: out.bytes,
      });
    }
  }
}
