# Seeded fault-injection runs of the simulator (grader/sim/), for staff and students.
#   make chaos SEEDS=10000 STAGE=2b        many seeds of one stage's scenarios (STAGE=all: every stage)
#   make chaos SCENARIO=2B-F2 SEED=5003    rerun one seed and write its trace (.raftlab/traces/)
#   make chaos START=20001 SEEDS=5000      choose the first seed
# RAFTLAB_RAFT_DIR=<dir> runs the simulator against another implementation folder.

SEEDS ?= 1000
CHAOS_STAGE = $(if $(STAGE),$(STAGE),all)
CHAOS_ARGS = --seeds $(SEEDS) --stage $(CHAOS_STAGE) $(if $(SCENARIO),--scenario $(SCENARIO)) \
	$(if $(SEED),--seed $(SEED)) $(if $(START),--start $(START))
# tsx resolves @raft/* through tsconfig paths; point them at RAFTLAB_RAFT_DIR when it is set.
CHAOS_TSCONFIG := .raftlab/chaos.tsconfig.json
CHAOS_TSX = $(NPX) tsx $(if $(RAFTLAB_RAFT_DIR),--tsconfig $(CHAOS_TSCONFIG))

# The folder is copied under .raftlab/ (so its imports find this repository's node_modules, wherever
# it lives) and gets the generated raft/eraftpb.ts if it has none (a fresh handout does not).
CHAOS_IMPL := .raftlab/chaos-impl/raft

.PHONY: chaos-tsconfig
chaos-tsconfig:
	@if [ -n "$(RAFTLAB_RAFT_DIR)" ]; then \
	  if [ ! -f "$(RAFTLAB_RAFT_DIR)/raft.ts" ]; then \
	    echo "chaos: RAFTLAB_RAFT_DIR=$(RAFTLAB_RAFT_DIR) has no raft.ts; point it at a folder like raft/" >&2; exit 2; fi; \
	  rm -rf $(CHAOS_IMPL) && mkdir -p $(CHAOS_IMPL) && cp -R "$(RAFTLAB_RAFT_DIR)/." $(CHAOS_IMPL)/ && \
	  if [ ! -f $(CHAOS_IMPL)/eraftpb.ts ]; then cp raft/eraftpb.ts $(CHAOS_IMPL)/; fi && \
	  printf '{"extends":"%s/tsconfig.json","compilerOptions":{"paths":{"@raft/*":["%s/*"]}}}\n' \
	    "$(CURDIR)" "$(abspath $(CHAOS_IMPL))" > $(CHAOS_TSCONFIG); fi

.PHONY: chaos
chaos: install chaos-tsconfig ## Seeded fault runs (SEEDS=<n> STAGE=2a|2b|2c|all, or SCENARIO=<id> SEED=<n>)
	$(CHAOS_TSX) grader/sim/chaos.ts $(CHAOS_ARGS)

# A small sweep in `make test`: 24 seeds, three per fault scenario (a few seconds).
.PHONY: chaos-smoke
chaos-smoke: install
	$(NPX) tsx grader/sim/chaos.ts --seeds 24 --start 900001 --stage all
TEST_TARGETS += chaos-smoke
