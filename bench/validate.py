"""Time `teitools validate` against jing and `xmllint --relaxng`, whole process, on one file and
on the whole conformance folder against tei_all, and print the ratios.

Usage: .venv/bin/python bench/validate.py [--repeat N] [--jobs N] [--folder DIR] [--also DIR]...
       [--all-checks] [--no-xmllint] [--cold]
(default folder: ../shared/conformance/validate; needs jing and xmllint for their columns)

--also DIR adds the well-formed *.xml files of another folder (the development corpus's TEI, say)
to the folder run; --all-checks adds a folder run of teitools with Schematron and integrity
checks on (jing still checks RELAX NG only). teitools is `.venv/bin/teitools` of the repository
when there is one, else this Python's `-m teitools` on the repository's source.

All three tools check RELAX NG only here (jing and xmllint do nothing else): teitools runs with
--no-schematron --no-integrity. The folder run gives every tool the same list of well-formed
documents in one invocation, less those jing meets a fatal error in (an xi:include it cannot
resolve, say): jing abandons a batch at its first such file and would skip the rest, so they
are found first (jing on the list, again without each file it stopped at) and named. Each
figure is the median wall time of --repeat runs (default 5); the machine's other load shows in
them, so the load average (as `uptime` gives it) before and after is printed too. teitools keeps
the schemas it reduced in the user cache folder: the first round of a fresh machine reduces them,
the others read them back (as every later run of a user does). --cold gives every run of teitools
an empty user cache folder of its own (``XDG_CACHE_HOME``), as a CI runner without a cache step has.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent


def well_formed(path: Path) -> bool:
    try:
        etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return False
    return True


def wall(command: list[str]) -> float:
    return timed(command)[0]


COLD = {"on": False}  # --cold: each run with an empty user cache folder


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the process and every process it waited for:
    teitools' workers, jing's threads) of one run, in seconds; with --cold, in an empty user cache
    folder made before the clock starts."""
    with tempfile.TemporaryDirectory() as empty:
        env = {**os.environ, "XDG_CACHE_HOME": empty} if COLD["on"] else None
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def jing_completes(jing: str, schema: Path, docs: list[Path]) -> tuple[list[Path], list[Path]]:
    """The documents jing validates to the end in one invocation, and those it stops the batch
    at (a line ``path:line:col: fatal: ...``), found by running it again without each."""
    left = list(docs)
    stopped: list[Path] = []
    while left:
        out = subprocess.run([jing, str(schema), *map(str, left)], capture_output=True, text=True).stdout
        # jing names a file by its absolute path, ``..`` kept
        fatal = {os.path.abspath(line.split(":", 1)[0]) for line in out.splitlines() if ": fatal: " in line}
        if not any(os.path.abspath(d) in fatal for d in left):
            break
        stopped += [d for d in left if os.path.abspath(d) in fatal]
        left = [d for d in left if os.path.abspath(d) not in fatal]
    return left, stopped


CPU = " cpu"  # the key of a command's median CPU time beside its median wall time


def compare(commands: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Median wall time of each command over ``repeat`` rounds, and its median CPU time (key
    ``name + CPU``); within a round the tools run one after the other, so that a change in the
    machine's load falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            elapsed, used = timed(command)
            times[name].append(elapsed)
            cpu[name].append(used)
    return {**{name: statistics.median(values) for name, values in times.items()},
            **{name + CPU: statistics.median(values) for name, values in cpu.items()}}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--folder", type=Path, default=REPO.parent / "shared" / "conformance" / "validate")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2, help="teitools --jobs for the folder run")
    parser.add_argument("--also", type=Path, action="append", default=[],
                        help="more documents for the folder run")
    parser.add_argument("--all-checks", action="store_true", help="also time teitools with every check")
    parser.add_argument("--no-xmllint", action="store_true", help="leave xmllint out (it takes long)")
    parser.add_argument("--cold", action="store_true", help="every run with an empty user cache folder")
    args = parser.parse_args()
    COLD["on"] = args.cold
    verdicts = args.folder / "verdicts.json"
    if not verdicts.is_file():
        print(f"{verdicts} is not there", file=sys.stderr)
        return 2
    schema = args.folder / "schemas" / "tei_all.rng"
    records = [r for r in json.loads(verdicts.read_text()) if r["schema"] == "schemas/tei_all.rng"]
    docs = [args.folder / r["file"] for r in records if r["well_formed"]]
    by_size = sorted(docs, key=lambda p: p.stat().st_size)
    singles = {"median-size file": by_size[len(by_size) // 2], "largest file": by_size[-1]}
    docs += [path for folder in args.also for path in sorted(folder.rglob("*.xml")) if well_formed(path)]
    program = REPO / ".venv" / "bin" / "teitools"
    if not program.exists():
        os.environ["PYTHONPATH"] = str(REPO / "src")
    every = [str(program)] if program.exists() else [sys.executable, "-m", "teitools"]
    every += ["validate", "--schema", str(schema), "-q"]
    teitools = [*every, "--no-schematron", "--no-integrity"]
    jing = shutil.which("jing")
    xmllint = None if args.no_xmllint else shutil.which("xmllint")

    load_before = os.getloadavg()
    rows: list[tuple[str, dict[str, float]]] = []
    for label, doc in singles.items():
        commands = {"teitools": [*teitools, str(doc)]}
        if jing:
            commands["jing"] = [jing, str(schema), str(doc)]
        if xmllint:
            commands["xmllint"] = [xmllint, "--noout", "--relaxng", str(schema), str(doc)]
        rows.append((f"one file ({label}, {doc.stat().st_size // 1024} KiB)", compare(commands, args.repeat)))
    stopped: list[Path] = []
    if jing:
        docs, stopped = jing_completes(jing, schema, docs)
    files = [str(d) for d in docs]
    commands = {"teitools": [*teitools, "-j", str(args.jobs), *files]}
    if jing:
        commands["jing"] = [jing, str(schema), *files]
    if args.all_checks:
        commands["teitools, all checks"] = [*every, "-j", str(args.jobs), *files]
    row = compare(commands, args.repeat)
    if xmllint:
        row["xmllint"] = wall([xmllint, "--noout", "--relaxng", str(schema), *files])
    megabytes = sum(Path(f).stat().st_size for f in files) / 1e6
    label = f"folder ({len(files)} files, {megabytes:.0f} MB, teitools -j {args.jobs})"
    every_check = row.pop("teitools, all checks", None)
    every_cpu = row.pop("teitools, all checks" + CPU, None)
    rows.append((label, row))
    if every_check is not None and every_cpu is not None:
        rows.append(("  the same, teitools with all checks",
                     {**row, "teitools": every_check, "teitools" + CPU: every_cpu}))

    load_after = os.getloadavg()
    for path in stopped:
        print(f"left out of the folder run: {path} (jing stops a batch there)")
    cache = "; teitools with an empty cache folder in every run" if args.cold else ""
    print(f"RELAX NG against tei_all, whole process, median of {args.repeat} (xmllint folder: 1 run){cache}; "
          f"load average {' '.join(f'{n:.2f}' for n in load_before)} before, "
          f"{' '.join(f'{n:.2f}' for n in load_after)} after")
    print(f"{'':44} {'teitools':>9} {'jing':>9} {'xmllint':>9} {'jing/tt':>8} {'xmllint/tt':>10}")
    for label, row in rows:
        tt = row["teitools"]
        cells = [f"{row.get(k, float('nan')):8.2f}s" for k in ("teitools", "jing", "xmllint")]
        ratios = [f"{row[k] / tt:7.1f}x" if k in row else "      -" for k in ("jing", "xmllint")]
        print(f"{label:44} {' '.join(cells)} {ratios[0]:>8} {ratios[1]:>10}")
        used = [f"{row[k + CPU]:8.2f}s" if k + CPU in row else "        -"
                for k in ("teitools", "jing", "xmllint")]
        ratio = f"{row['jing' + CPU] / row['teitools' + CPU]:7.1f}x" if "jing" + CPU in row else "      -"
        print(f"{'  CPU time (user + system)':44} {' '.join(used)} {ratio:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
