"""The Schematron sandbox: a document under validation cannot make teitools read files, the
environment or the network, whatever schema it names. Each exfiltration route is tried as a
stranger's pull request would try it, and must be refused with a message naming the rule and
the refused resource; behind the audit, each engine is shown to read nothing by itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from shared import recording_loopback

from teitools.cli import main
from teitools.validation import sandbox, schematron2

TEI_NS = "http://www.tei-c.org/ns/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
SECRET = "s3cr3t-value-never-printed"


def document(href: str) -> str:
    return (f'<?xml version="1.0"?>\n<?xml-model href="{href}" type="application/xml" '
            f'schematypens="{SCH_NS}"?>\n'
            f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body><p>x</p></body></text></TEI>\n')


def schema(test: str, binding: str = "xslt2", extra: str = "") -> str:
    return (f'<schema xmlns="{SCH_NS}" queryBinding="{binding}"{extra}>'
            f'<ns prefix="tei" uri="{TEI_NS}"/>'
            f'<pattern id="leak"><rule context="tei:p"><report test="true()">LEAK '
            f'<value-of select="{test}"/></report></rule></pattern></schema>')


def validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", "--no-integrity", *args])
    return result.exit_code, result.output


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.xml"
    path.parent.mkdir()
    path.write_text(f"<s>{SECRET}</s>", encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    return folder


def stranger(project: Path, test: str, binding: str = "xslt2") -> Path:
    """A pull request: a document and the Schematron it names, side by side."""
    (project / "evil.sch").write_text(schema(test, binding), encoding="utf-8")
    path = project / "doc.xml"
    path.write_text(document("evil.sch"), encoding="utf-8")
    return path


@pytest.mark.parametrize(("test", "call"), [
    ("unparsed-text('{secret}')", "unparsed-text('{secret}')"),
    ("unparsed-text-lines('{secret}')", "unparsed-text-lines('{secret}')"),
    ("string(doc('{secret}'))", "doc('{secret}')"),
    ("collection('{folder}')", "collection('{folder}')"),
    ("json-doc('{secret}')", "json-doc('{secret}')"),
    ("environment-variable('TEITOOLS_TEST_SECRET')", "environment-variable('TEITOOLS_TEST_SECRET')"),
    ("string-join(available-environment-variables(), ',')", "available-environment-variables()"),
    ("system-property('user.home')", "system-property('user.home')"),
    ("function-lookup(QName('http://www.w3.org/2005/xpath-functions', 'doc'), 1)('{secret}')",
     "function-lookup(…)"),
    ("fn:unparsed-text('{secret}')", "unparsed-text('{secret}')"),
    ("Q{{http://www.w3.org/2005/xpath-functions}}doc('{secret}')", "doc('{secret}')"),
    ("(unparsed-text#1)('{secret}')", "unparsed-text()"),
    ("trace(., 'x')", "trace(…)"),
], ids=lambda s: s[:24])
def test_xpath2_routes_are_refused_naming_rule_and_resource(
        project: Path, secret_file: Path, monkeypatch: pytest.MonkeyPatch, test: str, call: str) -> None:
    monkeypatch.setenv("TEITOOLS_TEST_SECRET", SECRET)
    values = {"secret": str(secret_file), "folder": str(secret_file.parent)}
    doc = stranger(project, test.format(**values))
    code, out = validate(str(doc))
    assert code == 2, out
    assert SECRET not in out
    line = next(x for x in out.splitlines() if "SCH010" in x)
    assert "rule context='tei:p'" in line
    assert f"calls {call.format(**values)}" in line
    assert "refused" in line


def test_xpath1_document_is_refused(project: Path, secret_file: Path) -> None:
    doc = stranger(project, f"document('{secret_file}')", binding="xslt")
    code, out = validate(str(doc))
    assert code == 2, out
    assert SECRET not in out
    assert f"SCH010 Schematron rule context='tei:p' calls document('{secret_file}')" in out


def test_extension_functions_and_writing_instructions_are_refused(project: Path) -> None:
    text = (f'<schema xmlns="{SCH_NS}" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
            f'xmlns:f="urn:f" queryBinding="xslt2"><ns prefix="tei" uri="{TEI_NS}"/>'
            '<xsl:function name="f:log"><xsl:param name="x"/><xsl:message>::error::x</xsl:message>'
            '</xsl:function><pattern><rule context="tei:p"><assert test="f:log(.)">x</assert>'
            "</rule></pattern></schema>")
    element = etree.fromstring(text)
    with pytest.raises(Exception, match="xsl:function 'f:log' uses xsl:message, which prints to the log"):
        sandbox.audit(element, "s.sch")
    saxon = etree.fromstring(schema("saxon:system-id()", extra=' xmlns:saxon="http://saxon.sf.net/"'))
    with pytest.raises(Exception, match=r"calls Q\{http://saxon.sf.net/\}system-id\(\), which is an ext"):
        sandbox.audit(saxon, "s.sch")


def test_ordinary_rules_pass_the_audit() -> None:
    """Strings that merely mention a refused name, kind tests and the schema's own functions."""
    text = (f'<schema xmlns="{SCH_NS}" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
            f'xmlns:f="urn:f" queryBinding="xslt2"><ns prefix="tei" uri="{TEI_NS}"/>'
            '<xsl:function name="f:ok"><xsl:param name="x"/><xsl:sequence select="string($x)"/>'
            '</xsl:function><pattern><rule context="tei:p[not(node())]">'
            "<assert test=\"f:ok(.) != 'doc(x)' and not(text()) and if (@n) then true() else "
            'document-node() instance of node()">x</assert></rule></pattern></schema>')
    sandbox.audit(etree.fromstring(text), "s.sch")


def test_a_schema_outside_the_documents_folder_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.sch"
    outside.write_text(schema("'harmless'"), encoding="utf-8")
    for href in (str(outside), "../elsewhere.sch"):
        doc = project / "doc.xml"
        doc.write_text(document(href), encoding="utf-8")
        code, out = validate(str(doc))
        assert code == 2, out
        assert f"SCH011 schema {href!r} named by <?xml-model?> lies outside the document's folder" in out
        code, out = validate("--trust-schemas", str(doc))
        assert "SCH011" not in out and "LEAK harmless" in out, out


def test_a_symbolic_link_counts_where_it_points(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.sch"
    outside.write_text(schema("'harmless'"), encoding="utf-8")
    (project / "link.sch").symlink_to(outside)
    doc = project / "doc.xml"
    doc.write_text(document("link.sch"), encoding="utf-8")
    code, out = validate(str(doc))
    assert code == 2 and "SCH011" in out, out


def test_a_schema_in_the_input_folder_tree_is_taken(project: Path) -> None:
    """data/doc.xml names ../schema/p.sch and the user validates the whole project folder."""
    (project / "schema").mkdir()
    (project / "data").mkdir()
    (project / "schema" / "p.sch").write_text(schema("'in tree'"), encoding="utf-8")
    (project / "data" / "doc.xml").write_text(document("../schema/p.sch"), encoding="utf-8")
    _, out = validate(str(project))
    assert "LEAK in tree" in out, out
    code, out = validate(str(project / "data"))
    assert code == 2 and "SCH011" in out, out


def test_an_include_that_leaves_the_schemas_folder_is_refused(project: Path, secret_file: Path) -> None:
    (project / "main.sch").write_text(
        f'<schema xmlns="{SCH_NS}" queryBinding="xslt2"><include href="{secret_file}"/></schema>',
        encoding="utf-8")
    doc = project / "doc.xml"
    doc.write_text(document("main.sch"), encoding="utf-8")
    code, out = validate(str(doc))
    assert code == 2, out
    assert f"SCH011 sch:include '{secret_file}' leaves the schema's folder: refused" in out
    assert SECRET not in out


def test_a_schema_the_user_names_may_include_from_anywhere(project: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared-rules.sch"
    shared.write_text(f'<pattern xmlns="{SCH_NS}"><rule context="tei:p"><report test="true()">'
                      "SHARED</report></rule></pattern>", encoding="utf-8")
    main_sch = project / "main.sch"
    main_sch.write_text(f'<schema xmlns="{SCH_NS}" queryBinding="xslt2"><ns prefix="tei" uri="{TEI_NS}"/>'
                        f'<include href="{shared}"/></schema>', encoding="utf-8")
    doc = project / "doc.xml"
    doc.write_text(document("main.sch").split("\n", 2)[2], encoding="utf-8")  # names no schema
    _, out = validate("--schematron", str(main_sch), str(doc))
    assert "SHARED" in out and "SCH011" not in out, out


# ------------------------------------------------------------ the engines, behind the audit


@pytest.fixture
def server() -> Iterator[str]:
    """A web server on the loopback that counts requests."""
    with recording_loopback(SECRET.encode()) as (url, hits):
        yield f"{url}/"
        assert hits == [], "Saxon reached the network"


def saxon_run(expression: str) -> str:
    """Run one XPath expression through teitools' Saxon processor, with no audit."""
    stylesheet = ('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                  f'<xsl:template match="/"><r><xsl:value-of select="{expression}"/></r></xsl:template>'
                  "</xsl:stylesheet>")
    saxon = schematron2._saxon()
    try:
        return saxon.compile(stylesheet).transform_to_string(xdm_node=saxon.parse_text("<a/>")) or ""
    except Exception as exc:
        return f"ERROR {exc}"


def test_saxon_itself_reads_no_file_url_or_environment(
        secret_file: Path, server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEITOOLS_TEST_SECRET", SECRET)
    for expression in (f"unparsed-text('{secret_file}')", f"string(doc('{secret_file}'))",
                       f"unparsed-text('{server}x')",
                       "function-lookup(QName('http://www.w3.org/2005/xpath-functions', "
                       f"'unparsed-text'), 1)('{secret_file}')",
                       "environment-variable('TEITOOLS_TEST_SECRET')",
                       "string-join(available-environment-variables(), ',')"):
        out = saxon_run(expression)
        assert SECRET not in out, expression
        assert "TEITOOLS_TEST_SECRET" not in out, expression


def test_lxml_validator_itself_reads_no_file(secret_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from teitools.validation import schematron

    monkeypatch.setattr(sandbox, "audit", lambda *args: None)
    checker = schematron.Checker(etree.fromstring(schema(f"document('{secret_file}')", binding="xslt")),
                                 "s.sch")
    tree = etree.ElementTree(etree.fromstring(f'<TEI xmlns="{TEI_NS}"><p>x</p></TEI>'))
    with pytest.raises(Exception, match="could not be run") as caught:
        checker.run(tree, "doc.xml")
    assert SECRET not in str(caught.value)


# ------------------------------------------------------------ bypasses a reviewer tried


@pytest.mark.parametrize("select", [
    "(: ' :) unparsed-text('/etc/passwd') (: ' :)",
    "(: (: nested ' :) :) doc('/etc/passwd')",
    "'it''s' || environment-variable('HOME')",
], ids=["comment-quote", "nested-comment", "doubled-quote"])
def test_comments_and_quotes_hide_no_call(select: str) -> None:
    with pytest.raises(Exception, match="SCH010"):
        sandbox.audit(etree.fromstring(schema(select)), "s.sch")


def test_text_value_templates_are_audited() -> None:
    text = (f'<schema xmlns="{SCH_NS}" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
            f'xmlns:f="urn:f" queryBinding="xslt3"><ns prefix="tei" uri="{TEI_NS}"/>'
            '<xsl:function name="f:g" expand-text="yes"><xsl:param name="x"/>'
            "<xsl:value-of>{unparsed-text('/etc/passwd')}</xsl:value-of></xsl:function>"
            '<pattern><rule context="tei:p"><report test="f:g(.)">x</report></rule></pattern></schema>')
    with pytest.raises(Exception, match=r"calls unparsed-text\('/etc/passwd'\)"):
        sandbox.audit(etree.fromstring(text), "s.sch")


def test_a_function_declared_out_of_place_lends_no_namespace() -> None:
    text = (f'<schema xmlns="{SCH_NS}" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
            'xmlns:saxon="http://saxon.sf.net/" queryBinding="xslt2">'
            f'<ns prefix="tei" uri="{TEI_NS}"/><p><xsl:function name="saxon:unused"/></p>'
            '<pattern><rule context="tei:p"><report test="saxon:system-id()">x</report></rule></pattern>'
            "</schema>")
    with pytest.raises(Exception, match="is an extension function"):
        sandbox.audit(etree.fromstring(text), "s.sch")


def test_saxon_prints_nothing_a_ci_log_would_read(project: Path) -> None:
    """A rule whose context raises an error makes Saxon warn on stderr, quoting the error's
    text; in CI a line of it could be a workflow command. Saxon's stderr is thrown away."""
    import subprocess
    import sys

    context = "tei:p[error(QName('urn:x', 'E'), 'x&#10;::error file=README.md::FORGED')]"
    (project / "evil.sch").write_text(
        f'<schema xmlns="{SCH_NS}" queryBinding="xslt2"><ns prefix="tei" uri="{TEI_NS}"/>'
        f'<pattern><rule context="{context}"><report test="true()">x</report></rule></pattern></schema>',
        encoding="utf-8")
    doc = project / "doc.xml"
    doc.write_text(document("evil.sch"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "teitools", "validate", "-f", "github", str(doc)],
                          capture_output=True, text=True, check=False)
    lines = (done.stdout + done.stderr).splitlines()
    assert not any(line.startswith("::error file=README.md") for line in lines), lines


def test_a_relax_ng_include_that_leaves_the_folder_is_refused(project: Path, secret_file: Path) -> None:
    rng = "http://relaxng.org/ns/structure/1.0"
    for tag in ("include", "externalRef"):
        (project / "p.rng").write_text(f'<grammar xmlns="{rng}"><start><{tag} href="{secret_file}"/></start>'
                                       "</grammar>", encoding="utf-8")
        doc = project / "doc.xml"
        doc.write_text(document("p.rng").replace(SCH_NS, rng), encoding="utf-8")
        code, out = validate(str(doc))
        assert code == 2 and f"SCH011 {tag} '{secret_file}' leaves the document's folder" in out, out


def test_a_relax_ng_include_that_leaves_the_folder_through_xml_base_is_refused(project: Path,
                                                                             secret_file: Path) -> None:
    """libxml2 (and the schema reader) resolve href against xml:base: so does the sandbox."""
    rng = "http://relaxng.org/ns/structure/1.0"
    (project / "p.rng").write_text(f'<grammar xmlns="{rng}"><start><externalRef xml:base="{secret_file}" '
                                   'href=""/></start></grammar>', encoding="utf-8")
    doc = project / "doc.xml"
    doc.write_text(document("p.rng").replace(SCH_NS, rng), encoding="utf-8")
    code, out = validate(str(doc))
    assert code == 2 and "SCH011 externalRef '' leaves the document's folder" in out, out
