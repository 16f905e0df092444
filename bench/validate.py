"""Time `teitools validate` against jing and `xmllint --relaxng`, whole process, on one file and
on the whole conformance folder against tei_all, and print the ratios.

Usage: .venv/bin/python bench/validate.py [--repeat N] [--jobs N] [--folder DIR]
(default folder: ../shared/conformance/validate; needs jing and xmllint for their columns)

All three tools check RELAX NG only here (jing and xmllint do nothing else): teitools runs with
--no-schematron --no-integrity. The folder run gives every tool the same list of well-formed
documents in one invocation (jing abandons a batch at its first not-well-formed file). Each
figure is the median wall time of --repeat runs; the machine's other load shows in them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def compare(commands: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Median wall time of each command over ``repeat`` rounds; within a round the tools run one
    after the other, so that a change in the machine's load falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            times[name].append(wall(command))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--folder", type=Path, default=REPO.parent / "shared" / "conformance" / "validate")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="teitools --jobs for the folder run")
    args = parser.parse_args()
    verdicts = args.folder / "verdicts.json"
    if not verdicts.is_file():
        print(f"{verdicts} is not there", file=sys.stderr)
        return 2
    schema = args.folder / "schemas" / "tei_all.rng"
    records = [r for r in json.loads(verdicts.read_text()) if r["schema"] == "schemas/tei_all.rng"]
    docs = [args.folder / r["file"] for r in records if r["well_formed"]]
    by_size = sorted(docs, key=lambda p: p.stat().st_size)
    singles = {"median-size file": by_size[len(by_size) // 2], "largest file": by_size[-1]}
    teitools = [str(REPO / ".venv" / "bin" / "teitools"), "validate", "--schema", str(schema),
                "--no-schematron", "--no-integrity", "-q"]
    jing = shutil.which("jing")
    xmllint = shutil.which("xmllint")

    rows: list[tuple[str, dict[str, float]]] = []
    for label, doc in singles.items():
        commands = {"teitools": [*teitools, str(doc)]}
        if jing:
            commands["jing"] = [jing, str(schema), str(doc)]
        if xmllint:
            commands["xmllint"] = [xmllint, "--noout", "--relaxng", str(schema), str(doc)]
        rows.append((f"one file ({label}, {doc.stat().st_size // 1024} KiB)", compare(commands, args.repeat)))
    files = [str(d) for d in docs]
    commands = {"teitools": [*teitools, "-j", str(args.jobs), *files]}
    if jing:
        commands["jing"] = [jing, str(schema), *files]
    row = compare(commands, args.repeat)
    if xmllint:
        row["xmllint"] = wall([xmllint, "--noout", "--relaxng", str(schema), *files])
    rows.append((f"folder ({len(files)} files, teitools -j {args.jobs})", row))

    print(f"RELAX NG against tei_all, whole process, median of {args.repeat} (xmllint folder: 1 run)")
    print(f"{'':44} {'teitools':>9} {'jing':>9} {'xmllint':>9} {'jing/tt':>8} {'xmllint/tt':>10}")
    for label, row in rows:
        tt = row["teitools"]
        cells = [f"{row.get(k, float('nan')):8.2f}s" for k in ("teitools", "jing", "xmllint")]
        ratios = [f"{row[k] / tt:7.1f}x" if k in row else "      -" for k in ("jing", "xmllint")]
        print(f"{label:44} {' '.join(cells)} {ratios[0]:>8} {ratios[1]:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
