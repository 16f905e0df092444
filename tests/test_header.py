"""The teiHeader of every layout: valid, complete where facts are known, honest where not."""

from __future__ import annotations

import pytest
from conftest import converted
from lxml import etree
from shared import corpus_params

from schemas import errors_against
from teitools import language
from teitools.cli import main
from teitools.convert import convert_source
from teitools.source import source_from_text

NS = {"t": "http://www.tei-c.org/ns/1.0"}
ENGLISH = ("It was the first time that the harbour had been closed, and the people who worked there "
           "were not sure what they would do with the days that followed. ") * 6
GERMAN = ("Es war das erste Mal, dass der Hafen geschlossen wurde, und die Leute, die dort arbeiteten, "
          "wussten nicht, was sie mit den Tagen anfangen sollten, die noch kommen würden. ") * 6


def header(text: str, metadata: dict | None = None) -> etree._Element:
    conv = convert_source(source_from_text(text), metadata=metadata)
    return conv.tree.getroot().find("t:teiHeader", NS)


def test_placeholder_publication_is_marked_and_warned_once():
    conv = convert_source(source_from_text(ENGLISH))
    pub = conv.tree.getroot().find(".//t:publicationStmt", NS)
    assert [etree.QName(c).localname for c in pub] == ["p"] and "not stated" in pub[0].text
    assert [d.code for d in conv.diagnostics] == ["HDR001"]


def test_publisher_without_licence_says_the_licence_is_unknown():
    h = header(ENGLISH, metadata={"publication": {"publisher": "A Library"}})
    assert h.xpath(".//t:publicationStmt/t:publisher/text()", namespaces=NS) == ["A Library"]
    assert h.xpath(".//t:publicationStmt/t:availability/@status", namespaces=NS) == ["unknown"]


def test_licence_url_is_the_licence_target():
    url = "https://creativecommons.org/licenses/by/4.0/"
    h = header(ENGLISH, metadata={"publication": {"publisher": "A Library", "licence_url": url}})
    assert h.xpath(".//t:licence/@target", namespaces=NS) == [url]


def test_language_is_detected_only_when_clear():
    assert language.detect(ENGLISH) == "en"
    assert language.detect(GERMAN) == "de"
    assert language.detect("Harbour closed. " * 3) is None
    assert language.detect(ENGLISH + GERMAN) is None
    h = header(GERMAN)
    assert h.xpath(".//t:langUsage/t:language/@ident", namespaces=NS) == ["de"]


def test_app_info_records_options_and_no_date_by_default(runner, tmp_path):
    src = tmp_path / "page.txt"
    src.write_text(ENGLISH, encoding="utf-8")
    first = runner.invoke(main, ["convert", str(src), "--lang", "en-GB"])
    second = runner.invoke(main, ["convert", str(src), "--lang", "en-GB"])
    assert first.exit_code == 0 and first.stdout_bytes == second.stdout_bytes
    root = etree.fromstring(first.stdout_bytes)
    assert "lang=en-GB" in root.xpath("string(//t:appInfo//t:desc)", namespaces=NS)
    assert str(tmp_path) not in first.stdout
    assert not root.xpath("//t:revisionDesc", namespaces=NS)


def test_date_option_adds_a_change_entry(runner, tmp_path):
    src = tmp_path / "page.txt"
    src.write_text(ENGLISH, encoding="utf-8")
    result = runner.invoke(main, ["convert", str(src), "--date", "2026-02-03"])
    root = etree.fromstring(result.stdout_bytes)
    assert root.xpath("//t:revisionDesc/t:change/@when", namespaces=NS) == ["2026-02-03"]


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_headers_are_valid_tei(path):
    conv = converted(path)
    root = etree.fromstring(etree.tostring(conv.tree.getroot().find("t:teiHeader", NS)))
    tei = etree.fromstring(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p/></body></text></TEI>')
    tei.insert(0, root)
    assert errors_against("tei_all", tei) == []
