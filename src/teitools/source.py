"""Reading plain-text input: decoding, refusing what is not text, keeping line numbers."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from teitools.diagnostics import Diagnostic, Severity, TeiToolsError

DEFAULT_MAX_BYTES = 64 * 1024 * 1024

# Characters XML 1.0 forbids in text (tab, LF and CR are allowed; CR is folded on reading).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Source:
    """A decoded input text with what the converter and the report need to know of it."""

    path: str
    name: str
    text: str
    sha256: str
    warnings: list[Diagnostic] = field(default_factory=list)
    page_starts: tuple[int, ...] = ()  # 0-based lines that begin after a form feed

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def form_feed_pages(text: str) -> tuple[int, ...]:
    """The 0-based lines at which a form feed (U+000C) begins a new page, in ``text`` as it
    is before :func:`normalise` turns each form feed into a line end. OCR engines (Tesseract,
    ABBYY) and ``pdftotext`` separate pages so; a form feed at the very start begins no page."""
    if "\x0c" not in text:
        return ()
    folded = text.replace("\r\n", "\n").replace("\r", "\n")
    starts: list[int] = []
    line = done = 0
    for feed in re.finditer("\x0c", folded):
        line += folded.count("\n", done, feed.start()) + 1  # a form feed ends a line too
        done = feed.end()
        if feed.start():
            starts.append(line)
    return tuple(starts)


def _fail(path: str, code: str, message: str, hint: str | None = None, exit_code: int = 2) -> TeiToolsError:
    return TeiToolsError(Diagnostic(code, message, path=path, hint=hint), exit_code)


def decode(data: bytes, path: str, encoding: str | None = None) -> str:
    """Decode input bytes: UTF-8 (with or without BOM) unless an encoding is named.

    Binary data (NUL bytes) and undecodable bytes are refused rather than guessed at,
    so that no character is silently changed.
    """
    if b"\x00" in data[:65536] and encoding is None:
        raise _fail(path, "IN003", "input looks binary (contains NUL bytes), not plain text",
                    "convert takes UTF-8 plain text")
    codec = encoding or "utf-8-sig"
    try:
        return data.decode(codec)
    except LookupError:
        raise _fail(path, "IN004", f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise TeiToolsError(
            Diagnostic("IN005", f"input is not valid {codec} (byte 0x{data[exc.start]:02x})",
                       path=path, line=line, column=col,
                       hint="name the encoding with --encoding, e.g. --encoding cp1252"),
            2,
        ) from None


def normalise(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    """Fold line ends to LF, compose to NFC, and replace characters XML cannot hold.

    A form feed (a page separator in many OCR exports) becomes a line end; any other
    forbidden control character becomes U+FFFD and is reported with its place.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    text = unicodedata.normalize("NFC", text)
    warnings: list[Diagnostic] = []
    if _XML_FORBIDDEN.search(text):
        for lineno, line in enumerate(text.split("\n"), 1):
            for m in _XML_FORBIDDEN.finditer(line):
                warnings.append(Diagnostic(
                    "IN006", f"control character U+{ord(m.group()):04X} cannot be stored in XML; "
                    "replaced by U+FFFD", path=path, line=lineno, column=m.start() + 1,
                    severity=Severity.WARNING))
        text = _XML_FORBIDDEN.sub("\ufffd", text)
    return text, warnings


def read_source(path: Path, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read and decode one input file, or raise a TeiToolsError saying why not."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise _fail(shown, "IO002", "is a folder, not a file")
        if size > max_bytes:
            raise _fail(shown, "IN002", f"input is {size} bytes, more than the limit of {max_bytes}",
                        "raise the limit with --max-bytes")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(shown, "IO001", "no such file") from None
    except PermissionError:
        raise _fail(shown, "IO003", "permission denied") from None
    except OSError as exc:
        raise _fail(shown, "IO004", f"cannot read: {exc.strerror or exc}") from None
    raw = decode(data, shown, encoding)
    if not raw.strip():
        raise _fail(shown, "IN001", "input is empty: there is no text to convert", exit_code=1)
    text, warnings = normalise(raw, shown)
    return Source(path=shown, name=path.name, text=text, sha256=hashlib.sha256(data).hexdigest(),
                  warnings=warnings, page_starts=form_feed_pages(raw))


def source_from_text(text: str, name: str = "input.txt") -> Source:
    """A Source built from a string (for the library API and tests)."""
    data = text.encode("utf-8")
    norm, warnings = normalise(text, name)
    return Source(path=name, name=name, text=norm, sha256=hashlib.sha256(data).hexdigest(),
                  warnings=warnings, page_starts=form_feed_pages(text))
