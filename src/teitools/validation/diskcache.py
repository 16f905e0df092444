"""Results teitools computed before and keeps in the user cache folder (``$XDG_CACHE_HOME/teitools``
or ``~/.cache/teitools``), read back only when they can be trusted.

A cache is a speed-up, never a source of truth: anything wrong with an entry (missing,
truncated, from another version of the code, written by someone else) makes it a miss, and
the caller computes the value again (and stores it). An entry is trusted only when

- its folder is this user's and writable by no one else (as ssh trusts ``~/.ssh``), and so is
  the entry itself, a regular file opened without following a symbolic link;
- it names the key it was stored under (the file name is the SHA-256 of the key, so a file
  renamed into place does not answer for another key) and the SHA-256 of its body matches.

Someone who can write as this user can change teitools itself, so that is as far as a cache
can defend; callers still check that what they read back has the shape they wrote (see
``rng.Grammar``). Writes are atomic (a reader never sees part of an entry) and a failed write
costs only time. A folder is pruned, oldest entries first, once it holds more than
``MAX_BYTES``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import zlib
from pathlib import Path

from teitools.validation import store

MAGIC = b"teitools-cache 1\n"
MAX_BYTES = 256 * 1024 * 1024  # per folder; pruned to three quarters of it when exceeded
_PRUNED: set[Path] = set()  # folders this process has pruned (or found small enough)


def code_digest(*files: str) -> str:
    """SHA-256 of source files (``__file__`` of the modules whose code made the cached values):
    part of a key, so that a changed algorithm never reads what an older one wrote."""
    digest = hashlib.sha256()
    for name in files:
        try:
            digest.update(Path(name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def _trusted(info: os.stat_result, directory: bool) -> bool:
    kind = stat.S_ISDIR if directory else stat.S_ISREG
    owner = os.getuid() if hasattr(os, "getuid") else info.st_uid
    return kind(info.st_mode) and info.st_uid == owner and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class Folder:
    """One folder of the cache (``store.cache_dir(name)``), its entries keyed by strings."""

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def path(self) -> Path:
        return store.cache_dir(self.name)

    def _file(self, key: str) -> Path:
        return self.path / hashlib.sha256(key.encode()).hexdigest()

    def get(self, key: str) -> bytes | None:
        """The bytes stored under ``key``, or None: not there, or not to be trusted."""
        folder = self.path
        try:
            if not (_trusted(os.stat(folder.parent), True) and _trusted(os.stat(folder), True)):
                return None
            descriptor = os.open(self._file(key), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            if not _trusted(os.fstat(descriptor), False):
                return None
            with os.fdopen(descriptor, "rb", closefd=False) as stream:
                data = stream.read()
        except OSError:
            return None
        finally:
            os.close(descriptor)
        value = _unpack(data, key)
        if value is not None:
            with contextlib.suppress(OSError):  # used now: pruned last
                os.utime(self._file(key))
        return value

    def put(self, key: str, value: bytes) -> None:
        """Store ``value`` under ``key`` (atomically); errors are ignored."""
        folder = self.path
        target = self._file(key)
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with contextlib.suppress(OSError):  # made before, perhaps with a looser mode
                os.chmod(folder, 0o700)
            body = zlib.compress(value, 1)
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC
                                 | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(MAGIC + key.encode() + b"\n" + hashlib.sha256(body).hexdigest().encode()
                             + b"\n" + body)
            os.replace(temporary, target)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()
            return
        self._prune()

    def _prune(self) -> None:
        """Once per process: when the folder holds more than MAX_BYTES, remove the entries used
        longest ago (by modification time) until it holds three quarters of it."""
        folder = self.path
        if folder in _PRUNED:
            return
        _PRUNED.add(folder)
        try:
            entries = []
            for entry in os.scandir(folder):
                if entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    entries.append((info.st_mtime_ns, info.st_size, entry.path))
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        if total <= MAX_BYTES:
            return
        for _, size, path in sorted(entries):
            if total <= MAX_BYTES * 3 // 4:
                break
            with contextlib.suppress(OSError):
                os.unlink(path)
                total -= size


def _unpack(data: bytes, key: str) -> bytes | None:
    """The value of an entry read back, when it is whole and stored under ``key``."""
    head = MAGIC + key.encode() + b"\n"
    start = len(head)
    if not data.startswith(head) or data[start + 64:start + 65] != b"\n":
        return None
    digest, body = data[start:start + 64], data[start + 65:]
    if hashlib.sha256(body).hexdigest().encode() != digest:
        return None
    try:
        return zlib.decompress(body)
    except zlib.error:
        return None
