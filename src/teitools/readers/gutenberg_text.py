# ruff: noqa: RUF001  (Gutenberg text is full of typographic quotes and dashes)
"""The bracketed conventions of Project Gutenberg texts, and their markers, found in the lines.

Project Gutenberg's volunteers (Distributed Proofreaders' formatting guidelines, which most
texts since 2000 follow) mark what a plain text cannot show with square brackets:
``[Illustration]`` or ``[Illustration: caption]`` where a picture stood, ``[Footnote 1: text]``
(also ``[Footnote A: …]``, ``[Footnote: …]``, ``[Note 1: …]``, ``[Nota 1: …]``) for the text of a
footnote whose marker ``[1]`` (``[A]``, ``[*]``) stands in the running text, ``[Sidenote: …]``
and ``[Transcriber's Note: …]``; a footnote text may also be printed as ``[1] text`` after its
paragraph or gathered at the end of a chapter. Some texts keep the print edition's page numbers
as ``{12}``, ``[Pg 12]``, ``[p. 12]`` or a margin ``Page 12``. A bracketed construct may run over
several lines and hold brackets of its own.

:func:`scan` cuts the constructs out of the lines and keeps the rest as :class:`Piece` s of
text; :func:`tokens` splits a piece at page and note markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FIGURE_WORDS = (r"Ill?ustrations?|ILL?USTRATIONS?|Illustrazione|Illustrazioni|Ilustraci[óo]n|Illustratie|"
                r"Afbeelding|Abbildung|Bild|Gravure|Grabado|Image|Figure|Frontispiece|Plate")
NOTE_WORDS = (r"Footnote|FOOTNOTE|Foot-note|Foot-Note|Note|NOTE|Nota|NOTA|Notes?|Anmerkung|Fu(?:ß|ss)note|"
              r"Voetnoot|Noot")
_OPEN = re.compile(
    rf"\[(?:(?P<figure>{FIGURE_WORDS})(?P<fig_end>\s*[:.]|\s+(?=\S)|(?=\]))"
    rf"|(?P<note>{NOTE_WORDS})(?:\s+(?P<n>\d{{1,3}}[a-z]?|[A-Za-z]|\*{{1,3}}|[†‡§]))?\s*:"
    r"|(?P<side>Sidenote|Side-note|SIDENOTE)\s*:"
    r"|(?P<tn>Transcriber['’]?s?\s+[Nn]otes?|TRANSCRIBER['’]?S\s+NOTES?)\s*:?)")
PAGE_MARKER = re.compile(r"\{(?P<a>\d{1,4}|[ivxlcdm]{1,8}|[IVXLCDM]{1,8})\}"
                         r"|\[(?:Pg|pg|PG|Pg\.|Page|page|p\.|P\.)\s*(?P<b>\d{1,4}|[ivxlcdm]{1,8}|[IVXLCDM]{1,8})\]")
MARGIN_PAGE = re.compile(r"^(\s*)((?:Page|PAGE|Pg\.?)\s+(\d{1,4}|[ivxlcdm]{1,8}))(?=\s{2,}\S|\s*$)")
# [1], [A], [*]; or a reference in words, ``(Note 2)``, with the space before it.
NOTE_MARKER = re.compile(r"\[(\d{1,3}[a-z]?|[A-Z]|[a-z]|\*{1,3}|[†‡§])\]"
                         r"|\s?\((?:Note|NOTE|note)\s+(\d{1,3})\)")
_PLACEHOLDER_WORDS = ("illustr", "ilustr", "afbeelding", "abbildung", "frontispiece")  # no cross-references
MAX_SPAN = {"figure": 40, "note": 200, "side": 40, "tn": 80}  # lines a construct may run over


@dataclass
class Piece:
    """A stretch of one source line that stays text: 0-based line and column."""

    line: int
    col: int
    text: str


@dataclass
class Construct:
    """A bracketed construct: ``kind`` is ``figure``, ``note``, ``side`` (a sidenote) or ``tn``
    (a transcriber's note); ``n`` the note's label; ``opening`` the markup before the content
    (``[Footnote 1:``) at (``line``, ``col``), ``closing`` the bracket at (``end_line``,
    ``end_col``); ``block`` when it stands as a block of its own."""

    kind: str
    n: str | None
    opening: str
    line: int
    col: int
    end_line: int
    end_col: int
    content: list[Piece] = field(default_factory=list)
    block: bool = False


@dataclass
class Row:
    """A source line as the reader sees it: text pieces and inline constructs in order."""

    line: int
    items: list[Piece | Construct]

    @property
    def text(self) -> str:
        """The line's text without its inline constructs, as printed (indent kept)."""
        out = ""
        for item in self.items:
            if isinstance(item, Piece):
                out += " " * max(0, item.col - len(out)) + item.text
        return out


def _close(lines: list[str], line: int, col: int, limit: int) -> tuple[int, int] | None:
    """Where the bracket opened at (line, col) closes: (line, column of ``]``), or None."""
    depth = 0
    for i in range(line, min(len(lines), line + limit + 1)):
        text = lines[i]
        start = col if i == line else 0
        for j in range(start, len(text)):
            c = text[j]
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    return i, j
    return None


def _blank(text: str) -> bool:
    return not text.strip()


def scan(lines: list[str], low: int, high: int) -> tuple[list[Row | Construct | None], list[Construct]]:
    """The lines ``low``..``high`` as a stream: a :class:`Row` per line holding text (inline
    constructs in place), a block :class:`Construct` where one opens a block, None for a blank
    line. Also returns every construct found, in order. A construct that does not close
    within ``MAX_SPAN`` lines (or before ``high``) is no construct: its text stays text."""
    stream: list[Row | Construct | None] = []
    found: list[Construct] = []
    current: Row | None = None  # the row of the line being read
    after_block = True  # at the start, after a blank line or after a block construct
    i, col = low, 0
    while i < high:
        text = lines[i]
        if col == 0 and not text.strip():
            stream.append(None)
            current, after_block = None, True
            i += 1
            continue
        match = _opener(text, col)
        end: tuple[int, int] | None = None
        kind = ""
        if match:
            kind = next(k for k in ("figure", "note", "side", "tn") if match.group(k))
            end = _close(lines, i, match.start(), MAX_SPAN[kind])
            if end is not None and end[0] >= high:
                end = None
        if match is None or end is None:
            if current is None:
                current = Row(i, [])
                stream.append(current)
            if text[col:].strip():
                current.items.append(Piece(i, col, text[col:]))
            i, col, current, after_block = i + 1, 0, None, False
            continue
        before = text[col:match.start()]
        block = after_block and current is None and not before.strip()
        construct = Construct(kind, match.group("n"), text[match.start():match.end()], i, match.start(),
                              end[0], end[1], _inside(lines, i, match.end(), end), block)
        found.append(construct)
        if block:
            stream.append(construct)
        else:
            if current is None:
                current = Row(i, [])
                stream.append(current)
            if before.strip():
                current.items.append(Piece(i, col, before))
            current.items.append(construct)
        i, col = end[0], end[1] + 1
        after_block = block
        if block or end[0] != construct.line:
            current = None
        if not lines[i][col:].strip():
            i, col, current = i + 1, 0, None
    return stream, found


def _opener(text: str, col: int) -> re.Match[str] | None:
    """The next bracket that opens a construct at or after ``col``. Words that also name a
    cross-reference (``[Figure 3]``, ``[Plate XIV]``) open a figure only with a colon."""
    for match in _OPEN.finditer(text, col):
        word = match.group("figure")
        if word and not word.lower().startswith(_PLACEHOLDER_WORDS) and ":" not in match.group("fig_end"):
            continue
        return match
    return None


def _inside(lines: list[str], line: int, col: int, end: tuple[int, int]) -> list[Piece]:
    """The text pieces inside a construct, from (line, col) to the closing bracket."""
    pieces: list[Piece] = []
    for i in range(line, end[0] + 1):
        start = col if i == line else 0
        stop = end[1] if i == end[0] else len(lines[i])
        text = lines[i][start:stop]
        if text.strip():
            pieces.append(Piece(i, start, text))
    return pieces


@dataclass(frozen=True)
class Token:
    """Part of a text piece: ``text``, a ``page`` marker (``n`` its number) or a ``marker``
    (note marker, ``n`` its label), at 0-based (line, col)."""

    kind: str
    text: str
    line: int
    col: int
    n: str = ""


def tokens(piece: Piece, first_in_line: bool) -> list[Token]:
    """A piece split at page markers (``{12}``, ``[Pg 12]``, a margin ``Page 12`` opening the
    line) and note markers (``[1]``, ``[A]``, ``[*]``, ``(Note 2)``)."""
    text, line, base = piece.text, piece.line, piece.col
    found: list[tuple[int, int, str, str]] = []  # start, end, kind, n
    margin = MARGIN_PAGE.match(text) if first_in_line else None
    if margin:
        found.append((margin.start(2), margin.end(2), "page", margin.group(3)))
    for match in PAGE_MARKER.finditer(text):
        if not margin or match.start() >= margin.end(2):
            found.append((match.start(), match.end(), "page", match.group("a") or match.group("b")))
    taken = [(s, e) for s, e, _, _ in found]
    for match in NOTE_MARKER.finditer(text):
        if not any(s <= match.start() < e for s, e in taken):
            found.append((match.start(), match.end(), "marker", match.group(1) or match.group(2)))
    found.sort()
    out: list[Token] = []
    pos = 0
    for start, end, kind, n in found:
        if start > pos:
            out.append(Token("text", text[pos:start], line, base + pos))
        out.append(Token(kind, text[start:end], line, base + start, n))
        pos = end
    if pos < len(text):
        out.append(Token("text", text[pos:], line, base + pos))
    return out
