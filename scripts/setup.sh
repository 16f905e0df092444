#!/usr/bin/env bash
# Set up a development environment in .venv (Python >= 3.11, pip) and show teitools at work.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -m venv .venv 2>/dev/null; then
  # Debian's system Python keeps venv in a separate package.
  apt-get update -qq && apt-get install -y -qq python3-venv
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
.venv/bin/teitools convert examples/harbour-book.txt -o out --force
echo "TEI written to out/harbour-book.xml"
