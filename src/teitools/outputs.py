"""Finding inputs and writing outputs safely: atomic writes, no silent overwrites."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from teitools import codes
from teitools.diagnostics import Diagnostic, TeiToolsError

DEFAULT_MAX_BYTES = 256 * 1024 * 1024  # the input size limit of every command (--max-bytes)
STDIN = "-"  # an input named so is read from stdin; ``-o -`` writes to stdout
STDIN_NAME = "stdin"  # the name of that input in headers and output file names
_STDIN_READ: list[tuple[object, bytes]] = []  # stdin as read once (a batch, or a worker, may ask again)


def collect_inputs(paths: Iterable[str], pattern: str) -> list[Path]:
    """Files as given, folders searched recursively for ``pattern``, in a stable order. In a
    folder, a symbolic link that leads out of it is not followed: the user gave the folder,
    not what a link in it points to. Every entry of a folder that matches and is not itself a
    folder is an input, a FIFO, socket or device too: reading it is refused (IO011), so that
    the user hears of a file they may have expected to be checked."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            base = path.resolve()
            matches = sorted(p for p in path.rglob(pattern)
                             if p.exists() and not p.is_dir() and p.resolve().is_relative_to(base))
            if not matches:
                raise TeiToolsError(Diagnostic(codes.IO005, f"folder holds no {pattern} files", path=raw))
            found.extend(matches)
        else:
            found.append(path)
    return found


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file. Opened without blocking,
    so that a FIFO with no writer cannot hang the command. Raises TeiToolsError IO011 for
    anything but a regular file, OSError as ``open`` does."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise TeiToolsError(Diagnostic(codes.IO011, "not a regular file (a FIFO, socket or device)",
                                           path=str(path), hint="give the path of a file"))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_input(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of an input: a regular file, or stdin for ``-``; refused with a clear message
    above ``max_bytes``.

    Only a regular file is read (a symbolic link counts where it points): a FIFO would block
    forever and a device (``/dev/zero``) never ends, so they are refused (IO011). The limit
    is checked on the bytes read, not on the size the file system reports.
    """
    shown = str(path)
    try:
        if shown == STDIN:
            data = read_stdin(max_bytes)
        else:
            with open_regular(path) as handle:
                data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise TeiToolsError(Diagnostic(codes.IO001, "no such file", path=shown)) from None
    except IsADirectoryError:
        raise TeiToolsError(Diagnostic(codes.IO002, "is a folder, not a file", path=shown)) from None
    except OSError as exc:
        raise TeiToolsError(Diagnostic(codes.IO004, f"cannot read: {exc.strerror or exc}",
                                       path=shown)) from None
    if len(data) > max_bytes:
        raise TeiToolsError(Diagnostic(
            codes.IO009, f"file is more than the limit of {max_bytes} bytes", path=shown,
            hint="raise the limit with --max-bytes"))
    return data


def read_stdin(max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """stdin, read once (at most one byte more than ``max_bytes``): asked again, the same bytes."""
    stream = sys.stdin
    if not _STDIN_READ or _STDIN_READ[0][0] is not stream:
        _STDIN_READ[:] = [(stream, stream.buffer.read(max_bytes + 1))]
    return _STDIN_READ[0][1]


def close_stdout() -> None:
    """Point standard output at /dev/null: its reader went away or it takes no more, and nothing
    the process writes later (Python's own flush at exit) may fail again."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def write_stdout(data: bytes) -> None:
    """Write ``data`` to standard output (``-o -``). Raises BrokenPipeError when the reader went
    away (``| head``), TeiToolsError IO008 when the stream takes no more (a full disk, an I/O
    error); then standard output is closed onto /dev/null, so that nothing is written after."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        close_stdout()
        raise TeiToolsError(Diagnostic(codes.IO008, f"standard output cannot be written: "
                                       f"{exc.strerror or exc}", path="-")) from None


def output_path(folder: Path, source: Path, suffix: str, inputs: AbstractSet[Path] = frozenset(),
                roots: Sequence[Path] = ()) -> Path:
    """Where the result for ``source`` goes under ``folder``: its path relative to the input
    folder named on the command line that holds it (the first of ``roots``), so that ``a/x.txt``
    and ``b/x.txt`` cannot collide, with ``suffix``; never onto an input of the run (``inputs``,
    resolved: IO006). The result of stdin (``-``) is ``stdin`` with ``suffix``."""
    if str(source) == STDIN:
        return folder / (STDIN_NAME + suffix)
    relative = Path(source.name)
    for base in roots:
        if source.is_relative_to(base):
            relative = source.relative_to(base)
            break
    target = folder / relative.with_name(source.stem + suffix)
    if target.resolve() in inputs:
        raise TeiToolsError(Diagnostic(
            codes.IO006, f"output {target} would overwrite an input file", path=str(source),
            hint="choose another output folder with -o"))
    return target


def refuse_existing(target: Path, force: bool) -> None:
    """An existing output is replaced only when the user says so."""
    if target.exists() and not force:
        raise _exists(target)


def _holds(target: Path, data: bytes) -> bool:
    """Whether the file ``target`` holds exactly ``data``."""
    try:
        with open(target, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def _exists(target: Path) -> TeiToolsError:
    return TeiToolsError(Diagnostic(codes.IO007, "output exists; not replaced", path=str(target),
                                    hint="use --force to replace it"))


def refuse_source_text(target: Path, tree: etree._ElementTree) -> None:
    """An export never replaces the plain text its TEI was converted from: a file whose
    SHA-256 the header records (``sourceDesc//idno[@type='SHA-256']``, as ``convert`` writes
    it) is refused, forced or not (IO006)."""
    recorded = {str(v) for v in tree.xpath("//*[local-name()='sourceDesc']//*[local-name()='idno']"
                                           "[@type='SHA-256']/text()")}
    if not recorded or not target.is_file():
        return
    if hashlib.sha256(target.read_bytes()).hexdigest() in recorded:
        raise TeiToolsError(Diagnostic(
            codes.IO006, "would replace the text this TEI was converted from; not written", path=str(target),
            hint="choose another output folder with -o"))


TEMP_PREFIX = ".teitools-tmp-"  # temporary files: .teitools-tmp-PID-RANDOM.NAME
_SWEPT: set[Path] = set()


def write_atomic(target: Path, data: bytes, force: bool, protected: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``target`` so that no reader sees a partial file and no file is lost.

    The data goes to a temporary file in the target's folder (named ``TEMP_PREFIX``, with
    this process's id), gets the permissions a normal write gives (0666 less the umask), and
    is committed: without ``force`` by a hard link, which fails if the target exists (so two
    runs racing to one output cannot both succeed, IO007), with ``force`` by a rename over
    it. A target that already holds exactly ``data`` is left as it is and counts as written
    (a task run again after its worker died, on a cluster, finds the output it committed; an
    incremental run adopts an output a plain run wrote): only its time is set to now, as a
    write would, so that it is newer than its input. A
    file in ``protected`` (the inputs and the other outputs of the same run) is never
    replaced, forced or not (IO006). Temporary files that a killed run left in the folder
    are removed first. Raises TeiToolsError: IO006, IO007, IO008 (an OS error).
    """
    resolved = target.resolve()
    if any(resolved == p.resolve() for p in protected):
        raise TeiToolsError(Diagnostic(
            codes.IO006, "would replace an input or another output of this run; not written",
            path=str(target), hint="choose another output path"))
    if not force and _holds(target, data):
        _touch(target)
        return
    refuse_existing(target, force)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _sweep(target.parent)
        fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=f".{target.name}",
                                   dir=target.parent)
        try:
            os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            if force:
                os.replace(tmp, target)
            else:
                _link_new(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except FileExistsError:
        if _holds(target, data):
            _touch(target)
            return
        raise _exists(target) from None
    except OSError as exc:
        raise TeiToolsError(Diagnostic(
            codes.IO008, f"cannot write: {exc.strerror or exc}", path=str(target))) from None


def _touch(target: Path) -> None:
    """Set the time of ``target`` to now, if the system lets us."""
    with contextlib.suppress(OSError):
        os.utime(target)


def _link_new(tmp: str, target: Path) -> None:
    """Commit ``tmp`` as ``target`` only if ``target`` does not exist (FileExistsError)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: the check and the rename are two steps
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(tmp, target)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sweep(folder: Path) -> None:
    """Remove the temporary files of runs that died (their process is gone), once a folder."""
    if folder in _SWEPT:
        return
    _SWEPT.add(folder)
    for stale in folder.glob(f"{TEMP_PREFIX}*"):
        pid = stale.name[len(TEMP_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            stale.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
