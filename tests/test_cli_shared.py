"""What every command shares: -q and the exit status, one --max-bytes default, folded
repetitions, - for stdin and stdout; and convert's conveniences (header options, sidecars
beside the inputs, meta-template placeholders refused)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from teitools.cli import main
from teitools.diagnostics import Diagnostic, Folded, folded
from teitools.outputs import DEFAULT_MAX_BYTES

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "harbour-book.txt"
TEI = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>'
       "</titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc>"
       "</fileDesc></teiHeader><text><body>{}</body></text></TEI>")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_quiet_never_changes_the_exit_status(runner: CliRunner, tmp_path: Path) -> None:
    warned = write(tmp_path, "w.xml", TEI.format("<p>a\u0093b</p>"))  # XML004, a warning
    invalid = write(tmp_path, "i.xml", TEI.format("<x/>"))
    text = write(tmp_path, "t.txt", "One paragraph.\n\nAnother \x1b one.\n")  # IN006, a warning
    empty = write(tmp_path, "e.txt", " \n")
    runs = [
        ["validate", str(warned)], ["validate", str(warned), "--strict"],
        ["validate", str(warned), "--max-warnings", "0"], ["validate", str(invalid)],
        ["validate", str(tmp_path / "missing.xml")],
        ["convert", str(text)], ["convert", str(empty)], ["convert", str(tmp_path / "missing.txt")],
    ]
    for args in runs:
        loud, quiet = runner.invoke(main, args), runner.invoke(main, [*args, "-q"])
        assert loud.exit_code == quiet.exit_code, args
    assert {runner.invoke(main, r).exit_code for r in runs} == {0, 1, 2}


def test_max_bytes_has_one_default_and_one_code(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("convert", "validate", "export"):
        command = main.commands[name]
        assert isinstance(command, click.Command)
        option = next(p for p in command.params if p.name == "max_bytes")
        assert option.default == DEFAULT_MAX_BYTES == 256 * 1024 * 1024, name
    xml = write(tmp_path, "d.xml", TEI.format("<p>Text.</p>"))
    txt = write(tmp_path, "d.txt", "Some text that is long enough.\n")
    for args in (["convert", str(txt)], ["validate", str(xml)], ["export", str(xml)]):
        result = runner.invoke(main, [*args, "--max-bytes", "10"])
        assert result.exit_code == 2 and "IO009" in result.output, args


def test_folded_keeps_the_first_of_a_code_and_counts_the_rest() -> None:
    many = [Diagnostic("EBK001", f"note {i}", path="b.txt", line=i) for i in range(1, 184)]
    other = Diagnostic("EBK002", "note text 7", path="b.txt", line=300)
    shown = list(folded([*many[:3], other, *many[3:]]))
    assert shown[:3] == many[:3] and shown[3] is other and shown[4:6] == many[3:5]
    assert shown[6:] == [Folded("b.txt", "EBK001", 178)]
    assert shown[6].to_text() == "b.txt: … and 178 more EBK001 (use -v to list all)"
    assert list(folded(many, None)) == many
    assert list(folded(many[:5])) == many[:5]


def test_convert_folds_repeated_diagnostics_unless_verbose(runner: CliRunner, tmp_path: Path) -> None:
    text = write(tmp_path, "c.txt", "".join(f"Line {i} with a \x1b control.\n\n" for i in range(8)))
    report = tmp_path / "r.json"
    result = runner.invoke(main, ["convert", str(text), "--report", str(report)])
    assert result.exit_code == 0
    assert result.stderr.count("IN006 control character") == 5
    assert f"{text}: … and 3 more IN006 (use -v to list all)" in result.stderr
    verbose = runner.invoke(main, ["convert", str(text), "-v"])
    assert verbose.stderr.count("IN006 control character") == 8 and "more IN006" not in verbose.stderr
    entries = json.loads(report.read_text(encoding="utf-8"))["files"][0]["diagnostics"]
    assert sum(d["code"] == "IN006" for d in entries) == 8


def test_validate_folds_text_output_and_keeps_every_finding_elsewhere(runner: CliRunner,
                                                                      tmp_path: Path) -> None:
    path = write(tmp_path, "d.xml", TEI.format("".join(f"<p>a\u0093b {i}</p>" for i in range(9))))
    text = runner.invoke(main, ["validate", str(path)])
    assert text.output.count("XML004 character") == 5
    assert f"{path}: … and 4 more XML004 (use -v to list all)" in text.output
    assert "9 warnings" in text.output
    assert runner.invoke(main, ["validate", str(path), "-v"]).output.count("XML004 character") == 9
    for fmt, needle in (("json", '"XML004"'), ("github", "title=XML004"), ("junit", "XML004 character")):
        assert runner.invoke(main, ["validate", str(path), "-f", fmt]).output.count(needle) == 9, fmt


def test_a_pipeline_through_stdin_and_stdout(tmp_path: Path) -> None:
    """The acceptance test: cat x.txt | teitools convert - | teitools validate -"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    teitools = f"{sys.executable} -m teitools"
    done = subprocess.run(f"cat {EXAMPLE} | {teitools} convert - | {teitools} validate -", shell=True,
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "1 file: 1 valid, 0 invalid; 0 errors, 0 warnings\n"
    assert "-: ocr-paged:" in done.stderr and "-> stdout" in done.stderr


def test_dash_reads_stdin_and_writes_stdout(runner: CliRunner, tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    tei = runner.invoke(main, ["convert", "-", "-o", "-"], input=text)
    assert tei.exit_code == 0 and tei.stdout.startswith("<?xml")
    assert '<idno type="filename">stdin</idno>' in tei.stdout
    written = runner.invoke(main, ["convert", "-", "-o", str(tmp_path / "out")], input=text)
    assert written.exit_code == 0 and (tmp_path / "out" / "stdin.xml").is_file()
    html = runner.invoke(main, ["export", "-", "-o", str(tmp_path / "site")], input=tei.stdout)
    assert html.exit_code == 0 and (tmp_path / "site" / "stdin.html").is_file()
    reading = runner.invoke(main, ["export", "-", "-f", "text"], input=tei.stdout)
    assert reading.exit_code == 0 and "THE HARBOUR" in reading.stdout
    broken = runner.invoke(main, ["validate", "-"], input="<TEI>")
    assert broken.exit_code == 1 and broken.stdout.startswith("-:1:")
    jing = runner.invoke(main, ["validate", "-", "--engine", "jing"], input=tei.stdout)
    assert jing.exit_code == 2 and "USE003" in jing.output


def test_header_options_for_the_original(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["convert", str(EXAMPLE), "--title", "The Harbour", "--author", "A. Writer",
                                  "--author", "B. Other", "--date-of-source", "1898-05"])
    assert result.exit_code == 0
    tei = result.stdout
    assert '<title type="main">The Harbour</title>' in tei
    assert tei.count("<author>A. Writer</author>") == 2 and "<author>B. Other</author>" in tei
    assert '<date when="1898-05">1898-05</date>' in tei
    bad = runner.invoke(main, ["convert", str(EXAMPLE), "--date-of-source", "May 1898"])
    assert bad.exit_code == 2 and "USE003 --date-of-source:" in bad.stderr


def test_a_sidecar_beside_each_input_is_used_and_said(runner: CliRunner, tmp_path: Path) -> None:
    books = tmp_path / "books"
    books.mkdir()
    for name in ("a", "b"):
        write(books, f"{name}.txt", EXAMPLE.read_text(encoding="utf-8"))
    write(books, "a.meta.json", json.dumps({"title": "Book A", "publication": {
        "publisher": "Us", "licence": "CC BY 4.0"}}))
    result = runner.invoke(main, ["convert", str(books), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "; metadata from a.meta.json -> " in result.stderr
    assert "metadata from" not in result.stderr.split("b.txt: ocr-paged")[1]
    a = (tmp_path / "out" / "a.xml").read_text(encoding="utf-8")
    assert '<title type="main">Book A</title>' in a and "meta=a.meta.json" in a
    assert "Book A" not in (tmp_path / "out" / "b.xml").read_text(encoding="utf-8")
    own = write(tmp_path, "own.json", json.dumps({"title": "Given"}))
    chosen = runner.invoke(main, ["convert", str(books / "a.txt"), "--meta", str(own)])
    assert '<title type="main">Given</title>' in chosen.stdout and "metadata from own.json" in chosen.stderr
    titled = runner.invoke(main, ["convert", str(books / "a.txt"), "--title", "Option"])
    assert '<title type="main">Option</title>' in titled.stdout  # options over the sidecar


def test_the_untouched_meta_template_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path, "book.txt", EXAMPLE.read_text(encoding="utf-8"))
    template = runner.invoke(main, ["meta-template"]).stdout
    write(tmp_path, "book.meta.json", template)
    result = runner.invoke(main, ["convert", str(tmp_path / "book.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and not (tmp_path / "out").exists()
    assert result.stderr.count("META003") == 1
    assert "META003 the sidecar still holds placeholders of teitools meta-template: $.title 'The Title of " \
           "the Original', $.subtitle 'Its Subtitle' and 7 more" in result.stderr
    edited = json.loads(template)
    edited.update(title="Real Title", subtitle="Real Subtitle", authors=["Real Author"],
                  editors=["Real Editor"],
                  responsibilities=[{"resp": "translated by", "name": "Real Translator"}],
                  publisher="Real Press", source_url="https://example.com/real",
                  publication={**edited["publication"], "publisher": "Real Publisher"})
    write(tmp_path, "book.meta.json", json.dumps(edited))
    assert runner.invoke(main, ["convert", str(tmp_path / "book.txt")]).exit_code == 0
