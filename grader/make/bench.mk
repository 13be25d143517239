# Benchmarks (grader/bench/). Not part of `make test`: timings depend on the machine and
# belong in a report, never in a pass/fail check.
#   make bench                 every benchmark, 5 runs each (about 4 minutes on 2 idle cores)
#   make bench QUICK=1         small sizes and one grading per grading row, for a smoke run
#   make bench RUNS=9 ONLY=commit-3n-object,memory-1m
# What it measures: commits/s of 3- and 5-node clusters (objects and protobuf), memory of a
# 1M-entry run, node-ticks/s of the fault simulator, and the wall time of `make grade`
# (cold, warm, each stage alone). Results: a table on stdout and every sample, the machine
# and its load in bench/results.json (BENCH_OUT=<file> to change; bench/ is not committed).
# RAFTLAB_RAFT_DIR=<dir> benchmarks another implementation folder.
# `make grade-bench` (grader/make/grade.mk) is a one-off look at the grading times alone.

BENCH_ARGS = $(if $(RUNS),--runs $(RUNS)) $(if $(QUICK),--quick) $(if $(ONLY),--only '$(ONLY)') \
	$(if $(BENCH_OUT),--out '$(BENCH_OUT)')

.PHONY: bench
bench: install ## Benchmarks: commits/s, memory of 1M entries, simulator ticks/s, `make grade` wall time (RUNS= QUICK=1 ONLY=)
	$(NPX) tsx grader/bench/bench.ts $(BENCH_ARGS)
