# The grader's self-checks (grader/runner/, grader/selftest/).
#   make grade-selftest                 the reference passes every graded test of every stage, and every
#                                       deliberate bug in grader/selftest/mutants/*.ts fails its mustFail tests
#   make grade-selftest MUTANTS='2a-*'  only some mutants (comma-separated globs of mutant ids)
#   make grade-bench                    wall time of `make grade` on the reference: cold, warm, per stage
# The runner's own tests (options, outputs, hostile submissions) are Jest tests in `make unit`
# (grader/selftest/*.test.ts).

TEST_TARGETS += grade-selftest

.PHONY: grade-selftest
grade-selftest: install ## Deliberate bugs: the reference passes all graded tests and every mutant is caught (MUTANTS=<glob>)
	$(NPX) tsx grader/runner/mutants-cli.ts $(if $(MUTANTS),--only '$(MUTANTS)')

.PHONY: grade-bench
grade-bench: install ## Time `make grade` on the reference: cold cache, warm, per stage (a benchmark, not a test)
	$(NPX) tsx grader/runner/bench.ts
