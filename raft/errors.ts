// The errors the raft library throws. Go code returns `(value, error)`; here a
// function returns its value or throws one of these classes. They all extend
// RaftError, so a caller (or the grader) can tell "the library refused this on
// purpose" apart from a crash such as a TypeError.

/** The base class of every error the lab's raft code throws on purpose. */
export class RaftError extends Error {
  constructor(message: string) {
    super(message);
    // Make `err.name` the subclass name, so test output says which error it was.
    this.name = new.target.name;
  }
}

/** The requested index is older than the last snapshot: its entry is gone. */
export class ErrCompacted extends RaftError {
  constructor(message = "requested index is unavailable due to compaction") {
    super(message);
  }
}

/** The snapshot offered is older than the one storage already has. */
export class ErrSnapOutOfDate extends RaftError {
  constructor(message = "requested index is older than the existing snapshot") {
    super(message);
  }
}

/** The requested index is past the end of the log. */
export class ErrUnavailable extends RaftError {
  constructor(message = "requested entry at index is unavailable") {
    super(message);
  }
}

/** Storage is still building a snapshot; ask again later. */
export class ErrSnapshotTemporarilyUnavailable extends RaftError {
  constructor(message = "snapshot is temporarily unavailable") {
    super(message);
  }
}

/** A proposal was refused, for example because this node is not the leader. */
export class ErrProposalDropped extends RaftError {
  constructor(message = "raft proposal dropped") {
    super(message);
  }
}

/** RawNode.step was given a local message (MsgHup, MsgBeat), which only the node itself may make. */
export class ErrStepLocalMsg extends RaftError {
  constructor(message = "raft: cannot step raft local message") {
    super(message);
  }
}

/** RawNode.step was given a response from a node that is not a member. */
export class ErrStepPeerNotFound extends RaftError {
  constructor(message = "raft: cannot step as peer not found") {
    super(message);
  }
}

/** A Config that cannot work (for example id 0, or electionTick not above heartbeatTick). */
export class ConfigError extends RaftError {
  constructor(message: string) {
    super(`invalid raft config: ${message}`);
  }
}

/**
 * A function of the handout that the student has not written yet. It is not a
 * RaftError: the grader reports it as "not implemented" instead of treating it
 * as a deliberate refusal.
 */
export class NotImplementedError extends Error {
  constructor(
    readonly what: string,
    readonly stage: string,
  ) {
    super(`not implemented: ${what} (${stage})`);
    this.name = "NotImplementedError";
  }
}
