"""The README's two screenshots of the HTML export, on a desktop and on a phone: the example
book (examples/harbour-book.txt, with a title) converted and exported, shown in headless Chromium (see
tests/browser.py), written to docs/export-desktop.png and docs/export-phone.png, and made
smaller with pngquant when it is installed (apt-get install pngquant).

Usage: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import chromium, chromium_paths, screenshot, skip_reason  # noqa: E402

from teitools.convert import convert_source  # noqa: E402
from teitools.export import export_bytes  # noqa: E402
from teitools.source import read_source  # noqa: E402

METADATA = {"title": "Wellmouth", "subtitle": "A Harbour Town and its Fishery", "authors": ["A. Historian"]}
SHOTS = [("export-desktop.png", (1000, 640), ""), ("export-phone.png", (375, 667), "page-13")]


def main() -> None:
    if chromium_paths() is None:
        sys.exit(skip_reason())
    tei = convert_source(read_source(REPO / "examples" / "harbour-book.txt"), metadata=METADATA).data
    with tempfile.TemporaryDirectory(prefix="teitools-shots-") as tmp, chromium() as driver:
        page = Path(tmp) / "harbour-book.html"
        page.write_bytes(export_bytes(tei, "html"))
        for name, size, at in SHOTS:
            target = REPO / "docs" / name
            screenshot(driver, page, size, target, at)
            if shutil.which("pngquant"):
                subprocess.run(["pngquant", "--force", "--skip-if-larger", "--strip", "--quality", "60-85",
                                "--output", str(target), str(target)], check=False)
            print(f"{target.relative_to(REPO)}: {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
