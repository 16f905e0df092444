"""The integrity stage on trees written for each rule: what it finds and what it leaves alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from teitools import safexml
from teitools.validation import integrity

TEI = "http://www.tei-c.org/ns/1.0"


def found(body: str) -> list[tuple[str, str, int | None]]:
    root = etree.fromstring(f'<TEI xmlns="{TEI}">\n{body}\n</TEI>'.encode())
    return [(f.code, f.message, f.line) for f in integrity.check(etree.ElementTree(root))]


@pytest.mark.parametrize("char", ["\x7f", "\x80", "\x9f", "\ufdd0", "\ufdef"])
@pytest.mark.parametrize("where", ["<p>a{c}</p>", '<p rend="{c}"/>', "<p><hi/>{c}</p>",
                                   "<p><!--{c}--><hi>{c}</hi></p>"])
def test_every_discouraged_character_is_found_in_text_attributes_and_tails(char: str, where: str) -> None:
    assert [(code, line) for code, _, line in found(where.format(c=char))] == [("XML004", 2)]
    assert f"U+{ord(char):04X}" in found(where.format(c=char))[0][1]


@pytest.mark.parametrize("char", ["\x7e", "\xa0", "\u0100", "\u0880", "\ufdcf", "\ufdf0", "\uffef",
                                  "\U0001fdd0"])
def test_their_neighbours_are_not(char: str) -> None:
    assert found(f'<p rend="{char}">{char}<hi/>{char}<!--{char}--></p>') == []


def test_pointers_notes_and_ids_in_one_pass_keep_document_order() -> None:
    body = ('<p xml:id="a" corresp="#b #zz" ana="#a">x</p>\n'
            '<p target="#zz #yy" xmlns:o="urn:o" o:target="#nope" ref="#zz"/>\n'
            '<back><note place="end" xml:id="n1">pointed</note><note place="foot" xml:id="n2">lost</note>'
            '<note place="margin">in place</note></back>\n'
            '<p corresp="#n1" xml:id="b"/>')
    assert found(body) == [
        ("ID002", '@corresp="#zz" points to no xml:id in this document', 2),
        ("ID002", '@target="#zz" points to no xml:id in this document', 3),
        ("ID002", '@target="#yy" points to no xml:id in this document', 3),
        ("ID002", '@ref="#zz" points to no xml:id in this document', 3),
        ("NOTE001", "note is away from the text and nothing points to it", 4),
    ]


def test_one_pass_serves_repeated_ids_unique_ids_and_the_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    text = f'<TEI xmlns="{TEI}"><p xml:id="a" corresp="#zz"/><p xml:id="a"/></TEI>'
    tree = safexml.parse_bytes(text.encode())

    def codes(index: integrity.Index | None) -> tuple[list[str], list[str]]:
        return ([f.code for f in integrity.repeated_ids(tree, index)],
                [f.code for f in integrity.check(tree, index)])

    alone = codes(None)
    passes: list[bool] = []
    real = integrity._index

    def counted(*args: object, **kwargs: object) -> object:
        passes.append(True)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(integrity, "_index", counted)
    index = integrity.Index(tree)
    assert codes(index) == alone == (["ID001"], ["ID002"])
    assert integrity.with_unique_ids(tree, index) is not tree and len(passes) == 1
    assert codes(integrity.Index(tree, pointers=False)) == alone


def test_the_index_over_the_elements_the_shapes_pass_kept_finds_the_same() -> None:
    """``rng.scan`` keeps, in document order, the elements that carry an id or a pointer (any
    namespace's ``xml:id``, pointers in no namespace) and the pb, note and egXML elements; the
    checks over those alone find what the walks over every element find, egXML examples left
    out as before."""
    from teitools.validation import rng

    body = ('<p xml:id="a" corresp="#b #zz" ana="#a">x<hi rend="i">y</hi></p>\n'
            '<p target="#zz #yy" xmlns:o="urn:o" o:target="#nope" ref="#zz"/><p rend="b"/>\n'
            '<pb n="1"/><pb n="3"/>\n'
            '<egXML xmlns="http://www.tei-c.org/ns/Examples"><p xml:id="a" target="#q"/></egXML>\n'
            '<back><note place="end" xml:id="n1">pointed</note><note place="foot" xml:id="n2">lost</note>'
            '<note place="margin">in place</note></back>\n'
            '<p corresp="#n1" xml:id="b"/><p xml:id="a"/><p><lb/></p>')
    tree = safexml.parse_bytes(f'<TEI xmlns="{TEI}">\n{body}\n</TEI>'.encode())
    shapes, pairs, kept = rng.scan(tree, False, integrity.INDEXED, integrity.INDEXED_TAGS)
    assert pairs is None and shapes == rng.shapes(tree)
    every = list(tree.getroot().iter(etree.Element))
    assert kept == [el for el in every
                    if set(el.keys()) & integrity.INDEXED or el.tag in integrity.INDEXED_TAGS]
    assert [etree.QName(el).localname for el in kept] == ["p", "p", "pb", "pb", "egXML", "p", "note", "note",
                                                          "note", "p", "p"]
    assert kept[5].getparent().tag == "{http://www.tei-c.org/ns/Examples}egXML"

    def findings(index: integrity.Index) -> list[tuple[str, str, int | None]]:
        return [(f.code, f.message, f.line)
                for f in [*integrity.repeated_ids(tree, index), *integrity.check(tree, index)]]

    alone = findings(integrity.Index(tree))
    assert findings(integrity.Index(tree, candidates=kept)) == alone
    assert {code for code, _, _ in alone} == {"ID001", "ID002", "NOTE001", "PB001"}


@pytest.mark.parametrize("document", [
    '<TEI xmlns="{tei}">\n<p>a&#x85;b</p></TEI>',  # only as a character reference
    '<TEI xmlns="{tei}">\n<p rend="&#133;">b</p></TEI>',
    '<!DOCTYPE TEI [<!ENTITY c "&#x9f;">]><TEI xmlns="{tei}">\n<p>a&c;</p></TEI>',
    '<!DOCTYPE TEI [<!ENTITY c "\x85">]><TEI xmlns="{tei}">\n<p>a&c;</p></TEI>',  # in the DTD as itself
    '<!DOCTYPE TEI [<!ATTLIST p rend CDATA "\ufdd0">]><TEI xmlns="{tei}">\n<p>a</p></TEI>',
    '<TEI xmlns="{tei}">\n<p>a\x85</p></TEI>',
])
def test_discouraged_characters_are_found_from_the_bytes_read_however_written(document: str) -> None:
    """Given the UTF-8 bytes a tree was parsed from, the search for discouraged characters
    starts in them: a character written as a reference, or given by the internal DTD subset,
    is found all the same."""
    data = document.format(tei=TEI).encode()
    tree = safexml.parse_bytes(data)
    assert [(f.code, f.line) for f in integrity.check(tree, source=data)] == [("XML004", 2)]


def test_the_bytes_read_spare_serializing_a_tree_without_discouraged_characters(
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = f'<TEI xmlns="{TEI}"><p rend="b">caf\u00e9 &amp; \u20ac</p></TEI>'.encode()
    tree = safexml.parse_bytes(data)
    serialized: list[object] = []
    tostring = etree.tostring

    def counted(*args: object, **kwargs: object) -> bytes:
        serialized.append(args[0])
        return tostring(*args, **kwargs)  # type: ignore[arg-type,no-any-return]

    monkeypatch.setattr(etree, "tostring", counted)
    assert integrity.check(tree, source=data) == []
    assert serialized == []
    assert integrity.check(tree) == [] and len(serialized) == 1


def test_a_document_in_another_encoding_is_searched_as_its_characters(tmp_path: Path) -> None:
    """Validation hands integrity the bytes read only when they are UTF-8: a Latin-1 document's
    byte 0x85 is U+0085, found; so is one that an xi:include brings in."""
    from teitools.validation import run

    latin = tmp_path / "latin.xml"
    latin.write_bytes(f'<?xml version="1.0" encoding="ISO-8859-1"?>\n<TEI xmlns="{TEI}">\n<p>a\x85</p>'
                      '</TEI>'.encode("latin-1"))
    (tmp_path / "part.xml").write_text(f'<p xmlns="{TEI}">b\x85</p>', encoding="utf-8")
    including = tmp_path / "including.xml"
    including.write_text(f'<TEI xmlns="{TEI}" xmlns:xi="http://www.w3.org/2001/XInclude">\n'
                         '<xi:include href="part.xml"/></TEI>', encoding="utf-8")
    options = run.Options(schema="teitools", embedded_schematron=False)
    for path in (latin, including):
        assert [d.code for d in run.validate_file(path, options).diagnostics].count("XML004") == 1, path
