# ruff: noqa: RUF001  (OCR text is full of typographic quotes and dashes)
"""Footnotes at the foot of a printed page, keyed by a symbol (``*``, ``†``, ``*)``, and
further down the printers' classic order ``‡``, ``§``, ``‖``, ``¶``, doubled after six), a
number (``1``, ``1)``, ``(1)``, ``[1]``, ``¹``) or a letter (``a)``).

A footnote opens a block with its label (``* Since Western dating ...``, ``1) Vgl. ...``)
and runs to the next blank line.  Its marker is the same label glued to a word or a stop
earlier on the page (``1905-6.* Once``, ``comporte1 . Il``, ``Mühlstein *)``, ``it.[1]``); the note is
placed there, as TEI wants it, and the marker and label, which became the note's ``n``,
are recorded as removed. A number or letter opens a note only when its marker stands in
the text just before (a numbered paragraph has none), a symbol after a blank line.
Many printers set a short rule (``__________``) above a page's footnotes; it stands for
the blank line, and as it holds no word it leaves the text.
"""

from __future__ import annotations

import functools
import re

from teitools import model as m
from teitools.readers.dehyphenate import Vocabulary
from teitools.readers.ebook_structure import indent_of

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_LABEL = re.compile(r"^\s*(?P<label>(?P<symbol>[*†‡§‖¶]{1,3})\)?|(?P<number>\d{1,3})\)?"
                    r"|\((?P<paren>\d{1,3}|[a-z])\)|\[(?P<bracket>\d{1,3})\]|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\)?|(?P<letter>[a-z])\)|(?P<bare>[a-z]))\s+(?=\S)")
_LABEL_GROUPS = ("symbol", "number", "paren", "bracket", "sup", "letter", "bare")
_RULE = re.compile(r"^\s*(?:_{4,}|[-—–]{4,})\s*$")
_CLOSE = "[’”“»«'\")\\]]"  # closing quotes and brackets (German closes with “ and «)
_STOP = f"(?:[.,;:!?]|{_CLOSE})"
_WORD_BEFORE = re.compile(rf"([^\W\d_]+(?:[’'][^\W\d_]+)*)([.,;:!?]?{_CLOSE}?)$")
_ALONE = "*†‡"  # symbols that are evidence of a note by themselves
MARKER_REACH = 150  # lines back from a numbered note in which its marker must stand (a page of long notes)
MARKER_NODES = 4 * MARKER_REACH  # nodes at a paragraph's end searched for it (text and line breaks)
MIN_STOPPED = 3  # letters of a word a letter marker follows after a stop (``u.a.`` is an abbreviation)
FUNCTION_WORD = 6.5  # Zipf frequency of a letter that is a word of the language (Spanish a, y, o)
RARE_FORM = 2.0  # Zipf frequency under which a word with a letter glued to it may be word and marker


# An entry of a critical apparatus: a line number, the lemma closed by a bracket, a reading
# (``1 conventus] conventum β``); a line of the apparatus opens with one.
_APPARATUS = re.compile(r"(?:^|\s)\d{1,4}[a-z]?\s+[^][\s\d][^][]{0,40}\]\s*\S")


def apparatus(lines: list[str], index: int) -> int | None:
    """The last line of a critical apparatus opening at line ``index`` (0-based): a block whose
    every line holds entries of a line number, a lemma closed by ``]`` and a reading
    (``1 conventus] conventum β    4 Apriles] Aprilis A``), its first opening with one; None
    when the block is none (the Leiden and apparatus conventions of printed critical editions)."""
    match = _APPARATUS.match(lines[index])
    if match is None or lines[index][:match.start()].strip():
        return None
    last = index
    while last + 1 < len(lines) and lines[last + 1].strip():
        if not _APPARATUS.search(lines[last + 1]):
            return None
        last += 1
    return last


def label(line: str) -> re.Match[str] | None:
    """The label opening a footnote line; ``group("label")`` as printed."""
    return _LABEL.match(line)


def number(match: re.Match[str]) -> str:
    """A label's note number as ``<note n>`` gives it: ``1`` for ``1)``, ``(1)``, ``[1]`` and ``¹``."""
    found = next(match.group(g) for g in _LABEL_GROUPS if match.group(g))
    return found.translate(_SUPERSCRIPTS)


def rule(line: str) -> bool:
    """Is ``line`` a footnote rule (underscores or dashes alone)?"""
    return _RULE.match(line) is not None


def self_evident(match: re.Match[str]) -> bool:
    """Does a label open a note without its marker in view? Only an asterisk or a dagger:
    ``§``, ``‖`` and ``¶`` also open sections and paragraphs, numbers and letters lists."""
    return bool(match.group("symbol")) and match.group("symbol")[0] in _ALONE


def opens_note(lines: list[str], index: int, vocabulary: Vocabulary, after: str | None = None,
               previous: str | None = None) -> bool:
    """Does a footnote start at line ``index``: a label after a blank line or a footnote rule
    (or right after another footnote, numbered ``after``)? A number or letter also needs its marker
    glued in the lines just before; the reader then checks that the marker is in the running text.
    A bare letter (``a Dies ...``) opens the notes of a page only as ``a``, and ``b``, ``c`` ...
    only after the note with the letter before: right after it, or as the next note of the
    document (``previous``, the last note read, on a page before: the letters run on over the
    pages); where the letter is a word of the language (``a`` in English, Spanish, Italian),
    only before a capital."""
    match = _LABEL.match(lines[index])
    if match is None:
        return False
    if not (after is not None or index == 0 or not lines[index - 1].strip() or rule(lines[index - 1])):
        return False
    if self_evident(match):
        return True
    n = number(match)
    before = after if after is not None else previous
    if match.group("bare") and n != "a" and (before is None or ord(n) - ord(before[-1:] or " ") != 1):
        return False
    capital = lines[index][match.end():][:1].isupper()
    if match.group("bare") and vocabulary.zipf(n) >= FUNCTION_WORD and not capital:
        return False  # Spanish "a la de ...", English "a man": the word, not a label
    return called_before(lines, index, n, vocabulary)


def called_before(lines: list[str], index: int, n: str, vocabulary: Vocabulary | None = None,
                  reach: int = MARKER_REACH) -> bool:
    """Does the marker of note ``n`` stand in the ``reach`` lines before line ``index`` (lines
    that open notes themselves apart)? A letter needs the document's ``vocabulary`` (see
    ``markers``); without one, no letter is a marker."""
    return any(markers(lines[i], n, vocabulary) for i in range(index - 1, max(-1, index - reach), -1)
               if not _labelled(lines[i]))


def _labelled(line: str) -> bool:
    """Does ``line`` open like a note (``1 The mole …``)? A bare letter before a word in lower
    case is a word of the running text (``a mole.1 The captain``), not a label."""
    match = _LABEL.match(line)
    return match is not None and not (match.group("bare") and line[match.end():][:1].islower())


def marked_in(paragraphs: list[m.Paragraph], n: str, vocabulary: Vocabulary) -> bool:
    """Does the end of ``paragraphs`` (their last MARKER_NODES nodes together, back from the last
    paragraph: a paragraph may run on over many pages) show the marker of note ``n``?"""
    candidate = _marker(n)  # a quick search first: most text holds no such marker at all
    budget = MARKER_NODES
    for paragraph in reversed(paragraphs):
        nodes = paragraph.content[-budget:]
        if any(isinstance(node, m.Text) and candidate.search(node.text) and markers(node.text, n, vocabulary)
               for node in nodes):
            return True
        budget -= len(nodes)
        if budget <= 0:
            return False
    return False


def markers(text: str, n: str, vocabulary: Vocabulary | None) -> list[re.Match[str]]:
    """The markers of note ``n`` in ``text``. A letter glued to a word without a bracket
    (``Lindowa``, ``Lindow.a``) is a marker only on the document's evidence: the word
    without it is printed elsewhere and the word with it is printed nowhere else and is
    no common word of the language (so ``casa`` or ``u.a.`` call no note ``a``); without
    the language's word list (Latin) the document's evidence alone decides, for words of
    three letters or more before the letter.
    A letter closing a bracket opened in its own word (``(Sockel)``) is the bracket's."""
    if n not in text and not (n.isdigit() and n.translate(_TO_SUPERSCRIPT) in text):
        return []  # every form of the marker holds the label or its superscript: most lines hold neither
    found = [match for match in _marker(n).finditer(text) if not _in_brackets(text, match)]
    if not n.isalpha():
        return found
    return [match for match in found
            if (match.group().endswith(")") and "(" not in (text[:match.start()].split() or [""])[-1])
            or _letter_marker(text[:match.start()], n, vocabulary)]


def _in_brackets(text: str, match: re.Match[str]) -> bool:
    """Does a marker a space after its word (``had 1)``, ``torre a)``) close a bracket opened
    before it (``(zie bl. 1)``, ``(véase la nota a)``)? Then it closes a reference, no note."""
    before = text[:match.start()]
    spaced = before[-1:].isspace() and not match.group().startswith(("(", "["))
    return spaced and match.group().endswith(")") and before.count("(") > before.count(")")


def _letter_marker(before: str, n: str, vocabulary: Vocabulary | None) -> bool:
    word = _WORD_BEFORE.search(before)
    if word is None or vocabulary is None:
        return False
    stem, stop = word.group(1).lower(), word.group(2)
    if stop:
        return len(stem) >= MIN_STOPPED and vocabulary.words[stem] > 0
    whole = stem + n
    printed = vocabulary.words[stem] > 0 and vocabulary.words[whole] <= 1
    if not vocabulary.has_lexicon:  # the document's words only, and no short one (Latin "ea" is no "e" + a)
        return printed and len(stem) >= MIN_STOPPED
    return printed and vocabulary.zipf(whole) <= min(vocabulary.zipf(stem), RARE_FORM)


@functools.lru_cache(maxsize=256)
def _marker(n: str) -> re.Pattern[str]:
    """A note marker ``n`` as printers set it: glued to the word or stop before it (``word1``,
    ``word.*``, ``Ende.“a``, with French spacing ``word ;1``), superscript (``word¹``), in
    brackets (``word (1)``, ``word(a)``, ``word *)``, ``word1)``, ``word¹)``; a number also in square
    brackets, ``word.[1]``, ``word [1]``), or an asterisk or dagger a space after its word
    (``while *``, ``vermeld. †``)."""
    plain = re.escape(n)
    glued = rf"(?:(?<=[^\W\d_])|(?<=[^\W\d_]{_STOP})|(?<=[^\W\d_][.,;:!?]{_CLOSE})|(?<=\s[;:!?])){plain}\)?" \
        if n.isalnum() \
        else rf"(?<=[^\s*†‡§‖¶(]){plain}\)?"
    # Spaced, a number is bracketed on both sides (word (1)), or closed by a bracket before a
    # stop or the line's end (had 1).; "dass 1) eine" counts off an enumeration);
    # an asterisk or dagger may stand a space after its word (OCR reads the gap the printer's
    # kerning left), a space or the line's end after it, not a number (``* 3``, ``*)opou=s``
    # are signs of the text).
    after_word = rf"|(?:(?<=[^\W\d_]\s)|(?<=[^\W\d_][.,;:!?]\s)){plain}(?=\s|$)(?!\s*\d)"
    bracketed = rf"\({plain}\)|\[{plain}\]" if n.isdigit() else rf"\({plain}\)"
    closed = rf"(?<=[^\W\d_]\s){plain}\)(?=[.,;:!?]|{_CLOSE}|$)"
    spaced = rf"(?:(?<=\s)|(?<=[^\W\d_])|(?<=[^\W\d_]{_STOP}))(?:{bracketed})|{closed}" \
        if n.isalnum() else rf"(?<=\s){plain}\)" + (after_word if set(n) <= set("*†‡") else "")
    sup = rf"|{re.escape(n.translate(_TO_SUPERSCRIPT))}\)?" if n.isdigit() else ""
    return re.compile(rf"(?:{glued}{sup}|{spaced})(?=[\s,.;:!?]|{_CLOSE}|$)")


def extent(lines: list[str], index: int, stops: set[int], vocabulary: Vocabulary, n: str) -> int:
    """The last line of the footnote starting at ``index``: before a blank line, an
    indented block start, the next footnote or a line in ``stops`` (captions, headings). A line
    indented to where the note's text begins after its label goes on with it (a hanging indent:
    ``* Tak se vypravovalo`` / ``  kraji ještě``, or with the whole note indented ``  * Tak`` /
    ``    kraji``) where the line before ends no sentence."""
    found = label(lines[index])
    hanging = found.end() if found is not None else 0
    last = index
    while last + 1 < len(lines) and lines[last + 1].strip() and last + 1 not in stops \
            and (not lines[last + 1][:1].isspace() or (0 < indent_of(lines[last + 1]) == hanging
                                                       and not lines[last].rstrip().endswith(_ENDS))) \
            and not opens_note(lines, last + 1, vocabulary, after=n):
        last += 1
    return last


_ENDS = (".", "!", "?", ":")  # what ends a sentence before a new block


def attach(paragraph: m.Paragraph, note: m.Note, doc: m.Document, lines: list[str],
           vocabulary: Vocabulary) -> bool:
    """Put ``note`` at its marker, the last marker of ``note.n`` in ``paragraph`` that the
    source shows at its place; False when the page shows none. The marker is recorded as
    removed at its line and column of ``lines`` (the source), so that a word it was glued
    to (``merchants1``) stays a word; the space before a marker set apart (``had 1).``) goes
    with it where a stop follows, so that the word and the stop meet again."""
    marker = _marker(note.n)
    content = paragraph.content
    for k in range(len(content) - 1, max(-1, len(content) - 1 - MARKER_NODES), -1):
        node = content[k]
        if not isinstance(node, m.Text):
            continue
        line = next((n.line for n in reversed(content[:k]) if isinstance(n, m.LineBreak)), paragraph.line)
        for at in reversed(markers(node.text, note.n, vocabulary)):
            column = _column(lines, line, node.text[:at.start()], at.group(), marker)
            if column == 0:
                continue  # not where the source prints it: a word's letter, not a marker
            before = node.text[:at.start()]
            if node.text[at.end():at.end() + 1] in ("", *_ENDS, ",", ";"):
                before = before.rstrip()  # "commode (1)." reads "commode." without the note
            content[k:k + 1] = [m.Text(before), note, m.Text(node.text[at.end():])]
            doc.removed.append(m.Removed(at.group(), "note-marker", line, column))
            return True
    return False


def _column(lines: list[str], line: int, before: str, printed: str, marker: re.Pattern[str]) -> int:
    """The 1-based column of the marker ``printed`` on source line ``line``: the occurrence
    that follows the word before it; 0 when the line does not show it."""
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    word = before.split()[-1] if before.split() else ""
    for found in reversed(list(marker.finditer(source))):
        if found.group() == printed and source[:found.start()].rstrip().endswith(word):
            return found.start() + 1
    return 0
