"""Reading plain-text input: decoding, refusing what is not text, keeping line numbers."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from teitools import codes
from teitools.diagnostics import Diagnostic, Severity, TeiToolsError
from teitools.outputs import DEFAULT_MAX_BYTES, STDIN, STDIN_NAME, read_input

MIN_NON_ASCII = 16  # non-ASCII bytes needed before an encoding is detected rather than refused
MAX_CHAOS = 0.1  # charset-normalizer's mess ratio above which a detection is not believed
MAX_CANDIDATES = 8  # decodings of charset-normalizer weighed by their vocabulary
# The 8-bit code page each language's texts were commonly written in: Microsoft's ANSI code
# page of its locale (Windows-1252 Western, 1250 Central European, 1251 Cyrillic, 1253 Greek,
# 1254 Turkish, 1257 Baltic), whose ISO 8859 counterparts decode alike.
LEGACY_CODE_PAGES = {
    **dict.fromkeys(("en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "no", "nb", "fi", "is", "ca", "la",
                     "ga", "cy", "eu", "gl", "af"), "cp1252"),
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "ro", "sq", "bs"), "cp1250"),
    **dict.fromkeys(("ru", "uk", "bg", "sr", "be", "mk"), "cp1251"),
    "el": "cp1253", "tr": "cp1254", **dict.fromkeys(("lt", "lv", "et"), "cp1257"),
}
_USUAL_CODECS = {"cp1252": ("cp1252", "iso8859-1", "iso8859-15"), "cp1250": ("cp1250", "iso8859-2"),
                 "cp1251": ("cp1251", "iso8859-5", "koi8-r"), "cp1253": ("cp1253", "iso8859-7"),
                 "cp1254": ("cp1254", "iso8859-9"), "cp1257": ("cp1257", "iso8859-13", "iso8859-4")}
KNOWN_WORD = 1.0  # wordfreq's Zipf frequency of a word the language knows (1: once per 100 million words)
# Project Gutenberg's preamble: "Character set encoding: ISO-8859-1" (also "UTF-8", "ASCII").
_DECLARED = re.compile(rb"^[ \t]*Character set encoding:[ \t]*([A-Za-z][\w .:-]{1,30}?)[ \t]*\r?$", re.M)

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
    encoding: str = "utf-8"  # the codec the bytes were read with
    encoding_from: str = "default"  # "default" (UTF-8), "option", "declared" or "detected"

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
    so that no character is silently changed.  See :func:`decode_text` for the
    encodings a text declares or that can be detected.
    """
    return decode_text(data, path, encoding)[0]


def _codec_name(codec: str) -> str:
    """The canonical Python name of a codec, or the name itself when unknown."""
    try:
        return codecs.lookup(codec).name
    except LookupError:
        return codec


def declared_encoding(data: bytes) -> str | None:
    """The encoding a text declares in its first 64 KiB, as Project Gutenberg's preamble
    does (``Character set encoding: ISO-8859-1``), as a Python codec name; None when it
    declares none or names no encoding Python knows.

    ``ISO-8859-1`` and ``ASCII`` are read as Windows-1252 when the bytes hold 0x80 to 0x9F
    (printable in Windows-1252, control characters in ISO-8859-1), as the WHATWG Encoding
    Standard reads those labels.
    """
    found = _DECLARED.search(data[:65536])
    if not found:
        return None
    label = found.group(1).decode("ascii", "replace").strip().lower()
    label = re.sub(r"^iso[ -]?latin[ -]?", "latin-", label).replace(" ", "-")
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec in ("ascii", "iso8859-1") and re.search(rb"[\x80-\x9f]", data):
        return "cp1252"
    return codec


def _detected(data: bytes) -> str | None:
    """The encoding charset-normalizer finds for bytes that are not UTF-8, when the evidence
    is sound: enough non-ASCII bytes to judge from and a decoding without mess. Of the
    decodings it finds equally clean, the one whose accented words the text's language knows
    (``wordfreq``, the language told by its function words) is taken: charset-normalizer
    alone reads a short French text as Baltic (``déją`` for ``déjà``)."""
    if sum(byte >= 0x80 for byte in data[:1_000_000]) < MIN_NON_ASCII:
        return None
    from charset_normalizer import from_bytes

    clean = [match.encoding for match in from_bytes(data) if match.chaos <= MAX_CHAOS]
    if not clean:
        return None
    return _codec_name(_by_vocabulary(data, clean[:MAX_CANDIDATES]))


def _by_vocabulary(data: bytes, codecs_found: list[str]) -> str:
    """Of several decodings, the one with most accented words of the text's language."""
    from teitools import language

    sample = data[:200_000]
    texts = {codec: sample.decode(codec, errors="replace") for codec in codecs_found}
    lang = language.detect(texts[codecs_found[0]])  # function words are ASCII: the same in every decoding
    if lang is None or len(codecs_found) == 1:
        return codecs_found[0]
    from wordfreq import zipf_frequency

    def known(text: str) -> int:
        accented = {w.lower() for w in re.findall(r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*", text)}
        return sum(zipf_frequency(w, lang) >= KNOWN_WORD for w in accented)

    scores = {codec: known(text) for codec, text in texts.items()}
    usual = _USUAL_CODECS.get(LEGACY_CODE_PAGES.get(lang, ""), ())
    # Most words known first; of equals, the language's usual code page (English "Khûfû" is no
    # Central European "Khűfű"), then charset-normalizer's order.
    return max(codecs_found, key=lambda codec: (scores[codec], _codec_name(codec) in usual))


def decode_text(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str, str]:
    """Decode input bytes; returns (text, codec, how it was chosen).

    The encoding is, in this order: the one named (``--encoding``, ``how`` "option"); UTF-8
    when the bytes are UTF-8 ("default"); the one the text declares ("declared", see
    :func:`declared_encoding`); the one charset-normalizer detects from at least
    ``MIN_NON_ASCII`` non-ASCII bytes ("detected"). Bytes that none of these decode are an
    error (``IN005``, with the line and column of the first bad byte), as are NUL bytes
    (``IN003``) and an unknown encoding name (``IN004``).
    """
    if b"\x00" in data[:65536] and encoding is None:
        raise _fail(path, codes.IN003, "input looks binary (contains NUL bytes), not plain text",
                    "convert takes UTF-8 plain text", exit_code=1)
    if encoding is not None:
        try:
            return data.decode(encoding), _codec_name(encoding), "option"
        except LookupError:
            raise _fail(path, codes.IN004, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise _undecodable(data, path, encoding, exc) from None
    try:
        return data.decode("utf-8-sig"), "utf-8", "default"
    except UnicodeDecodeError as exc:
        first_error = exc
    for codec, how in ((declared_encoding(data), "declared"), (_detected(data), "detected")):
        if codec is None:
            continue
        try:
            return data.decode(codec), codec, how
        except UnicodeDecodeError:
            continue
    raise _undecodable(data, path, "utf-8", first_error) from None  # decoded as utf-8-sig: a BOM is allowed


_LABELS = {"utf-8": "UTF-8", "ascii": "US-ASCII", "mac-roman": "macintosh", "koi8-r": "KOI8-R"}


def encoding_label(codec: str) -> str:
    """The registered (IANA) name of a Python codec for messages: ``iso8859-1`` is
    ``ISO-8859-1``, ``cp1252`` is ``windows-1252``."""
    name = _codec_name(codec)
    if name in _LABELS:
        return _LABELS[name]
    if found := re.fullmatch(r"iso8859-(\d+)", name):
        return f"ISO-8859-{found.group(1)}"
    if found := re.fullmatch(r"cp(125\d)", name):
        return f"windows-{found.group(1)}"
    return name


def _undecodable(data: bytes, path: str, codec: str, exc: UnicodeDecodeError) -> TeiToolsError:
    line = data[: exc.start].count(b"\n") + 1
    col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    return TeiToolsError(
        Diagnostic(codes.IN005, f"input is not valid {codec} (byte 0x{data[exc.start]:02x})",
                   path=path, line=line, column=col,
                   hint="name the encoding with --encoding, e.g. --encoding cp1252"),
        1,
    )


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
                    codes.IN006, f"control character U+{ord(m.group()):04X} cannot be stored in XML; "
                    "replaced by U+FFFD", path=path, line=lineno, column=m.start() + 1,
                    severity=Severity.WARNING))
        text = _XML_FORBIDDEN.sub("\ufffd", text)
    return text, warnings


def display_name(name: str) -> str:
    """A file name as text: the name the file system gives (``os.fsdecode``), with each byte
    that is not UTF-8 (kept as a lone surrogate, which XML cannot hold) shown as U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace")


def read_source(path: Path, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read and decode one input file (stdin for ``-``), or raise a TeiToolsError saying why
    not. Only a regular file is read (IO011 for a FIFO or a device), and the limit counts the
    bytes read (see :func:`teitools.outputs.read_input`)."""
    shown = str(path)
    if path.is_dir():
        raise _fail(shown, codes.IO002, "is a folder, not a file")
    data = read_input(path, max_bytes)
    raw, codec, how = decode_text(data, shown, encoding)
    if not raw.strip():
        raise _fail(shown, codes.IN001, "input is empty: there is no text to convert", exit_code=1)
    text, warnings = normalise(raw, shown)
    name = STDIN_NAME if shown == STDIN else display_name(path.name)
    return Source(path=shown, name=name, text=text, sha256=hashlib.sha256(data).hexdigest(),
                  warnings=warnings, page_starts=form_feed_pages(raw), encoding=codec, encoding_from=how)


def source_from_text(text: str, name: str = "input.txt") -> Source:
    """A Source built from a string (for the library API and tests)."""
    data = text.encode("utf-8")
    norm, warnings = normalise(text, name)
    return Source(path=name, name=name, text=norm, sha256=hashlib.sha256(data).hexdigest(),
                  warnings=warnings, page_starts=form_feed_pages(text))
