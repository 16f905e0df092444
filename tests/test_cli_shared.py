"""What every command shares: -q and the exit status, one --max-bytes default, folded
repetitions, - for stdin and stdout, options defined once, usage errors as diagnostics,
--color; and convert's conveniences (header options, sidecars beside the inputs,
meta-template placeholders refused)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from teitools import cliopts
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


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", [["convert", str(EXAMPLE)], ["export", "harbour-book.xml", "-f", "text"]])
def test_a_full_standard_output_is_one_line_io008(tmp_path: Path, command: list[str]) -> None:
    """``-o -`` onto a stream that takes nothing more (a full disk): one line, IO008, status 2."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    teitools = [sys.executable, "-m", "teitools"]
    made = CliRunner().invoke(main, ["convert", str(EXAMPLE), "-o", str(tmp_path)])
    assert made.exit_code == 0, made.output
    with open("/dev/full", "wb") as full:
        done = subprocess.run([*teitools, *command, "-o", "-"], cwd=tmp_path, env=env, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    full_disk = ("-: IO008 standard output cannot be written: No space left on device "
                 "(hint: check where the output goes: its permissions and the free space)")
    assert done.stderr.splitlines()[-1] == full_disk
    assert "INTERNAL" not in done.stderr


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


# ------------------------------------------------------------ usage errors and the shared options

COMMANDS = {"convert": "x.txt", "validate": "x.xml", "export": "x.xml"}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_kind_of_usage_error_is_one_diagnostic_line_and_status_2(runner: CliRunner,
                                                                      command: str) -> None:
    given = COMMANDS[command]
    kinds = {
        "USE003": [command, given, "-j", "abc"],  # not a number
        "USE003 ": [command, given, "-f" if command != "convert" else "--layout", "nope"],  # not a choice
        "USE011": [command, given, "--frobnicate"],  # an unknown option
        "USE011 ": [command, given, "-o"],  # an option without its value
        "USE012": [command],  # a missing argument
    }
    for code, args in kinds.items():
        result = runner.invoke(main, args)
        assert result.exit_code == 2, args
        assert result.stdout == "" and result.stderr.count("\n") == 1, (args, result.stderr)
        assert result.stderr.startswith(f"teitools: {code.strip()} "), (args, result.stderr)
        assert result.stderr.endswith(f" (hint: run teitools {command} --help)\n"), args
        assert "Usage:" not in result.stderr and "Error:" not in result.stderr


def test_usage_errors_of_the_group_and_of_nested_commands_name_their_help(runner: CliRunner) -> None:
    cases = {("frobnicate",): ("USE011", "teitools"), ("--bogus",): ("USE011", "teitools"),
             ("schemas", "fetch"): ("USE012", "teitools schemas fetch"),
             ("schemas", "nope"): ("USE011", "teitools schemas"),
             ("rules", "-f", "yaml"): ("USE003", "teitools rules"),
             ("validate", "x.xml", "--max-warnings", "-1"): ("USE003", "teitools validate")}
    for args, (code, command) in cases.items():
        result = runner.invoke(main, list(args))
        assert result.exit_code == 2, args
        assert result.stderr.startswith(f"teitools: {code} ") and result.stderr.count("\n") == 1, args
        assert result.stderr.endswith(f"(hint: run {command} --help)\n"), (args, result.stderr)
    assert runner.invoke(main, ["--help"]).exit_code == 0


def test_shared_options_are_the_same_on_every_command_that_takes_them() -> None:
    seen: dict[str, list[tuple[str, click.Option]]] = {}
    for name, command in main.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and param.name in cliopts.SHARED:
                seen.setdefault(str(param.name), []).append((name, param))
    assert {"output", "force", "jobs", "quiet", "verbose", "max_bytes", "fmt", "color"} <= set(seen)
    for name, options in seen.items():
        spellings = {tuple(option.opts) for _, option in options}
        assert len(spellings) == 1, (name, spellings)
        if name not in ("output", "fmt"):  # -o says how the outputs are named, -f what the formats are
            assert len({option.help for _, option in options}) == 1, name
            assert len({repr(option.default) for _, option in options}) == 1, name
    assert {name for name, _ in seen["color"]} == {"convert", "validate", "export"}


def test_format_choices_are_the_registries_names(monkeypatch: pytest.MonkeyPatch) -> None:
    from teitools import codes, export
    from teitools.validation import formats

    def choices(name: str) -> tuple[str, ...]:
        option = next(p for p in main.commands[name].params if p.name == "fmt")
        assert isinstance(option.type, click.Choice)
        return tuple(option.type.choices)

    assert choices("rules") == codes.FORMATS and choices("validate") == formats.FORMATS
    assert choices("export") == tuple(export.FORMATS)
    monkeypatch.setitem(export.FORMATS, "odt", ("tei-to-odt.xsl", ".odt"))  # a format registered ...
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, "sarif"))
    assert choices("export")[-1] == "odt" and choices("validate")[-1] == "sarif"  # ... is offered


def test_color_always_colours_text_and_never_json(runner: CliRunner, tmp_path: Path) -> None:
    warned = write(tmp_path, "w.xml", TEI.format("<p>a\u0093b</p>"))
    text = write(tmp_path, "t.txt", "One paragraph.\n\nAnother \x1b one.\n")
    red_or_yellow = ("\x1b[33m", "\x1b[31m")
    coloured = runner.invoke(main, ["validate", str(warned), "--color", "always"])
    assert "\x1b[33mwarning\x1b[0m \x1b[33m\x1b[1mXML004\x1b[0m" in coloured.stdout
    for args in (["validate", str(warned)], ["validate", str(warned), "--color", "never"],
                 ["convert", str(text)], ["convert", str(text), "--color", "never"]):
        assert "\x1b[" not in runner.invoke(main, args).output, args  # auto: not a terminal
    for fmt in ("json", "junit", "github"):
        out = runner.invoke(main, ["validate", str(warned), "-f", fmt, "--color", "always"]).stdout
        assert "XML004" in out and "\x1b[" not in out, fmt
    loud = runner.invoke(main, ["convert", str(text), "--color", "always", "-o", str(tmp_path / "o"),
                                "--report", str(tmp_path / "r.json")])
    assert any(c in loud.stderr for c in red_or_yellow) and "IN006" in loud.stderr
    assert "\x1b[" not in (tmp_path / "r.json").read_text(encoding="utf-8")


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_color_auto_means_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cliopts.colored(_Terminal()) and not cliopts.colored(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cliopts.colored(_Terminal())
    monkeypatch.setenv("NO_COLOR", "")  # https://no-color.org: set and not empty
    assert cliopts.colored(_Terminal())


def test_a_report_to_standard_output_when_the_tei_goes_to_a_folder(runner: CliRunner, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """``--report -`` is the JSON on standard output (never a file named ``-``) when the TEI
    goes to a folder; with the TEI on standard output too it is refused before anything runs."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.txt", "The harbour.\n\nThe ships came in.\n")
    result = runner.invoke(main, ["convert", "a.txt", "-o", "out", "--report", "-", "-q"])
    assert result.exit_code == 0 and json.loads(result.stdout)["files"][0]["input"] == "a.txt"
    assert not (tmp_path / "-").exists() and (tmp_path / "out" / "a.xml").is_file()
    result = runner.invoke(main, ["convert", "a.txt", "--report", "-"])
    assert result.exit_code == 2 and "USE003 --report -" in result.stderr and not result.stdout


def test_a_run_failed_by_its_warnings_says_so(runner: CliRunner, tmp_path: Path) -> None:
    """``--strict`` and ``--max-warnings`` fail a run of valid files: a line says why, with
    ``-q`` too (the summary alone would read as a success)."""
    warned = write(tmp_path, "w.xml", TEI.format("<p>a\u0093b</p>"))  # XML004, a warning
    cases = ((["--strict"], "--strict allows none"), (["--max-warnings", "0"], "--max-warnings allows 0"))
    for args, why in cases:
        result = runner.invoke(main, ["validate", str(warned), *args, "-q"])
        assert result.exit_code == 1 and f"failed: 1 warning, {why}" in result.stderr
    result = runner.invoke(main, ["validate", str(warned), "--max-warnings", "1"])
    assert result.exit_code == 0 and "failed" not in result.stderr


def test_an_output_folder_named_as_a_file_is_refused(runner: CliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """``-o book.xml`` (or ``-o b.html``) would make a folder of that name holding the output: it
    is refused before anything is written, with a hint; a folder of any other name is made."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.txt", "The harbour.\n\nThe ships came in.\n")
    result = runner.invoke(main, ["convert", "a.txt", "-o", "book.xml"])
    assert result.exit_code == 2 and "USE003 -o: book.xml is named as a file" in result.stderr
    assert not (tmp_path / "book.xml").exists()
    assert runner.invoke(main, ["convert", "a.txt", "-o", "tei", "-q"]).exit_code == 0
    result = runner.invoke(main, ["export", "tei/a.xml", "-f", "html", "-o", "a.html"])
    assert result.exit_code == 2 and not (tmp_path / "a.html").exists()
    assert runner.invoke(main, ["export", "tei/a.xml", "-f", "html", "-o", "site.d"]).exit_code == 0


def test_export_takes_the_shared_quiet_and_verbose_options(runner: CliRunner, tmp_path: Path) -> None:
    """``export -q`` prints no summary and keeps the exit status; ``-v`` is taken, as by the
    other commands (both were USE011 before)."""
    (tmp_path / "tei").mkdir()
    for name in ("a", "b"):
        write(tmp_path / "tei", f"{name}.xml", TEI.format("<p>The harbour.</p>"))
    runs = [runner.invoke(main, ["export", str(tmp_path / "tei"), "-f", "text", "-o", str(tmp_path / f"t{k}"),
                                 *extra]) for k, extra in enumerate(([], ["-q"], ["-v"]))]
    loud, quiet, verbose = runs
    assert loud.exit_code == quiet.exit_code == verbose.exit_code == 0
    assert "2 files: 2 exported" in loud.stderr and quiet.stderr == ""
