# Benchmarks of the reference implementation (grader/bench/). Not part of `make test`:
# timings depend on the machine and belong in a report, never in a pass/fail check.
#   make bench                 every benchmark, 5 runs each (a few minutes)
#   make bench QUICK=1         small sizes, for a smoke run
#   make bench RUNS=9 ONLY=commit-3n-object,memory-1m
# Results: a table on stdout and every sample in build/bench/results.json (BENCH_OUT=<file> to change).
# RAFTLAB_RAFT_DIR=<dir> benchmarks another implementation folder.

BENCH_ARGS = $(if $(RUNS),--runs $(RUNS)) $(if $(QUICK),--quick) $(if $(ONLY),--only '$(ONLY)') \
	$(if $(BENCH_OUT),--out '$(BENCH_OUT)')

.PHONY: bench
bench: install ## Benchmarks: commits/s of 3- and 5-node clusters, memory of a 1M-entry run (RUNS= QUICK=1 ONLY=)
	$(NPX) tsx grader/bench/bench.ts $(BENCH_ARGS)
