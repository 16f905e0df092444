"""Incremental runs (``--incremental``): a manifest of what earlier runs did, so that an input
whose result cannot have changed is not done again.

The manifest is one SQLite file (the standard library's ``sqlite3``): one row per command and
input (its absolute path), holding the teitools version and the key of the options that change
the result, the input as it was read (its fingerprint and SHA-256), the files the result also
depends on (a schema, a metadata sidecar, an included file: each with its fingerprint and
SHA-256), the output written with its size and time, and what to replay: the input's
diagnostics, summary and report entry. Only the process that runs the command writes it
(workers, local or on a cluster, send their results back), every few hundred rows and at the
end, so that an interrupted run keeps what it finished.

An input is up to date when the version and the options key are those recorded, the input and
every file it depends on hold the same bytes (their fingerprint — size, times, inode — is
unchanged, or else their SHA-256 is), and its output, if it has one, is the file written then
(same size and time) and is newer than the input.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from teitools import __version__, codes
from teitools.diagnostics import Diagnostic, TeiToolsError
from teitools.outputs import open_regular

NAME = ".teitools-manifest.sqlite"  # beside the outputs of convert and export
_SCHEMA = 1  # of the table; a manifest of another schema is started afresh
_COMMIT_EVERY = 500


@dataclass(frozen=True)
class Seen:
    """A file as a task read it: its fingerprint taken before reading (see :func:`fingerprint`)
    and the SHA-256 of the bytes read."""

    stat: str
    sha256: str


def fingerprint(path: Path) -> str:
    """``size:mtime_ns:ctime_ns:inode`` of ``path``, or ``missing``. Any write to the file
    changes its ctime, which no user can set back: an unchanged fingerprint means unchanged
    bytes."""
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def options_key(options: Mapping[str, object]) -> str:
    """The SHA-256 of the options that change a result (JSON, keys sorted)."""
    text = json.dumps(options, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def user_manifest() -> Path:
    """The manifest ``validate --incremental`` keeps when not told where: in the user's cache
    folder (``$XDG_CACHE_HOME/teitools``, else ``~/.cache/teitools``), one for every folder
    validated, as each row is keyed by the absolute path of its input."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "teitools" / "validate-manifest.sqlite"


@dataclass(frozen=True)
class Entry:
    """What the manifest records of one input (see the module's description)."""

    input: Seen
    depends: tuple[tuple[str, Seen], ...]
    output: str | None  # the output's path as written
    output_stat: str | None  # its size:mtime_ns then
    replay: dict[str, Any]


class Manifest:
    """The manifest at ``path`` for ``command`` with options ``key`` (see :func:`options_key`);
    created when missing. Raises TeiToolsError IO008 when it cannot be opened or created."""

    def __init__(self, path: Path, command: str, key: str = "") -> None:
        import sqlite3

        self.path = path
        self.command = command
        self.key = key
        self._pending = 0
        self._hashes: dict[tuple[str, str], str] = {}
        self._stats: dict[str, str] = {}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=60)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS files (command TEXT NOT NULL, input TEXT NOT NULL, "
                "schema INTEGER NOT NULL, version TEXT NOT NULL, options TEXT NOT NULL, entry TEXT NOT NULL, "
                "PRIMARY KEY (command, input))")
        except (OSError, sqlite3.Error) as exc:
            raise TeiToolsError(Diagnostic(codes.IO008, f"cannot open the manifest: {exc}",
                                           path=str(path))) from None
        self._error = sqlite3.Error

    def lookup(self, path: Path, any_version: bool = False) -> Entry | None:
        """The entry of the input at ``path`` when it was made by this version of teitools with
        the same options (``any_version``: by any), else None."""
        row = self._db.execute("SELECT schema, version, options, entry FROM files WHERE command = ? AND "
                               "input = ?", (self.command, _absolute(path))).fetchone()
        if row is None or row[0] != _SCHEMA:
            return None
        if not any_version and tuple(row[1:3]) != (__version__, self.key):
            return None
        data = json.loads(row[3])
        return Entry(Seen(*data["input"]), tuple((p, Seen(*s)) for p, s in data["depends"]),
                     data["output"], data["output_stat"], data["replay"])

    def wrote(self, path: Path, target: Path) -> bool:
        """Whether ``target`` is the output an earlier run wrote for the input at ``path`` (with
        any version or options), unchanged since: a file teitools may replace."""
        entry = self.lookup(path, any_version=True)
        return entry is not None and entry.output == str(target) and entry.output_stat == _size_time(target)

    def current(self, path: Path, target: Path | None) -> Entry | None:
        """The entry of ``path`` when the input is up to date (see the module's description)."""
        entry = self.lookup(path)
        if entry is None or not self._same(path, entry.input):
            return None
        if any(not self._same(Path(dep), seen, self._stat(dep)) for dep, seen in entry.depends):
            return None
        if target is not None:
            if entry.output != str(target) or _size_time(target) != entry.output_stat:
                return None
            if _mtime(target) < _mtime(path):
                return None
        return entry

    def _stat(self, dep: str) -> str:
        """The fingerprint of a file results depend on (a schema, most often the same for every
        input), taken once a run."""
        if dep not in self._stats:
            self._stats[dep] = fingerprint(Path(dep))
        return self._stats[dep]

    def _same(self, path: Path, seen: Seen, now: str | None = None) -> bool:
        """Whether ``path`` (whose fingerprint is ``now``, when known) holds the bytes it held
        when ``seen``."""
        now = now or fingerprint(path)
        if now == seen.stat:
            return True
        if now == "missing" or seen.stat == "missing":
            return False
        return self.sha256(path, now) == seen.sha256

    def sha256(self, path: Path, stat: str | None = None) -> str:
        """The SHA-256 of the file at ``path`` (remembered by fingerprint for the run); ``""``
        when it cannot be read or is not a regular file (a FIFO with no writer would block)."""
        stat = stat or fingerprint(path)
        key = (str(path), stat)
        if key not in self._hashes:
            digest = hashlib.sha256()
            try:
                with open_regular(path) as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
                self._hashes[key] = digest.hexdigest()
            except (OSError, TeiToolsError):
                self._hashes[key] = ""
        return self._hashes[key]

    def depends(self, paths: Iterable[str]) -> tuple[tuple[str, Seen], ...]:
        """Each file a result depends on, as it is now."""
        out = []
        for dep in paths:
            stat = self._stat(dep)
            out.append((dep, Seen(stat, self.sha256(Path(dep), stat) if stat != "missing" else "")))
        return tuple(out)

    def record(self, path: Path, seen: Seen, depends: tuple[tuple[str, Seen], ...], target: Path | None,
               replay: dict[str, Any]) -> None:
        """Keep what was done for the input at ``path`` (committed every few hundred rows)."""
        entry = {"input": [seen.stat, seen.sha256], "depends": [[p, [s.stat, s.sha256]] for p, s in depends],
                 "output": str(target) if target is not None else None,
                 "output_stat": _size_time(target) if target is not None else None, "replay": replay}
        try:
            self._db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                             (self.command, _absolute(path), _SCHEMA, __version__, self.key,
                              json.dumps(entry, ensure_ascii=False)))
            self._pending += 1
            if self._pending >= _COMMIT_EVERY:
                self._db.commit()
                self._pending = 0
        except self._error as exc:
            raise TeiToolsError(Diagnostic(codes.IO008, f"cannot write the manifest: {exc}",
                                           path=str(self.path))) from None

    def forget(self, path: Path) -> None:
        """Drop the entry of the input at ``path`` (its result is no longer what was recorded)."""
        self._db.execute("DELETE FROM files WHERE command = ? AND input = ?", (self.command, _absolute(path)))

    def close(self) -> None:
        """Commit and close."""
        try:
            self._db.commit()
        finally:
            self._db.close()


def _absolute(path: Path) -> str:
    return os.path.abspath(path)


def _size_time(path: Path) -> str | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}"


def _mtime(path: Path) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0
