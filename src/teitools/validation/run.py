"""Validating files: which schemas apply to a document, and every check run on it in order
(safe parsing, RELAX NG, Schematron, integrity). Every document is read and parsed once; a
batch is shared among worker processes, results come back in input order."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path

from lxml import etree

from teitools import codes, safexml
from teitools.diagnostics import Diagnostic, Severity, TeiToolsError
from teitools.validation import integrity, rng, sandbox, schematron, store, xinclude
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
    roots: tuple[Path, ...] = ()  # folders given as input: schemas a document names may be in them
    trust_schemas: bool = False  # schemas a document names may be anywhere (see sandbox)
    xinclude: bool = True  # resolve xi:include (see xinclude), else check the file as it is


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
    chosen: frozenset[Path] = frozenset()  # the schematrons the user named (trusted, see sandbox)
    notes: tuple[Diagnostic, ...] = ()  # about the choice: schemas the document names but the store lacks


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
    """``--schema auto``: the schemas the document's ``<?xml-model?>`` PIs name; tei_all (the
    store's default, shipped with teitools) when it names none, or when a schema it names is not
    in the store and it names no RELAX NG schema that is (a warning, SCH012, says which)."""
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
    notes = tuple(_not_in_store(item, document, fallback) for item in missing)
    return Plan(main_rng, unique, frozenset(p.resolve() for p in chosen), notes)


def _not_in_store(item: store.Declared, document: Path, fallback: bool) -> Diagnostic:
    """SCH012: the document names a schema the store lacks."""
    instead = f": checked against {store.DEFAULT} instead" if fallback else ""
    rule = RULES[codes.SCH012]
    return Diagnostic(codes.SCH012, f"schema {item.href!r} named by <?xml-model?> is not in the schema store"
                      f"{instead}", path=str(document), line=item.line, severity=rule.severity,
                      hint=store.missing_hint(item.href), fields=(("schema", item.href),))


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
    notes: tuple[Diagnostic, ...] = ()  # what XInclude could not resolve


def load(path: Path, options: Options) -> Parsed:
    """Read and parse a document, and resolve its xi:include elements unless told not to.
    Raises TeiToolsError when it cannot be read or parsed."""
    data = safexml.read_limited(path, options.max_bytes)
    tree = safexml.parse_bytes(data, str(path))
    notes = xinclude.expand(tree, path, options.roots, options.max_bytes) if options.xinclude else []
    return Parsed(data, tree, rng.vocabulary(tree), tuple(notes))


def validate_file(path: Path, options: Options, with_rng: bool = True,
                  parsed: Parsed | None = None) -> FileResult:
    """Every check on one file; problems of the input become diagnostics, never exceptions."""
    shown = str(path)
    result = FileResult(shown)
    try:
        parsed = parsed or load(path, options)
        data, tree = parsed.data, parsed.tree
        result.diagnostics += parsed.notes
        checks = plan(tree, path, options)
        result.diagnostics += checks.notes
        repeats = integrity.repeated_ids(tree, shown) if with_rng else []
        result.diagnostics += repeats
        if with_rng and checks.rng is not None:  # repeated ids are told once, by ID001
            checked = integrity.with_unique_ids(tree) if repeats else tree
            result.diagnostics += rng.validate(grammar(checks.rng), checked, data, shown,
                                               options.batch_vocabulary, parsed.vocabulary)
        for sch in checks.schematrons:
            checker = schematron.checker_for(sch, options.trust_schemas or sch in checks.chosen)
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
    """Schemas named on the command line are read and compiled whole once, up front (before
    workers start, which then share them): an incorrect one is one error, not one per file."""
    if options.schema != "auto":
        grammar(store.resolve(options.schema, options.schema_dirs)).check()
    for sch in options.schematron:
        schematron.checker_for(store.resolve(sch, options.schema_dirs), trusted=True)


_PARSED: dict[int, Parsed] = {}  # the documents this process parsed, by their place in the batch
_SETTINGS: dict[str, tuple[Options, bool]] = {}  # a worker's options for the whole batch


def _scan(items: Iterable[tuple[int, Path]], options: Options) -> rng.Vocabulary:
    """Parse documents, keep them in this process for their checks, and return the names they
    use (none from a file that cannot be parsed: its checks say why)."""
    names: set[str] = set()
    for index, path in items:
        try:
            _PARSED[index] = parsed = load(path, options)
        except TeiToolsError:
            continue
        names |= parsed.vocabulary
    return frozenset(names)


def _check(index: int, path: Path, options: Options, with_rng: bool) -> FileResult:
    return validate_file(path, options, with_rng, _PARSED.pop(index, None))


def _configure(options: Options, with_rng: bool) -> None:
    _SETTINGS["batch"] = (options, with_rng)


def _check_here(index: int, path: Path) -> FileResult:
    """A worker's check. Its trees are kept rather than freed one by one: a forked worker ends
    without freeing anything."""
    options, with_rng = _SETTINGS["batch"]
    return validate_file(path, options, with_rng, _PARSED.get(index))


def validate_all(paths: Sequence[Path], options: Options, jobs: int = 1,
                 progress: Callable[[int, int, str], None] | None = None) -> list[FileResult]:
    """Results in input order; with ``jobs`` > 1 in worker processes.

    With RELAX NG, every document is parsed first and its names collected: one schema reduced
    to the names of the whole batch then serves every document (compiled once per process), and
    each document is checked in the process that parsed it, from the tree kept there."""
    with_rng = options.engine != "jing"
    _check_schemas(options)
    scan = with_rng and len(paths) > 1 and options.batch_vocabulary is None
    results: list[FileResult | None] = [None] * len(paths)
    finished = 0

    def done(index: int, result: FileResult) -> None:
        nonlocal finished
        results[index] = result
        finished += 1
        if progress:
            progress(finished, len(paths), result.path)

    if min(jobs, len(paths)) > 1:
        _in_workers(paths, options, min(jobs, len(paths)), scan, with_rng, done)
    else:
        if scan:
            options = replace(options, batch_vocabulary=_scan(enumerate(paths), options))
        for index, path in enumerate(paths):
            done(index, _check(index, path, options, with_rng))
    checked = [result for result in results if result is not None]
    if not with_rng:
        _run_jing(paths, options, checked)
    return checked


class WorkerDied(Exception):
    """A worker process ended while checking a file; ``exitcode`` as multiprocessing gives it
    (minus the signal number for a signal)."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(exitcode)
        self.exitcode = exitcode


class _Worker:
    """A worker process that keeps what it parsed between tasks (a process pool would hand a
    document's check to any process, which would then parse it again)."""

    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)  # type: ignore[attr-defined]
        self.process.start()
        child.close()
        self.running: deque[int] = deque()  # indexes of the documents sent and not yet returned

    def send(self, task: Callable[..., object], *args: object) -> None:
        self.conn.send((task, args))

    def receive(self) -> object:
        """The value of the task sent first. Raises WorkerDied when the process ended (a
        crash in a C library: the task's file is to blame), RuntimeError on a bug."""
        try:
            ok, value = self.conn.recv()
        except (EOFError, ConnectionError):
            self.process.join(timeout=5)
            raise WorkerDied(self.process.exitcode) from None
        if not ok:
            raise RuntimeError(f"in a validation worker: {value}")
        return value

    def stop(self, idle: bool) -> None:
        """End the process: asked to when it is idle, else (the batch was abandoned) killed."""
        if idle:
            try:
                self.conn.send(None)
                self.process.join(timeout=5)
            except OSError:
                pass
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _serve(conn: Connection) -> None:
    """A worker's loop: run each task the parent sends, send back its value or its failure.
    Ctrl-C is the parent's to handle; the worker dies with its parent (Linux's parent-death
    signal), so that killing ``validate`` never leaves workers running."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    while (message := conn.recv()) is not None:
        task, args = message
        try:
            conn.send((True, task(*args)))
        except Exception as exc:  # a bug: the parent reports it
            conn.send((False, "".join(traceback.format_exception_only(exc)).strip()))


_PR_SET_PDEATHSIG = 1  # prctl(2)


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere
    the workers are daemonic and end when the parent exits normally."""
    if sys.platform != "linux":
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _crashed(path: Path, exitcode: int | None) -> FileResult:
    """The result of a file whose check killed its worker process."""
    how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exit status {exitcode}"
    return FileResult(str(path), [Diagnostic(
        codes.VAL001, f"the validator crashed on this file ({how}); the batch's other files were checked",
        path=str(path), hint="please report it with the file")])


def _in_workers(paths: Sequence[Path], options: Options, jobs: int, scan: bool, with_rng: bool,
                done: Callable[[int, FileResult], None]) -> None:
    """Each worker parses its share of the batch (shares balanced by size) and keeps the trees;
    once the batch's names are known, it checks the documents it parsed, largest first. A worker
    that runs out takes the smallest documents left to another (and parses those itself)."""
    # fork on Linux: workers start at once, with the modules and the schema already loaded
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    shares = _shares(paths, jobs)
    workers = [_Worker(context) for _ in shares]
    completed = False
    try:
        if scan:
            for worker, share in zip(workers, shares, strict=True):
                worker.send(_scan, [(i, paths[i]) for i in share], options)
            names: set[str] = set()
            for worker in workers:
                names |= worker.receive()  # type: ignore[arg-type]
            options = replace(options, batch_vocabulary=frozenset(names))
        for worker in workers:
            worker.send(_configure, options, with_rng)
            worker.receive()
        queues = [deque(share) for share in shares]

        def feed(number: int) -> None:
            own = queues[number]
            other = max(queues, key=len)
            if own or other:
                index = own.popleft() if own else other.pop()
                workers[number].running.append(index)
                workers[number].send(_check_here, index, paths[index])

        for number in range(len(workers)):
            feed(number)
            feed(number)  # a second task waiting, so that the worker never idles between two
        by_conn = {worker.conn: number for number, worker in enumerate(workers)}
        while any(worker.running for worker in workers):
            for conn in wait([worker.conn for worker in workers if worker.running]):
                number = by_conn[conn]  # type: ignore[index]
                try:
                    result = workers[number].receive()
                except WorkerDied as death:  # the file it was checking crashed it: a new worker
                    index = workers[number].running.popleft()
                    done(index, _crashed(paths[index], death.exitcode))
                    waiting = list(workers[number].running)
                    workers[number].stop(idle=False)
                    workers[number] = _Worker(context)
                    workers[number].send(_configure, options, with_rng)
                    workers[number].receive()
                    by_conn = {worker.conn: k for k, worker in enumerate(workers)}
                    queues[number].extendleft(reversed(waiting))
                    feed(number)
                    feed(number)
                    continue
                assert isinstance(result, FileResult)
                done(workers[number].running.popleft(), result)
                feed(number)
        completed = True
    finally:
        for worker in workers:
            worker.stop(idle=completed)


def _shares(paths: Sequence[Path], jobs: int) -> list[list[int]]:
    """The documents (indexes) split into ``jobs`` shares of nearly equal bytes, each largest first."""
    sizes = [_size(path) for path in paths]
    shares: list[list[int]] = [[] for _ in range(jobs)]
    loads = [0] * jobs
    for index in sorted(range(len(paths)), key=lambda i: -sizes[i]):
        lightest = loads.index(min(loads))
        shares[lightest].append(index)
        loads[lightest] += sizes[index]
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
