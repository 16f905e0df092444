"""The XPath 1 prescreen of XPath 2 Schematron: the subset it translates, and that a document it
clears is one in which Saxon finds nothing (checked against Saxon on documents written here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from teitools.validation import prescreen, schematron2
from teitools.validation.schematron2 import compile_element

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI}


@pytest.mark.parametrize(("test", "xpath1"), [
    ("@target and @cRef", "attribute::target and attribute::cRef"),
    ("not( @marks )  and  not( tei:p )", "not(attribute::marks) and not(child::tei:p)"),
    ("@type eq 'deprecationInfo'", "attribute::type = 'deprecationInfo'"),
    ("count(tei:width) gt 1", "count(child::tei:width) > 1"),
    ("count(*) = 0", "count(child::*) = 0"),
    ("string-length( normalize-space(.) ) gt 0", "string-length(normalize-space(.)) > 0"),
    ("child::text()[ normalize-space(.) ne '']", "child::text()[normalize-space(.) != '']"),
    ("ancestor::tei:l[. = current()]", "ancestor::tei:l[. = $current]"),
    ("../@from | ../@to", "../attribute::from | ../attribute::to"),
    ("contains(normalize-space(@to),' ')", "contains(normalize-space(attribute::to), ' ')"),
    ("tei:p = 'x'", "child::tei:p = 'x'"),
])
def test_the_subset_is_translated(test: str, xpath1: str) -> None:
    found = prescreen.translate(test, NS)
    assert found is not None and found.text == xpath1
    assert found.current == ("current()" in test)


def test_a_rules_lets_are_variables_of_its_tests() -> None:
    """A let's value in the subset is a variable of the tests after it (its XPath 1 name and
    type given); an unknown variable, or one used as a path, is refused; ``name`` and
    ``local-name`` take at most one node."""
    variables = {"gi": ("_let0", prescreen.STR), "ids": ("_let1", prescreen.NODES)}
    found = prescreen.translate("preceding-sibling::*[ name(.) eq $gi ]", NS, variables)
    assert found is not None and found.text == "preceding-sibling::*[name(.) = $_let0]"
    assert found.variables == {"_let0"} and found.relaxed is None
    assert prescreen.translate("$ids = 'a'", NS, variables) is not None
    for refused in ("$other = 'a'", "$ids[1]", "$ids/@n", "name(tei:p) eq 'x'", "local-name(//tei:p)"):
        assert prescreen.translate(refused, NS, variables) is None, refused
    assert prescreen.translate("local-name() eq 'p'", NS) is not None


@pytest.mark.parametrize(("test", "parts"), [
    ("(self::tei:a | self::tei:b) and $srcs[2]", ["(self::tei:a | self::tei:b) ", " $srcs[2]"]),
    ("a and f(b, 'x and y') and c[d and e]", ["a ", " f(b, 'x and y') ", " c[d and e]"]),
    ("a and b or c", ["a and b or c"]),  # (a and b) or c
    ("some $x in a satisfies b and c", ["some $x in a satisfies b and c"]),
    ("a, b and c", ["a, b and c"]),
    ("(a and b)", ["(a and b)"]),
    ("band and android", ["band ", " android"]),
])
def test_a_conjunction_is_split_at_its_outermost_and(test: str, parts: list[str]) -> None:
    assert prescreen.conjuncts(test) == parts


@pytest.mark.parametrize(("test", "relaxed"), [
    ("ancestor::tei:l[not(.//tei:note//tei:l[. = current()])]", "ancestor::tei:l"),
    ("tei:a[@x][. = current()][1] | tei:b", "child::tei:a[attribute::x] | child::tei:b"),
    ("tei:a[tei:b[. = current()]]/tei:c", "child::tei:a/child::tei:c"),
    ("not(tei:a[. = current()])", None),  # cutting a predicate under not() selects fewer
    ("tei:a[. = current()] and tei:b", None),
    ("count(tei:a[. = current()]) > 1", None),
    ("tei:a = current()", None),
])
def test_a_path_using_current_is_relaxed_to_a_superset(test: str, relaxed: str | None) -> None:
    found = prescreen.translate(test, NS)
    assert found is not None and found.current and found.relaxed == relaxed


@pytest.mark.parametrize("test", [
    "@maxOccurs > 1",  # a non-number raises in XPath 2, is NaN in XPath 1
    "@a < @b",  # strings compared as strings in XPath 2, as numbers in XPath 1
    "tei:p eq 'x'",  # several nodes: an error in XPath 2
    "normalize-space(tei:p) = ''",  # the same
    "@mode = ('add', 'change')",  # a sequence
    "tokenize(@points, ' ')[1]", "matches(@target, '\\s')", "id(@x)", "$max ge $min",
    "@minOccurs cast as xs:integer lt 2", "if (@a) then 1 else 2", "count(*) + 1 > 2",
    "Q{http://www.tei-c.org/ns/1.0}p", "*:p", "x:p", "'it''s' = @a", "@n = 1.5", "(: c :) @a",
    "@a except @b", "., @a", ".[@a]",
])
def test_what_xpath1_may_judge_otherwise_is_refused(test: str) -> None:
    assert prescreen.translate(test, NS) is None


@pytest.mark.parametrize(("pattern", "matches"), [
    ("tei:p", "//child::tei:p"),
    ("tei:l//tei:p | /tei:TEI", "//child::tei:l//child::tei:p | /child::tei:TEI"),
    ("(tei:a | tei:b)/tei:c", "(//child::tei:a | //child::tei:b)/child::tei:c"),
    ("tei:rt/@target", "//child::tei:rt/attribute::target"),
])
def test_match_patterns_become_the_nodes_they_match(pattern: str, matches: str) -> None:
    found = prescreen.translate_pattern(pattern, NS)
    assert found is not None and found.text == matches


def test_each_path_of_a_pattern_needs_the_names_of_its_steps() -> None:
    found = prescreen.translate_pattern("(tei:a | tei:b)/tei:c[tei:d]/@n | x//tei:e", NS)
    assert found is not None
    assert found.tags == (frozenset({f"{{{TEI}}}c"}), frozenset({"x", f"{{{TEI}}}e"}))


@pytest.mark.parametrize(("pattern", "names"), [
    ("/*[count(//tei:constraintDecl) gt 1]", {"constraintDecl"}),
    ("tei:p[count(tei:a/tei:b) >= 1]", {"p", "a", "b"}),
    ("tei:p[count(ancestor::tei:q) > 0][@n]", {"p", "q"}),
    # a predicate that holds without the counted elements needs nothing more
    ("tei:p[count(tei:a) >= 0]", {"p"}),
    ("tei:p[count(tei:a) = 0]", {"p"}),
    ("tei:p[count(tei:a) > 1 or @n]", {"p"}),
    ("tei:p[count(tei:a[@n]) > 1]", {"p"}),
    ("tei:p[count(tei:a | tei:b) > 1]", {"p"}),
    ("tei:p[count(tei:a/@n) > 1]", {"p"}),
    ("tei:p[count(tei:*) > 1]", {"p"}),
    ("tei:p[tei:x[count(tei:a) > 1]]", {"p"}),
])
def test_a_pattern_needs_the_elements_its_predicates_count(pattern: str, names: set[str]) -> None:
    found = prescreen.translate_pattern(pattern, NS)
    assert found is not None
    assert found.tags == (frozenset(f"{{{TEI}}}{name}" for name in names),)


@pytest.mark.parametrize("pattern", [".", "/", "tei:l[. = current()]", "key('k', 'v')", "(tei:a | tei:b)"])
def test_other_patterns_are_refused(pattern: str) -> None:
    assert prescreen.translate_pattern(pattern, NS) is None


RULES = [
    ("tei:p", "report", "(ancestor::tei:ab or ancestor::tei:p) and not(parent::tei:note)"),
    ("tei:l//tei:p", "assert", "ancestor::tei:floatingText | parent::tei:note"),
    ("tei:list[@type='gloss']", "assert", "tei:label"),
    ("tei:*[@subtype]", "assert", "@type"),
    ("tei:*[@calendar]", "assert", "string-length( normalize-space(.) ) gt 0"),
    ("tei:l", "report", "ancestor::tei:l[not(.//tei:note//tei:l[. = current()])]"),
    ("tei:lg", "assert", "count(descendant::tei:lg|descendant::tei:l) > 0"),
    ("tei:msIdentifier", "report", "not(parent::tei:msPart) and normalize-space(.) eq ''"),
    ("tei:rt/@target", "report", "../@from"),  # an attribute context: present or not
    ("tei:relation", "report", "@mode = ('a', 'b')"),  # not translated: present or not
    ("(tei:div | tei:body)/tei:head", "assert", "@n"),
    ("/*[count(//tei:lg) gt 1]", "report", "@mode = ('a', 'b') or true()"),  # present or not
]
DOCS = [
    "<text><body><p>a</p><p>b<note><p>c</p></note></p></body></text>",
    "<text><body><div><head n='1'>h</head><p>a</p></div></body></text>",
    "<text><body><div><head>h</head></div></body></text>",
    "<text><body><lg><l>a <p>b</p></l><l>x<note><l>x</l></note></l></lg></body></text>",
    "<text><body><lg><l>a<l>b</l></l></lg><lg/></body></text>",
    "<text><body><list type='gloss'><item>a</item></list><list><item>b</item></list></body></text>",
    "<text><body><p><date calendar='#g'> </date><seg subtype='x'/></p></body></text>",
    "<text><body><p><date calendar='#g'>1900</date><seg subtype='x' type='y'/></p></body></text>",
    "<text><body><p><ruby><rt target='#a' from='#b'>x</rt></ruby><relation/></p></body></text>",
    "<text><body><msIdentifier> </msIdentifier><msPart><msIdentifier/></msPart></body></text>",
]


@pytest.mark.parametrize("rule", RULES, ids=[r[0] for r in RULES])
def test_a_cleared_document_is_one_saxon_finds_nothing_in(rule: tuple[str, str, str]) -> None:
    context, kind, test = rule
    schema = etree.fromstring(
        f'<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        f'<sch:ns prefix="tei" uri="{TEI}"/><sch:pattern><sch:rule context="{context}">'
        f'<sch:{kind} test="{test}">m</sch:{kind}></sch:rule></sch:pattern></sch:schema>')
    compiled = compile_element(schema)
    assert compiled._screen is not None
    cleared = 0
    for body in DOCS:
        found, clear = _saxon_and_prescreen(compiled, body)
        assert not (clear and found), body
        judged = not compiled._screen.present
        if judged:  # a rule the prescreen judges is cleared exactly where Saxon finds nothing
            assert clear == (not found), body
        cleared += clear
    assert cleared  # the prescreen spares Saxon some of these documents


def _saxon_and_prescreen(compiled: schematron2.CompiledSchematron, body: str) -> tuple[bool, bool]:
    """Whether Saxon finds something in a TEI document of this body, and whether the prescreen
    clears it."""
    screen = compiled._screen
    assert screen is not None
    tree = etree.ElementTree(etree.fromstring(f'<TEI xmlns="{TEI}">{body}</TEI>'))
    compiled._screen = None
    found = compiled.validate_tree(tree)
    compiled._screen = screen
    return bool(found), screen.clear(tree)


LET_RULES = [  # context, lets, kind, test, whether the prescreen judges the test whole
    ("tei:msContents | tei:physDesc", [("gi", "name(.)")], "report",
     "preceding-sibling::*[ name(.) eq $gi ] and not( following-sibling::*[ name(.) eq $gi ] )", True),
    ("tei:p", [("n", "normalize-space(@n)"), ("m", "$n")], "assert", "not(following-sibling::tei:p[@n = $m])",
     True),
    ("tei:*[@source]", [("srcs", "tokenize( normalize-space(@source),' ')")], "report",
     "(self::tei:classRef | self::tei:dataRef) and $srcs[2]", False),  # by its first conjunct
]
LET_DOCS = [
    "<msDesc><msIdentifier/><msContents/><physDesc/></msDesc>",
    "<msDesc><msIdentifier/><msContents/><msContents/><physDesc/></msDesc>",
    "<text><classRef source='a b'/><p source='a b'>x</p></text>",
    "<text><classRef source='a'/><p n='1'>x</p><p n=' 2'>y</p></text>",
    "<text><p source='a b' n='1'>x</p><p n='1'>y</p></text>",
]


@pytest.mark.parametrize("rule", LET_RULES, ids=[r[0] for r in LET_RULES])
def test_a_rule_with_lets_clears_only_documents_saxon_finds_nothing_in(
        rule: tuple[str, list[tuple[str, str]], str, str, bool]) -> None:
    """A rule's lets in the subset are evaluated on each node the rule is tried on; a report
    outside the subset is judged by the conjuncts of its test that are in it (a necessary
    condition: such a rule may send a document to Saxon that it finds nothing in)."""
    context, lets, kind, test, whole = rule
    declared = "".join(f'<sch:let name="{name}" value="{value}"/>' for name, value in lets)
    schema = etree.fromstring(
        f'<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        f'<sch:ns prefix="tei" uri="{TEI}"/><sch:pattern><sch:rule context="{context}">{declared}'
        f'<sch:{kind} test="{test}">m</sch:{kind}></sch:rule></sch:pattern></sch:schema>')
    compiled = compile_element(schema)
    assert compiled._screen is not None and not compiled._screen.present  # judged, not merely present
    cleared = fired = 0
    for body in LET_DOCS:
        found, clear = _saxon_and_prescreen(compiled, body)
        assert not (clear and found), body
        if whole:
            assert clear == (not found), body
        cleared += clear
        fired += found
    assert cleared and fired


def test_saxon_is_not_started_for_a_cleared_document(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = etree.fromstring(
        f'<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        f'<sch:ns prefix="tei" uri="{TEI}"/><sch:pattern><sch:rule context="tei:span">'
        f'<sch:assert test="@from">m</sch:assert></sch:rule></sch:pattern></sch:schema>')
    compiled = compile_element(schema)

    def refuse() -> None:
        raise AssertionError("Saxon was asked to build a tree")

    monkeypatch.setattr(schematron2, "_saxon", refuse)
    tree = etree.ElementTree(etree.fromstring(f'<TEI xmlns="{TEI}"><text><span from="#a"/></text></TEI>'))
    assert compiled.validate_tree(tree) == []
    with pytest.raises(AssertionError):
        compiled.validate_tree(etree.ElementTree(etree.fromstring(f'<TEI xmlns="{TEI}"><span/></TEI>')))


def test_a_document_with_an_internal_subset_goes_to_saxon(tmp_path: Path) -> None:
    schema = etree.fromstring(
        f'<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        f'<sch:ns prefix="tei" uri="{TEI}"/><sch:pattern><sch:rule context="tei:span">'
        f'<sch:assert test="@from">m</sch:assert></sch:rule></sch:pattern></sch:schema>')
    screen = compile_element(schema)._screen
    assert screen is not None
    plain = f'<TEI xmlns="{TEI}"><text/></TEI>'
    assert screen.clear(etree.ElementTree(etree.fromstring(plain)))
    with_subset = etree.fromstring(f'<!DOCTYPE TEI [<!ELEMENT TEI ANY>]>{plain}').getroottree()
    assert not screen.clear(with_subset)


def test_schema_lets_turn_the_prescreen_off() -> None:
    schema = etree.fromstring(
        f'<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        f'<sch:ns prefix="tei" uri="{TEI}"/><sch:let name="x" value="1 div 0"/><sch:pattern>'
        f'<sch:rule context="tei:span"><sch:assert test="@from">m</sch:assert></sch:rule>'
        f'</sch:pattern></sch:schema>')
    assert compile_element(schema)._screen is None
