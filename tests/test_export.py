"""Export: the XSLT stylesheets produce a faithful reading text and a well-formed HTML page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree, html
from shared import shared_dir

from teitools.cli import main
from teitools.export import export_bytes

DOC = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc>
<titleStmt><title>A Test</title><author>Ann Author</author></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
<text><body><div><head>One</head><p>The examin<lb break="no"/>ing of
<lb/>things in <choice><sic>i960</sic><corr>1960</corr></choice> and<note n="1" place="end">A note.</note>
more.<pb n="12"/>Next page.<fw type="header">RUNNING HEAD</fw></p>
<lg><l>line one</l><l>line two</l></lg><list><item>first</item><item>second</item></list>
<table><row role="label"><cell>Year</cell><cell>Count</cell></row>
<row><cell>1960</cell><cell>5</cell></row></table>
<figure n="3"><head>A caption</head></figure></div></body></text></TEI>"""


def test_text_export_reads_like_the_book():
    text = export_bytes(DOC, "text").decode("utf-8")
    assert "The examining of things in 1960 and" in text
    assert "i960" not in text and "RUNNING HEAD" not in text
    assert "[1: A note.]" in text and "[p. 12] Next page." in text
    assert "line one\nline two\n" in text
    assert "Year\tCount\n1960\t5\n" in text
    assert "[Figure 3] A caption" in text


def test_html_export_is_a_page_with_linked_notes():
    page = html.fromstring(export_bytes(DOC, "html"))
    assert page.get("lang") == "en"
    assert page.findtext(".//title") == "A Test"
    body_text = page.find(".//main").text_content()
    assert "examining" in body_text and "1960" in body_text and "i960" not in body_text
    ref = page.find(".//a[@class='note-ref']")
    assert ref is not None and ref.text == "1"
    target = page.get_element_by_id(ref.get("href")[1:])
    assert "A note." in target.text_content()
    assert [th.text for th in page.findall(".//th")] == ["Year", "Count"]
    assert page.find(".//figure/figcaption").text == "A caption"
    assert page.find(".//span[@class='pb']").text == "[12]"


@pytest.mark.parametrize(("content", "code"), [
    (b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", "XML001"),
    (b"<html><body/></html>", "EX001"),
    (b'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]><TEI>&x;</TEI>', "XML002"),
])
def test_bad_documents_are_refused_with_one_line(runner, tmp_path, content, code):
    src = tmp_path / "bad.xml"
    src.write_bytes(content)
    result = runner.invoke(main, ["export", str(src), "-f", "html"])
    assert result.exit_code == 1
    assert code in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_export_folder_to_output_folder(runner, tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("a", "b"):
        (tmp_path / "in" / f"{name}.xml").write_bytes(DOC)
    result = runner.invoke(main, ["export", str(tmp_path / "in"), "-f", "text", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt", "b.txt"]


def _roundtrip_books() -> list[Path]:
    base = shared_dir()
    return sorted((base / "conformance" / "roundtrip" / "src").glob("*.xml")) if base else []


@pytest.mark.skipif(not _roundtrip_books(), reason="../shared/conformance/roundtrip is not there")
@pytest.mark.parametrize("fmt", ["html", "text"])
def test_real_tei_books_export_with_every_paragraph(fmt):
    for book in _roundtrip_books()[:4]:
        data = book.read_bytes()
        out = export_bytes(data, fmt, str(book))
        tree = etree.fromstring(data)
        paras = tree.findall(".//{http://www.tei-c.org/ns/1.0}body//{http://www.tei-c.org/ns/1.0}p")
        if fmt == "html":
            assert len(html.fromstring(out).findall(".//main//p")) >= len(paras), book.name
        else:
            words = set(re.findall(r"[^\W\d_]{4,}", out.decode("utf-8")))
            expected = {w for p in paras[-20:] for w in re.findall(r"[^\W\d_]{4,}", "".join(p.itertext()))}
            assert len(expected & words) >= 0.9 * len(expected), book.name
