"""Reading a RELAX NG schema (XML syntax) as the specification's simplification reads it
(RELAX NG, ISO/IEC 19757-2, section 4; the same text as OASIS RELAX NG 2001, section 4).

Whatever its shape, a schema becomes one standalone ``grammar``: annotations, comments and
whitespace-only text dropped (4.1, 4.2); ``datatypeLibrary`` set on every ``data`` and
``value`` (4.3, 4.4); ``externalRef`` replaced by the pattern it references and ``include``
by the included grammar less the components it overrides (4.5, 4.6); the ``name`` attribute
of ``element`` and ``attribute`` made a ``name`` element, with ``ns`` inherited as the
specification says (an attribute's ``name`` attribute is in no namespace unless the
attribute carries ``ns`` itself; a ``name`` element inherits it) and every prefix resolved
(4.7-4.9); ``div`` flattened (4.10); a schema whose root is a pattern made the start of a
grammar, nested grammars lifted with their definitions renamed and ``parentRef`` made a
``ref`` (4.18). What remains is RELAX NG that libxml2 compiles, with every name explicit.

It also makes the checks jing makes and libxml2 omits: a ``datatypeLibrary`` must be an
absolute URI without a fragment (section 3), an ``href`` must have no fragment, an
attribute whose name class is infinite (``anyName``, ``nsName``) must be repeated
(section 7.3), and a ``data`` or ``value`` of type ``ID``, ``IDREF`` or ``IDREFS`` must be
the content of an attribute (RELAX NG DTD Compatibility, section 3, which jing applies). A
schema that fails one is refused as jing refuses it.

Files are read as the user's schema is: relative to the including file (``xml:base``
honoured), local files only (a URL is refused: validation never downloads), 40 deep, loops
refused.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teitools import codes
from teitools.diagnostics import Diagnostic, TeiToolsError
from teitools.validation import store

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
QVALUE = "{urn:x-teitools:rng}qname"  # a QName value's expanded name, resolved where it was written
MAX_DEPTH = 40


def rng(local: str) -> str:
    return f"{{{RNG_NS}}}{local}"


GRAMMAR, START, DEFINE, REF, PARENT_REF, DIV, INCLUDE, EXTERNAL_REF = (rng(n) for n in (
    "grammar", "start", "define", "ref", "parentRef", "div", "include", "externalRef"))
ELEMENT, ATTRIBUTE, NAME, NS_NAME, ANY_NAME, VALUE, DATA, PARAM, CHOICE, INTERLEAVE = (rng(n) for n in (
    "element", "attribute", "name", "nsName", "anyName", "value", "data", "param", "choice", "interleave"))
ONE_OR_MORE, ZERO_OR_MORE, EXCEPT = rng("oneOrMore"), rng("zeroOrMore"), rng("except")
_KEEP_TEXT = {VALUE, PARAM, NAME}
_STRIPPED = ("name", "type", "combine")


@dataclass
class Loaded:
    """A schema read and simplified: the standalone grammar, and the files it was read from (their
    bytes, and their paths in the same order)."""

    grammar: etree._Element
    files: list[bytes] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)

    @property
    def digest(self) -> str:
        """SHA-256 of the schema: of its one file, or of the files' own SHA-256 in reading order."""
        if len(self.files) == 1:
            return hashlib.sha256(self.files[0]).hexdigest()
        return hashlib.sha256(b"".join(hashlib.sha256(f).digest() for f in self.files)).hexdigest()


def refused(path: Path | str, message: str, node: etree._Element | None = None) -> TeiToolsError:
    """An incorrect schema (SCH003), as jing refuses it."""
    line = node.sourceline if node is not None else None
    return TeiToolsError(Diagnostic(codes.SCH003, f"the RELAX NG schema is incorrect: {message}",
                                    path=str(path), line=line))


_PARSER = etree.XMLParser(no_network=True, resolve_entities=False)


def read(path: Path) -> etree._ElementTree:
    """A schema file parsed (no network, no external entity); SCH001 when it cannot be."""
    try:
        return etree.parse(str(path), _PARSER)
    except (OSError, etree.XMLSyntaxError) as exc:
        raise TeiToolsError(Diagnostic(codes.SCH001, f"cannot read the schema: {exc}",
                                       path=str(path))) from None


def load(path: Path) -> Loaded:
    """The schema at ``path`` as one simplified grammar. Raises TeiToolsError: SCH001 (cannot
    be read), SCH002 (not RELAX NG), SCH003 (incorrect)."""
    try:
        data = path.read_bytes()
        root = etree.fromstring(data, _PARSER, base_url=str(path))
    except (OSError, etree.XMLSyntaxError) as exc:
        raise TeiToolsError(Diagnostic(codes.SCH001, f"cannot read the schema: {exc}",
                                       path=str(path))) from None
    if not isinstance(root.tag, str) or not root.tag.startswith(f"{{{RNG_NS}}}"):
        raise TeiToolsError(Diagnostic(codes.SCH002, "not a RELAX NG schema in XML syntax", path=str(path),
                                       hint="give the .rng file (compact syntax .rnc is not read)"))
    digest = hashlib.sha256(data).hexdigest()
    cached = _cached(digest)
    if cached is not None:
        return Loaded(cached, [data], [path])
    started = time.perf_counter()
    loader = _Loader(path)
    pattern = loader.document(path, "", parsed=(data, root))
    grammar = _Flattener(path).flatten(pattern)
    _check_repeated_attributes(grammar, path)
    _check_id_types(grammar, path)
    if len(loader.files) == 1 and time.perf_counter() - started > CACHE_FROM:
        _keep(digest, grammar)
    return Loaded(grammar, loader.files, loader.paths)


FORMAT = 1  # of the simplified grammars cached; raised whenever simplification changes
CACHE_FROM = 0.02  # seconds: a one-file schema slower than this to simplify is cached


def _cache_file(digest: str) -> Path:
    return store.cache_dir("rng") / f"{digest}-simplified-{FORMAT}.rng"


def _cached(digest: str) -> etree._Element | None:
    """The simplified grammar of a one-file schema with this SHA-256, as simplified before."""
    try:
        return etree.parse(str(_cache_file(digest)), _PARSER).getroot()
    except (OSError, etree.XMLSyntaxError):
        return None


def _keep(digest: str, grammar: etree._Element) -> None:
    """Cache a simplified grammar (atomically: a reader never sees part of one); a cache, so
    failing to write it costs only time."""
    target = _cache_file(digest)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        temporary.write_bytes(etree.tostring(grammar))
        os.replace(temporary, target)
    except OSError:
        pass


class _Loader:
    def __init__(self, main: Path) -> None:
        self.main = main
        self.files: list[bytes] = []
        self.paths: list[Path] = []
        self.stack: list[Path] = []

    def document(self, path: Path, ns: str, parsed: tuple[bytes, etree._Element] | None = None,
                 via: etree._Element | None = None) -> etree._Element:
        """A file's pattern, normalised, with ``ns`` in scope where it is referenced."""
        key = path.resolve()
        if key in self.stack:
            raise refused(self.main, f"{path.name} includes or references itself", via)
        if len(self.stack) >= MAX_DEPTH:
            raise refused(self.main, f"includes and external references nested over {MAX_DEPTH} deep", via)
        if parsed is not None:
            data, root = parsed
        else:
            try:
                data = path.read_bytes()
                root = etree.fromstring(data, _PARSER, base_url=str(path))
            except OSError as exc:
                raise refused(self.main, f"cannot read {path}: {exc.strerror}", via) from None
            except etree.XMLSyntaxError as exc:
                raise refused(self.main, f"{path.name} is not well-formed: {exc}", via) from None
        self.files.append(data)
        self.paths.append(path)
        if not isinstance(root.tag, str) or not root.tag.startswith(f"{{{RNG_NS}}}"):
            raise refused(self.main, f"{path.name} is not a RELAX NG schema", via)
        self.stack.append(key)
        try:
            _strip_annotations(root)
            own_ns = root.get("ns")
            if root.tag == EXTERNAL_REF:
                return self._external(root, ns if own_ns is None else own_ns, path)
            if root.tag == INCLUDE:
                raise refused(self.main, f"{path.name} is an include, not a pattern", via)
            self._normalise(root, ns, "", path)
            return root
        finally:
            self.stack.pop()

    def _children(self, el: etree._Element, ns: str, library: str, path: Path) -> None:
        for child in list(el):
            if child.tag == EXTERNAL_REF:
                el.replace(child, self._external(child, child.get("ns", ns), path))
            elif child.tag == INCLUDE:
                el.replace(child, self._include(child, child.get("ns", ns), library, path))
            else:
                self._normalise(child, ns, library, path)

    def _normalise(self, el: etree._Element, ns: str, library: str, path: Path) -> None:
        own_ns = el.get("ns")
        if own_ns is not None:
            ns = own_ns
        own_library = el.get("datatypeLibrary")
        if own_library is not None:
            _check_library(own_library, el, self.main)
            library = own_library
        for attribute in _STRIPPED:
            value = el.get(attribute)
            if value is not None:
                el.set(attribute, value.strip())
        tag = el.tag
        if tag in (ELEMENT, ATTRIBUTE):
            name = el.get("name")
            if name is not None:
                del el.attrib["name"]
                target = ns if tag == ELEMENT else (own_ns or "")
                uri, local = _qname(el, name, target, self.main)
                name_class = etree.Element(NAME, ns=uri)
                name_class.text = local
                name_class.tail = el.text
                el.text = None
                el.insert(0, name_class)
        elif tag == NAME:
            uri, local = _qname(el, (el.text or "").strip(), ns, self.main)
            el.set("ns", uri)
            el.text = local
        elif tag == NS_NAME:
            el.set("ns", ns)
        elif tag == VALUE:
            el.set("ns", ns)
            if el.get("type") is None:
                el.set("type", "token")
                el.set("datatypeLibrary", "")
            else:
                el.set("datatypeLibrary", library)
                if library == XSD_LIBRARY and el.get("type") in ("QName", "NOTATION"):
                    # its context: the schema's prefixes where it is written, ns as the default
                    uri, local = _qname(el, (el.text or "").strip(), ns, self.main)
                    el.set(QVALUE, f"{{{uri}}}{local}")
        elif tag == DATA:
            el.set("datatypeLibrary", library)
        if tag not in (NAME, NS_NAME, VALUE) and own_ns is not None:
            del el.attrib["ns"]
        if tag not in (DATA, VALUE) and own_library is not None:
            del el.attrib["datatypeLibrary"]
        if tag not in _KEEP_TEXT and el.text is not None and not el.text.strip():
            el.text = None
        self._children(el, ns, library, path)
        for child in el:
            if child.tail is not None and not child.tail.strip():
                child.tail = None

    def _href(self, el: etree._Element, path: Path) -> Path:
        href = (el.get("href") or "").strip()
        if "#" in href:
            raise refused(self.main, f'href "{href}" has a fragment identifier', el)
        target = local_file(href_url(el, path))
        if target is None:
            raise refused(self.main, f'href "{href}" is not a local file (validation never downloads)', el)
        return target

    def _external(self, el: etree._Element, ns: str, path: Path) -> etree._Element:
        """4.5: the pattern an externalRef references, in place of it."""
        pattern = self.document(self._href(el, path), ns, via=el)
        pattern.tail = el.tail
        return pattern

    def _include(self, el: etree._Element, ns: str, library: str, path: Path) -> etree._Element:
        """4.6: the included grammar, less what the include overrides, and the include's own
        components, in a div."""
        included = self.document(self._href(el, path), ns, via=el)
        if included.tag != GRAMMAR:
            raise refused(self.main, f'include "{el.get("href")}" is not a grammar', el)
        own_library = el.get("datatypeLibrary")
        if own_library is not None:
            _check_library(own_library, el, self.main)
        self._children(el, ns, library if own_library is None else own_library, path)
        overrides = _components(el)
        starts = [c for c in overrides if c.tag == START]
        names = {c.get("name") for c in overrides if c.tag == DEFINE}
        theirs = _components(included)
        if starts and not any(c.tag == START for c in theirs):
            raise refused(self.main, f'include "{el.get("href")}" overrides start, which the grammar it '
                          "includes lacks", el)
        for name in sorted(n for n in names if n is not None):
            if not any(c.tag == DEFINE and c.get("name") == name for c in theirs):
                raise refused(self.main, f'include "{el.get("href")}" overrides "{name}", which the grammar '
                              "it includes does not define", el)
        for component in theirs:
            overridden = bool(starts) if component.tag == START else component.get("name") in names
            if overridden:
                parent = component.getparent()
                assert parent is not None
                parent.remove(component)
        div = etree.Element(DIV)
        div.extend(list(included))
        div.extend(list(el))
        div.tail = el.tail
        return div


def href_url(el: etree._Element, path: Path) -> str:
    """The URL an include's or externalRef's ``href`` names: relative to the element's base URI
    (its ``xml:base``, else the file ``path`` it is in)."""
    base = el.base or str(path)
    if "://" not in base:
        folder = "/" if base.endswith("/") else ""
        base = Path(os.path.abspath(base)).as_uri() + folder
    return urllib.parse.urljoin(base, (el.get("href") or "").strip())


def local_file(url: str) -> Path | None:
    """The local file a ``file:`` URL names; None for any other URL."""
    parsed = urllib.parse.urlparse(url)
    return Path(urllib.parse.unquote(parsed.path)) if parsed.scheme == "file" else None


XSD_LIBRARY = "http://www.w3.org/2001/XMLSchema-datatypes"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*\Z")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _check_library(value: str, el: etree._Element, main: Path) -> None:
    """A datatypeLibrary is empty or an absolute URI without a fragment (section 3), as
    jing checks it (a URI reference java.net.URI accepts once disallowed characters are
    escaped)."""
    if value == "":
        return
    scheme, colon, rest = value.partition(":")
    if not colon or any(c in scheme for c in "/?#"):
        raise refused(main, f'datatypeLibrary "{value}" is not an absolute URI', el)
    if "#" in value:
        raise refused(main, f'datatypeLibrary "{value}" has a fragment identifier', el)
    if not _SCHEME.match(scheme) or not rest or _BAD_ESCAPE.search(value):
        raise refused(main, f'datatypeLibrary "{value}" is not a valid URI', el)


def _qname(el: etree._Element, name: str, default_ns: str, main: Path) -> tuple[str, str]:
    """(namespace URI, local name) of a name as written in the schema (4.9)."""
    if ":" not in name:
        return default_ns, name
    prefix, local = name.split(":", 1)
    if prefix == "xml":
        return XML_NS, local
    uri = el.nsmap.get(prefix)
    if uri is None:
        raise refused(main, f'name "{name}" uses the undeclared prefix "{prefix}"', el)
    return uri, local


def _strip_annotations(root: etree._Element) -> None:
    """4.1: elements in other namespaces, qualified attributes, comments and processing
    instructions go (a removed node's tail stays as text)."""
    for node in list(root.iter()):
        if node is root:
            continue
        foreign = not isinstance(node.tag, str) or not node.tag.startswith(f"{{{RNG_NS}}}")
        if foreign:
            _remove(node)
    for el in root.iter(etree.Element):
        for key in [k for k in el.attrib if k.startswith("{") and not k.startswith(f"{{{XML_NS}}}base")]:
            del el.attrib[key]


def _remove(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    previous = node.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def _components(container: etree._Element) -> list[etree._Element]:
    """The start and define components of a grammar or include, looking inside divs."""
    found: list[etree._Element] = []
    for child in container:
        if child.tag == DIV:
            found += _components(child)
        elif child.tag in (START, DEFINE):
            found.append(child)
    return found


class _Flattener:
    """4.10 and 4.18: one grammar, divs flattened, nested grammars lifted."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.out = etree.Element(GRAMMAR, nsmap={None: RNG_NS})
        self.taken: set[str] = set()
        self.count = 0

    def flatten(self, pattern: etree._Element) -> etree._Element:
        if pattern.tag != GRAMMAR:
            grammar = etree.Element(GRAMMAR)
            start = etree.SubElement(grammar, START)
            start.append(pattern)
            pattern = grammar
        for start in self._grammar(pattern, None, top=True):
            self.out.append(start)
        self.out[:] = sorted(self.out, key=lambda el: el.tag != START)
        return self.out

    def _grammar(self, grammar: etree._Element, parent: dict[str, str] | None,
                 top: bool) -> list[etree._Element]:
        """Lift ``grammar``'s definitions into the output, renamed; return its starts."""
        components = _components(grammar)
        names: dict[str, str] = {}
        for component in components:
            name = component.get("name")
            if component.tag == DEFINE and not name:
                raise refused(self.path, "a define has no name", component)
            if component.tag == DEFINE and name is not None and name not in names:
                unique = name
                if not top or name in self.taken:
                    self.count += 1
                    unique = f"{name}.g{self.count}"
                    while unique in self.taken:
                        self.count += 1
                        unique = f"{name}.g{self.count}"
                names[name] = unique
                self.taken.add(unique)
        starts: list[etree._Element] = []
        for component in components:
            component.tail = None
            self._patterns(component, names, parent)
            if component.tag == START:
                starts.append(component)
            else:
                component.set("name", names[component.get("name", "")])
                self.out.append(component)
        if not starts and top:
            raise refused(self.path, "the grammar has no start")
        return starts

    def _patterns(self, el: etree._Element, names: dict[str, str], parent: dict[str, str] | None) -> None:
        for child in list(el):
            if child.tag == GRAMMAR:
                starts = self._grammar(child, names, top=False)
                if not starts:
                    raise refused(self.path, "a nested grammar has no start", child)
                el.replace(child, _combined(starts))
                continue
            if child.tag in (REF, PARENT_REF):
                scope = names if child.tag == REF else parent
                name = child.get("name", "").strip()
                if scope is None:
                    raise refused(self.path, f'parentRef "{name}" outside a nested grammar', child)
                if name not in scope:
                    raise refused(self.path, f'reference to "{name}", which is not defined', child)
                child.tag = REF
                child.set("name", scope[name])
            self._patterns(child, names, parent)


def _combined(starts: list[etree._Element]) -> etree._Element:
    """The pattern of a nested grammar's start components, combined (4.17)."""
    patterns = [p for start in starts for p in start]
    if len(patterns) == 1:
        return patterns[0]
    how = next((s.get("combine") for s in starts if s.get("combine")), "choice")
    combined = etree.Element(INTERLEAVE if how == "interleave" else CHOICE)
    combined.extend(patterns)
    return combined


def _check_repeated_attributes(grammar: etree._Element, path: Path) -> None:
    """7.3: an attribute whose name class holds anyName or nsName must have a oneOrMore (or
    zeroOrMore) ancestor, within its element (references to definitions followed)."""
    defines: dict[str, list[etree._Element]] = {}
    for define in grammar.iterchildren(DEFINE):
        defines.setdefault(define.get("name", ""), []).append(define)
    seen: set[tuple[str, bool]] = set()

    def visit(el: etree._Element, repeated: bool) -> None:
        for child in el:
            tag = child.tag
            if tag == ELEMENT:
                visit(child, False)
            elif tag == ATTRIBUTE:
                if not repeated and len(child) and any(n.tag in (ANY_NAME, NS_NAME) for n in child[0].iter()):
                    raise refused(path, "an attribute with an infinite name class (anyName, nsName) must be "
                                  "inside oneOrMore or zeroOrMore", child)
            elif tag == REF:
                key = (child.get("name", ""), repeated)
                if key not in seen:
                    seen.add(key)
                    for define in defines.get(key[0], []):
                        visit(define, repeated)
            else:
                visit(child, repeated or tag in (ONE_OR_MORE, ZERO_OR_MORE))

    for start in grammar.iterchildren(START):
        visit(start, False)


_ID_TYPES = ("ID", "IDREF", "IDREFS")


def _check_id_types(grammar: etree._Element, path: Path) -> None:
    """RELAX NG DTD Compatibility (section 3), as jing applies it: a ``data`` or ``value``
    pattern of an ID type must be the child of an ``attribute`` pattern."""
    for el in grammar.iter(DATA, VALUE):
        parent = el.getparent()
        if (el.get("datatypeLibrary") == XSD_LIBRARY and el.get("type") in _ID_TYPES
                and (parent is None or parent.tag != ATTRIBUTE)):
            raise refused(path, f'a "{etree.QName(el).localname}" pattern of type {el.get("type")} must be '
                          'the child of an "attribute" pattern (DTD compatibility)', el)


# ---------------------------------------------------------------- editing a simplified grammar
# (the reductions of ``rng`` and the rewriting of ``rngfast``)

NOT_ALLOWED, EMPTY = rng("notAllowed"), rng("empty")
_MAYBE = {rng("optional"), ZERO_OR_MORE}


def defines(grammar: etree._Element) -> dict[str, list[etree._Element]]:
    """The grammar's ``define`` elements by name (a name combined from several has several)."""
    found: dict[str, list[etree._Element]] = {}
    for define in grammar.iterchildren(DEFINE):
        found.setdefault(define.get("name", ""), []).append(define)
    return found


def replace(el: etree._Element, tag: str) -> etree._Element:
    """Put a new empty element ``tag`` where ``el`` stands (its tail kept); the new element."""
    new = etree.Element(tag)
    new.tail = el.tail
    parent = el.getparent()
    assert parent is not None
    parent.replace(el, new)
    return new


def propagate_not_allowed(todo: list[etree._Element], void_with: set[str]) -> None:
    """Carry the ``notAllowed`` elements ``todo`` up as RELAX NG simplification does (section
    4.20): ``optional`` and ``zeroOrMore`` with one are ``empty``; a parent whose tag is in
    ``void_with`` (``group``, ``attribute``, …: the caller's list) is ``notAllowed``; a
    ``choice`` loses the branch and is notAllowed when none is left. ``todo`` is consumed."""
    while todo:
        na = todo.pop()
        parent = na.getparent()
        if parent is None or parent.getparent() is None:  # detached by an earlier step
            continue
        if parent.tag in _MAYBE:
            replace(parent, EMPTY)
        elif parent.tag in void_with:
            todo.append(replace(parent, NOT_ALLOWED))
        elif parent.tag == CHOICE:
            if all(branch.tag == NOT_ALLOWED for branch in parent):
                todo.append(replace(parent, NOT_ALLOWED))
            else:
                parent.remove(na)


def drop_unreachable(grammar: etree._Element) -> None:
    """Remove the definitions no reference from a ``start`` reaches, directly or not."""
    found = defines(grammar)
    seen: set[str] = set()
    todo = list(grammar.iterchildren(START))
    while todo:
        for ref in todo.pop().iter(REF):
            name = ref.get("name", "")
            if name not in seen:
                seen.add(name)
                todo.extend(found.get(name, []))
    for name, group in found.items():
        if name not in seen:
            for define in group:
                grammar.remove(define)
