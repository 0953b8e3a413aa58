#!/usr/bin/env bash
# The whole test suite: lint, format check, type check, tests.  Tests import the
# *installed* package (pytest --import-mode=importlib does not put the source tree
# on sys.path), so they exercise what the wheel ships.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check scorecard tests bench
.venv/bin/ruff format --check scorecard tests bench
.venv/bin/mypy
SCORECARD_TEST_INSTALLED=1 .venv/bin/pytest "$@"
