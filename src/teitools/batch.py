"""The batch engine every command runs on: a plan (inputs → outputs, relative paths kept under
``-o``), an executor that runs one task per input (in this process, in a pool of worker
processes, or on a Dask cluster, see ``batch_dask``), and a results stream that prints each
input's diagnostics in input order, shows one progress bar on a terminal and ends with a summary.

A task is a picklable callable taking one :class:`Item` and returning that input's outcome;
it never raises for a problem of the input (that is a diagnostic in its outcome). An executor
yields ``(position, outcome)`` pairs in the order the tasks finish; an input whose worker
process died while on it gets a :class:`Crashed` outcome instead, and the batch goes on.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import click

from teitools import codes
from teitools.diagnostics import Diagnostic, TeiToolsError
from teitools.manifest import Entry, Manifest, Seen
from teitools.outputs import STDIN, collect_inputs, output_path, refuse_existing

if TYPE_CHECKING:  # multiprocessing is imported when a pool starts, not with every command
    import multiprocessing.context
    from multiprocessing.connection import Connection

# ---------------------------------------------------------------- the plan

R = TypeVar("R", bound="Result")


@dataclass(frozen=True)
class Item:
    """One input of a batch: its place in input order, its path as the user gave it (reports
    show it so), its output (None: no output, or stdout), its size in bytes, whether an existing
    output may be replaced, and what the task needs of it besides (``extra``: for convert, its
    metadata sidecar)."""

    index: int
    path: Path
    target: Path | None = None
    size: int = 0
    replace: bool = False  # --force, or an output the manifest records as ours
    extra: Any = None


@dataclass
class Plan:
    """Every input of a run in input order, with its output; ``refused`` holds the inputs whose
    output cannot be written (IO006, IO007), with the reason, before any work is done."""

    items: list[Item]
    refused: dict[int, TeiToolsError] = field(default_factory=dict)

    @property
    def paths(self) -> list[Path]:
        return [item.path for item in self.items]

    @property
    def targets(self) -> list[Path]:
        return [item.target for item in self.items if item.target is not None]


def plan(inputs: Sequence[str], pattern: str, output: Path | None = None, suffix: str = "",
         force: bool = False, ours: Callable[[Path, Path], bool] | None = None, adopt: bool = False) -> Plan:
    """The inputs (files, and folders searched for ``pattern``) in a stable order, each with its
    output under ``output`` (None: no output folder) keeping its path below the input folder
    named on the command line, and its size. An output that would replace an input or another
    output of the run is refused here, before the work (IO006), and so is one that exists
    (IO007) unless ``force``, or ``ours(input, output)`` says the manifest records it as made
    from that input (then it may be replaced), or ``adopt`` leaves it to the write, which keeps
    a file that holds exactly the bytes to write and refuses any other (IO007): the input is in
    ``refused``. Raises TeiToolsError IO005 for a folder without inputs."""
    paths = collect_inputs(inputs, pattern)
    roots = [Path(raw) for raw in inputs if raw != STDIN and Path(raw).is_dir()]
    resolved = {path.resolve() for path in paths if str(path) != STDIN} if output is not None else set()
    items: list[Item] = []
    refused: dict[int, TeiToolsError] = {}
    seen: dict[Path, int] = {}
    for index, path in enumerate(paths):
        target = None
        replace = force
        try:
            if output is not None:
                target = output_path(output, path, suffix, resolved, roots)
                key = target.resolve()
                if key in seen:
                    raise TeiToolsError(Diagnostic(
                        codes.IO006, f"output {target} is also the output of {paths[seen[key]]}",
                        path=str(path), hint="give inputs of different names, or their folder"))
                seen[key] = index
                if not force and target.exists():
                    if ours is not None and ours(path, target):
                        replace = True
                    elif not adopt:
                        refuse_existing(target, force)
        except TeiToolsError as exc:
            refused[index] = exc
        items.append(Item(index, path, target, size_of(path), replace))
    return Plan(items, refused)


def size_of(path: Path) -> int:
    """The size of the file at ``path`` in bytes (0 for stdin or a file that cannot be seen)."""
    try:
        return path.stat().st_size if str(path) != STDIN else 0
    except OSError:
        return 0


# ---------------------------------------------------------------- executors


@dataclass(frozen=True)
class Crashed:
    """The outcome of an input whose worker process died while on it (a crash in a C library,
    a kill): ``exitcode`` as multiprocessing gives it (minus the signal number for a signal),
    None on a cluster, where the input was tried on as many workers as the scheduler allows."""

    exitcode: int | None

    def how(self) -> str:
        """``signal 9``, ``exit status 3``, or what the cluster did."""
        if self.exitcode is None:
            return "its workers died each time the cluster tried it"
        if self.exitcode < 0:
            return f"signal {-self.exitcode}"
        return f"exit status {self.exitcode}"

    def diagnostic(self, path: str) -> Diagnostic:
        """VAL001 for the input at ``path``."""
        return Diagnostic(codes.VAL001, f"teitools crashed on this file ({self.how()}); the batch's other "
                          "files were done", path=path, hint="please report it with the file")


class Executor(Protocol):
    """Runs a task on items: yields ``(position in items, outcome or Crashed)`` as each finishes."""

    def map(self, task: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[tuple[int, Any]]: ...

    def close(self) -> None: ...


class Inline:
    """Every task in this process, in order: for one input, one job, or a batch too small to
    repay starting workers. A crash here ends the command."""

    def map(self, task: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        for position, item in enumerate(items):
            yield position, task(item)

    def close(self) -> None:
        pass


class _Worker:
    """A worker process and the pipe to it; ``running``: the positions sent and not yet back."""

    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, os.getpid()), daemon=True)  # type: ignore[attr-defined]
        self.process.start()
        child.close()
        self.running: deque[int] = deque()

    def send(self, func: Callable[..., object], *args: object) -> None:
        """Send a call; to a process that already died, nothing: :meth:`receive` then says so
        (the pipe to it is broken, which is no reader of standard output going away)."""
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.conn.send((func, args))

    def receive(self) -> object:
        """The value of the call sent first. Raises _Died when the process ended, RuntimeError
        when the call raised (a bug)."""
        try:
            ok, value = self.conn.recv()
        except (EOFError, ConnectionError):
            self.process.join(timeout=5)
            raise _Died(self.process.exitcode) from None
        if not ok:
            raise RuntimeError(f"in a worker process: {value}")
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


class _Died(Exception):
    def __init__(self, exitcode: int | None) -> None:
        super().__init__(exitcode)
        self.exitcode = exitcode


def _serve(conn: Connection, parent: int) -> None:
    """A worker's loop: run each call the parent sends, send back its value or its failure.
    Ctrl-C is the parent's to handle; the worker dies with its parent (Linux's parent-death
    signal), so that killing teitools never leaves workers running. ``parent``: the parent's
    process id, taken before the fork."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    while (message := conn.recv()) is not None:
        func, args = message
        try:
            conn.send((True, func(*args)))
        except Exception as exc:  # a bug: the parent reports it
            conn.send((False, "".join(traceback.format_exception_only(exc)).strip()))


_PR_SET_PDEATHSIG = 1  # prctl(2)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere
    the workers are daemonic and end when the parent exits normally. ``parent``: the parent's
    process id as the parent gave it before the fork: read here, it would already be the
    adopting process's when the parent died before the worker ran (which then never dies)."""
    if sys.platform != "linux":
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


class LocalPool:
    """``jobs`` worker processes (forked on Linux: they start at once, with the modules loaded)
    that live for the whole batch, so that a worker keeps what it computed between two maps.

    A worker that dies while on an input is replaced: that input's outcome is
    :class:`Crashed`, the inputs sent to it after that one go to the new worker, and the calls
    given to :meth:`broadcast` are run on the new worker first."""

    def __init__(self, jobs: int) -> None:
        import multiprocessing

        self._context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
        self._workers = [_Worker(self._context) for _ in range(jobs)]
        self._setup: list[tuple[Callable[..., object], tuple[object, ...]]] = []
        self._idle = True

    @property
    def size(self) -> int:
        return len(self._workers)

    def broadcast(self, func: Callable[..., object], *args: object) -> list[object]:
        """Call ``func(*args)`` in every worker (and in every worker that replaces one later, where
        it replaces an earlier broadcast of ``func``); the values, one per worker. A worker that
        dies here is replaced."""
        self._setup = [(earlier, given) for earlier, given in self._setup if earlier is not func]
        self._setup.append((func, args))
        values: list[object] = []
        for number in range(len(self._workers)):
            values.append(self._call(number, func, args))
        return values

    def each(self, func: Callable[..., object], args: Sequence[tuple[object, ...]]) -> list[object]:
        """Call ``func(*args[k])`` in worker k, all at once; the values in worker order (None
        from a worker that died, which is replaced)."""
        for worker, own in zip(self._workers, args, strict=True):
            worker.send(func, *own)
        values: list[object] = []
        for number in range(len(args)):
            try:
                values.append(self._workers[number].receive())
            except _Died:
                self._replace(number)
                values.append(None)
        return values

    def _call(self, number: int, func: Callable[..., object], args: tuple[object, ...]) -> object:
        self._workers[number].send(func, *args)
        try:
            return self._workers[number].receive()
        except _Died:
            self._replace(number)
            return None

    def _replace(self, number: int) -> None:
        self._workers[number].stop(idle=False)
        self._workers[number] = worker = _Worker(self._context)
        for func, args in self._setup:
            worker.send(func, *args)
            worker.receive()

    def map(self, task: Callable[[Any], Any], items: Sequence[Any],
            affinity: Sequence[int] | None = None) -> Iterator[tuple[int, Any]]:
        """Run ``task(item)`` for every item, two at a time per worker (so that none idles
        between two). Without ``affinity`` the items go out in order; with it, each worker
        takes the positions given to it (``affinity[position]``: a worker number), the first
        of them first, and, when it runs out, the last ones left to another."""
        count = len(self._workers)
        if affinity is None:
            queues = [deque(range(len(items)))]
            own = [0] * count
        else:
            queues = [deque() for _ in range(count)]
            for position, number in enumerate(affinity):
                queues[number].append(position)
            own = list(range(count))
        self._idle = False

        def feed(number: int) -> None:
            mine = queues[own[number]]
            other = max(queues, key=len)
            if mine or other:
                position = mine.popleft() if mine else other.pop()
                self._workers[number].running.append(position)
                self._workers[number].send(task, items[position])

        for _ in range(2):  # a round at a time: none takes over another's first position
            for number in range(count):
                feed(number)
        from multiprocessing.connection import wait

        while any(worker.running for worker in self._workers):
            by_conn = {worker.conn: k for k, worker in enumerate(self._workers) if worker.running}
            for conn in wait(list(by_conn)):
                number = by_conn[conn]  # type: ignore[index]
                worker = self._workers[number]
                try:
                    outcome = worker.receive()
                except _Died as death:  # the input it was on crashed it: a new worker
                    position = worker.running.popleft()
                    waiting = list(worker.running)
                    self._replace(number)
                    queues[own[number]].extendleft(reversed(waiting))
                    feed(number)
                    feed(number)
                    yield position, Crashed(death.exitcode)
                    continue
                position = worker.running.popleft()
                feed(number)
                yield position, outcome
        self._idle = True

    def close(self) -> None:
        """End the workers: asked to when the last map finished, else killed."""
        for worker in self._workers:
            worker.stop(idle=self._idle)



def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def workers_for(items: Sequence[Item], jobs: int | None, parallel_from: int) -> int:
    """How many worker processes a batch gets: ``jobs`` when given, else one per core; never more
    than there are inputs; 1 (run in this process) when ``jobs`` is not given and the inputs
    hold fewer than ``parallel_from`` bytes, too few to repay starting workers."""
    if jobs is None:
        jobs = cores() if sum(item.size for item in items) >= parallel_from else 1
    return max(1, min(jobs, len(items)))


def local_executor(workers: int) -> Inline | LocalPool:
    """In this process for one worker, else a pool of ``workers`` processes."""
    return Inline() if workers <= 1 else LocalPool(workers)


# ---------------------------------------------------------------- the results stream


class Progress:
    """One progress bar on stderr, only when stderr is a terminal and the batch has more than one
    input: files done of the total, failures, files per second, time left (click's bar). Lines
    written through :meth:`echo` go above it."""

    def __init__(self, total: int, label: str) -> None:
        self.failed = 0
        self._start = time.monotonic()
        self._bar: Any = None
        if total > 1 and sys.stderr.isatty():
            self._bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True,
                                          show_eta=True, show_percent=False, width=24,
                                          item_show_func=self._status)
            self._bar.__enter__()

    def _status(self, done: int | None) -> str:
        seconds = max(time.monotonic() - self._start, 1e-9)
        rate = (done or 0) / seconds
        return f"{self.failed} failed, {rate:.1f} files/s"

    def advance(self, failed: bool) -> None:
        """One more input done."""
        self.failed += failed
        if self._bar is not None:
            self._bar.update(1, self._bar.pos + 1)

    def echo(self, line: str, err: bool = True, color: bool | None = None) -> None:
        """Print a line (stderr, or stdout) above the bar; ``color`` True keeps its colours
        even off a terminal (``--color always``)."""
        if self._bar is not None:
            click.echo("\r\033[K", nl=False, err=True)
        click.echo(line, err=err, color=color)
        if self._bar is not None:
            self._bar.render_progress()

    def close(self) -> None:
        """Take the bar off the terminal (and show the cursor it hid)."""
        if self._bar is not None:
            click.echo("\r\033[K\033[?25h", nl=False, err=True)
            self._bar = None


class Result(Protocol):
    """What the results stream needs of an input's outcome (``tasks.Outcome``,
    ``validation.run.FileResult``)."""

    seen: Seen | None
    cached: bool

    @property
    def failed(self) -> bool: ...

    @property
    def recordable(self) -> bool: ...

    def depends(self) -> Sequence[str]: ...

    def replay(self) -> dict[str, Any]: ...


class InOrder:
    """Outcomes that arrive in any order, given back in input order as soon as every earlier one
    has arrived (a stable order for the diagnostics whatever the executor)."""

    def __init__(self) -> None:
        self._next = 0
        self._waiting: dict[int, Any] = {}

    def add(self, position: int, outcome: Any) -> Iterator[tuple[int, Any]]:
        """The outcomes now ready, in order, after ``outcome`` at ``position``."""
        self._waiting[position] = outcome
        while self._next in self._waiting:
            yield self._next, self._waiting.pop(self._next)
            self._next += 1


class Batch:
    """One command's run over a plan: the outcome of every input in input order, whether it was
    refused by the plan, up to date in the manifest (``incremental``: its outcome is replayed),
    or worked on; the progress bar advanced and the manifest kept current as they come."""

    def __init__(self, plan: Plan, label: str, manifest: Manifest | None = None,
                 incremental: bool = False) -> None:
        self.plan = plan
        self.manifest = manifest
        self.incremental = incremental
        self.progress = Progress(len(plan.items), label)
        self.failed = 0
        self.cached = 0
        self.finished = 0  # inputs whose outcome is known (done, refused or replayed)
        self.worked = 0  # ... of which worked on (neither refused nor replayed)
        self.stopped: TeiToolsError | None = None  # why the run stopped before the end
        self._start = time.monotonic()

    def outcomes(self, work: Callable[[list[Item]], Iterator[tuple[int, R]]],
                 replayed: Callable[[Item, Entry], R], refused: Callable[[Item, TeiToolsError], R]
                 ) -> Iterator[tuple[Item, R]]:
        """``(item, outcome)`` for every input in input order; ``work(items)`` runs the inputs
        to be worked on and yields ``(position in items, outcome)`` as each finishes."""
        ready: dict[int, R] = {}
        for item in self.plan.items:
            if item.index in self.plan.refused:
                ready[item.index] = refused(item, self.plan.refused[item.index])
            elif self.incremental and self.manifest is not None and str(item.path) != STDIN:
                entry = self.manifest.current(item.path, item.target)
                if entry is not None:
                    ready[item.index] = replayed(item, entry)
        todo = [item for item in self.plan.items if item.index not in ready]
        order = InOrder()
        try:
            for index, outcome in ready.items():
                yield from self._done(order.add(index, outcome))
            if todo:
                for position, outcome in work(todo):
                    self.worked += 1
                    yield from self._done(order.add(todo[position].index, outcome))
        except TeiToolsError as exc:  # the executor cannot go on (a cluster lost): report what is done
            self.stopped = exc
        finally:
            self.progress.close()
            if self.manifest is not None:
                self.manifest.close()

    def _done(self, ready: Iterator[tuple[int, R]]) -> Iterator[tuple[Item, R]]:
        for index, outcome in ready:
            item = self.plan.items[index]
            self.finished += 1
            self.failed += outcome.failed
            self.cached += outcome.cached
            if self.manifest is not None and not outcome.cached and str(item.path) != STDIN \
                    and index not in self.plan.refused:  # refused: nothing was done, the entry holds
                if outcome.recordable and outcome.seen is not None:
                    self.manifest.record(item.path, outcome.seen, self.manifest.depends(outcome.depends()),
                                         item.target, outcome.replay())
                else:
                    self.manifest.forget(item.path)
            self.progress.advance(outcome.failed)
            yield item, outcome

    def run(self, task: Callable[[Item], Any], executor: Callable[[list[Item]], Executor],
            crashed: Callable[[Item, Crashed], R]) -> Callable[[list[Item]], Iterator[tuple[int, R]]]:
        """The ``work`` of :meth:`outcomes` for a task that maps: ``executor(items)`` made for the
        items to work on, ``crashed`` the outcome of an input whose worker died."""

        def work(todo: list[Item]) -> Iterator[tuple[int, R]]:
            running = executor(todo)
            try:
                for position, outcome in running.map(task, todo):
                    if isinstance(outcome, Crashed):
                        outcome = crashed(todo[position], outcome)
                    yield position, outcome
            finally:
                running.close()

        return work

    def summary(self, done: str) -> str:
        """``2000 files: 1998 converted, 2 failed, 1980 unchanged; 52.1 s, 0.4 files/s``
        (``done``: what was done to a file; the rate counts the files worked on, not those refused
        or unchanged, and is left out when there were none); a run that stopped early (a cluster
        lost) says how many files it did not get to (``…, 30 not done``)."""
        total = len(self.plan.items)
        seconds = time.monotonic() - self._start
        unchanged = f", {self.cached} unchanged" if self.incremental else ""
        left = f", {total - self.finished} not done" if self.finished < total else ""
        rate = f", {self.worked / max(seconds, 1e-9):.1f} files/s" if self.worked else ""
        return (f"{total} file{'s' if total != 1 else ''}: {self.finished - self.failed} {done}, "
                f"{self.failed} failed{unchanged}{left}; {seconds:.1f} s{rate}")
