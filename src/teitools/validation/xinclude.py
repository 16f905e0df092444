"""XInclude, resolved as ``xmllint --xinclude`` and Debian's jing resolve it, but only from local
files: ``xi:include`` elements are replaced by what they name before a document is checked, so
that its verdict and its pointers are those of the whole document.

What is resolved: ``href`` relative to the including file (empty: the document itself), to a
regular file inside the allowed folder trees (the document's folder and the input folders that
hold it), read and parsed by teitools.safexml; ``parse="xml"`` (the root element, or the
elements an ``xpointer`` selects: a shorthand id, ``element()``, ``xmlns()`` and
``xpointer()`` with an XPath 1 expression) and ``parse="text"`` (with ``encoding``). Included
elements get ``xml:base`` (base URI fixup, as Xerces and libxml2 do) and the line of the
``xi:include`` they replace. What cannot be resolved (a URL, a file outside those trees, a
missing file, a bad ``xpointer``, nesting deeper than MAX_DEPTH, a loop, more bytes than the
size limit) is taken from ``xi:fallback`` when there is one, else reported as XI001 and left out.
Nothing is ever fetched from the network.
"""

from __future__ import annotations

import copy
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teitools import codes, safexml
from teitools.diagnostics import TeiToolsError
from teitools.validation.finding import Finding
from teitools.validation.rules import RULES
from teitools.validation.sandbox import within

XI_NAMESPACES = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
MAX_DEPTH = 40  # nested inclusions, as libxml2's XInclude allows
_SCHEME_NAME = re.compile(r"\s*([A-Za-z_][\w.:-]*)\(")
_SHORTHAND = re.compile(r"[^\s()^/]+")


class _Unresolved(Exception):
    """Why one xi:include could not be resolved (then its fallback applies)."""


@dataclass
class _Expansion:
    """One document's expansion: what it may read, and what it has read and done so far."""

    document: Path
    allowed: tuple[Path, ...]
    budget: int  # bytes that may still be included
    problems: list[Finding] = field(default_factory=list)
    parsed: dict[Path, tuple[etree._ElementTree, int]] = field(default_factory=dict)
    done: set[etree._Element] = field(default_factory=set)
    read: list[Path] = field(default_factory=list)  # every file read or tried, once


def _is(el: etree._Element, local: str) -> bool:
    """Whether ``el`` is the XInclude element ``local`` (include, fallback)."""
    tag = el.tag
    return isinstance(tag, str) and tag.endswith("}" + local) and tag[1:-len(local) - 1] in XI_NAMESPACES


def _includes(root: etree._Element) -> list[etree._Element]:
    """The xi:include elements at or under ``root``, in document order."""
    return list(root.iter(*(f"{{{ns}}}include" for ns in XI_NAMESPACES)))


def expand(tree: etree._ElementTree, document: Path, roots: Sequence[Path] = (),
           max_bytes: int = safexml.MAX_XML_BYTES) -> tuple[list[Finding], list[Path]]:
    """Resolve every xi:include of ``tree`` (the parsed ``document``) in place; the problems
    found, as XI001 errors at the xi:include, and the files it read or tried to read (what the
    result depends on besides the document). Raises TeiToolsError XML005 when the whole nests
    deeper than safexml allows."""
    if not _includes(tree.getroot()):
        return [], []
    allowed = (document.parent, *(r for r in roots if within(document, (r,))))
    state = _Expansion(document, allowed, max_bytes)
    source = document.resolve()
    if any(not el.get("href") for el in _includes(tree.getroot())):
        # what href="" includes is the document as it was, before any inclusion
        state.parsed[source] = (copy.deepcopy(tree), 0)
    _expand_within(tree.getroot(), source, state, [(source, "")])
    safexml.refuse_deep(tree, str(document))
    return state.problems, state.read


def _expand_within(root: etree._Element, source: Path, state: _Expansion,
                   chain: list[tuple[Path, str]]) -> None:
    """Resolve the xi:include elements at or under ``root``, which comes from the file
    ``source``, in document order; ``chain``: the inclusions that led here (loops, depth)."""
    for include in _includes(root):
        if include in state.done or any(_is(a, "fallback") for a in include.iterancestors()):
            continue  # resolved already, or part of a fallback (resolved if the fallback applies)
        state.done.add(include)
        try:
            replacement = _resolve(include, source, state, chain)
        except _Unresolved as why:
            fallback = next((child for child in include if _is(child, "fallback")), None)
            if fallback is None:
                _report(state, include, str(why))
                _replace(include, [])
                continue
            content: list[etree._Element | str] = [fallback.text] if fallback.text else []
            for child in fallback:
                content += [child, child.tail] if child.tail else [child]
            for placed in _replace(include, content):
                _expand_within(placed, source, state, chain)
            continue
        _replace(include, replacement)


def _resolve(include: etree._Element, source: Path, state: _Expansion,
             chain: list[tuple[Path, str]]) -> list[etree._Element | str]:
    """What one xi:include stands for: elements (copies, already expanded) or a text."""
    href = include.get("href", "")
    parse = include.get("parse", "xml")
    pointer = include.get("xpointer")
    if parse not in ("xml", "text"):
        raise _Unresolved(f'parse="{parse}" is neither "xml" nor "text"')
    if "#" in href:
        raise _Unresolved(f'href "{href}" holds a fragment identifier (use xpointer)')
    if parse == "text" and pointer is not None:
        raise _Unresolved('xpointer is not allowed with parse="text"')
    if not href and pointer is None:
        raise _Unresolved("neither href nor xpointer")
    target = _local_file(href, source, state) if href else source
    if len(chain) > MAX_DEPTH:
        raise _Unresolved(f"inclusions nested more than {MAX_DEPTH} deep")
    if parse == "text":
        return [_text(target, include.get("encoding") or "utf-8-sig", state)]
    if (target, pointer or "") in chain:
        raise _Unresolved(f'"{href or pointer}" includes itself (a loop)')
    included = _parsed(target, state)
    selected = _select(included, pointer) if pointer is not None else [included.getroot()]
    if not selected:
        raise _Unresolved(f'xpointer "{pointer}" selects nothing in "{href or source.name}"')
    copies = [copy.deepcopy(el) for el in selected]
    if not href:
        _take(state, sum(len(etree.tostring(el)) for el in copies), target)
    for el in copies:
        if href and el.get(XML_BASE) is None:
            el.set(XML_BASE, href)  # base URI fixup
        for node in el.iter(etree.Element):  # faults in included content are told at the include
            node.sourceline = include.sourceline  # type: ignore[misc]  # lxml allows it
        _expand_within(el, target, state, [*chain, (target, pointer or "")])
    return [*copies]


def _local_file(href: str, source: Path, state: _Expansion) -> Path:
    """The file ``href`` names, relative to ``source``: only a local file inside the allowed
    folder trees."""
    parsed = urllib.parse.urlsplit(href)
    if (parsed.scheme and parsed.scheme != "file") or parsed.netloc:
        raise _Unresolved(f'"{href}" is not a local file: never fetched')
    target = (source.parent / urllib.parse.unquote(parsed.path)).resolve()
    if not within(target, state.allowed):
        raise _Unresolved(f'"{href}" lies outside the document\'s folder tree: not read')
    return target


def _take(state: _Expansion, size: int, target: Path) -> None:
    state.budget -= size
    if state.budget < 0:
        raise _Unresolved(f'including "{target.name}" makes the document larger than the size limit')


def _read(target: Path, state: _Expansion) -> bytes:
    if target not in state.read:
        state.read.append(target)
    try:
        data = safexml.read_limited(target, max(state.budget, 0))
    except TeiToolsError as exc:
        raise _Unresolved(f'"{target.name}": {exc.diagnostic.message}') from None
    _take(state, len(data), target)
    return data


def _text(target: Path, encoding: str, state: _Expansion) -> str:
    try:
        return _read(target, state).decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise _Unresolved(f'"{target.name}" cannot be read as {encoding}: {exc}') from None


def _parsed(target: Path, state: _Expansion) -> etree._ElementTree:
    """An included file, parsed once per expansion; each inclusion of it counts against the
    budget."""
    if target in state.parsed:
        tree, size = state.parsed[target]
        _take(state, size, target)
        return tree
    data = _read(target, state)
    try:
        tree = safexml.parse_bytes(data, str(target))
    except TeiToolsError as exc:
        raise _Unresolved(f'"{target.name}" is not well-formed: {exc.diagnostic.message}') from None
    state.parsed[target] = (tree, len(data))
    return tree


def _select(tree: etree._ElementTree, pointer: str) -> list[etree._Element]:
    """The elements an XPointer selects: a shorthand id, or scheme parts (``element()``,
    ``xmlns()``, ``xpointer()``) of which the first that selects something wins."""
    pointer = pointer.strip()
    root = tree.getroot()
    if _SHORTHAND.fullmatch(pointer):
        return _by_id(root, pointer)
    namespaces: dict[str, str] = {}
    for scheme, body in _scheme_parts(pointer):
        if scheme == "xmlns":
            prefix, _, uri = body.partition("=")
            namespaces[prefix.strip()] = uri.strip()
            continue
        found = _element_scheme(root, body) if scheme == "element" else \
            _xpath_scheme(root, body, namespaces) if scheme in ("xpointer", "xpath1") else []
        if found:
            return found
    return []


def _scheme_parts(pointer: str) -> list[tuple[str, str]]:
    """``name(data)name(data)…``: each scheme name with its data, parentheses balanced and
    ``^`` escapes undone (XPointer Framework §3.3)."""
    parts: list[tuple[str, str]] = []
    position = 0
    while position < len(pointer):
        name = _SCHEME_NAME.match(pointer, position)
        if name is None:
            raise _Unresolved(f'xpointer "{pointer}" is not an XPointer this validator reads')
        depth, data, position = 1, [], name.end()
        while depth and position < len(pointer):
            char = pointer[position]
            if char == "^" and position + 1 < len(pointer):
                data.append(pointer[position + 1])
                position += 2
                continue
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth:
                data.append(char)
            position += 1
        if depth:
            raise _Unresolved(f'xpointer "{pointer}" has unbalanced parentheses')
        parts.append((name.group(1), "".join(data)))
        while position < len(pointer) and pointer[position].isspace():
            position += 1
    return parts


def _by_id(root: etree._Element, ident: str) -> list[etree._Element]:
    return [el for el in root.iter(etree.Element) if el.get(XML_ID) == ident][:1]


def _element_scheme(root: etree._Element, body: str) -> list[etree._Element]:
    """``element(id/2/1)`` or ``element(/1/2)``: an id or the document element, then positions
    among child elements."""
    steps = body.strip().split("/")
    if steps[0]:
        found = _by_id(root, steps[0])
        if not found:
            return []
        node = found[0]
    elif len(steps) > 1 and steps[1] == "1":
        node, steps = root, steps[1:]
    else:
        return []
    for step in steps[1:]:
        children = [child for child in node if isinstance(child.tag, str)]
        if not step.isdigit() or not 0 < int(step) <= len(children):
            return []
        node = children[int(step) - 1]
    return [node]


def _xpath_scheme(root: etree._Element, expression: str, namespaces: dict[str, str]) -> list[etree._Element]:
    """``xpointer(expr)``: the elements an XPath 1 expression selects (XPath 1 reads nothing but
    the document); ``id('x')`` finds the xml:id x."""
    expression = re.sub(r"\bid\(\s*(['\"])([^'\"]*)\1\s*\)", r"//*[@xml:id='\2']", expression)
    try:
        found = root.getroottree().xpath(expression, namespaces=namespaces or None)
    except etree.XPathError as exc:
        raise _Unresolved(f'xpointer "{expression}": {exc}') from None
    return [node for node in found if isinstance(node, etree._Element)] if isinstance(found, list) else []


def _replace(include: etree._Element, replacement: Sequence[etree._Element | str]) -> list[etree._Element]:
    """Put ``replacement`` where ``include`` is (its tail kept); the elements placed."""
    parent = include.getparent()
    if parent is None:
        return []  # the document element itself: left as it is
    tail = include.tail or ""
    previous = include.getprevious()
    index = parent.index(include)
    parent.remove(include)
    placed: list[etree._Element] = []
    for node in replacement:
        if isinstance(node, str):
            _append_text(parent, previous, node)
            continue
        node.tail = None
        parent.insert(index, node)
        index += 1
        previous = node
        placed.append(node)
    _append_text(parent, previous, tail)
    return placed


def _append_text(parent: etree._Element, previous: etree._Element | None, text: str) -> None:
    if previous is None:
        parent.text = (parent.text or "") + text
    else:
        previous.tail = (previous.tail or "") + text


def _report(state: _Expansion, include: etree._Element, why: str) -> None:
    rule = RULES[codes.XI001]
    state.problems.append(Finding(codes.XI001, f"xi:include not resolved: {why}", line=include.sourceline,
                                  severity=rule.severity, hint=rule.hint, stage="xinclude", node=include))
