"""Time the XPath-2 Schematron engine with TEI's rules on the conformance documents.

Usage: .venv/bin/python bench/schematron2.py [--repeat N]
Reads ../shared/conformance/validate: the 174 documents of schematron-verdicts.json, checked
against schemas/tei_all.sch; prints the compile times, the validation time of the whole set
(median of N runs, after a first run that warms Saxon up) and the agreement with the
reference findings.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from teitools import safexml
from teitools.validation.embedded import extract_schematron
from teitools.validation.schematron2 import compile_element, compile_schema

SUITE = Path(__file__).resolve().parent.parent.parent / "shared" / "conformance" / "validate"
COMPARED = ("location", "role", "role_declared", "kind", "pattern", "context", "test", "message")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not SUITE.is_dir():
        print(f"{SUITE} is not there", file=sys.stderr)
        return 2
    records = json.loads((SUITE / "schematron-verdicts.json").read_text(encoding="utf-8"))
    files = [SUITE / r["file"] for r in records]

    start = time.perf_counter()
    compiled = compile_schema(SUITE / "schemas" / "tei_all.sch")
    sch_seconds = time.perf_counter() - start
    start = time.perf_counter()
    grammar = safexml.parse_file(SUITE / "schemas" / "tei_all.rng").getroot()
    embedded = extract_schematron(grammar)
    assert embedded is not None
    compile_element(embedded)
    rng_seconds = time.perf_counter() - start

    start = time.perf_counter()
    results = [compiled.validate(path) for path in files]
    first = time.perf_counter() - start
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for path in files:
            compiled.validate(path)
        times.append(time.perf_counter() - start)
    agree = sum(
        [{k: f.svrl_record()[k] for k in COMPARED} for f in found] == record["errors"]
        for found, record in zip(results, records, strict=True))
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    median = statistics.median(times)
    print(f"compile tei_all.sch: {sch_seconds:.2f} s; "
          f"from tei_all.rng (extract + compile): {rng_seconds:.2f} s")
    print(f"{len(files)} documents, {megabytes:.1f} MB: first run {first:.2f} s, "
          f"then {median:.2f} s (median of {args.repeat}; {megabytes / median:.1f} MB/s)")
    print(f"findings: {sum(len(r) for r in results)}; records matching the reference: {agree}/{len(records)}")
    return 0 if agree == len(records) else 1


if __name__ == "__main__":
    raise SystemExit(main())
