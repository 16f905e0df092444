"""Time `teitools convert` on every corpus text: whole process and in-process, with MB/s.

Usage: .venv/bin/python bench/convert.py [--repeat N] [FILES...]
(default files: ../shared/corpus/*.txt)

       .venv/bin/python bench/convert.py --scale [--sizes 1,5,25,50]
seconds per MB and peak memory of each layout's reader on generated text of each size (MB),
in a fresh process per run: a reader whose cost per MB grows with the size is not linear.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from teitools.convert import convert_source
from teitools.source import read_source

REPO = Path(__file__).resolve().parent.parent


def timed(func: object, repeat: int) -> float:
    """Median wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


_WORDS = ["the", "harbour", "town", "grew", "up", "around", "a", "narrow", "inlet", "where", "fishing",
          "boats", "could", "shelter", "from", "westerly", "gales", "and", "by", "middle", "of", "century",
          "its", "quays", "were", "crowded", "with", "colliers", "coasters", "occasional", "ship", "baltic",
          "while", "merchants", "built", "tall", "warehouses"]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def generated(layout: str, megabytes: float, seed: int = 1) -> str:
    """Text of about ``megabytes`` MB in the shape each layout reads: pages with numbers at
    the foot, chapters and footnotes (ocr-paged); chapters, paragraphs and endnotes with
    glued markers (ebook); paragraphs (plain). Generated, not copied, so every size is new."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    page = chapter = 0
    while size < megabytes * 1_000_000:
        if layout == "ocr-paged":
            page += 1
            lines = [" ".join(rng.choice(_WORDS) for _ in range(11)) for _ in range(36)]
            if page % 20 == 1:
                chapter += 1
                lines[:0] = [f"CHAPTER {chapter}.", ""]
            if page % 3 == 0:
                lines[5] += "1"
                lines += ["", "1 " + _sentence(rng, 12)]
            block = "\n".join([*lines, "", str(page), "", ""])
        elif layout == "ebook":
            chapter += 1
            paragraphs = [_sentence(rng, 60) + f"{k}" for k in range(1, 6)] + [_sentence(rng, 80)] * 10
            notes = [f"{k}. {_sentence(rng, 15)}" for k in range(1, 6)]
            block = "\n\n".join([f"Chapter {chapter}", *paragraphs, "Notes", "\n".join(notes), ""])
        else:
            block = "\n\n".join(_sentence(rng, 80) for _ in range(20)) + "\n\n"
        out.append(block)
        size += len(block)
    return "".join(out)


def _measure(layout: str, megabytes: float) -> tuple[float, float]:
    """Seconds and peak resident MB of one conversion, in a fresh process."""
    here = str(Path(__file__).parent)
    code = ("import resource, sys, time\n"
            f"sys.path.insert(0, {here!r})\n"
            "from convert import generated\n"
            "from teitools.convert import convert_source\n"
            "from teitools.source import source_from_text\n"
            f"source = source_from_text(generated({layout!r}, {megabytes!r}))\n"
            "start = time.perf_counter()\n"
            f"result = convert_source(source, {layout!r})\n"
            "assert result.ok, [d.to_text() for d in result.diagnostics][:3]\n"
            "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    seconds, peak_kb = out.split()
    return float(seconds), int(peak_kb) / 1024


def scale(sizes: list[float]) -> int:
    """The --scale table: s/MB and peak memory per layout and size; the s/MB ratio largest/smallest."""
    print(f"{'layout':10} " + " ".join(f"{f'{mb:g} MB s/MB':>12} {'peak MB':>8}" for mb in sizes)
          + f" {'ratio':>6}")
    for layout in ("ocr-paged", "ebook", "plain"):
        cells, per_mb = [], []
        for megabytes in sizes:
            seconds, peak = _measure(layout, megabytes)
            per_mb.append(seconds / megabytes)
            cells.append(f"{seconds / megabytes:12.3f} {peak:8.0f}")
        print(f"{layout:10} " + " ".join(cells) + f" {per_mb[-1] / per_mb[0]:6.2f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scale", action="store_true", help="cost per MB of generated text, per layout")
    parser.add_argument("--sizes", default="1,5,25,50", help="sizes in MB for --scale")
    args = parser.parse_args()
    if args.scale:
        return scale([float(x) for x in args.sizes.split(",")])
    files = args.files or sorted((REPO.parent / "shared" / "corpus").glob("*.txt"))
    if not files:
        print("no input files (../shared/corpus is not there)", file=sys.stderr)
        return 2
    exe = Path(sys.executable).with_name("teitools")
    print(f"{'file':32} {'KB':>7} {'in-process s':>13} {'MB/s':>7} {'process s':>10} {'MB/s':>7}")
    with tempfile.TemporaryDirectory() as out:
        for path in files:
            size = path.stat().st_size
            inproc = timed(lambda p=path: convert_source(read_source(p)), args.repeat)
            cmd = [str(exe), "convert", str(path), "-o", out, "--force", "-q"]
            whole = timed(lambda c=cmd: subprocess.run(c, check=True), args.repeat)
            print(f"{path.name:32} {size / 1024:7.0f} {inproc:13.3f} {size / 1e6 / inproc:7.2f} "
                  f"{whole:10.3f} {size / 1e6 / whole:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
