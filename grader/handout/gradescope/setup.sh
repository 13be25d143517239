#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image.
# It makes sure Node.js 20 or newer is there, then installs the grader's
# exact dependencies (npm ci, from the bundled lockfile) and generates the
# protobuf code. RAFTLAB_AUTOGRADER_ROOT replaces /autograder for local tests.
set -euo pipefail
ROOT="${RAFTLAB_AUTOGRADER_ROOT:-/autograder}"
cd "$ROOT/source/raftlab"
export HUSKY=0

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 20 ]; then
  echo "setup.sh: Node.js 20 or newer is missing; installing it from NodeSource's Node 20 packages"
  apt-get update -qq
  apt-get install -y -qq ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y -qq nodejs
fi
if [ "$(node_major)" -lt 20 ]; then
  echo "setup.sh: Node.js 20 or newer is required, found $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi

# A local test may provide node_modules (a symlink to an installed tree); Gradescope never does.
if [ ! -e node_modules ]; then
  npm ci --no-audit --no-fund
fi
node_modules/.bin/buf generate
echo "setup.sh: ready (node $(node --version))"
