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
  "2B-6":
    "The consistency check verdict only (accept or reject, nothing else is checked). The reference writes the " +
    "follower's check-and-append in 2A, because a 2A leader broadcasts its no-op entry and 2A's network tests " +
    "deliver it; 2B's own append tests (2B-7, 2B-22, 2B-29) need the 2B log code and do not pass with 2A alone.",
  "2C-7":
    "Restart from a storage that already holds a snapshot only exercises newRaft/newRawNode reading storage " +
    "(first index, hard state), which 2B's restart already needs; no snapshot is sent, received or applied.",
};
