"""The OCR reader on books it was not developed on: DTA editions (German, 1863 and 1889).

The DTA's TEI keeps the printed lineation (``<lb/>``) and page breaks (``<pb n>``),
so it can be printed back as an OCR export would give it — lines as on the page,
page numbers at the foot or at the head (alone, or beside the running head the
DTA records), pages parted by blank lines — and the
reader must find every printed page where it begins (the 1863 book ends with a
dense two-column index whose entries end in page references).
"""

from __future__ import annotations

import re

import pytest
from lxml import etree
from shared import shared_path

from teitools import model as m
from teitools.convert import convert_source
from teitools.source import source_from_text

pytestmark = pytest.mark.slow  # conformance: deselect with -m 'not slow'

TEI = "{http://www.tei-c.org/ns/1.0}"
SKIPPED = {TEI + name for name in ("note", "fw", "figure", "teiHeader", "table")}
BLOCKS = {TEI + name for name in ("p", "head")}


def printed_pages(path) -> list[tuple[str | None, list[str], str]]:
    """(page number, lines, running head) of a DTA book, in order; a blank line ends a paragraph."""
    pages: list[tuple[str | None, list[str], str]] = [(None, [], "")]
    line: list[str] = []

    def end_line() -> None:
        text = " ".join("".join(line).split())
        if text:
            pages[-1][1].append(text)
        line.clear()

    def walk(el: etree._Element) -> None:
        if el.tag == TEI + "pb":
            end_line()
            pages.append((el.get("n"), [], ""))
        elif el.tag == TEI + "fw" and el.get("type") == "header":
            pages[-1] = (pages[-1][0], pages[-1][1], " ".join("".join(el.itertext()).split()))
        elif el.tag == TEI + "lb":
            end_line()
        elif el.tag not in SKIPPED and isinstance(el.tag, str):
            line.append(el.text or "")
            for child in el:
                walk(child)
                line.append(child.tail or "")
            if el.tag in BLOCKS:
                end_line()
                pages[-1][1].append("")

    walk(etree.parse(str(path)).getroot().find(TEI + "text"))
    end_line()
    return pages


def ocr_export(path, numbers_at: str) -> tuple[str, set[tuple[str, int]]]:
    """The book as an OCR text, and (page number, line of its first text) for each printed page.

    ``numbers_at`` is ``foot``, ``head``, or ``running``: at the head beside the running
    head, left on even pages (``20 Der geometrische Stil.``), right on odd ones.
    """
    out: list[str] = []
    truth: set[tuple[str, int]] = set()
    for n, lines, head in printed_pages(path):
        text = "\n".join(lines).strip("\n")
        text = re.sub(r"\n{2,}", "\n\n", text)
        if not text:
            continue
        printed = n if n and n.isdigit() else None
        if printed:
            truth.add((printed, len(out) + 1))
        body = text.split("\n")
        if printed and numbers_at == "head":
            body = [printed, "", *body]
        elif printed and numbers_at == "running":
            body = [f"{printed} {head}" if int(printed) % 2 == 0 else f"{head} {printed}", "", *body]
        elif printed:
            body[-1] += " " + printed
        out += [*body, "", "", ""]
    return "\n".join(out) + "\n", truth


def page_breaks(doc: m.Document) -> set[tuple[str, int]]:
    found: set[tuple[str, int]] = set()
    stack: list[object] = [*doc.front, *doc.body, *doc.back]
    while stack:
        node = stack.pop()
        if isinstance(node, m.PageBreak) and not node.supplied:
            found.add((node.n, node.line))
        elif isinstance(node, m.Division):
            stack += [*node.blocks, *node.breaks, *(node.head or [])]  # a page opening with a heading
        elif isinstance(node, m.Paragraph):
            stack += node.content
        elif isinstance(node, m.Figure):
            stack += node.head
    return found


@pytest.mark.parametrize("numbers_at", ["foot", "head", "running"])
@pytest.mark.parametrize("name", ["lilienthal_vogelflug_1889", "siebold_suesswasserfische_1863"])
def test_every_printed_page_of_an_unseen_book_is_found_where_it_begins(name, numbers_at):
    book = shared_path("conformance", "roundtrip", "src", f"{name}.xml")
    text, truth = ocr_export(book, numbers_at)
    result = convert_source(source_from_text(text))
    assert result.ok, [d.to_text() for d in result.diagnostics if d.severity.value == "error"]
    assert result.document.layout == "ocr-paged"
    assert len(truth) > 150
    assert page_breaks(result.document) == truth


def test_running_heads_of_an_unseen_book_become_forme_work():
    book = shared_path("conformance", "roundtrip", "src", "siebold_suesswasserfische_1863.xml")
    text, truth = ocr_export(book, "running")
    root = convert_source(source_from_text(text)).tree.getroot()
    heads = [fw for fw in root.iter(TEI + "fw") if fw.get("type") == "header"]
    assert len(heads) >= 0.8 * len(truth)
    for fw in heads:  # beside its page number, as printed
        neighbours = [fw.getprevious(), fw.getnext()]
        assert any(n is not None and n.get("type") == "pageNum" for n in neighbours)


def test_an_unseen_german_book_joins_its_split_words():
    book = shared_path("conformance", "roundtrip", "src", "lilienthal_vogelflug_1889.xml")
    text, _ = ocr_export(book, "foot")
    xml = convert_source(source_from_text(text)).data.decode()
    hyphen_ends = len(re.findall(r"-\n<lb/>[^\W\d_]", xml)) + len(re.findall(r'-<lb break="no"/>', xml))
    assert xml.count('-<lb break="no"/>') >= 0.95 * hyphen_ends  # German prints its compounds closed
