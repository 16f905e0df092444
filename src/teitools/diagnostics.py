"""Diagnostics shared by every command: one object per finding, many views.

Modelled on ruff: a stable rule code, a location, a one-line message and a hint.
Output formats are views of these objects, never parsed back from text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import click

# Characters that would end a line or drive a terminal: C0 and C1 controls, DEL, and the
# line and paragraph separators (Unicode's line breaks beyond LF and CR).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with every character that could end a line or drive a terminal escaped as
    Python writes it (``\\n``, ``\\x1b``, ``\\u2028``), so that a file name or a quoted value
    from a hostile file keeps one diagnostic on one line (and no log line can be forged)."""
    return _UNPRINTABLE.sub(lambda m: _NAMED.get(m.group(), m.group().encode("unicode_escape").decode()),
                            text)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def paint(text: str, severity: Severity, bold: bool = False) -> str:
    """``text`` in the colour of ``severity`` (red, yellow, cyan) as ANSI escapes."""
    return click.style(text, fg=_COLORS[severity], bold=bold or None)


@dataclass(frozen=True)
class Diagnostic:
    """One finding about one place of one file."""

    code: str
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None
    severity: Severity = Severity.ERROR
    hint: str | None = None
    # Structured facts about the finding, as (name, value) pairs: a Schematron finding's
    # ``pattern``, rule ``context``, ``xpath`` of the node and ``schema``; a schema's name.
    fields: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        """The code as a plain string; the registry's hint when none is given (``code`` is
        normally a ``codes.Rule``, which carries it)."""
        if self.hint is None:
            object.__setattr__(self, "hint", getattr(self.code, "hint", None))
        object.__setattr__(self, "code", str(self.code))

    def field(self, name: str) -> str | None:
        return next((value for key, value in self.fields if key == name), None)

    def text_message(self) -> str:
        """The message as the text views show it: a Schematron pattern id follows in brackets."""
        pattern = self.field("pattern")
        return f"{self.message} [{pattern}]" if pattern else self.message

    def location(self) -> str:
        """``path[:line[:col]]`` as compilers and editors print it (see :func:`printable`); a
        diagnostic about no file (the command line) is located at ``teitools``."""
        parts = [printable(self.path) or "teitools"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def to_text(self, with_severity: bool = False, color: bool = False) -> str:
        """One line: ``path:line:col: [severity ]CODE message [(hint)]``, never more (see
        :func:`printable`); with ``color``, the severity and code in the severity's colour
        (ANSI escapes, as ruff and pytest colour theirs on a terminal)."""
        sev = f"{self.severity.value} " if with_severity else ""
        code = self.code
        if color:
            sev, code = (paint(sev.rstrip(), self.severity) + " " if sev else "",
                         paint(code, self.severity, bold=True))
        hint = f" (hint: {printable(self.hint)})" if self.hint else ""
        return f"{self.location()}: {sev}{code} {printable(self.text_message())}{hint}"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Diagnostic:
        """The diagnostic :meth:`to_dict` gave (as read back from JSON)."""
        fields = data.get("fields") or {}
        return cls(str(data["code"]), str(data["message"]), path=str(data.get("path") or ""),
                   line=data.get("line"), column=data.get("column"), severity=Severity(data["severity"]),
                   hint=data.get("hint"), fields=tuple((str(k), str(v)) for k, v in fields.items()))

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            **({"fields": dict(self.fields)} if self.fields else {}),
        }


FOLD_AFTER = 5  # occurrences of one code in one file that text output shows before folding the rest


@dataclass(frozen=True)
class Folded:
    """The line that stands for the occurrences of a code not shown: ``… and 178 more EBK001
    (use -v to list all)``."""

    path: str
    code: str
    more: int

    def to_text(self, with_severity: bool = False, color: bool = False) -> str:
        where = printable(self.path) or "teitools"
        code = click.style(self.code, bold=True) if color else self.code
        return f"{where}: … and {self.more} more {code} (use -v to list all)"


def folded(diagnostics: Iterable[Diagnostic],
           keep: int | None = FOLD_AFTER) -> Iterator[Diagnostic | Folded]:
    """The diagnostics of one file as text output shows them: of a code that occurs more than
    ``keep`` times, the first ``keep``, then one :class:`Folded` line in place of the others
    (``keep`` None: every one). Machine formats (JSON, JUnit, GitHub) keep every occurrence."""
    items = list(diagnostics)
    if keep is None:
        yield from items
        return
    total = Counter(d.code for d in items)
    seen: Counter[str] = Counter()
    for d in items:
        seen[d.code] += 1
        if seen[d.code] <= keep:
            yield d
        elif seen[d.code] == keep + 1:
            yield Folded(d.path, d.code, total[d.code] - keep)


class TeiToolsError(Exception):
    """An error that ends a command with a clear one-line message and an exit status.

    Exit status 1: the input has a problem; 2: usage or I/O error.
    """

    def __init__(self, diagnostic: Diagnostic, exit_code: int = 2) -> None:
        super().__init__(diagnostic.to_text())
        self.diagnostic = diagnostic
        self.exit_code = exit_code
