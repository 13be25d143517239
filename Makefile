# raftlab: build, test and grade. Run `make help` for the list of targets.
#
# Every target installs what it needs first: `npm ci` when node_modules is
# missing or older than the lockfile, then code generation from the proto.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

export HUSKY := 0
NPX := npx --no-install

# The install stamp is newer than package.json and the lockfile after a good `npm ci`.
STAMP := node_modules/.raftlab-installed
GENERATED := raft/eraftpb.ts

$(STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(GENERATED): proto/eraftpb.proto buf.gen.yaml $(STAMP)
	$(NPX) buf generate
	@touch $@

.PHONY: help
help: ## Show the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

.PHONY: install
install: $(STAMP) $(GENERATED) ## Install dependencies and generate code

.PHONY: proto
proto: $(STAMP) ## Regenerate raft/eraftpb.ts from proto/eraftpb.proto
	$(NPX) buf generate

.PHONY: proto-breaking
proto-breaking: $(STAMP) ## Check proto/ for wire or source breaking changes against main (AGAINST=<git ref>)
	$(NPX) buf breaking --against '.git#branch=$(or $(AGAINST),main)'

.PHONY: lint
lint: install ## ESLint (zero warnings), Prettier, buf lint and buf format
	$(NPX) eslint --max-warnings 0 .
	$(NPX) prettier --check --log-level warn .
	$(NPX) buf lint
	$(NPX) buf format --diff --exit-code

.PHONY: typecheck
typecheck: install ## Type-check everything with tsc --noEmit
	$(NPX) tsc --noEmit -p tsconfig.json

.PHONY: unit
unit: install ## Unit tests of the given library code and of the grader
	$(NPX) jest --ci

# Arguments of `make grade`, passed through to the grader.
# Exit status: 0 every graded test passed, 1 some failed, 2 the grader could not run (AUTOGRADER=1: 0 once graded).
GRADE_ARGS := $(if $(STAGE),--stage $(STAGE)) $(if $(TEST),--test '$(TEST)') $(if $(SEED),--seed $(SEED)) \
	$(if $(RUNS),--runs $(RUNS)) $(if $(SUBMISSION),--submission '$(SUBMISSION)') $(if $(VERBOSE),--verbose) \
	$(if $(OUTPUT),--output '$(OUTPUT)') $(if $(AUTOGRADER),--autograder) $(if $(JOBS),--jobs $(JOBS))

.PHONY: grade
grade: install ## Grade raft/ (STAGE=2a,2b TEST=<id> SEED=<n> RUNS=<n> SUBMISSION=<dir> VERBOSE=1 OUTPUT=<dir>)
	$(NPX) tsx grader/runner/cli.ts $(GRADE_ARGS)

# Each part of the lab adds its own checks to TEST_TARGETS in grader/make/*.mk.
TEST_TARGETS :=
-include $(sort $(wildcard grader/make/*.mk))

.PHONY: test
test: lint typecheck unit $(TEST_TARGETS) ## Everything: lint, typecheck, unit tests, grader self-checks

.PHONY: clean
clean: ## Remove generated code, build outputs and the grader's scratch space
	rm -rf $(GENERATED) .raftlab build coverage
