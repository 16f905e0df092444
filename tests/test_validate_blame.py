"""Blame like jing (validation/blame.py): the element or text that cannot stand where it is, at
its own line, not a valid sibling before it or its parent; foreign markup once, as itself. The
expected lines and messages are jing's on the same documents (Debian's jing 20220510, tei_all)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from teitools.cli import main

TEI_NS = "http://www.tei-c.org/ns/1.0"
HEADER = ("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p>"
          "</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>")


def faults(tmp_path: Path, body: str, header: str = HEADER, *options: str) -> list[str]:
    """``line code message`` of each RELAX NG error of a TEI document whose body is ``body``
    (its first line is line 3), checked against the bundled tei_all."""
    path = tmp_path / "d.xml"
    path.write_text(f'<TEI xmlns="{TEI_NS}">{header}\n<text><body>\n{body}\n</body></text></TEI>\n',
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--no-schematron", "--no-integrity", *options, str(path)])
    assert result.exit_code == 1, result.output
    return [f"{line.split(':')[1]} {line.split(' ', 3)[2]} {line.split(' ', 3)[3]}"
            for line in result.output.splitlines() if " error " in line]


def test_an_element_after_valid_siblings_is_blamed_itself(tmp_path: Path) -> None:
    body = "<div>\n<head>One</head>\n<p>First.</p>\n<head>Late</head>\n<p>Second.</p>\n</div>"
    assert faults(tmp_path, body) == ['6 RNG001 element "head" not allowed here']


def test_a_paragraph_after_the_closer_and_a_formula_between_paragraphs(tmp_path: Path) -> None:
    body = ('<div type="letter">\n<p>Dear.</p>\n<closer><salute>Yours</salute></closer>\n<p>PS.</p>\n</div>\n'
            '<div>\n<p>A.</p>\n<formula notation="tex">x</formula>\n<p>B.</p>\n</div>')
    assert faults(tmp_path, body) == ['6 RNG001 element "p" not allowed here',
                                      '10 RNG001 element "formula" not allowed here']


def test_every_fault_of_an_element_is_reported(tmp_path: Path) -> None:
    """jing recovers after a child that is not allowed and goes on with the next one."""
    body = "<div>\n<p>A.</p>\n<formula>x</formula>\n<p>B.</p>\n<formula>y</formula>\n</div>\n<p>After.</p>"
    assert faults(tmp_path, body) == ['5 RNG001 element "formula" not allowed here',
                                      '7 RNG001 element "formula" not allowed here',
                                      '9 RNG001 element "p" not allowed here']


def test_stray_text_is_reported_as_text_where_its_line_ends(tmp_path: Path) -> None:
    body = "<div>\n<p>Before.</p>\nstray words\n<p>After.</p>\n</div>"
    assert faults(tmp_path, body) == ["5 RNG005 text not allowed here"]


def test_foreign_markup_is_reported_once_as_itself(tmp_path: Path) -> None:
    body = ('<div>\n<p>Math:</p>\n<m:math xmlns:m="http://www.w3.org/1998/Math/MathML"><m:mi>x</m:mi>'
            '<m:mo>+</m:mo></m:math>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/><circle/></svg>\n'
            '<p>A <db:emphasis xmlns:db="http://docbook.org/ns/docbook">b<db:link>c</db:link></db:emphasis>.</p>'
            '\n</div>')
    assert faults(tmp_path, body) == [
        '5 RNG001 element "m:math" (namespace "http://www.w3.org/1998/Math/MathML") not allowed here',
        '6 RNG001 element "svg" (namespace "http://www.w3.org/2000/svg") not allowed here',
        '7 RNG001 element "db:emphasis" (namespace "http://docbook.org/ns/docbook") not allowed here']


def test_an_element_the_schema_declares_nowhere_is_reported_once(tmp_path: Path) -> None:
    body = "<p>After <sentence>bad <w>x</w></sentence>.</p>"
    assert faults(tmp_path, body) == [
        '3 RNG010 element "sentence" in namespace "http://www.tei-c.org/ns/1.0" is not allowed anywhere in '
        "the schema"]


def test_a_missing_element_is_blamed_on_the_one_that_came_instead(tmp_path: Path) -> None:
    header = "<teiHeader><fileDesc>\n<publicationStmt><p>P</p></publicationStmt>\n" \
             "<sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>"
    assert faults(tmp_path, "<p>x</p>", header) == [
        '2 RNG001 element "publicationStmt" not allowed yet; missing required element "titleStmt"']


def test_an_element_ended_too_soon_is_blamed_at_its_end_tag(tmp_path: Path) -> None:
    assert faults(tmp_path, "<div>\n<list>\n</list>\n</div>") == [
        '5 RNG002 element "list" incomplete; expected element "addSpan", "address", "alt", "altGrp", '
        '"anchor", "app", "argument", "byline", "cb", "certainty", "damageSpan" or "dateline" (and 51 more)']


def test_blame_in_a_schema_of_any_shape(tmp_path: Path) -> None:
    """Interleave, choice and oneOrMore in a user schema: the child the content cannot take."""
    schema = tmp_path / "s.rng"
    schema.write_text('<element xmlns="http://relaxng.org/ns/structure/1.0" name="doc"><interleave>'
                      '<element name="a"><empty/></element><oneOrMore><choice>'
                      '<element name="b"><empty/></element><element name="c"><empty/></element></choice>'
                      '</oneOrMore></interleave></element>', encoding="utf-8")
    doc = tmp_path / "d.xml"
    doc.write_text("<doc>\n<b/>\n<a/>\n<c/>\n<a/>\n</doc>\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--schema", str(schema), str(doc)])
    assert result.exit_code == 1
    errors = [line.split(" ", 1)[0] for line in result.output.splitlines() if " error " in line]
    assert errors == [f"{doc}:5:1:"]
    assert 'element "a" not allowed here' in result.output


def test_lines_after_a_comment_or_instruction_over_several_lines(tmp_path: Path) -> None:
    """libxml2 gives a comment or processing instruction the line where it ends: text after an
    element ending with one, and an element left incomplete by one, are blamed where jing blames
    them (jing 20220510 on the same documents: 9:12 and 9:8)."""
    body = ("<div>\n<p>Before.</p>\n<!-- a comment\nover\nthree lines -->\n</div>\nstray words\n"
            "<div>\n<p>After.</p>\n<?pi over\ntwo lines?>\n</div>")
    assert faults(tmp_path, body) == ["9 RNG005 text not allowed here"]
    body = "<div>\n<p>A.</p>\n<list>\n<!-- a comment\nover\nthree lines -->\n</list>\n</div>"
    assert faults(tmp_path, body)[0].startswith('9 RNG002 element "list" incomplete')


def test_the_first_of_several_bad_values_is_found_where_libxml2_names_a_later_one(tmp_path: Path) -> None:
    """libxml2 gives up on publicationStmt at a sibling of the faulty availability and names
    the later bad p instead; every child that fails on its own is looked into, so the errors
    are jing's, in document order (jing 20220510 on the same document: lines 3 and 6)."""
    header = ('<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>\n<publicationStmt>'
              '<publisher>P</publisher><pubPlace>Here</pubPlace><idno>1</idno>\n<availability>'
              '<p xml:space="keep">Free.</p></availability></publicationStmt>\n'
              '<sourceDesc><p>S</p></sourceDesc></fileDesc>\n<encodingDesc><projectDesc>\n'
              '<p xml:space="keep">Typed.</p></projectDesc>'
              '</encodingDesc></teiHeader>')
    found = faults(tmp_path, "<p>Body.</p>", header)
    assert [line.split(" ", 2)[:2] for line in found] == [["3", "RNG004"], ["6", "RNG004"]]


def test_the_attribute_whose_value_is_refused_is_named(tmp_path: Path) -> None:
    """libxml2 says only that graphic "failed to validate attributes" for an empty @url (tei_all:
    a URI matching \\S+); jing names the attribute (jing 20220510: 'value of attribute "url" is
    invalid'), and so does teitools, without a cascade about the element's content."""
    body = '<p>A.</p>\n<figure><graphic url=""/></figure>\n<figure><graphic url="a.png" n=""/></figure>'
    assert faults(tmp_path, body) == ['4 RNG004 value "" of attribute "url" on element "graphic" is invalid']


def test_one_of_a_choice_of_attributes_after_the_other_is_not_allowed(tmp_path: Path) -> None:
    """moduleRef takes @include or @except, not both: jing says the second "not allowed here",
    not that its value is bad (jing 20220510: 'attribute "except" not allowed here')."""
    header = HEADER.replace("</fileDesc>", "</fileDesc><encodingDesc><schemaSpec ident=\"s\">\n"
                            '<moduleRef key="core" include="p" except="list"/></schemaSpec></encodingDesc>')
    assert faults(tmp_path, "<p>A.</p>", header) == [
        '2 RNG003 attribute "except" not allowed on element "moduleRef"']


def test_each_attribute_is_judged_alone_against_its_elements_patterns_for_it(tmp_path: Path) -> None:
    """validation/values.py: an attribute's value against every pattern the element's definitions
    give an attribute of that name, through references; a name with no pattern, or another
    element's pattern, says nothing."""
    from lxml import etree

    from teitools.validation import rng

    schema = tmp_path / "s.rng"
    schema.write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0" '
        'datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"><start><element name="doc">'
        '<oneOrMore><ref name="a"/></oneOrMore></element></start>'
        '<define name="a"><element name="a"><choice><attribute name="n"><data type="integer"/></attribute>'
        '<attribute name="n"><value>x</value></attribute></choice><optional><ref name="when"/></optional>'
        '<empty/></element></define>'
        '<define name="when"><attribute name="when"><data type="date"/></attribute></define>'
        '<define name="b"><element name="b"><attribute name="n"><value>y</value></attribute>'
        '</element></define>'
        '</grammar>', encoding="utf-8")
    grammar = rng.Grammar(schema)
    judged = {text: grammar.values.refused("{}a", etree.fromstring(text))
              for text in ('<a n="3" when="2000-02-29"/>', '<a n="x"/>', '<a n="y" when="2001-02-29"/>',
                           '<a n="3" other="z"/>')}
    assert judged == {'<a n="3" when="2000-02-29"/>': [], '<a n="x"/>': [],
                      '<a n="y" when="2001-02-29"/>': ["n", "when"], '<a n="3" other="z"/>': []}
