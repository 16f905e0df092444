"""The --report JSON: one entry per input, valid against schemas/convert-report.schema.json."""

from __future__ import annotations

import json

import jsonschema
import pytest
from shared import shared_path

from teitools.cli import main
from teitools.resources import data_file

PAGED = "\n\n\n\n".join(
    "\n".join([f"line {k} of the harbour book where the boats wait for the tide" for k in range(6)]
              + [f"the long breakwater beyond the quay where the boats wait {page}"])
    for page in (7, 8, 12))


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    path = data_file("schemas", "convert-report.schema.json")
    loaded: dict[str, object] = json.loads(path.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def test_report_lists_counts_and_warnings_with_lines(runner, tmp_path, schema):
    src = tmp_path / "book.txt"
    src.write_text(PAGED, encoding="utf-8")
    report = tmp_path / "r.json"
    result = runner.invoke(main, ["convert", str(src), "--layout", "ocr-paged", "-o", str(tmp_path / "out"),
                                  "--report", str(report)])
    assert result.exit_code == 0, result.output
    body = json.loads(report.read_text("utf-8"))
    jsonschema.validate(body, schema)
    [entry] = body["files"]
    assert entry["ok"] is True and entry["layout"] == "ocr-paged"
    assert entry["output"].endswith("book.xml")
    assert entry["counts"]["pages"] == 3
    gap = [d for d in entry["diagnostics"] if d["code"] == "OCR001"]
    assert len(gap) == 1 and gap[0]["line"] == 27 and gap[0]["severity"] == "warning"
    assert "ocr-paged: " in result.stderr and "3 pages" in result.stderr  # the one-line summary


def test_report_keeps_an_entry_for_an_input_that_failed(runner, tmp_path, schema):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "in" / "book.txt").write_text(PAGED, encoding="utf-8")
    report = tmp_path / "r.json"
    result = runner.invoke(main, ["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                  "--report", str(report)])
    assert result.exit_code == 1
    body = json.loads(report.read_text("utf-8"))
    jsonschema.validate(body, schema)
    by_name = {e["input"].rsplit("/", 1)[-1]: e for e in body["files"]}
    assert by_name["empty.txt"]["ok"] is False and by_name["empty.txt"]["diagnostics"][0]["code"] == "IN001"
    assert by_name["book.txt"]["ok"] is True


def test_report_marks_an_output_that_was_not_written(runner, tmp_path, schema):
    src = tmp_path / "book.txt"
    src.write_text(PAGED, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "book.xml").write_text("keep", encoding="utf-8")
    report = tmp_path / "r.json"
    result = runner.invoke(main, ["convert", str(src), "-o", str(tmp_path / "out"), "--report", str(report)])
    assert result.exit_code == 2
    body = json.loads(report.read_text("utf-8"))
    jsonschema.validate(body, schema)
    [entry] = body["files"]
    assert entry["ok"] is False and entry["output"] is None and entry["layout"] is None
    assert entry["diagnostics"][-1]["code"] == "IO007"


@pytest.mark.slow
def test_report_of_the_ocr_book_is_valid(runner, tmp_path, schema):
    book = shared_path("corpus", "002_33d85a1a2b5dafb6.txt")
    report = tmp_path / "r.json"
    result = runner.invoke(main, ["convert", str(book), "-o", str(tmp_path), "--report", str(report)])
    assert result.exit_code == 0, result.stderr
    body = json.loads(report.read_text("utf-8"))
    jsonschema.validate(body, schema)
    counts = body["files"][0]["counts"]
    for key in ("pages", "supplied_pages", "figures", "split_words_joined", "corrections", "tables",
                "headings"):
        assert counts[key] > 0, key
