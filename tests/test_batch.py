"""The batch engine every command runs on: the plan (outputs under -o, refusals before the work),
worker processes (the same bytes and the same order as one process, a crash costs one file), the
results stream (input order, exit status, summary, a progress bar on a terminal only) and
incremental runs (what is skipped, what is done again, what the reports say)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from shared import REPO

from teitools import batch, codes, manifest
from teitools.cli import main
from teitools.diagnostics import Diagnostic, TeiToolsError

TEI_NS = "http://www.tei-c.org/ns/1.0"
HEADER = ("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>"
          "<publicationStmt><p>P</p></publicationStmt><sourceDesc><bibl>B</bibl></sourceDesc></fileDesc>"
          '<encodingDesc><appInfo><application ident="teitools" version="0.1.0"><label>teitools</label>'
          "</application></appInfo></encodingDesc></teiHeader>")


def text(number: int) -> str:
    return (f"The harbour master wrote letter {number} to the council.\n\n"
            f"Ship {number} came in late; the grain was sold at the quay for {number} shillings.\n")


def texts(folder: Path, count: int) -> list[Path]:
    """``count`` small texts in two subfolders of ``folder``."""
    paths = []
    for number in range(count):
        path = folder / f"part{number % 2}" / f"book{number:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text(number), encoding="utf-8")
        paths.append(path)
    return paths


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (but the manifest) by its relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != manifest.NAME}


def body(lines: str) -> list[str]:
    """stderr without the closing summary line (it says how long the run took)."""
    return lines.splitlines()[:-1]


# ------------------------------------------------------------------ the plan


def test_the_plan_keeps_relative_paths_and_refuses_before_any_work(tmp_path: Path) -> None:
    texts(tmp_path / "in", 4)
    single = tmp_path / "elsewhere" / "book000.txt"
    single.parent.mkdir()
    single.write_text(text(9), encoding="utf-8")
    (tmp_path / "out" / "part1").mkdir(parents=True)
    (tmp_path / "out" / "part1" / "book001.xml").write_text("mine", encoding="utf-8")
    plan = batch.plan([str(tmp_path / "in"), str(single)], "*.txt", tmp_path / "out", ".xml")
    targets = [str(item.target.relative_to(tmp_path / "out")) for item in plan.items if item.target]
    assert targets == ["part0/book000.xml", "part0/book002.xml", "part1/book001.xml", "part1/book003.xml",
                       "book000.xml"]
    assert {index: exc.diagnostic.code for index, exc in plan.refused.items()} == {2: "IO007"}
    forced = batch.plan([str(tmp_path / "in")], "*.txt", tmp_path / "out", ".xml", force=True)
    assert not forced.refused and all(item.replace for item in forced.items)


def test_two_inputs_with_one_output_the_second_is_refused(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(text(1), encoding="utf-8")
    code, _, err = invoke("convert", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"),
                          "-o", str(tmp_path / "out"))
    assert code == 2 and (tmp_path / "out" / "x.xml").is_file()
    second, target = tmp_path / "b" / "x.txt", tmp_path / "out" / "x.xml"
    assert f"{second}: IO006 output {target} is also the output of" in err


# ------------------------------------------------------------------ worker processes


def test_workers_write_the_same_bytes_and_print_the_same_lines_as_one_process(tmp_path: Path) -> None:
    texts(tmp_path / "in", 24)
    (tmp_path / "in" / "part0" / "empty.txt").write_text("  \n", encoding="utf-8")
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        code, _, err = invoke("convert", str(tmp_path / "in"), "-o", str(out), "-j", jobs,
                              "--report", str(tmp_path / f"r{jobs}.json"))
        report = (tmp_path / f"r{jobs}.json").read_text(encoding="utf-8").replace(str(out), "OUT")
        runs[jobs] = (code, body(err.replace(str(out), "OUT")), tree(out), report)
        assert err.splitlines()[-1].startswith("25 files: 24 converted, 1 failed; "), err
    assert runs["1"] == runs["2"]
    code, lines, outputs, report = runs["2"]
    assert code == 1 and len(outputs) == 24
    named = [line.split(":")[0] for line in lines]
    assert named == sorted(named, key=lambda p: (Path(p).parent.name, Path(p).name))  # input order
    assert [f["ok"] for f in json.loads(report)["files"]].count(False) == 1


def test_a_worker_that_dies_costs_only_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from teitools import convert

    original = convert.convert_source

    def crash_on_one(source, *args, **kwargs):  # type: ignore[no-untyped-def]
        if source.path.endswith("book005.txt"):
            os.kill(os.getpid(), signal.SIGKILL)
        return original(source, *args, **kwargs)

    monkeypatch.setattr(convert, "convert_source", crash_on_one)  # forked workers inherit it
    texts(tmp_path / "in", 12)
    code, _, err = invoke("convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "2", "-q")
    assert code == 1
    assert "book005.txt: VAL001 teitools crashed on this file (signal 9)" in err
    assert len(tree(tmp_path / "out")) == 11 and "part1/book005.xml" not in tree(tmp_path / "out")


def test_export_in_workers_gives_the_same_files(tmp_path: Path) -> None:
    texts(tmp_path / "in", 10)
    assert invoke("convert", str(tmp_path / "in"), "-o", str(tmp_path / "tei"), "-q")[0] == 0
    for jobs in ("1", "2"):
        code, _, err = invoke("export", str(tmp_path / "tei"), "-f", "html", "-o",
                              str(tmp_path / f"html{jobs}"), "-j", jobs)
        assert code == 0 and err.startswith("10 files: 10 exported, 0 failed; "), err
    assert tree(tmp_path / "html1") == tree(tmp_path / "html2") and len(tree(tmp_path / "html1")) == 10


def test_validate_in_workers_streams_the_same_report(tmp_path: Path) -> None:
    for number in range(8):
        body = "<p>x</p>" if number % 3 else "<p>x</p><oops/>"
        (tmp_path / f"d{number}.xml").write_text(
            f'<TEI xmlns="{TEI_NS}">{HEADER}<text><body>{body}</body></text></TEI>', encoding="utf-8")
    reports = {jobs: invoke("validate", str(tmp_path), "-j", jobs, "--schema", "teitools")
               for jobs in ("1", "2")}
    assert reports["1"] == reports["2"]
    code, out, _ = reports["2"]
    assert code == 1 and out.splitlines()[-1] == "8 files: 5 valid, 3 invalid; 3 errors, 0 warnings", out


# ------------------------------------------------------------------ the progress bar


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_progress_bar_on_a_terminal_and_none_in_a_pipe(tmp_path: Path) -> None:
    texts(tmp_path / "in", 6)
    primary, secondary = os.openpty()
    env = {**os.environ, "COLUMNS": "100"}
    command = [sys.executable, "-m", "teitools", "convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
               "-q"]
    with subprocess.Popen(command, stderr=secondary, stdout=subprocess.DEVNULL, env=env) as process:
        os.close(secondary)
        seen = b""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                chunk = os.read(primary, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        process.wait()
    os.close(primary)
    shown = seen.decode()
    assert "converting" in shown and "6/6" in shown and "files/s" in shown and "0 failed" in shown, shown
    piped = subprocess.run([*command[:-2], str(tmp_path / "again"), "-q"], capture_output=True, text=True,
                           check=False)
    assert piped.returncode == 0 and piped.stderr == "", piped.stderr


# ------------------------------------------------------------------ incremental runs


def test_an_incremental_rerun_does_only_what_changed(tmp_path: Path) -> None:
    paths = texts(tmp_path / "in", 10)
    out = tmp_path / "out"
    report = tmp_path / "r.json"

    def again(*extra: str) -> tuple[int, str]:
        code, _, err = invoke("convert", str(tmp_path / "in"), "-o", str(out), "--incremental", "--report",
                              str(report), "--force", *extra)
        return code, err

    code, err = again()
    assert code == 0 and err.splitlines()[-1].startswith("10 files: 10 converted, 0 failed, 0 unchanged; ")
    assert (out / manifest.NAME).is_file()
    first = tree(out)
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*.xml")}
    code, err = again()
    assert code == 0 and err.splitlines()[-1].startswith("10 files: 10 converted, 0 failed, 10 unchanged; ")
    assert all(line.endswith("(unchanged)") for line in body(err) if " -> " in line)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.xml")} == times  # nothing written
    written = json.loads(report.read_text(encoding="utf-8"))
    jsonschema.validate(written, json.loads((REPO / "schemas" / "convert-report.schema.json").read_text()))
    entries = written["files"]
    assert len(entries) == 10 and all(e["cached"] for e in entries)
    paths[3].write_text(text(3) + "\nA line added.\n", encoding="utf-8")
    os.utime(paths[7])  # touched: its output is no longer newer, so it is done again
    code, err = again()
    assert err.splitlines()[-1].startswith("10 files: 10 converted, 0 failed, 8 unchanged; ")
    redone = [line.split(":")[0] for line in body(err) if " -> " in line and not line.endswith("(unchanged)")]
    assert redone == [str(paths[3]), str(paths[7])]  # in input order
    assert b"A line added." in (out / "part1" / "book003.xml").read_bytes()
    entries = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert sum("cached" in e for e in entries) == 8
    code, err = again("--lang", "de")  # an option that changes the output: everything again
    assert err.splitlines()[-1].startswith("10 files: 10 converted, 0 failed, 0 unchanged; ")
    assert tree(out) != first


def test_an_incremental_run_replaces_only_outputs_it_made(tmp_path: Path) -> None:
    paths = texts(tmp_path / "in", 3)
    out = tmp_path / "out"
    assert invoke("convert", str(tmp_path / "in"), "-o", str(out), "--incremental")[0] == 0
    for path in paths:
        path.write_text(text(0) + "\nChanged.\n", encoding="utf-8")
    (out / "part0" / "book000.xml").write_text("edited by hand", encoding="utf-8")
    code, _, err = invoke("convert", str(tmp_path / "in"), "-o", str(out), "--incremental")
    assert code == 2 and "book000.xml: IO007 output exists; not replaced" in err
    assert (out / "part0" / "book000.xml").read_text(encoding="utf-8") == "edited by hand"
    assert b"Changed." in (out / "part1" / "book001.xml").read_bytes()  # its own output: replaced


def test_an_incremental_run_adopts_the_outputs_of_a_plain_run(tmp_path: Path) -> None:
    """A folder a plain run filled: the first --incremental run does each input once more and keeps
    each output that holds exactly the bytes it would write (nothing is rewritten), refuses one
    edited since, and records what it kept, so that the next run does nothing again."""
    paths = texts(tmp_path / "in", 4)
    out = tmp_path / "out"
    assert invoke("convert", str(tmp_path / "in"), "-o", str(out), "-q")[0] == 0
    assert not (out / manifest.NAME).exists()
    first = tree(out)
    edited = out / "part1" / "book003.xml"
    edited.write_text("edited by hand", encoding="utf-8")
    inodes = {p: p.stat().st_ino for p in out.rglob("*.xml")}
    earlier = paths[0].stat().st_mtime_ns - 10**10
    os.utime(out / "part0" / "book000.xml", ns=(earlier, earlier))  # older than its input: done again, kept
    arguments = ["convert", str(tmp_path / "in"), "-o", str(out), "--incremental"]
    code, _, err = invoke(*arguments)
    assert code == 2 and f"{edited}: IO007 output exists; not replaced" in err, err
    assert err.splitlines()[-1].startswith("4 files: 3 converted, 1 failed, 0 unchanged; "), err
    assert tree(out) == {**first, "part1/book003.xml": b"edited by hand"}
    assert {p: p.stat().st_ino for p in out.rglob("*.xml")} == inodes
    code, _, err = invoke(*arguments)
    assert code == 2 and err.splitlines()[-1].startswith("4 files: 3 converted, 1 failed, 3 unchanged; "), err


def test_a_plain_run_never_replaces_an_output_without_force(tmp_path: Path) -> None:
    """Not even one the manifest records as written by teitools from its input: only an
    --incremental run (or --force) replaces it, and the refusal leaves the manifest's record."""
    paths = texts(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert invoke("convert", str(tmp_path / "in"), "-o", str(out), "--incremental")[0] == 0
    paths[0].write_text(text(0) + "\nChanged.\n", encoding="utf-8")
    target = out / "part0" / "book000.xml"
    code, _, err = invoke("convert", str(tmp_path / "in"), "-o", str(out))
    assert code == 2 and f"{target}: IO007 output exists; not replaced" in err, err
    assert b"Changed." not in target.read_bytes()
    code, _, err = invoke("convert", str(tmp_path / "in"), "-o", str(out), "--incremental")
    assert code == 0 and err.splitlines()[-1].startswith("2 files: 2 converted, 0 failed, 1 unchanged; "), err
    assert b"Changed." in target.read_bytes()


def test_a_new_version_does_everything_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts(tmp_path / "in", 3)
    arguments = ["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--incremental"]
    assert invoke(*arguments)[0] == 0
    assert ", 3 unchanged; " in invoke(*arguments)[2]
    monkeypatch.setattr(manifest, "__version__", "99.0")
    assert ", 0 unchanged; " in invoke(*arguments)[2]


def test_incremental_validation_checks_again_what_a_changed_schema_or_file_touches(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for number in range(4):
        (docs / f"d{number}.xml").write_text(
            f'<TEI xmlns="{TEI_NS}">{HEADER}<text><body><p>{number}</p><list/></body></text></TEI>',
            encoding="utf-8")
    schema = tmp_path / "s.rng"
    schema.write_text((REPO / "schemas" / "teitools.rng").read_text(encoding="utf-8"), encoding="utf-8")
    book = tmp_path / "validate.sqlite"
    arguments = ["validate", str(docs), "--schema", str(schema), "--no-schematron", "-f", "json",
                 "--incremental", "--manifest", str(book)]
    plain = invoke(*arguments[:-3])
    first = invoke(*arguments)
    assert first == plain and first[0] == 1
    second = invoke(*arguments)
    jsonschema.validate(json.loads(second[1]),
                        json.loads((REPO / "schemas" / "validate-report.schema.json").read_text()))
    files = json.loads(second[1])["files"]
    assert second[0] == 1 and all(f["cached"] for f in files)
    assert [{k: v for k, v in f.items() if k != "cached"} for f in files] == json.loads(plain[1])["files"]
    text_report = invoke(*arguments[:-5], "--incremental", "--manifest", str(book))[1]
    assert text_report.splitlines()[-1].endswith("; 4 unchanged since the last run")
    (docs / "d2.xml").write_text(
        f'<TEI xmlns="{TEI_NS}">{HEADER}<text><body><p>2</p></body></text></TEI>', encoding="utf-8")
    third = json.loads(invoke(*arguments)[1])["files"]
    assert ["cached" in f for f in third] == [True, True, False, True]
    assert third[2]["valid"] and not third[1]["valid"]
    schema.write_text(schema.read_text(encoding="utf-8") + "<!-- changed -->\n", encoding="utf-8")
    assert not any("cached" in f for f in json.loads(invoke(*arguments)[1])["files"])


def test_the_json_report_counts_the_files_given_again(tmp_path: Path) -> None:
    for number in range(3):
        (tmp_path / f"d{number}.xml").write_text(
            f'<TEI xmlns="{TEI_NS}">{HEADER}<text><body><p>{number}</p></body></text></TEI>',
            encoding="utf-8")
    arguments = ["validate", str(tmp_path), "--schema", "teitools", "-f", "json", "--incremental",
                 "--manifest", str(tmp_path / "m.sqlite")]
    first, second = (json.loads(invoke(*arguments)[1]) for _ in range(2))
    assert first["summary"] == {"files": 3, "valid": 3, "invalid": 0, "errors": 0, "warnings": 0,
                                "not_checked": 0, "cached": 0}
    assert second["summary"] == {**first["summary"], "cached": 3}
    jsonschema.validate(second, json.loads((REPO / "schemas" / "validate-report.schema.json").read_text()))


def test_an_incremental_report_counts_a_file_not_checked_apart_from_those_given_again(
        tmp_path: Path) -> None:
    """A FIFO in the folder is never recorded: every run reports it not checked (exit 2), and
    the files unchanged since the first run are counted as cached, as without it."""
    for number in range(2):
        (tmp_path / f"d{number}.xml").write_text(
            f'<TEI xmlns="{TEI_NS}">{HEADER}<text><body><p>{number}</p></body></text></TEI>',
            encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.xml")
    arguments = ["validate", str(tmp_path), "--schema", "teitools", "-f", "json", "--incremental",
                 "--manifest", str(tmp_path / "m.sqlite")]
    (first_code, first, _), (second_code, second, _) = (invoke(*arguments) for _ in range(2))
    assert first_code == second_code == 2
    first_summary, second_summary = json.loads(first)["summary"], json.loads(second)["summary"]
    assert first_summary == {"files": 3, "valid": 2, "invalid": 0, "errors": 1, "warnings": 0,
                             "not_checked": 1, "cached": 0}
    assert second_summary == {**first_summary, "cached": 2}
    report = json.loads(second)
    jsonschema.validate(report, json.loads((REPO / "schemas" / "validate-report.schema.json").read_text()))
    pipe = next(f for f in report["files"] if f["path"].endswith("pipe.xml"))
    assert pipe["checked"] is False and "cached" not in pipe


def test_an_input_replaced_by_a_fifo_since_the_last_run_is_refused_not_read(tmp_path: Path) -> None:
    """The manifest compares the bytes of an input whose fingerprint changed: a FIFO put in the
    place of a recorded file is refused (IO011), never opened for reading (no writer: it would
    block for ever)."""
    doc = tmp_path / "d.xml"
    doc.write_text(f'<TEI xmlns="{TEI_NS}">{HEADER}<text><body><p>1</p></body></text></TEI>',
                   encoding="utf-8")
    arguments = ["validate", str(doc), "--schema", "teitools", "--incremental", "--manifest",
                 str(tmp_path / "m.sqlite")]
    assert invoke(*arguments)[0] == 0
    doc.unlink()
    os.mkfifo(doc)

    class Hung(Exception):
        """Raised by the alarm (not an OSError, which the manifest's read would take for a
        file it cannot read)."""

    def hung(signum: int, frame: object) -> None:
        raise Hung("the run blocked on the FIFO")

    earlier = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        code, out, _ = invoke(*arguments)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, earlier)
    assert code == 2 and "IO011" in out, out


def test_a_run_that_stops_early_counts_the_files_it_did_not_get_to(tmp_path: Path) -> None:
    from teitools import codes
    from teitools.diagnostics import Diagnostic, TeiToolsError
    from teitools.tasks import Outcome

    texts(tmp_path / "in", 3)

    def work(items: list[batch.Item]) -> Iterator[tuple[int, Outcome]]:
        yield 0, Outcome()
        raise TeiToolsError(Diagnostic(codes.USE009, "the cluster went away", path="teitools"))

    run = batch.Batch(batch.plan([str(tmp_path / "in")], "*.txt"), "converting")
    done = list(run.outcomes(work, replayed=lambda item, entry: Outcome(),
                             refused=lambda item, exc: Outcome()))
    assert len(done) == 1 and run.stopped is not None and run.stopped.diagnostic.code == "USE009"
    assert run.summary("converted").startswith("3 files: 1 converted, 0 failed, 2 not done; ")


def test_the_summary_rate_counts_only_the_files_worked_on(tmp_path: Path) -> None:
    """Files refused or unchanged take no time: a rate counting them would flatter the run."""
    from teitools.tasks import Outcome

    texts(tmp_path / "in", 3)
    plan = batch.plan([str(tmp_path / "in")], "*.txt")

    def work(items: list[batch.Item]) -> Iterator[tuple[int, Outcome]]:
        time.sleep(0.5)
        yield from ((position, Outcome()) for position in range(len(items)))

    some = batch.Batch(plan, "converting")
    list(some.outcomes(work, replayed=lambda item, entry: Outcome(), refused=lambda item, exc: Outcome()))
    plan.refused.update({item.index: TeiToolsError(Diagnostic(codes.IO007, "exists", path="x"))
                         for item in plan.items[1:]})
    fewer = batch.Batch(plan, "converting")
    list(fewer.outcomes(work, replayed=lambda item, entry: Outcome(), refused=lambda item, exc: Outcome()))
    for run, worked in ((some, 3), (fewer, 1)):  # "…; 0.5 s, 2.0 files/s": the files worked on a second
        timing = run.summary("converted").rsplit("; ", 1)[1]
        seconds, rate = (float(part.split()[0]) for part in timing.split(", "))
        assert run.worked == worked and abs(seconds * rate - worked) < 0.5, run.summary("converted")
    plan.refused.update({plan.items[0].index: TeiToolsError(Diagnostic(codes.IO007, "exists", path="x"))})
    none = batch.Batch(plan, "converting")
    list(none.outcomes(work, replayed=lambda item, entry: Outcome(), refused=lambda item, exc: Outcome()))
    assert none.summary("converted").endswith(" s"), none.summary("converted")


# ------------------------------------------------------------------ mistakes of the command line


def test_batch_options_that_cannot_work_are_one_line_and_status_2(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from teitools import batch_dask

    (tmp_path / "a.txt").write_text(text(1), encoding="utf-8")
    code, _, err = invoke("convert", str(tmp_path / "a.txt"), "--incremental")
    assert (code, err) == (2, "teitools: USE003 --incremental needs an output folder (hint: add -o FOLDER)\n")
    code, _, err = invoke("convert", "-", "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2 and err.startswith("teitools: USE003 - (stdin) is not sent to a cluster"), err

    def no_dask(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(batch_dask.importlib, "import_module", no_dask)
    code, _, err = invoke("convert", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--scheduler",
                          "tcp://127.0.0.1:9")
    assert code == 2 and err.startswith("teitools: USE008 --scheduler needs Dask, which is not"), err
    assert not (tmp_path / "out").exists()


def test_a_batch_option_whose_value_cannot_work_is_one_line_and_status_2(tmp_path: Path) -> None:
    """Not click's usage block, and no silent fallback: one USE003 line, nothing done."""
    (tmp_path / "a.txt").write_text(text(1), encoding="utf-8")
    (tmp_path / "a.xml").write_text(f'<TEI xmlns="{TEI_NS}">{HEADER}<text><body><p>x</p></body></text></TEI>',
                                    encoding="utf-8")
    taken = tmp_path / "taken"
    taken.write_text("a file", encoding="utf-8")
    jobs = ("teitools: USE003 --jobs: 0 is not a number of worker processes (hint: give 1 or more, or leave "
            "-j out)\n")
    not_a_folder = (f"teitools: USE003 -o: {taken} is a file, not a folder (hint: -o names the folder the "
                    "outputs go to (-o - for stdout))\n")
    runs = {
        ("convert", "a.txt", "-o", "out", "-j", "0"): jobs,
        ("validate", "a.xml", "--jobs", "0"): jobs,
        ("convert", "a.txt", "-o", str(taken)): not_a_folder,
        ("export", "a.xml", "-o", str(taken)): not_a_folder,
        ("convert", "a.txt", "-o", "out", "--scheduler", ""):
            "teitools: USE003 --scheduler: an empty address (hint: give the scheduler's address as `dask "
            "scheduler` prints it, tcp://HOST:8786)\n",
    }
    for args, line in runs.items():
        command, name, *rest = args
        code, out, err = invoke(command, str(tmp_path / name), *rest)
        assert (code, out, err) == (2, "", line), args
    assert not (tmp_path / "out").exists() and taken.read_text(encoding="utf-8") == "a file"


def test_a_call_sent_to_a_worker_that_died_is_its_crash_not_a_closed_stdout() -> None:
    """Feeding the next input to a worker that has just died writes into a broken pipe: that is
    the worker's death, reported when its answer is awaited, never the BrokenPipeError by which
    the command learns that the reader of its standard output went away (and stops quietly)."""
    import multiprocessing

    from teitools import batch

    worker = batch._Worker(multiprocessing.get_context("fork"))
    worker.process.kill()
    worker.process.join()
    worker.send(len, "abc")
    with pytest.raises(batch._Died):
        worker.receive()
    worker.stop(idle=False)


def test_a_file_name_that_is_not_utf8_is_converted_with_its_name_shown() -> None:
    """A folder may hold a name in another encoding (``na\\xefve.txt`` in Latin-1): the file is
    converted like any other, its title shows the bytes that are not UTF-8 as U+FFFD (XML
    cannot hold the lone surrogate Python keeps for them), and the batch goes on."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "in"
        folder.mkdir()
        (folder / "ok.txt").write_text("The harbour.\n\nThe ships came in.\n")
        Path(os.fsdecode(os.fsencode(folder) + b"/na\xefve.txt")).write_text("The quay.\n\nThe tide.\n")
        code, _, err = invoke("convert", str(folder), "-o", str(Path(scratch) / "out"), "-q")
        assert code == 0, err
        written = os.listdir(os.fsencode(Path(scratch) / "out"))
        assert sorted(written) == [b"na\xefve.xml", b"ok.xml"]
        tei = (Path(scratch) / "out" / os.fsdecode(b"na\xefve.xml")).read_text(encoding="utf-8")
        assert "na\ufffdve.txt</title>" in tei


def test_each_worker_starts_with_the_first_position_given_to_it() -> None:
    """With affinity, no worker takes over another's first position while the pool starts (the
    workers are fed a round at a time): a worker with nothing of its own takes from the others'
    last positions, not their first, which may be setting up what follows (a share of
    documents to parse, see validation.run)."""
    pool = batch.LocalPool(3)
    try:
        pids = [worker.process.pid for worker in pool._workers]
        ran = dict(pool.map(_own_pid, [0, 1, 2, 3], affinity=[1, 1, 2, 2]))
    finally:
        pool.close()
    assert ran[0] == pids[1] and ran[2] == pids[2]
    assert sorted(ran) == [0, 1, 2, 3]


def _own_pid(_: int) -> int:
    return os.getpid()
