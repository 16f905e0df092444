"""The foundation: CLI conventions, safe input handling, deterministic well-formed TEI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import converted
from lxml import etree
from shared import corpus_params

from teitools import fidelity
from teitools.cli import main
from teitools.convert import convert_source
from teitools.source import source_from_text

TEI = "{http://www.tei-c.org/ns/1.0}"
SAMPLE = "A first paragraph\nover two lines.\n\nA second one.\n"


def test_version_and_help(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and "0.1.0" in result.output
    for command in ("convert", "validate", "export"):
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output and "teitools " + command in result.output


def test_convert_to_stdout_is_tei_with_every_character(runner, tmp_path):
    src = tmp_path / "sample.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    result = runner.invoke(main, ["convert", str(src)])
    assert result.exit_code == 0, result.output
    root = etree.fromstring(result.stdout_bytes)
    assert root.tag == TEI + "TEI"
    paras = root.findall(f".//{TEI}body/{TEI}p")
    assert len(paras) == 2
    assert "".join(paras[0].itertext()).split() == ["A", "first", "paragraph", "over", "two", "lines."]
    assert paras[0].find(TEI + "lb") is not None
    assert b"<?xml-model" in result.stdout_bytes
    sha = root.find(f".//{TEI}sourceDesc//{TEI}idno[@type='SHA-256']")
    assert sha is not None and re.fullmatch(r"[0-9a-f]{64}", sha.text or "")


def test_output_folder_refuses_to_overwrite_without_force(runner, tmp_path):
    src = tmp_path / "sample.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(main, ["convert", str(src), "-o", str(out)]).exit_code == 0
    target = out / "sample.xml"
    target.write_bytes(b"keep me")
    result = runner.invoke(main, ["convert", str(src), "-o", str(out)])
    assert result.exit_code == 2
    assert "IO007" in result.stderr and "--force" in result.stderr
    assert target.read_bytes() == b"keep me"
    assert runner.invoke(main, ["convert", str(src), "-o", str(out), "--force"]).exit_code == 0
    assert target.read_bytes().startswith(b"<?xml")
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_several_inputs_need_an_output_folder(runner, tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(SAMPLE, encoding="utf-8")
    result = runner.invoke(main, ["convert", str(tmp_path)])
    assert result.exit_code == 2 and "-o" in result.stderr
    result = runner.invoke(main, ["convert", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.xml", "b.xml"]


def test_output_never_overwrites_an_input(runner, tmp_path):
    src = tmp_path / "doc.xml"
    src.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'/>", encoding="utf-8")
    result = runner.invoke(main, ["export", str(src), "-f", "text", "-o", str(tmp_path)])
    assert result.exit_code == 0  # doc.txt, not doc.xml
    txt = tmp_path / "x.txt"
    txt.write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "x.xml").write_text("old", encoding="utf-8")
    result = runner.invoke(main, ["convert", str(txt), "-o", str(tmp_path), "--force"])
    assert result.exit_code == 0  # x.xml is not an input of this run


@pytest.mark.parametrize(("content", "code"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "IN003"),
    (b"caf\xe9 au lait\n", "IN005"),
])
def test_undecodable_input_is_refused_with_one_line(runner, tmp_path, content, code):
    src = tmp_path / "bad.txt"
    src.write_bytes(content)
    result = runner.invoke(main, ["convert", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1  # a problem of the input, as an empty one (IN001), not of the command
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and code in lines[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_named_encoding_is_honoured(runner, tmp_path):
    src = tmp_path / "latin.txt"
    src.write_bytes("caf\xe9 au lait\n".encode("latin-1"))
    result = runner.invoke(main, ["convert", str(src), "--encoding", "latin-1"])
    assert result.exit_code == 0 and "café" in result.stdout


def test_missing_and_empty_inputs(runner, tmp_path):
    result = runner.invoke(main, ["convert", str(tmp_path / "nonexistent.txt")])
    assert result.exit_code == 2 and "IO001" in result.stderr and "Traceback" not in result.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    result = runner.invoke(main, ["convert", str(empty)])
    assert result.exit_code == 1 and "IN001" in result.stderr


def test_oversized_input_is_refused(runner, tmp_path):
    src = tmp_path / "big.txt"
    src.write_text("word " * 1000, encoding="utf-8")
    result = runner.invoke(main, ["convert", str(src), "--max-bytes", "100"])
    assert result.exit_code == 2 and "IO009" in result.stderr


def test_control_characters_become_replacement_and_a_warning():
    conv = convert_source(source_from_text("bell\x07 here\n"))
    assert "\ufffd" in conv.data.decode("utf-8")
    assert [d.code for d in conv.diagnostics if d.code != "HDR001"] == ["IN006"]
    assert conv.diagnostics[0].line == 1 and conv.diagnostics[0].column == 5


def test_fidelity_check_notices_lost_and_invented_words():
    conv = convert_source(source_from_text(SAMPLE))
    root = conv.tree.getroot()
    assert fidelity.check(SAMPLE, root, []) == []
    para = root.find(f".//{TEI}body/{TEI}p")
    assert para is not None
    para.text = "A first paragraph and more"
    codes = sorted(d.code for d in fidelity.check(SAMPLE, root, []))
    assert codes == ["FID002"]
    assert [d.code for d in fidelity.check(SAMPLE + " extra", root, [])] == ["FID001", "FID002"]


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_converts_deterministically_without_loss(path: Path):
    first = converted(path)
    assert first.ok, [d.to_text() for d in first.diagnostics]
    again = convert_source(first.source)
    assert again.data == first.data
    root = etree.fromstring(first.data)
    assert root.tag == TEI + "TEI"


def test_the_summary_counts_one_in_the_singular(runner, tmp_path):
    """``1 paragraph``, never ``1 paragraphs``; ``2 paragraphs``."""
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("The harbour was quiet.\n")
    two.write_text("The harbour was quiet.\n\nThe ships came in.\n")
    for path, words in ((one, "; 1 paragraph ->"), (two, "; 2 paragraphs ->")):
        result = runner.invoke(main, ["convert", str(path), "-o", str(tmp_path / "out")])
        assert result.exit_code == 0 and words in result.stderr, result.stderr
