"""`teitools validate`: exit codes, the four output formats, integrity rules, hostile input,
schema choice (xml-model, --schema, store) and batches. Small documents composed here."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from lxml import etree
from shared import REPO

from teitools.cli import main
from teitools.writer import SCHEMA_PI

TEI_NS = "http://www.tei-c.org/ns/1.0"
HEADER = ("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>"
          "<publicationStmt><p>P</p></publicationStmt><sourceDesc><bibl>B</bibl></sourceDesc></fileDesc>"
          '<encodingDesc><appInfo><application ident="teitools" version="0.1.0"><label>teitools</label>'
          "</application></appInfo></encodingDesc></teiHeader>")


def tei(body: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<TEI xmlns="{TEI_NS}">{HEADER}'
            f"<text><body>{body}</body></text></TEI>\n")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(main, ["validate", *args])
    return result.exit_code, result.output


# ------------------------------------------------------------------ verdicts and exit codes


def test_valid_file_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "ok.xml", tei("<p>Text.</p>"))
    code, out = run(runner, str(path))
    assert code == 0, out
    assert "1 file: 1 valid, 0 invalid" in out


def test_schema_error_exits_1_with_location(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "bad.xml", tei("<p>Text.</p>\n<sentence>x</sentence>"))
    code, out = run(runner, str(path))
    assert code == 1
    line = next(x for x in out.splitlines() if "RNG010" in x)
    assert line.startswith(f"{path}:3:1: error RNG010 ")
    assert '"sentence"' in line


def test_not_well_formed_is_reported_with_line_and_column(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "broken.xml", tei("<p>Text.</q>"))
    code, out = run(runner, str(path))
    assert code == 1
    assert f"{path}:2:" in out and "error XML001 not well-formed" in out


def test_missing_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    code, out = run(runner, str(tmp_path / "absent.xml"))
    assert code == 2
    assert "IO001" in out


def test_batch_keeps_input_order_and_fails_if_any_invalid(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path, "b.xml", tei("<p>Text.</p><oops/>"))
    write(tmp_path, "a.xml", tei("<p>Text.</p>"))
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "c.xml", tei("<p>Text.</p>"))
    code, out = run(runner, str(tmp_path), "-f", "json", "-j", "2")
    assert code == 1
    files = json.loads(out)["files"]
    assert [Path(f["path"]).name for f in files] == ["a.xml", "b.xml", "c.xml"]
    assert [f["valid"] for f in files] == [True, False, True]


# ------------------------------------------------------------------ formats


def test_workers_give_the_same_results_as_one_process(tmp_path: Path) -> None:
    """Each worker checks the documents it parsed and takes over another's when it runs out:
    every file's diagnostics must be those of the one-process run, in input order."""
    from teitools.validation import run as validation

    long_body = "".join(f"<p>Text {i}.</p>" for i in range(400))
    paths = [write(tmp_path, "long.xml", tei(long_body)),
             write(tmp_path, "stray.xml", tei("<p>Text.</p><oops/>")),
             write(tmp_path, "broken.xml", tei("<p>Text.</q>")),
             write(tmp_path, "attribute.xml", tei('<p colour="red">Text.</p>')),
             *(write(tmp_path, f"small{i}.xml", tei(f"<p>{i}</p>")) for i in range(6)),
             tmp_path / "absent.xml"]
    options = validation.Options(embedded_schematron=False)  # our schema, as no xml-model names one

    def shown(results: list[validation.FileResult]) -> list[tuple[str, list[str]]]:
        return [(r.path, [d.to_text() for d in r.diagnostics]) for r in results]

    alone = shown(validation.validate_all(paths, options, jobs=1))
    assert [Path(p).name for p, _ in alone] == [p.name for p in paths]
    assert [bool(d) for _, d in alone] == [False, True, True, True, *[False] * 6, True]
    for jobs in (2, 3):
        assert shown(validation.validate_all(paths, options, jobs=jobs)) == alone


def test_json_report_matches_its_schema(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path, "a.xml", tei("<p>Text.</p>"))
    write(tmp_path, "b.xml", tei('<p><ref target="#nowhere">x</ref></p><pb n="1"/><pb n="5"/>'))
    code, out = run(runner, str(tmp_path), "-f", "json")
    body = json.loads(out)
    schema = json.loads((REPO / "schemas" / "validate-report.schema.json").read_text())
    jsonschema.validate(body, schema)
    assert code == 0
    assert body["summary"] == {"files": 2, "valid": 2, "invalid": 0, "errors": 0, "warnings": 2,
                               "not_checked": 0, "cached": 0}
    codes = [e["code"] for e in body["files"][1]["errors"]]
    assert codes == ["ID002", "PB001"]


def test_json_schema_rejects_a_report_without_verdicts() -> None:
    schema = json.loads((REPO / "schemas" / "validate-report.schema.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"teitools": "0", "files": [{"path": "x"}], "summary": {}}, schema)


def test_junit_has_a_failure_per_invalid_file_and_warnings_in_system_out(
        runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path, "a.xml", tei('<p>Text.</p><pb n="1"/><pb n="3"/>'))
    write(tmp_path, "b.xml", tei("<p>Text.</p><oops/>"))
    code, out = run(runner, str(tmp_path), "-f", "junit")
    assert code == 1
    root = etree.fromstring(out.encode())
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = suite.findall("testcase")
    assert cases[0].find("failure") is None
    assert "PB001" in (cases[0].findtext("system-out") or "")
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("type") == "RNG010"
    # only the elements JUnit consumers know
    allowed = {"testsuites", "testsuite", "testcase", "failure", "system-out"}
    assert {el.tag for el in root.iter()} <= allowed


def test_a_file_that_could_not_be_checked_is_counted_apart_in_every_format(
        runner: CliRunner, tmp_path: Path) -> None:
    """A FIFO cannot be read (IO011, exit 2): the text summary says "not checked", the JSON
    summary counts it in ``not_checked`` and not in ``invalid``, JUnit makes it an <error> (a
    test that could not run) counted in ``errors``; an invalid file stays a failure."""
    fifo = tmp_path / "fifo.xml"
    os.mkfifo(fifo)
    ok = write(tmp_path, "ok.xml", tei("<p>Text.</p>"))
    bad = write(tmp_path, "bad.xml", tei("<p>Text.</p><oops/>"))
    inputs = [str(fifo), str(ok), str(bad)]

    code, out = run(runner, *inputs)
    assert code == 2
    assert out.splitlines()[-1].startswith("3 files: 1 valid, 1 invalid, 1 not checked;"), out

    code, out = run(runner, *inputs, "-f", "json")
    body = json.loads(out)
    jsonschema.validate(body, json.loads((REPO / "schemas" / "validate-report.schema.json").read_text()))
    assert code == 2
    summary = body["summary"]
    assert (summary["files"], summary["valid"], summary["invalid"], summary["not_checked"]) == (3, 1, 1, 1)
    entries = {Path(f["path"]).name: f for f in body["files"]}
    assert entries["fifo.xml"]["checked"] is False and entries["fifo.xml"]["valid"] is False
    assert [e["code"] for e in entries["fifo.xml"]["errors"]] == ["IO011"]
    assert "checked" not in entries["ok.xml"] and "checked" not in entries["bad.xml"]

    code, out = run(runner, *inputs, "-f", "junit")
    assert code == 2
    root = etree.fromstring(out.encode())
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    assert (root.get("failures"), root.get("errors")) == ("1", "1")
    cases = {Path(case.get("name", "")).name: case for case in suite.findall("testcase")}
    error = cases["fifo.xml"].find("error")
    assert error is not None and error.get("type") == "IO011" and cases["fifo.xml"].find("failure") is None
    assert cases["bad.xml"].find("failure") is not None and cases["bad.xml"].find("error") is None
    assert len(cases["ok.xml"]) == 0


def test_github_annotations(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path, "a,b.xml", tei('<p><ref target="#x">100%\nsure</ref></p><pb n="1"/><pb n="3"/>'))
    code, out = run(runner, str(tmp_path), "-f", "github")
    lines = out.splitlines()
    assert code == 0
    warning = next(x for x in lines if "title=ID002" in x)
    # commas and colons in properties, percent signs and newlines in the message are escaped
    assert warning.startswith("::warning file=") and "a%2Cb.xml,line=2,col=" in warning
    assert ",title=ID002::" in warning
    assert any(x.startswith("::warning ") and "title=PB001" in x for x in lines)
    write(tmp_path, "a,b.xml", tei("<p>Text.</p><sentence/>"))
    code, out = run(runner, str(tmp_path), "-f", "github")
    assert code == 1 and out.startswith("::error file=") and "a%2Cb.xml,line=2,col=" in out


# ------------------------------------------------------------------ warnings policy


def test_warnings_pass_unless_strict_or_over_the_limit(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "w.xml", tei('<p>Text.</p><pb n="1"/><pb n="3"/>'))
    assert run(runner, str(path))[0] == 0
    assert run(runner, str(path), "--strict")[0] == 1
    assert run(runner, str(path), "--max-warnings", "1")[0] == 0
    assert run(runner, str(path), "--max-warnings", "0")[0] == 1


@pytest.mark.parametrize("options", [(), ("--strict",), ("--max-warnings", "0"), ("--max-warnings", "1"),
                                     ("-f", "json"), ("--strict", "-f", "junit")])
def test_quiet_never_changes_the_exit_status_or_the_counts(runner: CliRunner, tmp_path: Path,
                                                           options: tuple[str, ...]) -> None:
    warned = write(tmp_path, "w.xml", tei('<p>Text.</p><pb n="1"/><pb n="3"/>'))
    invalid = write(tmp_path, "i.xml", tei('<p>Text.</p><pb n="1"/><pb n="3"/><sentence/>'))
    for paths in ([warned], [warned, invalid]):
        loud_code, loud = run(runner, *map(str, paths), *options)
        quiet_code, quiet = run(runner, *map(str, paths), *options, "-q")
        assert quiet_code == loud_code
        assert quiet.splitlines()[-1] == loud.splitlines()[-1]  # the summary line (text), or the end
    code, out = run(runner, str(warned), "--strict", "-q")
    assert code == 1 and out == ("1 file: 1 valid, 0 invalid; 0 errors, 1 warning\n"
                                 "failed: 1 warning, --strict allows none\n")  # why it fails


# ------------------------------------------------------------------ integrity rules


def test_duplicate_ids_and_dangling_pointers(runner: CliRunner, tmp_path: Path) -> None:
    body = ('<p xml:id="a">One <ref target="#a">self</ref> <ref target="#b #c">two</ref>.</p>'
            '<p corresp="http://example.org/#b">Not a same-document pointer.</p>'
            '<p><ref target="#b">again</ref></p>')
    path = write(tmp_path, "p.xml", tei(body))
    code, out = run(runner, str(path), "--no-schematron")
    assert code == 0  # dangling pointers are warnings, as jing and TEI's Schematron accept them
    assert out.count("warning ID002") == 2 and '"#c" points' in out
    assert '@target="#b" points to no xml:id in this document (2 times, first here)' in out
    assert run(runner, str(path), "--no-schematron", "--strict")[0] == 1
    dup = write(tmp_path, "d.xml", tei('<p xml:id="a">One</p>\n<p xml:id="a">Two</p>'))
    code, out = run(runner, str(dup), "--no-integrity")  # a RELAX NG fault for jing (xsd:ID): always checked
    assert code == 1 and f'{dup}:3:1: error ID001 xml:id "a" is used twice (first on line 2)' in out
    assert "not well-formed" not in out and "RNG" not in out


def test_ids_and_pointers_inside_egxml_are_examples(runner: CliRunner, tmp_path: Path) -> None:
    """An xml:id repeated inside <egXML> (or repeating one of the document's) is no fault and
    stops no other check; pointers inside examples are not checked; egXML's own id counts."""
    example = ('<egXML xmlns="http://www.tei-c.org/ns/Examples" xml:id="ex1">'
               '<p xml:id="a">One <ref target="#nowhere">x</ref></p><p xml:id="a">Two</p></egXML>')
    body = f'<p xml:id="a">Text <ref target="#ex1">example</ref>.</p><p>{example}</p><p rend="r" bogus="1"/>'
    path = write(tmp_path, "eg.xml", tei(body))
    code, out = run(runner, str(path), "--strict")
    assert code == 1
    assert [line.split(" ")[2] for line in out.splitlines()[:-1]] == ["RNG003"], out  # bogus only
    code, out = run(runner, str(write(tmp_path, "ok.xml", tei(body.replace(' bogus="1"', "")))), "--strict")
    assert code == 0, out
    outside = tei(body.replace(' bogus="1"', "") + '<p xml:id="ex1"/><ref target="#gone">y</ref>')
    code, out = run(runner, str(write(tmp_path, "out.xml", outside)))
    assert code == 1 and "ID001" in out and 'ID002 @target="#gone"' in out and "nowhere" not in out


def test_a_fault_after_a_repeated_id_is_reported_as_itself(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "b.xml", tei('<p xml:id="a">One</p><p xml:id="a">Two</q>'))
    code, out = run(runner, str(path))
    assert code == 1 and "XML001 not well-formed: Opening and ending tag mismatch: p" in out
    code, out = run(runner, str(write(tmp_path, "n.xml", tei('<p xml:id="1st">One</p>'))))
    assert code == 1 and 'RNG004 value "1st" of attribute "xml:id" on element "p" is invalid' in out


def test_end_notes_away_from_the_text_must_be_pointed_to(runner: CliRunner, tmp_path: Path) -> None:
    text = tei("<p>Text<ref target=\"#n1\">1</ref>.</p>").replace(
        "</body>", '</body><back><note place="end" xml:id="n1">pointed</note>'
                   '<note place="end" xml:id="n2" n="2">orphan</note></back>')
    path = write(tmp_path, "n.xml", text)
    code, out = run(runner, str(path), "--no-schematron")
    assert code == 0
    assert out.count("NOTE001") == 1 and 'note "2"' in out


def test_discouraged_characters_are_warned(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "c.xml", tei("<p>Caf\u0082 au lait</p>"))
    code, out = run(runner, str(path))
    assert code == 0 and "XML004" in out and "U+0082" in out


# ------------------------------------------------------------------ hostile input


def test_external_entities_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    text = (f'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>\n'
            f'<TEI xmlns="{TEI_NS}">{HEADER}<text><body><p>&x;</p></body></text></TEI>')
    code, out = run(runner, str(write(tmp_path, "xxe.xml", text)), "-f", "json")
    assert code == 1 and "TOP SECRET" not in out and "XML002" in out


def test_entity_expansion_bomb_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    decls = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    text = f'<?xml version="1.0"?>\n<!DOCTYPE TEI [{decls}]>\n<TEI xmlns="{TEI_NS}"><p>&i;</p></TEI>'
    code, out = run(runner, str(write(tmp_path, "bomb.xml", text)))
    assert code == 1 and "XML002" in out


def test_the_internal_subset_applies_as_xml_requires(runner: CliRunner, tmp_path: Path) -> None:
    """XML 1.0 §5.1: attribute defaults of the internal DTD subset are applied and its internal
    entities expanded, as jing does; verdicts follow from them."""
    subset = ('<!DOCTYPE TEI [<!ENTITY ed "the <hi>first</hi> edition">'
              '<!ATTLIST language ident CDATA "en"><!ATTLIST p %s>]>\n')
    header = HEADER.replace("</fileDesc>", "</fileDesc><profileDesc><langUsage><language>English"
                                           "</language></langUsage></profileDesc>")
    text = (f'<?xml version="1.0"?>\n{subset}<TEI xmlns="{TEI_NS}">{header}'
            "<text><body><p>Of &ed;.</p></body></text></TEI>\n")
    code, out = run(runner, str(write(tmp_path, "ok.xml", text % 'rend CDATA #IMPLIED')), "--no-schematron")
    assert code == 0, out  # language's required @ident comes from its default; <hi> is a TEI element
    code, out = run(runner, str(write(tmp_path, "bad.xml", text % 'bogus CDATA "1"')), "--no-schematron")
    assert code == 1 and 'RNG003 attribute "bogus" not allowed on element "p"' in out
    wrong = (text % "rend CDATA #IMPLIED").replace("<hi>", "<hi bogus='1'>")
    code, out = run(runner, str(write(tmp_path, "hi.xml", wrong)), "--no-schematron")
    assert code == 1 and ':3:' in out and 'RNG003 attribute "bogus" not allowed on element "hi"' in out


def test_dtd_is_not_loaded_from_the_network(runner: CliRunner, tmp_path: Path) -> None:
    text = ('<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "http://127.0.0.1:9/tei.dtd">\n'
            f'<TEI xmlns="{TEI_NS}">{HEADER}<text><body><p>Text.</p></body></text></TEI>')
    code, out = run(runner, str(write(tmp_path, "dtd.xml", text)))
    assert code == 0, out


def test_size_limit_gives_a_clear_message(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "big.xml", tei("<p>" + "word " * 1000 + "</p>"))
    code, out = run(runner, str(path), "--max-bytes", "1000")
    assert code == 2
    assert "IO009" in out and "more than the limit of 1000" in out


# ------------------------------------------------------------------ schema choice


def test_auto_uses_the_schema_the_document_names_from_the_store(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "tiny.rng").write_text(
        '<element name="TEI" ns="http://www.tei-c.org/ns/1.0" xmlns="http://relaxng.org/ns/structure/1.0">'
        "<text/></element>")
    pi = '<?xml-model href="https://example.org/schemas/tiny.rng" type="application/xml" ' \
         'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    path = write(tmp_path, "doc.xml", tei("<p>Text.</p>", prolog=pi))
    code, out = run(runner, str(path), "--schema-dir", str(store))
    assert code == 1 and "RNG" in out  # tiny.rng allows no child elements: it was used
    env_runner = CliRunner(env={"TEITOOLS_SCHEMA_DIR": str(store)})
    assert run(env_runner, str(path))[0] == 1


def test_our_schema_and_schematron_apply_when_asked_or_named(runner: CliRunner, tmp_path: Path) -> None:
    text = tei("<p>Text.</p>").replace('ident="teitools"', 'ident="other"')
    code, out = run(runner, str(write(tmp_path, "o.xml", text)), "--schema", "teitools")
    assert code == 1 and "SCH005" in out and "tt-provenance" in out
    assert run(runner, str(tmp_path / "o.xml"), "--schema", "teitools", "--no-schematron")[0] == 0
    named = tei("<p>Text.</p>", prolog=f"<?xml-model {SCHEMA_PI}?>\n")
    named = named.replace('ident="teitools"', 'ident="x"')
    code, out = run(runner, str(write(tmp_path, "n.xml", named)))
    assert code == 1 and "tt-provenance" in out


def test_without_xml_model_the_bundled_tei_all_applies(runner: CliRunner, tmp_path: Path) -> None:
    """Ordinary TEI that our converter would never write is valid; tei_all's faults and its
    embedded Schematron rules are found; no schema store, cache or network is needed."""
    body = ('<sp who="#a"><speaker>A</speaker><l>Verse.</l></sp>'
            '<p>T<lb/>x<span from="#a" to="#a">s</span></p>')
    text = tei(body).replace("<appInfo>", '<appInfo xml:id="a">').replace('ident="teitools"', 'ident="other"')
    clean = CliRunner(env={"XDG_CACHE_HOME": str(tmp_path / "cache"), "TEITOOLS_SCHEMA_DIR": ""})
    code, out = run(clean, str(write(tmp_path, "ok.xml", text)))
    assert code == 0, out
    bad = text.replace("<speaker>", '<speaker rend="r" x="1">')
    code, out = run(clean, str(write(tmp_path, "bad.xml", bad)))
    assert code == 1 and 'RNG003 attribute "x"' in out
    rule = text.replace("<lb/>", '<lb/><p>inner</p>')  # a paragraph inside a paragraph: tei_all's Schematron
    code, out = run(clean, str(write(tmp_path, "sch.xml", rule)), "--no-integrity")
    assert code == 1 and "SCH005 Abstract model violation" in out


def test_a_named_schema_not_in_the_store_is_a_warning_and_tei_all_applies(runner: CliRunner,
                                                                          tmp_path: Path) -> None:
    pi = '<?xml-model href="https://example.org/odd/project.rng" type="application/xml" ' \
         'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    ok = write(tmp_path, "a.xml", tei("<p>Text.</p>", prolog=pi))
    bad = write(tmp_path, "b.xml", tei('<p rend="r" bogus="1">Text.</p>', prolog=pi))
    plain = write(tmp_path, "c.xml", tei("<p>Text.</p>"))
    code, out = run(runner, str(ok), str(bad), str(plain))
    assert code == 1, out  # b.xml's fault against tei_all, not an exit 2 for the batch
    warning = f"{ok}:2: warning SCH012 schema 'https://example.org/odd/project.rng' named by <?xml-model?> " \
              "is not in the schema store: checked against tei_all instead (hint: put project.rng in a " \
              "--schema-dir folder"
    assert warning in out
    assert 'RNG003 attribute "bogus"' in out
    assert "3 files: 2 valid, 1 invalid; 1 error, 2 warnings" in out
    assert run(runner, str(ok))[0] == 0
    assert run(runner, str(ok), "--strict")[0] == 1
    sch = '<?xml-model href="rules/missing.sch" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
    code, out = run(runner, str(write(tmp_path, "d.xml", tei("<p>Text.</p>", prolog=sch))))
    assert code == 0 and "SCH012 schema 'rules/missing.sch'" in out and "checked against tei_all" in out


def test_user_schematron_xpath1(runner: CliRunner, tmp_path: Path) -> None:
    sch = write(tmp_path, "rules.sch",
                '<schema xmlns="http://purl.oclc.org/dsdl/schematron">'
                '<ns prefix="t" uri="http://www.tei-c.org/ns/1.0"/>'
                '<pattern id="short"><rule context="t:p">'
                '<assert test="string-length(.) &lt; 5" role="warning">'
                "Paragraph too long.</assert></rule></pattern></schema>")
    path = write(tmp_path, "d.xml", tei("<p>Long text.</p>"))
    code, out = run(runner, str(path), "--schematron", str(sch))
    assert code == 0 and "warning SCH006 Paragraph too long. [short]" in out


def test_unknown_schema_name_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path, "d.xml", tei("<p>Text.</p>"))
    write(tmp_path, "e.xml", tei("<p>Text.</p>"))
    code, out = run(runner, str(tmp_path), "--schema", "no_such_schema")
    assert code == 2 and out.count("SCH004") == 1  # once, not once per file


def test_the_rule_table_lists_every_rule() -> None:
    from teitools.validation.rules import RULES

    readme = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    missing = [code for code in RULES if f"`{code}`" not in readme]
    assert not missing


def test_schemas_list_shows_shipped_schemas(runner: CliRunner, tmp_path: Path) -> None:
    result = CliRunner(env={"XDG_CACHE_HOME": str(tmp_path)}).invoke(main, ["schemas", "list"])
    assert result.exit_code == 0
    assert "teitools.rng" in result.output and "teitools.sch" in result.output
    assert "\tTEI P5 4.11.0 (pinned SHA-256 verified), bundled; the default schema" in result.output


def test_the_bundled_tei_all_is_the_pinned_release_with_its_licence() -> None:
    import hashlib
    import tomllib

    from teitools.validation import store

    shipped = REPO / "schemas" / "tei_all.rng"
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == store.RELEASES["tei_all"].sha256
    licence = (REPO / "schemas" / "tei_all.LICENCE.txt").read_text(encoding="utf-8")
    assert "4.11.0" in licence and "BSD-2" in licence and "CC BY 3.0" in licence
    wheel = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["force-include"]["schemas"] == "teitools/_data/schemas"


def test_validate_never_uses_the_network(monkeypatch: pytest.MonkeyPatch, runner: CliRunner,
                                         tmp_path: Path) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during validation")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    for name in ("tei_all", "project"):
        pi = f'<?xml-model href="http://127.0.0.1:9/{name}.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
        code, out = run(runner, str(write(tmp_path, "d.xml", tei("<p>T</p>", prolog=pi))))
        assert code == 0 and ("SCH012" in out) == (name == "project"), out


def test_a_flood_of_errors_is_capped(runner: CliRunner, tmp_path: Path) -> None:
    """Every fault of a file with hundreds is shown (jing reports them all), up to a bound for a
    file checked against the wrong schema."""
    path = write(tmp_path, "many.xml", tei("".join(f'<p rend="r{i}">x</p>' for i in range(1050))))
    code, out = run(runner, str(path), "--schema", "teitools", "--no-schematron", "-v")
    assert code == 1
    assert out.count("RNG003") == 1000
    assert "info RNG011 50 more RELAX NG errors from here on not shown" in out


def test_missing_required_children_and_attributes_are_named(runner: CliRunner, tmp_path: Path) -> None:
    text = tei('<p>Text.</p><list type="x"><item>a</item></list>').replace(
        "<titleStmt><title>T</title></titleStmt>", "").replace(' ident="teitools"', "")
    code, out = run(runner, str(write(tmp_path, "m.xml", text)), "--no-schematron")
    assert code == 1  # as jing blames them: the element that came instead, the element lacking one
    assert ('error RNG001 element "publicationStmt" not allowed yet; missing required element "titleStmt"'
            in out)
    assert 'RNG012 element "application" incomplete; missing required attribute "ident"' in out
    assert "RNG006" not in out  # libxml2's vaguer report on the same element is left out


def test_bad_attribute_value_is_told_from_a_stray_attribute(runner: CliRunner, tmp_path: Path) -> None:
    body = '<p>T</p><table><row role="header"><cell>x</cell></row></table>'
    path = write(tmp_path, "v.xml", tei(body))
    code, out = run(runner, str(path), "--schema", "teitools", "--no-schematron")
    assert code == 1
    assert 'RNG004 value "header" of attribute "role" on element "row" is invalid' in out


def test_an_empty_element_that_needs_content_says_what_it_expects(runner: CliRunner, tmp_path: Path) -> None:
    text = tei("<p>Text.</p>").replace("<publicationStmt><p>P</p></publicationStmt>", "<publicationStmt/>")
    code, out = run(runner, str(write(tmp_path, "e.xml", text)), "--schema", "teitools", "--no-schematron")
    assert code == 1
    assert 'RNG002 element "publicationStmt" incomplete; expected element "p" or "publisher"' in out


def test_findings_about_elements_on_one_line_each_get_their_elements_column(runner: CliRunner,
                                                                            tmp_path: Path) -> None:
    """Schematron's and integrity's findings, like RELAX NG's, are placed at their element's start
    tag: two on one line are told apart."""
    body = ('\n<p><seg subtype="a">x</seg> <seg subtype="b">y</seg> '
            '<ptr target="#no"/><ptr target="#none"/></p>')
    path = write(tmp_path, "d.xml", tei(body))
    text = path.read_text(encoding="utf-8").splitlines()[2]
    code, out = run(runner, str(path))
    assert code == 1, out
    starts = [f"{path}:3:{text.index(tag) + 1}:" for tag in ('<seg subtype="a"', '<seg subtype="b"',
                                                             '<ptr target="#no"', '<ptr target="#none"')]
    told = [line for line in out.splitlines() if line.startswith(f"{path}:3:")]
    assert [line.split(" ", 1)[0] for line in told] == starts, out
    assert [line.split()[2] for line in told] == ["SCH005", "SCH005", "ID002", "ID002"], out
