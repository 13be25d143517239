# Handout only (this file is not in the course staff's repository).
#
# Your `make test` is the full check of your work: ESLint, Prettier, buf lint,
# the typecheck, the unit tests of the given storage code, and then
# `make grade`. It passes when every graded test of every default stage passes.
#
# The staff's own checks of the other included makefiles (such as the
# simulator's smoke run of chaos.mk, which also needs the optional extension
# stage) are taken out; `make chaos` itself stays available to you.
TEST_TARGETS := $(filter-out chaos-smoke,$(TEST_TARGETS)) grade
