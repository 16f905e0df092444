"""Validating files: which schemas apply to a document, and every check run on it in order
(safe parsing, RELAX NG, Schematron, integrity). Batches run in worker processes, each
compiling a schema once; results come back in input order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from teitools import safexml
from teitools.diagnostics import Diagnostic, Severity, TeiToolsError
from teitools.resources import data_file
from teitools.validation import integrity, rng, schematron, store


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


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    usage_error: bool = False  # the file could not be checked (I/O, schema missing): exit status 2

    @property
    def valid(self) -> bool:
        return not self.usage_error and not any(d.severity is Severity.ERROR for d in self.diagnostics)

    def count(self, severity: Severity) -> int:
        return sum(d.severity is severity for d in self.diagnostics)


@dataclass(frozen=True)
class Plan:
    """The schemas one document is checked against."""

    rng: Path | None
    schematrons: tuple[Path, ...]


OWN_SCHEMA = "teitools.rng"
_GRAMMARS: dict[Path, rng.Grammar] = {}


def grammar(path: Path) -> rng.Grammar:
    """A schema parsed once per process."""
    key = path.resolve()
    if key not in _GRAMMARS:
        _GRAMMARS[key] = rng.Grammar(key)
    return _GRAMMARS[key]


def plan(tree: etree._ElementTree, document: Path, options: Options) -> Plan:
    """``--schema auto``: the schemas the document's ``<?xml-model?>`` PIs name, else ours."""
    extra = options.schema_dirs
    schematrons = [store.resolve(s, extra) for s in options.schematron]
    if options.schema != "auto":
        main = store.resolve(options.schema, extra)
        if options.embedded_schematron:
            schematrons.insert(0, companion(main))
        return Plan(main, tuple(schematrons))
    declared = store.declared(tree)
    main_rng: Path | None = None
    for item in declared:
        found = store.resolve_declared(item.href, document, extra)
        if found is None:
            name = Path(item.href).name
            stem = Path(name).stem
            fetch = f"run `teitools schemas fetch {stem}`, " if stem in store.RELEASES else ""
            raise TeiToolsError(Diagnostic(
                "SCH004", f"schema {item.href!r} named by <?xml-model?> is not in the schema store",
                path=str(document), hint=f"{fetch}put {name} in a --schema-dir folder, or choose a schema "
                "with --schema"))
        if item.kind == "rng" and main_rng is None:
            main_rng = found
        elif item.kind == "sch" and (options.embedded_schematron or found.suffix != ".rng"):
            schematrons.append(found)
    if main_rng is None and not any(d.kind == "rng" for d in declared):
        main_rng = data_file("schemas", OWN_SCHEMA)
    if main_rng is not None and options.embedded_schematron and main_rng not in schematrons:
        schematrons.insert(0, companion(main_rng))
    unique = tuple(dict.fromkeys(p.resolve() for p in schematrons))
    return Plan(main_rng, unique)


def companion(rng_path: Path) -> Path:
    """Where a RELAX NG schema's Schematron is: embedded in it (as TEI's are), else in a file
    beside it with the same name and ``.sch`` (as teitools.rng and teitools.sch)."""
    beside = rng_path.with_suffix(".sch")
    if beside.is_file() and schematron.checker_for(rng_path) is None:
        return beside
    return rng_path


def validate_file(path: Path, options: Options, with_rng: bool = True) -> FileResult:
    """Every check on one file; problems of the input become diagnostics, never exceptions."""
    shown = str(path)
    result = FileResult(shown)
    try:
        data = safexml.read_limited(path, options.max_bytes)
        tree = safexml.parse_bytes(data, shown)
        checks = plan(tree, path, options)
        if with_rng and checks.rng is not None:
            result.diagnostics += rng.validate(grammar(checks.rng), tree, data, shown,
                                               options.batch_vocabulary)
        for sch in checks.schematrons:
            checker = schematron.checker_for(sch)
            if checker is not None:
                result.diagnostics += checker.run(tree, shown)
        if options.integrity:
            result.diagnostics += integrity.check(tree, shown)
    except TeiToolsError as exc:
        result.diagnostics.append(exc.diagnostic)
        result.usage_error = exc.exit_code == 2
    result.diagnostics.sort(key=lambda d: (d.line or 0, d.column or 0))
    return result


def _check_schemas(options: Options) -> None:
    """Schemas named on the command line are read once, up front: a bad one is one error, not
    one per file."""
    if options.schema != "auto":
        grammar(store.resolve(options.schema, options.schema_dirs))
    for sch in options.schematron:
        schematron.checker_for(store.resolve(sch, options.schema_dirs))


def _prepare(options: Options) -> None:
    main = grammar(store.resolve(options.schema, options.schema_dirs))
    if main.reducible and options.batch_vocabulary is not None:
        main.compiled(options.batch_vocabulary)
        main.subtree_schema(options.batch_vocabulary)


def file_vocabulary(args: tuple[Path, int]) -> frozenset[str]:
    """The names one readable document uses (none for a file that cannot be parsed)."""
    path, max_bytes = args
    try:
        return rng.vocabulary(safexml.parse_bytes(safexml.read_limited(path, max_bytes), str(path)))
    except TeiToolsError:
        return frozenset()


def batch_vocabulary(vocabularies: Iterable[frozenset[str]]) -> frozenset[str]:
    """The element and attribute names of every document: one reduced schema then serves the
    whole batch (compiled once per worker) instead of one per document."""
    names: set[str] = set()
    for vocab in vocabularies:
        names |= vocab
    return frozenset(names)


def _worker(args: tuple[Path, Options, bool]) -> FileResult:
    return validate_file(*args)


def validate_all(paths: Sequence[Path], options: Options, jobs: int = 1,
                 progress: Callable[[int, int, str], None] | None = None) -> list[FileResult]:
    """Results in input order; with ``jobs`` > 1 in worker processes."""
    with_rng = options.engine != "jing"
    _check_schemas(options)
    parallel = jobs > 1 and len(paths) > 1
    chunks = max(1, len(paths) // (jobs * 8))
    if with_rng and len(paths) > 1 and options.batch_vocabulary is None:
        scan = [(p, options.max_bytes) for p in paths]
        if parallel:
            with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as scanners:
                vocab = batch_vocabulary(scanners.map(file_vocabulary, scan, chunksize=chunks))
        else:
            vocab = batch_vocabulary(map(file_vocabulary, scan))
        options = replace(options, batch_vocabulary=vocab)
    if with_rng and options.schema != "auto" and options.batch_vocabulary is not None:
        _prepare(options)  # before the workers fork, so that they inherit the compiled schema
    results: list[FileResult] = []
    args = [(p, options, with_rng) for p in paths]
    iterator: Iterator[FileResult]
    pool = None
    if parallel:
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(paths)))
        # largest files first, so that no worker is left with a big one at the end
        biggest_first = sorted(range(len(paths)), key=lambda i: -_size(paths[i]))
        futures: dict[int, Future[FileResult]] = {i: pool.submit(_worker, args[i]) for i in biggest_first}
        iterator = (futures[i].result() for i in range(len(paths)))
    else:
        iterator = map(_worker, args)
    try:
        for result in iterator:
            results.append(result)
            if progress:
                progress(len(results), len(paths), result.path)
    finally:
        if pool is not None:
            pool.shutdown()
    if not with_rng:
        _run_jing(paths, options, results)
    return results


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
            results[i].diagnostics = sorted(results[i].diagnostics + found.get(str(paths[i]), []),
                                            key=lambda d: (d.line or 0, d.column or 0))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


PARALLEL_FROM_BYTES = 4 * 1024 * 1024


def default_jobs(paths: Sequence[Path]) -> int:
    """Worker processes when --jobs is not given: one per core (at most 4) once the batch is big
    enough (4 MiB) to repay starting them, else 1."""
    total = sum(_size(path) for path in paths)
    return max(1, min(4, os.cpu_count() or 1)) if total >= PARALLEL_FROM_BYTES else 1
