// Checks that graded tests share, with failure messages in Raft terms:
// a node's role and term, whole messages and outboxes, logs.
//
// Messages and entries are compared by their canonical values (C0): the ten
// Message fields and the four Entry fields, entry data by content (a Buffer
// equals a Uint8Array with the same bytes), `snapshot` absent and undefined
// alike. Anything else a student's object carries is ignored.

import { Entry, Message } from "@raft/eraftpb";
import { isDeepStrictEqual } from "node:util";
import { GradeFailure, check } from "./assert";
import { fmtLog, fmtMsg, fmtMsgs, fmtState } from "./format";

/** What a role check reads from a node. */
export interface RoleView {
  id: number;
  state: number;
  term: number;
}

function roleText(state: number, term?: number): string {
  return term === undefined ? fmtState(state) : `${fmtState(state)} at term ${term}`;
}

/**
 * Fails unless node `r` is in `state` (and at `term`, if given):
 * "<context>: expected n1 to be Leader at term 1, but it is Candidate at term 1".
 */
export function checkRole(
  context: string,
  r: RoleView,
  state: number,
  term?: number,
  name = `n${r.id}`,
): void {
  const ok = r.state === state && (term === undefined || r.term === term);
  check(
    ok,
    () =>
      `${context}: expected ${name} to be ${roleText(state, term)}, ` +
      `but it is ${roleText(r.state, term === undefined ? undefined : r.term)}`,
  );
}

/** Fails unless `actual === expected`: "<context>: expected <what> to be X, but it is Y". */
export function checkValue(context: string, what: string, actual: unknown, expected: unknown): void {
  check(
    isDeepStrictEqual(actual, expected),
    () => `${context}: expected ${what} to be ${String(expected)}, but it is ${String(actual)}`,
  );
}

/** An entry's comparable value. */
export function canonEntry(e: Entry): { entryType: number; term: number; index: number; data: number[] } {
  const data = e.data === undefined || e.data === null ? [] : Array.from(e.data);
  return { entryType: e.entryType, term: e.term, index: e.index, data };
}

/** A message's comparable value (C0). */
export function canonMsg(m: Message): Record<string, unknown> {
  return {
    msgType: m.msgType,
    to: m.to,
    from: m.from,
    term: m.term,
    logTerm: m.logTerm,
    index: m.index,
    entries: Array.isArray(m.entries) ? m.entries.map(canonEntry) : m.entries,
    commit: m.commit,
    snapshot: m.snapshot === undefined ? undefined : JSON.parse(JSON.stringify(m.snapshot, bytesAsArrays)),
    reject: m.reject,
  };
}

function bytesAsArrays(_k: string, v: unknown): unknown {
  return v instanceof Uint8Array ? Array.from(v) : v;
}

/** True when two messages are equal field by field (C0). */
export function sameMsg(a: Message, b: Message): boolean {
  return isDeepStrictEqual(canonMsg(a), canonMsg(b));
}

function fieldDiff(a: Message, b: Message): string {
  const ca = canonMsg(a);
  const cb = canonMsg(b);
  const diffs: string[] = [];
  for (const k of Object.keys(cb)) {
    if (!isDeepStrictEqual(ca[k], cb[k])) {
      diffs.push(
        `${k}: expected ${JSON.stringify(cb[k]) ?? "undefined"}, got ${JSON.stringify(ca[k]) ?? "undefined"}`,
      );
    }
  }
  return diffs.join("; ");
}

/**
 * Fails unless `actual` holds exactly the messages `expected`, in that order
 * (sort both first when the order is free). The failure lists both outboxes
 * and, when they print alike, the fields that differ.
 */
export function checkMsgs(context: string, actual: readonly Message[], expected: readonly Message[]): void {
  const same = actual.length === expected.length && actual.every((m, i) => sameMsg(m, expected[i]));
  if (same) return;
  let detail = "";
  if (actual.length === expected.length) {
    const lines: string[] = [];
    actual.forEach((m, i) => {
      if (!sameMsg(m, expected[i])) lines.push(`  message ${i + 1}: ${fieldDiff(m, expected[i])}`);
    });
    detail = `\n  differences:\n${lines.map((l) => "  " + l).join("\n")}`;
  }
  throw new GradeFailure(
    `${context}\n  expected messages:\n${fmtMsgs(expected)}\n  actual messages:\n${fmtMsgs(actual)}${detail}`,
  );
}

/** Fails unless message `actual` equals `expected` field by field. */
export function checkMsg(context: string, actual: Message, expected: Message): void {
  if (sameMsg(actual, expected)) return;
  throw new GradeFailure(
    `${context}\n  expected: ${fmtMsg(expected)}\n  actual:   ${fmtMsg(actual)}\n  differences: ${fieldDiff(actual, expected)}`,
  );
}

/** Fails unless two entry lists are equal (index, term, type, data by content). */
export function checkEntries(context: string, actual: readonly Entry[], expected: readonly Entry[]): void {
  const isList = Array.isArray(actual);
  const ok = isList && isDeepStrictEqual(actual.map(canonEntry), expected.map(canonEntry));
  if (ok) return;
  const shown = isList ? fmtLog(actual) : actual === null ? "null" : typeof actual;
  throw new GradeFailure(`${context}\n  expected log: ${fmtLog(expected)}\n  actual log:   ${shown}`);
}
