# ruff: noqa: RUF001  (OCR text is full of typographic quotes and dashes)
"""Footnotes at the foot of a printed page, keyed by a symbol (``*``, ``†``, ``*)``), a
number (``1``, ``1)``, ``(1)``, ``¹``) or a letter (``a)``).

A footnote opens a block with its label (``* Since Western dating ...``, ``1) Vgl. ...``)
and runs to the next blank line.  Its marker is the same label glued to a word or a stop
earlier on the page (``1905-6.* Once``, ``comporte1 . Il``, ``Mühlstein *)``); the note is
placed there, as TEI wants it, and the marker and label, which became the note's ``n``,
are recorded as removed. A number or letter opens a note only when its marker stands in
the text just before (a numbered paragraph has none), a symbol after a blank line.
"""

from __future__ import annotations

import re

from teitools import model as m

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_LABEL = re.compile(r"^\s*(?P<label>(?P<symbol>[*†‡]{1,3})\)?|(?P<number>\d{1,3})\)?|\((?P<paren>\d{1,3})\)"
                    r"|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})|(?P<letter>[a-z])\))\s+(?=\S)")
MARKER_REACH = 60  # lines back from a numbered note in which its marker must stand
MARKER_NODES = 4 * MARKER_REACH  # nodes at a paragraph's end searched for it (text and line breaks)


def label(line: str) -> re.Match[str] | None:
    """The label opening a footnote line; ``group("label")`` as printed."""
    return _LABEL.match(line)


def number(match: re.Match[str]) -> str:
    """A label's note number as ``<note n>`` gives it: ``1`` for ``1)``, ``(1)`` and ``¹``."""
    found = next(match.group(g) for g in ("symbol", "number", "paren", "sup", "letter") if match.group(g))
    return found.translate(_SUPERSCRIPTS)


def opens_note(lines: list[str], index: int, after_note: bool = False) -> bool:
    """Does a footnote start at line ``index``: a label after a blank line (or right after
    another footnote, ``after_note``)? A number or letter also needs its marker glued in the
    lines just before; the reader then checks that the marker is in the running text."""
    match = _LABEL.match(lines[index])
    if match is None or not (after_note or index == 0 or not lines[index - 1].strip()):
        return False
    if match.group("symbol"):
        return True
    n = number(match)
    return any(markers(n, lines[i]) for i in range(index - 1, max(-1, index - MARKER_REACH), -1)
               if not _LABEL.match(lines[i]))


def marked_in(paragraphs: list[m.Paragraph], n: str) -> bool:
    """Does the end of one of ``paragraphs`` (its last MARKER_NODES nodes: a paragraph may
    run on over many pages) show the marker of note ``n``?"""
    return any(isinstance(node, m.Text) and markers(n, node.text)
               for paragraph in paragraphs for node in paragraph.content[-MARKER_NODES:])


def _marker(n: str) -> re.Pattern[str]:
    """A note marker ``n`` as printers set it: glued to the word or stop before it (``word1``,
    ``word.*``), superscript (``word¹``), or in brackets (``word (1)``, ``word *)``, ``word1)``).
    A letter glued to a word is the word's own letter (``Gebälk``) unless a bracket closes it."""
    plain = re.escape(n)
    closing = r"\)" if n.isalpha() else r"\)?"
    glued = rf"(?:(?<=[^\W\d_])|(?<=[^\W\d_][.,;:!?’”'\")\]])){plain}{closing}" if n.isalnum() \
        else rf"(?<=[^\s*†‡(]){plain}\)?"
    # Spaced, a number is bracketed on both sides (word (1)): "(Fig. 8)" closes a reference.
    spaced = rf"(?<=\s)\({plain}\)" if n.isalnum() else rf"(?<=\s){plain}\)"
    sup = f"|{re.escape(n.translate(_TO_SUPERSCRIPT))}" if n.isdigit() else ""
    return re.compile(rf"(?:{glued}{sup}|{spaced})(?=[\s,.;:)’”]|$)")


_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def markers(n: str, text: str) -> list[re.Match[str]]:
    """The markers of note ``n`` in ``text``; a letter closing a bracket opened in its own word
    (``(Sockel)``) is the bracket's, not a marker."""
    found = _marker(n).finditer(text)
    if not n.isalpha():
        return list(found)
    return [f for f in found if "(" not in (text[:f.start()].split() or [""])[-1]]


def extent(lines: list[str], index: int, stops: set[int]) -> int:
    """The last line of the footnote starting at ``index``: before a blank line, an
    indented block start, the next footnote or a line in ``stops`` (captions)."""
    last = index
    while last + 1 < len(lines) and lines[last + 1].strip() and not lines[last + 1][:1].isspace() \
            and last + 1 not in stops and not opens_note(lines, last + 1, after_note=True):
        last += 1
    return last


def attach(paragraph: m.Paragraph, note: m.Note, doc: m.Document, lines: list[str]) -> bool:
    """Put ``note`` at its marker, the last marker of ``note.n`` in ``paragraph``; False when
    the page shows no marker. The marker is recorded as removed at its line and column of
    ``lines`` (the source), so that a word it was glued to (``merchants1``) stays a word."""
    content = paragraph.content
    for k in range(len(content) - 1, max(-1, len(content) - 1 - MARKER_NODES), -1):
        node = content[k]
        if not isinstance(node, m.Text):
            continue
        found = markers(note.n, node.text)
        if found:
            at = found[-1]
            line = next((n.line for n in reversed(content[:k]) if isinstance(n, m.LineBreak)), paragraph.line)
            content[k:k + 1] = [m.Text(node.text[:at.start()]), note, m.Text(node.text[at.end():])]
            doc.removed.append(m.Removed(at.group(), "note-marker", line,
                                         _column(lines, line, node.text[:at.start()], at.group(), note.n)))
            return True
    return False


def _column(lines: list[str], line: int, before: str, printed: str, n: str) -> int:
    """The 1-based column of the marker ``printed`` on source line ``line``: the occurrence
    that follows the word before it; 0 when the line does not show it."""
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    word = before.split()[-1] if before.split() else ""
    for found in reversed(markers(n, source)):
        if found.group() == printed and source[:found.start()].rstrip().endswith(word):
            return found.start() + 1
    return 0
