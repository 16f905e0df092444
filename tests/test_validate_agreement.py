"""teitools validate agrees with jing (RELAX NG) and with the reference Schematron findings on
every document of ../shared/conformance/validate: verdicts.json and schematron-verdicts.json.

The schemas are reduced to each batch's vocabulary (see validation/rng.py); these tests are
what proves the reduction keeps every verdict."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest
from shared import REPO, shared_path
from test_bench_accuracy import load

from teitools.validation import run

pytestmark = pytest.mark.slow  # conformance: deselect with -m 'not slow'

SEVERITY_OF_ROLE = {"error": "error", "warning": "warning", "warn": "warning", "nonfatal": "warning"}


def conformance() -> Path:
    return shared_path("conformance", "validate")


@cache
def relaxng_results(schema: str) -> dict[str, run.FileResult]:
    """Our RELAX NG-only results for every document jing judged against ``schema``."""
    base = conformance()
    records = [r for r in json.loads((base / "verdicts.json").read_text()) if r["schema"] == schema]
    options = run.Options(schema=str(base / schema), embedded_schematron=False, integrity=False)
    results = run.validate_all([base / r["file"] for r in records], options, jobs=2)
    return {r["file"]: res for r, res in zip(records, results, strict=True)}


@pytest.mark.parametrize("schema", ["schemas/tei_all.rng", "schemas/tei_lite.rng"])
def test_relaxng_verdicts_agree_with_jing_on_every_document(schema: str) -> None:
    records = [r for r in json.loads((conformance() / "verdicts.json").read_text()) if r["schema"] == schema]
    results = relaxng_results(schema)
    disagreements = [(r["file"], r["jing_valid"], [d.to_text() for d in results[r["file"]].diagnostics][:2])
                     for r in records if results[r["file"]].valid != r["jing_valid"]]
    assert len(records) > 170
    assert disagreements == []


def test_errors_are_located_where_jing_locates_them() -> None:
    """Our first error is on the line of jing's first (the element or text that cannot stand
    where it is, not a valid sibling before it or the parent) for nearly every invalid
    document (jing counts lines as libxml2 does: where a start tag ends)."""
    records = [r for r in json.loads((conformance() / "verdicts.json").read_text())
               if r["schema"] == "schemas/tei_all.rng" and not r["jing_valid"] and r["well_formed"]]
    results = relaxng_results("schemas/tei_all.rng")
    first_line = anywhere = 0
    for r in records:
        jing_line = int(r["jing_first_error"].split(":", 1)[0])
        lines = sorted((d.line, d.column or 0) for d in results[r["file"]].diagnostics if d.line)
        first_line += lines[0][0] == jing_line
        anywhere += any(line == jing_line for line, _ in lines)
    assert first_line >= 0.95 * len(records), f"{first_line} of {len(records)}"
    assert anywhere >= first_line


def test_every_error_has_a_code_a_line_and_a_message() -> None:
    for result in relaxng_results("schemas/tei_all.rng").values():
        for d in result.diagnostics:
            assert d.code and d.message and (d.line or d.code == "RNG011"), d


def test_schematron_findings_agree_with_the_reference() -> None:
    """The rules embedded in tei_all.rng (XPath 2, run through schematron2) fire on exactly the
    documents, patterns and roles the reference engine found."""
    base = conformance()
    records = json.loads((base / "schematron-verdicts.json").read_text())
    options = run.Options(schema=str(base / "schemas" / "tei_all.rng"), integrity=False)
    results = run.validate_all([base / r["file"] for r in records], options, jobs=2)
    disagreements = []
    for record, result in zip(records, results, strict=True):
        expected = sorted((e["pattern"], SEVERITY_OF_ROLE.get(e["role"], "error"), e["message"])
                          for e in record["errors"])
        found = sorted((d.field("pattern"), d.severity.value, d.message)
                       for d in result.diagnostics if d.code in ("SCH005", "SCH006", "SCH007"))
        if found != expected:
            disagreements.append((record["file"], expected, found))
    assert disagreements == []


def test_default_options_give_the_verdicts_of_jing_and_tei_schematron() -> None:
    """No --schema, all checks on: the files that name no schema get the bundled tei_all, those
    that name schemas the store lacks get tei_all too (with SCH012), and the verdict is jing's
    RELAX NG verdict with TEI's Schematron errors (integrity findings are warnings). The
    reference is bench/agreement.py's."""
    base = conformance()
    expected = load(REPO / "bench" / "agreement.py", "agreement").reference(base)
    files = sorted(expected)
    results = run.validate_all([base / f for f in files], run.Options(), jobs=2)
    wrong = [(f, expected[f], [d.to_text() for d in r.diagnostics if d.severity.value == "error"][:2])
             for f, r in zip(files, results, strict=True) if r.valid != expected[f]]
    assert len(files) == 181 and wrong == []
    assert sum(any(d.code == "SCH012" for d in r.diagnostics) for r in results) > 40


@pytest.mark.skipif(shutil.which("jing") is None or shutil.which("java") is None,
                    reason="jing and Java are not installed (apt-get install jing)")
def test_engine_jing_gives_jing_verdicts() -> None:
    base = conformance()
    records = [r for r in json.loads((base / "verdicts.json").read_text())
               if r["schema"] == "schemas/tei_lite.rng" and r["bytes"] < 60_000][:12]
    options = run.Options(schema=str(base / "schemas" / "tei_lite.rng"), engine="jing",
                          embedded_schematron=False, integrity=False)
    results = run.validate_all([base / r["file"] for r in records], options)
    assert [res.valid for res in results] == [r["jing_valid"] for r in records]
    assert any(d.code == "JING001" for res in results for d in res.diagnostics)


def test_schematron_file_with_xpath2_rules_given_with_option() -> None:
    """--schematron tei_all.sch (XPath 2, a .sch file) finds what the embedded rules find."""
    base = conformance()
    doc = base / "docs" / "valid" / "teistyl_test18.xml"
    options = run.Options(schema=str(base / "schemas" / "tei_all.rng"), embedded_schematron=False,
                          schematron=(str(base / "schemas" / "tei_all.sch"),), integrity=False)
    result = run.validate_file(doc, options)
    findings = [d for d in result.diagnostics if d.code == "SCH005"]
    assert len(findings) == 5 and all("spanTo" in d.message for d in findings)


@pytest.mark.skipif(shutil.which("jing") is None or shutil.which("java") is None,
                    reason="jing and Java are not installed (apt-get install jing)")
def test_jing_run_now_agrees_with_default_options_on_every_document(tmp_path: Path) -> None:
    """bench/agreement.py --corpus on the conformance documents: jing runs here (not the stored
    verdicts) against the schema teitools applies, and teitools runs with default options; every
    verdict is jing's (with TEI Schematron's errors), and the first error of nearly every file
    both find invalid is on jing's first error's line."""
    agreement = load(REPO / "bench" / "agreement.py", "agreement")
    result = agreement.compare(conformance() / "docs", tmp_path / "jing.json")
    assert result.files == 181 and result.wrong == []
    assert result.both > 70 and result.first >= 0.95 * result.both, result.misses
