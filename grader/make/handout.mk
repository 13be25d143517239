# The student handout and the Gradescope autograder (grader/handout/).
#
#   make handout OUT=<dir> [STAGES=2a,2b]   write the student repository (STAGES stay solved)
#   make autograder [AUTOGRADER_STAGES=2a]  build build/autograder.zip for Gradescope
#   make handout-markers                    check and list every solution region
#
# `make test` runs handout-check (markers, full and partial handouts, their
# byte-identity, typecheck/lint/buf in the handout, grading and stage
# isolation) and autograder-check (the bundle on three submissions).

HANDOUT_CLI := $(NPX) tsx grader/handout/cli.ts

.PHONY: handout
handout: install ## Write the student handout: OUT=<dir> [STAGES=2a,2b keeps those stages solved]
	@test -n "$(OUT)" || { echo "make handout: set OUT=<dir>, e.g. make handout OUT=../raftlab-handout" >&2; exit 2; }
	$(HANDOUT_CLI) handout --out '$(OUT)' $(if $(STAGES),--stages '$(STAGES)')

.PHONY: autograder
autograder: install ## Build build/autograder.zip for Gradescope [AUTOGRADER_STAGES=2a,2b]
	$(HANDOUT_CLI) autograder --out build/autograder.zip $(if $(AUTOGRADER_STAGES),--stages '$(AUTOGRADER_STAGES)')

.PHONY: handout-markers
handout-markers: install ## Check every solution region and list them per file
	$(HANDOUT_CLI) markers

.PHONY: handout-check autograder-check
handout-check: install
	$(NPX) tsx grader/handout/e2e.ts handout

autograder-check: install
	$(NPX) tsx grader/handout/e2e.ts autograder

TEST_TARGETS += handout-check autograder-check
