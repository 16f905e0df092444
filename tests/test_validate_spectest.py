"""`teitools validate --schema` with any RELAX NG schema: James Clark's RELAX NG test suite
(jing-trang's spectest.xml, through bench/spectest.py, in process) and the shapes of schema
the specification allows that TEI's schemas never use."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from lxml import etree
from shared import REPO, shared_path

from teitools.cli import main
from teitools.validation import rng, run

RNG = 'xmlns="http://relaxng.org/ns/structure/1.0"'
XSD = 'datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"'


def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_spectest", REPO / "bench" / "spectest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_spectest"] = module
    spec.loader.exec_module(module)
    return module


@cache
def scores() -> dict[str, object]:
    return bench().score(shared_path("conformance", "relaxng-spectest", "spectest.xml"))  # type: ignore[no-any-return]


@pytest.mark.slow
def test_the_spectest_gets_every_verdict_plain_lxml_gets_and_more() -> None:
    ours, lxml = scores()["teitools"], scores()["lxml"]
    assert ours.instances == lxml.instances == 580  # type: ignore[attr-defined]
    assert ours.right >= lxml.right, ours.wrong  # type: ignore[attr-defined]
    assert ours.invalid_called_valid == 0, ours.wrong  # type: ignore[attr-defined]
    assert ours.correct_refused == 0, ours.wrong  # type: ignore[attr-defined]
    assert ours.incorrect_refused == ours.incorrect == 213, ours.wrong  # type: ignore[attr-defined]


@pytest.mark.slow
def test_reduced_schemas_give_the_whole_schemas_verdicts_on_the_spectest(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With every schema treated as slow to compile (as tei_all is), verdicts come from the
    schema reduced to each batch's names: they must be the same, instance for instance."""
    module = bench()
    monkeypatch.setattr(rng, "_known_slow", lambda digest: True)
    wrong = []
    for case in module.cases(shared_path("conformance", "relaxng-spectest", "spectest.xml"), tmp_path):
        if not case.correct:
            continue
        outcome = module.teitools_verdicts(case)
        assert not outcome.refused, case.number
        grammar = run.grammar(case.schema)
        assert grammar._libxml2 is None, f"case {case.number} fell back to the whole schema"
        wrong += [(case.number, path.name) for (path, expected), found
                  in zip(case.instances, outcome.valid, strict=True) if found != expected]
    assert wrong == []


# ------------------------------------------------------------------ shapes of schema


def check(tmp_path: Path, schema: str, *documents: str, extra: dict[str, str] | None = None) -> list[str]:
    """Validate each document against the schema with `teitools validate --schema`; one line
    per document: its exit status and its first message."""
    (tmp_path / "s.rng").write_text(schema, encoding="utf-8")
    for name, text in (extra or {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = []
    for number, document in enumerate(documents):
        path = tmp_path / f"d{number}.xml"
        path.write_text(document, encoding="utf-8")
        result = CliRunner().invoke(main, ["validate", "--schema", str(tmp_path / "s.rng"), "-q", str(path)])
        errors = [line.split(" ", 2)[2] for line in result.output.splitlines() if " error " in line]
        out.append(f"{result.exit_code} {errors[0] if errors else ''}".strip())
    return out


def test_any_root_pattern_the_specification_allows(tmp_path: Path) -> None:
    choice = f'<choice {RNG}><element name="a"><empty/></element><element name="b"><text/></element></choice>'
    assert check(tmp_path, choice, "<a/>", "<b>x</b>", "<c/>")[:2] == ["0", "0"]
    assert check(tmp_path, choice, "<c/>")[0].startswith("1 RNG001")
    assert check(tmp_path, f"<notAllowed {RNG}/>", "<a/>")[0].startswith("1 ")
    external = f'<externalRef {RNG} href="sub/a.rng"/>'
    referenced = {"sub/a.rng": f'<element {RNG} name="a"><empty/></element>'}
    assert check(tmp_path, external, "<a/>", "<b/>", extra=referenced)[0] == "0"


def test_a_start_inside_a_div_counts(tmp_path: Path) -> None:
    schema = (f'<grammar {RNG}><div><start><ref name="a"/></start></div><define name="a">'
              '<element name="a"><element name="b"><empty/></element></element></define></grammar>')
    assert check(tmp_path, schema, "<a><b/></a>") == ["0"]
    assert check(tmp_path, schema, "<a><c/></a>")[0].startswith("1 ")


def test_include_with_overrides_and_nested_grammars(tmp_path: Path) -> None:
    base = (f'<grammar {RNG}><start><ref name="doc"/></start>'
            '<define name="doc"><element name="doc"><ref name="item"/></element></define>'
            '<define name="item"><element name="old"><empty/></element></define></grammar>')
    schema = (f'<grammar {RNG}><include href="lib/base.rng">'
              '<define name="item"><element name="new"><grammar><start><parentRef name="leaf"/></start>'
              '</grammar></element></define></include>'
              '<define name="leaf"><element name="leaf"><empty/></element></define></grammar>')
    verdicts = check(tmp_path, schema, "<doc><new><leaf/></new></doc>", "<doc><old/></doc>",
                     extra={"lib/base.rng": base})
    assert verdicts[0] == "0"
    assert verdicts[1].startswith("1 ")


def test_an_attribute_name_class_inherits_ns_and_an_attribute_name_does_not(tmp_path: Path) -> None:
    schema = (f'<element {RNG} name="e" ns="urn:x"><attribute><name>a</name></attribute>'
              '<optional><attribute name="b"/></optional></element>')
    ok = '<e xmlns="urn:x" xmlns:x="urn:x" x:a="1" b="2"/>'
    assert check(tmp_path, schema, ok) == ["0"]
    assert check(tmp_path, schema, '<e xmlns="urn:x" a="1"/>')[0].startswith("1 ")
    assert check(tmp_path, schema, '<e xmlns="urn:x" xmlns:x="urn:x" x:a="1" x:b="2"/>')[0].startswith("1 ")


def test_name_classes_with_except_are_judged_by_libxml2s_verdict(tmp_path: Path) -> None:
    """libxml2 says "invalid" here without a message naming the fault: the verdict is its
    boolean, and the file still gets an error."""
    schema = (f'<element {RNG} name="doc"><zeroOrMore><element><anyName><except><name>bad</name>'
              '<nsName ns="urn:no"/></except></anyName><empty/></element></zeroOrMore></element>')
    verdicts = check(tmp_path, schema, "<doc><good/></doc>", "<doc><good/><bad/></doc>",
                     '<doc><x:y xmlns:x="urn:no"/></doc>')
    assert verdicts[0] == "0"
    assert verdicts[1].startswith("1 ") and verdicts[2].startswith("1 ")


def test_an_invalid_document_gets_errors_when_no_element_is_defined_alone(tmp_path: Path) -> None:
    """The helper schema that locates faults has no element definition to start from here;
    the document is still judged and its faults reported (never exit 2)."""
    schema = f'<element {RNG} name="a"><oneOrMore><element name="b"><text/></element></oneOrMore></element>'
    assert check(tmp_path, schema, "<a><b>x</b></a>") == ["0"]
    verdict = check(tmp_path, schema, "<a><c/></a>")[0]
    assert verdict.startswith("1 RNG"), verdict


@pytest.mark.parametrize(("schema", "reason"), [
    (f'<grammar {RNG}><start><element name="a"><empty/></element></start>'
     f'<define name="unused"><data type="noSuchType" {XSD}/></define></grammar>', "noSuchType"),
    (f'<grammar {RNG}><start><element name="a"><empty/></element></start>'
     '<define name="unused"><ref name="nowhere"/></define></grammar>', "nowhere"),
    (f'<element {RNG} name="a" datatypeLibrary="foo:"><empty/></element>', "foo:"),
    (f'<element {RNG} name="a"><attribute><anyName/></attribute></element>', "infinite name class"),
    (f'<element {RNG} name="a"><data type="ID" {XSD}/></element>', "DTD compatibility"),
])
def test_an_incorrect_schema_is_refused_before_any_document(tmp_path: Path, schema: str, reason: str) -> None:
    (tmp_path / "s.rng").write_text(schema, encoding="utf-8")
    (tmp_path / "d.xml").write_text("<a/>", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--schema", str(tmp_path / "s.rng"),
                                       str(tmp_path / "d.xml")])
    assert result.exit_code == 2
    assert "SCH003" in result.output and reason in result.output
    assert "1 file" not in result.output  # no document was judged


# ------------------------------------------------------------------ compiled once, remembered


@pytest.mark.slow
def test_the_bundled_slow_release_compiles_whole() -> None:
    """tei_all is marked slow to compile, so validation never compiles it whole: this test
    is the check jing would make (libxml2 takes seconds)."""
    from teitools.resources import data_file
    from teitools.validation import store

    marked = [r for r in store.RELEASES.values() if r.slow_to_compile]
    assert [r.file for r in marked] == ["tei_all.rng"]
    path = data_file("schemas", "tei_all.rng")
    assert rng.Grammar(path).digest == marked[0].sha256
    etree.RelaxNG(etree.parse(str(path)))


def test_a_slow_schema_is_compiled_whole_once_per_machine(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(rng, "SLOW_COMPILE", 0.0)
    schema = tmp_path / "s.rng"
    schema.write_text(f'<element {RNG} name="a"><element name="b"><empty/></element></element>',
                      encoding="utf-8")
    first = rng.Grammar(schema)
    first.check()
    assert first._libxml2 is not None
    assert list((tmp_path / "cache" / "teitools" / "compiled").iterdir())
    again = rng.Grammar(schema)  # as the next run would
    again.check()
    assert again._libxml2 is None  # known to compile: verdicts from the reduction
    for grammar in (first, again):
        assert rng.validate(grammar, etree.ElementTree(etree.fromstring("<a><b/></a>")), b"", "ok.xml") == []
        assert rng.validate(grammar, etree.ElementTree(etree.fromstring("<a><c/></a>")), b"", "bad.xml")


def test_a_large_schema_is_simplified_once_per_machine(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    from teitools.validation import rngload

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(rngload, "CACHE_FROM", 0.0)
    schema = tmp_path / "s.rng"
    schema.write_text(f'<grammar {RNG} ns="urn:x"><start><element name="a"><attribute><name>b</name>'
                      '</attribute></element></start></grammar>', encoding="utf-8")
    simplified = rngload.load(schema)
    assert len(list((tmp_path / "cache" / "teitools" / "rng").iterdir())) == 1
    assert etree.tostring(rngload.load(schema).grammar) == etree.tostring(simplified.grammar)



def test_a_reduced_schema_refuses_a_document_lacking_every_branch_of_a_choice(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Alone (the schema reduced to its own names), a document lacking the element every branch
    of a required choice names is invalid: libxml2 matches a choice of notAllowed branches as
    empty, so the reduction must make it notAllowed first."""
    monkeypatch.setattr(rng, "_known_slow", lambda digest: True)
    schema = (f'<element {RNG} name="foo"><choice><element name="a"><empty/></element>'
              '<group><element name="a"><empty/></element><element name="b"><empty/></element></group>'
              '<element name="c"><empty/></element></choice></element>')
    verdicts = check(tmp_path, schema, "<foo/>", "<foo><a/></foo>", "<foo><b/></foo>")
    assert [v[0] for v in verdicts] == ["1", "0", "1"], verdicts


@pytest.mark.slow  # conformance documents, validated in workers
def test_an_invalid_documents_findings_do_not_depend_on_its_batch() -> None:
    """The verdict may come from tei_all reduced to a whole batch's names, but the findings of an
    invalid document come from its own names: alone, beside another document (whose names once
    changed libxml2's cascade after the first fault), in one process or in workers, the same."""
    folder = shared_path("conformance", "validate", "docs", "invalid")
    bad = folder / "adl_kierkegaard01val__m-xmlid-not-ncname.xml"
    other = folder / "faust_0039.xml"
    options = run.Options(embedded_schematron=False, integrity=False)

    def lines(batch: list[Path], jobs: int) -> list[str]:
        result = run.validate_all(batch, options, jobs=jobs)[0]
        assert result.path == str(bad)
        return [d.to_text() for d in result.diagnostics]

    alone = lines([bad], 1)
    assert any("RNG004" in line for line in alone), alone
    assert lines([bad, other], 1) == lines([bad, other], 2) == alone
