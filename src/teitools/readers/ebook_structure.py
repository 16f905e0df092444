# ruff: noqa: RUF001  (ebook text is full of typographic quotes and dashes)
"""The layout of an ebook exported to plain text, read from its blank lines and indents.

One line is one paragraph (in a wrapped text, one block of lines is; see
``read_units``).  What the export kept of the book's structure is in the
spacing: a chapter starts on a line that begins with a space (or after a long run
of blank lines, often with an ``[image: …]`` placeholder), a line holding only a
tab separates sections, two blank lines mark a lost section heading, and
displayed material (block quotations, verse, lists, dialogue) is set off by an
extra blank line before it and a wider gap (or a separator) after it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from itertools import pairwise

from teitools import model as m
from teitools import terms
from teitools.terms import Terms, fold

BIG_GAP = 4  # blank lines that end a chapter
MAX_DISPLAY = 12  # paragraphs a displayed block may hold
INDENTED_TEXT = 0.9  # share of a text's lines indented by spaces that makes a flush line stand out
RARE_SHORT = 0.1  # short lines are rare (then a short phrase between paragraphs is a title) below this share
SHORT_LINE = 70  # verse lines are shorter than this

_FIGURE = re.compile(r"^(?:Figure|Fig\.|Plate|Map|Illustration|Table)\s+"
                     r"(?P<n>\d+(?:[.\-]\d+)*[a-z]?)[.:]?\s+\S", re.I)
_PLACEHOLDER = re.compile(r"^\[(?:image|img|figure|illustration)(?::\s*(.*?))?\]$", re.I)
_TERMINAL = tuple(".,;:")
WRAPPED_ENDS = 0.25  # share of a wrapped text's full lines that end with a stop or a comma, at most
WRAPPED_LINES = 0.3  # share of all its lines that a wrapped text's full lines make at least ...
WRAPPED_BLOCKS = 0.5  # ... or of its lines that another line follows (a short text of headings and lists)
MIN_WRAPPED = 3  # full lines a wrapped text has at least
# A line that ends like a sentence or a clause (closing quotes and brackets after the mark).
_ENDS_SENTENCE = re.compile(r"[.,;:!?…][’”'\")\]»›]*$")
# What opens a line of dialogue (or a quotation) rather than a title.
_DIALOGUE = tuple("—–-―«»„“”‘’‚\"'‹›¿¡")
_NOTE_LABEL = re.compile(r"^\s*(?:\d{1,4}\.|\[\d{1,4}\]|[*†‡§])\s+\S")
MAX_HEADING = 120  # characters of a heading line
MAX_HEADING_WORDS = 15
_DECORATED = re.compile(r"[-–—*~\[(]+\s*(\w+)\.?\s*[-–—*~\])]+")  # a number between dashes or brackets
# The label before a section's title: "IV.", "2)", "1.2.", "A."
_LETTER_LABEL = re.compile(r"([A-Z])[.)]\s")  # a section's letter: "C. Ueberkreuzungen der Hölzer."
_SECTION_LABEL = re.compile(r"[IVXLCDM]+\.|\d{1,3}\)|\d{1,3}(?:\.\d{1,3})+\.?|[A-Za-z][.)]")
MIN_CONTENTS = 3  # entries of a contents list at least ...
MIN_CONFIRMED = 2  # ... or with leaders, where the pages they name print what they name
MAX_LABEL = 2  # words of an entry's label before its title (CHAPTER I.)
_CONTENTS_ENTRY = re.compile(r"[^\d\s.]\s*(?:\.\s*)*\s(\d{1,4})$")  # "Waare und Geld 1", "Preface . . . 9"
# ... or a front matter's page in Roman after a leader or a printer's gap ("Vorwort . . . VII")
_ROMAN_ENTRY = re.compile(r"[^\d\s.](?:(?:\s*\.){2,}\s*|\s*…[\s.…]*|\s{2,})([ivxlc]{1,7}|[IVXLC]{1,7})\.?$")


@dataclass(frozen=True)
class Unit:
    """One non-blank source line: a paragraph, or a separator line."""

    line: int  # 1-based line number
    raw: str
    gap: int  # blank lines before it
    separator: bool = False

    @property
    def text(self) -> str:
        return self.raw.strip()

    def where(self, offset: int) -> tuple[int, int]:
        """The source (line, 1-based column) of an offset in ``raw``: a unit of a wrapped
        text holds several source lines, joined by line ends."""
        start = self.raw.rfind("\n", 0, offset) + 1
        return self.line + self.raw.count("\n", 0, offset), offset - start + 1

    def inline(self, start: int = 0, end: int | None = None) -> list[m.Inline]:
        """``raw[start:end]`` as inline content: a line break where a source line ends."""
        return inline_lines(self.raw[start:end], self.where(start)[0])


def inline_lines(text: str, line: int = 0) -> list[m.Inline]:
    """Text that may span source lines as inline content: the lines' text (spaces around the
    line ends trimmed) with a line break between them."""
    parts = text.split("\n")
    if len(parts) == 1:
        return [m.Text(text)] if text else []
    out: list[m.Inline] = []
    for k, part in enumerate(parts):
        if k:
            out.append(m.LineBreak(line=line + k))
        piece = part.rstrip() if k == 0 else part.lstrip() if k == len(parts) - 1 else part.strip()
        if piece:
            out.append(m.Text(piece))
    return out


def units_of(lines: list[str]) -> list[Unit]:
    """The non-blank lines with the blank lines before each; whitespace lines holding a
    tab, and lines of only asterisks, are separators."""
    units: list[Unit] = []
    gap = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            if "\t" in line:
                units.append(Unit(number, line, gap, separator=True))
                gap = 0
            else:
                gap += 1
            continue
        if re.fullmatch(r"(?:[*•·]\s*){3,}", stripped):
            units.append(Unit(number, line, gap, separator=True))
        else:
            units.append(Unit(number, line, gap))
        gap = 0
    return units


@dataclass(frozen=True)
class Style:
    """What the spacing of this text can say about its chapters."""

    wrapped: bool = False  # paragraphs wrapped over several lines (Project Gutenberg's style)
    glued: bool = True  # a line glued to the paragraph before it (no blank line) may open a chapter
    line_gap: int = 1  # blank lines between two lines of one displayed block (verse, a list)


GLUED_SHARE = 0.2  # glued lines are a cue only where fewer lines than this are glued
COMPACT_SHARE = 0.6  # a text of paragraphs whose lines are mostly glued sets them without blank lines


def read_units(lines: list[str]) -> tuple[list[Unit], Style]:
    """The units the reader builds on, and what their spacing can say.

    In a wrapped text (paragraphs of lines broken at a fixed width, blank lines between
    them, as Project Gutenberg prints) the lines of one paragraph become one unit. A glued
    line is a cue only where it is rare: in a text without blank lines between its
    paragraphs (or of verse in blocks) it opens nothing. Where paragraphs (long lines)
    follow one another without blank lines, every gap counts one more, so that a blank line
    reads as the extra space it is (a section, a displayed quotation).
    """
    units = units_of(lines)
    width = wrap_width(lines)
    if width:
        return _joined(units, width), Style(wrapped=True, glued=False, line_gap=0)
    units = _continued_notes(units)
    texts = [u for u in units if not u.separator]
    glued_lines = sum(u.gap == 0 for u in texts[1:])
    glued = glued_lines < GLUED_SHARE * max(1, len(texts) - 1)
    lengths = sorted(len(u.text) for u in texts)
    if len(texts) > 2 and glued_lines >= COMPACT_SHARE * (len(texts) - 1):
        if lengths[len(lengths) // 2] < SHORT_LINE:
            return units, Style(glued=False, line_gap=0)  # verse or short lines in blocks
        units = [replace(u, gap=u.gap + 1) for u in units]
    return units, Style(glued=glued)


def _continued_notes(units: list[Unit]) -> list[Unit]:
    """A note text broken over lines (``1. The quay is described … which`` / ``were kept …``):
    a line glued to a note text that does not end a sentence continues it, unless it opens a
    note text of its own or is a heading."""
    out: list[Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        if (prev is not None and not prev.separator and not unit.separator and unit.gap == 0
                and _NOTE_LABEL.match(prev.raw) and not _ENDS_SENTENCE.search(prev.raw.rstrip())
                and not _NOTE_LABEL.match(unit.raw) and heading_kind(unit.text) is None):
            out[-1] = replace(prev, raw=prev.raw + "\n" + unit.raw)
        else:
            out.append(unit)
    return out


def _fits(line: str, after: str, width: int) -> bool:
    """Whether the first word of ``after`` would have fitted on ``line``: then the line
    was ended on purpose (verse, a list, a heading), not by wrapping."""
    word = after.split()[0] if after.split() else ""
    return len(line.rstrip()) + 1 + len(word) <= width - 3


def wrap_width(lines: list[str]) -> int:
    """The width a wrapped text is broken at, or 0 when the text is not wrapped: most lines
    that another line follows end because the next word would not fit (full lines: at least
    ``WRAPPED_LINES`` of all lines, or ``WRAPPED_BLOCKS`` of those another line follows, as in a
    short book whose title, contents and headings stand alone; of the lines another line follows,
    wrapped prose has 74-99 % full in the development corpus, verse 31 % at most but verse of even
    lines such as hexameters up to 63 %), and few of them end with a stop or a comma (at most
    ``WRAPPED_ENDS``: wrapped prose ends 8-18 % of its full lines so, verse of even lines 30 % and
    more, a text of one paragraph per line nearly all)."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 6:
        return 0
    width = lengths[int(0.95 * (len(lengths) - 1))]
    if not 30 <= width <= 100:
        return 0
    followed = [(line, after) for line, after in pairwise(lines) if line.strip() and after.strip()]
    inner = [line for line, after in followed if not _fits(line, after, width)]
    full = min(WRAPPED_LINES * len(lengths), WRAPPED_BLOCKS * len(followed))  # either share will do
    if len(inner) < max(MIN_WRAPPED, full):
        return 0
    ends = sum(bool(_ENDS_SENTENCE.search(line.rstrip())) for line in inner)
    return width if ends <= WRAPPED_ENDS * len(inner) else 0


def _joined(units: list[Unit], width: int) -> list[Unit]:
    """Units of a wrapped text: a line joins the one before it when that one was broken
    by wrapping (the word would not fit), neither is a separator, and it does not open a
    note text or an item, nor stand indented further than the line before."""
    out: list[Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        last = prev.raw.rsplit("\n", 1)[-1] if prev is not None else ""
        if (prev is not None and not unit.separator and not prev.separator and unit.gap == 0
                and unit.line == prev.line + prev.raw.count("\n") + 1
                and not _fits(last, unit.raw, width) and not _NOTE_LABEL.match(unit.raw)
                and not unit.raw.startswith("\t") and indent_of(unit.raw) <= indent_of(last)):
            out[-1] = replace(prev, raw=prev.raw + "\n" + unit.raw)
        else:
            out.append(unit)
    return out


def indent_of(line: str) -> int:
    """The characters of white space before a line's text."""
    return len(line) - len(line.lstrip())


def _figure_label(text: str) -> re.Match[str] | None:
    """``Figure 7.1. caption``, or a caption word of any language and its number (``Abb. 3.``,
    ``Plate IV``, ``Tafel II.``: ``terms.caption_label``), the number as its group ``n``."""
    return _FIGURE.match(text) or terms.caption_label(text)


def figure_number(text: str) -> str | None:
    """The number of a ``Figure 7.1. caption`` (``Abb. 3.``, ``Plate IV``) line, else None."""
    found = _figure_label(text)
    return found.group("n") if found and "\n" not in text[:found.end()] else None


def without_figure_label(raw: str) -> str:
    """The line with its ``Figure 7.1.`` label blanked out (same length), so that the
    label's digits are not taken for a note marker."""
    found = _figure_label(raw.lstrip())
    if not found:
        return raw
    cut = len(raw) - len(raw.lstrip()) + found.end("n")
    return " " * cut + raw[cut:]


def placeholder(text: str) -> tuple[str, str, str] | None:
    """``[image: Chapter]`` as (opening markup, description, closing markup), else None."""
    found = _PLACEHOLDER.match(text)
    if not found:
        return None
    if found.group(1) is None:
        return text, "", ""
    return text[:found.start(1)], found.group(1), text[found.end(1):]


def heading_kind(text: str, vocab: Terms | None = None) -> str | None:
    """What evidence makes a line a heading, in the book's language (``vocab``, every
    language's terms when None), or None when it is no heading.

    Strong evidence: ``division`` (a division word with a number: ``Chapter 3``,
    ``CAPITOLO PRIMO.``, ``Erstes Kapitel``), ``number`` (a number alone, ``IV``, ``12.``,
    ``-V-``, ``[VI]``, or a
    Roman number before a title, ``IV. The Harbour``), ``matter`` (``Preface``, ``Vorrede``,
    ``Notes``). Weak: ``title``, a short line that starts with a capital and does not end
    like a sentence or a clause (a question mark or an ellipsis ends one, so does a period,
    except after a title set in capitals).
    A line that opens like dialogue is a heading only on strong evidence.
    """
    vocab = vocab or terms.for_language(None)
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS or len(text) > MAX_HEADING:
        return None
    if figure_number(text) is not None or placeholder(text) is not None:
        return None
    bare = [w.strip(".:,;()[]–—-").lower() for w in words]
    if len(words) >= 3 and bare[0] in vocab.articles:  # "Der Ander Eingang.", "The First Book"
        labelled = heading_kind(" ".join(words[1:]), vocab)
        if labelled == "division":
            return labelled
    shouting = text.isupper() or not text.endswith(".")
    if " ".join(bare) in vocab.matter and shouting and terms.capital(text[0]):
        return "matter"
    if _qualified_matter(text, words, bare, vocab):
        return "matter"
    decorated = _DECORATED.fullmatch(text)
    if decorated and _number(decorated.group(1), vocab) and not (text[0] == "[" and text[1:2].isdigit()):
        return "number"  # "-I-", "— II —", "[III]", "* 4 *"; not "[12]", a page or a note
    if text[0] == "[" and text.endswith("]") and len(text) > 2:  # an editor's heading: "[Act 1, Scene 2]"
        inner = heading_kind(text[1:-1], vocab)
        return inner if inner in ("division", "matter") else None
    if not text[0].isalnum() or _NOTE_LABEL.match(text):
        return None
    numbered = len(bare) >= 2 and ((bare[0] in vocab.division and _number(words[1], vocab))
                                   or (_number(words[0], vocab) and bare[1] in vocab.division))
    if numbered and (terms.capital(text[0]) or (text[0].isdigit() and bare[1] in vocab.division)):
        rest = words[2:]
        # "Viertes Kapitel. Die …"
        stopped = bool(rest) and words[1][-1] in ".:" and terms.capital(rest[0][0])
        if len(words) <= 3 or text.isupper() or stopped or (not _ENDS_SENTENCE.search(text) and (
                terms.capital(rest[0][0]) or rest[0][0] in ":.–—-")):
            return "division"
    if len(words) == 1 and _number(words[0], vocab) and not text.endswith((",", ";", ":")):
        return "number"
    if len(words) > 1 and _SECTION_LABEL.fullmatch(words[0]) and roman_title(words[1:]):
        return "number"  # "IV. The Harbour", "2) Cooperation.", "A. Mass der Werthe.", "b) Der Umlauf."
    if (terms.capital(text[0]) or text[0].isdigit()) and len(text) <= 100 and any(c.isalpha() for c in text) \
            and (not _ENDS_SENTENCE.search(text) or (terms.capitals(text) and text.endswith("."))):
        return "title"
    return None


QUALIFIED_MATTER = ("preface", "introduction", "contents", "appendix", "notes", "bibliography", "index",
                    "prologue", "epilogue", "dedication", "conclusion")  # kinds a qualifier may follow
MAX_QUALIFIED = 5  # words of such a heading


def _qualified_matter(text: str, words: list[str], bare: list[str], vocab: Terms) -> bool:
    """A front- or back-matter word with a qualifier in lower case, one clause, a few words:
    ``Vorrede zur zweiten Auflage.``, ``Preface to the Second Edition``, ``Notes on the text``,
    ``PRÉFACE DE LA SECONDE ÉDITION`` (no end matter such as ``Fin de …``, no cast list)."""
    if not 2 <= len(words) <= MAX_QUALIFIED or not terms.capital(text[0]):
        return False
    if vocab.matter.get(bare[0]) not in QUALIFIED_MATTER or not (words[1][:1].islower() or text.isupper()):
        return False
    return not re.search(r"[.,;:!?…]", text.rstrip("."))


def _phrase(text: str) -> bool:
    """A short phrase that ends with a period (or an exclamation mark): capitalised, at most
    eight words, no sentence ending inside it but before a year or a bracket
    (``Mein Herz. 1840.``, ``Sittah, die Zigeunerin.``)."""
    words = text.split()
    return (0 < len(words) <= 8 and terms.capital(text[0]) and text.endswith((".", "!", ".)", ".]"))
            and not text.endswith("..") and not re.search(r"[.!?…;:](?!\s*[\d(\[])", text.rstrip(".!)]"))
            and "\n" not in text)


def roman_title(words: list[str]) -> bool:
    """The title after a Roman number (``IV. Der Esel und das Jagdpferd.``): capitalised, at most
    ten words, one phrase (no sentence ends inside it, nothing but a period at its end)."""
    if not words or len(words) > 10 or not terms.capital(words[0][:1]):
        return False
    text = " ".join(words)
    phrase = text[:-1] if text.endswith(".") else text
    return not re.search(r"[.!?…;]\s", phrase) and not _ENDS_SENTENCE.search(phrase)


def _number(word: str, vocab: Terms) -> bool:
    """A heading number: Arabic (up to three digits), Roman in capitals (in lower case only
    ``i`` … ``xv``: ``mix``, ``did`` and ``civil`` are words), an ordinal or a number word."""
    bare = word.strip(".:,)")
    if not bare or (bare.isdigit() and not bare.isdecimal()):
        return False  # "³" is a digit that int() cannot read
    if bare.isdecimal():
        return len(bare) <= 3
    low = bare.lower()
    if low in vocab.ordinals or low in vocab.numbers:
        return True
    if terms.roman(bare) is None:
        return False
    return bare.isupper() or re.fullmatch(r"[ivx]{1,5}", bare) is not None


def contents_entries(units: list[Unit]) -> set[int]:
    """The entries of contents lists among ``units``: :func:`contents_entries_of` their texts
    (separators none)."""
    return contents_entries_of([None if unit.separator else unit.text for unit in units])


def contents_entries_of(texts: list[str | None], named: Callable[[int, int], bool] | None = None) -> set[int]:
    """The entries of contents lists among lines ``texts`` (stripped; None for a line that is no
    entry and does not break a list): runs of at least ``MIN_CONTENTS`` short lines that end with
    a page number (after a space or a leader; the front matter's in Roman after a leader or a
    printer's gap: ``Vorwort . . . VII``, the Roman before the Arabic), the numbers rising, at
    most one other short line (``Seite``, a part's title) between two entries; or runs of
    ``MIN_CONFIRMED`` whose every entry ends with an Arabic page number after a leader
    (:func:`ends_in_leader`) and names what that page prints: ``named(k, page)`` for the entry
    ``texts[k]`` (a book's pages known; without ``named``, no such run is a list)."""
    def listed(run: list[tuple[int, tuple[int, int]]]) -> bool:
        return len(run) >= MIN_CONTENTS or (named is not None and len(run) >= MIN_CONFIRMED and all(
            arabic and ends_in_leader(texts[k] or "") and named(k, page) for k, (arabic, page) in run))

    found: set[int] = set()
    run: list[tuple[int, tuple[int, int]]] = []  # (line, (0 Roman or 1 Arabic, page number))
    others = 0
    for i, text in enumerate(texts):
        if text is None:
            continue
        page = _contents_page(text) if len(text) <= MAX_HEADING else None
        if page is not None and (not run or page >= run[-1][1]):
            run.append((i, page))
            others = 0
        elif page is None and run and others < 1 and len(text) <= MAX_HEADING:
            others += 1
        else:
            if listed(run):
                found.update(k for k, _ in run)
            run, others = ([(i, page)] if page is not None else []), 0
    if listed(run):  # a list that ends the text
        found.update(k for k, _ in run)
    return found


# a leader before a number at a line's end: " ........ 3", " . . . 1", " … VII"
_LEADER = re.compile(r"(?:(?:[.·_]\s*){2,}|…[\s.…·_]*)(?:\d{1,4}|[ivxlc]{1,7}|[IVXLC]{1,7})\.?$")


def ends_in_leader(text: str) -> bool:
    """Does ``text`` end with a page number after a leader, two dots or more (``The Old House
    ........ 3``, ``Prefazione . . . 1``) or an ellipsis (``Vorwort … VII``)? A contents
    entry's reference to a page, never a page's own number."""
    return _LEADER.search(text) is not None


def names_line(entry: str, line: str) -> bool:
    """Does the contents entry ``entry`` name the line ``line`` (a heading on the page it refers
    to): the same words (:func:`title_key`) as the entry without its page number and leader, or
    as its title after its label, a division word or a number or both (``THE OLD HOUSE.`` for
    ``CHAPTER I. The Old House ........ 3``, ``PREFAZIONE`` for ``Prefazione . . . 1``)?"""
    vocab = terms.for_language(None)
    words = title_key(_ENTRY_PAGE.sub("", entry.strip())).split()
    label = 0
    while label < min(MAX_LABEL, len(words) - 1) and (words[label] in vocab.division
                                                     or vocab.number(words[label]) is not None):
        label += 1
    key = title_key(line).split()
    return bool(key) and key in (words, words[label:])


# a contents entry's page number, with its leader: " . . . 177", " VII"
_ENTRY_PAGE = re.compile(r"(?:\s*[.…·_]\s*)*\s+(?:\d{1,4}|[ivxlc]{1,7}|[IVXLC]{1,7})\.?$")
_PHRASE_END = re.compile(r"(?<=[^\W\d_]{2}[.!?])\s+(?=[^\W\d_])")  # a phrase ends inside an entry


def title_key(text: str) -> str:
    """A title as a contents entry and a heading are compared: the words alone, case folded."""
    return " ".join(fold(word) for word in re.findall(r"[^\W_]+", text))


def contents_titles(texts: Iterable[str]) -> frozenset[str]:
    """The headings the entries ``texts`` of a contents list name, as ``title_key`` gives them:
    each entry without its page number and leader, and each run of the phrases it joins
    (``Erstes Kapitel. Epochen des Papstthums. Das Christenthum in dem römischen Reiche 3``
    names ``Erstes Kapitel. Epochen des Papstthums.`` and the section after it)."""
    found: set[str] = set()
    for text in texts:
        phrases = _PHRASE_END.split(_ENTRY_PAGE.sub("", text.strip()))
        for start in range(len(phrases)):
            for end in range(start + 1, len(phrases) + 1):
                key = title_key(" ".join(phrases[start:end]))
                if key:
                    found.add(key)
    return frozenset(found)


def _contents_page(text: str) -> tuple[int, int] | None:
    """The page a contents entry ends with, as (0, its value) for a Roman page of the front
    matter and (1, its number) for an Arabic one, so that the order of the book rises; None
    for a line that is no entry."""
    if text[-1:].isdigit():
        entry = _CONTENTS_ENTRY.search(text)
        return (1, int(entry.group(1))) if entry else None
    last = text.rsplit(None, 1)[-1].rstrip(".") if text.strip() else ""
    if not last or last.strip("ivxlcIVXLC"):
        return None  # the last word is no Roman numeral: no need to try the pattern
    roman = _ROMAN_ENTRY.search(text)
    value = terms.roman(roman.group(1)) if roman else None
    return (0, value) if value else None


def _division_shape(text: str, vocab: Terms) -> tuple[int, str, bool] | None:
    """The shape of a short line of a division word and one other word (``Första kapitlet``,
    ``CHAPTER TWELVE``): where the division word stands, the word itself, and whether the line
    is in capitals.  A line of the shape of the book's division headings is one even when the
    language data lacks its number word (``Tjuguandra kapitlet``, 22)."""
    words = text.rstrip(".").split()
    if not 2 <= len(words) <= 3 or not terms.capital(text[0]):
        return None
    bare = [fold(w.strip(".:,;()[]–—-")) for w in words[:2]]
    for k in (0, 1):
        if bare[k] in vocab.division and bare[1 - k].isalpha():
            return k, bare[k], text.isupper()
    return None


def is_heading(text: str, vocab: Terms | None = None) -> bool:
    """A title line: a heading on strong evidence, or short, capitalised, not ending like a
    sentence or a clause (see ``heading_kind``)."""
    return heading_kind(text, vocab) is not None


def heading_number(text: str, vocab: Terms) -> int | None:
    """The number a heading prints (``XII.`` 12, ``IV. The Harbour`` 4, ``Chapter 3`` 3,
    ``Erstes Kapitel`` 1), if any."""
    for word in text.split()[:2]:
        if _number(word, vocab):
            return vocab.number(word.strip(".:)"))
    return None


class Headings:
    """Heading evidence for the units of one text: its language's words (``vocab``), numbers
    that form a sequence (a lone number heads a division only when a number next to it, one
    or two apart, heads another, or when it is 1 or 2: ``DI`` on a poster is no chapter
    between XXXIII and XXXIV), and position: a short phrase that stands apart (more blank
    lines before and after it than between the lines of a poem, or, in a text where short lines
    are rare, before a long paragraph) is a title even with its period (``Der erste Schnee.``)."""

    def __init__(self, units: list[Unit], vocab: Terms, style: Style | None = None) -> None:
        self.units = units
        self.vocab = vocab
        self._kinds = [None if u.separator else heading_kind(u.text, vocab) for u in units]
        self._placed: set[int] = set()
        self._listed: set[int] = set()  # titles the book's contents list names
        self._contents_heads: set[int] = set()  # the headings of contents lists
        if style is not None and not style.wrapped:
            short = [u for u in units
                     if not u.separator and len(u.text) < SHORT_LINE and not _NOTE_LABEL.match(u.raw)]
            rare = len(short) <= RARE_SHORT * len(units)
            for i, unit in enumerate(units):
                after = units[i + 1] if i + 1 < len(units) else None
                apart = (unit.gap > style.line_gap or not i) and (after is None or after.gap > style.line_gap)
                if self._kinds[i] is None and not unit.separator and _phrase(unit.text) \
                        and (apart or (rare and self._before_paragraph(i))):
                    self._kinds[i] = "title"
                    self._placed.add(i)
            self._flush_titles()
        entries = self.entries = frozenset(contents_entries(units) | self._listed_again())
        for i in entries:  # "Erstes Kapitel. Waare und Geld 1" lists a heading
            self._kinds[i] = None
        for i in entries:  # "Inhalt." over the list (a line such as "Seite" may stand between)
            before = [j for j in range(max(0, i - 3), i) if not units[j].separator][-2:]
            if before and before[-1] not in entries:
                for j in reversed(before):
                    bare = " ".join(fold(w.strip(".:,;()[]–—-")) for w in units[j].text.split())
                    if vocab.matter.get(bare) == "contents" and terms.capital(units[j].text[:1]):
                        self._kinds[j] = "matter"
                        self._contents_heads.add(j)
                        break
        listed = contents_titles(units[i].text for i in entries)
        for i, unit in enumerate(units):  # "Ignatius Loyola." where the contents list "Ignatius Loyola 177"
            if self._kinds[i] in (None, "title") and i not in entries and not unit.separator \
                    and len(unit.text) <= MAX_HEADING and title_key(unit.text) in listed:
                self._kinds[i] = "title"
                self._placed.add(i)
                self._listed.add(i)
        shapes = {_division_shape(units[i].text, vocab)
                  for i, kind in enumerate(self._kinds) if kind == "division"}
        shapes.discard(None)
        for i, unit in enumerate(units):  # "TJUGUANDRA KAPITLET" after "TJUGONDE KAPITLET"
            if self._kinds[i] not in ("division", "number", "matter") and not unit.separator \
                    and i not in entries and _division_shape(unit.text, vocab) in shapes:
                self._kinds[i] = "division"
        numbers = {i: v for i, kind in enumerate(self._kinds) if kind in ("number", "division")
                   and (v := heading_number(units[i].text, vocab)) is not None}
        values = set(numbers.values())
        letters = {i: ord(found.group(1)) - ord("A") + 1 for i, kind in enumerate(self._kinds)
                   if kind == "number" and (found := _LETTER_LABEL.match(units[i].text))}
        lettered = set(letters.values())  # "B. Verbreitungen", "C. Ueberkreuzungen": C is 3 here, not 100
        for i, v in numbers.items():
            if i in letters and lettered & {letters[i] - 1, letters[i] + 1}:
                continue
            if self._kinds[i] == "number" and v > 2 and not values & {v - 2, v - 1, v + 1, v + 2}:
                text = units[i].text
                titled = terms.capital(text[0]) and not _ENDS_SENTENCE.search(text)
                self._kinds[i] = "title" if titled else None

    def _listed_again(self) -> set[int]:
        """The entries of a contents list that prints no page numbers: a run of at least
        ``MIN_CONTENTS`` headings, one after another, each of which heads the text again later,
        in the same order and apart, with text between (``Chapter 1. The Island``, ``Chapter 2.
        The Lamp``, ``Notes``; a refrain sung again is its lines again one after another)."""
        keys = [title_key(u.text) if kind is not None and not u.separator else ""
                for u, kind in zip(self.units, self._kinds, strict=True)]
        last = {key: i for i, key in enumerate(keys) if key}
        found: set[int] = set()
        run: list[int] = []
        for i, key in enumerate([*keys, ""]):
            if key and last[key] > i and (not run or last[key] > last[keys[run[-1]]] + 1):
                run.append(i)
                continue
            if len(run) >= MIN_CONTENTS:
                found.update(run)
            run = [i] if key and last[key] > i else []
        return found

    def _flush_titles(self) -> None:
        """In a text of lines nearly all indented (verse, set off by spaces), a short line set flush
        before an indented one is a title by its place (``C. Valeri Flacci Argonauticon Liber
        Primus.``); a play's speakers' names, set so too, are taken back by ``not_titles``."""
        texts = [u for u in self.units if not u.separator]
        if not texts or sum(u.raw.startswith("  ") for u in texts) < INDENTED_TEXT * len(texts):
            return
        for i, unit in enumerate(self.units[:-1]):
            after = self.units[i + 1]
            flush = not unit.separator and not unit.raw[:1].isspace() and not _NOTE_LABEL.match(unit.raw)
            if self._kinds[i] is None and flush and len(unit.text) <= MAX_HEADING \
                    and terms.capital(unit.text[:1]) and after.raw.startswith("  "):
                self._kinds[i] = "title"
                self._placed.add(i)

    def _before_paragraph(self, i: int) -> bool:
        """Whether unit ``i`` stands before a long paragraph, first or after another one or a heading."""
        units = self.units
        if i + 1 >= len(units) or len(units[i + 1].text) < 2 * SHORT_LINE:
            return False
        return i == 0 or len(units[i - 1].text) >= 2 * SHORT_LINE or self._kinds[i - 1] is not None

    def not_titles(self, indexes: set[int]) -> None:
        """Units known to be something else (a speaker's name in a play) are no weak titles."""
        for i in indexes:
            if self._kinds[i] == "title":
                self._kinds[i] = None
                self._placed.discard(i)

    def titles(self) -> set[int]:
        """Units that are titles by their position (a short phrase standing alone)."""
        return self._placed

    def listed(self, i: int) -> bool:
        """Is unit ``i`` a title the book's contents list names (``Ignatius Loyola.`` where it
        lists ``Ignatius Loyola 177``)?"""
        return i in self._listed

    def kind(self, i: int) -> str | None:
        """``division``, ``number``, ``matter`` (strong evidence), ``title`` (weak) or None."""
        return self._kinds[i]

    def strong(self, i: int) -> bool:
        """A heading whose words say so: a division word with its number, a number in
        sequence, or the heading of front or back matter."""
        return self._kinds[i] in ("division", "number", "matter")

    def division_type(self, i: int) -> str | None:
        """The TEI division type a ``Chapter 3`` / ``Erstes Kapitel`` heading names, ``contents``
        for the heading of a contents list (``Inhalt.``), else None."""
        if i in self._contents_heads:
            return "contents"
        if self._kinds[i] != "division":
            return None
        named = terms.division_label(self.units[i].text, self.vocab)  # "Der Ander Eingang": a scene
        if named is not None:
            return named[0]
        bare = [w.strip(".:,;()[]–—-").lower() for w in self.units[i].text.split()[:2]]
        return self.vocab.division.get(bare[0]) or self.vocab.division.get(bare[1])  # an unknown number word


def is_chapter_cue(unit: Unit, index: int, headings: Headings, style: Style) -> bool:
    """A chapter start that the layout alone suggests: the file's first line, a line
    glued to the previous paragraph (a new file in the ebook; where glued lines are rare),
    a long gap, or a title such as ``Chapter 3``."""
    return index == 0 or (unit.gap == 0 and style.glued) or unit.gap >= BIG_GAP or headings.strong(index)


def boundaries(units: list[Unit], skip: set[int], headings: Headings, style: Style) -> list[int]:
    """Units where a chapter or a section within one may start: a paragraph, or a title before
    one, that begins with a space (not a short line: verse and speeches are indented so; not
    in a wrapped text, which indents its quotations), one after a long gap, a heading on
    strong evidence (``Chapter 3``, ``IV``, ``Preface``)."""
    found = []
    flush = flush_prose(units)
    for i, unit in enumerate(units):
        if unit.separator or i in skip:
            continue
        after = units[i + 1] if i + 1 < len(units) else None
        prose = after is not None and len(after.text) >= 2 * SHORT_LINE
        indented = unit.raw.startswith(" ") and not style.wrapped and (
            len(unit.text) >= 2 * SHORT_LINE or (headings.kind(i) is not None and prose
                                                 and not (flush and set_off(unit))))
        if indented or unit.gap >= BIG_GAP or headings.strong(i):
            found.append(i)
    return found


def chapter_starts(units: list[Unit], starts: list[int], markers: list[tuple[int, bool]],
                   headings: Headings, style: Style) -> set[int]:
    """Which boundaries start chapters (the others start sections).

    ``markers`` are the chosen note markers in reading order as (unit, restarts):
    numbering that restarts between two markers says a chapter starts between them,
    numbering that continues says the boundaries between them are sections (unless a
    heading names its division: ``Chapter 4``).  Where notes say nothing, the spacing decides.
    """
    groups: dict[tuple[int, int], list[int]] = {}
    marker_units = [u for u, _ in markers]
    for b in starts:
        prev = bisect_left(marker_units, b) - 1
        nxt = prev + 1 if prev + 1 < len(markers) else -1
        groups.setdefault((prev, nxt), []).append(b)
    chapters: set[int] = set()
    for (prev, nxt), group in groups.items():
        cued = [b for b in group if is_chapter_cue(units[b], b, headings, style)]
        if prev >= 0 and nxt >= 0 and markers[nxt][1]:
            chapters.update(cued or group[-1:])
        elif prev >= 0 and nxt >= 0:
            chapters.update(b for b in group if headings.kind(b) == "division")
        else:
            chapters.update(cued)
    return chapters | _numbered_siblings(units, starts, chapters, headings)


def _numbered_siblings(units: list[Unit], starts: list[int], chapters: set[int],
                       headings: Headings) -> set[int]:
    """The boundaries (``starts``, in order) whose number heading continues the last chapter's
    in its style (``II. Le premier voyage`` after chapter ``I. L'enfance``; not ``2)`` after
    ``I.``): chapters too, whatever the notes between them say."""
    found: set[int] = set()
    last: tuple[tuple[str, str], int] | None = None  # the last chapter's label style and number
    for b in starts:
        label = _number_label(units[b].text, headings) if headings.kind(b) == "number" else None
        if b not in chapters and label is not None and last is not None \
                and label[0] == last[0] and label[1] == last[1] + 1:
            found.add(b)
        if b in chapters or b in found:
            last = label
    return found


def _number_label(text: str, headings: Headings) -> tuple[tuple[str, str], int] | None:
    """A number heading's label style (Roman or Arabic, with the stop after it: ``("roman",
    ".")`` for ``IV. The Harbour``) and its number, or None."""
    word = text.split()[0]
    bare = word.rstrip(".:)")
    number = heading_number(text, headings.vocab)
    if number is None or not bare:
        return None
    style = "arabic" if bare.isdecimal() else "roman" if terms.roman(bare) is not None else "word"
    return (style, word[len(bare):]), number


@dataclass(frozen=True)
class Display:
    """Displayed material: units ``start`` to ``end`` (exclusive) and what they are."""

    start: int
    end: int
    kind: str  # "quote", "verse", "list"


def _titles_motto(units: list[Unit], i: int, headings: Headings) -> bool:
    """A title in capitals before lines that are not (``STILLA WECKOR.`` over a stanza in
    lower case): the heading of what follows, not the first line of a display."""
    return headings.kind(i) == "title" and terms.capitals(units[i].text) and i + 1 < len(units) \
        and not units[i + 1].separator and not terms.capitals(units[i + 1].text)


def _kind(units: list[Unit]) -> str:
    if all(u.raw.startswith("\t") for u in units):
        return "list"
    if len(units) > 1 and all(_verse_length(u.text) and not _indent(u) for u in units):
        return "verse"
    return "quote"


def flush_prose(units: list[Unit]) -> bool:
    """Whether the text sets its paragraphs flush (at most one in ten long lines indented), so that
    a short line indented by spaces is set off from them: a line of verse quoted in the prose."""
    long = [u for u in units if len(u.text) >= 2 * SHORT_LINE]
    return bool(long) and sum(u.raw.startswith(" ") for u in long) <= 0.1 * len(long)


def set_off(unit: Unit) -> bool:
    """A short line (or one ending with a danda) indented by spaces that is no title by its case
    (``    Que le dejó a su muerte``, not ``    The Harbour``): in a text of flush paragraphs, a
    line of verse."""
    return unit.raw.startswith("  ") and _verse_length(unit.text) and not terms.capitals(unit.text) \
        and not title_case(unit.text)


def _verse_length(text: str) -> bool:
    """Short as a line of verse is, or a line of Sanskrit verse however long (it ends with a danda)."""
    return len(text) < SHORT_LINE or terms.ends_with_danda(text)


def title_case(text: str) -> bool:
    """Every longer word (four letters or more) capitalised, and there is one: ``The Great Turn``."""
    longer = [w for w in text.split() if sum(c.isalpha() for c in w) >= 4]
    return bool(longer) and all(terms.capital(w[0]) for w in longer)


def _indent(unit: Unit) -> str:
    """How a line is indented for display: a tab, no-break spaces, or not at all."""
    return "tab" if unit.raw.startswith("\t") else "nbsp" if unit.raw.startswith("\u00a0") else ""


def _run(units: list[Unit], i: int, excluded: set[int], line_gap: int = 1) -> int:
    """The end of a run of displayed lines starting at ``i`` without a spacing cue: lines
    indented alike (a list, dialogue), or three or more short lines (two set together where
    paragraphs stand apart), most of them not ending a sentence (verse, not a short exchange
    of dialogue)."""
    indent = _indent(units[i])
    short = not indent and len(units[i].text) < SHORT_LINE and not units[i].text.endswith(":")
    j = i + 1
    while (j < len(units) and j not in excluded and not units[j].separator and units[j].gap <= line_gap
           and (_indent(units[j]) == indent if indent else short and len(units[j].text) < SHORT_LINE
                and not _indent(units[j]))):
        j += 1
    if indent:
        return j
    open_ended = sum(not re.search(r"[.!?…][’”'\"]?\W*$", u.text) for u in units[i:j])
    # Where paragraphs stand apart, two short lines set together are a couplet (a poem's lines).
    glued = line_gap >= 1 and all(u.gap == 0 for u in units[i + 1:j])
    return j if short and j - i >= (2 if glued else 3) and 2 * open_ended >= j - i else i + 1


def displays(units: list[Unit], starts: set[int], figures: set[int], excluded: frozenset[int],
             headings: Headings, line_gap: int = 1) -> list[Display]:
    """Block quotations, verse and lists, found from the spacing around them.

    Opened by two blank lines and closed by three (or a separator, or a chapter
    start); or a single paragraph introduced by a line ending in a colon; or a
    single paragraph followed by three blank lines or a separator that continues
    the previous paragraph's sentence.  ``excluded`` units (note texts, the headings of note
    lists, a play's speaker names) are never displayed, end any display and introduce none.
    """
    found: list[Display] = []
    taken: set[int] = set()

    def closes(j: int) -> bool:
        return units[j].separator or units[j].gap >= 3 or j in starts

    def add(start: int, end: int) -> None:
        found.append(Display(start, end, _kind(units[start:end])))
        taken.update(range(start, end))

    stops = starts | figures | excluded | headings.titles()  # what ends a run of displayed lines
    flush = flush_prose(units)
    for i, unit in enumerate(units):
        if unit.separator or i in taken or i in stops or _titles_motto(units, i, headings):
            continue
        if unit.gap >= 2 and i - 1 not in taken:
            for j in range(i + 1, min(i + 1 + MAX_DISPLAY, len(units))):
                if closes(j):
                    add(i, j)
                    break
                if units[j].gap >= 2 or j in figures or j in excluded:
                    break
            if i in taken:
                continue
        run = _run(units, i, stops, line_gap)
        if run > i + 1:
            add(i, run)
            continue
        if flush and set_off(unit) and headings.kind(i) in (None, "title"):
            end = i + 1
            while end < len(units) and end not in stops and units[end].gap <= max(1, line_gap) \
                    and set_off(units[end]) and headings.kind(end) in (None, "title"):
                end += 1
            add(i, end)
            continue
        prev = units[i - 1] if i else None
        if prev is None or prev.separator or i - 1 in figures or i - 1 in excluded:
            continue
        introduced = prev.text.endswith(":") and not unit.text.endswith(":")
        after = units[i + 1] if i + 1 < len(units) else None
        follows = (after is not None and i + 1 not in starts and i + 1 not in excluded
                   and (after.separator or 3 <= after.gap < BIG_GAP))
        continues = unit.text[:1].islower() and not prev.text.endswith((".", "!", "?", "…", "’", "”", ":"))
        closed_alone = follows and after is not None and after.gap >= 3 and i - 1 not in taken
        if unit.gap <= 1 and headings.kind(i) is None and (introduced or closed_alone
                                                             or (follows and continues)):
            add(i, i + 1)
    return sorted(found, key=lambda d: d.start)
