"""The HTML export read in headless Chromium: pages, notes, contents and figures reachable and
shown, on a desktop and on a phone (``browser.reader_problems`` says what is checked)."""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import DESKTOP, PHONE, chromium, chromium_paths, reader_problems, skip_reason
from conftest import converted
from shared import corpus_params

from teitools.export import export_bytes
from teitools.safexml import parse_bytes

pytestmark = [pytest.mark.slow,  # a real browser: CI runs it
              pytest.mark.skipif(chromium_paths() is None, reason=skip_reason())]
REPO = Path(__file__).resolve().parent.parent


def png(width: int, height: int) -> bytes:
    """A grey PNG of ``width`` x ``height`` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


IMAGE = base64.b64encode(png(900, 60)).decode()
WIDE = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt" * 2
BOOK = f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc>
<titleStmt><title>A Reader's Test</title><author>Ann Author</author></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
<text><body>
<div type="chapter"><head>The First</head><pb n="1"/><p>Words{"<lb/> and more words" * 60}
<note place="foot" n="1">A first note.</note> and a call to nothing<note n="2"/>.</p><pb n="[2]"/>
<p>{WIDE}</p>
<figure><binaryObject mimeType="image/png">{IMAGE}</binaryObject><head>Fig. 1. A wide plate</head></figure>
<table><row role="label"><cell>Year</cell><cell>{WIDE}</cell></row></table>
<div><head>A section</head><pb n="3"/><p>{"Section words. " * 200}
<note place="foot" n="3">Third.</note></p></div>
</div>
<div type="chapter"><pb n="4"/><p>{"Untitled chapter words. " * 200}</p>
<figure><head>A figure with only a caption</head></figure><p>End.<note place="end">Last.</note></p></div>
</body></text></TEI>""".encode()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


def page_file(tmp_path: Path, data: bytes, name: str = "book", css: str = "") -> Path:
    from teitools.export import export_tree

    path = tmp_path / f"{name}.html"
    path.write_bytes(export_tree(parse_bytes(data, name), "html", name, css=css))
    return path


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_pages_notes_contents_and_figures_work_for_a_reader(browser, tmp_path, size):
    problems, counts = reader_problems(browser, page_file(tmp_path, BOOK), size)
    assert problems == []
    assert counts["pages"] == 4 and counts["notes"] == 4 and counts["figures"] == 2 and counts["images"] == 1
    assert counts["toc"] == 3  # the two chapters (the second untitled: "Chapter 2") and the section
    assert counts["width"] == size[0]


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_example_book_works_for_a_reader(browser, tmp_path, size):
    tei = converted(REPO / "examples" / "harbour-book.txt").data
    problems, counts = reader_problems(browser, page_file(tmp_path, tei, "harbour"), size)
    assert problems == []
    assert counts["pages"] >= 3 and counts["figures"] >= 3


def test_the_reader_check_sees_what_a_reader_would_miss(browser, tmp_path):
    # The same book with CSS that hides captions and pages, breaks the back-links and makes
    # the text wider than a phone: each is found.
    css = ("figcaption { display: none } .pb { visibility: hidden } main { min-width: 40rem }"
           " a[role=doc-backlink] { display: none }")
    problems, _ = reader_problems(browser, page_file(tmp_path, BOOK, css=css), PHONE)
    text = "\n".join(problems)
    assert "page page-1: its link shows span#page-1" in text
    assert "figure 1: caption not shown" in text
    assert "the page is" in text and "in a window of 375 px" in text
    html = export_bytes(BOOK, "html").replace(b'href="#noteref-1"', b'href="#page-1"')
    (tmp_path / "bad.html").write_bytes(html)
    problems, _ = reader_problems(browser, tmp_path / "bad.html", DESKTOP)
    assert any("its back-link leads to span#page-1" in p for p in problems)


@pytest.mark.slow
@pytest.mark.parametrize("path", corpus_params())
def test_every_corpus_file_works_for_a_reader(browser, tmp_path, path):
    page = page_file(tmp_path, converted(path).data, path.stem)
    for size in (DESKTOP, PHONE):
        problems, counts = reader_problems(browser, page, size)
        assert problems == [], (size, problems[:10])
        assert counts["width"] == size[0]
