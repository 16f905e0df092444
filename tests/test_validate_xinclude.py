"""`teitools validate` resolves XInclude as `xmllint --xinclude` does, from local files only:
relative to the document, inside its folder tree, with xi:fallback, no network, bounded depth;
`--no-xinclude` checks the file as it is. Small documents composed here."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_validate import TEI_NS, tei

from teitools.cli import main

XI_NS = "http://www.w3.org/2001/XInclude"
XI = f'xmlns:xi="{XI_NS}"'


def doc(body: str, header: str = "") -> str:
    """A TEI document whose body (from its 4th line on) may use the prefix xi."""
    text = tei(f"\n{body}\n").replace(f'<TEI xmlns="{TEI_NS}">', f'<TEI xmlns="{TEI_NS}" {XI}>\n')
    return text.replace("</fileDesc>", f"</fileDesc>{header}")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", "--no-schematron", *args])
    return result.exit_code, result.output


CHAPTER = f'<div xmlns="{TEI_NS}" xml:id="c1"><head>One</head><p>Text.</p></div>'


def test_included_content_is_checked_and_pointers_into_it_resolve(tmp_path: Path) -> None:
    write(tmp_path, "parts/ch1.xml", CHAPTER)
    body = '<p><ref target="#c1">see</ref></p>\n<xi:include href="parts/ch1.xml"/>'
    path = write(tmp_path, "book.xml", doc(body))
    code, out = run(str(path))
    assert code == 0 and "ID002" not in out, out
    code, out = run(str(path), "--no-xinclude")  # the raw file: tei_all has no xi:include
    assert code == 1 and "include" in out and 'ID002 @target="#c1"' in out, out


def test_xpointer_selects_by_id_element_scheme_and_xpath(tmp_path: Path) -> None:
    header = (f'<teiHeader xmlns="{TEI_NS}"><encodingDesc xml:id="enc"><p>E</p></encodingDesc>'
              '<profileDesc xml:id="prof"><langUsage><language ident="en">English</language></langUsage>'
              "</profileDesc></teiHeader>")
    write(tmp_path, "header.xml", header)
    for pointers in (('enc', 'prof'), ("element(/1/1)", "element(prof)"),
                     (f"xmlns(t={TEI_NS})xpointer(//t:encodingDesc)", "xpointer(id('prof'))")):
        includes = "".join(f'<xi:include href="header.xml" xpointer="{p}"/>' for p in pointers)
        code, out = run(str(write(tmp_path, "d.xml", doc("<p>x</p>", header=includes))))
        assert code == 0, (pointers, out)
    code, out = run(str(write(tmp_path, "d.xml", doc('<xi:include href="header.xml" xpointer="nothing"/>'))))
    assert code == 1 and 'XI001 xi:include not resolved: xpointer "nothing" selects nothing' in out


def test_a_fault_in_included_content_is_told_at_the_include(tmp_path: Path) -> None:
    write(tmp_path, "ch.xml", CHAPTER.replace("<p>", '<p bogus="1">'))
    path = write(tmp_path, "book.xml", doc('<p>x</p>\n<xi:include href="ch.xml"/>'))
    code, out = run(str(path))
    assert code == 1 and f'{path}:5:' in out and 'RNG003 attribute "bogus"' in out, out


def test_what_cannot_be_included_is_xi001_unless_a_fallback_applies(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during validation")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    write(tmp_path, "secret.xml", f'<p xmlns="{TEI_NS}">S3CR3T</p>')
    project = tmp_path / "project"
    write(project, "loop.xml", f'<div xmlns="{TEI_NS}" {XI}><xi:include href="loop.xml"/></div>')
    cases = {"gone.xml": "no such file", "http://127.0.0.1:9/ch.xml": "not a local file: never fetched",
             "../secret.xml": "outside the document's folder tree: not read", "loop.xml": "(a loop)",
             "ch.xml#c1": "fragment identifier"}
    for href, why in cases.items():
        path = write(project, "book.xml", doc(f'<p>x</p>\n<xi:include href="{href}"/>'))
        code, out = run(str(path))
        assert code == 1 and f"{path}:5:1: error XI001 xi:include not resolved" in out and why in out, out
        assert "S3CR3T" not in out and "RNG" not in out, out  # the include is left out, not checked
        if href == "loop.xml":
            continue  # loop.xml itself is found: its own include is the loop
        fallback = f'<xi:include href="{href}"><xi:fallback>Said <hi>here</hi>.</xi:fallback></xi:include>'
        code, out = run(str(write(project, "book.xml", doc(f"<p>{fallback}</p>"))))
        assert code == 0, out
    assert "S3CR3T" not in run(str(project / "book.xml"), "--trust-schemas")[1]


def test_nested_inclusions_text_and_a_fallback_that_includes(tmp_path: Path) -> None:
    write(tmp_path, "a.xml", f'<div xmlns="{TEI_NS}" {XI}><head>A</head><xi:include href="b/b.xml"/></div>')
    write(tmp_path, "b/b.xml", f'<div xmlns="{TEI_NS}" {XI}><p><xi:include href="note.txt" parse="text"/></p>'
                               "</div>")
    write(tmp_path, "b/note.txt", "Plain & simple <text>")
    body = ('<p><xi:include href="gone.xml"><xi:fallback><xi:include href="b/note.txt" parse="text"/>'
            '</xi:fallback></xi:include></p><xi:include href="a.xml"/>')
    path = write(tmp_path, "book.xml", doc(body))
    result = CliRunner().invoke(main, ["validate", "--no-schematron", "-f", "json", str(path)])
    assert result.exit_code == 0, result.output
    from teitools.validation import run as validation

    parsed = validation.load(path, validation.Options())
    text = "".join(parsed.tree.getroot().itertext())
    assert text.count("Plain & simple <text>") == 2 and not parsed.notes


def test_a_batch_in_workers_resolves_the_same(tmp_path: Path) -> None:
    write(tmp_path, "parts/ch1.xml", CHAPTER)
    body = '<p><ref target="#c1"/></p><xi:include href="parts/ch1.xml"/>'
    paths = [str(write(tmp_path, f"b{i}.xml", doc(body))) for i in range(3)]
    one, out_one = run(*paths, "-j", "1")
    two, out_two = run(*paths, "-j", "2")
    assert one == two == 0 and out_one == out_two, out_two


def test_inclusions_never_nest_deeper_than_a_file_may(tmp_path: Path) -> None:
    """Each file nests 600 deep, their inclusion 1,200: refused before RELAX NG (XML005)."""
    for i in range(2):
        inner = '<xi:include href="d1.xml"/>' if i == 0 else "x"
        write(tmp_path, f"d{i}.xml", f'<ab xmlns="{TEI_NS}" {XI}>{"<seg>" * 600}{inner}{"</seg>" * 600}</ab>')
    code, out = run(str(tmp_path / "d0.xml"))
    assert code == 1 and "XML005 elements nested more than 1000 deep" in out, out
