#!/usr/bin/env bash
# The static gates (issue 13): ruff check, import-linter contracts, mypy on the Qt-free core, all
# configured in pyproject.toml. `ruff format --check` runs too when LINT_FORMAT=1 (the code base is
# formatted in one pass at the end; until then the check would fail on every file).
# Exits non-zero if any gate fails; runs every gate so one run shows them all.
# Usage: tools/lint.sh [BIN_DIR]. Tools: ruff, lint-imports and mypy from BIN_DIR (or $LINT_BIN),
# else from .venv/bin, else from PATH.
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="src${PYTHONPATH:+:$PYTHONPATH}"

bin="${1:-${LINT_BIN:-}}"
if [ -z "$bin" ] && [ -x .venv/bin/ruff ]; then bin=.venv/bin; fi
tool() { if [ -n "$bin" ]; then echo "$bin/$1"; else echo "$1"; fi; }

failed=()
gate() {
  local name="$1"; shift
  echo "== $name: $*"
  if ! "$@"; then failed+=("$name"); fi
}

gate "ruff check" "$(tool ruff)" check src tests tools benchmarks packaging
if [ "${LINT_FORMAT:-0}" = 1 ]; then
  gate "ruff format" "$(tool ruff)" format --check src tests tools benchmarks packaging
fi
gate "import contracts" "$(tool lint-imports)"
gate "mypy (core)" "$(tool mypy)" src/scalingdesk/core

if [ "${#failed[@]}" -gt 0 ]; then
  echo "lint: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "lint: all gates passed"
