"""RELAX NG through lxml (libxml2): libxml2's verdict, jing's schema rules, fast and precise.

A schema is read as the RELAX NG specification simplifies it (``rngload``: includes,
external references, divs, nested grammars and inherited namespaces resolved, any root
pattern), and checked once as jing checks it: libxml2 compiles the whole schema as written
(an incorrect schema is refused, SCH003, before any document), and ``rngload`` adds the
checks libxml2 omits. The verdict on a document is libxml2's boolean against the whole schema
(with the datatypes libxml2 judges differently from jing rewritten, see ``datatypes``).

libxml2 needs seconds to compile some schemas whole (tei_all: 6-9 s, where tei_lite takes
20 ms), and validates slowly against a grammar full of optional attributes. For a document,
every ``element`` or ``attribute`` pattern whose name it never uses can match nothing in it,
so replacing it by ``notAllowed`` keeps the verdict exactly (RELAX NG semantics, not a
heuristic); the same holds for any superset of its names, so one reduction can serve a whole
batch. ``optional``/``zeroOrMore`` around a lone ``notAllowed`` become ``empty`` and
unreachable definitions are dropped; what remains compiles in milliseconds. Reduced schemas
are cached by vocabulary (the set of element and attribute names). They explain an invalid
document (see ``validate``), and they give the verdict only for a schema known to compile
whole and known to be slow to compile (a pinned release such as the bundled tei_all, or one
this machine compiled before, see ``Grammar.check``); tests prove that the reduced verdict
equals the whole schema's on RELAX NG's test suite and on the conformance corpus.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from lxml import etree

from teitools import codes
from teitools.diagnostics import Diagnostic, Severity, TeiToolsError
from teitools.validation import blame, datatypes, diskcache, rngfast, rngload, store, values
from teitools.validation.finding import Finding

RNG_NS = rngload.RNG_NS
XML_NS = rngload.XML_NS
_QNAME = "{urn:x-teitools:rng}q"  # each named pattern's expanded name, kept on the reduced copy

Vocabulary = frozenset[str]
Shapes = frozenset[tuple[str, ...]]  # (tag, attribute names...) of elements, see ``shapes``
Reading = datatypes.Reading | None
Pairs = rngfast.Pairs  # (element, child) and (element, @attribute) names of a document, see ``pairs``

MAX_FAULTS = 20  # deepest faults localized per document
MAX_SHOWN = 1000  # RELAX NG errors shown per document (all of a real file; one of another schema has more)
MAX_WALKED = 1000  # faults in content gathered per document
SLOW_COMPILE = 0.5  # seconds: a schema libxml2 compiles whole slower than this is remembered as slow


def _rng(local: str) -> str:
    return f"{{{RNG_NS}}}{local}"


_ELEMENT, _ATTRIBUTE, _REF, _DEFINE, _START = (_rng(n) for n in ("element", "attribute", "ref", "define",
                                                                   "start"))
_NOT_ALLOWED, _CHOICE, _NAME = _rng("notAllowed"), _rng("choice"), _rng("name")
_MAYBE = {_rng("optional"), _rng("zeroOrMore")}
_SEQUENCES = {_rng(n) for n in ("group", "interleave", "oneOrMore", "mixed")}
_VOID_WITH = {*_SEQUENCES, _rng("list"), _rng("attribute")}  # notAllowed when a part is


def vocabulary(tree: etree._ElementTree) -> Vocabulary:
    """Every element name and ``@``attribute name the document uses, as ``{ns}local``."""
    return names_of(shapes(tree))


def shapes(tree: etree._ElementTree) -> Shapes:
    """The shape of every element of the document, once each: its tag followed by the names of
    its attributes, as lxml gives them (``tag``, ``keys()``). What the schema's exact checks
    (``certainly_invalid``) judge, and what the vocabulary is made of (``names_of``)."""
    found: set[tuple[str, ...]] = set()
    add = found.add
    for el in tree.getroot().iter(etree.Element):
        add((el.tag, *el.keys()))  # type: ignore[arg-type]
    return frozenset(found)


def pairs(tree: etree._ElementTree) -> Pairs:
    """Every (element name, child element name) of the document and every (element name,
    ``@``attribute name), as ``{ns}local``: what ``rngfast.by_pairs`` may prune a grammar to."""
    return shapes_and_pairs(tree)[1]


def shapes_and_pairs(tree: etree._ElementTree) -> tuple[Shapes, Pairs]:
    """``shapes`` and ``pairs`` of the document, in one pass."""
    found, linked, _ = scan(tree)
    assert linked is not None
    return found, linked


def scan(tree: etree._ElementTree, with_pairs: bool = True, keep: frozenset[str] = frozenset(),
         keep_tags: frozenset[str] = frozenset()) -> tuple[Shapes, Pairs | None, list[etree._Element]]:
    """In one pass over the document's elements: their ``shapes``, their ``pairs`` (None unless
    ``with_pairs``), and the elements that carry an attribute named in ``keep`` (as lxml names
    it: ``{ns}local``, or ``local`` in no namespace) or have a tag of ``keep_tags``, in
    document order (integrity visits only those, see ``integrity.INDEXED``)."""
    found: set[tuple[str, ...]] = set()
    add = found.add
    linked: set[tuple[str, str]] = set()
    link = linked.add
    kept: list[etree._Element] = []
    mark = kept.append
    apart = keep.isdisjoint
    for el in tree.getroot().iter(etree.Element):
        tag = el.tag
        names = el.keys()
        add((tag, *names))  # type: ignore[arg-type]
        if (names and not apart(names)) or tag in keep_tags:
            mark(el)
        if with_pairs:
            parent = el.getparent()
            if parent is not None:
                link((parent.tag, tag))  # type: ignore[arg-type]
    if not with_pairs:
        return frozenset(found), None, kept
    with_attributes = {(_braced(a), _braced(b)) for a, b in linked}
    with_attributes.update((_braced(shape[0]), "@" + _braced(name)) for shape in found for name in shape[1:])
    return frozenset(found), frozenset(with_attributes), kept


def _braced(tag: str) -> str:
    return tag if tag[0] == "{" else "{}" + tag


def names_of(found: Shapes) -> Vocabulary:
    """The vocabulary of a document whose elements have these ``shapes``."""
    tags = {shape[0] for shape in found}
    attributes = {a for shape in found for a in shape[1:]}
    return frozenset([*(t if t[0] == "{" else "{}" + t for t in tags),
                      *("@" + (a if a[0] == "{" else "{}" + a) for a in attributes)])


def _pattern_name(el: etree._Element) -> str | None:
    """``{ns}local`` for an element pattern, ``@{ns}local`` for an attribute pattern, None when it
    uses a name class (anyName, nsName, a choice) that we leave alone. The schema is simplified
    (``rngload``): the name class is the first child, its namespace explicit."""
    if not len(el) or el[0].tag != _NAME:
        return None
    qname = f"{{{el[0].get('ns', '')}}}{(el[0].text or '').strip()}"
    return "@" + qname if el.tag == _ATTRIBUTE else qname


def _slow_record(digest: str) -> Path:
    """Where this machine remembers that a schema compiles whole, slowly (keyed by the schema's
    SHA-256 and libxml2's version)."""
    version = ".".join(str(n) for n in etree.LIBXML_VERSION)
    return store.cache_dir("compiled") / f"{digest}-libxml2-{version}.json"


def _known_slow(digest: str) -> bool:
    """Whether the schema is known to compile whole and to take libxml2 long to: a pinned
    release marked so (the tests compile each whole), or one this machine compiled before."""
    if any(r.slow_to_compile and r.sha256 == digest for r in store.RELEASES.values()):
        return True
    return _slow_record(digest).is_file()


def _remember_slow(digest: str, seconds: float) -> None:
    record = _slow_record(digest)
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps({"compiles": True, "seconds": round(seconds, 2)}) + "\n")
    except OSError:
        pass  # a cache: without it the next run compiles the schema whole again


class Grammar:
    """A RELAX NG schema, read and simplified once, checked whole once, reducible to a
    document's vocabulary."""

    def __init__(self, path: Path) -> None:
        self.path = path
        loaded = rngload.load(path)
        self.digest = loaded.digest
        self.files = tuple(loaded.paths)  # every file the schema was read from
        self.root = loaded.grammar
        self.qname_values = any(el.get(rngload.QVALUE) is not None for el in self.root.iter(rngload.VALUE))
        self.typed = datatypes.typed(self.root)  # the names datatypes rewritten for jing may judge
        self._checked = False
        self._libxml2: etree.RelaxNG | None = None  # the whole schema as libxml2 reads the file
        self._whole: dict[Reading, etree.RelaxNG] = {}
        self._cache: dict[tuple[Vocabulary, Reading], etree.RelaxNG | None] = {}
        self._attributes: dict[str, frozenset[str] | None] = {}
        self._attribute_patterns: dict[str, tuple[etree._Element, ...]] = {}  # by element name
        self._define_attribute_patterns: dict[str, tuple[etree._Element, ...]] = {}  # by definition name
        self._subtree_cache: dict[tuple[Vocabulary, Reading], etree.RelaxNG | None] = {}
        self._fast: dict[tuple[Vocabulary, Reading], etree.RelaxNG | None] = {}
        self.reduction_logged = False  # the last verdict (``accepts``) left the reduction's error log
        self._subtree_fast: dict[tuple[Vocabulary, Reading, Pairs | None], etree.RelaxNG | None] = {}
        self._declared: dict[str, bool] = {}
        self._required: dict[str, frozenset[str]] = {}
        self.defines: dict[str, list[etree._Element]] = {}
        self.starts: list[etree._Element] = []
        self.root_names: frozenset[str] | None = None
        self.element_names: frozenset[str] = frozenset()
        self.patterns: dict[str, list[etree._Element]] = {}  # element patterns by expanded name
        self.name_classes: list[etree._Element] = []
        self.alone: frozenset[str] = frozenset()  # element names each defined by a define of its own
        self._element_defines: list[tuple[str, str]] = []  # those definitions: (name, element name)
        self.starts_alone = False  # the start is a choice of such definitions (see ``_starts_alone``)
        self._patterns: blame.Patterns | None = None
        self._define_names: dict[str, frozenset[str]] = {}  # names of each definition's own patterns
        # each definition pruned, by its name and the names of its patterns kept (``_pruned_define``)
        self._pruned: dict[tuple[str, frozenset[str]], tuple[list[etree._Element], list[str]]] = {}
        self._content: dict[str, int | None] = {}
        self._prepare()
        # attribute values judged one by one (``_refused_values``)
        self.values = values.AttributeValues(self.attribute_patterns, self.defines, _QNAME)

    def _prepare(self) -> None:
        """Note each named pattern's expanded name, the definitions and the starts."""
        for el in self.root.iter(_ELEMENT, _ATTRIBUTE):
            qname = _pattern_name(el)
            if qname is not None:
                el.set(_QNAME, qname)
        for define in self.root.iterchildren(_DEFINE):
            self.defines.setdefault(define.get("name", ""), []).append(define)
        self.starts = list(self.root.iterchildren(_START))
        self.root_names = self._root_names()
        for el in self.root.iter(_ELEMENT):
            self.patterns.setdefault(el.get(_QNAME, ""), []).append(el)
        self.element_names = frozenset(self.patterns)
        self.name_classes = [el[0] for el in self.root.iter(_ELEMENT) if el.get(_QNAME) is None and len(el)]
        self._element_defines = [(name, str(group[0][0].get(_QNAME))) for name, group in self.defines.items()
                                 if len(group) == 1 and len(group[0]) == 1 and group[0][0].tag == _ELEMENT
                                 and group[0][0].get(_QNAME) is not None]
        self.alone = frozenset(qname for _, qname in self._element_defines)
        self.starts_alone = self._starts_alone()

    def _starts_alone(self) -> bool:
        """Whether the start is a choice of references to definitions each of one element alone,
        of a name no other element pattern has (TEI's: ``TEI`` or ``teiCorpus``). Then a document
        matches the start exactly when its element's name is one of those and the element matches
        that name's own definition, which the subtree schema (``subtree_fast``) judges."""
        alone = dict(self._element_defines)
        stack = [child for start in self.starts for child in start]
        names: list[str] = []
        while stack:
            node = stack.pop()
            if node.tag == _CHOICE:
                stack.extend(node)
            elif node.tag == _REF and node.get("name", "") in alone:
                names.append(alone[node.get("name", "")])
            else:
                return False
        return bool(names) and all(len(self.patterns.get(name, [])) == 1 for name in names)

    def content(self, qname: str) -> tuple[blame.Patterns, int] | None:
        """The content model (attributes and children) of elements of this name, for locating
        faults the way jing does (``blame``); None when a name class matches such elements."""
        if self._patterns is None:
            self._patterns = blame.Patterns(self.defines)
        if qname not in self._content:
            found: int | None = None
            if qname in self.element_names and not any(blame.matches(nc, qname) for nc in self.name_classes):
                found = blame.NOT_ALLOWED  # the unit of choice
                for el in self.patterns[qname]:
                    found = self._patterns.choice(found, self._patterns.sequence(list(el)[1:]))
            self._content[qname] = found
        found = self._content[qname]
        return None if found is None else (self._patterns, found)

    def check(self) -> None:
        """Compile the whole schema with libxml2, once per process, as jing would read it first:
        an incorrect schema raises TeiToolsError (SCH003) before any document is judged. A
        schema known to compile whole and slowly (``_known_slow``) is not compiled again: its
        verdicts come from reductions, which keep them exactly."""
        if self._checked:
            return
        if not _known_slow(self.digest):
            start = time.perf_counter()
            self._libxml2 = _compile(self.path)
            seconds = time.perf_counter() - start
            if seconds >= SLOW_COMPILE:
                _remember_slow(self.digest, seconds)
        self._checked = True

    def accepts(self, tree: etree._ElementTree, vocab: Vocabulary, reading: Reading = None,
                fast: bool = False, within: Pairs | None = None) -> bool:
        """libxml2's verdict on the document: against the whole schema when it was compiled
        whole in this process, else against the schema reduced to ``vocab`` (a superset of
        the document's names). ``fast``: against the reduction's rewriting, which gives the same
        verdict quicker (``subtree_verdict`` when the start allows it, else ``Grammar.fast``;
        compiled once per vocabulary: worth it for a batch's); ``reduction_logged`` then says
        False (the reduction's error log is not this document's). ``within``: a superset of the
        document's ``pairs``, to which the subtree schema is pruned (``rngfast.by_pairs``)."""
        self.check()
        self.reduction_logged = False
        if self._libxml2 is None:
            judged = self.subtree_verdict(tree, vocab, reading, within) if fast else None
            if judged is not None:
                return judged
            rewritten = self.fast(vocab, reading) if fast else None
            if rewritten is not None:  # the reduction itself is then not needed (nor compiled)
                return bool(rewritten.validate(tree))
            reduced = self.compiled(vocab, reading)
            if reduced is not None:
                self.reduction_logged = True
                return bool(reduced.validate(tree))
            self._libxml2 = _compile(self.path)  # never without a verdict
        return bool(self.whole(reading).validate(tree))

    def subtree_verdict(self, tree: etree._ElementTree, vocab: Vocabulary, reading: Reading = None,
                        within: Pairs | None = None) -> bool | None:
        """The verdict on the document from ``subtree_fast(vocab)``, when the start allows it
        (``_starts_alone``): its element has a name the start allows and matches that name's own
        definition. The same verdict as the reduction's, from a schema that also serves
        ``_localize``; None when the start is not of that kind or there is no such schema."""
        if not self.starts_alone or self.root_names is None:
            return None
        subtree = self.subtree_fast(vocab, reading, within)
        if subtree is None:
            return None
        return _qname(tree.getroot()) in self.root_names and bool(subtree.validate(tree))

    @property
    def reduced_verdicts(self) -> bool:
        """Whether verdicts come from reductions (``accepts``; after ``check``)."""
        return self._checked and self._libxml2 is None

    def whole(self, reading: Reading = None) -> etree.RelaxNG:
        """The whole schema that gives verdicts: libxml2's compile of the file, or, when some of
        its datatypes are to be judged as jing judges them, of the simplified schema with those
        rewritten (``datatypes``)."""
        if reading not in self._whole:
            if self._libxml2 is None:
                self._libxml2 = _compile(self.path)
            schema = self._libxml2
            rewritten = copy.deepcopy(self.root)
            if datatypes.rewrite(rewritten, reading):
                with contextlib.suppress(etree.RelaxNGParseError):  # else libxml2's reading stands
                    schema = etree.RelaxNG(etree.ElementTree(rewritten))
            self._whole[reading] = schema
        return self._whole[reading]

    def declares(self, qname: str) -> bool:
        """Whether any element pattern of the schema can match an element of this name."""
        if qname not in self._declared:
            self._declared[qname] = qname in self.element_names or any(
                blame.matches(nc, qname) for nc in self.name_classes)
        return self._declared[qname]

    def _root_names(self) -> frozenset[str] | None:
        """Names the document element may have (None: a name class allows others too)."""
        names: set[str] = set()
        seen: set[str] = set()
        stack = list(self.starts)
        while stack:
            node = stack.pop()
            for child in node:
                if child.tag == _ELEMENT:
                    qname = child.get(_QNAME)
                    if qname is None:
                        return None
                    names.add(qname)
                elif child.tag == _REF:
                    name = child.get("name", "")
                    if name not in seen:
                        seen.add(name)
                        stack.extend(self.defines.get(name, []))
                else:
                    stack.append(child)
        return frozenset(names)

    def compiled(self, vocab: Vocabulary, reading: Reading = None) -> etree.RelaxNG | None:
        """The schema reduced to documents of this vocabulary, compiled (None: it does not
        compile, which would be our fault, never the document's)."""
        key = (vocab, reading)
        if key not in self._cache:
            self._cache[key] = _try_compile(self.stored_reduction(vocab), reading)
        return self._cache[key]

    def fast(self, vocab: Vocabulary, reading: Reading = None) -> etree.RelaxNG | None:
        """The schema reduced to ``vocab`` and rewritten so that libxml2 compiles its content
        models (``rngfast``: the same verdicts, several times faster), compiled; None when it
        cannot be rewritten or does not compile."""
        key = (vocab, reading)
        if key not in self._fast:
            grammar = self.stored_fast(vocab)
            self._fast[key] = None if grammar is None else _try_compile(grammar, reading)
        return self._fast[key]

    def explaining(self, own: Vocabulary, reading: Reading = None) -> Vocabulary | None:
        """The vocabulary whose reduction explains an invalid document whose names are ``own``:
        those names when the schema reduced to them compiles; when that leaves nothing to
        compile (an element the schema requires is missing from the document, so the start
        became ``notAllowed``), those names and every element and attribute the schema requires
        of them, transitively. Depends on the document alone, never on a batch. None when
        neither compiles. Whether a reduction compiles is kept in the user cache folder with
        the reductions (see ``diskcache``), so that a document explained before needs the
        reduction compiled only when its errors on the whole document are read
        (``compiled``)."""
        if self._compiles(own, reading):
            return own
        names = set(own)
        todo = [name for name in own if not name.startswith("@")]
        while todo:
            for needed in self.required(todo.pop()) - names:
                names.add(needed)
                if not needed.startswith("@"):
                    todo.append(needed)
        widened = frozenset(names)
        return widened if widened != own and self._compiles(widened, reading) else None

    def _compiles(self, vocab: Vocabulary, reading: Reading) -> bool:
        """Whether ``compiled(vocab, reading)`` is a schema, from the user cache folder when it
        was found before by the same code, else by compiling it."""
        if (vocab, reading) not in self._cache:
            key = "\n".join(["compiles", self.digest, _code_digest(), repr(reading), *sorted(vocab)])
            stored = _REDUCTIONS.get(key)
            if stored in (b"0", b"1"):
                return stored == b"1"
            _REDUCTIONS.put(key, b"0" if self.compiled(vocab, reading) is None else b"1")
        return self._cache[(vocab, reading)] is not None

    def subtree_schema(self, vocab: Vocabulary, reading: Reading = None) -> etree.RelaxNG | None:
        """A reduced schema whose start is every element definition: it accepts a subtree rooted
        at any element where that element's own definition does (TEI defines each element once,
        by name, so the element's name picks its definition). None when the schema defines no
        element of the vocabulary on its own."""
        key = (vocab, reading)
        if key not in self._subtree_cache:
            self._subtree_cache[key] = _try_compile(self.stored_reduction(vocab, subtree=True), reading) \
                if self._subtree_refs(vocab) else None
        return self._subtree_cache[key]

    def subtree_fast(self, vocab: Vocabulary, reading: Reading = None, within: Pairs | None = None
                     ) -> etree.RelaxNG | None:
        """``subtree_schema`` rewritten as ``fast`` rewrites a reduction: the same verdicts,
        quicker; None when there is none. ``within``: pruned to these name pairs
        (``rngfast.by_pairs``): the same verdicts on documents whose pairs are among them."""
        key = (vocab, reading, within)
        if key not in self._subtree_fast:
            grammar = self.stored_fast(vocab, True, within) if self._subtree_refs(vocab) else None
            self._subtree_fast[key] = None if grammar is None else _try_compile(grammar, reading)
        return self._subtree_fast[key]

    def subtree_fast_within(self, vocab: Vocabulary, reading: Reading = None,
                            tree: etree._ElementTree | None = None, linked: Pairs | None = None
                            ) -> etree.RelaxNG | None:
        """``subtree_fast`` of ``vocab``, or one already compiled for a superset of it (a batch's,
        see ``accepts``), which gives the same verdicts: pruned to pairs only when they hold
        every pair of ``tree``, the document judged (``linked``: its ``pairs``, if collected)."""
        own = linked
        for (names, bound, within), schema in self._subtree_fast.items():
            if schema is not None and bound == reading and vocab <= names:
                if within is not None:
                    if tree is None:
                        continue
                    own = pairs(tree) if own is None else own
                    if not own <= within:
                        continue
                return schema
        return self.subtree_fast(vocab, reading)

    def _subtree_refs(self, vocab: Vocabulary) -> list[str]:
        """The definitions, each of one element of ``vocab`` alone, in schema order."""
        return [name for name, qname in self._element_defines if qname in vocab]

    def _subtree_start(self, vocab: Vocabulary) -> etree._Element:
        """A start that is a choice of every element definition of ``vocab`` defined on its own."""
        start = etree.Element(_START)
        choice = etree.SubElement(start, _CHOICE)
        for name in self._subtree_refs(vocab):
            etree.SubElement(choice, _REF, name=name)
        return start

    def stored_reduction(self, vocab: Vocabulary, subtree: bool = False) -> etree._Element:
        """``reduced(vocab)`` (``subtree``: with ``_subtree_start(vocab)`` as its only start), read
        from the user cache folder when this schema was reduced to this vocabulary before by
        the same code (see ``diskcache``), else made and stored there."""
        key = "\n".join(["reduced", "subtree" if subtree else "start", self.digest, _code_digest(),
                         *sorted(vocab)])
        stored = _REDUCTIONS.get(key)
        if stored is not None:
            found = _stored_grammar(stored, str(self.root.tag))
            if found is not None:
                return found
        made = self.reduced(vocab, [self._subtree_start(vocab)] if subtree else None)
        _REDUCTIONS.put(key, etree.tostring(made))
        return made

    def stored_fast(self, vocab: Vocabulary, subtree: bool = False, within: Pairs | None = None
                    ) -> etree._Element | None:
        """``rngfast.rewrite`` of ``stored_reduction(vocab, subtree)``, kept in the user cache
        folder as that keeps reductions (a grammar that cannot be rewritten, as "-");
        ``within``: that rewriting pruned to these pairs (``rngfast.by_pairs``), kept too."""
        if within is not None:
            digest = hashlib.sha256("\n".join(f"{a} {b}" for a, b in sorted(within)).encode()).hexdigest()
            pruned_key = "\n".join(["pairs", "subtree" if subtree else "start", self.digest, _code_digest(),
                                    digest, *sorted(vocab)])
            pairs = within

            def pruned() -> etree._Element | None:
                whole = self.stored_fast(vocab, subtree)
                return None if whole is None else rngfast.by_pairs(whole, pairs)

            return self._kept(pruned_key, pruned)
        key = "\n".join(["fast", "subtree" if subtree else "start", self.digest, _code_digest(),
                         *sorted(vocab)])
        return self._kept(key, lambda: rngfast.rewrite(self.stored_reduction(vocab, subtree)))

    def _kept(self, key: str, make: Callable[[], etree._Element | None]) -> etree._Element | None:
        """The grammar the user cache folder keeps under ``key``, else ``make()``'s, stored there
        (a grammar that cannot be rewritten, None, as "-")."""
        stored = _REDUCTIONS.get(key)
        if stored == _NO_REWRITING:
            return None
        if stored is not None:
            found = _stored_grammar(stored, str(self.root.tag))
            if found is not None:
                return found
        made = make()
        _REDUCTIONS.put(key, _NO_REWRITING if made is None else etree.tostring(made))
        return made

    def reduced(self, vocab: Vocabulary, starts: list[etree._Element] | None = None) -> etree._Element:
        """A standalone grammar equivalent to this one on any document whose names are in ``vocab``."""
        out = etree.Element(self.root.tag, nsmap=self.root.nsmap)
        for key, value in self.root.attrib.items():
            out.set(key, value)
        starts = self.starts if starts is None else starts
        for start in starts:
            out.append(_pruned_copy(start, vocab))
        for name in self._reachable(starts, vocab):
            for part in self._pruned_define(name, vocab)[0]:
                out.append(copy.copy(part))  # lxml copies the whole subtree
        _simplify(out)
        return out

    def _pruned_define(self, name: str, vocab: Vocabulary) -> tuple[list[etree._Element], list[str]]:
        """The parts of definition ``name`` pruned to ``vocab`` (``_pruned_copy``) and the
        definitions they refer to outside the patterns pruned, in document order; made once for
        each set of the names of its own patterns that ``vocab`` holds (what the pruning depends
        on), so that the reductions of a batch's documents share them."""
        names = self._define_names.get(name)
        if names is None:
            names = self._define_names[name] = frozenset(
                q for define in self.defines[name] for el in define.iter(_ELEMENT, _ATTRIBUTE)
                if (q := el.get(_QNAME)) is not None)
        key = (name, names & vocab)
        found = self._pruned.get(key)
        if found is None:
            parts = [_pruned_copy(define, vocab) for define in self.defines[name]]
            refs = list(dict.fromkeys(ref.get("name", "") for part in parts for ref in part.iter(_REF)))
            found = self._pruned[key] = (parts, refs)
        return found

    def _reachable(self, roots: Iterable[etree._Element], vocab: Vocabulary) -> list[str]:
        """Names of the definitions a document of this vocabulary can reach, in schema order."""
        seen: set[str] = set()
        todo: list[str] = []
        stack = list(roots)
        while stack:  # the roots themselves, walked
            node = stack.pop()
            qname = node.get(_QNAME)
            if qname is not None and qname not in vocab:
                continue
            if node.tag == _REF:
                todo.append(node.get("name", ""))
            stack.extend(node)
        while todo:  # the definitions, by what their pruned parts refer to
            name = todo.pop()
            if name not in seen and name in self.defines:
                seen.add(name)
                todo.extend(self._pruned_define(name, vocab)[1])
        return [name for name in self.defines if name in seen]

    def allowed_attributes(self, element: str) -> frozenset[str] | None:
        """Every attribute name any pattern for ``element`` allows (None: a name class allows
        more, or the element is matched by a name class)."""
        if element not in self._attributes:
            found = {qname[1:] if (qname := p.get(_QNAME)) else "*" for p in self.attribute_patterns(element)}
            open_ended = element not in self.element_names or "*" in found
            self._attributes[element] = None if open_ended else frozenset(found)
        return self._attributes[element]

    def attribute_patterns(self, element: str) -> tuple[etree._Element, ...]:
        """Every attribute pattern of the patterns for ``element`` (``{ns}local``), outside nested
        element patterns, through references."""
        if element not in self._attribute_patterns:
            self._attribute_patterns[element] = tuple(
                found for el in self.patterns.get(element, [])
                for found in self._attribute_patterns_within(el))
        return self._attribute_patterns[element]

    def required(self, element: str) -> frozenset[str]:
        """Children (``{ns}local``) and attributes (``@{ns}local``) every pattern for ``element``
        requires: a document element of that name lacking one is invalid, whatever else holds."""
        if element not in self._required:
            patterns = self.patterns.get(element, [])
            sets = [self._required_within(list(el)[1:] if el.get("name") is None else list(el), set())
                    for el in patterns]
            self._required[element] = frozenset.intersection(*sets) if sets else frozenset()
        return self._required[element]

    def _required_within(self, nodes: list[etree._Element], seen: set[str]) -> frozenset[str]:
        """What a sequence of patterns requires (``seen``: definitions being expanded)."""
        found: set[str] = set()
        for node in nodes:
            tag = node.tag
            if tag in (_ELEMENT, _ATTRIBUTE):
                qname = node.get(_QNAME)
                if qname is not None:
                    found.add(qname)
            elif tag == _REF:
                name = node.get("name", "")
                group = self.defines.get(name, [])
                if name not in seen and len(group) == 1 and group[0].get("combine") is None:
                    found |= self._required_within(list(group[0]), seen | {name})
            elif tag == _CHOICE:
                branches = [self._required_within([branch], seen) for branch in node]
                found |= frozenset.intersection(*branches) if branches else frozenset()
            elif tag not in _MAYBE and tag in _SEQUENCES:
                found |= self._required_within(list(node), seen)
        return frozenset(found)

    def _attribute_patterns_within(self, node: etree._Element) -> tuple[etree._Element, ...]:
        """The attribute patterns in ``node`` outside nested element patterns; each definition's
        are gathered once (RELAX NG allows no reference loop that does not pass through an
        element)."""
        found: list[etree._Element] = []
        for child in node:
            if child.tag == _ELEMENT:
                continue
            if child.tag == _ATTRIBUTE:
                found.append(child)
            elif child.tag == _REF:
                found += self._define_patterns(child.get("name", ""))
            else:
                found += self._attribute_patterns_within(child)
        return tuple(found)

    def _define_patterns(self, name: str) -> tuple[etree._Element, ...]:
        if name not in self._define_attribute_patterns:
            self._define_attribute_patterns[name] = ()  # a loop, were there one, would end here
            self._define_attribute_patterns[name] = tuple(
                found for define in self.defines.get(name, [])
                for found in self._attribute_patterns_within(define))
        return self._define_attribute_patterns[name]


_REDUCTIONS = diskcache.Folder("reduced")
_NO_REWRITING = b"-"  # what the cache keeps for a reduction ``rngfast`` cannot rewrite
# the patterns that make libxml2 read another file, which a reduced grammar (made of the
# patterns of a grammar ``rngload`` simplified) never holds
_READS_FILES = (_rng("include"), _rng("externalRef"))


@functools.cache
def _code_digest() -> str:
    """The code that simplifies and reduces schemas (part of a stored reduction's key)."""
    return diskcache.code_digest(__file__, rngload.__file__, datatypes.__file__, rngfast.__file__)


def _stored_grammar(data: bytes, tag: str) -> etree._Element | None:
    """A reduced grammar read back from the cache, when it is one (a root ``tag``, no pattern
    that reads another file, no DTD or entity); else None. (lxml looks for those patterns in
    C: a walk over the elements in Python would cost a sixth of the parse.)"""
    try:
        root = etree.fromstring(data, _STORED)
    except etree.XMLSyntaxError:
        return None
    if root.tag != tag or root.getroottree().docinfo.internalDTD is not None:
        return None
    if next(root.iter(*_READS_FILES), None) is not None:
        return None
    return root


_STORED = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False, huge_tree=False,
                          remove_comments=True, remove_pis=True)


def _compile(path: Path) -> etree.RelaxNG:
    """The schema as written, compiled by libxml2 (which reads its includes and external
    references itself); SCH003 with libxml2's reason when it refuses."""
    try:
        return etree.RelaxNG(rngload.read(path))
    except etree.RelaxNGParseError as exc:
        raise TeiToolsError(Diagnostic(codes.SCH003, f"the RELAX NG schema is incorrect: {exc}",
                                       path=str(path))) from None


def _try_compile(grammar: etree._Element, reading: Reading) -> etree.RelaxNG | None:
    """A schema we derived (reduced, datatypes rewritten), compiled; None if libxml2 refuses it."""
    datatypes.rewrite(grammar, reading)
    try:
        return etree.RelaxNG(etree.ElementTree(grammar))
    except etree.RelaxNGParseError:
        return None


def _pruned_copy(node: etree._Element, vocab: Vocabulary) -> etree._Element:
    """A copy with every named element or attribute pattern outside ``vocab`` made notAllowed."""
    clone = copy.copy(node)  # lxml copies the whole subtree
    for el in list(clone.iter(_ELEMENT, _ATTRIBUTE)):
        qname = el.get(_QNAME)
        if qname is not None and qname not in vocab and el.getparent() is not None:
            rngload.replace(el, _NOT_ALLOWED)
    return clone


def _simplify(grammar: etree._Element) -> None:
    """Propagate ``notAllowed`` as RELAX NG simplification does (section 4.20), then drop
    unreachable definitions. libxml2 leaves it undone in two places that matter here: a
    ``choice`` of notAllowed branches matches as ``empty`` (so a reduced schema would accept a
    document that lacks the element each branch requires), and each ``optional/notAllowed``
    costs it dearly at validation time. So: a ``choice`` loses its notAllowed branches and is
    notAllowed when none is left; ``group``, ``interleave``, ``oneOrMore``, ``mixed``, ``list``
    and ``attribute`` with a notAllowed part are notAllowed; ``optional`` and ``zeroOrMore``
    with one are ``empty``. An ``element`` keeps its place (it then matches nothing)."""
    rngload.propagate_not_allowed(list(grammar.iter(_NOT_ALLOWED)), _VOID_WITH)
    rngload.drop_unreachable(grammar)


# ---------------------------------------------------------------- errors


def validate(grammar: Grammar, tree: etree._ElementTree, raw: bytes, path: str,
             batch: Vocabulary | None = None, own: Vocabulary | None = None) -> list[Diagnostic]:
    """The :func:`findings` of one document as the diagnostics of file ``path``."""
    return [finding.diagnostic(path) for finding in findings(grammar, tree, raw, batch, own)]


def findings(grammar: Grammar, tree: etree._ElementTree, raw: bytes,
             batch: Vocabulary | None = None, own: Vocabulary | None = None,
             found: Shapes | None = None, within: Pairs | None = None, linked: Pairs | None = None,
             invalid: bool = False) -> list[Finding]:
    """The RELAX NG stage of validation (see ``finding``): the errors of one document, one per
    fault, with line, column and a jing-like message.

    The verdict is libxml2's boolean (``Grammar.accepts``), never inferred from messages. When
    it is "invalid", the messages come from the schema reduced to the document: our own exact
    checks (elements the schema declares nowhere, attributes no pattern of their element
    allows) name the faults jing would name, and libxml2's reports are localized to the
    deepest failing element; libxml2's vaguer reports on their ancestors are then left out. An
    invalid document always gets at least one error.
    ``batch``: the vocabulary of a whole batch of documents, so that one reduced schema serves
    them all (any superset of the document's names keeps the verdict). ``own``: the document's
    vocabulary when it was already collected. The explanation of an invalid document comes from
    the schema reduced to its own names, so that its messages depend on the document alone, not
    on the batch it came in (a local run, a cluster run and an incremental rerun agree).
    ``found``: the document's ``shapes`` when they were already collected. ``within``: a
    superset of the document's ``pairs`` given with ``batch`` (the batch's), to which the schema
    that gives the verdict is pruned (the same verdict, compiled sooner). ``linked``: the
    document's ``pairs`` when they were already collected. ``invalid``: the schema's exact checks
    already found a fault in the document (``certainly_invalid``), so libxml2 is not asked for the
    verdict; the document is then explained as any invalid one.
    """
    found = shapes(tree) if found is None else found
    own = names_of(found) if own is None else own
    reading = datatypes.reading(tree, found, grammar.typed, grammar.qname_values)
    verdict = batch if batch is not None and own <= batch else own
    if not invalid and grammar.accepts(tree, verdict, reading, fast=verdict is batch,
                                       within=within if verdict is batch else None):
        return []
    data = _Lines(raw)
    root = tree.getroot()
    if grammar.root_names is not None:
        wrong_root = _wrong_root(grammar.root_names, tree)
        if wrong_root:
            return [wrong_root]
    vocab = grammar.explaining(own, reading)
    exact_faults = _exact_faults(grammar, tree, found)
    passed: set[etree._Element] = set()  # subtrees found valid on their own (no fault inside)
    reports: list[tuple[etree._Element, etree._LogEntry]] | None = None
    if vocab is not None:
        explained = vocab
        # libxml2's errors on the whole document from the reduced schema: its log when it gave the
        # verdict (the log is this document's), else asked when _localize needs them (only when
        # no child of the document element fails on its own: the reduction is compiled then)
        logged = None
        if not invalid and grammar.reduction_logged and vocab == verdict:
            schema = grammar.compiled(vocab, reading)  # compiled for the verdict already
            logged = None if schema is None else list(schema.error_log)

        def errors() -> list[etree._LogEntry]:
            if logged is not None:
                return logged
            reduced = grammar.compiled(explained, reading)
            if reduced is None or reduced.validate(tree):
                raise _Accepted
            return list(reduced.error_log)

        try:
            reports = _localize(grammar, vocab, reading, tree, errors, passed, linked,
                                _failing(exact_faults))
        except _Accepted:
            passed.clear()
    if reports is None:  # the reduction could not explain it: libxml2's messages against the whole schema
        whole = grammar.whole(reading)
        whole.validate(tree)
        reports = [(root, e) for e in whole.error_log]
    walked = _walk_document(grammar, tree, data, passed)  # elements whose content the walk explained
    located = [fault for faults in walked.values() for fault in faults]
    for base, entries in _by_base(reports):
        mapped = [_locate(grammar, base, data, entry) for entry in entries]
        # libxml2 says only that an element's attributes failed: name those whose values fail alone
        mapped += [fault for e in mapped if e.code == codes.RNG006 and e.node is not None
                   for fault in _refused_values(grammar, e.node)]
        # where the walk explained the content, libxml2's reports on attributes still count
        located += [e for e in mapped if e.code in (codes.RNG003, codes.RNG004) and e.node is base] \
            if base in walked else mapped
    exact = [e for e in exact_faults
             if not (e.code == codes.RNG012 and e.node in walked and "required element" in e.message)]
    located = exact + located
    # a vague report on an element restates a precise one on it or below it: leave it out
    culprits = {id(e.node) for e in located if not _vague(e)}
    kept = [e for e in located if not (_vague(e) and _above(e.node, culprits))]
    told = {id(e.node) for e in kept if e.code not in _CASCADE}
    kept = [e for e in kept if e.walked or e.code not in _CASCADE or id(e.node) not in told]
    seen: set[tuple[int, str, int | None]] = set()  # text faults of one element differ by their line
    unique: list[Finding] = []
    for err in sorted(kept, key=lambda e: e.line or 0):
        key = (id(err.node), err.message, err.line if err.code == codes.RNG005 else None)
        if err.node is None or key not in seen:
            seen.add(key)
            unique.append(err)
    out = [replace(err, column=err.column or (_column(data, err.line, err.node) if err.line else None))
           for err in unique[:MAX_SHOWN]]
    out.sort(key=lambda d: (d.line or 0, d.column or 0))
    if len(unique) > MAX_SHOWN:
        out.append(Finding(codes.RNG011, f"{len(unique) - MAX_SHOWN} more RELAX NG errors from here on "
                           "not shown", line=unique[MAX_SHOWN].line, severity=Severity.INFO, stage="relaxng"))
    if not out:
        out.append(Finding(codes.RNG009, "the document does not match the schema (libxml2 names no fault)",
                           line=root.sourceline, stage="relaxng"))
    return out


class _Accepted(Exception):
    """The reduction that explains a document accepts it, or does not compile after all (never
    expected: any reduction to a superset of a document's names gives the whole schema's
    verdict, and the user cache folder keeps whether it compiles only for the same code)."""


def _localize(grammar: Grammar, vocab: Vocabulary, reading: Reading, tree: etree._ElementTree,
              whole: Callable[[], list[etree._LogEntry]], passed: set[etree._Element] | None = None,
              linked: Pairs | None = None, faulty: frozenset[etree._Element] = frozenset()
              ) -> list[tuple[etree._Element, etree._LogEntry]]:
    """libxml2 reports a fault deep in a document at some ancestor that stopped matching. Find
    the deepest element whose subtree fails its own definition while every child's subtree
    passes (children the schema defines on their own), and report libxml2's errors from
    validating just that element: they name faults in its attributes and values (its content
    is ``_walk_document``'s). ``whole()``: libxml2's errors on the whole document (asked only
    when they are read). The descent follows the nodes libxml2 names, so it costs a few
    subtree validations rather than one per level of the document. ``passed`` gets the
    elements whose subtree was found to match their own definition. ``linked``: the document's
    ``pairs``, if collected. ``faulty``: elements known to fail their own definition (see
    ``_failing``), which libxml2 is not asked about."""
    subtree = grammar.subtree_schema(vocab, reading)
    fast = grammar.subtree_fast_within(vocab, reading, tree, linked) if subtree is not None else None
    root = tree.getroot()
    if subtree is None:
        return [(root, entry) for entry in whole()]
    found: list[tuple[etree._Element, etree._LogEntry]] = []
    tried: set[etree._Element] = set()  # holding the proxies keeps their identity stable
    # an element and libxml2's errors from validating it, when made (else made when needed: an
    # element with a failing child is left for it, and its errors are never read)
    todo: list[tuple[etree._Element, list[etree._LogEntry] | None]] = [(root, None)]
    while todo and len(found) < MAX_FAULTS:
        base, errors = todo.pop()
        # every child that fails on its own, in document order (libxml2 may name only a later
        # one: it gives up on a content model at the element where its backtracking ended); an
        # element defined nowhere on its own (foreign markup) is its parent's fault, not a place
        # to look inside
        failing: list[tuple[etree._Element, list[etree._LogEntry] | None]] = []
        for child in base:
            if isinstance(child.tag, str) and child not in tried and _qname(child) in grammar.alone:
                tried.add(child)
                failed, log = (True, None) if child in faulty else _fails(subtree, fast, child)
                if failed:
                    failing.append((child, log))
                elif passed is not None:
                    passed.add(child)
        if failing:
            todo.extend(reversed(failing))
            continue
        if errors is None and base is root:
            errors = whole()
        elif errors is None:
            subtree.validate(base)
            errors = list(subtree.error_log)
        deeper = None  # below a child that is not defined on its own
        for entry in errors:
            node = _node_at(base, entry.path)
            if node is None or node is base or node in tried or _qname(node) not in grammar.alone:
                continue
            tried.add(node)
            failed, log = (True, None) if node in faulty else _fails(subtree, fast, node)
            if failed:
                deeper = (node, log)
                break
            if passed is not None:
                passed.add(node)
        if deeper is not None:
            todo.append(deeper)
        else:
            found.extend((base, entry) for entry in errors)
    return found


def _failing(faults: list[Finding]) -> frozenset[etree._Element]:
    """The elements that hold an exact fault (``_exact_faults``) or have one in their subtree:
    each fails its own definition (an attribute no pattern of it allows, something every pattern
    of it requires, a child no pattern anywhere matches), and so does every ancestor."""
    found: set[etree._Element] = set()
    for fault in faults:
        node = fault.node
        while node is not None and node not in found:
            found.add(node)
            node = node.getparent()
    return frozenset(found)


def _fails(schema: etree.RelaxNG, fast: etree.RelaxNG | None, node: etree._Element
           ) -> tuple[bool, list[etree._LogEntry] | None]:
    """Whether the subtree at ``node`` fails ``schema``, and libxml2's errors when they were made:
    ``fast``, its rewriting (the same verdicts, quicker), judges alone when there is one, and
    the errors are then made only where they are read (``schema`` validates slowly)."""
    if fast is not None:
        return not fast.validate(node), None
    if schema.validate(node):
        return False, None
    return True, list(schema.error_log)


def _by_base(reports: list[tuple[etree._Element, etree._LogEntry]]
             ) -> list[tuple[etree._Element, list[etree._LogEntry]]]:
    """libxml2's reports grouped by the element they were validated from, in order."""
    groups: dict[int, tuple[etree._Element, list[etree._LogEntry]]] = {}
    for base, entry in reports:
        groups.setdefault(id(base), (base, []))[1].append(entry)
    return list(groups.values())


def _walk_document(grammar: Grammar, tree: etree._ElementTree, data: _Lines,
                   valid: set[etree._Element] | frozenset[etree._Element] = frozenset()
                   ) -> dict[etree._Element, list[Finding]]:
    """jing's faults in the content of every element (see ``blame``), by element: children
    and text its content model cannot take, content ended too soon. Elements the schema
    matches only by a name class, or declares nowhere, are not looked inside, nor elements of
    ``valid``, whose subtree libxml2 found to match their own definition (``_localize``): the
    content of each element in it is one its content model takes. Stops after ``MAX_WALKED``
    faults."""
    found: dict[etree._Element, list[Finding]] = {}
    total = 0
    stack = [tree.getroot()]
    while stack and total < MAX_WALKED:
        el = stack.pop()
        if valid and el in valid:
            continue
        model = grammar.content(_qname(el))
        if model is None:
            continue
        patterns, content = model
        faults = blame.content_faults(patterns, content, el, grammar.declares, data.get)
        if faults:
            found[el] = [replace(f, message=f.message or _undeclared(f.node)) if f.node is not None else f
                         for f in faults]
            total += len(faults)
        stack.extend(reversed([child for child in el if isinstance(child.tag, str)]))
    return found


def _vague(err: Finding) -> bool:
    if err.walked:
        return False
    return err.code in _CASCADE or _CONTENT_FROM in err.message or err.message.endswith(_NO_DETAIL)


def _above(node: etree._Element | None, culprits: set[int]) -> bool:
    """Whether ``node`` is one of the culprits or an ancestor of one."""
    if node is None or not culprits:
        return False
    return any(id(n) in culprits for n in node.iter())


def _exact_faults(grammar: Grammar, tree: etree._ElementTree, found: Shapes | None = None) -> list[Finding]:
    """Elements the schema declares nowhere, attributes no pattern of their element allows, and
    children or attributes every pattern of their element requires but the element lacks.
    Each element shape (``shapes``, computed here when not given) is judged once, and only the
    elements of a shape with something to say are visited. Inside an element the schema
    declares nowhere (foreign markup: SVG, MathML, DocBook) nothing more is said: that element
    is the fault, once, as jing reports it."""
    verdicts: dict[tuple[str, ...], tuple[bool, tuple[str, ...], frozenset[str]]] = {}
    for shape in shapes(tree) if found is None else found:
        declared, stray, required = _shape_verdict(grammar, shape)
        if not declared or stray or required:
            verdicts[shape] = (declared, stray, required)
    faults: list[Finding] = []
    if not verdicts:
        return faults
    inside: set[etree._Element] = set()  # below an element declared nowhere
    for el in tree.getroot().iter(*{shape[0] for shape in verdicts}):
        if inside and el in inside:
            continue
        verdict = verdicts.get((el.tag, *el.keys()))  # type: ignore[arg-type]
        if verdict is None:
            continue
        declared, stray, required = verdict
        if required:
            faults.extend(_missing(el, required))
        line = el.sourceline
        if not declared:
            inside.update(el.iterdescendants(etree.Element))
            faults.append(Finding(codes.RNG010, _undeclared(el), line=line, stage="relaxng", node=el))
        faults.extend(Finding(codes.RNG003, f'attribute "{_display_attr(a)}" not allowed on element '
                              f'"{_display(el)}"', line=line, stage="relaxng", node=el)
                      for a in stray)
    return faults


def certainly_invalid(grammar: Grammar, tree: etree._ElementTree, found: Shapes | None = None) -> bool:
    """Whether the schema's own exact checks find a fault in the element shapes alone, without
    libxml2 and without visiting an element: an element declared nowhere, an attribute no
    pattern of its element allows, an attribute every pattern of its element requires, missing
    (``_exact_faults`` finds these and, visiting elements, missing required children too).
    ``found``: the document's ``shapes`` when they were already collected. The verdict is the
    same whichever reduction gives it; this only tells a batch that the schema reduced to the
    document's own names, which explains an invalid document, may as well give its verdict too
    (see ``validate``)."""
    for shape in shapes(tree) if found is None else found:
        declared, stray, required = _shape_verdict(grammar, shape)
        if not declared or stray:
            return True
        given = {_qname_of(a) for a in shape[1:]}
        if any(name[0] == "@" and name[1:] not in given for name in required):
            return True
    return False


def _shape_verdict(grammar: Grammar, shape: tuple[str, ...]) -> tuple[bool, tuple[str, ...], frozenset[str]]:
    """What the schema says of an element shape (tag, attribute names): whether it declares the
    element, the attributes no pattern of it allows, and what every pattern of it requires
    (``Grammar.required``)."""
    qname = _qname_of(shape[0])
    declared = grammar.declares(qname)
    allowed = grammar.allowed_attributes(qname) if declared else None
    stray = () if allowed is None else tuple(a for a in shape[1:] if _qname_of(a) not in allowed)
    return declared, stray, grammar.required(qname) if declared else frozenset()


def _undeclared(el: etree._Element) -> str:
    name = etree.QName(el)
    where = f' in namespace "{name.namespace}"' if name.namespace else " in no namespace"
    return f'element "{name.localname}"{where} is not allowed anywhere in the schema'


def _missing(el: etree._Element, required: frozenset[str]) -> list[Finding]:
    present = {_qname(child) for child in el if isinstance(child.tag, str)}
    present |= {"@" + (a if a[0] == "{" else "{}" + a) for a in el.attrib}
    absent = sorted(required - present)
    elements = [f'"{etree.QName(n).localname}"' for n in absent if n[0] != "@"]
    attributes = [f'"{_display_attr(n[1:].replace("{}", "", 1))}"' for n in absent if n[0] == "@"]
    faults = []
    for kind, names in (("element", elements), ("attribute", attributes)):
        if names:
            plural = "s" if len(names) > 1 else ""
            faults.append(Finding(codes.RNG012, f'element "{_display(el)}" incomplete; '
                                  f"missing required {kind}{plural} {', '.join(names)}", line=el.sourceline,
                                  stage="relaxng", node=el))
    return faults


def _qname(el: etree._Element) -> str:
    return _qname_of(str(el.tag))


def _qname_of(name: str) -> str:
    """``{ns}local`` for a tag or attribute name as lxml gives it (``local`` when in no namespace)."""
    return name if name[0] == "{" else "{}" + name


_PATTERNS: list[tuple[str, re.Pattern[str], str]] = [
    (codes.RNG001, re.compile(r"Did not expect element (\S+) there"), 'element "{0}" not allowed here'),
    (codes.RNG001, re.compile(r"Element (\S+) has extra content: (\S+)"),
     'element "{0}" has content the schema does not allow, from element "{1}" on'),
    (codes.RNG001, re.compile(r"Expecting element (\S+), got (\S+)"), 'element "{1}" not allowed here'),
    (codes.RNG002, re.compile(r"Expecting an element ?(\S*), got nothing"),
     "element incomplete; missing required content"),
    (codes.RNG002, re.compile(r"Expecting element (\S+), got nothing"),
     'element incomplete; missing required element "{0}"'),
    (codes.RNG005, re.compile(r"Expecting an element got text()"), "text not allowed here"),
    (codes.RNG005, re.compile(r"Did not expect text in element (\S+) content"),
     'text not allowed in element "{0}"'),
    (codes.RNG006, re.compile(r"Element (\S+) failed to validate attributes"),
     'element "{0}" is not valid here (its attributes or its content)'),
    (codes.RNG007, re.compile(r"Element (\S+) failed to validate content"),
     'content of element "{0}" is invalid'),
    (codes.RNG008, re.compile(r"Element (\S+) has wrong namespace: expecting (\S*)"),
     'element "{0}" is in the wrong namespace; expected "{1}"'),
]
_CASCADE = {codes.RNG002, codes.RNG006, codes.RNG007}  # said again, or better, by another error on it
_CONTENT_FROM = "has content the schema does not allow"
_NO_DETAIL = "missing required content"


def _wrong_root(allowed: frozenset[str], tree: etree._ElementTree) -> Finding | None:
    """The document element the schema does not start with; checked before the reduced schema,
    whose start would otherwise be empty."""
    root = tree.getroot()
    qname = etree.QName(root)
    if f"{{{qname.namespace or ''}}}{qname.localname}" in allowed:
        return None
    expected = sorted(allowed)
    names = " or ".join(f'"{etree.QName(n).localname}"' for n in expected)
    spaces = {etree.QName(n).namespace or "" for n in expected}
    where = ""
    if spaces != {qname.namespace or ""}:
        here = f'namespace "{qname.namespace}"' if qname.namespace else "no namespace"
        there = ", ".join(f'"{ns}"' if ns else "no namespace" for ns in sorted(spaces))
        where = f" (it is in {here}; expected {there})"
    return Finding(codes.RNG001, f'element "{qname.localname}" not allowed as the document element; '
                   f"expected element {names}{where}", line=root.sourceline, stage="relaxng", node=root)


def _locate(grammar: Grammar, base: etree._Element, data: _Lines, entry: etree._LogEntry) -> Finding:
    """Our message for a libxml2 error; its node path is relative to ``base``, the element that
    was validated as a document of its own."""
    node = _node_at(base, entry.path)
    line = entry.line or (node.sourceline if node is not None else None)
    code: str = codes.RNG009
    message = entry.message.strip()
    invalid_attr = re.fullmatch(r"Invalid attribute (\S+) for element (\S+)", message)
    if invalid_attr and node is not None:
        code, message = _attribute_error(grammar, node, invalid_attr.group(1))
    else:
        for rule_code, pattern, template in _PATTERNS:
            match = pattern.fullmatch(message)
            if match:
                code, message = rule_code, template.format(*match.groups())
                if rule_code == codes.RNG002 and node is not None:
                    message = f'element "{_display(node)}" ' + message.removeprefix("element ")
                    if not any(isinstance(child.tag, str) for child in node):
                        message = _expected(grammar, node) or message
                elif rule_code == codes.RNG001 and node is not None:
                    node = _named_child(node, match.groups()[-1])
                    line = node.sourceline or line
                elif rule_code in (codes.RNG006, codes.RNG007) and node is not None:
                    node = _named_ancestor(node, match.group(1))
                    line = node.sourceline or line
                break
    return Finding(code, message, line=line, stage="relaxng", node=node)


def _named_ancestor(node: etree._Element, local: str) -> etree._Element:
    """The element a report "element X failed to validate ..." is about: libxml2 sometimes
    gives a child; then the nearest ancestor named X (the node itself when none is)."""
    found: etree._Element | None = node
    while found is not None and _display(found) != local:
        found = found.getparent()
    return node if found is None else found


def _named_child(node: etree._Element, local: str) -> etree._Element:
    """The element an "element X not allowed" error is about: libxml2 often gives the parent;
    then its first child named X (the node itself when it has that name or no such child)."""
    if _display(node) == local:
        return node
    for child in node:
        if isinstance(child.tag, str) and _display(child) == local:
            return child
    return node


def _expected(grammar: Grammar, node: etree._Element) -> str | None:
    """jing's "element X incomplete; expected element A, B or C" for an element with no children."""
    model = grammar.content(_qname(node))
    names = model[0].expected(model[1], blame.attribute_names(node)) if model is not None else []
    return f'element "{_display(node)}" incomplete; expected element {blame.listed(names)}' if names else None


def _attribute_error(grammar: Grammar, node: etree._Element, local: str) -> tuple[str, str]:
    """libxml2 says "Invalid attribute" both for an attribute the element may not carry and for
    a bad value; tell them apart from the schema, as jing would: not allowed when no pattern of
    the element allows an attribute of that name, or when its content model, taking the
    element's attributes in document order, cannot take it where it stands (``blame``: one of a
    choice of attributes after the other); else its value is invalid."""
    names = [a for a in node.attrib if a == local or a.endswith("}" + local)]
    shown = _display_attr(names[0]) if names else local
    if names:
        qname = names[0] if names[0][0] == "{" else "{}" + names[0]
        model = grammar.content(_qname(node))
        if qname in (grammar.allowed_attributes(_qname(node)) or ()) and (
                model is None or blame.attribute_allowed(*model, node, names[0])):
            return codes.RNG004, _invalid_value(node, names[0])
    return codes.RNG003, f'attribute "{shown}" not allowed on element "{_display(node)}"'


def _invalid_value(node: etree._Element, name: str) -> str:
    value = node.get(name, "")
    return f'value "{value}" of attribute "{_display_attr(name)}" on element "{_display(node)}" is invalid'


def _refused_values(grammar: Grammar, node: etree._Element) -> list[Finding]:
    """RNG004 for each attribute of ``node`` whose value no pattern of its element for that
    attribute accepts on its own (``values``)."""
    return [Finding(codes.RNG004, _invalid_value(node, name), line=node.sourceline, stage="relaxng",
                    node=node) for name in grammar.values.refused(_qname(node), node)]


def _display(node: etree._Element) -> str:
    return etree.QName(node).localname


def _display_attr(name: str) -> str:
    return "xml:" + name.split("}")[1] if name.startswith(f"{{{XML_NS}}}") else name.split("}")[-1]


def _node_at(base: etree._Element, xpath: str | None) -> etree._Element | None:
    """The element at libxml2's path ``/step/step...``, whose first step is ``base`` itself."""
    steps = (xpath or "").strip("/").split("/")
    if not steps or not steps[0]:
        return None
    try:
        found = base.xpath("self::*" + "".join("/" + step for step in steps[1:])) if len(steps) > 1 \
            else [base]
    except etree.XPathError:
        return None
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return found[0]
    return None


def columns(data: bytes, findings: list[Finding]) -> list[int | None]:
    """For each of ``findings`` of a document parsed from ``data``: its column, or, for one
    without a column about an element (``node``) on its own line, the column of that element's
    start tag (None when there is neither)."""
    lines = _Lines(data)
    return [f.column or (_column(lines, f.line, f.node) if f.line else None) for f in findings]


def _column(data: _Lines, line: int, node: etree._Element | None) -> int | None:
    """1-based column of the element's start tag on its line (libxml2 gives none): the n-th tag
    of its name on the line, n counted over the elements of that name starting on the line."""
    if node is None or node.sourceline != line:
        return None
    tag = str(node.tag)
    top = node
    while (parent := top.getparent()) is not None and parent.sourceline == line:
        top = parent
    scope = top.getparent()
    before = data.before(top if scope is None else scope, node)
    starts = data.tags(line, tag.rpartition("}")[2])
    return starts[before] + 1 if before < len(starts) else None


class _Lines:
    """The document's lines, split once and only when a column is asked for, where the start
    tags of each name begin on a line (``tags``), and how many elements of an element's name
    start on its line before it (``before``)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._lines: list[bytes] | None = None
        self._tags: dict[tuple[int, str], list[int]] = {}  # see ``tags``
        # (subtree, tag): each element of that tag in the subtree, with the number of those before
        # it that start on its line
        self._before: dict[tuple[etree._Element, str], dict[etree._Element, int]] = {}

    def before(self, scope: etree._Element, node: etree._Element) -> int:
        """The elements of ``node``'s name in ``scope``'s subtree (which holds every element
        starting on ``node``'s line before it) that start on its line before it; gathered once
        per subtree and name."""
        key = (scope, str(node.tag))
        counted = self._before.get(key)
        if counted is None:
            counted = self._before[key] = {}
            on_line: dict[int | None, int] = {}
            for el in scope.iter(key[1]):
                counted[el] = on_line.get(el.sourceline, 0)
                on_line[el.sourceline] = counted[el] + 1
        return counted.get(node, 0)

    def get(self, line: int) -> str | None:
        if self._lines is None:
            self._lines = self.data.split(b"\n")
        if 1 <= line <= len(self._lines):
            return self._lines[line - 1].decode("utf-8", "replace")
        return None

    def tags(self, line: int, local: str) -> list[int]:
        """Where the start tags of elements named ``local`` (any prefix) begin on ``line``, as
        0-based offsets in it, found once per line and name."""
        key = (line, local)
        found = self._tags.get(key)
        if found is None:
            text = self.get(line) or ""
            found = self._tags[key] = [m.start() for m in re.finditer(
                rf"<(?:[\w.-]+:)?{re.escape(local)}(?=[\s/>])", text)]
        return found
