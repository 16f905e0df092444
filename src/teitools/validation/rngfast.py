"""A reduced grammar rewritten, with the same meaning, into one libxml2 validates quickly.

libxml2 compiles an element's content model into a regular-expression automaton, which it
then runs quickly, only when that content holds no ``attribute``, ``data``, ``value``,
``list``, ``interleave``, ``except`` or ``notAllowed`` (``xmlRelaxNGIsCompilable`` in
libxml2's ``relaxng.c``); any other content it matches by backtracking, which is slow. It
takes an element's attribute patterns out of the content (``element->attrs``) only when
they are children of the element that can produce nothing but attributes
(``xmlRelaxNGGenerateAttributes``; an ``empty`` anywhere in them prevents it). TEI's elements
name their attributes through references to attribute classes, in which a reduction
(``rng.Grammar.reduced``) leaves ``empty`` for every attribute the documents never use, and
the reduction leaves ``notAllowed`` definitions referenced from the content: every element of
tei_all then takes the slow path.

``rewrite`` gives a grammar that matches exactly the same documents, by the equivalences of
the RELAX NG specification (section 4, simplification): ``notAllowed`` carried through
sequences, choices, references and elements (an element whose content is ``notAllowed``
matches nothing); an element's content ``group`` flattened into the element (its content is a
group); each element's attribute-only parts with their references expanded, ``empty``
left out and a choice with an ``empty`` branch written as ``optional``, placed before its
content (in a group, attributes match whatever their place among elements and text). It
applies only when every named element's content is a sequence of parts each either free of
attributes or made of attributes only; otherwise it gives None and the reduced grammar is used
as it is. Last, ``empty`` leaves every sequence that holds something else (libxml2 turns a
``oneOrMore`` with an ``empty`` child into ``empty`` whole, which would accept too much).
``bench/rngfast.py`` measures it (libxml2's validation of 220 files against tei_all reduced to
their names: 7.6 s of CPU, against the rewriting 1.2 s, the same verdict on every file) and
``tests/test_validate_rngfast.py`` proves the verdicts on RELAX NG's test suite.
"""

from __future__ import annotations

import copy

from lxml import etree

from teitools.validation import rngload

_rng = rngload.rng


_ELEMENT, _ATTRIBUTE, _REF, _START = (_rng(n) for n in ("element", "attribute", "ref", "start"))
_NOT_ALLOWED, _EMPTY, _CHOICE, _GROUP, _NAME = (_rng(n) for n in ("notAllowed", "empty", "choice", "group",
                                                                  "name"))
_INTERLEAVE, _OPTIONAL = _rng("interleave"), _rng("optional")
_VOID_WITH = {_GROUP, _INTERLEAVE, _rng("oneOrMore"), _rng("mixed"), _rng("list"), _ATTRIBUTE, _ELEMENT}
_CONTENT = {_ELEMENT, *(_rng(n) for n in ("text", "data", "value", "list", "mixed"))}

Defines = dict[str, list[etree._Element]]


def rewrite(reduced: etree._Element) -> etree._Element | None:
    """A grammar equivalent to the simplified, reduced ``reduced`` (not modified) whose content
    models libxml2 can compile; None when an element's attributes are not separable from its
    content (a choice between an attribute and content, say) or the start matches nothing."""
    grammar = copy.deepcopy(reduced)
    if not _propagate(grammar):
        return None
    defines = rngload.defines(grammar)
    memo: dict[str, str] = {}
    plans: list[tuple[etree._Element, list[etree._Element], list[etree._Element]]] = []
    for el in grammar.iter(_ELEMENT):
        if not len(el) or el[0].tag != _NAME:
            continue  # a name class: left as it is
        attributes: list[etree._Element] = []
        content: list[etree._Element] = []
        for part in _parts(el):
            kind = _kind(part, defines, memo)
            if kind == "mixed":
                return None
            if kind == "attributes":
                attributes.append(part)
            elif kind == "content":
                content.append(part)
        plans.append((el, attributes, content))
    for el, attributes, content in plans:
        inlined = [p for part in attributes for p in _inlined(part, defines)]
        for child in list(el)[1:]:
            el.remove(child)
        el.extend(inlined)
        el.extend(content or ([] if inlined else [etree.Element(_EMPTY)]))
    _drop_empty(grammar)
    rngload.drop_unreachable(grammar)
    return grammar


def _drop_empty(grammar: etree._Element) -> None:
    """``empty`` out of every sequence that holds something else, and a ``group``,
    ``interleave``, ``optional``, ``zeroOrMore`` or ``oneOrMore`` of nothing but ``empty`` made
    ``empty`` (libxml2 makes a ``oneOrMore`` or ``zeroOrMore`` with an ``empty`` child ``empty``
    whole, whatever else it holds)."""
    todo = list(grammar.iter(_EMPTY))
    while todo:
        empty = todo.pop()
        parent = empty.getparent()
        if parent is None or parent.tag in (_CHOICE, _rng("mixed"), _rng("list"), _ATTRIBUTE):
            continue
        others = [child for child in parent if child is not empty]
        if parent.tag == _ELEMENT:
            others = others[1:]  # the name class
        if others:
            parent.remove(empty)
        elif parent.tag in _SHELLS:
            todo.append(rngload.replace(parent, _EMPTY))


_SHELLS = {_GROUP, _INTERLEAVE, _OPTIONAL, _rng("zeroOrMore"), _rng("oneOrMore")}


def _parts(el: etree._Element) -> list[etree._Element]:
    """The patterns an element's content is the group of, nested groups opened."""
    found: list[etree._Element] = []
    todo = list(reversed(el[1:]))
    while todo:
        node = todo.pop()
        if node.tag == _GROUP:
            todo.extend(reversed(node))
        else:
            found.append(node)
    return found


def _kind(node: etree._Element, defines: Defines, memo: dict[str, str]) -> str:
    """What a pattern can match, up to element patterns: "attributes" (attributes only),
    "content" (no attribute), "empty" (nothing), or "mixed"."""
    tag = node.tag
    if tag == _ATTRIBUTE:
        return "attributes"
    if tag in _CONTENT:
        return "content"
    if tag in (_EMPTY, _NOT_ALLOWED):
        return "empty"
    if tag == _REF:
        name = node.get("name", "")
        if name not in memo:
            memo[name] = "mixed"  # a loop not through an element: not a simplified grammar
            memo[name] = _combined({_kind(part, defines, memo) for define in defines.get(name, [])
                                    for part in define})
        return memo[name]
    return _combined({_kind(child, defines, memo) for child in node})


def _combined(kinds: set[str]) -> str:
    kinds.discard("empty")
    if not kinds:
        return "empty"
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _inlined(node: etree._Element, defines: Defines) -> list[etree._Element]:
    """An attribute-only pattern as a sequence of patterns each naming its attributes itself:
    references expanded, ``empty`` left out, a choice with a branch that matches nothing
    written as ``optional``, ``group`` and ``interleave`` (the same for attributes) opened."""
    tag = node.tag
    if tag == _ATTRIBUTE:
        return [copy.deepcopy(node)]
    if tag in (_EMPTY, _NOT_ALLOWED):  # no notAllowed is left here (``_propagate``)
        return []
    if tag == _REF:
        return [p for define in defines.get(node.get("name", ""), []) for child in define
                for p in _inlined(child, defines)]
    if tag in (_GROUP, _INTERLEAVE):
        return [p for child in node for p in _inlined(child, defines)]
    if tag == _CHOICE:
        branches = [_inlined(child, defines) for child in node]
        kept = [_one(branch) for branch in branches if branch]
        if not kept:
            return []
        choice = kept[0] if len(kept) == 1 else _wrap(_CHOICE, kept)
        return [_wrap(_OPTIONAL, [choice])] if len(kept) < len(branches) else [choice]
    inner = [p for child in node for p in _inlined(child, defines)]  # optional, zeroOrMore, oneOrMore
    return [_wrap(str(tag), inner)] if inner else []


def _one(patterns: list[etree._Element]) -> etree._Element:
    return patterns[0] if len(patterns) == 1 else _wrap(_GROUP, patterns)


def _wrap(tag: str, children: list[etree._Element]) -> etree._Element:
    out = etree.Element(tag)
    out.extend(children)
    return out


def _propagate(grammar: etree._Element) -> bool:
    """``notAllowed`` carried as far as it goes (RELAX NG section 4.20, and on through
    references to definitions that are nothing else, and through elements: an element whose
    content matches nothing matches nothing); False when the start matches nothing."""
    todo = list(grammar.iter(_NOT_ALLOWED))
    while todo:
        rngload.propagate_not_allowed(todo, _VOID_WITH)
        dead = {name for name, group in rngload.defines(grammar).items()
                if all(len(d) == 1 and d[0].tag == _NOT_ALLOWED for d in group)}
        todo = [rngload.replace(ref, _NOT_ALLOWED) for ref in list(grammar.iter(_REF))
                if ref.get("name") in dead]
    rngload.drop_unreachable(grammar)
    return not any(start.find(_NOT_ALLOWED) is not None for start in grammar.iterchildren(_START))


# (element, child element) names as ``{ns}local``, and (element, ``@``attribute), see ``rng.pairs``
Pairs = frozenset[tuple[str, str]]


def by_pairs(fast: etree._Element, pairs: Pairs) -> etree._Element:
    """A copy of the rewritten grammar ``fast`` (not modified) in which each element pattern's
    content lets only children whose (element name, child name) is in ``pairs``, and attributes
    whose (element name, ``@``attribute name) is: any other element or attribute pattern it
    reaches without crossing an element (through definitions, copied for each parent name that
    needs them pruned) made ``notAllowed``, which is then carried as far as it goes. It matches
    exactly what ``fast`` matches among documents whose elements' children and attributes all
    have such pairs: an element (attribute) pattern in an element's content only ever matches a
    child (an attribute) of that element. Content models then hold only the children the
    documents use there, which libxml2 compiles far sooner: its automaton for a choice of n
    elements under a repetition has n states of n transitions each, every one added after a scan
    of those already there (``xmlRegStateAddTrans``, ``xmlFAReduceEpsilonTransitions``), n^3
    steps per element pattern; and it looks for every attribute pattern an element has on each
    element it validates, so fewer of them validate sooner too (``bench/rngfast.py --pairs``)."""
    grammar = copy.deepcopy(fast)
    defines = rngload.defines(grammar)
    alone = {name: _element_name(group[0][0]) for name, group in defines.items()
             if len(group) == 1 and len(group[0]) == 1 and group[0][0].tag == _ELEMENT}
    copies: dict[tuple[str, str], str] = {}

    def prune(node: etree._Element, parent: str) -> None:
        for child in list(node):
            tag = child.tag
            if tag == _ELEMENT:
                name = _element_name(child)
                if name is not None and (parent, name) not in pairs:
                    rngload.replace(child, _NOT_ALLOWED)
            elif tag == _REF:
                target = child.get("name", "")
                if target in alone:
                    named = alone[target]
                    if named is not None and (parent, named) not in pairs:
                        rngload.replace(child, _NOT_ALLOWED)
                elif target in defines:
                    key = (target, parent)
                    if key not in copies:
                        number = len(copies)
                        while f"{target}.{number}" in defines:
                            number += 1
                        copies[key] = f"{target}.{number}"
                        for define in defines[target]:
                            twin = copy.deepcopy(define)
                            twin.set("name", copies[key])
                            grammar.append(twin)
                            prune(twin, parent)
                    child.set("name", copies[key])
            elif tag == _ATTRIBUTE:
                name = _element_name(child)
                if name is not None and (parent, "@" + name) not in pairs:
                    if node.tag == _OPTIONAL and len(node) == 1 and _sequence_keeps(node):
                        # optional(notAllowed) is empty, which a sequence of other parts leaves out
                        node.getparent().remove(node)  # type: ignore[union-attr]
                    else:
                        rngload.replace(child, _NOT_ALLOWED)
            else:
                prune(child, parent)

    for el in list(grammar.iter(_ELEMENT)):
        name = _element_name(el)
        if name is not None:
            prune(el, name)
    if not _propagate(grammar):
        return copy.deepcopy(fast)  # the start matches nothing here: left unpruned
    _drop_empty(grammar)
    return grammar


def _sequence_keeps(node: etree._Element) -> bool:
    """Whether ``node`` is a part of an element's content (a sequence) beside at least one other."""
    holder = node.getparent()
    return holder is not None and holder.tag == _ELEMENT and len(holder) > 2


def _element_name(el: etree._Element) -> str | None:
    """``{ns}local`` of a named element or attribute pattern; None for a name class."""
    if not len(el) or el[0].tag != _NAME:
        return None
    return f"{{{el[0].get('ns', '')}}}{(el[0].text or '').strip()}"
