"""Verdicts of `teitools validate` with default options against jing + TEI's Schematron on the
conformance corpus: how many files get the reference verdict.

Usage: python bench/agreement.py [--folder DIR] [--list] [-- EXTRA VALIDATE OPTIONS...]
(default folder: ../shared/conformance/validate)

The reference verdict of a file is valid when jing finds it valid against tei_all
(verdicts.json) and TEI's Schematron finds no error-role assertion in it
(schematron-verdicts.json; roles warning, warn and nonfatal are warnings). teitools runs once on
every file, with no --schema: each file is checked against what it names, else the default.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

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
    command = [sys.executable, "-m", "teitools", "validate", "--format", "json", *extra,
               *(str(folder / f) for f in files)]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"})
    if not done.stdout.startswith("{"):
        raise SystemExit(f"teitools validate exited {done.returncode}: {done.stderr or done.stdout}")
    report = json.loads(done.stdout)
    return {str(Path(f["path"]).relative_to(folder)): f["valid"] for f in report["files"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--folder", type=Path, default=REPO.parent / "shared" / "conformance" / "validate")
    parser.add_argument("--list", action="store_true", help="list the files that disagree")
    parser.add_argument("extra", nargs="*", help="more `teitools validate` options (after --)")
    args = parser.parse_args()
    if not (args.folder / "verdicts.json").is_file():
        print(f"{args.folder}/verdicts.json is not there", file=sys.stderr)
        return 2
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
