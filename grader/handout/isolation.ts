// The stage-isolation allowlist. The check builds, for every stage S, the
// partial handout with S and the stages before it solved, and grades every
// stage. A test of a later stage must not pass there (if it does, it gives
// points for work of an earlier stage), unless it is listed here with the
// reason why it can only exercise earlier stages' code. Keep this list short:
// a test that passes for a reason not listed here is a finding for the stage's
// owner (make the test need its stage's code, or move it to the earlier stage).

export const ISOLATION_ALLOWLIST: Readonly<Record<string, string>> = {
  "2B-9":
    "Election restriction (TinyKV grades it in its log-replication suite). The lab's stage contract puts the " +
    "up-to-date log check in 2A's vote handling (issue 3), so the code it exercises is 2A code.",
  "2B-10": "Election restriction, as 2B-9: a voter refusing a candidate whose log is behind is 2A code here.",
  "2B-23":
    "Election restriction, as 2B-9: the MsgRequestVote handler table only exercises 2A's vote handling.",
  "2B-31":
    "RaftLog.term() and its typed errors are 2A code: a 2A candidate needs its last entry's term for its vote " +
    "request, so term() is complete once 2A is.",
  "2C-7":
    "Restart from a storage that already holds a snapshot only exercises newRaft/newRawNode reading storage " +
    "(first index, hard state), which 2B's restart already needs; no snapshot is sent, received or applied.",
};
