#!/usr/bin/env bash
# The whole test suite: lint, strict typing, and the tests. Run after scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check src tests bench
.venv/bin/mypy --strict src
.venv/bin/python -m pytest -q
