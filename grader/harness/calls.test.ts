// Tests of strict and tolerant, the two ways a graded test calls the
// implementation directly.

import { ErrProposalDropped, NotImplementedError } from "@raft/errors";
import { GradeFailure } from "./assert";
import { describeThrown, strict, tolerant } from "./calls";

const throwing = (e: unknown) => () => {
  throw e;
};

describe("strict", () => {
  test("returns what the call returns", () => {
    expect(strict("ready()", () => 42)).toBe(42);
  });

  test("fails on any error, even a lab error, naming the call and the error", () => {
    expect(() => strict("advance(rd)", throwing(new ErrProposalDropped()))).toThrow(GradeFailure);
    expect(() => strict("advance(rd)", throwing(new TypeError("x is undefined")))).toThrow(
      "advance(rd) must not throw, but it threw TypeError: x is undefined",
    );
  });
});

describe("tolerant", () => {
  test("swallows a lab error: a deliberate refusal", () => {
    expect(() => tolerant("propose", throwing(new ErrProposalDropped()))).not.toThrow();
  });

  test("fails on any other error, naming the call", () => {
    expect(() => tolerant("propose", throwing(new RangeError("bad index")))).toThrow(
      "propose crashed with RangeError: bad index",
    );
  });
});

test.each([
  ["strict", strict],
  ["tolerant", tolerant],
])("%s lets NotImplementedError and GradeFailure through unchanged", (_, call) => {
  const missing = new NotImplementedError("handleSnapshot", "2C");
  expect(() => call("handleSnapshot", throwing(missing))).toThrow(missing);
  const failure = new GradeFailure("an inner check failed");
  expect(() => call("handleSnapshot", throwing(failure))).toThrow(failure);
});

describe("describeThrown", () => {
  test("prints an Error as name and message, anything else as text", () => {
    expect(describeThrown(new TypeError("boom"))).toBe("TypeError: boom");
    expect(describeThrown("a string")).toBe("a string");
    expect(describeThrown(Object.create(null))).toBe("a non-Error value that cannot be printed");
  });
});
