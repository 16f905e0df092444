"""ISO Schematron with XPath 2/3 rules (query bindings xslt2, xslt3, xpath2, xpath3, xpath31;
also xslt/xpath, the XPath 1 bindings).

TEI's schemas embed their constraints as XPath 2 Schematron, which lxml's isoschematron
(XSLT 1.0) cannot run. This engine translates a schema into an XSLT 3.0 stylesheet written
by the code below and runs it with Saxon-HE (PyPI ``saxonche``). The translation is direct:
a rule becomes a template rule, so its @context has exact XSLT match-pattern semantics
(``tei:p`` matches anywhere, ``tei:rt/@target`` matches attributes) and ``current()`` is the
context node. Each pattern has a mode holding its rules in priority order (see
_StylesheetBuilder._rule), so the first rule of the pattern that matches a node wins; the
nodes a rule of the pattern may match (read from the rules' contexts by _reach: ``tei:p`` the
p elements, ``tei:*[@when]`` the elements with @when, never text for TEI's rules) are handed
to it once each, in document order, one pattern after the other; elements of a name come
from an index of the document's elements by name, so a pattern costs what it finds. Patterns
given the same nodes (every element, say) share one mode and one pass, and so do the patterns
whose rules match only elements with some attribute, whatever their name (``tei:*[@when]``,
``tei:*[@from]``): one pass over the elements with those attributes.
Lets of the schema, the phase and the active patterns become global variables evaluated at
the document root; rule lets are template variables. A rule whose tests raise a dynamic
error (say, a bad cast) reports it as a finding instead of stopping the whole validation."""

from __future__ import annotations

import contextlib
import copy
import functools
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar, cast

import saxonche  # type: ignore[import-not-found]
from lxml import etree

from teitools import codes, safexml
from teitools.diagnostics import Diagnostic, TeiToolsError
from teitools.validation import prescreen, sandbox
from teitools.validation.embedded import SCH_NS, extract_schematron, is_relaxng
from teitools.validation.finding import Finding, role_code, role_severity

XSL_NS = "http://www.w3.org/1999/XSL/Transform"
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_OWN = "urn:x-teitools:schematron"  # our helper functions, variables and modes
_ERR = "http://www.w3.org/2005/xqt-errors"

# XSLT version of the generated templates per query binding. The XPath 1 bindings run in
# XSLT's backwards-compatible mode, which gives XPath 1 comparison and arithmetic rules.
_BINDINGS = {"xslt2": "3.0", "xslt3": "3.0", "xpath2": "3.0", "xpath3": "3.0", "xpath31": "3.0",
             "xslt": "1.0", "xpath": "1.0"}

_XML_SPACE = re.compile(r"[ \t\r\n]+")


def collapse(text: str) -> str:
    """XPath's normalize-space: runs of XML whitespace become one space (NBSP is kept)."""
    return _XML_SPACE.sub(" ", text).strip(" ")


def _sch(name: str) -> str:
    return f"{{{SCH_NS}}}{name}"


def _xsl(name: str) -> str:
    return f"{{{XSL_NS}}}{name}"


@dataclass(frozen=True)
class _Check:
    """What the Python side knows about one assert/report (or, for errors, one rule)."""

    order: int  # the pattern's position among the active patterns
    pattern: str
    context: str
    test: str
    kind: str
    role: str
    role_declared: bool
    assertion_id: str | None


class _Executable(Protocol):
    def transform_to_string(self, *, xdm_node: object) -> str | None: ...


class _Saxon:
    """The one Saxon processor of this process, with document loading locked down."""

    def __init__(self) -> None:
        self._processor = saxonche.PySaxonProcessor(license=False)
        # The sandbox (see teitools.validation.sandbox): no URI of any scheme may be read
        # (doc, unparsed-text, collection, parse-xml's entities, transform), and with
        # extension functions off, environment-variable() and system-property() see nothing
        # and xsl:result-document is refused. Documents reach Saxon as text, never by URI.
        self._processor.set_configuration_property("http://saxon.sf.net/feature/allowedProtocols", "")
        self._processor.set_configuration_property(
            "http://saxon.sf.net/feature/allow-external-functions", "false")
        # Documents are untrusted: never fetch a DTD or an external entity. (They reach Saxon
        # as text without their DTD, their entities expanded by safexml.)
        for feature in ("nonvalidating/load-external-dtd", "external-general-entities",
                        "external-parameter-entities"):
            prefix = ("http://apache.org/xml/features/" if feature.startswith("nonvalidating")
                      else "http://xml.org/sax/features/")
            self._processor.set_configuration_property(
                "http://saxon.sf.net/feature/parserFeature?uri=" + (prefix + feature).replace(":", "%3A"),
                "false")
        self._builder = self._processor.new_document_builder()
        self._xslt = self._processor.new_xslt30_processor()

    def compile(self, stylesheet: str) -> _Executable:
        return cast(_Executable, self._xslt.compile_stylesheet(stylesheet_text=stylesheet))

    def parse_text(self, text: str) -> object:
        return cast(object, self._builder.parse_xml(xml_text=text))


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """Saxon's own output to the process's stderr is thrown away while it runs: its warnings
    quote the schema's and the document's text over several lines, and a schema's
    ``xsl:message`` or ``trace()`` would print there; in CI that is the log, where a line
    such as ``::error file=…`` is a command. What teitools reports, it reports as findings."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@functools.cache
def _saxon() -> _Saxon:
    return _Saxon()


def _saxon_message(exc: Exception) -> str:
    """Saxon's report, first error only, on one line."""
    return collapse(str(exc).split("\nError", 1)[0]) or type(exc).__name__


class CompiledSchematron:
    """A schema translated to XSLT and compiled by Saxon; validates any number of documents."""

    def __init__(self, source: str, stylesheet: str, checks: list[_Check],
                 screen: prescreen.Prescreen | None = None) -> None:
        """``screen``: the prescreen of the schema's rules (see teitools.validation.prescreen),
        which spares Saxon the documents in which no assertion can fire."""
        self.source = source
        self.stylesheet = stylesheet
        self._checks = checks
        self._screen = screen
        try:
            with silenced():
                self._executable = _saxon().compile(stylesheet)
        except saxonche.PySaxonApiError as exc:
            raise TeiToolsError(_compile_error(source, stylesheet, exc)) from None

    def validate(self, doc_path: Path, tree: etree._ElementTree | None = None) -> list[Finding]:
        """Findings in pattern order, then document order. ``tree`` is the document already
        parsed by teitools.safexml (parsed here when not given): it vouches that the file is
        safe to hand to Saxon and gives the line numbers."""
        if tree is None:
            tree = safexml.parse_file(doc_path)
        return self.validate_tree(tree, str(doc_path))

    def validate_tree(self, tree: etree._ElementTree, name: str = "",
                      shapes: prescreen.Shapes | None = None) -> list[Finding]:
        """The same for a document held in memory (say, a conversion before it is written);
        lines are those the tree carries. ``name`` is only for error messages; ``shapes``: the
        tree's element shapes when known (``rng.shapes``), for the prescreen."""
        if self._screen is not None and self._screen.clear(tree, shapes):
            return []
        text = etree.tostring(tree, encoding="unicode")
        return self._run(lambda: _saxon().parse_text(text), tree, name)

    def _run(self, load: Callable[[], object], tree: etree._ElementTree, shown: str) -> list[Finding]:
        try:
            with silenced():
                report = self._executable.transform_to_string(xdm_node=load()) or "<r/>"
        except saxonche.PySaxonApiError as exc:
            raise TeiToolsError(Diagnostic(
                codes.SCT003, f"Schematron could not be run: {_saxon_message(exc)}", path=shown), 1
            ) from None
        root = tree.getroot()
        findings = []
        items = [(self._checks[int(item.get("a", "0"))], item)
                 for item in etree.fromstring(report.encode("utf-8"))]
        items.sort(key=lambda pair: pair[0].order)  # stable: document order within a pattern
        for check, item in items:
            location = item.get("l", "")
            text = item.find("m")
            message = collapse("".join(text.itertext())) if text is not None else ""
            element = element_of(root, location)
            findings.append(Finding(
                role_code(check.role), message, line=element.sourceline if element is not None else None,
                node=element,
                severity=role_severity(check.role), stage="schematron", xpath=location,
                pattern=check.pattern, context=check.context, test=check.test, kind=check.kind,
                role=check.role, role_declared=check.role_declared, assertion_id=check.assertion_id,
                diagnostics=tuple(collapse("".join(d.itertext())) for d in item.iterfind("d"))))
        return findings


_STEP = re.compile(r"/(?:Q\{(?P<uri>[^}]*)\})?(?P<local>[^/\[\]{}()@]+)\[(?P<n>\d+)\]")


def element_of(root: etree._Element, location: str) -> etree._Element | None:
    """The deepest element a finding's location reaches (None for the root node)."""
    element: etree._Element | None = None
    pos = 0
    while step := _STEP.match(location, pos):
        uri = TEI_NS if step["uri"] is None else step["uri"]
        tag = f"{{{uri}}}{step['local']}" if uri else step["local"]
        candidates = [root] if element is None else list(element.iterchildren(tag))
        index = int(step["n"]) - 1
        if (element is None and (root.tag != tag or index != 0)) or index >= len(candidates):
            break
        element = candidates[index]
        pos = step.end()
    return element


# What Saxon calls the places it names in a compile error, in the schema's own terms.
_SCHEMATRON_NAMES = {"xsl:template/@match": "sch:rule/@context", "xsl:if/@test": "@test",
                     "xsl:value-of/@select": "@select", "xsl:variable/@select": "sch:let/@value"}


def _compile_error(source: str, stylesheet: str, exc: Exception) -> Diagnostic:
    """Point at the schema line of the rule or assertion Saxon rejected, when it says which."""
    message = _saxon_message(exc)
    line = None
    where = re.search(r" on line (\d+) ", message)
    if where:
        generated = etree.fromstring(stylesheet.encode("utf-8"))
        wanted = int(where.group(1))
        for element in generated.iter():
            if element.sourceline == wanted and element.get(f"{{{_OWN}}}line"):
                line = int(element.get(f"{{{_OWN}}}line", "0")) or None
                break
        message = re.sub(r" on line \d+ column \d+ of \S*:", ":", message)
    for generated_name, schematron_name in _SCHEMATRON_NAMES.items():
        message = message.replace(generated_name, schematron_name)
    return Diagnostic(codes.SCT002, f"Schematron rule does not compile: {message}", path=source, line=line)


def _schema_error(source: str, message: str, element: etree._Element | None = None) -> TeiToolsError:
    line = element.sourceline if element is not None else None
    return TeiToolsError(Diagnostic(codes.SCT001, message, path=source, line=line))


def load_schema(path: Path, trusted: bool = False) -> etree._Element:
    """The ``sch:schema`` of a Schematron file, or the rules embedded in a RELAX NG schema;
    includes resolved within the file's folder tree (``trusted``: from anywhere)."""
    root = safexml.parse_file(path).getroot()
    if is_relaxng(root):
        schema = extract_schematron(root)
        if schema is None:
            raise _schema_error(str(path), "the RELAX NG schema embeds no Schematron pattern")
        return schema
    if root.tag != _sch("schema"):
        raise _schema_error(str(path), "not an ISO Schematron schema (root is not sch:schema) "
                            "nor a RELAX NG schema with embedded rules", root)
    sandbox.resolve_includes(root, path, trusted)
    return root


@functools.cache
def _compile_cached(path: str, mtime_ns: int, phase: str | None) -> CompiledSchematron:
    return compile_element(load_schema(Path(path)), phase=phase, source=path)


def compile_schema(path: Path, phase: str | None = None) -> CompiledSchematron:
    """Compile a .sch file, or the rules embedded in a .rng, once per process (and again only
    when the file changes). ``phase``: None or "#DEFAULT" for the schema's default phase,
    "#ALL" for every pattern, or a phase id."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0  # parse_file reports the problem
    return _compile_cached(str(path), mtime, phase)


def compile_element(schema: etree._Element, phase: str | None = None, source: str = "") -> CompiledSchematron:
    """Compile an in-memory ``sch:schema`` (includes already resolved). Raises TeiToolsError:
    SCH010 for a rule the sandbox refuses, SCT001/SCT002 for a schema that does not compile."""
    sandbox.audit(schema, source)
    schema = copy.deepcopy(schema)
    _expand_abstract_rules(schema, source)
    _expand_abstract_patterns(schema, source)
    binding = (schema.get("queryBinding") or "xslt").lower()
    if binding not in _BINDINGS:
        raise _schema_error(source, f"query binding {binding!r} is not supported "
                            f"(use one of {', '.join(sorted(_BINDINGS))})", schema)
    patterns, phase_lets = _active_patterns(schema, phase, source)
    builder = _StylesheetBuilder(schema, source, _BINDINGS[binding])
    stylesheet = builder.build(patterns, phase_lets)
    global_lets = [*schema.iterchildren(_sch("let")), *phase_lets,
                   *(let for p in patterns for let in p.iterchildren(_sch("let")))]
    screen = None if global_lets else _prescreen(patterns, builder.root.nsmap)
    return CompiledSchematron(source, stylesheet, builder.checks, screen)


_Tags = tuple[frozenset[str], ...] | None


def _prescreen(patterns: list[etree._Element], nsmap: dict[str | None, str]) -> prescreen.Prescreen | None:
    """The prescreen of these patterns' rules (see teitools.validation.prescreen): each rule
    whose lets and tests XPath 1 gives exactly is judged assertion by assertion on the nodes
    _reach says it may match; any other rule sends to Saxon every document holding a node it
    may match. None when lxml refuses an expression (a prefix bound to no namespace, say)."""
    namespaces = {prefix: uri for prefix, uri in nsmap.items()
                  if prefix is not None and prefix not in ("xsl", "teitools-schematron")}
    known = dict(namespaces)  # the tests' prefixes, and those candidates() adds
    judged: list[tuple[str, bool, prescreen.Translation, prescreen.Needs, _Tags, _Lets]] = []
    present: list[tuple[str, prescreen.Needs, _Tags]] = []
    for pattern in patterns:
        for rule in pattern.iterchildren(_sch("rule")):
            context = rule.get("context") or ""
            reach = _reach(context, nsmap)
            needs = _needs(reach)
            matches = prescreen.translate_pattern(context, namespaces)
            tags = None if matches is None else matches.tags
            select = _screened_nodes(reach, known) if matches is None else matches.text
            if matches is not None and reach.kinds != {"element"}:
                reach = _Reach(frozenset({"attribute"}))  # judged only as present or not
            lets, variables = _rule_lets(rule, namespaces)
            tests = [(a.tag == _sch("assert"), _test(a, namespaces, variables))
                     for a in rule.iterchildren(_sch("assert"), _sch("report"))]
            if select is None or reach.kinds != {"element"} or any(t is None for _, t in tests):
                present.append((f"boolean({select})" if select is not None else "true()", needs, tags))
                continue
            judged += [(select, is_assert, t, needs, tags, _needed(lets, t.variables))
                       for is_assert, t in tests if t is not None]
    try:
        checks = []
        for select, is_assert, test, needs, tags, used in judged:
            condition = f"not({test.text})" if is_assert else f"boolean({test.text})"
            if test.current or used:
                # a report's test whose relaxed form (see prescreen.Translation) holds on no node
                # holds on none: the test node by node is then not needed
                first = etree.XPath(f"boolean(({select})[{test.relaxed}])", namespaces=known) \
                    if test.relaxed is not None and not is_assert else None
                values = tuple((name, etree.XPath(value, namespaces=known)) for name, value in used)
                checks.append(prescreen.Check(etree.XPath(condition, namespaces=known),
                                              etree.XPath(select, namespaces=known), needs, tags, first,
                                              values))
            else:
                checks.append(prescreen.Check(etree.XPath(f"boolean(({select})[{condition}])",
                                                          namespaces=known), needs=needs, tags=tags))
        return prescreen.Prescreen(checks, [prescreen.Check(etree.XPath(p, namespaces=known), needs=needs,
                                                            tags=tags) for p, needs, tags in present])
    except etree.XPathError:
        return None


_Lets = tuple[tuple[str, str], ...]  # a rule's lets a test uses: XPath 1 name and value, in order


def _rule_lets(rule: etree._Element, namespaces: dict[str, str]
               ) -> tuple[list[tuple[str, str]], dict[str, tuple[str, str]]]:
    """A rule's lets whose values the prescreen's subset gives (``prescreen.translate``, each
    with the lets before it): their XPath 1 names (``_let0``, ...) and values in order, and
    the variables a test may use (each let's name: its XPath 1 name and type). A let outside
    the subset is not among them, nor any let after it that uses it."""
    lets: list[tuple[str, str]] = []
    variables: dict[str, tuple[str, str]] = {}
    for let in rule.iterchildren(_sch("let")):
        value = let.get("value")
        translated = prescreen.translate(value, namespaces, variables) if value is not None else None
        if translated is None:
            variables.pop(let.get("name", ""), None)
            continue
        name = f"_let{len(lets)}"
        lets.append((name, translated.text))
        variables[let.get("name", "")] = (name, translated.kind)
    return lets, variables


def _needed(lets: list[tuple[str, str]], used: frozenset[str]) -> _Lets:
    """The lets a test using the variables ``used`` needs: up to the last of those (a let's
    value may use those before it)."""
    last = max((k for k, (name, _) in enumerate(lets) if name in used), default=-1)
    return tuple(lets[:last + 1])


def _test(assertion: etree._Element, namespaces: dict[str, str], variables: dict[str, tuple[str, str]]
          ) -> prescreen.Translation | None:
    """An assertion's test in the prescreen's subset; for a report outside it, the conjunction
    of its conjuncts that are in it (``prescreen.conjuncts``: the report can fire only where
    they all hold), when there is one. None otherwise."""
    test = assertion.get("test") or ""
    whole = prescreen.translate(test, namespaces, variables)
    if whole is not None or assertion.tag != _sch("report"):
        return whole
    parts = [t for t in (prescreen.translate(c, namespaces, variables) for c in prescreen.conjuncts(test))
             if t is not None]
    if not parts:
        return None
    return prescreen.Translation(" and ".join(f"boolean({p.text})" for p in parts), prescreen.BOOL,
                                 any(p.current for p in parts), None,
                                 frozenset().union(*(p.variables for p in parts)))


def _lxml_name(name: str) -> str | None:
    """``Q{uri}local`` as lxml writes a tag or attribute name (``{uri}local``, ``local`` in no
    namespace); None for a wildcard."""
    match = re.fullmatch(r"Q\{([^{}]*)\}([^{}*\s]+)", name)
    if match is None:
        return None
    return f"{{{match.group(1)}}}{match.group(2)}" if match.group(1) else match.group(2)


def _needs(reach: _Reach) -> prescreen.Needs:
    """The elements a document must hold for a rule with this reach to match anything (see
    prescreen.Needs), read from the sets _reach gives; None when any element may do."""
    if not reach.kinds <= {"element", "attribute"}:
        return None
    needs: list[tuple[str | None, tuple[str, ...]]] = []
    if "element" in reach.kinds:
        if reach.elements is None:
            return None
        for elements in reach.elements:
            step = elements.step.removeprefix("descendant::")
            having = tuple(_lxml_name(a) for a in elements.having)
            if any(a is None for a in having):
                return None
            needs.append((None if step == "*" else _lxml_name(step),
                          tuple(a for a in having if a is not None)))
    if "attribute" in reach.kinds:
        if reach.attributes is None or reach.owners is None:
            return None
        for owner in reach.owners:
            for name in reach.attributes:
                tag, attribute = _lxml_name(owner.step.removeprefix("descendant::")), _lxml_name(name)
                if attribute is None or owner.having:
                    return None
                needs.append((tag, (attribute,)))
    return tuple(sorted(needs, key=str))


def _screened_nodes(reach: _Reach, namespaces: dict[str, str]) -> str | None:
    """An XPath 1 expression for a superset of the nodes of ``reach`` when they are elements
    or attributes of known names on known elements; else None."""
    if not reach.kinds <= {"element", "attribute"}:
        return None
    parts = []
    if "element" in reach.kinds:
        sets = [("descendant::*", ())] if reach.elements is None \
            else [(e.step, e.having) for e in reach.elements]
        elements = prescreen.candidates(sets, namespaces)
        if elements is None:
            return None
        parts.append(elements)
    if "attribute" in reach.kinds:
        if reach.attributes is None or reach.owners is None:
            return None
        for owner in reach.owners:
            select = prescreen.candidates([(owner.step, owner.having)], namespaces)
            for name in reach.attributes:
                attribute = prescreen.candidates([(f"descendant::{name}", ())], namespaces)
                if select is None or attribute is None:
                    return None
                parts.append(f"{select}/@{attribute.removeprefix('/descendant::')}")
    return " | ".join(parts) if parts else None


def _expand_abstract_rules(schema: etree._Element, source: str) -> None:
    """An ``sch:extends rule="id"`` stands for the lets and assertions of the abstract rule
    with that id (itself expanded); abstract rules themselves never fire."""
    abstract = {r.get("id"): r for r in schema.iter(_sch("rule")) if r.get("abstract") == "true"}

    def content(rule: etree._Element, seen: frozenset[str | None]) -> list[etree._Element]:
        expanded = []
        for child in rule.iterchildren(tag=etree.Element):
            if child.tag != _sch("extends"):
                clone = copy.deepcopy(child)
                clone.tail = None
                expanded.append(clone)
                continue
            if child.get("href"):
                raise _schema_error(source, "sch:extends with @href is not supported", child)
            name = child.get("rule")
            base = abstract.get(name)
            if base is None:
                raise _schema_error(source, f"sch:extends names no abstract rule {name!r}", child)
            if name in seen:
                raise _schema_error(source, f"sch:extends chain through {name!r} is circular", child)
            expanded.extend(content(base, seen | {name}))
        return expanded

    for rule in list(schema.iter(_sch("rule"))):
        if rule.get("abstract") != "true" and rule.find(_sch("extends")) is not None:
            children = content(rule, frozenset())
            for child in list(rule):
                rule.remove(child)
            rule.extend(children)
    for rule in abstract.values():
        parent = rule.getparent()
        if parent is not None:
            parent.remove(rule)


_PARAM_ATTRIBUTES = ("context", "test", "select", "value", "path", "subject")


def _expand_abstract_patterns(schema: etree._Element, source: str) -> None:
    """A pattern with ``is-a`` is a copy of that abstract pattern in which every
    ``$name`` of its ``sch:param`` children is replaced, textually, in the queries."""
    patterns = list(schema.iter(_sch("pattern")))
    abstract = {p.get("id"): p for p in patterns if p.get("abstract") == "true"}
    for instance in patterns:
        name = instance.get("is-a")
        if name is None:
            continue
        base = abstract.get(name)
        if base is None:
            raise _schema_error(source, f"no abstract pattern has the id {name!r} (is-a)", instance)
        params = {p.get("name", ""): p.get("value", "") for p in instance.iter(_sch("param"))}
        clone = copy.deepcopy(base)
        del clone.attrib["abstract"]
        for attribute, value in instance.attrib.items():
            if attribute != "is-a":
                clone.set(attribute, value)
        if instance.get("id") is None:
            clone.attrib.pop("id", None)
        for element in clone.iter():
            for attribute in _PARAM_ATTRIBUTES:
                query = element.get(attribute) if isinstance(element.tag, str) else None
                if query is not None:
                    element.set(attribute, _substitute(query, params))
        clone.tail = instance.tail
        parent = instance.getparent()
        if parent is not None:
            parent.replace(instance, clone)
    for pattern in abstract.values():
        parent = pattern.getparent()
        if parent is not None:
            parent.remove(pattern)


def _substitute(query: str, params: dict[str, str]) -> str:
    if not params:
        return query
    names = "|".join(re.escape(n) for n in sorted(params, key=len, reverse=True))
    return re.sub(rf"\$({names})(?![\w.\-])", lambda match: params[match.group(1)], query)


def _active_patterns(schema: etree._Element, phase: str | None,
                     source: str) -> tuple[list[etree._Element], list[etree._Element]]:
    """The patterns and groups (with at least one rule) and the lets of the phase to run."""
    chosen = phase or "#DEFAULT"
    if chosen == "#DEFAULT":
        chosen = schema.get("defaultPhase") or "#ALL"
    patterns = [p for p in schema.iterchildren(_sch("pattern"), _sch("group"))
                if p.find(_sch("rule")) is not None]
    if chosen == "#ALL":
        return patterns, []
    for element in schema.iterchildren(_sch("phase")):
        if element.get("id") == chosen:
            active = {a.get("pattern") for a in element.iterchildren(_sch("active"))}
            return ([p for p in patterns if p.get("id") in active],
                    list(element.iterchildren(_sch("let"))))
    raise _schema_error(source, f"the schema has no phase {chosen!r}")


_T = TypeVar("_T")
_CHILD_KINDS = ("element", "text", "comment", "processing-instruction")  # node() in a pattern
_NODE_KINDS = frozenset({"document", "attribute", *_CHILD_KINDS})
_KIND_TESTS = {"text": "text()", "comment": "comment()", "processing-instruction": "processing-instruction()"}


@dataclass(frozen=True)
class _Elements:
    """Elements selected from the document node by ``step`` (``descendant::Q{uri}p``,
    ``descendant::*``, ``*``: the root element) that have the attributes ``having``."""

    step: str
    having: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.step + "".join(f"[@{name}]" for name in self.having)


@dataclass(frozen=True)
class _Reach:
    """The nodes rule contexts can match: their kinds (those of _NODE_KINDS); the elements as
    sets of elements that hold them all (None: any element); the attributes' names as
    ``Q{uri}local`` (None: any attribute), and the sets of elements that hold their owners
    (None: any element)."""

    kinds: frozenset[str] = frozenset()
    elements: frozenset[_Elements] | None = frozenset()
    attributes: frozenset[str] | None = frozenset()
    owners: frozenset[_Elements] | None = frozenset()

    def __or__(self, other: _Reach) -> _Reach:
        def union(mine: frozenset[_T] | None, theirs: frozenset[_T] | None) -> frozenset[_T] | None:
            return None if mine is None or theirs is None else mine | theirs

        return _Reach(self.kinds | other.kinds, union(self.elements, other.elements),
                      union(self.attributes, other.attributes), union(self.owners, other.owners))


_EVERY_NODE = _Reach(_NODE_KINDS, None, None, None)
_ELEMENTS = _Reach(frozenset({"element"}), None)
_ANY_ATTRIBUTE = _Reach(frozenset({"attribute"}), attributes=None, owners=None)
_KIND_TEST_REACH = {  # a kind test in the last step of a pattern (child axis, or none given)
    "element": _ELEMENTS, "schema-element": _ELEMENTS,
    "attribute": _ANY_ATTRIBUTE, "schema-attribute": _ANY_ATTRIBUTE,  # their default axis
    "text": _Reach(frozenset({"text"})), "comment": _Reach(frozenset({"comment"})),
    "processing-instruction": _Reach(frozenset({"processing-instruction"})),
    "node": _Reach(frozenset(_CHILD_KINDS), None), "document-node": _Reach(frozenset({"document"})),
}
_NCNAME = r"[^\W\d][\w.\-]*"
_XPATH_TOKEN = re.compile(rf"""\s+
    | (?P<string>"(?:[^"]|"")*"|'(?:[^']|'')*')
    | (?P<name>Q\{{[^{{}}]*\}}(?:{_NCNAME}|\*)|{_NCNAME}(?::(?:{_NCNAME}|\*))?|\*(?::{_NCNAME})?)
    | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<symbol>//|::|\.\.|!=|<=|>=|<<|>>|\|\||=>|:=|[/|()\[\]{{}}@,$.+\-=<>!?\#:;%^~&*])""", re.VERBOSE)
_CLOSE = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True)
class _Group:
    """A bracketed part of an XPath expression: its opening bracket and what it holds."""

    opening: str
    items: list[_Item]


_Item = tuple[str, str] | _Group  # a token (kind, text), or a group


def _items(query: str) -> list[_Item] | None:
    """The tokens of an XPath expression with its (), [] and {} groups nested; None for what
    this reading does not take apart (a comment, an unknown character, unbalanced brackets)."""
    stack: list[_Group] = [_Group("", [])]
    pos = 0
    while pos < len(query):
        token = _XPATH_TOKEN.match(query, pos)
        if token is None or query.startswith("(:", pos):
            return None
        pos = token.end()
        kind = token.lastgroup
        if kind is None:  # whitespace
            continue
        text = token.group()
        if kind == "symbol" and text in _CLOSE:
            stack.append(_Group(text, []))
        elif kind == "symbol" and text in _CLOSE.values():
            group = stack.pop()
            if not stack or _CLOSE[group.opening] != text:
                return None
            stack[-1].items.append(group)
        else:
            stack[-1].items.append((kind, text))
    return stack[0].items if len(stack) == 1 else None


def _reach(context: str, namespaces: dict[str | None, str]) -> _Reach:
    """Which nodes a rule context can match, read from the last step of each path of its match
    pattern (XSLT 3.0 §5.5: a name test or ``element()`` on the child axis matches elements,
    ``@name`` or ``attribute::`` attributes, ``text()``, ``comment()``,
    ``processing-instruction()`` their kind, ``node()`` any of these four, ``/`` and
    ``document-node()`` the document node). An element name test narrows the elements to those
    of that name (after a leading ``/``, to the document node's children: the root element),
    and a predicate of that step that needs an attribute (``[@name]``, ``[@name and …]``,
    ``[starts-with(@name, '#')]``: see _required_attributes) to those with that attribute.
    Anything else (``.``, another axis, a pattern starting with a function call or a variable
    and ending there, ``intersect``, ``except``, a comment) reaches every node. ``namespaces``:
    the prefixes in scope of the match pattern."""
    items = _items(context)
    return _EVERY_NODE if items is None else _union_reach(items, namespaces)


def _is(item: _Item, kind: str, text: str | None = None) -> bool:
    """Whether ``item`` is a token of that kind (and text)."""
    return isinstance(item, tuple) and item[0] == kind and (text is None or item[1] == text)


def _group(item: _Item, opening: str) -> list[_Item] | None:
    """What a group opened by ``opening`` holds (None: ``item`` is no such group)."""
    return item.items if isinstance(item, _Group) and item.opening == opening else None


def _union_reach(items: list[_Item], namespaces: dict[str | None, str]) -> _Reach:
    reach = _Reach()
    path: list[_Item] = []
    after_step = False  # a name here is an operator (union, intersect, except)
    for item in [*items, ("symbol", "|")]:
        if _is(item, "symbol", "|") or (after_step and _is(item, "name", "union")):
            reach |= _path_reach(path, namespaces)
            path, after_step = [], False
            continue
        if after_step and _is(item, "name"):
            return _EVERY_NODE  # intersect, except, or what Saxon will refuse
        path.append(item)
        after_step = _is(item, "name") or isinstance(item, _Group)
    return reach


def _path_reach(path: list[_Item], namespaces: dict[str | None, str]) -> _Reach:
    if len(path) == 1 and _is(path[0], "symbol", "/"):
        return _Reach(frozenset({"document"}))
    step: list[_Item] = []
    before: list[_Item] | None = None  # the step before the last when a single / parts them
    steps = 0
    for item in path:
        if _is(item, "symbol", "/") or _is(item, "symbol", "//"):
            before = step if _is(item, "symbol", "/") else None
            step, steps = [], steps + 1
        else:
            step.append(item)
    # "/name": the document node's children; anything else: any descendant
    axis_from_root = "" if steps == 1 and _is(path[0], "symbol", "/") else "descendant::"
    predicates: list[list[_Item]] = []
    while step and (predicate := _group(step[-1], "[")) is not None:
        predicates.append(predicate)
        step.pop()
    inner = _group(step[0], "(") if len(step) == 1 else None
    if inner is not None:
        return _union_reach(inner, namespaces)  # (a | b)[…]
    axis = "child"
    if step and _is(step[0], "symbol", "@"):
        axis, step = "attribute", step[1:]
    elif len(step) > 2 and isinstance(step[0], tuple) and step[0][0] == "name" \
            and _is(step[1], "symbol", "::"):
        axis, step = step[0][1], step[2:]
    first = step[0] if step and isinstance(step[0], tuple) and _is(step[0], "name") else None
    if first is not None and len(step) == 1:
        if axis == "child":
            name = _name(first[1], namespaces)
            having = tuple(_required_attributes(predicates, namespaces))
            if name is None or "*" in name:  # Saxon tests a name faster than a namespace
                if not having and axis_from_root:
                    return _ELEMENTS
                name = "*"
            return _Reach(frozenset({"element"}), frozenset({_Elements(axis_from_root + name, having)}))
        if axis == "attribute":
            name = _name(first[1], namespaces)
            owner = _owner(before, namespaces)
            return _Reach(frozenset({"attribute"}), attributes=None if name is None or "*" in name
                          else frozenset({name}), owners=None if owner is None else frozenset({owner}))
    elif first is not None and len(step) == 2 and _group(step[1], "(") is not None:
        test = first[1]
        if axis == "child":
            return _KIND_TEST_REACH.get(test, _EVERY_NODE)
        if axis == "attribute" and test in ("node", "attribute", "schema-attribute"):
            return _ANY_ATTRIBUTE
    return _EVERY_NODE


def _owner(step: list[_Item] | None, namespaces: dict[str | None, str]) -> _Elements | None:
    """The elements an attribute step after ``step`` and a single ``/`` belongs to, when
    ``step`` is an element name test (``tei:rt`` in ``tei:rt/@target``), with or without
    predicates; else None."""
    while step and _group(step[-1], "[") is not None:
        step = step[:-1]
    if not step or len(step) != 1 or not _is(step[0], "name"):
        return None
    name = _name(cast(tuple[str, str], step[0])[1], namespaces)
    return None if name is None or "*" in name else _Elements(f"descendant::{name}")


def _name(test: str, namespaces: dict[str | None, str]) -> str | None:
    """A name test as an EQName (``Q{uri}local``, ``Q{uri}*``, ``*:local`` or ``*``), or None
    for a prefix not in ``namespaces``. An unprefixed name is in no namespace (no
    xpath-default-namespace is set)."""
    if test.startswith(("Q{", "*")):
        return test
    prefix, _, local = test.rpartition(":")
    uri = "" if not prefix else XML_NS if prefix == "xml" else namespaces.get(prefix)
    return None if uri is None or "{" in uri or "}" in uri else f"Q{{{uri}}}{local}"


_FALSE_ON_EMPTY = ("starts-with", "ends-with", "contains")  # with a non-empty second argument


def _required_attributes(predicates: list[list[_Item]], namespaces: dict[str | None, str]) -> list[str]:
    """The attributes a node must have for these predicates to hold: a predicate, or the first
    operand of its ``and`` (with no ``or`` and no comma of its own), that is ``@name``, or
    ``starts-with(@name, 'x')`` (``ends-with``, ``contains``) with a non-empty string: false
    when the attribute is absent."""
    required = []
    for predicate in reversed(predicates):  # in the order written
        if any(_is(item, "name", "or") or _is(item, "symbol", ",") for item in predicate):
            continue
        operand, rest = predicate[:2], predicate[2:]
        arguments = _group(predicate[1], "(") if len(predicate) > 1 else None
        if arguments is not None and any(_is(predicate[0], "name", f) for f in _FALSE_ON_EMPTY) \
                and len(arguments) == 4 and _is(arguments[2], "symbol", ",") \
                and _is(arguments[3], "string") and len(cast(tuple[str, str], arguments[3])[1]) > 2:
            operand = arguments[:2]
        if len(operand) < 2 or not _is(operand[0], "symbol", "@") or not _is(operand[1], "name"):
            continue
        if rest and not _is(rest[0], "name", "and"):
            continue
        name = _name(cast(tuple[str, str], operand[1])[1], namespaces)
        if name is not None and "*" not in name:
            required.append(name)
    return required


def _key_attributes(reach: _Reach) -> frozenset[str]:
    """For rules that match only elements with an attribute of some name in any namespace
    (``tei:*[@when]``), the names (one per set of elements); else nothing."""
    if reach.kinds != {"element"} or not reach.elements \
            or any(e.step != "descendant::*" or not e.having for e in reach.elements):
        return frozenset()
    return frozenset(e.having[0] for e in reach.elements)


_NAMES = f"Q{{{_OWN}}}names"  # an xsl:key: the document's elements by name
_NAMED = re.compile(r"descendant::Q\{([^{}]*)\}([^*]+)")


def _elements_select(sets: Iterable[_Elements]) -> str:
    """An XPath expression giving, from the document node, the union of ``sets`` in document
    order. Elements of a name come from the index of the document's elements by name (_NAMES,
    built once): a pattern costs what it finds, not a walk over the document."""
    parts = []
    by_name: dict[tuple[str, ...], list[str]] = {}
    for elements in sorted(sets, key=str):
        name = _NAMED.fullmatch(elements.step)
        if name is None:
            parts.append(str(elements))
        else:
            uri = name.group(1).replace("'", "''")
            by_name.setdefault(elements.having, []).append(f"QName('{uri}', '{name.group(2)}')")
    for having, qnames in by_name.items():
        parts.append(f"key('{_NAMES}', ({', '.join(qnames)}))" + "".join(f"[@{a}]" for a in having))
    return " | ".join(parts)


def _select(reach: _Reach) -> str:
    """An XPath expression giving, from the document node, every node of ``reach`` (and perhaps
    others) in document order (an element, then its attributes, then its content)."""
    kinds = reach.kinds
    names = sorted(reach.attributes) if reach.attributes is not None else ["*"]
    attributes = "@" + names[0] if len(names) == 1 else "(" + " | ".join(f"@{n}" for n in names) + ")"
    every_element = "element" in kinds and reach.elements is None
    if kinds == _NODE_KINDS and every_element:
        return f"for $node in descendant-or-self::node() return ($node, $node/{attributes})"
    if kinds == {"element", "attribute"} and every_element:
        return f"for $node in descendant::* return ($node, $node/{attributes})"
    parts = ["."] if "document" in kinds else []
    if every_element:
        parts.append("descendant::*")
    elif "element" in kinds:
        parts.append(_elements_select(reach.elements or ()))
    parts += [f"descendant::{test}" for kind, test in _KIND_TESTS.items() if kind in kinds]
    if "attribute" in kinds:
        owners = [_elements_select([e]) for e in sorted(reach.owners, key=str)] \
            if reach.owners is not None else ["descendant::*"]
        parts += [f"{owner}/{attributes}" for owner in owners]
    return " | ".join(parts) or "()"


class _StylesheetBuilder:
    """Writes the XSLT 3.0 stylesheet for one schema and records each assertion's metadata."""

    def __init__(self, schema: etree._Element, source: str, xslt_version: str) -> None:
        self.schema = schema
        self.source = source
        self.xslt_version = xslt_version
        self.checks: list[_Check] = []
        self.diagnostics = {d.get("id"): d for d in schema.iter(_sch("diagnostic"))}
        nsmap: dict[str | None, str] = {"xsl": XSL_NS, "teitools-schematron": _OWN}
        for ns in schema.iterchildren(_sch("ns")):
            prefix, uri = ns.get("prefix"), ns.get("uri")
            if not prefix or uri is None:
                raise _schema_error(source, "sch:ns needs @prefix and @uri", ns)
            if prefix not in ("xsl", "xml", "teitools-schematron"):
                nsmap[prefix] = uri
        self.root = etree.Element(_xsl("stylesheet"), nsmap=nsmap)
        self.root.set("version", "3.0")
        self.root.set("exclude-result-prefixes", "#all")

    def _el(self, parent: etree._Element, instruction: str, origin: etree._Element | None = None,
            **attributes: str) -> etree._Element:
        element = etree.SubElement(parent, _xsl(instruction))
        for key, value in attributes.items():
            element.set(key.rstrip("_").replace("_", "-"), value)
        if origin is not None and origin.sourceline:
            element.set(f"{{{_OWN}}}line", str(origin.sourceline))
        return element

    def build(self, patterns: list[etree._Element], phase_lets: list[etree._Element]) -> str:
        for foreign in self.schema.iterchildren(_xsl("key"), _xsl("function")):
            self.root.append(copy.deepcopy(foreign))
        global_lets = [*self.schema.iterchildren(_sch("let")), *phase_lets,
                       *(let for p in patterns for let in p.iterchildren(_sch("let")))]
        seen: set[str] = set()
        for let in global_lets:
            if let.get("name", "") in seen:
                raise _schema_error(self.source, f"variable ${let.get('name')} is defined twice", let)
            seen.add(let.get("name", ""))
            self._let(self.root, let)
        self._el(self.root, "key", name=_NAMES, match="*", use="node-name(.)")
        main = etree.SubElement(self._el(self.root, "template", match="/"), "r")
        passes: dict[str, list[int]] = {}  # the nodes given to patterns checked together
        keyed: list[int] = []
        keys: set[str] = set()
        for number, pattern in enumerate(patterns):
            reach = _Reach()
            for rule in pattern.iterchildren(_sch("rule")):
                reach |= _reach(rule.get("context") or "", self.root.nsmap)
            key = _key_attributes(reach)
            if key:
                keyed.append(number)
                keys |= key
            else:  # patterns given the same nodes share a pass (those given every element, say)
                passes.setdefault(_select(reach), []).append(number)
        if keyed:
            # Patterns such as tei:*[@when] share one pass over the elements with those attributes.
            select = "(" + " | ".join(f"descendant::*/@{k}" for k in sorted(keys)) + ")/.."
            passes.setdefault(select, []).extend(keyed)
        for index, (select, numbers) in enumerate(passes.items()):
            mode = f"Q{{{_OWN}}}pass{index}"
            self._el(self.root, "mode", name=mode, on_no_match="deep-skip")
            # deep-skip's built-in rule for a document node applies templates to its children
            # (XSLT 3.0 §6.7.2): this rule, below every rule of the pass, ends its visit.
            self._el(self.root, "template", match="document-node()", mode=mode, priority="0")
            # The nodes a rule of these patterns may match, in document order (an element, its
            # attributes, its content); a node no rule can match would match no template.
            self._el(main, "apply-templates", select=select, mode=mode)
            rules = [(number, rule) for number in numbers
                     for rule in patterns[number].iterchildren(_sch("rule"))]
            for rank, (number, rule) in enumerate(rules):
                self._rule(number, patterns[number], rule, mode, priority=len(rules) - rank,
                           alone=len(numbers) == 1)
        self._location_functions()
        return etree.tostring(self.root, encoding="unicode", pretty_print=True)

    def _let(self, parent: etree._Element, let: etree._Element) -> None:
        variable = self._el(parent, "variable", let, name=let.get("name", ""))
        if let.get("as"):
            variable.set("as", let.get("as", ""))
        if parent is self.root and self.xslt_version != "3.0":
            variable.set("version", self.xslt_version)
        if let.get("value") is not None:
            variable.set("select", let.get("value", ""))
        else:
            variable.extend(copy.deepcopy(c) for c in let)

    def _rule(self, number: int, pattern: etree._Element, rule: etree._Element, mode: str,
              priority: int, alone: bool) -> None:
        """One template per rule, in the mode of its pass, priorities falling in schema order:
        a node visits the rules it matches in that order. Of the rules of a pattern, the first
        that matches a node checks it and the others do not see it: a pass of several patterns
        (not ``alone``) hands the node on with xsl:next-match, the numbers of the patterns that
        checked it travelling along in ``done``. The rules of an ``sch:group`` do not hide one
        another: each checks every node it matches."""
        context = rule.get("context")
        if not context:
            raise _schema_error(self.source, "sch:rule needs a @context", rule)
        template = self._el(self.root, "template", rule, match=context, mode=mode, priority=str(priority))
        if self.xslt_version != "3.0":
            template.set("version", self.xslt_version)
        done = f"Q{{{_OWN}}}done"
        body, done_after = template, f"${done}"
        if not alone:
            self._el(template, "param", name=done, select="()")
            if pattern.tag != _sch("group"):
                choose = self._el(template, "choose")
                self._el(self._el(self._el(choose, "when", test=f"${done} = {number}"), "next-match"),
                         "with-param", name=done, select=f"${done}")
                body, done_after = self._el(choose, "otherwise"), f"(${done}, {number})"
        attempt = self._el(body, "try")
        for let in rule.iterchildren(_sch("let")):
            self._let(attempt, let)
        pattern_id = pattern.get("id", "")
        for assertion in rule.iterchildren(_sch("assert"), _sch("report")):
            self._assertion(attempt, number, pattern_id, rule, assertion)
        # A dynamic error anywhere in the rule becomes one finding about the rule.
        catch = self._el(attempt, "catch")
        failure = etree.SubElement(catch, "f")
        failure.set("a", str(len(self.checks)))
        self._el(failure, "attribute", name="l", select=f"Q{{{_OWN}}}location(.)")
        message = etree.SubElement(failure, "m")
        self._el(message, "value-of", select=f"'this rule could not be evaluated here: ', "
                 f"$Q{{{_ERR}}}code, $Q{{{_ERR}}}description")
        self.checks.append(_Check(number, pattern_id, context, "", "dynamic-error", "error", False,
                                  rule.get("id")))
        if not alone:
            self._el(self._el(body, "next-match"), "with-param", name=done, select=done_after)
        elif pattern.tag == _sch("group"):
            self._el(template, "next-match")

    def _assertion(self, parent: etree._Element, number: int, pattern_id: str, rule: etree._Element,
                   assertion: etree._Element) -> None:
        test = assertion.get("test")
        if test is None:
            raise _schema_error(self.source, "sch:assert and sch:report need a @test", assertion)
        is_assert = assertion.tag == _sch("assert")
        condition = self._el(parent, "if", assertion, test=f"not(({test}))" if is_assert else test)
        found = etree.SubElement(condition, "f")
        found.set("a", str(len(self.checks)))
        subject = assertion.get("subject") or rule.get("subject")
        node = f"(({subject}), .)[1]" if subject else "."
        self._el(found, "attribute", name="l", select=f"Q{{{_OWN}}}location({node})")
        self._message(etree.SubElement(found, "m"), assertion)
        for ident in (assertion.get("diagnostics") or "").split():
            diagnostic = self.diagnostics.get(ident)
            if diagnostic is None:
                raise _schema_error(self.source, f"no sch:diagnostic has the id {ident!r}", assertion)
            self._message(etree.SubElement(found, "d"), diagnostic)
        role = assertion.get("role") or rule.get("role")
        self.checks.append(_Check(
            order=number, pattern=pattern_id, context=rule.get("context", ""), test=collapse(test),
            kind="failed-assert" if is_assert else "successful-report",
            role=role or "error", role_declared=role is not None, assertion_id=assertion.get("id")))

    def _message(self, target: etree._Element, source: etree._Element) -> None:
        """Text as written (whitespace kept, collapsed later), value-of and name filled in,
        the text of any other markup (emph, dir, span, foreign elements)."""
        if source.text:
            self._el(target, "text").text = source.text
        for child in source:
            if child.tag == _sch("value-of"):
                self._el(target, "value-of", child, select=child.get("select", "''"))
            elif child.tag == _sch("name"):
                self._el(target, "value-of", child, select=f"name({child.get('path') or '.'})")
            elif isinstance(child.tag, str):
                self._message(target, child)
            if child.tail:
                self._el(target, "text").text = child.tail

    def _location_functions(self) -> None:
        """``location(node)``: the path written in findings (see Finding)."""
        function = self._el(self.root, "function", name=f"Q{{{_OWN}}}location")
        self._el(function, "param", name="node")
        self._el(function, "sequence", select=(
            "if ($node instance of document-node()) then '/' else string-join("
            "for $n in $node/ancestor-or-self::node()[not(. instance of document-node())] "
            f"return '/' || Q{{{_OWN}}}step($n))"))
        step = self._el(self.root, "function", name=f"Q{{{_OWN}}}step")
        self._el(step, "param", name="n")
        same = "[node-name(.) eq node-name($n)]"
        self._el(step, "sequence", select=(
            "if ($n instance of element()) then "
            f"(if (namespace-uri($n) eq '{TEI_NS}') then local-name($n) "
            "else 'Q{' || namespace-uri($n) || '}' || local-name($n)) "
            f"|| '[' || count($n/preceding-sibling::*{same}) + 1 || ']' "
            "else if ($n instance of attribute()) then '@' || "
            "(if (namespace-uri($n) eq '') then local-name($n) "
            f"else if (namespace-uri($n) eq '{XML_NS}') then 'xml:' || local-name($n) "
            "else 'Q{' || namespace-uri($n) || '}' || local-name($n)) "
            "else if ($n instance of text()) then "
            "'text()[' || count($n/preceding-sibling::text()) + 1 || ']' "
            "else if ($n instance of comment()) then "
            "'comment()[' || count($n/preceding-sibling::comment()) + 1 || ']' "
            "else if ($n instance of processing-instruction()) then "
            "'processing-instruction(' || name($n) || ')[' || "
            f"count($n/preceding-sibling::processing-instruction(){same}) + 1 || ']' "
            "else ''"))
