"""A prescreen of XPath 2 Schematron on the tree lxml already holds: when it proves that no
assertion of any active pattern can fire on a document, Saxon need not build its own tree of
the document (the larger part of the Schematron stage's time) to find nothing.

The proof is made with lxml's XPath 1, on the parts of a schema whose meaning XPath 1 gives
exactly. An assertion's test is taken only if it lies within a subset where XPath 1 and XPath
2/3 give the same boolean for every document and XPath 2 can raise no dynamic error (see
``translate``): paths over the XPath 1 axes with names in declared namespaces, ``|``, ``and``,
``or``, ``=``/``!=`` between nodes and strings, ``<``/``>``/``<=``/``>=`` between counts and
integers, the value comparisons ``eq``/``ne`` between single strings and ``eq``…``ge`` between
numbers, ``not``, ``count``, ``contains``, ``starts-with``, ``normalize-space``,
``string-length``, ``string``, ``name``, ``local-name`` (of at most one node), ``true``,
``false``, ``current()`` and the variables of the rule's own lets whose values are in the
subset too (each evaluated on the node the rule is tried on, as Schematron does). The nodes a rule can
match are the superset of its context's matches that the Saxon stylesheet itself hands to
the rule (``schematron2._reach``), so a test found true (an assert) or false (a report) on
all of them is so on the nodes the rule does match. Anything else (a rule ``let``, a function
outside the list, an attribute context present in the document, the schema's global lets, a
document with a DTD's internal subset, which Saxon may read to drop whitespace that lxml
keeps) sends the document to Saxon, as does any assertion that does fire: the findings always
come from Saxon, so what is reported is the same with or without the prescreen. A report whose
test is outside the subset but is a conjunction (``a and b``) is judged by the conjuncts inside
it: the report can fire only where each of them is true (``conjuncts``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

XML_NS = "http://www.w3.org/XML/1998/namespace"

# The XPath 1 axes (no namespace axis): a step ``axis::test``.
_AXES = frozenset({"child", "descendant", "parent", "ancestor", "following-sibling", "preceding-sibling",
                   "following", "preceding", "attribute", "self", "descendant-or-self",
                   "ancestor-or-self"})
_NODE_TESTS = frozenset({"node", "text", "comment"})
_GENERAL = {"=": "=", "!=": "!="}
_ORDER = {"<": "<", ">": ">", "<=": "<=", ">=": ">="}
_VALUE = {"eq": "=", "ne": "!="}
_VALUE_ORDER = {"lt": "<", "gt": ">", "le": "<=", "ge": ">="}
_NCNAME = r"[^\W\d][\w.\-]*"
_TOKEN = re.compile(rf"""\s+
    | (?P<string>"[^"]*"|'[^']*')
    | (?P<name>{_NCNAME}(?::(?:{_NCNAME}|\*))?|\*)
    | (?P<number>\d+(?![\w.]))
    | (?P<variable>\${_NCNAME})
    | (?P<symbol>//|::|\.\.|!=|<=|>=|[/|()\[\]@,.=<>])""", re.VERBOSE)

# Types of the subset's expressions: a boolean, an integer, a single string, at most one node,
# any number of nodes.
BOOL, NUM, STR, NODE1, NODES = "bool", "num", "str", "node1", "nodes"
_STRINGISH = frozenset({STR, NODE1})
_COMPARABLE = frozenset({STR, NODE1, NODES})


class _Refused(Exception):
    """The expression is outside the subset."""


@dataclass(frozen=True)
class Translation:
    """An XPath 2 expression's XPath 1 equal: its text (``current()`` as ``$current``), its
    type (one of BOOL, NUM, STR, NODE1, NODES) and whether it uses ``current()``."""

    text: str
    kind: str
    current: bool
    relaxed: str | None = None
    """For an expression that uses ``current()`` and is a path or a union of paths: the same
    with each step's predicates cut from the first that uses ``current()`` on (a predicate only
    filters, so this selects a superset of the nodes, from any context node), or None when
    ``current()`` is used elsewhere or the expression is no such path."""
    variables: frozenset[str] = frozenset()
    """The variables it uses (see ``translate``), by their XPath 1 names."""


def _tokens(query: str) -> list[tuple[str, str]] | None:
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(query):
        token = _TOKEN.match(query, pos)
        if token is None:
            return None
        pos = token.end()
        if token.lastgroup is not None:
            tokens.append((token.lastgroup, token.group()))
    return tokens


@dataclass(frozen=True)
class Matches:
    """What a match pattern matches: ``text``, an XPath 1 expression giving the nodes from any
    node of the document; ``tags``, for each path of its union, the element names (as lxml
    writes them) of its steps, outside predicates, and of the path a predicate of such a step
    counts when it asks for at least one node (``/*[count(//tei:a) gt 1]``: ``tei:a``), each
    of which the document must hold for that path to find anything."""

    text: str
    tags: tuple[frozenset[str], ...]


def translate_pattern(pattern: str, namespaces: dict[str, str]) -> Matches | None:
    """``Matches``: an XPath 1 expression giving, from any node of a document, the nodes the XSLT match
    pattern ``pattern`` (a rule's context) matches: a union of paths in the subset of
    ``translate``, each relative one looked for below the document node
    (``/descendant-or-self::node()/`` before it, as XSLT 1.0 defines a pattern's matches), and
    a parenthesised union of such paths before further steps (``(tei:a | tei:b)/tei:c``);
    None for any other pattern (a leading ``.``, ``current()``, a function)."""
    tokens = _tokens(pattern)
    if tokens is None:
        return None
    try:
        return _pattern(tokens, namespaces)
    except _Refused:
        return None


def _pattern(tokens: list[tuple[str, str]], namespaces: dict[str, str]) -> Matches:
    parser = _Parser(tokens, namespaces, {})
    members = []
    tags: list[frozenset[str]] = []
    while True:
        parser.names = []
        kind, text = parser.peek()
        if text == "(":
            depth, end = 0, parser.pos
            for end in range(parser.pos, len(tokens)):
                depth += {"(": 1, ")": -1}.get(tokens[end][1], 0) if tokens[end][0] == "symbol" else 0
                if depth == 0:
                    break
            if depth != 0 or end + 1 >= len(tokens) or tokens[end + 1][1] not in ("/", "//"):
                raise _Refused
            inner = _pattern(tokens[parser.pos + 1:end], namespaces)
            parser.pos = end + 1
            rest, _, _ = parser.path()  # an absolute path: the steps after the group
            members.append(f"({inner.text}){rest}")
        else:
            calls = kind == "name" and parser.peek(1)[1] == "(" and text not in _NODE_TESTS
            if calls or not (kind == "name" or text in ("/", "//", "@")):
                raise _Refused
            path, _, _ = parser.path()
            members.append(path if text in ("/", "//") else f"//{path}")
        tags.append(frozenset(parser.names))
        if not parser.take("|"):
            break
    if parser.pos != len(tokens) or parser.current:
        raise _Refused
    return Matches(" | ".join(members), tuple(tags))


def translate(query: str, namespaces: dict[str, str], variables: dict[str, tuple[str, str]] | None = None
              ) -> Translation | None:
    """The XPath 1 expression that gives ``query`` (XPath 2/3, as a Schematron test) the same
    boolean value on every node of every document, or None when ``query`` is outside the
    subset described above. ``namespaces``: the prefixes the query may use. A string literal
    with its quote doubled, a name in ``Q{}`` form or a wildcard prefix, arithmetic, sequences,
    ``for``/``if``/``some``, ``except``/``intersect`` and every other function are refused;
    so are comparisons whose XPath 2 meaning differs (``<`` between strings compares them as
    strings in XPath 2, as numbers in XPath 1) or may raise (``@n > 1`` on a non-number,
    ``eq`` on several nodes). ``variables``: those the query may use, each name with its XPath 1
    name and the type of its value (a rule's lets, translated before it)."""
    tokens = _tokens(query)
    if tokens is None:
        return None
    parser = _Parser(tokens, namespaces, variables or {})
    try:
        text, kind = parser.expr()
        if parser.pos != len(tokens):
            raise _Refused
    except _Refused:
        return None
    relaxed = parser.relaxed if parser.current and text == parser.union_text else None
    if relaxed is not None and ("$current" in relaxed or parser.used):
        relaxed = None
    return Translation(text, kind, parser.current, relaxed, frozenset(parser.used))


_LOOSER = frozenset({"or", "some", "every", "for", "if", "let", "return", "satisfies", "then", "else"})


def conjuncts(query: str) -> list[str]:
    """The operands of ``query``'s outermost ``and`` (XPath 2/3): each must be true where the
    whole is; ``[query]`` when it is no such conjunction (a comma, or an operator that binds
    less tightly than ``and``, at its top level)."""
    parts: list[str] = []
    depth, start, quote = 0, 0, ""
    words = re.compile(r"[\w.\-:$]+|.", re.DOTALL)
    for token in words.finditer(query):
        text = token.group()
        if quote:
            quote = "" if text == quote else quote
        elif text in ("'", '"'):
            quote = text
        elif text in "([{":
            depth += 1
        elif text in ")]}":
            depth -= 1
        elif depth == 0 and (text in _LOOSER or text == ","):
            return [query]
        elif depth == 0 and text == "and":
            parts.append(query[start:token.start()])
            start = token.end()
    parts.append(query[start:])
    return parts if len(parts) > 1 and all(p.strip() for p in parts) else [query]


class _Parser:
    """Recursive descent over the subset; each method returns (XPath 1 text, type)."""

    def __init__(self, tokens: list[tuple[str, str]], namespaces: dict[str, str],
                 variables: dict[str, tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.namespaces = namespaces
        self.variables = variables
        self.used: set[str] = set()  # the variables used, by their XPath 1 names
        self.current = False
        self.depth = 0  # within predicates, parentheses and arguments
        self.names: list[str] = []  # the element names of the steps outside them, as lxml writes them
        self.union_text = ""  # the last path or union of paths outside them, and its relaxed form
        self.relaxed: str | None = None  # (see Translation.relaxed)

    def peek(self, offset: int = 0) -> tuple[str, str]:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else ("", "")

    def take(self, text: str) -> bool:
        if self.peek()[1] == text:
            self.pos += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if not self.take(text):
            raise _Refused

    def expr(self) -> tuple[str, str]:
        text, kind = self.conjunction()
        while self.peek() == ("name", "or"):
            self.pos += 1
            right, _ = self.conjunction()
            text, kind = f"{text} or {right}", BOOL
        return text, kind

    def conjunction(self) -> tuple[str, str]:
        text, kind = self.comparison()
        while self.peek() == ("name", "and"):
            self.pos += 1
            right, _ = self.comparison()
            text, kind = f"{text} and {right}", BOOL
        return text, kind

    def comparison(self) -> tuple[str, str]:
        left, left_kind = self.union()
        token = self.peek()
        operator = None
        if token[0] == "symbol" and token[1] in _GENERAL and left_kind in _COMPARABLE:
            operator, allowed = _GENERAL[token[1]], _COMPARABLE
        elif token[0] == "symbol" and token[1] in _GENERAL and left_kind == NUM:
            operator, allowed = _GENERAL[token[1]], frozenset({NUM})
        elif token[0] == "symbol" and token[1] in _ORDER and left_kind == NUM:
            operator, allowed = _ORDER[token[1]], frozenset({NUM})
        elif token[0] == "name" and token[1] in _VALUE and left_kind in _STRINGISH | {NUM}:
            operator = _VALUE[token[1]]
            allowed = frozenset({NUM}) if left_kind == NUM else _STRINGISH
        elif token[0] == "name" and token[1] in _VALUE_ORDER and left_kind == NUM:
            operator, allowed = _VALUE_ORDER[token[1]], frozenset({NUM})
        elif token[0] == "symbol" and token[1] in {**_GENERAL, **_ORDER}:
            raise _Refused
        if operator is None:
            return left, left_kind
        self.pos += 1
        right, right_kind = self.union()
        if right_kind not in allowed:
            raise _Refused
        return f"{left} {operator} {right}", BOOL

    def union(self) -> tuple[str, str]:
        depth = self.depth
        text, kind, cut = self.path()
        parts, relaxed = [text], [cut]
        while self.take("|"):
            if kind not in (NODE1, NODES):
                raise _Refused
            text, kind, cut = self.path()
            if kind not in (NODE1, NODES):
                raise _Refused
            parts.append(text)
            relaxed.append(cut)
        joined = " | ".join(parts)
        if depth == 0:
            self.union_text = joined
            self.relaxed = None if None in relaxed else " | ".join(r for r in relaxed if r is not None)
        return (joined, NODES) if len(parts) > 1 else (text, kind)

    def path(self) -> tuple[str, str, str | None]:
        """A path, or a primary (literal, call, parenthesised expression), with its type and,
        for a path, its steps as ``step`` cuts them (None for a primary)."""
        kind, text = self.peek()
        if kind == "string":
            self.pos += 1
            return text, STR, None
        if kind == "number":
            self.pos += 1
            return text, NUM, None
        if kind == "variable":
            known = self.variables.get(text[1:])
            if known is None or self.peek(1)[1] in ("/", "//", "["):
                raise _Refused
            self.pos += 1
            self.used.add(known[0])
            return f"${known[0]}", known[1], None
        if text == "(":
            self.pos += 1
            self.depth += 1
            inner, inner_kind = self.expr()
            self.depth -= 1
            self.expect(")")
            if self.peek()[1] in ("/", "//", "["):
                raise _Refused
            return f"({inner})", inner_kind, None
        if kind == "name" and self.peek(1)[1] == "(" and text not in _NODE_TESTS \
                and self.peek(2)[1] != "::":
            return (*self.call(), None)
        steps: list[str] = []
        relaxed: list[str] = []
        if text in ("/", "//"):
            self.pos += 1
            steps.append(text)
            relaxed.append(text)
        single = True
        while True:
            step, one, cut = self.step()
            steps.append(step)
            relaxed.append(cut)
            single = single and one
            if self.peek()[1] in ("/", "//"):
                steps.append(self.peek()[1])
                relaxed.append(self.peek()[1])
                self.pos += 1
                single = False
                continue
            break
        joined = "".join(steps)
        return joined, NODE1 if single and not joined.startswith("/") else NODES, "".join(relaxed)

    def step(self) -> tuple[str, bool, str]:
        """One step and its predicates; True when it gives at most one node from its context;
        the step with its predicates cut from the first that uses ``current()`` on."""
        if self.take("."):
            return ".", True, "."
        if self.take(".."):
            return "..", True, ".."
        axis = "child"
        if self.take("@"):
            axis = "attribute"
        elif self.peek()[0] == "name" and self.peek(1)[1] == "::":
            axis = self.peek()[1]
            if axis not in _AXES:
                raise _Refused
            self.pos += 2
        test = self.node_test()
        outside = self.depth == 0
        if outside and axis != "attribute" and "*" not in test and not test.endswith(")"):
            self.names.append(self._tag(test))
        predicates = ""
        kept: str | None = None  # the predicates before the first that uses current()
        while self.take("["):
            used, self.current = self.current, False
            self.depth += 1
            inner, _ = self.expr()
            self.depth -= 1
            self.expect("]")
            if outside:
                self.names += [self._tag(name) for name in _counted(inner)]
            if self.current and kept is None:
                kept = predicates
            self.current = self.current or used
            predicates += f"[{inner}]"
        one = axis in ("attribute", "parent", "self") and not predicates and "*" not in test \
            and not test.endswith(")")
        return f"{axis}::{test}{predicates}", one, f"{axis}::{test}{predicates if kept is None else kept}"

    def _tag(self, test: str) -> str:
        """An element name test (``prefix:local`` or ``local``) as lxml writes the tag."""
        prefix, _, local = test.rpartition(":")
        uri = XML_NS if prefix == "xml" else self.namespaces.get(prefix, "")
        return f"{{{uri}}}{local}" if uri else local

    def node_test(self) -> str:
        kind, text = self.peek()
        if kind != "name":
            raise _Refused
        self.pos += 1
        if text in _NODE_TESTS and self.peek()[1] == "(":
            self.pos += 1
            self.expect(")")
            return f"{text}()"
        if text == "*":
            return text
        prefix, _, local = text.rpartition(":")
        if prefix and prefix != "xml" and prefix not in self.namespaces:
            raise _Refused
        return text if local != "*" or prefix else self._refuse()

    def _refuse(self) -> str:
        raise _Refused

    def call(self) -> tuple[str, str]:
        name = self.peek()[1]
        self.pos += 2  # the name and "("
        arguments: list[tuple[str, str]] = []
        self.depth += 1
        if not self.take(")"):
            arguments.append(self.expr())
            while self.take(","):
                arguments.append(self.expr())
            self.expect(")")
        self.depth -= 1
        kinds = [kind for _, kind in arguments]
        texts = [text for text, _ in arguments]
        if name == "not" and len(arguments) == 1:
            return f"not({texts[0]})", BOOL
        if name in ("true", "false") and not arguments:
            return f"{name}()", BOOL
        if name == "current" and not arguments:
            self.current = True
            return "$current", NODE1
        if name == "count" and kinds in ([NODES], [NODE1]):
            return f"count({texts[0]})", NUM
        if name in ("contains", "starts-with") and len(kinds) == 2 and set(kinds) <= _STRINGISH:
            return f"{name}({texts[0]}, {texts[1]})", BOOL
        if name in ("name", "local-name") and kinds in ([], [NODE1]):
            return f"{name}({', '.join(texts)})", STR
        if name in ("normalize-space", "string", "string-length") and len(kinds) <= 1 \
                and set(kinds) <= _STRINGISH:
            return f"{name}({', '.join(texts)})", NUM if name == "string-length" else STR
        raise _Refused


# a predicate (as translated) that is true only when a path of named element steps finds a node:
# ``count(path) > n`` for n >= 0 or ``count(path) >= n`` for n >= 1
_NAMED_STEP = rf"(?:{'|'.join(sorted(_AXES - {'attribute'}))})::{_NCNAME}(?::{_NCNAME})?"
_COUNTED = re.compile(rf"count\(((?:/{{1,2}})?{_NAMED_STEP}(?:/{{1,2}}{_NAMED_STEP})*)\) (>|>=) (\d+)")


def _counted(predicate: str) -> list[str]:
    """The element name tests of ``predicate`` (an XPath 1 predicate as ``_Parser`` writes it)
    that the document must hold for it to be true: those of the path it counts when it asks
    for at least one node (``count(//tei:a/tei:b) > 0``, say); none for any other predicate."""
    match = _COUNTED.fullmatch(predicate)
    if match is None or (match.group(2) == ">=" and int(match.group(3)) < 1):
        return []
    return [step.partition("::")[2] for step in re.split(r"/{1,2}", match.group(1)) if step]


_STEP = re.compile(r"(descendant::)?(?:Q\{([^{}]*)\}([^{}*\s]+)|\*)")
_ATTRIBUTE = re.compile(r"Q\{([^{}]*)\}([^{}*\s]+)")


def candidates(sets: Iterable[tuple[str, tuple[str, ...]]], namespaces: dict[str, str]) -> str | None:
    """An XPath 1 expression, from any node of the document, for the elements of ``sets``
    (schematron2's ``_Elements``: a step ``descendant::Q{uri}local``, ``descendant::*``,
    ``Q{uri}local`` or ``*`` from the document node, and the attributes, as ``Q{uri}local``,
    they must have); None for a set written otherwise. Each namespace is given a prefix in
    ``namespaces``."""
    parts = []
    for step, having in sets:
        match = _STEP.fullmatch(step)
        if match is None:
            return None
        axis = "descendant::" if match.group(1) else "child::"
        test = "*" if match.group(3) is None else _qualified(match.group(2), match.group(3), namespaces)
        predicates = ""
        for name in having:
            attribute = _ATTRIBUTE.fullmatch(name)
            if attribute is None:
                return None
            predicates += f"[@{_qualified(attribute.group(1), attribute.group(2), namespaces)}]"
        parts.append(f"/{axis}{test}{predicates}")
    return " | ".join(parts) if parts else None


def _qualified(uri: str, local: str, namespaces: dict[str, str]) -> str:
    if not uri:
        return local
    if uri == XML_NS:
        return f"xml:{local}"
    for prefix, known in namespaces.items():
        if known == uri:
            return f"{prefix}:{local}"
    number = len(namespaces)
    while f"_c{number}" in namespaces:
        number += 1
    namespaces[f"_c{number}"] = uri
    return f"_c{number}:{local}"


Needs = tuple[tuple[str | None, tuple[str, ...]], ...] | None
"""What a document must hold for an expression to find anything: one of these elements, each
a tag as lxml writes it (None: any element) with these attributes (as ``keys()`` gives them);
None when that is not known."""


@dataclass(frozen=True)
class Check:
    """One rule's assertion as the prescreen runs it: ``bad``, evaluated from the document,
    is true when the assertion may fire on some node (XPath 1, compiled); with ``each``, the
    test uses ``current()`` and is evaluated once per node that ``each`` selects, with
    ``$current`` that node. ``needs``: the elements without which the rule matches nothing
    (see Needs), so that most checks are settled by the names a document uses, without a
    walk over it."""

    bad: etree.XPath
    each: etree.XPath | None = None
    needs: Needs = None
    tags: tuple[frozenset[str], ...] | None = None  # Matches.tags of the rule's context
    first: etree.XPath | None = None  # with ``each``: false from the document when no node can fire
    lets: tuple[tuple[str, etree.XPath], ...] = ()  # with ``each``: the variables ``bad`` uses, in order


Shapes = frozenset[tuple[str, ...]]


class Prescreen:
    """Which documents a schema's rules certainly find nothing in (see the module's text)."""

    def __init__(self, checks: list[Check], present: list[Check]) -> None:
        """``checks``: every assertion of every rule the prescreen can judge; ``present``: one
        check per rule it cannot judge, whose ``bad`` is true when the document holds a node
        the rule may match."""
        self.checks = checks
        self.present = present

    def clear(self, tree: etree._ElementTree, shapes: Shapes | None = None) -> bool:
        """True when no assertion of the schema can fire on ``tree`` (so Saxon would report
        nothing); False when one may, or when the prescreen cannot tell. ``shapes``: the
        document's elements as (tag, attribute names...), once each (``rng.shapes``; made here
        when not given)."""
        if tree.docinfo.internalDTD is not None:
            return False
        if shapes is None:
            shapes = frozenset((str(el.tag), *map(str, el.keys()))
                               for el in tree.getroot().iter(etree.Element))
        holds = _Holds(shapes)
        try:
            for check in self.present:
                if holds(check.needs, check.tags) and bool(check.bad(tree)):
                    return False
            for check in self.checks:
                if not holds(check.needs, check.tags):
                    continue
                if check.each is None:
                    if bool(check.bad(tree)):
                        return False
                    continue
                if check.first is not None and not bool(check.first(tree)):
                    continue
                nodes = check.each(tree)
                if not isinstance(nodes, list):
                    return False
                if any(bool(check.bad(node, current=node, **_let(check.lets, node))) for node in nodes):
                    return False
        except etree.XPathError:
            return False
        return True


def _let(lets: tuple[tuple[str, etree.XPath], ...], node: etree._Element) -> dict[str, Any]:
    """The values of a rule's lets on ``node``, each from those before it."""
    values: dict[str, Any] = {}
    for name, value in lets:
        values[name] = value(node, current=node, **values)
    return values


class _Holds:
    """Whether a document with these shapes may hold what a check needs (for an element of
    any name, whether each attribute it needs is on some element: a superset)."""

    def __init__(self, shapes: Shapes) -> None:
        self.by_tag: dict[str, list[frozenset[str]]] = {}
        for shape in shapes:
            self.by_tag.setdefault(shape[0], []).append(frozenset(shape[1:]))
        self.anywhere = {name for shape in shapes for name in shape[1:]}
        self.known: dict[Needs, bool] = {}

    def __call__(self, needs: Needs, tags: tuple[frozenset[str], ...] | None = None) -> bool:
        if tags is not None and not any(self.by_tag.keys() >= path for path in tags):
            return False
        if needs is None:
            return True
        answer = self.known.get(needs)
        if answer is None:
            answer = any(self.anywhere.issuperset(having) if tag is None
                         else any(attributes.issuperset(having) for attributes in self.by_tag.get(tag, ()))
                         for tag, having in needs)
            self.known[needs] = answer
        return answer
