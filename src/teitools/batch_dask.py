"""A batch on a Dask cluster (``--scheduler tcp://HOST:8786``, or ``DASK_SCHEDULER_ADDRESS``):
the executor of ``teitools.batch`` for collections beyond one machine. Dask (``pip install
'teitools[dask]'``) schedules, moves the tasks and their results, and runs a dead worker's
tasks again elsewhere; this module only cuts the inputs into tasks and keeps a bounded number
of them in flight. It is imported only when ``--scheduler`` is given.

The workers read the inputs and write the outputs themselves, at the paths this process sees:
each task runs in the folder teitools was started in, which must be on a file system every
worker mounts at the same path (see docs/batch.md). A task holds several inputs (about
``chunk_bytes`` of them) so that the cluster's cost per task stays small beside the work. A
task the scheduler gives up on (its workers died ``allowed-failures`` + 1 times: Dask's
``KilledWorker``) is split, and each of its inputs tried alone, twice, so that only an input
that kills workers is reported (VAL001), not the ones that shared a worker with it.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from itertools import count
from typing import Any

from teitools import __version__, codes
from teitools.batch import Crashed, Item
from teitools.diagnostics import Diagnostic, TeiToolsError

_LOCK = threading.Lock()  # one task at a time per worker process: a task changes the folder it works in
_RUNS = count()


class Unreachable(Exception):
    """A worker cannot enter the folder of the run."""


def _own_names() -> None:
    """Give the thread that runs tasks lxml's dictionary of names of its own, unless it has one.

    lxml keeps one dictionary of element, attribute and variable names per thread. A thread
    whose first lxml call parses gets the parser's, a dictionary of its own; one whose first
    call builds an element (as convert does) gets a sub-dictionary of the main thread's. libxml2
    looks a name up in one parent dictionary only, and libxslt compares names by address; so in
    the second case a stylesheet compiled in that thread, whose transformation adds another
    level of dictionary, fails to find a variable in an attribute value template evaluated as it
    runs (the HTML stylesheet's ``h{$level}``: EX002 "Undefined variable") once the main thread
    has parsed XML holding that name, as a Dask worker's does when it unpickles a validate task.
    A tiny parse first, in the thread the tasks run in, avoids it."""
    from lxml import etree

    etree.fromstring(b"<teitools/>")


def _run_here(task: Callable[[Item], Any], folder: str, items: list[Item]) -> tuple[str, str, list[Any]]:
    """On a worker: the outcomes of ``items``, run in ``folder``, with this worker's teitools
    version and host name. Raises Unreachable when the folder cannot be entered."""
    _own_names()
    with _LOCK:
        previous = os.getcwd()
        try:
            os.chdir(folder)
        except OSError as exc:
            host = socket.gethostname()
            raise Unreachable(f"worker {host} cannot enter {folder}: {exc.strerror}") from None
        try:
            return __version__, socket.gethostname(), [task(item) for item in items]
        finally:
            os.chdir(previous)


SCHEMES = ("tcp", "tls", "ws", "wss")  # the transports of Dask between machines
PROBE_SECONDS = 5  # how long the first TCP connection to the scheduler's port may take
_ADDRESS = re.compile(r"(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[^\s:/\[\]]+)"
                      r":(?P<port>[0-9]+)")


def host_port(address: str, option: str = "--scheduler") -> tuple[str, int]:
    """The host and port of a Dask scheduler's ``address`` (``tcp://HOST:PORT``, or another of
    Dask's SCHEMES between machines; ``HOST:PORT`` is tcp), checked without a connection.
    Raises TeiToolsError USE003 for anything else; ``option`` names where the address came
    from."""
    hint = "give the scheduler's address as `dask scheduler` prints it, tcp://HOST:8786"
    match = _ADDRESS.fullmatch(address)
    scheme = (match["scheme"] or "tcp").lower() if match else address.partition("://")[0].lower()
    if scheme in ("http", "https"):
        raise TeiToolsError(Diagnostic(
            codes.USE003, f"{option}: {address!r} is a web address (a Dask dashboard's?), not a scheduler's",
            path="teitools", hint=hint))
    if match is None or scheme not in SCHEMES:
        what = "an empty address" if not address else f"{address!r} is not a Dask scheduler address"
        raise TeiToolsError(Diagnostic(codes.USE003, f"{option}: {what}", path="teitools", hint=hint))
    port = int(match["port"])
    if not 0 < port < 65536:
        raise TeiToolsError(Diagnostic(codes.USE003, f"{option}: port {port} of {address!r} is not 1 to "
                                       "65535", path="teitools", hint=hint))
    return match["host"].strip("[]"), port


class DaskExecutor:
    """An executor on the Dask cluster whose scheduler is at ``address``, connected to at once.
    Raises TeiToolsError USE003 for an address that cannot be one (see :func:`host_port`;
    ``option`` names where it came from), USE008 when Dask is not installed, USE009 when the
    host is unknown, refuses the connection, or no scheduler answers within Dask's connect timeout
    (``distributed.comm.timeouts.connect``, 30 s unless configured, for instance by
    ``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT``)."""

    def __init__(self, address: str, chunk_bytes: int, option: str = "--scheduler") -> None:
        host, port = host_port(address, option)
        try:
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise TeiToolsError(Diagnostic(codes.USE008, "--scheduler needs Dask, which is not installed",
                                           path="teitools")) from None
        if address.lower().startswith("tls://") and \
                distributed.Security().get_connection_args("client")["ssl_context"] is None:
            # Dask's client would fail on it without cleaning up after itself
            raise TeiToolsError(Diagnostic(
                codes.USE003, f"{option}: {address!r} needs Dask's TLS settings, which are not given",
                path="teitools", hint="set distributed.comm.tls.ca-file and distributed.comm.tls.client.* "
                                      "in Dask's configuration"))
        try:
            socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise _gone(address, f"cannot find the host {host!r} ({getattr(exc, 'strerror', None) or exc})"
                        ) from None
        try:  # a refused connection is a final answer; Dask's client would retry it until its timeout
            socket.create_connection((host, port), timeout=PROBE_SECONDS).close()
        except ConnectionRefusedError:
            raise _gone(address, f"nothing listens on port {port} of {host} (connection refused)") from None
        except OSError:
            pass  # no answer yet: Dask's connect timeout decides
        for name in ["distributed", *logging.root.manager.loggerDict]:  # teitools prints its own lines only
            if name.split(".")[0] == "distributed":
                logging.getLogger(name).setLevel(logging.CRITICAL)
        self._distributed = distributed
        self.address = address
        self.chunk_bytes = chunk_bytes
        try:
            self._client: Any = distributed.Client(address, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise _gone(address, exc) from None
        self._run = f"teitools-{os.getpid()}-{next(_RUNS)}"

    def threads(self) -> int:
        """The cluster's worker threads now (at least 1)."""
        return max(1, int(sum(self._client.nthreads().values())))

    def map(self, task: Callable[[Item], Any], items: Sequence[Item]) -> Iterator[tuple[int, Any]]:
        """Every item's outcome, as its task finishes: tasks of consecutive items of about
        ``chunk_bytes``, at most four per worker thread in flight."""
        from distributed.scheduler import KilledWorker

        threads = self.threads()
        chunks = _chunks(items, self.chunk_bytes, threads)
        folder = os.getcwd()
        waiting = list(reversed(chunks))
        placed: dict[str, list[int]] = {}
        tried: set[int] = set()  # inputs whose task alone was lost with its workers once
        numbers = count()

        def submit(positions: list[int]) -> Any:
            key = f"{self._run}-{next(numbers)}"
            placed[key] = positions
            return self._client.submit(_run_here, task, folder, [items[p] for p in positions], key=key,
                                       pure=False)

        flight = self._distributed.as_completed(
            [submit(waiting.pop()) for _ in range(min(len(waiting), 4 * threads))], loop=self._client.loop)
        for future in flight:
            positions = placed.pop(future.key)
            try:
                version, host, outcomes = future.result()
            except KilledWorker:
                alone = len(positions) == 1
                if not alone or positions[0] not in tried:  # each input alone, twice, before blaming it
                    tried.update(positions if alone else ())
                    for position in positions:
                        flight.add(submit([position]))
                    continue
                yield positions[0], Crashed(None)
                outcomes = None
            except Unreachable as exc:
                raise TeiToolsError(Diagnostic(codes.IO012, str(exc), path="teitools")) from None
            except (OSError, TimeoutError) as exc:
                raise _gone(self.address, exc) from None
            if outcomes is not None:
                if version != __version__:
                    raise TeiToolsError(Diagnostic(
                        codes.USE010, f"worker {host} runs teitools {version}, this is {__version__}",
                        path="teitools"))
                yield from zip(positions, outcomes, strict=True)
            if waiting:
                flight.add(submit(waiting.pop()))

    def close(self) -> None:
        """Cancel what is still in flight and leave the cluster."""
        self._client.close()


def _gone(address: str, exc: BaseException | str) -> TeiToolsError:
    return TeiToolsError(Diagnostic(codes.USE009, f"no Dask scheduler answers at {address}: {exc}",
                                    path="teitools"))


def _chunks(items: Sequence[Item], chunk_bytes: int, threads: int) -> list[list[int]]:
    """Positions of consecutive items cut into tasks of about ``chunk_bytes`` (at most 256
    inputs), smaller when that would leave fewer than four tasks per worker thread."""
    total = sum(item.size for item in items)
    target = max(1, min(chunk_bytes, total // (4 * threads)))
    chunks: list[list[int]] = []
    chunk: list[int] = []
    size = 0
    for position, item in enumerate(items):
        chunk.append(position)
        size += item.size
        if size >= target or len(chunk) >= 256:
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks
