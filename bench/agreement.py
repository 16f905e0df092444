"""Verdicts of `teitools validate` with default options against jing + TEI's Schematron on the
conformance corpus: how many files get the reference verdict; with --blame, where faults are
blamed: how many files get their first error on the line of jing's first.

Usage: python bench/agreement.py [--folder DIR] [--list] [--blame] [-- EXTRA VALIDATE OPTIONS...]
(default folder: ../shared/conformance/validate)
       python bench/agreement.py --corpus DIR [--list]     (any folder of TEI; jing runs here)

The reference verdict of a file is valid when jing finds it valid against tei_all
(verdicts.json) and TEI's Schematron finds no error-role assertion in it
(schematron-verdicts.json; roles warning, warn and nonfatal are warnings). teitools runs once on
every file, with no --schema: each file is checked against what it names, else the default.

--blame: of the well-formed files jing finds invalid against tei_all (verdicts.json holds its
first error), those teitools finds invalid too with `--schema tei_all.rng --no-schematron
--no-integrity` (RELAX NG alone, as jing): in how many is teitools' first error (by line) on the
line of jing's first, and in how many is one of its errors on it.

--corpus DIR (the own agreement corpus that bench/agreement_corpus.py builds, or any folder): every
`*.xml` under DIR is validated once by `teitools validate` with default options and by jing (from
the PATH) against the schema teitools used: tei_all.rng from schemas/ unless the document names
teitools.rng (the store's only other RELAX NG schema). jing's results are kept in DIR/.jing.json,
by the file's SHA-256, so a second run starts no Java (--jing-cache FILE keeps them elsewhere,
for a folder that is read-only). The reference verdict is jing's, and invalid
too when teitools' Schematron stage reports an error (SCH005: TEI's embedded rules, run by the
engine that gives SchXslt's findings on the conformance corpus; jing runs no Schematron); those
files are counted apart. Blame: over the files both call invalid, in how many is teitools' first
error (RELAX NG, XML and ID errors, by line) on the line of jing's first.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
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


JING_LINE = re.compile(r"^(.+?):(\d+):(\d+): (error|fatal): (.*)$")
NAMES_TEITOOLS = re.compile(rb"<\?xml-model[^>]*href=\"[^\"]*teitools\.rng\"")


def jing_schema(path: Path) -> Path:
    """The RELAX NG schema teitools applies to a document of the corpus (see the docstring)."""
    head = path.read_bytes()[:4096]
    return REPO / "schemas" / ("teitools.rng" if NAMES_TEITOOLS.search(head) else "tei_all.rng")


def run_jing(schema: Path, files: list[Path]) -> dict[Path, list[str]]:
    """jing's messages ("line:col: error: text") for every file, one Java process per batch; a file
    that is not well-formed ends jing's batch, so the files after it go in a new one."""
    found: dict[Path, list[str]] = {}
    todo = list(files)
    while todo:
        done = subprocess.run(["jing", str(schema), *map(str, todo)], capture_output=True, text=True,
                              check=False)
        messages: dict[str, list[str]] = {}
        fatal = None
        for line in done.stdout.splitlines():
            match = JING_LINE.match(line)
            if match:
                messages.setdefault(match[1], []).append(f"{match[2]}:{match[3]}: {match[4]}: {match[5]}")
                fatal = fatal or (match[1] if match[4] == "fatal" else None)
            elif line.startswith("fatal:") and len(todo) > 1:  # no file named: find it one by one
                for f in todo:
                    found.update(run_jing(schema, [f]))
                return found
            elif line.startswith("fatal:"):
                messages.setdefault(str(todo[0]), []).append(f"0:0: {line}")
        stop = todo.index(Path(fatal)) + 1 if fatal else len(todo)
        found.update({f: messages.get(str(f), []) for f in todo[:stop]})
        todo = todo[stop:]
    return found


def jing_corpus(files: list[Path], cache_path: Path) -> dict[Path, list[str]]:
    """jing's messages for every file, from the cache (a JSON file) where the same bytes were seen
    before; the cache is written back with the new ones."""
    cache: dict[str, list[str]] = json.loads(cache_path.read_text()) if cache_path.is_file() else {}
    keys = {f: f"{jing_schema(f).name}:{hashlib.sha256(f.read_bytes()).hexdigest()}" for f in files}
    by_schema: dict[Path, list[Path]] = {}
    for f in files:
        if keys[f] not in cache:
            by_schema.setdefault(jing_schema(f), []).append(f)
    for schema, todo in by_schema.items():
        for f, messages in run_jing(schema, todo).items():
            cache[keys[f]] = messages
    cache_path.write_text(json.dumps(cache, indent=0, sort_keys=True))
    return {f: cache[keys[f]] for f in files}


class Comparison:
    """teitools against jing on a folder: counts, and the files that differ (one line each)."""

    def __init__(self, files: int, mutants: int) -> None:
        self.files = files
        self.mutants = mutants  # files under a folder named mutants
        self.schematron = 0  # files with a TEI Schematron error (invalid for teitools and the reference)
        self.both = 0  # files jing and teitools (by a grammar or XML error) find invalid
        self.first = 0  # of those, teitools' first error on the line of jing's first
        self.wrong: list[str] = []  # verdicts that differ
        self.misses: list[str] = []  # first errors on another line


def compare(folder: Path, cache_path: Path) -> Comparison:
    """Verdicts and blame of teitools (default options) against jing on every *.xml under folder."""
    files = sorted(folder.rglob("*.xml"))
    jing = jing_corpus(files, cache_path)
    ours = report(folder, [str(f.relative_to(folder)) for f in files], [])
    result = Comparison(files=len(files),
                        mutants=sum("mutants" in f.relative_to(folder).parts for f in files))
    for f in files:
        record = ours[str(f.relative_to(folder))]
        errors = [e for e in record["errors"] if e["severity"] == "error"]
        sch = any(e["code"] == "SCH005" for e in errors)
        result.schematron += sch
        if record["valid"] != (not jing[f] and not sch):
            result.wrong.append(f"{f.relative_to(folder)}: jing {jing[f][0] if jing[f] else 'valid'}; "
                                f"teitools {_first(errors) if errors else 'valid'}")
        grammar = sorted((e for e in errors if not e["code"].startswith("SCH")),
                         key=lambda e: (e["line"] or 0, e["column"] or 0))
        if jing[f] and grammar:
            result.both += 1
            line = int(jing[f][0].split(":", 1)[0])
            result.first += (grammar[0]["line"] or 0) == line
            if (grammar[0]["line"] or 0) != line:
                result.misses.append(f"{f.relative_to(folder)}\n    jing: {jing[f][0]}\n"
                                     f"    ours: {_first(grammar)}")
    return result


def corpus(folder: Path, show: bool, cache_path: Path) -> int:
    """Print the comparison of teitools with jing on a folder (see the module's docstring)."""
    result = compare(folder, cache_path)
    real = result.files - result.mutants
    print(f"{result.files - len(result.wrong)}/{result.files} verdicts equal jing's ({real} real files, "
          f"{result.mutants} mutants; {result.schematron} with TEI Schematron errors, invalid for both)")
    print(f"{result.both} files invalid for jing and teitools: teitools' first error on the line of jing's "
          f"first in {result.first} ({result.first / max(result.both, 1):.1%})")
    for line in (result.wrong + result.misses) if show else []:
        print(f"  {line}")
    return 0


def _first(errors: list[dict[str, Any]]) -> str:
    e = errors[0]
    return f"{e['line']}:{e['column']}: {e['code']} {e['message']}"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--folder", type=Path, default=REPO.parent / "shared" / "conformance" / "validate")
    parser.add_argument("--corpus", type=Path,
                        help="any folder of TEI: verdicts and blame against jing, run here")
    parser.add_argument("--jing-cache", type=Path,
                        help="with --corpus: where jing's results are kept (default DIR/.jing.json)")
    parser.add_argument("--list", action="store_true", help="list the files that disagree")
    parser.add_argument("--blame", action="store_true", help="where faults are blamed, against jing")
    parser.add_argument("extra", nargs="*", help="more `teitools validate` options (after --)")
    args = parser.parse_args()
    if args.corpus:
        folder = args.corpus.resolve()
        return corpus(folder, args.list, args.jing_cache or folder / ".jing.json")
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
