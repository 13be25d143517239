// The streaming record of a graded Jest run. The grader's test environment and
// reporter append one JSON object per line to the file named by
// RAFTLAB_RECORD, synchronously, as things happen. Because every line is on
// disk before the next test starts, the record survives the watchdog killing
// the Jest process: the runner reads it back to learn which test was running.

import { appendFileSync } from "fs";

/** One line of the record. */
export type RecordEvent =
  /** A test file is about to load. */
  | { ev: "file"; path: string }
  /** A test is about to run. */
  | { ev: "start"; path: string; name: string }
  /** A test finished (pass or fail), with the messages of its errors and its captured output. */
  | {
      ev: "done";
      path: string;
      name: string;
      status: "passed" | "failed" | "skipped";
      ms: number;
      errors: string[];
      output: string;
      outputBytes: number;
    }
  /** Jest's view of a finished file (from the reporter): load errors and source-mapped failure texts. */
  | {
      ev: "file-result";
      path: string;
      error?: string;
      tests: { name: string; status: string; failure: string }[];
    };

/** The captured console output of the running test (filled by setup.ts, read by environment.ts). */
export interface CapturedOutput {
  text: string;
  bytes: number;
}

/** The sandbox global that holds the running test's CapturedOutput. */
export const OUTPUT_KEY = "__raftlabOutput";

/** Longest text kept for one error or one test's output in the record. */
export const RECORD_TEXT_LIMIT = 8 * 1024;

/** Cuts a text to `limit` characters, saying how much was left out. */
export function truncateText(text: string, limit = RECORD_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}\n... (${text.length - limit} more characters cut)`;
}

/** Appends one event to the record named by RAFTLAB_RECORD (no-op when unset). */
export function writeRecord(event: RecordEvent, file = process.env.RAFTLAB_RECORD): void {
  if (file === undefined || file === "") return;
  appendFileSync(file, JSON.stringify(event) + "\n");
}
