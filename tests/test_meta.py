"""Metadata sidecars: the schema is enforced with useful messages; values replace detected ones."""

from __future__ import annotations

import json

from lxml import etree

from teitools import meta
from teitools.cli import main

NS = {"t": "http://www.tei-c.org/ns/1.0"}
PAGE = "A Small Title\n\nSome words of a short text, written for this test and nothing else.\n"


def write(tmp_path, data, name="page.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def convert(runner, tmp_path, *args):
    src = tmp_path / "page.txt"
    src.write_text(PAGE, encoding="utf-8")
    return runner.invoke(main, ["convert", str(src), *args])


def test_template_is_valid_against_the_schema(runner):
    result = runner.invoke(main, ["meta-template"])
    assert result.exit_code == 0
    assert meta.problems(json.loads(result.stdout), "template") == []


def test_invalid_sidecar_names_path_and_rule_and_writes_nothing(runner, tmp_path):
    bad = write(tmp_path, {"authors": ["A", 3], "isbn": ["9780306406150"], "date": "May 2025",
                           "colour": "red"})
    out = tmp_path / "out"
    result = convert(runner, tmp_path, "--meta", str(bad), "-o", str(out))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert any("$.authors[1]" in line and "rule: type" in line for line in lines)
    assert any("$.isbn[0]" in line and "expected 7" in line for line in lines)
    assert any("$.date" in line and "rule: pattern" in line for line in lines)
    assert any("'colour' was unexpected" in line for line in lines)
    assert all("META002" in line for line in lines) and "Traceback" not in result.stderr
    assert not out.exists()


def test_sidecar_that_is_not_json_gets_line_and_column(runner, tmp_path):
    bad = write(tmp_path, '{\n  "title": "x",\n  oops\n}')
    result = convert(runner, tmp_path, "--meta", str(bad))
    assert result.exit_code == 1
    assert "page.json:3:3: META001 not valid JSON" in result.stderr


def test_missing_sidecar_is_an_io_error(runner, tmp_path):
    result = convert(runner, tmp_path, "--meta", str(tmp_path / "absent.json"))
    assert result.exit_code == 2 and "META001" in result.stderr


def test_sidecar_values_replace_detected_ones_and_options_replace_the_sidecar(runner, tmp_path):
    sidecar = write(tmp_path, {"title": "Given Title", "authors": ["Ann Author"], "language": "de",
                               "publication": {"publisher": "Sidecar Press", "licence": "CC0 1.0"}})
    result = convert(runner, tmp_path, "--meta", str(sidecar), "--publisher", "Option Press")
    assert result.exit_code == 0, result.stderr
    root = etree.fromstring(result.stdout_bytes)
    assert root.xpath("//t:titleStmt/t:title/text()", namespaces=NS) == ["Given Title"]
    assert root.xpath("//t:titleStmt/t:author/text()", namespaces=NS) == ["Ann Author"]
    assert root.xpath("//t:publicationStmt/t:publisher/text()", namespaces=NS) == ["Option Press"]
    assert root.xpath("//t:licence/text()", namespaces=NS) == ["CC0 1.0"]
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    assert "HDR001" not in result.stderr


def test_bad_option_values_are_usage_errors(runner, tmp_path):
    result = convert(runner, tmp_path, "--lang", "English")
    assert result.exit_code == 2 and "--lang" in result.stderr and "USE003" in result.stderr
    result = convert(runner, tmp_path, "--date", "yesterday")
    assert result.exit_code == 2 and "--date" in result.stderr


def test_meta_with_several_inputs_is_refused(runner, tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
    sidecar = write(tmp_path, {"title": "One"})
    result = runner.invoke(main, ["convert", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                  "--meta", str(sidecar), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "USE002" in result.stderr


def test_sidecar_describes_the_reviewed_book(runner, tmp_path):
    sidecar = write(tmp_path, {"reviewed": {"title": "The Reviewed Book", "authors": ["Rae Author"],
                                            "isbn": ["978-0-306-40615-7"], "price": "$30"}})
    result = convert(runner, tmp_path, "--meta", str(sidecar))
    root = etree.fromstring(result.stdout_bytes)
    item = root.xpath("//t:sourceDesc//t:relatedItem[@type='reviewed']/t:bibl", namespaces=NS)[0]
    assert item.xpath("t:title/text()", namespaces=NS) == ["The Reviewed Book"]
    assert item.xpath("t:idno[@type='ISBN']/text()", namespaces=NS) == ["9780306406157"]
    assert item.xpath("t:measure[@type='price']/@unit", namespaces=NS) == ["USD"]
    assert root.xpath("//t:titleStmt/t:title/text()", namespaces=NS) == ["Review of The Reviewed Book"]
