"""Verdicts of `teitools validate` with default options against jing + TEI's Schematron on the
conformance corpus: how many files get the reference verdict; with --blame, where faults are
blamed: how many files get their first error on the line of jing's first.

Usage: python bench/agreement.py [--folder DIR] [--list] [--blame] [-- EXTRA VALIDATE OPTIONS...]
(default folder: ../shared/conformance/validate)

The reference verdict of a file is valid when jing finds it valid against tei_all
(verdicts.json) and TEI's Schematron finds no error-role assertion in it
(schematron-verdicts.json; roles warning, warn and nonfatal are warnings). teitools runs once on
every file, with no --schema: each file is checked against what it names, else the default.

--blame: of the well-formed files jing finds invalid against tei_all (verdicts.json holds its
first error), those teitools finds invalid too with `--schema tei_all.rng --no-schematron
--no-integrity` (RELAX NG alone, as jing): in how many is teitools' first error (by line) on the
line of jing's first, and in how many is one of its errors on it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
WARNING_ROLES = {"warning", "warn", "nonfatal"}


def reference(folder: Path) -> dict[str, bool]:
    """The reference verdict of every file judged against tei_all, by its path in the folder."""
    jing = {r["file"]: r["jing_valid"] for r in json.loads((folder / "verdicts.json").read_text())
            if r["schema"] == "schemas/tei_all.rng"}
    schematron = {r["file"]: any(e["role"] not in WARNING_ROLES for e in r["errors"])
                  for r in json.loads((folder / "schematron-verdicts.json").read_text())}
    return {file: valid and not schematron.get(file, False) for file, valid in jing.items()}


def verdicts(folder: Path, files: list[str], extra: list[str]) -> dict[str, bool]:
    """teitools' verdict of every file, from one run with the JSON report."""
    return {file: record["valid"] for file, record in report(folder, files, extra).items()}


def report(folder: Path, files: list[str], extra: list[str]) -> dict[str, dict[str, Any]]:
    """The JSON report's record of every file, from one run of `teitools validate`."""
    command = [sys.executable, "-m", "teitools", "validate", "--format", "json", *extra,
               *(str(folder / f) for f in files)]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"})
    if not done.stdout.startswith("{"):
        raise SystemExit(f"teitools validate exited {done.returncode}: {done.stderr or done.stdout}")
    return {str(Path(f["path"]).relative_to(folder)): f for f in json.loads(done.stdout)["files"]}


def blame(folder: Path) -> tuple[int, int, int, list[str]]:
    """(files both find invalid, files whose first error is on jing's first line, files with an
    error on it, the files whose first error is elsewhere, with both errors)."""
    jing = {r["file"]: r["jing_first_error"] for r in json.loads((folder / "verdicts.json").read_text())
            if r["schema"] == "schemas/tei_all.rng" and not r["jing_valid"] and r["well_formed"]}
    extra = ["--schema", str(folder / "schemas" / "tei_all.rng"), "--no-schematron", "--no-integrity"]
    both = first = anywhere = 0
    misses = []
    for file, record in report(folder, sorted(jing), extra).items():
        errors = sorted((e for e in record["errors"] if e["code"].startswith("RNG") and e["line"]),
                        key=lambda e: (e["line"], e["column"] or 0))
        if record["valid"] or not errors:
            continue
        both += 1
        line = int(jing[file].split(":", 1)[0])
        first += errors[0]["line"] == line
        anywhere += any(e["line"] == line for e in errors)
        if errors[0]["line"] != line:
            ours = errors[0]
            misses.append(f"{file}\n    jing: {jing[file]}\n    ours: {ours['line']}:{ours['column']}: "
                          f"{ours['code']} {ours['message']}")
    return both, first, anywhere, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--folder", type=Path, default=REPO.parent / "shared" / "conformance" / "validate")
    parser.add_argument("--list", action="store_true", help="list the files that disagree")
    parser.add_argument("--blame", action="store_true", help="where faults are blamed, against jing")
    parser.add_argument("extra", nargs="*", help="more `teitools validate` options (after --)")
    args = parser.parse_args()
    if not (args.folder / "verdicts.json").is_file():
        print(f"{args.folder}/verdicts.json is not there", file=sys.stderr)
        return 2
    if args.blame:
        both, first, anywhere, misses = blame(args.folder)
        print(f"{both} files invalid for jing and teitools against tei_all: teitools' first error on the "
              f"line of jing's first in {first} ({first / max(both, 1):.0%}), one of its errors on it in "
              f"{anywhere}")
        for miss in misses if args.list else []:
            print(f"  {miss}")
        return 0
    expected = reference(args.folder)
    found = verdicts(args.folder, sorted(expected), args.extra)
    wrong = sorted(f for f in expected if found.get(f) != expected[f])
    print(f"{len(expected) - len(wrong)}/{len(expected)} verdicts equal jing + TEI Schematron "
          f"(teitools validate {' '.join(args.extra) or 'with default options'})")
    if args.list:
        for file in wrong:
            print(f"  {file}: reference {'valid' if expected[file] else 'invalid'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
