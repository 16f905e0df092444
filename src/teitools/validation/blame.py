"""Where jing blames a fault: the first child an element's content model cannot take.

libxml2 says that an element's content failed and, often, names a valid sibling before the
fault. jing validates as the document streams past (James Clark, "An algorithm for RELAX NG
validation": derivatives of patterns) and blames the first child element, or the first piece
of text, that the content model cannot take at that point, or the end tag of an element that
is still missing required content. This module does the same for one element whose children
are each valid on their own (see ``rng._localize``): its content model, taken from the
simplified schema, is derived by the element's attributes and then by its children in
order, each child by its name (the child itself was found valid). The verdict is never
decided here: this only says where, and what, the fault is.

Patterns are interned integers (hash-consing), so that derivatives are memoised cheaply.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from teitools import codes
from teitools.validation.finding import Finding
from teitools.validation.rngload import (
    ANY_NAME,
    ATTRIBUTE,
    CHOICE,
    DATA,
    ELEMENT,
    EXCEPT,
    INTERLEAVE,
    NAME,
    NS_NAME,
    ONE_OR_MORE,
    REF,
    VALUE,
    ZERO_OR_MORE,
    rng,
)

MAX_OUTCOMES = 100_000  # element contents whose faults are remembered
_EMPTY, _NOT, _TEXT, _DATA = 0, 1, 2, 3
NOT_ALLOWED = _NOT
_OPTIONAL, _MIXED, _GROUP, _LIST, _NOT_ALLOWED, _EMPTY_TAG, _TEXT_TAG = (rng(n) for n in (
    "optional", "mixed", "group", "list", "notAllowed", "empty", "text"))


def matches(name_class: etree._Element, qname: str) -> bool:
    """Whether a RELAX NG name class (simplified: namespaces explicit) matches ``{ns}local``."""
    tag = name_class.tag
    ns = qname[1:].split("}", 1)[0]
    if tag == NAME:
        return f"{{{name_class.get('ns', '')}}}{(name_class.text or '').strip()}" == qname
    if tag == CHOICE:
        return any(matches(child, qname) for child in name_class)
    if tag in (ANY_NAME, NS_NAME):
        if tag == NS_NAME and name_class.get("ns", "") != ns:
            return False
        exceptions = name_class.find(EXCEPT)
        return exceptions is None or not any(matches(child, qname) for child in exceptions)
    return False


def qname_of(name: str) -> str:
    return name if name[0] == "{" else "{}" + name


class Patterns:
    """A simplified grammar's patterns as interned integers, with the derivatives jing uses."""

    def __init__(self, defines: dict[str, list[etree._Element]]) -> None:
        self.defines = defines
        # (kind, a, b): children a and b, the name class number a, or the definition number a
        self.nodes: list[tuple[str, int, int]] = [("empty", 0, 0), ("notAllowed", 0, 0), ("text", 0, 0),
                                                  ("data", 0, 0)]
        self.ids: dict[tuple[str, int, int], int] = {node: i for i, node in enumerate(self.nodes)}
        self.ref_names: list[str] = []
        self._ref_ids: dict[str, int] = {}
        self.classes: list[etree._Element] = []  # the name class of each element/attribute pattern
        # keyed by the schema's elements themselves, which keeps their proxies (and identities) alive
        self._class_ids: dict[etree._Element, int] = {}
        self._converted: dict[etree._Element, int] = {}
        self._refs: dict[str, int] = {}
        self._memo: dict[tuple[int, tuple[str, str]], int] = {}
        self._nullable: dict[int, bool] = {}
        self._firsts: dict[int, frozenset[int]] = {}
        self._outcomes: dict[tuple[int, tuple[str, ...], tuple[str, ...]], list[Found] | None] = {}

    def _node(self, node: tuple[str, int, int]) -> int:
        found = self.ids.get(node)
        if found is None:
            found = self.ids[node] = len(self.nodes)
            self.nodes.append(node)
        return found

    def choice(self, a: int, b: int) -> int:
        if a in (_NOT, b):
            return b
        if b == _NOT:
            return a
        return self._node(("choice", min(a, b), max(a, b)))

    def group(self, kind: str, a: int, b: int) -> int:
        if a == _NOT or b == _NOT:
            return _NOT
        if a == _EMPTY:
            return b
        if b == _EMPTY:
            return a
        if kind == "interleave":
            a, b = min(a, b), max(a, b)
        return self._node((kind, a, b))

    def one_or_more(self, p: int) -> int:
        return p if p in (_NOT, _EMPTY) else self._node(("oneOrMore", p, 0))

    # -------------------------------------------------------- from the schema

    def of(self, el: etree._Element) -> int:
        """The pattern of a schema element (a pattern element of the simplified grammar)."""
        if el not in self._converted:
            self._converted[el] = self._convert(el)
        return self._converted[el]

    def sequence(self, nodes: list[etree._Element]) -> int:
        result = _EMPTY
        for node in nodes:
            result = self.group("group", result, self.of(node))
        return result

    def element(self, el: etree._Element) -> int:
        """The pattern of an element or attribute pattern: it stands for its name class only."""
        if el not in self._class_ids:
            self._class_ids[el] = len(self.classes)
            self.classes.append(el[0])
        return self._node(("element" if el.tag == ELEMENT else "attribute", self._class_ids[el], 0))

    def _convert(self, el: etree._Element) -> int:
        tag = el.tag
        if tag in (ELEMENT, ATTRIBUTE):
            return self.element(el)
        if tag == REF:
            name = el.get("name", "")
            if name not in self._ref_ids:
                self._ref_ids[name] = len(self.ref_names)
                self.ref_names.append(name)
            return self._node(("ref", self._ref_ids[name], 0))
        if tag == CHOICE:
            result = _NOT
            for child in el:
                result = self.choice(result, self.of(child))
            return result
        if tag in (_GROUP, INTERLEAVE):
            kind = "group" if tag == _GROUP else "interleave"
            result = _EMPTY
            for child in el:
                result = self.group(kind, result, self.of(child))
            return result
        if tag == _MIXED:
            return self.group("interleave", _TEXT, self.sequence(list(el)))
        if tag == ONE_OR_MORE:
            return self.one_or_more(self.sequence(list(el)))
        if tag == ZERO_OR_MORE:
            return self.choice(self.one_or_more(self.sequence(list(el))), _EMPTY)
        if tag == _OPTIONAL:
            return self.choice(self.sequence(list(el)), _EMPTY)
        if tag in (DATA, VALUE, _LIST):
            return _DATA
        if tag == _TEXT_TAG:
            return _TEXT
        if tag == _EMPTY_TAG:
            return _EMPTY
        return _NOT

    def resolve(self, name: str) -> int:
        """A definition's pattern (its combined parts)."""
        if name not in self._refs:
            self._refs[name] = _NOT  # a reference loop outside elements cannot occur in RELAX NG
            parts = self.defines.get(name, [])
            how = next((d.get("combine") for d in parts if d.get("combine")), "choice")
            result: int | None = None
            for define in parts:
                body = self.sequence(list(define))
                if result is None:
                    result = body
                elif how == "interleave":
                    result = self.group("interleave", result, body)
                else:
                    result = self.choice(result, body)
            self._refs[name] = _NOT if result is None else result
        return self._refs[name]

    # -------------------------------------------------------- derivatives

    def nullable(self, p: int) -> bool:
        if p not in self._nullable:
            self._nullable[p] = False  # a loop through references alone cannot occur
            kind, a, b = self.nodes[p]
            if kind in ("empty", "text", "data"):
                value = True
            elif kind == "choice":
                value = self.nullable(a) or self.nullable(b)
            elif kind in ("group", "interleave"):
                value = self.nullable(a) and self.nullable(b)
            elif kind == "oneOrMore":
                value = self.nullable(a)
            elif kind == "ref":
                value = self.nullable(self.resolve(self.ref_names[a]))
            else:
                value = False
            self._nullable[p] = value
        return self._nullable[p]

    def derive(self, p: int, event: tuple[str, str]) -> int:
        """The pattern left after ``event``: ("element", qname), ("text", ""), ("attribute",
        qname) or ("close", "") (the start tag ends: attributes not given are missing)."""
        key = (p, event)
        found = self._memo.get(key)
        if found is not None:
            return found
        kind, a, b = self.nodes[p]
        what, name = event
        result = _NOT
        if kind in ("element", "attribute"):
            if what == "close":
                result = _NOT if kind == "attribute" else p
            elif what == kind and matches(self.classes[a], name):
                result = _EMPTY
        elif kind == "text":
            result = _TEXT if what in ("text", "close") else _NOT
        elif kind == "data":
            result = _EMPTY if what == "text" else (_DATA if what == "close" else _NOT)
        elif kind == "empty":
            result = _EMPTY if what == "close" else _NOT
        elif kind == "choice":
            result = self.choice(self.derive(a, event), self.derive(b, event))
        elif kind in ("group", "interleave"):
            if what == "close":
                result = self.group(kind, self.derive(a, event), self.derive(b, event))
            elif kind == "interleave" or what == "attribute":  # attributes have no order
                result = self.choice(self.group(kind, self.derive(a, event), b),
                                     self.group(kind, a, self.derive(b, event)))
            else:
                result = self.group(kind, self.derive(a, event), b)
                if self.nullable(a):
                    result = self.choice(result, self.derive(b, event))
        elif kind == "oneOrMore":
            if what == "close":
                result = self.one_or_more(self.derive(a, event))
            else:
                result = self.group("group", self.derive(a, event), self.choice(p, _EMPTY))
        elif kind == "ref":
            result = self.derive(self.resolve(self.ref_names[a]), event)
        self._memo[key] = result
        return result

    def firsts(self, p: int) -> frozenset[int]:
        """The element patterns (their name class numbers) that can come next."""
        if p not in self._firsts:
            self._firsts[p] = frozenset()
            kind, a, b = self.nodes[p]
            found: frozenset[int] = frozenset()
            if kind == "element":
                found = frozenset([a])
            elif kind in ("choice", "interleave"):
                found = self.firsts(a) | self.firsts(b)
            elif kind == "group":
                found = self.firsts(a) | (self.firsts(b) if self.nullable(a) else frozenset())
            elif kind == "oneOrMore":
                found = self.firsts(a)
            elif kind == "ref":
                found = self.firsts(self.resolve(self.ref_names[a]))
            self._firsts[p] = found
        return self._firsts[p]

    def ahead(self, p: int, qname: str) -> bool:
        """Whether an element of this name may come anywhere later in ``p`` (not only next)."""
        seen: set[int] = set()
        todo = [p]
        while todo:
            kind, a, b = self.nodes[todo.pop()]
            if kind == "element" and matches(self.classes[a], qname):
                return True
            inside = ((a, b) if kind in ("choice", "group", "interleave") else (a,) if kind == "oneOrMore"
                      else (self.resolve(self.ref_names[a]),) if kind == "ref" else ())
            for child in inside:
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return False

    def opened(self, content: int, attributes: tuple[str, ...]) -> int:
        """The content left once an element's start tag, with these attributes, is read."""
        p = content
        for name in attributes:
            p = self.derive(p, ("attribute", name))
        return self.derive(p, ("close", ""))

    def expected(self, content: int, attributes: tuple[str, ...]) -> list[str]:
        """The names of the elements that may come first in such an element's content."""
        p = self.opened(content, attributes)
        return [] if p == _NOT else self.names(self.firsts(p))

    def outcome(self, content: int, attributes: tuple[str, ...], events: tuple[str, ...],
                declared: Callable[[str], bool]) -> list[Found] | None:
        """The faults in a sequence of events (see ``content_faults``), memoised."""
        key = (content, attributes, events)
        if key in self._outcomes:
            return self._outcomes[key]
        p = self.opened(content, attributes)
        found: list[Found] | None = None
        if p != _NOT:
            found = []
            for place, name in enumerate(events):
                after = self.derive(p, ("element", name) if name else ("text", ""))
                if after != _NOT:
                    p = after
                elif not name:
                    found.append((place, "text", None))
                elif not declared(name):
                    found.append((place, "undeclared", None))
                else:
                    yet = not self.nullable(p) and self.ahead(p, name)
                    found.append((place, "element", tuple(self.names(self.firsts(p))) if yet else None))
                    if yet:  # as jing recovers: the missing elements are taken as given
                        p = self._catch_up(p, name)
            if not self.nullable(p):
                found.append((-1, "incomplete", tuple(self.names(self.firsts(p)))))
        if len(self._outcomes) >= MAX_OUTCOMES:  # a long batch of invalid documents
            self._outcomes.clear()
        self._outcomes[key] = found
        return found

    def _catch_up(self, p: int, qname: str, depth: int = 3) -> int:
        """``p`` after the elements that must come before one of this name, and it (a few
        levels deep); ``p`` itself when none such is found."""
        level = [p]
        for _ in range(depth):
            following = []
            for q in level:
                for number in sorted(self.firsts(q)):
                    name_class = self.classes[number]
                    if name_class.tag != NAME:
                        continue
                    expanded = f"{{{name_class.get('ns', '')}}}{(name_class.text or '').strip()}"
                    after = self.derive(q, ("element", expanded))
                    taken = self.derive(after, ("element", qname))
                    if taken != _NOT:
                        return taken
                    following.append(after)
            level = following
        return p

    def names(self, classes: frozenset[int]) -> list[str]:
        """The local names of the name classes that are single names, sorted."""
        return sorted({(self.classes[c].text or "").strip() for c in classes if self.classes[c].tag == NAME})


# A fault found in a sequence of events, by the event's place (-1: the end of the content):
# ("element", required names when the element is "not allowed yet", else None), ("undeclared",
# None), ("text", None), ("incomplete", the names that could come next)
Found = tuple[int, str, tuple[str, ...] | None]


def content_faults(patterns: Patterns, content: int, el: etree._Element, declared: Callable[[str], bool],
                   lines: Callable[[int], str | None]) -> list[Finding] | None:
    """The faults jing reports in ``el``'s content (``content``: its element patterns' content),
    in document order; None when the walk cannot tell (an attribute is missing or not allowed:
    libxml2's messages say better). A child the schema declares nowhere is an RNG010 fault
    whose message is left to the caller; a child or text not allowed is skipped, as jing
    recovers. What is found depends only on the element's attribute names and the sequence of
    its children's names and of its pieces of text, so it is found once per such sequence."""
    events: list[str] = []  # a child's expanded name, or "" for a piece of text
    text = el.text
    if text and not text.isspace():
        events.append("")
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            events.append(tag if tag[0] == "{" else "{}" + tag)
        tail = child.tail
        if tail and not tail.isspace():
            events.append("")
    found = patterns.outcome(content, attribute_names(el), tuple(events), declared)
    if found is None:
        return None
    if not found:
        return []
    places: list[tuple[etree._Element | None, str, int | None]] = []  # (child, or None and the text, line)
    if text and not text.isspace():
        places.append((None, text, el.sourceline))
    for child in el:
        if isinstance(child.tag, str):
            places.append((child, "", child.sourceline))
        if child.tail and not child.tail.isspace():
            places.append((None, child.tail, end_line(child)))
    faults: list[Finding] = []
    for place, kind, names in found:
        if kind == "incomplete":
            faults.append(_incomplete(el, names or (), lines))
            continue
        node, text, line = places[place]
        if kind == "text":
            faults.append(_text_fault(el, text, line, lines))
        elif node is not None and kind == "undeclared":
            faults.append(Finding(codes.RNG010, "", line=line, node=node, stage="relaxng", walked=True))
        elif node is not None:
            faults.append(_not_allowed(node, names))
    return faults


def attribute_names(el: etree._Element) -> tuple[str, ...]:
    """An element's attributes' expanded names, sorted (the order of attributes is no matter)."""
    return tuple(sorted(qname_of(name) for name in el.attrib)) if len(el.attrib) else ()


def _incomplete(el: etree._Element, names: tuple[str, ...], lines: Callable[[int], str | None]) -> Finding:
    """jing's "element E incomplete", at E's end tag."""
    display = etree.QName(el).localname
    line = end_line(el)
    column = _end_tag_column(lines(line) if line else None, display)
    if len(names) == 1:
        message = f'element "{display}" incomplete; missing required element "{names[0]}"'
    elif names:
        message = f'element "{display}" incomplete; expected element {listed(list(names))}'
    else:
        message = f'element "{display}" incomplete; missing required content'
    return _fault(codes.RNG002, message, el, line, column)


def _not_allowed(child: etree._Element, required: tuple[str, ...] | None) -> Finding:
    """jing's "element X not allowed here", or "not allowed yet; missing required element Y"
    when X may come later in the content and Y must come first."""
    name = _shown(child)
    if not required:
        return _fault(codes.RNG001, f"element {name} not allowed here", child, child.sourceline)
    what = (f'element "{required[0]}"' if len(required) == 1
            else f"one of the elements {listed(list(required))}")
    return _fault(codes.RNG001, f"element {name} not allowed yet; missing required {what}", child,
                  child.sourceline)


def _fault(code: str, message: str, node: etree._Element, line: int | None, column: int | None = None
           ) -> Finding:
    """A fault the walk of content found: a RELAX NG finding about ``node`` (the child, or the
    parent for a missing end or text), never vague (``walked``)."""
    return Finding(code, message, line=line, column=column, stage="relaxng", node=node, walked=True)


def _shown(child: etree._Element) -> str:
    """An element's name, quoted, as the document writes it, with its namespace when that is not
    its parent's (foreign markup says what it is: "m:math" (namespace "…/MathML"))."""
    name = etree.QName(child)
    written = f'"{child.prefix}:{name.localname}"' if child.prefix else f'"{name.localname}"'
    parent = child.getparent()
    if parent is not None and etree.QName(parent).namespace != name.namespace:
        where = f'namespace "{name.namespace}"' if name.namespace else "no namespace"
        return f"{written} ({where})"
    return written


def _text_fault(el: etree._Element, text: str, start: int | None,
                lines: Callable[[int], str | None]) -> Finding:
    """Text the content model takes none of. jing (through Xerces, which hands text over line by
    line) reports it where its first line holding more than whitespace ends."""
    first = len(text) - len(text.lstrip())
    begin = text.rfind("\n", 0, first) + 1
    end = text.find("\n", first)
    segment = text[begin:] if end < 0 else text[begin:end]
    line = start + text.count("\n", 0, first) if start is not None else None
    column = None
    if begin:  # the segment starts its line
        column = len(segment) + 1
    elif line is not None and (raw := lines(line)) is not None and (at := raw.find(segment)) >= 0:
        column = at + len(segment) + 1
    return _fault(codes.RNG005, "text not allowed here", el, line, column)


def end_line(node: etree._Element) -> int | None:
    """The line where an element (or comment, processing instruction) ends: where its start tag
    ends plus the lines of its content (libxml2 counts an element's line where its start tag
    ends, as jing does; a comment's or processing instruction's line is already the one where it
    ends)."""
    line = node.sourceline
    if line is None or not isinstance(node.tag, str):
        return line
    if isinstance(node.tag, str) and len(node):
        last = node[-1]
        inner = end_line(last)
        return None if inner is None else inner + (last.tail or "").count("\n")
    return line + (node.text or "").count("\n")


def _end_tag_column(text: str | None, local: str) -> int | None:
    if text is None:
        return None
    at = max(text.rfind(f"</{local}"), text.rfind(f":{local}>"))
    if at < 0:
        return None
    return text.rfind("<", 0, at + 1) + 1


def listed(names: list[str]) -> str:
    """Names quoted, as jing lists them: "a", "b" or "c", at most 12 (and how many more)."""
    shown = [f'"{n}"' for n in names[:12]]
    listed = ", ".join(shown[:-1]) + f" or {shown[-1]}" if len(shown) > 1 else shown[0]
    return listed + (f" (and {len(names) - 12} more)" if len(names) > 12 else "")



def attribute_allowed(patterns: Patterns, content: int, el: etree._Element, name: str) -> bool:
    """Whether ``el``'s attribute ``name`` (as lxml names it) may stand on it by its name, as jing
    judges it: ``content`` (its element patterns' content) derived by the element's attributes
    in document order, an attribute it cannot take leaving it as it was (jing recovers so), and
    ``name``'s derivative then something other than notAllowed."""
    p = content
    for attribute in el.attrib:
        after = patterns.derive(p, ("attribute", qname_of(attribute)))
        if attribute == name:
            return after != _NOT
        if after != _NOT:
            p = after
    return True
