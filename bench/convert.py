"""Time `teitools convert` on every corpus text: whole process and in-process, with MB/s.

Usage: .venv/bin/python bench/convert.py [--repeat N] [FILES...]
(default files: ../shared/corpus/*.txt)
"""

from __future__ import annotations

import argparse
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
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
