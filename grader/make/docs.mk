# The lab guide's checks (grader/docs-check): relative links and anchors in
# docs/ and README.md resolve, every graded test's `doc` section exists in
# English and Chinese, docs/en and docs/zh have the same files and heading
# structure, and every Mermaid block parses with the official parser.
# This is the one place the real guide is checked. `make unit` runs the
# checker's own tests (grader/docs-check/docs-check.test.ts): a correct
# fixture guide passes and fixtures broken one way each fail.
TEST_TARGETS += docs-check

.PHONY: docs-check
docs-check: install ## Check the lab guide: links, anchors, graded tests' doc sections, en/zh parity, Mermaid
	$(NPX) tsx grader/docs-check/cli.ts
