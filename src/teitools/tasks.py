"""One input's work for ``convert`` and ``export``, as the batch engine runs it: a picklable
task (the command's settings) called with a :class:`teitools.batch.Item`, in this process, in a
worker process or on a cluster worker. It reads the input, makes the result, writes the output
(atomically, never replacing a file unless the item says it may, see ``outputs.write_atomic``)
and returns an :class:`Outcome` to the process that runs the command; a problem of the input is
a diagnostic in the outcome, never an exception. ``validate``'s task is in ``validation.run``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from teitools.batch import Item
from teitools.diagnostics import Diagnostic, Severity, TeiToolsError
from teitools.manifest import Seen, fingerprint
from teitools.outputs import STDIN, write_atomic


@dataclass
class Outcome:
    """What one input gave: its diagnostics (in the order found), the exit status it asks for
    (0, 1 the input has problems, 2 an I/O error), the output (``written``: its path; ``data``:
    the bytes when they go to stdout), the input as read and the other files the result depends
    on (for the manifest), and for convert the summary line and the ``--report`` entry.
    ``cached``: replayed from the manifest."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    status: int = 0
    written: Path | None = None
    data: bytes | None = None
    seen: Seen | None = None
    reads: tuple[str, ...] = ()
    summary: str | None = None
    entry: dict[str, Any] | None = None
    cached: bool = False

    def fail(self, error: TeiToolsError) -> None:
        self.diagnostics.append(error.diagnostic)
        self.status = max(self.status, error.exit_code)

    @property
    def failed(self) -> bool:
        """An error, or an exit status other than 0."""
        return self.status != 0 or any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def recordable(self) -> bool:
        """Whether the manifest may keep it: an output was written."""
        return self.written is not None and self.status == 0

    def depends(self) -> tuple[str, ...]:
        return self.reads

    def replay(self) -> dict[str, Any]:
        """What the manifest keeps to give this outcome again."""
        return {"diagnostics": [d.to_dict() for d in self.diagnostics], "summary": self.summary,
                "entry": self.entry}

    @classmethod
    def replayed(cls, replay: dict[str, Any], target: Path | None) -> Outcome:
        """The outcome :meth:`replay` kept, marked as cached (and so its report entry)."""
        entry = replay.get("entry")
        return cls([Diagnostic.from_dict(d) for d in replay["diagnostics"]], written=target,
                   summary=replay.get("summary"), cached=True,
                   entry={**entry, "cached": True} if entry is not None else None)


def _before(path: Path) -> str | None:
    """The input's fingerprint before it is read (None for stdin, which is not recorded)."""
    return fingerprint(path) if str(path) != STDIN else None


@dataclass(frozen=True)
class ConvertTask:
    """``convert`` of one input: ``options`` to record in the header, ``given`` the metadata
    from the command line; the item's ``extra`` is its metadata sidecar (name and content) or
    None."""

    layout_name: str
    encoding: str | None
    max_bytes: int
    options: dict[str, str]
    given: dict[str, Any]

    def __call__(self, item: Item) -> Outcome:
        from teitools import meta
        from teitools.convert import Conversion, convert_source
        from teitools.source import read_source

        out = Outcome()
        before = _before(item.path)
        try:
            source = read_source(item.path, encoding=self.encoding, max_bytes=self.max_bytes)
            out.seen = Seen(before, source.sha256) if before is not None else None
            sidecar, metadata, where = item.extra or (None, {}, None)
            out.reads = (where,) if where else ()
            own = {**self.options, "meta": sidecar} if sidecar else self.options
            result = convert_source(source, self.layout_name, own, meta.merged(metadata, **self.given))
            out.diagnostics += result.diagnostics
            out.entry = result.report(str(item.target) if item.target else None)
            if not result.ok:
                out.status = 1
                return out
            if item.target is None:
                out.data = result.data
            else:
                write_atomic(item.target, result.data, item.replace, protected=[item.path])
                out.written = item.target
            out.summary = result.summary() + (f"; metadata from {sidecar}" if sidecar else "")
        except TeiToolsError as exc:
            out.fail(exc)
            entries = [out.entry] if out.entry is not None else []
            out.entry = Conversion.failed_report(str(item.path), exc.diagnostic, entries)
        return out


_STYLESHEETS: dict[str, Any] = {}  # users' stylesheets, compiled once per process


def stylesheet(path: Path) -> Any:
    """A user's stylesheet (``--xslt``), read and compiled once per process (TeiToolsError as
    ``userxslt.load`` raises it)."""
    from teitools import userxslt

    key = str(path)
    if key not in _STYLESHEETS:
        _STYLESHEETS[key] = userxslt.load(path)
    return _STYLESHEETS[key]


@dataclass(frozen=True)
class ExportTask:
    """``export`` of one input to ``fmt`` with the stylesheet ``params``, the user's ``css``
    and stylesheet (``xslt``, a path read once per process)."""

    fmt: str
    params: dict[str, str]
    css: str
    xslt: Path | None
    max_bytes: int

    def __call__(self, item: Item) -> Outcome:
        from teitools.export import export_tree
        from teitools.outputs import STDIN, refuse_source_text
        from teitools.safexml import parse_bytes, read_limited

        out = Outcome()
        before = _before(item.path)
        try:
            custom = stylesheet(self.xslt) if self.xslt is not None else None
            data = read_limited(item.path, self.max_bytes)
            out.seen = Seen(before, hashlib.sha256(data).hexdigest()) if before is not None else None
            tree = parse_bytes(data, str(item.path))
            base = item.path.parent if str(item.path) != STDIN else None
            result = export_tree(tree, self.fmt, str(item.path), self.params, self.css, custom, base)
            if item.target is None:
                out.data = result
            else:
                refuse_source_text(item.target, tree)
                write_atomic(item.target, result, item.replace, protected=[item.path])
                out.written = item.target
        except TeiToolsError as exc:
            out.fail(exc)
        return out
