#!/usr/bin/env bash
# The whole test suite: lint, format check, type check, then every test (slow ones
# included: `pytest` alone leaves them out) on two workers.  Tests import the
# *installed* package (pytest --import-mode=importlib does not put the source tree
# on sys.path), so they exercise what the wheel ships.  Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check scorecard tests bench scripts
.venv/bin/ruff format --check scorecard tests bench scripts
.venv/bin/mypy
SCORECARD_TEST_INSTALLED=1 .venv/bin/pytest -m "slow or not slow" -n 2 "$@"
