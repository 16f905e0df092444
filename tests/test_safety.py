"""Hostile input and careless runs: nothing hangs, crashes, reads what it should not, or
replaces a file it should not. Each case as a stranger's file or a user's slip would make it."""

from __future__ import annotations

import os
import re
import signal
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teitools import safexml
from teitools.cli import main
from teitools.diagnostics import TeiToolsError
from teitools.outputs import TEMP_PREFIX, write_atomic

TEI_NS = "http://www.tei-c.org/ns/1.0"
DOC = f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body><p>x</p></body></text></TEI>\n'
TEXT = "The harbour master wrote that the ships came in late.\n\nThe grain was sold at the quay.\n"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


# ------------------------------------------------------------------ no hang, no crash


@pytest.mark.parametrize("command", [["validate"], ["export", "-f", "text"], ["convert"]])
def test_a_fifo_or_a_device_is_refused_at_once(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.xml"
    zero.symlink_to("/dev/zero")
    for path in (fifo, zero):
        code, out = run(*command, str(path))
        assert code == 2 and "IO011 not a regular file" in out, out


@pytest.mark.parametrize(("command", "suffix"), [
    (["validate"], ".xml"), (["export", "-f", "text", "-o", "out"], ".xml"),
    (["convert", "-o", "out"], ".txt")])
def test_a_fifo_in_an_input_folder_is_reported_not_skipped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], suffix: str) -> None:
    """A FIFO found in a folder is refused as it is when given (IO011, exit 2), not left out of
    the batch unsaid; a link in the folder to a device outside it is still not followed."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    name = "pipe" + suffix
    os.mkfifo(folder / "sub" / name)
    (folder / ("zero" + suffix)).symlink_to("/dev/zero")
    (folder / ("doc" + suffix)).write_text(DOC if suffix == ".xml" else TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # -o out: an output folder there
    code, out = run(*command, str(folder))
    assert code == 2, out
    assert f"{folder / 'sub' / name}: " in out and "IO011 not a regular file" in out, out
    assert "zero" not in out and "2 files" in out, out


def test_a_link_out_of_an_input_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.xml"
    outside.write_text("<secret>S3CR3T</secret>", encoding="utf-8")
    folder = tmp_path / "pr"
    folder.mkdir()
    (folder / "doc.xml").write_text(DOC, encoding="utf-8")
    (folder / "leak.xml").symlink_to(outside)
    _, out = run("validate", str(folder))
    assert "leak.xml" not in out and "S3CR3T" not in out and "1 file" in out, out


@pytest.mark.parametrize("depth", [2000, 5000])
def test_nesting_beyond_libxml2s_own_limit_is_xml005(tmp_path: Path, depth: int) -> None:
    deep = tmp_path / "deep.xml"
    deep.write_text("<a>" + "<b>" * depth + "</b>" * depth + "</a>", encoding="utf-8")
    code, out = run("validate", str(deep))
    assert code == 1 and "XML005" in out, out


@pytest.mark.parametrize("depth", [256, 257, 1000, 1001])
@pytest.mark.parametrize("twice", [False, True])
def test_nesting_is_refused_beyond_max_depth_whatever_libxml2s_limits(depth: int, twice: bool) -> None:
    """A document libxml2 parses within its own limits (256 levels) needs no walk to be known
    shallow; one deeper is parsed without them and refused beyond MAX_DEPTH levels exactly, a
    repeated xml:id (which makes libxml2 parse again without collecting ids) or not."""
    ident = ' xml:id="a"' if twice else ""
    data = (f"<a><b{ident}/><b{ident}/>" + "<a>" * (depth - 1) + "</a>" * depth).encode()
    if depth <= safexml.MAX_DEPTH:
        assert sum(1 for _ in safexml.parse_bytes(data, "d.xml").iter("a")) == depth
        return
    with pytest.raises(TeiToolsError) as refused:
        safexml.parse_bytes(data, "d.xml")
    assert refused.value.diagnostic.code == "XML005" and "1000 deep" in refused.value.diagnostic.message


def test_deep_nesting_is_refused_before_relax_ng(tmp_path: Path) -> None:
    """2,000 nested elements crash libxml2's RELAX NG validator (SIGSEGV); the batch's other
    files are still checked, in one process and in workers."""
    deep = tmp_path / "deep.xml"
    deep.write_text(f'<TEI xmlns="{TEI_NS}"><text><body>' + "<div>" * 2000 + "<p>x</p>" + "</div>" * 2000
                    + "</body></text></TEI>", encoding="utf-8")
    (tmp_path / "ok.xml").write_text(DOC, encoding="utf-8")
    for jobs in ("1", "2"):
        code, out = run("validate", "-j", jobs, str(tmp_path))
        assert code == 1 and "XML005 elements nested more than 1000 deep" in out, out
        assert "ok.xml:" in out and "2 files: 0 valid, 2 invalid" in out, out  # ok.xml checked too


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
@pytest.mark.parametrize("declaration", ["<!ENTITY xxe SYSTEM '{secret}'>",
                                         "<!ENTITY % pe SYSTEM '{secret}'> %pe;",
                                         "<!ENTITY xxe SYSTEM 'http://127.0.0.1:9/{secret}'>"])
def test_external_entities_are_refused_in_any_encoding_and_anywhere(tmp_path: Path, encoding: str,
                                                                    declaration: str) -> None:
    """Internal entities are expanded (XML 1.0 requires it); an external one is never read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("S3CR3T", encoding="utf-8")
    comment = "<!--" + "x" * 1_100_000 + "-->" if encoding == "utf-8" else ""
    text = (f'<?xml version="1.0" encoding="{encoding}"?>\n{comment}<!DOCTYPE TEI ['
            f'{declaration.format(secret=secret)}]>\n'
            f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body><p>&xxe;</p></body></text></TEI>\n')
    path = tmp_path / "doc.xml"
    path.write_bytes(text.encode(encoding))
    for command in (["validate"], ["export", "-f", "text"]):
        code, out = run(*command, str(path))
        assert code == 1 and "XML002" in out and "S3CR3T" not in out, (command, out)


_BOMB = '<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))  # i: 10^9 a's
_OPEN = f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body>\n'


@pytest.mark.parametrize(("text", "code", "line", "column", "message"), [
    # the billion laughs: libxml2 places it in the entity's own text (line 1), teitools at the reference
    (f'<?xml version="1.0"?>\n<!DOCTYPE TEI [{_BOMB}]>\n{_OPEN}<p>x &a; <!-- &i; -->&i;</p>'
     '</body></text></TEI>',
     "XML002", 4, 25, "entity 'i' is not expanded: its expansion is too large"),
    ('<!DOCTYPE TEI [<!ENTITY a "&b;"><!ENTITY b "&a;">]>\n' + _OPEN + '<p n="&a;"/></body></text></TEI>',
     "XML002", 3, 10, "entity 'a' is not expanded: its text refers back to itself"),
    (f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n{_OPEN}<p>&x;</p></body></text></TEI>',
     "XML002", 3, 7, "entity 'x' is external and is never loaded"),
    (f'<!DOCTYPE TEI [\n<!ENTITY % pe SYSTEM "file:///etc/passwd">\n%pe;\n]>\n{_OPEN}<p>x</p></body></text></TEI>',
     "XML002", 3, None, "parameter entity 'pe' is external and is never loaded"),
    (f'<!DOCTYPE TEI [<!ENTITY ed "edition">]>\n{_OPEN}<p>&ed;&nbsp;</p></body></text></TEI>',
     "XML002", 3, 14, "entity 'nbsp' is not declared"),
    (f'{_OPEN}<p>&nbsp;</p></body></text></TEI>', "XML001", 2, 10,
     "not well-formed: entity 'nbsp' is not declared"),
    (f'{_OPEN}<div>\n<p>x</div></body></text></TEI>', "XML001", 3, 11,
     "not well-formed: Opening and ending tag mismatch: p line 3 and div"),
    (f'{_OPEN}<p>Smith & Sons</p></body></text></TEI>', "XML001", 2, 11,
     "not well-formed: '&' not followed by an entity name"),
    (f'{_OPEN}<p>&#x1b;</p></body></text></TEI>', "XML003", 2, 10,  # a control character, even as a reference
     "not well-formed: invalid character value 27"),
])
@pytest.mark.parametrize("command", [["validate"], ["export", "-f", "text"]])
def test_a_parse_fault_is_told_once_at_its_place_in_plain_words(
        tmp_path: Path, command: list[str], text: str, code: str, line: int, column: int | None,
        message: str) -> None:
    """libxml2's position is given once, in front; where it lies inside an entity's text, the
    reference in the document is given instead; no libxml2 function, type or option is named."""
    path = tmp_path / "doc.xml"
    path.write_text(text, encoding="utf-8")
    status, out = run(*command, str(path))
    told = next(row for row in out.splitlines() if f" {code} " in row)
    place = f"{path}:{line}:" + (f"{column}:" if column is not None else "")
    assert status == 1 and told.startswith(place) and f" {code} {message}" in told, out
    assert not re.search(r"\bxml[A-Z]|XML_[A-Z]|line \d+, column \d+", told), told


def test_nesting_beyond_what_libxml2_parses_is_told_as_any_other(tmp_path: Path) -> None:
    """libxml2 stops below 2,048 levels even without its own limits; teitools says so in the
    words it uses for nesting beyond MAX_DEPTH, at the line where libxml2 stopped."""
    deep = tmp_path / "deep.xml"
    deep.write_text("<a>\n" + "<b>\n" * 3000 + "</b>" * 3000 + "</a>", encoding="utf-8")
    for command in (["validate"], ["export", "-f", "text"]):
        status, out = run(*command, str(deep))
        told = next(row for row in out.splitlines() if " XML005 " in row)
        line = int(told.split(":")[1])
        assert status == 1 and line > safexml.MAX_DEPTH, out
        assert told.endswith("XML005 elements nested more than 1000 deep (hint: no TEI document nests so "
                             "deep; the file may be generated to crash validators)"), told


def test_an_external_dtd_is_never_read(tmp_path: Path) -> None:
    """Applying the internal subset's attribute defaults makes libxml2 ask for the external DTD:
    it is answered with nothing, so neither a file nor a URL is read."""
    dtd = tmp_path / "secret.dtd"
    dtd.write_text('<!ENTITY leak "S3CR3T"><!ATTLIST p rend CDATA "S3CR3T">', encoding="utf-8")
    for system in (str(dtd), f"file://{dtd}", "secret.dtd", "http://127.0.0.1:9/tei.dtd"):
        text = (f'<!DOCTYPE TEI SYSTEM "{system}" [<!ATTLIST p n CDATA "1">]>\n'
                f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body><p>x</p></body></text></TEI>\n')
        tree = safexml.parse_bytes(text.encode("utf-8"), str(tmp_path / "doc.xml"))
        serialized = etree.tostring(tree, encoding="unicode")
        assert "S3CR3T" not in serialized and '<p n="1">x</p>' in serialized, serialized


# ------------------------------------------------------------------ no file lost or replaced


def test_the_report_never_replaces_an_input_or_an_output(tmp_path: Path) -> None:
    src = tmp_path / "book.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    for report in (src, out / "book.xml"):
        code, text = run("convert", str(src), "-o", str(out), "--force", "--report", str(report))
        assert code == 2 and "IO006" in text, text
        assert src.read_text(encoding="utf-8") == TEXT
        assert (out / "book.xml").read_bytes().startswith(b"<?xml")
    existing = tmp_path / "r.json"
    existing.write_text("keep", encoding="utf-8")
    code, text = run("convert", str(src), "-o", str(tmp_path / "o2"), "--report", str(existing))
    assert code == 2 and "IO007" in text and existing.read_text(encoding="utf-8") == "keep"


def test_inputs_of_the_same_name_in_subfolders_keep_their_paths(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "x.txt").write_text(f"{sub.upper()} {TEXT}", encoding="utf-8")
    code, text = run("convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert code == 0, text
    assert b"A The harbour" in (tmp_path / "out" / "a" / "x.xml").read_bytes()
    assert b"B The harbour" in (tmp_path / "out" / "b" / "x.xml").read_bytes()


def test_a_race_to_one_output_leaves_one_winner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both runs pass the existence check; the commit is a no-replace link, so the second fails."""
    from teitools import outputs

    monkeypatch.setattr(outputs, "refuse_existing", lambda target, force: None)
    target = tmp_path / "book.xml"
    write_atomic(target, b"first", force=False)
    with pytest.raises(Exception, match="IO007"):
        write_atomic(target, b"second", force=False)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["book.xml"]


def test_export_never_replaces_the_text_its_tei_came_from(tmp_path: Path) -> None:
    src = tmp_path / "book.txt"
    src.write_text(TEXT, encoding="utf-8")
    assert run("convert", str(src), "-o", str(tmp_path))[0] == 0
    code, text = run("export", "-f", "text", str(tmp_path / "book.xml"), "-o", str(tmp_path), "--force")
    assert code == 2 and "IO006" in text and "converted from" in text, text
    assert src.read_text(encoding="utf-8") == TEXT


def test_outputs_get_the_permissions_of_a_normal_write(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "page.html", b"<html/>", force=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "page.html").stat().st_mode) == 0o644


def test_temporary_files_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / f"{TEMP_PREFIX}999999999-abcd.book.xml"  # no such process
    stale.write_bytes(b"partial")
    mine = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-abcd.other.xml"  # a live run's
    mine.write_bytes(b"partial")
    write_atomic(tmp_path / "book.xml", b"whole", force=False)
    assert not stale.exists() and mine.exists()


# ------------------------------------------------------------------ one diagnostic, one line


@pytest.mark.parametrize("fmt", ["text", "github", "junit"])
def test_a_hostile_file_name_or_value_keeps_each_diagnostic_on_one_line(tmp_path: Path, fmt: str) -> None:
    from lxml import etree

    name = "evil\n::error file=x::forged\u2028\x1b[31m.xml"
    path = tmp_path / name
    path.write_text(f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body><p rend="a\nb">x</p>'
                    "<unknown/></body></text></TEI>", encoding="utf-8")
    code, out = run("validate", "-f", fmt, str(path))
    assert code == 1
    assert not any(line.startswith("::error file=x") for line in out.splitlines())
    assert "\x1b" not in out and "\u2028" not in out
    if fmt == "junit":
        etree.fromstring(out.encode())  # still well-formed XML
    else:
        lines = [line for line in out.splitlines() if "RNG" in line]
        assert lines and all("evil" in line for line in lines)


# ------------------------------------------------------------------ workers


def test_a_worker_that_crashes_costs_only_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    from teitools.validation import run as validation

    checked = validation.validate_file

    def crash_on_one(path: Path, *args: object, **kwargs: object) -> validation.FileResult:
        if path.name == "crash.xml":
            os.kill(os.getpid(), signal.SIGKILL)  # as a crash would end it, without a core dump
        return checked(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "validate_file", crash_on_one)  # forked workers inherit it
    paths = []
    for name in ("a.xml", "crash.xml", "b.xml", "c.xml", "d.xml"):
        (tmp_path / name).write_text(DOC, encoding="utf-8")
        paths.append(tmp_path / name)
    results = validation.validate_all(paths, validation.Options(), jobs=2)
    assert [r.path for r in results] == [str(p) for p in paths]
    crashed = results[1].diagnostics
    assert [d.code for d in crashed] == ["VAL001"] and "signal 9" in crashed[0].message
    assert all(all(d.code != "VAL001" for d in r.diagnostics) for r in results[:1] + results[2:])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    for k in range(4):
        (tmp_path / f"{k}.xml").write_text(DOC, encoding="utf-8")
    script = ("import time, sys\n"
              "from pathlib import Path\n"
              "from teitools.validation import run\n"
              "slow = run.validate_file\n"
              "run.validate_file = lambda *a, **k: (time.sleep(60), slow(*a, **k))[1]\n"
              f"run.validate_all(sorted(Path({str(tmp_path)!r}).glob('*.xml')), run.Options(), jobs=2)\n")
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 20
        while len(_children(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = _children(parent.pid)
        assert len(workers) == 2
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 15  # a loaded machine schedules the orphans late
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(pid) for pid in workers)


def test_a_worker_whose_parent_died_before_it_ran_ends() -> None:
    import subprocess
    import sys
    import time

    # the worker is held up before it asks to die with its parent, and the parent is gone by then
    script = ("import os, signal, time, multiprocessing\n"
              "from teitools import batch\n"
              "real = signal.signal\n"
              "signal.signal = lambda *a: (time.sleep(1.0), real(*a))[1]\n"
              "worker = batch._Worker(multiprocessing.get_context('fork'))\n"
              "print(worker.process.pid, flush=True)\n"
              "os._exit(0)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    parent.stdout.close()  # the worker holds the pipe's other end
    assert parent.wait(timeout=60) == 0
    try:
        deadline = time.monotonic() + 15
        while _running(worker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _running(worker)
    finally:
        if _running(worker):
            os.kill(worker, signal.SIGKILL)


def _running(pid: int) -> bool:
    """Is process ``pid`` alive (not gone, not a zombie)?"""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


# ------------------------------------------------------------------ convert writes only valid TEI


def test_a_date_that_is_no_real_day_stays_text() -> None:
    from teitools.convert import convert_source
    from teitools.source import source_from_text

    for day, when in (("28 February 2026", b'when="2026-02-28"'), ("29 February 2026", None),
                      ("2026-02-29", None), ("1066-12-32", None)):
        text = f"Published: {day}\n\nA review of the harbour book.\n\nThe book tells the story of a port."
        conv = convert_source(source_from_text(text, "review.txt"), "web")
        assert conv.ok, [d.to_text() for d in conv.diagnostics]
        assert f"<date>{day}</date>".encode() in conv.data if when is None else when in conv.data


def test_an_invalid_result_is_reported_and_not_written(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The schema check behind every reader: a reader's mistake never reaches a file."""
    from teitools import writer

    build = writer.build_tree

    def broken(*args: object, **kwargs: object) -> object:
        tree = build(*args, **kwargs)  # type: ignore[arg-type]
        body = tree.getroot().find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body")
        body.append(body.makeelement(f"{{{TEI_NS}}}sentence", {}))
        return tree

    monkeypatch.setattr("teitools.convert.build_tree", broken)
    src = tmp_path / "book.txt"
    src.write_text(TEXT, encoding="utf-8")
    code, out = run("convert", str(src), "-o", str(tmp_path / "out"))
    assert code == 1 and "CNV001 the TEI would not be valid against teitools.rng" in out, out
    assert not (tmp_path / "out" / "book.xml").exists()


def test_a_text_that_is_only_a_caption_still_gives_a_valid_body() -> None:
    from teitools.convert import convert_source
    from teitools.source import source_from_text

    for name in ("ocr-paged", "ebook", "plain"):
        conv = convert_source(source_from_text("Fig. 1. the\n\n", "f.txt"), name)
        assert conv.ok, (name, [d.to_text() for d in conv.diagnostics])


def test_a_fault_deep_in_a_long_body_is_still_found() -> None:
    """Long parts are checked in runs (libxml2's RELAX NG is quadratic in one long sequence):
    a fault in the middle of 1,000 paragraphs is still CNV001."""
    from lxml import etree

    from teitools.convert import convert_source, schema_errors
    from teitools.source import source_from_text

    text = "\n\n".join(f"Paragraph {k} of the harbour book." for k in range(1000))
    conv = convert_source(source_from_text(text, "long.txt"), "plain")
    assert conv.ok and schema_errors(conv.tree, conv.data, "long.txt") == []
    body = conv.tree.getroot().find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body")
    body[500].append(etree.Element(f"{{{TEI_NS}}}sentence"))
    faults = schema_errors(conv.tree, etree.tostring(conv.tree), "long.txt")
    assert [d.code for d in faults] == ["CNV001"] and "sentence" in faults[0].message


def test_an_entity_bomb_is_not_told_to_write_out_the_text_it_would_make(tmp_path: Path) -> None:
    """XML002's hint (replace the entity by its text) fits an external entity, not an expansion
    stopped: that one says the nesting is the fault."""
    bomb, external = tmp_path / "bomb.xml", tmp_path / "external.xml"
    bomb.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE TEI [{_BOMB}]>\n{_OPEN}<p>&i;</p></body></text></TEI>',
                    encoding="utf-8")
    external.write_text(f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n{_OPEN}<p>&x;</p>'
                        '</body></text></TEI>', encoding="utf-8")
    _, out = run("validate", str(bomb), str(external))
    told = {row.split(":", 1)[0]: row for row in out.splitlines() if " XML002 " in row}
    assert "(hint: write the text out rather than nest entities" in told[str(bomb)], out
    assert told[str(external)].endswith("(hint: replace the entity by the text it stands for)"), out
