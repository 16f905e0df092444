"""rngfast: a reduced grammar rewritten so that libxml2 compiles its content models, with the
same verdict on every document."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from shared import shared_path
from test_validate_spectest import bench

from teitools.diagnostics import TeiToolsError
from teitools.validation import rng, rngfast

RNG = "http://relaxng.org/ns/structure/1.0"
XSD = "http://www.w3.org/2001/XMLSchema-datatypes"

# TEI's shape: attribute classes referenced after the content, an attribute class whose
# attributes a reduction empties, a choice between attributes, a required attribute, a typed one
SCHEMA = f"""<grammar xmlns="{RNG}" datatypeLibrary="{XSD}">
  <start><ref name="doc"/></start>
  <define name="att.global"><optional><attribute name="id"><data type="ID"/></attribute></optional>
    <optional><attribute name="n"/></optional></define>
  <define name="att.unused"><optional><attribute name="never"/></optional></define>
  <define name="att.size"><choice><attribute name="width"><data type="integer"/></attribute>
    <attribute name="height"><data type="integer"/></attribute><empty/></choice></define>
  <define name="model.block"><choice><ref name="p"/><ref name="list"/><ref name="table"/></choice></define>
  <define name="model.global"><choice><ref name="note"/></choice></define>
  <define name="note"><element name="note"><text/></element></define>
  <define name="doc"><element name="doc"><group><optional><ref name="head"/></optional>
    <oneOrMore><ref name="model.block"/><zeroOrMore><ref name="model.global"/></zeroOrMore></oneOrMore>
    </group><ref name="att.global"/>
    <ref name="att.unused"/><empty/></element></define>
  <define name="head"><element name="head"><text/><ref name="att.global"/></element></define>
  <define name="p"><element name="p"><zeroOrMore><choice><text/><ref name="hi"/></choice></zeroOrMore>
    <ref name="att.global"/><ref name="att.size"/></element></define>
  <define name="hi"><element name="hi"><text/><attribute name="rend"><choice><value>b</value>
    <value>i</value></choice></attribute></element></define>
  <define name="list"><element name="list"><oneOrMore><ref name="item"/></oneOrMore></element></define>
  <define name="item"><element name="item"><text/></element></define>
  <define name="table"><element name="table"><ref name="row"/></element></define>
  <define name="row"><element name="row"><ref name="cell"/></element></define>
  <define name="cell"><element name="cell"><text/></element></define>
</grammar>"""

DOCUMENTS = [
    '<doc id="d"><head n="1">H</head><p width="3">a<hi rend="b">b</hi></p><list><item>x</item></list></doc>',
    '<doc><p height="2" id="x">a</p></doc>',
    '<doc><p width="3" height="2">both of a choice</p></doc>',
    '<doc><p width="wide">not an integer</p></doc>',
    '<doc><p><hi>no rend</hi></p></doc>',
    '<doc><p><hi rend="u">bad rend</hi></p></doc>',
    '<doc><p never="1">attribute the element may not carry</p></doc>',
    '<doc><p id="1x">not an ID</p></doc>',
    '<doc><head>after a paragraph</head></doc>',
    '<doc><p/><head>H</head></doc>',
    '<doc n="1"><list/></doc>',
    '<doc><list><item>x</item></list><list><item n="2">y</item></list></doc>',
    '<doc><table><row><cell>c</cell></row></table></doc>',
    '<doc><table><row>no cell</row></table></doc>',
    '<doc><p>text</p>stray</doc>',
]


def verdicts(grammar: etree._Element, documents: list[str]) -> list[bool]:
    schema = etree.RelaxNG(etree.ElementTree(grammar))
    return [bool(schema.validate(etree.ElementTree(etree.fromstring(d)))) for d in documents]


def reduction(tmp_path: Path, schema: str, documents: list[str]) -> etree._Element:
    (tmp_path / "s.rng").write_text(schema, encoding="utf-8")
    grammar = rng.Grammar(tmp_path / "s.rng")
    names = frozenset().union(*(rng.vocabulary(etree.ElementTree(etree.fromstring(d))) for d in documents))
    return grammar.reduced(names)


def test_the_rewriting_keeps_every_verdict_of_the_reduction(tmp_path: Path) -> None:
    reduced = reduction(tmp_path, SCHEMA, DOCUMENTS)
    rewritten = rngfast.rewrite(reduced)
    assert rewritten is not None
    expected = verdicts(reduced, DOCUMENTS)
    assert True in expected and False in expected
    assert verdicts(rewritten, DOCUMENTS) == expected


def pairs_of(documents: list[str]) -> rng.Pairs:
    return frozenset().union(*(rng.pairs(etree.ElementTree(etree.fromstring(d))) for d in documents))


def test_pruning_to_the_pairs_keeps_every_verdict_of_the_documents_that_have_them(tmp_path: Path) -> None:
    rewritten = rngfast.rewrite(reduction(tmp_path, SCHEMA, DOCUMENTS))
    assert rewritten is not None
    pruned = rngfast.by_pairs(rewritten, pairs_of(DOCUMENTS))
    assert verdicts(pruned, DOCUMENTS) == verdicts(rewritten, DOCUMENTS)
    for document in DOCUMENTS:  # each document alone, pruned to its own pairs
        alone = rngfast.by_pairs(rewritten, pairs_of([document]))
        assert verdicts(alone, [document]) == verdicts(rewritten, [document])


def test_pruning_leaves_out_the_children_the_documents_never_have_there(tmp_path: Path) -> None:
    rewritten = rngfast.rewrite(reduction(tmp_path, SCHEMA, DOCUMENTS))
    assert rewritten is not None
    only = '<doc><p>a<hi rend="b">b</hi></p></doc>'
    assert rng.pairs(etree.ElementTree(etree.fromstring(only))) == {("{}doc", "{}p"), ("{}p", "{}hi"),
                                                                    ("{}hi", "@{}rend")}
    pruned = rngfast.by_pairs(rewritten, pairs_of([only]))
    assert verdicts(pruned, [only]) == [True]
    # a list under doc is none of the pairs: the pruned grammar no longer lets one there, so
    # it judges only documents whose pairs are among those it was pruned to
    with_list = '<doc><p>a</p><list><item>x</item></list></doc>'
    assert verdicts(rewritten, [with_list]) == [True]
    assert verdicts(pruned, [with_list]) == [False]
    names = {el[0].text for el in pruned.iter(f"{{{RNG}}}element") if el[0].tag == f"{{{RNG}}}name"}
    assert names == {"doc", "p", "hi"}
    assert rewritten.find(f"{{{RNG}}}define") is not None  # not modified
    assert {el[0].text for el in rewritten.iter(f"{{{RNG}}}element")} >= {"list", "item", "table"}


def test_a_definition_shared_by_two_parents_is_pruned_for_each(tmp_path: Path) -> None:
    schema = (f'<grammar xmlns="{RNG}"><start><ref name="r"/></start>'
              '<define name="r"><element name="r"><ref name="a"/><ref name="b"/></element></define>'
              '<define name="content"><zeroOrMore><choice><ref name="x"/><ref name="y"/></choice>'
              '</zeroOrMore></define>'
              '<define name="a"><element name="a"><ref name="content"/></element></define>'
              '<define name="b"><element name="b"><ref name="content"/></element></define>'
              '<define name="x"><element name="x"><empty/></element></define>'
              '<define name="y"><element name="y"><empty/></element></define></grammar>')
    documents = ["<r><a><x/></a><b><y/></b></r>", "<r><a><y/></a><b><x/></b></r>",
                 "<r><a/><b><x/><y/></b></r>"]
    rewritten = rngfast.rewrite(reduction(tmp_path, schema, documents))
    assert rewritten is not None
    pruned = rngfast.by_pairs(rewritten, pairs_of(documents[:1]))
    assert verdicts(pruned, documents) == [True, False, False]
    assert verdicts(rewritten, documents) == [True, True, True]


def test_pruning_leaves_out_the_attributes_the_documents_never_give_an_element(tmp_path: Path) -> None:
    rewritten = rngfast.rewrite(reduction(tmp_path, SCHEMA, DOCUMENTS))
    assert rewritten is not None
    plain = '<doc id="d"><p>a</p></doc>'
    pruned = rngfast.by_pairs(rewritten, pairs_of([plain]))
    assert verdicts(pruned, [plain]) == [True]
    kept = {(el[0].text, a[0].text) for el in pruned.iter(f"{{{RNG}}}element")
            for a in el.iter(f"{{{RNG}}}attribute")}
    assert kept == {("doc", "id")}
    # an id on p is none of the pairs: judged invalid by the pruned grammar, valid by the whole
    with_id = '<doc id="d"><p id="x">a</p></doc>'
    assert verdicts(rewritten, [with_id]) == [True]
    assert verdicts(pruned, [with_id]) == [False]
    # a required attribute no element of that name has: the element matches nothing
    no_rend = rngfast.by_pairs(rewritten, pairs_of(['<doc><p><hi>no rend</hi></p></doc>']))
    assert verdicts(no_rend, ['<doc><p><hi>no rend</hi></p></doc>', "<doc><p>a</p></doc>"]) == [False, True]


def attributes_lead(grammar: etree._Element) -> bool:
    """Whether each named element's attribute patterns are its first children, named there
    (no reference, no ``empty``), and no attribute follows its content."""
    for el in grammar.iter(f"{{{RNG}}}element"):
        if el[0].tag != f"{{{RNG}}}name":
            continue
        seen_content = False
        for child in el[1:]:
            attributes = child.tag == f"{{{RNG}}}attribute" or (
                child.find(f".//{{{RNG}}}attribute") is not None and child.find(f".//{{{RNG}}}ref") is None
                and child.find(f".//{{{RNG}}}empty") is None)
            if attributes and seen_content:
                return False
            seen_content = seen_content or not attributes
            if not attributes and any(True for _ in child.iter(f"{{{RNG}}}attribute")):
                return False
    return True


def test_attributes_come_first_named_where_libxml2_sets_them_apart(tmp_path: Path) -> None:
    reduced = reduction(tmp_path, SCHEMA, DOCUMENTS)
    assert not attributes_lead(reduced)  # TEI's order: content, then the attribute classes
    rewritten = rngfast.rewrite(reduced)
    assert rewritten is not None and attributes_lead(rewritten)
    # the classes every used attribute is gone from leave nothing behind
    assert not [d for d in rewritten.iter(f"{{{RNG}}}define") if d.get("name") == "att.unused"]
    assert not list(rewritten.iter(f"{{{RNG}}}notAllowed"))


def test_an_element_choosing_between_an_attribute_and_content_is_left_alone(tmp_path: Path) -> None:
    schema = (f'<grammar xmlns="{RNG}"><start><element name="a"><choice><attribute name="x"/>'
              '<element name="b"><empty/></element></choice></element></start></grammar>')
    documents = ['<a x="1"/>', "<a><b/></a>", '<a x="1"><b/></a>']
    assert rngfast.rewrite(reduction(tmp_path, schema, documents)) is None


def test_a_start_that_matches_nothing_is_left_alone(tmp_path: Path) -> None:
    schema = (f'<grammar xmlns="{RNG}"><start><element name="a"><element name="b"><empty/></element>'
              "</element></start></grammar>")
    assert rngfast.rewrite(reduction(tmp_path, schema, ["<a/>"])) is None


def _correct_cases(folder: Path) -> Iterator[tuple[Any, list[etree._ElementTree]]]:
    """The correct schemas of the RELAX NG test suite (written into ``folder``) with their
    instances that are well-formed, for those that have any."""
    for case in bench().cases(shared_path("conformance", "relaxng-spectest", "spectest.xml"), folder):
        if not case.correct or not case.instances:
            continue
        documents = []
        for path, _expected in case.instances:
            try:
                documents.append(etree.parse(str(path)))
            except etree.XMLSyntaxError:
                continue
        if documents:
            yield case, documents


@pytest.mark.slow
def test_the_rewriting_keeps_every_verdict_on_the_spectest(tmp_path: Path) -> None:
    """Every correct schema of James Clark's RELAX NG test suite, reduced to the names of its
    instances and rewritten: the same verdict as the reduction on every instance."""
    wrong, rewritten_count = [], 0
    for case, documents in _correct_cases(tmp_path):
        grammar = rng.Grammar(case.schema)
        reduced = grammar.reduced(frozenset().union(*(rng.vocabulary(d) for d in documents)))
        try:
            before = etree.RelaxNG(etree.ElementTree(reduced))
        except etree.RelaxNGParseError:
            continue
        rewritten = rngfast.rewrite(reduced)
        if rewritten is None:
            continue
        after = etree.RelaxNG(etree.ElementTree(rewritten))
        rewritten_count += 1
        wrong += [(case.number, n) for n, document in enumerate(documents)
                  if before.validate(document) != after.validate(document)]
    assert rewritten_count > 100
    assert wrong == []


def _started_by_definitions(grammar: rng.Grammar, folder: Path) -> rng.Grammar:
    """The simplified ``grammar`` with each element pattern of its start moved into a definition
    of its own and referred to instead (as TEI's start refers to ``TEI`` and ``teiCorpus``)."""
    root = copy.deepcopy(grammar.root)
    stack = [child for start in root.iterchildren(rng._START) for child in start]
    number = 0
    while stack:
        node = stack.pop()
        if node.tag == rng._CHOICE:
            stack.extend(node)
        elif node.tag == rng._ELEMENT:
            define = etree.SubElement(root, rng._DEFINE, name=f"start.{number}")
            node.getparent().replace(node, etree.Element(rng._REF, name=f"start.{number}"))
            define.append(node)
            number += 1
    path = folder / "started.rng"
    path.write_bytes(etree.tostring(root))
    return rng.Grammar(path)


@pytest.mark.slow
def test_the_subtree_schema_gives_every_verdict_on_the_spectest(tmp_path: Path) -> None:
    """Every correct schema of the RELAX NG test suite, its start's element patterns moved into
    definitions of their own (``Grammar.starts_alone``, as TEI's start is): the verdict from the
    subtree schema's rewriting (``Grammar.subtree_verdict``) is the reduction's on every
    instance."""
    wrong, judged = [], 0
    for case, documents in _correct_cases(tmp_path):
        grammar = rng.Grammar(case.schema)
        vocab = frozenset().union(*(rng.vocabulary(d) for d in documents))
        try:
            reduced = etree.RelaxNG(etree.ElementTree(grammar.reduced(vocab)))
            started = _started_by_definitions(grammar, case.schema.parent)
        except (etree.RelaxNGParseError, TeiToolsError):
            continue
        for n, document in enumerate(documents):
            verdict = started.subtree_verdict(document, vocab)
            if verdict is not None:
                judged += 1
                if verdict != reduced.validate(document):
                    wrong.append((case.number, n))
    assert judged > 100
    assert wrong == []


@pytest.mark.slow
def test_pruning_to_the_pairs_keeps_every_verdict_on_the_spectest(tmp_path: Path) -> None:
    """Every correct schema of the RELAX NG test suite reduced to its instances' names and
    rewritten (``rngfast.rewrite``), then pruned to their name pairs (``by_pairs``),
    and, its start's element patterns moved into definitions, the subtree schema pruned the same
    way (``Grammar.subtree_verdict`` with ``within``): the reduction's verdict on every instance."""
    wrong, judged = [], 0
    for case, documents in _correct_cases(tmp_path):
        grammar = rng.Grammar(case.schema)
        vocab = frozenset().union(*(rng.vocabulary(d) for d in documents))
        within = frozenset().union(*(rng.pairs(d) for d in documents))
        try:
            reduced_grammar = grammar.reduced(vocab)
            reduced = etree.RelaxNG(etree.ElementTree(reduced_grammar))
            started = _started_by_definitions(grammar, case.schema.parent)
        except (etree.RelaxNGParseError, TeiToolsError):
            continue
        rewritten = rngfast.rewrite(reduced_grammar)
        pruned = None
        if rewritten is not None:
            try:
                pruned = etree.RelaxNG(etree.ElementTree(rngfast.by_pairs(rewritten, within)))
            except etree.RelaxNGParseError:
                wrong.append((case.number, "does not compile"))
        for n, document in enumerate(documents):
            expected = bool(reduced.validate(document))
            if pruned is not None:
                judged += 1
                if bool(pruned.validate(document)) != expected:
                    wrong.append((case.number, n))
            verdict = started.subtree_verdict(document, vocab, within=within)
            if verdict is not None:
                judged += 1
                if verdict != expected:
                    wrong.append((case.number, f"subtree {n}"))
    assert judged > 200
    assert wrong == []
