# Handout only (this file is not in the course staff's repository).
# Your `make test` is the full check of your work: ESLint, Prettier, buf lint,
# the typecheck, the unit tests of the given code (raft/storage.test.ts), and
# then `make grade`. It passes when every graded test of every default stage
# passes.
TEST_TARGETS += grade
