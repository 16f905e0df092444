"""Validating files: the stages of validation run on each document in order (see ``finding``:
safe parsing and XInclude, the plan of which schemas apply, RELAX NG, Schematron, integrity),
each returning :class:`~teitools.validation.finding.Finding` objects, which become the file's
diagnostics in one place (:func:`validate_file`). Every document is read and parsed once; a
batch runs on the batch engine (``teitools.batch``), in this process, in worker processes or
on a cluster (the workers stage: a document whose worker died gets VAL001)."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from teitools import batch, codes, safexml
from teitools.diagnostics import Diagnostic, Severity, TeiToolsError
from teitools.manifest import Seen, fingerprint
from teitools.outputs import STDIN
from teitools.validation import integrity, rng, sandbox, schematron, store, xinclude
from teitools.validation.finding import Finding
from teitools.validation.rules import RULES


@dataclass(frozen=True)
class Options:
    schema: str = "auto"  # "auto", a path, or a name in the store
    schematron: tuple[str, ...] = ()
    embedded_schematron: bool = True
    schema_dirs: tuple[Path, ...] = ()
    engine: str = "lxml"  # or "jing"
    max_bytes: int = safexml.MAX_XML_BYTES
    integrity: bool = True
    batch_vocabulary: frozenset[str] | None = None  # names of every document in the batch
    batch_pairs: rng.Pairs | None = None  # with it: the name pairs of those documents (``rng.pairs``)
    roots: tuple[Path, ...] = ()  # folders given as input: schemas a document names may be in them
    trust_schemas: bool = False  # schemas a document names may be anywhere (see sandbox)
    xinclude: bool = True  # resolve xi:include (see xinclude), else check the file as it is
    record: bool = False  # take each file's fingerprint and SHA-256 (``Seen``) for --incremental


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    usage_error: bool = False  # the file could not be checked (I/O, schema missing): exit status 2
    seen: Seen | None = None  # the file as it was read
    reads: tuple[str, ...] = ()  # the other files the result depends on: schemas, included files
    cached: bool = False  # taken from the manifest of an earlier run (--incremental)

    @property
    def valid(self) -> bool:
        return not self.usage_error and not any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def failed(self) -> bool:
        return not self.valid

    @property
    def recordable(self) -> bool:
        """Whether the manifest may keep it: the file was checked (not a usage or I/O error)."""
        return not self.usage_error and self.seen is not None

    def depends(self) -> tuple[str, ...]:
        return self.reads

    def replay(self) -> dict[str, object]:
        """What the manifest keeps to give this result again."""
        return {"diagnostics": [d.to_dict() for d in self.diagnostics]}

    @classmethod
    def replayed(cls, path: str, replay: dict[str, Any]) -> FileResult:
        """The result :meth:`replay` kept, marked as cached."""
        return cls(path, [Diagnostic.from_dict(d) for d in replay["diagnostics"]], cached=True)

    def count(self, severity: Severity) -> int:
        return sum(d.severity is severity for d in self.diagnostics)


@dataclass(frozen=True)
class Plan:
    """The schemas one document is checked against."""

    rng: Path | None
    schematrons: tuple[Path, ...]
    chosen: frozenset[Path] = frozenset()  # the schematrons the user named (trusted, see sandbox)
    notes: tuple[Finding, ...] = ()  # about the choice: schemas the document names but the store lacks


OWN_SCHEMA = "teitools.rng"
_GRAMMARS: dict[tuple[Path, int, int], rng.Grammar] = {}


def grammar(path: Path) -> rng.Grammar:
    """A schema read once per process (again if its file changed)."""
    resolved = path.resolve()
    try:
        stat = resolved.stat()
        key = (resolved, stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (resolved, 0, 0)
    if key not in _GRAMMARS:
        _GRAMMARS[key] = rng.Grammar(resolved)
    return _GRAMMARS[key]


def plan(tree: etree._ElementTree, document: Path, options: Options) -> Plan:
    """The plan stage of validation: the schemas that apply to the document. ``--schema
    auto``: the schemas the document's ``<?xml-model?>`` PIs name; tei_all (the store's default,
    shipped with teitools) when it names none, or when a schema it names is not in the store and
    it names no RELAX NG schema that is (a warning, SCH012, says which)."""
    extra = options.schema_dirs
    schematrons = [store.resolve(s, extra) for s in options.schematron]
    if options.schema != "auto":
        main = store.resolve(options.schema, extra)
        if options.embedded_schematron:
            schematrons.insert(0, companion(main))
        return Plan(main, tuple(schematrons), frozenset(p.resolve() for p in schematrons))
    chosen = frozenset(schematrons)
    declared = store.declared(tree)
    main_rng: Path | None = None
    missing: list[store.Declared] = []
    for item in declared:
        found = store.resolve_declared(item.href, document, extra, options.roots, options.trust_schemas)
        if found is None:
            missing.append(item)
        elif item.kind == "rng" and main_rng is None:
            if not options.trust_schemas:
                sandbox.confine_relaxng(found, (document.parent, *options.roots))
            main_rng = found
        elif item.kind == "sch" and (options.embedded_schematron or found.suffix != ".rng"):
            schematrons.append(found)
    fallback = main_rng is None and bool(missing or not declared)
    if fallback:
        main_rng = store.resolve(store.DEFAULT, extra)
    if main_rng is not None and options.embedded_schematron and main_rng not in schematrons:
        schematrons.insert(0, companion(main_rng))
    unique = tuple(dict.fromkeys(p.resolve() for p in schematrons))
    notes = tuple(_not_in_store(item, fallback) for item in missing)
    return Plan(main_rng, unique, frozenset(p.resolve() for p in chosen), notes)


def _not_in_store(item: store.Declared, fallback: bool) -> Finding:
    """SCH012: the document names a schema the store lacks."""
    instead = f": checked against {store.DEFAULT} instead" if fallback else ""
    rule = RULES[codes.SCH012]
    return Finding(codes.SCH012, f"schema {item.href!r} named by <?xml-model?> is not in the schema store"
                   f"{instead}", line=item.line, severity=rule.severity, hint=store.missing_hint(item.href),
                   stage="plan", schema=item.href)


def companion(rng_path: Path) -> Path:
    """Where a RELAX NG schema's Schematron is: embedded in it (as TEI's are), else in a file
    beside it with the same name and ``.sch`` (as teitools.rng and teitools.sch)."""
    beside = rng_path.with_suffix(".sch")
    if beside.is_file() and schematron.checker_for(rng_path) is None:
        return beside
    return rng_path


@dataclass(frozen=True)
class Parsed:
    """A document read and parsed once (its XIncludes resolved), kept for its checks."""

    data: bytes
    tree: etree._ElementTree
    vocabulary: rng.Vocabulary
    shapes: rng.Shapes  # of its elements (``rng.shapes``), which its vocabulary is made of
    notes: tuple[Finding, ...] = ()  # what XInclude could not resolve
    reads: tuple[Path, ...] = ()  # the files XInclude read or tried to
    seen: Seen | None = None  # the file as it was read (for the manifest of --incremental)
    pairs: rng.Pairs | None = None  # (element, child) and (element, @attribute) names (``rng.pairs``)
    indexed: tuple[etree._Element, ...] | None = None  # its elements integrity's index looks at


def load(path: Path, options: Options, pairs: bool = False) -> Parsed:
    """Read and parse a document, and resolve its xi:include elements unless told not to; with
    its name ``pairs`` when asked (a batch's, see ``_scan``). Raises TeiToolsError when it
    cannot be read or parsed."""
    before = fingerprint(path) if options.record and str(path) != STDIN else None
    data = safexml.read_limited(path, options.max_bytes)
    tree = safexml.parse_bytes(data, str(path))
    notes, reads = xinclude.expand(tree, path, options.roots, options.max_bytes) if options.xinclude \
        else ([], [])
    seen = Seen(before, hashlib.sha256(data).hexdigest()) if before is not None else None
    shapes, linked, indexed = rng.scan(tree, pairs, integrity.INDEXED, integrity.INDEXED_TAGS)
    return Parsed(data, tree, rng.names_of(shapes), shapes, tuple(notes), tuple(reads), seen, linked,
                  tuple(indexed))


def validate_file(path: Path, options: Options, with_rng: bool = True,
                  parsed: Parsed | None = None) -> FileResult:
    """Every stage on one file (see ``finding``): its findings become the file's diagnostics, in
    document order; a problem that stops the file (unreadable, not well-formed, a schema that
    cannot be used) is a diagnostic too, after the findings made before it, never an exception."""
    shown = str(path)
    result = FileResult(shown)
    found: list[Finding] = []
    stopped: Diagnostic | None = None
    try:
        parsed = parsed or load(path, options)
        data, tree = parsed.data, parsed.tree
        result.seen = parsed.seen
        found += parsed.notes
        checks = plan(tree, path, options)
        schemas: list[Path] = []  # every file of the RELAX NG schema (jing reads the main one)
        if checks.rng is not None:
            schemas += grammar(checks.rng).files if with_rng else [checks.rng]
        result.reads = tuple(str(p) for p in dict.fromkeys([*parsed.reads, *schemas, *checks.schematrons]))
        found += checks.notes
        # one pass for ID001 and integrity, over the elements with ids or pointers load found
        index = integrity.Index(tree, pointers=options.integrity, candidates=parsed.indexed)
        repeats = integrity.repeated_ids(tree, index) if with_rng else []
        found += repeats
        if with_rng and checks.rng is not None:  # repeated ids are told once, by ID001
            checked = integrity.with_unique_ids(tree, index) if repeats else tree
            schema = grammar(checks.rng)
            verdict_by = _verdict_by(schema, checked, parsed, options)
            found += rng.findings(schema, checked, data, verdict_by, parsed.vocabulary, parsed.shapes,
                                  options.batch_pairs if verdict_by is not None else None, parsed.pairs,
                                  invalid=verdict_by is None and options.batch_vocabulary is not None)
        for sch in checks.schematrons:
            checker = schematron.checker_for(sch, options.trust_schemas or sch in checks.chosen)
            if checker is not None:
                found += checker.run(tree, shown, parsed.shapes)
        if options.integrity:
            # the bytes read hold every character of the tree when they are UTF-8 and nothing
            # was included into it
            utf8 = (tree.docinfo.encoding or "").upper().replace("-", "") == "UTF8"
            found += integrity.check(tree, index, data if utf8 and not parsed.reads else None)
    except TeiToolsError as exc:
        stopped = exc.diagnostic
        result.usage_error = exc.exit_code == 2
    # Schematron's and integrity's findings get the column of their element, as RELAX NG's have
    at = rng.columns(parsed.data, found) if parsed is not None else [None] * len(found)
    result.diagnostics = [f.diagnostic(shown, column) for f, column in zip(found, at, strict=True)] + (
        [stopped] if stopped is not None else [])
    result.diagnostics.sort(key=lambda d: (d.line or 0, d.column or 0))
    return result


def _verdict_by(schema: rng.Grammar, tree: etree._ElementTree, parsed: Parsed, options: Options
                ) -> rng.Vocabulary | None:
    """The names whose reduction of the schema gives the document's verdict: the batch's (one
    compiled schema for all its documents), or None, the document's own, when the schema's exact
    checks already find it invalid (``rng.certainly_invalid``). Either gives the same verdict;
    an invalid document is explained by the reduction to its own names, so one known to be
    invalid is not validated for its verdict at all (``rng.findings``, ``invalid``): the exact
    checks gave it."""
    batch = options.batch_vocabulary
    if batch is None or batch == parsed.vocabulary:
        return batch
    schema.check()
    if not schema.reduced_verdicts:
        return batch
    return None if rng.certainly_invalid(schema, tree, parsed.shapes) else batch


def _check_schemas(options: Options) -> None:
    """Schemas named on the command line are read and compiled whole once, up front (before
    workers start, which then share them): an incorrect one is one error, not one per file."""
    if options.schema != "auto":
        grammar(store.resolve(options.schema, options.schema_dirs)).check()
    for sch in options.schematron:
        schematron.checker_for(store.resolve(sch, options.schema_dirs), trusted=True)


_PARSED: dict[int, Parsed] = {}  # the documents of a window this process parsed, by input index
# the documents of the window this process checked, kept until the window is over: libxml2 takes
# about a third of a tree's parse to free it, and a worker's last window is never freed (the
# worker process ends)
_CHECKED: list[Parsed] = []
_SETTINGS: dict[str, tuple[Options, bool]] = {}  # a worker's options for the window
_SCANNED: dict[str, frozenset[Any]] = {}  # "names", "pairs": of the documents parsed here in the batch


def _scan(items: Iterable[tuple[int, Path]], options: Options, first: bool = False) -> None:
    """Parse a window's documents and keep them in this process for their checks (forgetting
    those of the window before), with the names of every document this process parsed in the
    batch (from its ``first`` window on; none from a file that cannot be parsed: its checks say
    why), and their name pairs (``rng.pairs``): the reduction that gives their verdicts, and what
    it is pruned to."""
    _PARSED.clear()
    _CHECKED.clear()
    names: set[str] = set() if first else set(_SCANNED.get("names", frozenset()))
    pairs: set[tuple[str, str]] = set() if first else set(_SCANNED.get("pairs", frozenset()))
    for index, path in items:
        try:
            _PARSED[index] = parsed = load(path, options, pairs=True)
        except TeiToolsError:
            continue
        names |= parsed.vocabulary
        pairs |= parsed.pairs or frozenset()
    _SCANNED["names"] = frozenset(names)
    _SCANNED["pairs"] = frozenset(pairs)


def _configure(options: Options, with_rng: bool) -> None:
    _SETTINGS["batch"] = (options, with_rng)


@dataclass(frozen=True)
class _Share:
    """A worker's share of a window, to :func:`_scan` before it checks them: the first task of
    the worker's in the window's map, so that it starts checking as soon as its own share is
    parsed (not when every worker's is), and a worker that dies parsing it costs no document
    its check (the documents are then checked one by one, as any that a worker takes over)."""

    items: tuple[tuple[int, Path], ...]
    options: Options
    first: bool


def _work(task: batch.Item | _Share) -> FileResult | None:
    """One task of a window's map: a share to parse (None), or a document to check."""
    if isinstance(task, _Share):
        _scan(task.items, task.options, task.first)
        return None
    return _check_here(task)


def _check_here(item: batch.Item) -> FileResult:
    """A check in the process that parsed the document, from the tree kept there, its verdict
    from the reduction to the names of the documents this process parsed (any superset of a
    document's names gives the same verdict, and the fewer the names, the sooner libxml2
    compiles the reduction's rewriting: a worker's share of a batch uses fewer than the whole).
    A document parsed elsewhere (a worker took it over from another) is parsed now, with the
    options of the window (:func:`_configure`), and judged by the same schema when its names
    and name pairs are among those of this process (they usually are: it took over the smallest
    documents), else by its own names."""
    options, with_rng = _SETTINGS["batch"]
    parsed = _PARSED.pop(item.index, None)
    names = _SCANNED.get("names")
    pairs = _SCANNED.get("pairs")
    if parsed is None and names is not None and pairs is not None:
        try:
            parsed = load(item.path, options, pairs=True)
        except TeiToolsError:
            parsed = None  # validate_file reads it again and says why
        if parsed is None or not (parsed.vocabulary <= names and (parsed.pairs or frozenset()) <= pairs):
            names = pairs = None
    result = validate_file(item.path, replace(options, batch_vocabulary=names, batch_pairs=pairs), with_rng,
                           parsed)
    if parsed is not None:
        _CHECKED.append(parsed)
    return result


def _check_item(options: Options, with_rng: bool, item: batch.Item) -> FileResult:
    """A check of one document on its own (read, parsed and checked here)."""
    return validate_file(item.path, options, with_rng)


WINDOW_BYTES = 64 * 1024 * 1024  # documents parsed and kept at once (their trees take several times more)
WINDOW_FILES = 4000


def check(items: Sequence[batch.Item], options: Options, executor: batch.Executor
          ) -> Iterator[tuple[int, FileResult]]:
    """Every check of every item: ``(position in items, result)`` as each finishes, in
    ``executor``. In this process or a local pool, with RELAX NG, the documents go by windows
    (``WINDOW_BYTES``, ``WINDOW_FILES``): each window is parsed first, its trees kept in the
    process that parsed them, and checked there, each process's verdicts coming from one schema
    reduced to the names of every document it parsed so far (:func:`_check_here`). Elsewhere (a
    cluster) each document is read and checked in one task. The verdicts and findings are the
    same either way (see ``rng.validate``). A document whose worker died gets VAL001."""
    with_rng = options.engine != "jing"
    _check_schemas(options)
    if not with_rng:
        results = [_result(items[p], outcome) for p, outcome in sorted(
            executor.map(functools.partial(_check_item, options, with_rng), items), key=lambda pair: pair[0])]
        _run_jing([item.path for item in items], options, results)
        yield from enumerate(results)
    elif len(items) > 1 and options.batch_vocabulary is None and isinstance(
            executor, batch.Inline | batch.LocalPool):
        yield from _by_windows(items, options, executor)
    else:
        for position, outcome in executor.map(functools.partial(_check_item, options, with_rng), items):
            yield position, _result(items[position], outcome)


def _by_windows(items: Sequence[batch.Item], options: Options, executor: batch.Inline | batch.LocalPool
                ) -> Iterator[tuple[int, FileResult]]:
    first = True
    for window in _windows(items):
        if isinstance(executor, batch.Inline):
            try:
                _scan([(items[p].index, items[p].path) for p in window], options, first)
                first = False
                _configure(options, True)
                for position in window:
                    result = _check_here(items[position])
                    _CHECKED.clear()  # this process goes on: its memory is better used again at once
                    yield position, result
            finally:  # nothing of the batch is kept
                _PARSED.clear()
                _CHECKED.clear()
            continue
        shares = _shares([items[p] for p in window], executor.size)
        executor.broadcast(_configure, options, True)
        # each worker parses its share, then checks it largest first, so that what a worker
        # that ran out of its own takes over from another (the last ones left) is the smallest
        # documents; every worker's first task is its share (even an empty one: none takes
        # over another's share, see batch.LocalPool.map)
        tasks: list[batch.Item | _Share] = []
        affinity: list[int] = []
        where: list[int | None] = []  # the window's position of each task's document
        for number, share in enumerate(shares):
            tasks.append(_Share(tuple((items[window[k]].index, items[window[k]].path) for k in share),
                                options, first))
            tasks += [items[window[k]] for k in share]
            affinity += [number] * (len(share) + 1)
            where += [None, *share]
        first = False
        for j, outcome in executor.map(_work, tasks, affinity):
            k = where[j]
            if k is not None:
                yield window[k], _result(items[window[k]], outcome)


def _windows(items: Sequence[batch.Item]) -> Iterator[list[int]]:
    """Positions of consecutive items, in windows of at most WINDOW_FILES files and about
    WINDOW_BYTES bytes."""
    window: list[int] = []
    size = 0
    for position, item in enumerate(items):
        if window and (size + item.size > WINDOW_BYTES or len(window) >= WINDOW_FILES):
            yield window
            window, size = [], 0
        window.append(position)
        size += item.size
    if window:
        yield window


def _result(item: batch.Item, outcome: FileResult | batch.Crashed) -> FileResult:
    """The workers stage: the result a worker gave, or VAL001 for a document whose worker died."""
    shown = str(item.path)
    if isinstance(outcome, batch.Crashed):
        return FileResult(shown, [Finding.of(outcome.diagnostic(shown), "workers").diagnostic(shown)])
    return outcome


def validate_all(paths: Sequence[Path], options: Options, jobs: int = 1) -> list[FileResult]:
    """Every check of every file (see :func:`check`), in ``jobs`` worker processes (1: in this
    one); the results in input order."""
    items = [batch.Item(index, path, size=batch.size_of(path)) for index, path in enumerate(paths)]
    results: list[FileResult] = [FileResult(str(path)) for path in paths]
    executor = batch.local_executor(min(jobs, len(items)))
    try:
        for position, result in check(items, options, executor):
            results[position] = result
    finally:
        executor.close()
    return results


def _shares(items: Sequence[batch.Item], jobs: int) -> list[list[int]]:
    """Positions of the items split into ``jobs`` shares of nearly equal bytes, each largest first."""
    shares: list[list[int]] = [[] for _ in range(jobs)]
    loads = [0] * jobs
    for position in sorted(range(len(items)), key=lambda k: -items[k].size):
        lightest = loads.index(min(loads))
        shares[lightest].append(position)
        loads[lightest] += items[position].size
    return shares


def _run_jing(paths: Sequence[Path], options: Options, results: list[FileResult]) -> None:
    """jing on every well-formed file, one Java process per schema (jing stops a batch at the
    first file that is not well-formed, so those never reach it)."""
    from teitools.validation import jing

    groups: dict[Path, list[int]] = {}
    for index, path in enumerate(paths):
        if any(d.code.startswith(("XML00", "IO")) for d in results[index].diagnostics):
            continue
        try:
            tree = safexml.parse_bytes(safexml.read_limited(path, options.max_bytes), str(path))
            checks = plan(tree, path, options)
        except TeiToolsError:
            continue
        if checks.rng is not None:
            groups.setdefault(checks.rng, []).append(index)
    for schema, indexes in groups.items():
        found = jing.validate(schema, [paths[i] for i in indexes])
        for i in indexes:
            shown = str(paths[i])
            told = [f.diagnostic(shown) for f in found.get(shown, [])]
            results[i].diagnostics = sorted(results[i].diagnostics + told,
                                            key=lambda d: (d.line or 0, d.column or 0))
