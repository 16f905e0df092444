"""The XPath-2 Schematron engine on small schemas and documents written for each behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from teitools.diagnostics import TeiToolsError
from teitools.validation.finding import Finding
from teitools.validation.schematron2 import _saxon, compile_element, compile_schema, load_schema

TEI = "http://www.tei-c.org/ns/1.0"


def schema(body: str, binding: str = "xslt2", extra: str = "", extra_ns: str = "") -> str:
    return (f'<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="{binding}"{extra}>'
            f'<sch:ns prefix="tei" uri="{TEI}"/>{extra_ns}{body}</sch:schema>')


def tei(body: str, prolog: str = "") -> str:
    return f'<?xml version="1.0"?>{prolog}\n<TEI xmlns="{TEI}">\n{body}\n</TEI>\n'


def run(tmp_path: Path, sch: str, doc: str, phase: str | None = None) -> list[Finding]:
    (tmp_path / "s.sch").write_text(sch, encoding="utf-8")
    (tmp_path / "d.xml").write_text(doc, encoding="utf-8")
    return compile_schema(tmp_path / "s.sch", phase=phase).validate(tmp_path / "d.xml")


def test_assert_fires_when_false_and_report_when_true(tmp_path: Path) -> None:
    sch = schema('<sch:pattern id="P"><sch:rule context="tei:p">'
                 '<sch:assert test="@n">p needs n</sch:assert>'
                 '<sch:report test="@rend">p has rend</sch:report></sch:rule></sch:pattern>')
    found = run(tmp_path, sch, tei('<p n="1" rend="x"/>\n<p/>\n<p n="2"/>'))
    assert [(f.kind, f.xpath, f.line, f.message) for f in found] == [
        ("successful-report", "/TEI[1]/p[1]", 3, "p has rend"),
        ("failed-assert", "/TEI[1]/p[2]", 4, "p needs n"),
    ]
    assert found[0].pattern == "P" and found[0].context == "tei:p" and found[0].test == "@rend"


def test_lets_at_every_level_value_of_and_name(tmp_path: Path) -> None:
    sch = schema('<sch:let name="total" value="count(//tei:p)"/>'
                 '<sch:pattern id="P"><sch:let name="first" value="(//tei:p)[1]/@n"/>'
                 '<sch:rule context="tei:p"><sch:let name="mine" value="string(@n)"/>'
                 '<sch:report test="$mine ne $first">  <sch:name/> number <sch:value-of select="$mine"/>\n'
                 '   of <sch:value-of select="$total"/> differs from <sch:value-of select="$first"/>'
                 '</sch:report></sch:rule></sch:pattern>')
    found = run(tmp_path, sch, tei('<p n="a"/><p n="b"/><p n="c"/>'))
    assert [f.message for f in found] == ["p number b of 3 differs from a", "p number c of 3 differs from a"]


def test_roles_declared_inherited_and_default(tmp_path: Path) -> None:
    sch = schema('<sch:pattern id="A"><sch:rule context="tei:p">'
                 '<sch:report test="true()" role="nonfatal">one</sch:report>'
                 '<sch:report test="true()">two</sch:report></sch:rule></sch:pattern>'
                 '<sch:pattern id="B"><sch:rule context="tei:p" role="warning">'
                 '<sch:report test="true()">three</sch:report></sch:rule></sch:pattern>')
    found = run(tmp_path, sch, tei("<p/>"))
    assert [(f.message, f.role, f.role_declared, f.severity) for f in found] == [
        ("one", "nonfatal", True, "warning"),
        ("two", "error", False, "error"),
        ("three", "warning", True, "warning"),
    ]


def test_first_matching_rule_of_a_pattern_wins_other_patterns_still_run(tmp_path: Path) -> None:
    sch = schema('<sch:pattern id="P1">'
                 '<sch:rule context="tei:p[@n]"><sch:report test="true()">specific</sch:report></sch:rule>'
                 '<sch:rule context="tei:p"><sch:report test="true()">general</sch:report></sch:rule>'
                 '</sch:pattern>'
                 '<sch:pattern id="P2"><sch:rule context="tei:*">'
                 '<sch:report test="self::tei:p">other pattern</sch:report></sch:rule></sch:pattern>')
    found = run(tmp_path, sch, tei('<p n="1"/><p/>'))
    # pattern order first, document order within a pattern
    assert [(f.pattern, f.message, f.xpath) for f in found] == [
        ("P1", "specific", "/TEI[1]/p[1]"),
        ("P1", "general", "/TEI[1]/p[2]"),
        ("P2", "other pattern", "/TEI[1]/p[1]"),
        ("P2", "other pattern", "/TEI[1]/p[2]"),
    ]


def test_rules_of_a_group_do_not_hide_one_another(tmp_path: Path) -> None:
    sch = schema('<sch:group id="G">'
                 '<sch:rule context="tei:p[@n]"><sch:report test="true()">specific</sch:report></sch:rule>'
                 '<sch:rule context="tei:p"><sch:report test="true()">general</sch:report></sch:rule>'
                 '</sch:group>')
    found = run(tmp_path, sch, tei('<p n="1"/><p/>'))
    assert [(f.pattern, f.message, f.xpath) for f in found] == [
        ("G", "specific", "/TEI[1]/p[1]"),
        ("G", "general", "/TEI[1]/p[1]"),
        ("G", "general", "/TEI[1]/p[2]"),
    ]


def test_patterns_over_other_documents_are_refused(tmp_path: Path) -> None:
    sch = schema('<sch:pattern id="P" documents="\'other.xml\'"><sch:rule context="tei:p">'
                 '<sch:report test="true()">x</sch:report></sch:rule></sch:pattern>')
    with pytest.raises(TeiToolsError, match="@documents"):
        run(tmp_path, sch, tei("<p/>"))


def test_contexts_match_anywhere_and_on_attributes(tmp_path: Path) -> None:
    sch = schema('<sch:pattern id="P">'
                 '<sch:rule context="tei:ref/@target"><sch:assert test="starts-with(., \'#\')">'
                 'local <sch:value-of select="."/></sch:assert></sch:rule></sch:pattern>')
    doc = tei('<text><body><div>\n<p><ref\n target="http://x"/><ref target="#a"/></p></div></body></text>')
    found = run(tmp_path, sch, doc)
    assert [(f.xpath, f.line, f.message) for f in found] == [
        ("/TEI[1]/text[1]/body[1]/div[1]/p[1]/ref[1]/@target", 5, "local http://x")]


def test_location_names_other_namespaces_and_xml_attributes(tmp_path: Path) -> None:
    sch = schema('<sch:ns prefix="x" uri="urn:other"/><sch:pattern id="P">'
                 '<sch:rule context="x:item"><sch:report test="true()">item</sch:report></sch:rule>'
                 '<sch:rule context="@xml:id"><sch:report test=". = \'dup\'">id</sch:report></sch:rule>'
                 '</sch:pattern>')
    doc = tei('<p xml:id="dup"><x:item xmlns:x="urn:other"/><x:item xmlns:x="urn:other"/>\n'
              '<b xmlns=""><x:item xmlns:x="urn:other"/></b></p>')
    found = run(tmp_path, sch, doc)
    assert [(f.xpath, f.line) for f in found] == [
        ("/TEI[1]/p[1]/@xml:id", 3), ("/TEI[1]/p[1]/Q{urn:other}item[1]", 3),
        ("/TEI[1]/p[1]/Q{urn:other}item[2]", 3), ("/TEI[1]/p[1]/Q{}b[1]/Q{urn:other}item[1]", 4)]


def test_current_is_the_rule_context_node(tmp_path: Path) -> None:
    sch = schema('<sch:pattern id="P"><sch:rule context="tei:l">'
                 '<sch:report test="ancestor::tei:l[not(.//tei:note//tei:l[. is current()])]">l in l'
                 '</sch:report></sch:rule></sch:pattern>')
    doc = tei("<lg><l>a<note><l>exempt</l></note></l><l>b<q><l>nested</l></q></l></lg>")
    found = run(tmp_path, sch, doc)
    assert [f.xpath for f in found] == ["/TEI[1]/lg[1]/l[2]/q[1]/l[1]"]


def test_phases_default_all_named_and_unknown(tmp_path: Path) -> None:
    body = ('<sch:phase id="quick"><sch:active pattern="A"/></sch:phase>'
            '<sch:pattern id="A"><sch:rule context="tei:p"><sch:report test="true()">a</sch:report>'
            '</sch:rule></sch:pattern>'
            '<sch:pattern id="B"><sch:rule context="tei:p"><sch:report test="true()">b</sch:report>'
            '</sch:rule></sch:pattern>')
    doc = tei("<p/>")
    assert [f.message for f in run(tmp_path, schema(body, extra=' defaultPhase="quick"'), doc)] == ["a"]
    assert [f.message for f in run(tmp_path, schema(body), doc, phase="#ALL")] == ["a", "b"]
    assert [f.message for f in run(tmp_path, schema(body), doc)] == ["a", "b"]
    assert [f.message for f in run(tmp_path, schema(body), doc, phase="quick")] == ["a"]
    with pytest.raises(TeiToolsError, match="no phase 'slow'"):
        run(tmp_path, schema(body), doc, phase="slow")


def test_abstract_rules_and_abstract_patterns(tmp_path: Path) -> None:
    sch = schema('<sch:pattern id="P">'
                 '<sch:rule abstract="true" id="needs-rend"><sch:assert test="@rend">no rend</sch:assert>'
                 '</sch:rule><sch:rule abstract="true" id="needs-n"><sch:assert test="@n">no n</sch:assert>'
                 '<sch:extends rule="needs-rend"/></sch:rule>'
                 '<sch:rule context="tei:p"><sch:extends rule="needs-n"/></sch:rule></sch:pattern>'
                 '<sch:pattern abstract="true" id="counted">'
                 '<sch:rule context="$parent"><sch:assert test="count($child) ge $min">'
                 'too few <sch:value-of select="$min"/></sch:assert></sch:rule></sch:pattern>'
                 '<sch:pattern is-a="counted" id="lg-lines"><sch:param name="parent" value="tei:lg"/>'
                 '<sch:param name="child" value="tei:l"/><sch:param name="min" value="2"/></sch:pattern>')
    found = run(tmp_path, sch, tei('<p/><p n="1" rend="b"/><lg><l/></lg>'))
    assert [(f.pattern, f.xpath, f.message, f.context) for f in found] == [
        ("P", "/TEI[1]/p[1]", "no n", "tei:p"),
        ("P", "/TEI[1]/p[1]", "no rend", "tei:p"),
        ("lg-lines", "/TEI[1]/lg[1]", "too few 2", "tei:lg"),
    ]


def test_circular_extends_is_refused(tmp_path: Path) -> None:
    sch = schema('<sch:pattern id="P"><sch:rule abstract="true" id="a"><sch:extends rule="a"/></sch:rule>'
                 '<sch:rule context="tei:p"><sch:extends rule="a"/></sch:rule></sch:pattern>')
    with pytest.raises(TeiToolsError, match="circular"):
        run(tmp_path, sch, tei("<p/>"))


def test_diagnostics_and_subject(tmp_path: Path) -> None:
    sch = schema('<sch:pattern id="P"><sch:rule context="tei:div">'
                 '<sch:assert test="tei:head" diagnostics="d1" subject="tei:p[1]">'
                 'div without head</sch:assert>'
                 '</sch:rule></sch:pattern>'
                 '<sch:diagnostics><sch:diagnostic id="d1">it has <sch:value-of select="count(*)"/> '
                 'children</sch:diagnostic></sch:diagnostics>')
    found = run(tmp_path, sch, tei("<div><p/><p/></div>"))
    assert [(f.xpath, f.message, f.diagnostics) for f in found] == [
        ("/TEI[1]/div[1]/p[1]", "div without head", ("it has 2 children",))]


def test_message_markup_keeps_its_text_and_whitespace_is_collapsed(tmp_path: Path) -> None:
    sch = schema('<sch:pattern id="P"><sch:rule context="tei:p"><sch:report test="true()">'
                 '\n  A\u00a0<sch:emph>strong</sch:emph>\t<sch:span class="c">word</sch:span>'
                 '\n\n   here  <sch:value-of select="1"/> <sch:value-of select="2"/></sch:report>'
                 '</sch:rule></sch:pattern>')
    assert [f.message for f in run(tmp_path, sch, tei("<p/>"))] == ["A\u00a0strong word here 1 2"]


def test_dynamic_error_is_a_finding_and_validation_goes_on(tmp_path: Path) -> None:
    sch = schema('<sch:pattern id="P"><sch:rule context="tei:p">'
                 '<sch:let name="n" value="@n cast as xs:integer"/>'
                 '<sch:assert test="$n lt 10">too big</sch:assert></sch:rule></sch:pattern>'
                 '<sch:pattern id="Q"><sch:rule context="tei:p">'
                 '<sch:report test="true()">still here</sch:report></sch:rule></sch:pattern>',
                 extra_ns='<sch:ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>')
    found = run(tmp_path, sch, tei('<p n="twelve"/><p n="12"/>'))
    assert [(f.kind, f.xpath) for f in found[:2]] == [
        ("dynamic-error", "/TEI[1]/p[1]"), ("failed-assert", "/TEI[1]/p[2]")]
    assert "FORG0001" in found[0].message and found[0].role == "error"
    assert [f.message for f in found[2:]] == ["still here", "still here"]


def test_xpath1_binding_runs_with_xpath1_comparisons(tmp_path: Path) -> None:
    body = ('<sch:pattern id="P"><sch:rule context="tei:p"><sch:report test="@n &gt; $limit">big</sch:report>'
            '</sch:rule></sch:pattern>')
    doc = tei('<p n="x"/><p n="5"/>')
    # XPath 1 turns the string into a number; XPath 2 refuses to add a string and a number.
    xpath1_let = '<sch:let name="limit" value="\'3\' + 0"/>'
    assert [f.kind for f in run(tmp_path, schema(xpath1_let + body, binding="xslt"), doc)] == [
        "successful-report"]
    with pytest.raises(TeiToolsError, match="XPTY0004"):
        run(tmp_path, schema(xpath1_let + body, binding="xslt2"), doc)
    # and a comparison of "x" with a number: false in XPath 1, an error in XPath 2
    xpath2_let = '<sch:let name="limit" value="3"/>'
    assert [f.kind for f in run(tmp_path, schema(xpath2_let + body, binding="xslt2"), doc)] == [
        "dynamic-error", "successful-report"]


def test_include_pulls_in_a_pattern_file(tmp_path: Path) -> None:
    (tmp_path / "part.sch").write_text(
        '<sch:pattern xmlns:sch="http://purl.oclc.org/dsdl/schematron" id="inc"><sch:rule context="tei:p">'
        '<sch:report test="true()">included</sch:report></sch:rule></sch:pattern>', encoding="utf-8")
    sch = schema('<sch:include href="part.sch"/>')
    assert [(f.pattern, f.message) for f in run(tmp_path, sch, tei("<p/>"))] == [("inc", "included")]


def test_rules_embedded_in_relaxng_run(tmp_path: Path) -> None:
    rng = ('<grammar xmlns="http://relaxng.org/ns/structure/1.0" xmlns:sch="http://purl.oclc.org/dsdl/schematron">'
           '<start><ref name="p"/></start>'
           '<define name="p"><element name="p" ns="' + TEI + '"><empty/></element>'
           '<sch:pattern id="emb"><sch:rule context="tei:p"><sch:assert test="@n">needs n</sch:assert>'
           '</sch:rule></sch:pattern></define>'
           '<sch:ns prefix="tei" uri="' + TEI + '"/><sch:ns prefix="tei" uri="' + TEI + '"/></grammar>')
    (tmp_path / "s.rng").write_text(rng, encoding="utf-8")
    extracted = load_schema(tmp_path / "s.rng")
    assert extracted.get("queryBinding") == "xslt2"
    assert [child.tag.split("}")[1] for child in extracted] == ["ns", "pattern"]
    (tmp_path / "d.xml").write_text(tei("<p/>"), encoding="utf-8")
    found = compile_schema(tmp_path / "s.rng").validate(tmp_path / "d.xml")
    assert [(f.pattern, f.message) for f in found] == [("emb", "needs n")]


def test_relaxng_without_rules_is_refused(tmp_path: Path) -> None:
    rng = ('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start>'
           '<element name="p"><empty/></element></start></grammar>')
    (tmp_path / "s.rng").write_text(rng, encoding="utf-8")
    with pytest.raises(TeiToolsError, match="embeds no Schematron"):
        compile_schema(tmp_path / "s.rng")


def test_compiled_once_and_again_when_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "s.sch"
    path.write_text(schema('<sch:pattern id="A"><sch:rule context="tei:p"><sch:report test="true()">a'
                           '</sch:report></sch:rule></sch:pattern>'), encoding="utf-8")
    first = compile_schema(path)
    assert compile_schema(path) is first
    path.write_text(schema('<sch:pattern id="B"><sch:rule context="tei:p"><sch:report test="true()">b'
                           '</sch:report></sch:rule></sch:pattern>'), encoding="utf-8")
    (tmp_path / "d.xml").write_text(tei("<p/>"), encoding="utf-8")
    assert [f.message for f in compile_schema(path).validate(tmp_path / "d.xml")] == ["b"]


def test_bad_xpath_points_at_the_schema_line(tmp_path: Path) -> None:
    sch = schema('\n<sch:pattern id="P">\n<sch:rule context="tei:p">\n'
                 '<sch:assert test="count(">broken</sch:assert></sch:rule></sch:pattern>')
    with pytest.raises(TeiToolsError) as caught:
        run(tmp_path, sch, tei("<p/>"))
    diagnostic = caught.value.diagnostic
    assert diagnostic.code == "SCT002" and diagnostic.line == 4
    assert "count(" in diagnostic.message and "\n" not in diagnostic.message


def test_unsupported_binding_and_non_schematron_are_refused(tmp_path: Path) -> None:
    with pytest.raises(TeiToolsError, match="query binding 'exslt'"):
        run(tmp_path, schema("", binding="exslt"), tei("<p/>"))
    (tmp_path / "x.sch").write_text("<schema/>", encoding="utf-8")
    with pytest.raises(TeiToolsError, match="not an ISO Schematron schema"):
        compile_schema(tmp_path / "x.sch")


def test_document_dtd_is_never_loaded(tmp_path: Path) -> None:
    sch = schema('<sch:pattern id="P"><sch:rule context="tei:p"><sch:report test="true()">seen</sch:report>'
                 '</sch:rule></sch:pattern>')
    for system_id in ("missing.dtd", "http://127.0.0.1:9/tei.dtd"):
        doc = tei("<p/>", prolog=f'\n<!DOCTYPE TEI SYSTEM "{system_id}">')
        assert [(f.message, f.line) for f in run(tmp_path, sch, doc)] == [("seen", 4)]


def test_file_names_with_spaces_hashes_and_accents(tmp_path: Path) -> None:
    folder = tmp_path / "a b#c%20é"
    folder.mkdir()
    sch = schema('<sch:pattern id="P"><sch:rule context="tei:p"><sch:report test="true()">seen</sch:report>'
                 '</sch:rule></sch:pattern>')
    assert [f.message for f in run(folder, sch, tei("<p/><p/>"))] == ["seen", "seen"]


def test_entities_and_malformed_documents_get_one_line_errors(tmp_path: Path) -> None:
    sch = schema('<sch:pattern id="P"><sch:rule context="tei:p"><sch:report test="true()">x</sch:report>'
                 '</sch:rule></sch:pattern>')
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    hostile = tei("<p>&x;</p>", prolog=f'\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret.as_uri()}">]>')
    with pytest.raises(TeiToolsError) as caught:
        run(tmp_path, sch, hostile)
    assert caught.value.diagnostic.code == "XML002"
    with pytest.raises(TeiToolsError) as caught:
        run(tmp_path, sch, tei("<p>"))
    assert caught.value.diagnostic.code == "XML001"


def test_compile_element_accepts_an_in_memory_schema(tmp_path: Path) -> None:
    from lxml import etree

    root = etree.fromstring(schema('<sch:pattern id="P"><sch:rule context="/">'
                                   '<sch:assert test="tei:TEI">root must be TEI</sch:assert></sch:rule>'
                                   '</sch:pattern>'))
    (tmp_path / "d.xml").write_text('<TEI/>', encoding="utf-8")
    found = compile_element(root).validate(tmp_path / "d.xml")
    assert [(f.xpath, f.line, f.message) for f in found] == [("/", None, "root must be TEI")]


def test_saxon_itself_never_reads_external_entities(tmp_path: Path) -> None:
    """Defence in depth: even a file that bypassed safexml gets no external entity expanded."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    text = (f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret.as_uri()}">'
            '<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>\n<TEI>&x;</TEI>')
    try:
        parsed = str(_saxon().parse_text(text))
    except Exception as exc:  # the processor refuses the entity's URI
        parsed = str(exc)
    assert "TOPSECRET" not in parsed


def test_a_tree_in_memory_is_validated_with_its_own_lines(tmp_path: Path) -> None:
    from lxml import etree

    sch = schema('<sch:pattern id="P"><sch:rule context="tei:p"><sch:assert test="@n">no n</sch:assert>'
                 '</sch:rule></sch:pattern>')
    (tmp_path / "s.sch").write_text(sch, encoding="utf-8")
    tree = etree.ElementTree(etree.fromstring(f'<TEI xmlns="{TEI}">\n<p n="1"/>\n\n<p/></TEI>'))
    found = compile_schema(tmp_path / "s.sch").validate_tree(tree)
    assert [(f.xpath, f.line, f.message) for f in found] == [("/TEI[1]/p[2]", 4, "no n")]


XML = "http://www.w3.org/XML/1998/namespace"
EVERY = {"document", "element", "attribute", "text", "comment", "processing-instruction"}


@pytest.mark.parametrize(("context", "kinds", "attributes"), [
    ("tei:p", {"element"}, set()),
    ("tei:l//tei:p[@n = $limit]", {"element"}, set()),
    ("/*[ count( //tei:constraintDecl ) gt 1 ]", {"element"}, set()),
    ("tei:rt/@target", {"attribute"}, {"Q{}target"}),
    ("@xml:id | tei:p/@tei:n", {"attribute"}, {f"Q{{{XML}}}id", f"Q{{{TEI}}}n"}),
    ("tei:p/text()[contains(., '|')]", {"text"}, set()),
    ("comment() | processing-instruction('x')", {"comment", "processing-instruction"}, set()),
    ("node()", {"element", "text", "comment", "processing-instruction"}, set()),
    ("/", {"document"}, set()),
    ("document-node(element(tei:TEI))", {"document"}, set()),
    ("(tei:a | @b)[1]/..", EVERY, None),  # `..` is no step a pattern may have
    ("(tei:a | @b)[1]", {"element", "attribute"}, {"Q{}b"}),
    ("tei:a union tei:b", {"element"}, set()),
    ("@*", {"attribute"}, None),
    ("attribute::tei:*", {"attribute"}, None),
    ("@other:x", {"attribute"}, None),  # a prefix the schema does not declare
    ("tei:a intersect tei:b", EVERY, None),
    ("descendant::tei:p", EVERY, None),
    (".[. instance of text()]", EVERY, None),
    ("key('k', 'v')", EVERY, None),
    ("$nodes", EVERY, None),
    ("tei:p (: a comment :)", EVERY, None),
    ("tei:p[", EVERY, None),
])
def test_rule_contexts_reach_the_node_kinds_they_can_match(context: str, kinds: set[str],
                                                             attributes: set[str] | None) -> None:
    from teitools.validation.schematron2 import _reach

    reach = _reach(context, {"tei": TEI})
    assert (reach.kinds, reach.attributes) == (kinds, attributes)


@pytest.mark.parametrize(("context", "owners"), [
    ("tei:rt/@target", {f"descendant::Q{{{TEI}}}rt"}),
    ("tei:a[@n]/tei:rt[1]/@target | tei:b/@xml:id",
     {f"descendant::Q{{{TEI}}}rt", f"descendant::Q{{{TEI}}}b"}),
    ("tei:rt//@target", None),
    ("@target", None),
    ("tei:*/@target", None),
    ("tei:rt/@target | @n", None),
])
def test_attribute_contexts_narrow_the_elements_that_own_them(context: str, owners: set[str] | None) -> None:
    from teitools.validation.schematron2 import _reach

    found = _reach(context, {"tei": TEI}).owners
    assert (None if found is None else {str(e) for e in found}) == owners


@pytest.mark.parametrize(("context", "elements"), [
    ("tei:p", {f"descendant::Q{{{TEI}}}p"}),
    ("tei:l//tei:p[@n][1]", {f"descendant::Q{{{TEI}}}p[@Q{{}}n]"}),
    ("tei:p[@xml:id] | tei:q[@*]", {f"descendant::Q{{{TEI}}}p[@Q{{{XML}}}id]", f"descendant::Q{{{TEI}}}q"}),
    ("tei:*[@when]", {"descendant::*[@Q{}when]"}),
    ("tei:*[not(self::tei:x)][ @targetLang ]", {"descendant::*[@Q{}targetLang]"}),
    ("tei:*[ @minOccurs and not( @maxOccurs ) ]", {"descendant::*[@Q{}minOccurs]"}),
    ("tei:*[@a and @b or @c]", None),
    ("tei:*[@a, @b]", None),
    ("tei:*[@a = 'x']", None),
    ("tei:*[ starts-with( @spanTo, '#') ]", {"descendant::*[@Q{}spanTo]"}),
    ("tei:*[contains(@a, 'x') and ends-with(@b, 'y')]", {"descendant::*[@Q{}a]"}),
    ("tei:*[starts-with(@a, '')]", None),
    ("tei:*[starts-with(@a, $prefix)]", None),
    ("tei:*[not(contains(@a, 'x'))]", None),
    ("*:p", None),
    ("/*[ count( //tei:constraintDecl ) gt 1 ]", {"*"}),
    ("/tei:TEI", {f"Q{{{TEI}}}TEI"}),
    ("(tei:a | tei:b)[@x]", {f"descendant::Q{{{TEI}}}a", f"descendant::Q{{{TEI}}}b"}),
])
def test_element_contexts_narrow_the_elements_by_name_and_attribute(context: str,
                                                                     elements: set[str] | None) -> None:
    from teitools.validation.schematron2 import _reach

    found = _reach(context, {"tei": TEI}).elements
    assert (None if found is None else {str(e) for e in found}) == elements


# A document with every kind of node, attributes in no namespace, in XML's, in TEI's and in another.
ALL_KINDS = tei('<?pi one?><!-- c --><p n="1" xml:id="a" rend="r">t<hi tei:n="2" xmlns:tei="' + TEI + '"'
                ' o:x="3" xmlns:o="urn:o">u<?pi two?></hi><!-- d -->v</p>\n<p n="2"><l>w</l></p>',
                prolog="<!-- before --><?pi zero?>") + "<!-- after --><?pi last?>"


@pytest.mark.parametrize("contexts", [
    ["text()"], ["tei:p/text()[. = 'v']", "text()"], ["@n"], ["@*"], ["tei:hi/@tei:n | @o:x"], ["@xml:id"],
    ["node()"], ["/"], ["comment()"], ["processing-instruction('pi')"], ["tei:p | text() | @rend"],
    ["(tei:hi | @n)[1]"], ["tei:*[@n = $two]", "tei:*"], ["*[f:one(.)]", "@*[f:one(..)]"],
    ["tei:p[current() is (//tei:p)[last()]]", "@n", "/"], ["id('a')"], [".[. instance of text()]"],
    ["tei:p union tei:l", "document-node()"], ["/", "@n"], ["text()", "@xml:id", "comment()"],
    ["/", "text()"], ["tei:*[@n]", "tei:*[@rend and @n]"], ["*[@xml:id]"], ["/*[@n or true()]"],
    ["/tei:TEI", "tei:*[@o:x]"], ["tei:*[@n and . = 'x' or true()]"], ["tei:hi[@tei:n]", "tei:*[@n][2]"],
    ["tei:p/tei:hi", "tei:TEI//tei:l"], ["/tei:TEI/tei:p", "//tei:hi"], ["tei:*[@rend]", "*[@tei:n][1]"],
    ["tei:*[starts-with(@n, '1')]", "tei:*[contains(@rend, 'r') and @xml:id]", "tei:*[starts-with(@n, '')]"],
    ["tei:p/@rend", "tei:TEI/tei:p[@n]/@n", "tei:hi/@*"],
    ["(tei:p | tei:hi)/@tei:n", "tei:p//@o:x", "tei:p/@xml:id"],
])
def test_findings_are_those_of_every_node_handed_to_the_rules(tmp_path: Path, contexts: list[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Handing the rules only the nodes of the kinds they can match finds what handing them every
    node of the document finds: each rule reports every node it matches, a pattern's first rule
    hides its later ones, and a second pattern (a group) sees them all."""
    from teitools.validation import schematron2

    rules = "".join(f'<sch:rule context="{c}"><sch:report test="true()">{c}</sch:report></sch:rule>'
                    for c in contexts)
    sch = schema(f'<sch:let name="two" value="\'2\'"/><sch:pattern id="P">{rules}</sch:pattern>'
                 f'<sch:group id="G">{rules}</sch:group>'
                 '<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:f="urn:f"'
                 ' xmlns:xs="http://www.w3.org/2001/XMLSchema" name="f:one" as="xs:boolean">'
                 '<xsl:param name="n"/><xsl:sequence select="exists($n/@n)"/></xsl:function>',
                 extra_ns='<sch:ns prefix="o" uri="urn:o"/><sch:ns prefix="f" uri="urn:f"/>'
                          '<sch:ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>')
    root = schematron2.etree.fromstring(sch)
    (tmp_path / "d.xml").write_text(ALL_KINDS, encoding="utf-8")
    narrowed = compile_element(root).validate(tmp_path / "d.xml")
    monkeypatch.setattr(schematron2, "_reach", lambda context, namespaces: schematron2._EVERY_NODE)
    every = compile_element(root).validate(tmp_path / "d.xml")
    def seen(findings: list[Finding]) -> list[tuple[str, str, str]]:
        return [(f.pattern, f.xpath, f.message) for f in findings]

    assert seen(narrowed) == seen(every)
    assert len({f.message for f in every if f.pattern == "G"}) == len(contexts)  # every rule matched


@pytest.mark.parametrize("contexts", [["tei:TEI"], ["/", "tei:TEI", "comment()"], ["node()"]])
def test_each_node_is_checked_once_the_root_element_too(tmp_path: Path, contexts: list[str]) -> None:
    """A document node no rule stops is not handed on to its children a second time (XSLT's
    built-in rule for it would do so): the root element and the comments beside it are checked
    once, whether or not a rule matches the document node."""
    rules = "".join(f'<sch:rule context="{c}"><sch:report test="true()">{c}</sch:report></sch:rule>'
                    for c in contexts)
    found = run(tmp_path, schema(f'<sch:group id="G">{rules}</sch:group>'), tei("<p/>") + "<!-- after -->")
    places = [(f.xpath, f.message) for f in found]
    assert len(places) == len(set(places)) and "/TEI[1]" in {xpath for xpath, _ in places}
