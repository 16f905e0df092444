#!/usr/bin/env bash
# Set up a development environment in .venv (Python >= 3.11, pip) and show teitools at work.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
.venv/bin/teitools convert examples/harbour-book.txt -o out --force
echo "TEI written to out/harbour-book.xml"
