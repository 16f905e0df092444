"""Print a TEI P5 book back as plain text, with gold annotations for ../shared/eval/score_convert.py.

Usage: .venv/bin/python bench/printback.py BOOK.xml [BOOK.xml ...] --kind ocr|ebook --seed N -o OUTDIR
                                           [--option NAME=VALUE ...]

Writes OUTDIR/NAME.txt and OUTDIR/NAME.json for each book (NAME = BOOK-KIND-sSEED): the text, and its
gold in the scorer's shape ("source" names the .txt).  Two kinds of text:

- ``ocr`` (layout ``ocr-paged``): one printed page per ``<pb>``, lines wrapped to a width, the printed
  page number (lower-case Roman where the book's is Roman) at head or foot, alone or in a running head,
  footnotes at the foot of their page (continuing onto the next page), chapter headings, figure
  captions, words split at line ends, a few digit/letter misreadings.  Gold: pages, notes, headings,
  figures, verse, dehyphenation (split words, and ordinary line ends that must stay apart), ocr_fixes.
- ``ebook`` (layout ``ebook``): paragraphs one per line, note markers glued to their word, endnotes
  per chapter or at the end of the book (or none), no page numbers.  Gold: notes, headings, figures,
  verse.

Every convention is a named option drawn, per book, from ``random.Random`` seeded with the seed, the
kind and the book's name; the options are recorded in the gold under "render" (a key the scorer
ignores) and ``--option NAME=VALUE`` fixes one.  Gold line numbers are 1-based lines of the printed
text split at "\\n", as the scorer counts them.  The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
KINDS = ("ocr", "ebook")
LAYOUT = {"ocr": "ocr-paged", "ebook": "ebook"}

DIVS = frozenset({"div", "div1", "div2", "div3", "div4", "div5", "div6", "div7"})
PARTS = frozenset({"front", "body", "back"})
# Read as structure: an element holding one of these is a container, not running text.
BLOCKS = DIVS | PARTS | frozenset({
    "text", "group", "p", "ab", "lg", "l", "list", "item", "table", "row", "sp", "speaker", "stage",
    "head", "figure", "floatingText", "titlePage", "titlePart", "docTitle", "docAuthor", "docImprint",
    "docDate", "docEdition", "byline", "dateline", "salute", "signed", "opener", "closer", "trailer",
    "argument", "epigraph", "castList", "castGroup", "castItem", "listBibl", "postscript", "set",
    "imprimatur", "address",
})
# Not printed (forme work is printed anew; formulas and figure descriptions are no running text).
SKIP = frozenset({
    "teiHeader", "fw", "figDesc", "formula", "gap", "graphic", "milestone", "anchor", "space", "cb",
    "desc", "interp", "interpGrp", "index", "link", "linkGrp", "join", "facsimile", "standOff", "media",
    "caesura",
})
GLUED = frozenset({"fw", "anchor", "index", "gap", "interp"})  # skipped without parting words
NOTE_DIVS = frozenset({"notes", "endnotes", "footnotes"})
NOT_FOOTNOTES = re.compile(r"^(margin|marg|left|right|variants|reference|refence|digital_edition)$")
PREFERRED_READING = ("sic", "orig", "abbr", "corr", "reg", "expan")  # what the page showed
HYPHENS = ("-", "¬", "⸗")
UMLAUT = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}
VOWELS = frozenset("aeiouyäöüåéèáíóúAEIOUYÄÖÜÅ")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SYMBOLS = ("*", "†", "‡", "§", "‖", "¶")
WORD = re.compile(r"[^\W_]+")
ROMAN = re.compile(r"^(?=[IVXLCDM])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")

# Chapter labels in the book's language: the word, and ordinals from 1 to 20.
CHAPTER_WORD = {"en": "CHAPTER", "de": "Kapitel", "es": "CAPÍTULO", "sv": "KAPITEL", "ru": "ГЛАВА",
                "la": "CAPUT", "fr": "CHAPITRE", "it": "CAPITOLO", "nl": "HOOFDSTUK"}
ORDINALS = {
    "en": ("CHAPTER THE {}.", "FIRST SECOND THIRD FOURTH FIFTH SIXTH SEVENTH EIGHTH NINTH TENTH ELEVENTH "
           "TWELFTH THIRTEENTH FOURTEENTH FIFTEENTH SIXTEENTH SEVENTEENTH EIGHTEENTH NINETEENTH TWENTIETH"),
    "de": ("{} Kapitel.", "Erstes Zweites Drittes Viertes Fünftes Sechstes Siebentes Achtes Neuntes Zehntes "
           "Elftes Zwölftes Dreizehntes Vierzehntes Fünfzehntes Sechzehntes Siebzehntes Achtzehntes "
           "Neunzehntes Zwanzigstes"),
    "es": ("Capítulo {}.", "primero segundo tercero cuarto quinto sexto séptimo octavo noveno décimo "
           "undécimo duodécimo decimotercero decimocuarto decimoquinto decimosexto decimoséptimo "
           "decimoctavo decimonoveno vigésimo"),
    "sv": ("{} kapitlet.", "Första Andra Tredje Fjärde Femte Sjätte Sjunde Åttonde Nionde Tionde Elfte "
           "Tolfte Trettonde Fjortonde Femtonde Sextonde Sjuttonde Artonde Nittonde Tjugonde"),
    "ru": ("Глава {}.", "первая вторая третья четвёртая пятая шестая седьмая восьмая девятая десятая "
           "одиннадцатая двенадцатая тринадцатая четырнадцатая пятнадцатая шестнадцатая семнадцатая "
           "восемнадцатая девятнадцатая двадцатая"),
    "la": ("Caput {}.", "primum secundum tertium quartum quintum sextum septimum octavum nonum decimum "
           "undecimum duodecimum tertium_decimum quartum_decimum quintum_decimum sextum_decimum "
           "septimum_decimum duodevicesimum undevicesimum vicesimum"),
}
# First words that show a heading already carries its label ("CHAPTER IV", "Zweites Kapitel", "Act I").
LABEL_WORDS = frozenset(
    {w.lower() for w in CHAPTER_WORD.values()}
    | {w.lower() for _, words in ORDINALS.values() for w in words.split()}
    | {"chap", "chapter", "kapitel", "kapitlet", "book", "part", "buch", "teil", "theil", "abschnitt",
       "letter", "brief", "act", "akt", "scene", "szene", "auftritt", "aufzug", "acto", "escena", "carta",
       "libro", "parte", "liber", "actus", "scaena", "caput", "действие", "явление", "часть", "книга",
       "глава", "lettre", "livre", "chapitre", "capitolo", "hoofdstuk", "brev", "bok"})
NOTES_HEADING = {"en": "Notes", "de": "Anmerkungen", "es": "Notas", "sv": "Noter", "ru": "Примечания",
                 "la": "Notae", "fr": "Notes", "it": "Note", "nl": "Noten"}
FIGURE_LABELS = {"fig": "Fig. {}.", "figure": "Figure {}", "abb": "Abb. {}.", "plate": "Plate {}",
                 "tafel": "Tafel {}."}
ROMAN_FIGURES = frozenset({"plate", "tafel"})
FIGURE_PREFIX = re.compile(r"^(?:fig(?:ur[ea]?)?|abb(?:ildung)?|bild|taf(?:el)?|plate|pl)\s*[.:]?\s*"
                           r"(\d+[a-z]?(?:\s*(?:,|u\.|und|and|&|bis|-)\s*\d+[a-z]?)*|[IVXLC]+)\b[.:]?\s*(.*)$",
                           re.I | re.S)
# OCR misreadings: digits read as letters inside numbers, letters read as digits inside words.
DIGIT_MISREADS = {"1": "lI", "0": "oO", "5": "S"}
LETTER_MISREADS = {"l": "1", "I": "1", "O": "0", "S": "5"}
MISREADS = {**DIGIT_MISREADS, **LETTER_MISREADS}

OCR_OPTIONS: dict[str, tuple[Any, ...]] = {
    "width": (48, 56, 64, 72),
    "paragraphs": ("indent", "blank", "flush"),
    "number_place": ("head", "foot"),
    "number_style": ("alone", "running-head"),
    "number_align": ("alternate", "centre"),
    "chapter_opening": ("omit", "foot", "keep"),
    "header_gap": (0, 1),
    "page_gap": ("none", "blank", "blanks", "formfeed"),
    "note_marker": ("digit", "super", "paren", "parens", "symbol", "letter"),
    "note_numbering": ("page", "chapter", "book"),
    "marker_position": ("after-punct", "before-punct"),
    "note_rule": (False, True),
    "note_continue": (False, True),
    "chapter_label": ("none", "chapter", "roman", "ordinal"),
    "chapter_title": ("keep", "drop"),
    "head_case": ("as-is", "upper"),
    "head_centre": (False, True),
    "figure_label": tuple(FIGURE_LABELS),
    "hyphenation": ("none", "hyphen", "soft", "mixed"),
    "compound_breaks": (False, True),
    "ocr_errors": ("none", "few", "some"),
}
EBOOK_OPTIONS: dict[str, tuple[Any, ...]] = {
    "paragraphs": ("blank", "lines"),
    "note_marker": ("glued", "super", "bracket"),
    "notes": ("chapter", "book", "none"),
    "note_numbering": ("chapter", "book"),
    "endnote_label": ("dot", "bracket", "plain"),
    "chapter_label": ("none", "chapter", "roman", "ordinal"),
    "chapter_title": ("keep", "drop"),
    "head_case": ("as-is", "upper"),
    "figure_label": tuple(FIGURE_LABELS),
    "verse_indent": (0, 4),
}
OPTIONS = {"ocr": OCR_OPTIONS, "ebook": EBOOK_OPTIONS}
ANCHOR_WORDS = 8   # words before a note marker kept as its anchor
START_WORDS = 8    # words of a page's text kept as its starts_with
CONTINUE_LINES = 6  # footnote lines on a page above which the last note may run on to the next page


def strict_tokens(text: str) -> list[str]:
    """Lower-case alphanumeric tokens of ``text`` (NFKC, soft hyphens dropped), as the scorer reads
    the two halves of a split word."""
    return WORD.findall(unicodedata.normalize("NFKC", text).replace("\u00ad", "").lower())


def local(el: etree._Element) -> str:
    """An element's local name ("" for comments and processing instructions)."""
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def parent_tag(el: etree._Element) -> str:
    """The local name of an element's parent ("" for the root)."""
    parent = el.getparent()
    return local(parent) if parent is not None else ""


def roman(number: int) -> str:
    """Upper-case Roman numeral of a positive number."""
    out = []
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        out.append(digits * count)
    return "".join(out)


def roman_value(numeral: str) -> int:
    """The value of a Roman numeral."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    digits = [values[c] for c in numeral.upper()]
    return sum(-v if i + 1 < len(digits) and v < digits[i + 1] else v for i, v in enumerate(digits))


def printed_number(n: str | None) -> str | None:
    """The page number a ``<pb n>`` says was printed, as it is printed here; None if none was
    (``[IV]`` is supplied, ``n96-p3`` an identifier).  ``p.12`` and ``v1.p.12`` give 12, ``J 12`` 12,
    ``250[249]`` 250 (the misprint), Roman numerals are printed in lower case."""
    n = (n or "").strip()
    for pattern in (r"(?:v\d+\.)?p\.(\d+)", r"(\d+)(?:\[\d+\])?", r"[A-Z]{1,2} (\d+)"):
        found = re.fullmatch(pattern, n)
        if found:
            return found.group(1)
    return n.lower() if n and ROMAN.match(n.upper()) and (n.isupper() or n.islower()) else None


def number_value(number: str) -> int:
    """The value of a printed page number, Arabic or Roman."""
    return int(number) if number.isdigit() else roman_value(number)


def core_split(text: str) -> tuple[str, str, str]:
    """(leading punctuation, word, trailing punctuation) of a printed word."""
    found = re.fullmatch(r"(\W*)(.*?)(\W*)", text, re.S)
    assert found is not None
    lead, core, trail = found.groups()
    return (lead, core, trail) if core else ("", text, "")


def wrap(text: str, width: int) -> list[str]:
    """Greedy wrap at spaces; a word longer than the width gets a line of its own."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def centre(text: str, width: int) -> str:
    """``text`` centred in ``width`` by leading spaces."""
    return " " * max(0, (width - len(text)) // 2) + text


# ----------------------------------------------------------------------------------------------
# The book as read from the TEI
# ----------------------------------------------------------------------------------------------
@dataclass(eq=False)
class Note:
    """A note's text, printed where its marker's page (or chapter) ends."""

    words: list[str]

    @property
    def text(self) -> str:
        """The note's text as printed."""
        return " ".join(self.words)


@dataclass(eq=False)
class Word:
    """A printed word with the notes whose marker follows it."""

    text: str
    notes: list[Note] = field(default_factory=list)
    fix: tuple[str, str] | None = None  # (misread, correct) once an OCR misreading is put in


@dataclass(frozen=True)
class PageBreak:
    number: str | None  # the printed page number of the page that begins here


Inline = Word | PageBreak


@dataclass(eq=False)
class Block:
    """A unit of layout: a paragraph (``p``, ``speaker``, ``row``), a heading, a figure caption,
    a verse passage (``lines``) or a page break between blocks (``pb``)."""

    kind: str
    items: list[Inline] = field(default_factory=list)
    lines: list[list[Inline]] = field(default_factory=list)
    level: int = 0
    part: str = "body"
    number: str | None = None  # a figure's number as its caption gives it ("3", "62a", "80, 81 u. 82")

    def words(self) -> list[Word]:
        """The block's words in reading order."""
        flat = self.items if self.kind != "verse" else [i for line in self.lines for i in line]
        return [i for i in flat if isinstance(i, Word)]


@dataclass
class Book:
    blocks: list[Block]
    title: str
    main_level: int | None  # the division level of the chapters (most headings in the body)

    def pages(self) -> int:
        """The page breaks of the book."""
        return sum(isinstance(i, PageBreak)
                   for block in self.blocks for line in [block.items, *block.lines] for i in line)


class Buffer:
    """Inline content being read (text, note markers, page breaks) until it is cut into words."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.parts: list[str | Note | PageBreak] = []
        self.join = ""  # how the next text continues a broken line: "", "glue" or "hyphen"

    def add(self, text: str) -> None:
        """Add text; the first text after a broken line joins the word it continues."""
        text = re.sub("([aouAOU])\u0364", lambda m: UMLAUT[m.group(1)], text).replace("\u00ad", "")
        if self.join:
            rest = text.lstrip()
            if not rest:
                return
            if self.join == "hyphen" and rest[0].islower():
                self.drop_hyphen()
            self.join, text = "", rest
        self.parts.append(text)

    def mark(self, marker: Note | PageBreak) -> None:
        """Add a note marker or a page break where the text has come to."""
        self.parts.append(marker)

    def last_text(self) -> str | None:
        """The last text added."""
        return next((p for p in reversed(self.parts) if isinstance(p, str)), None)

    def drop_hyphen(self) -> None:
        """Drop the hyphen that ends the last text (a word split at the printed line end)."""
        for i in range(len(self.parts) - 1, -1, -1):
            part = self.parts[i]
            if isinstance(part, str):
                self.parts[i] = part[:-1]
                return

    def line_break(self, el: etree._Element) -> None:
        """``<lb/>``: a space, or the join of a word split at the printed line end."""
        last = self.last_text() or ""
        if last.endswith(HYPHENS) and len(last) > 1 and not last[-2].isspace():
            self.join = "hyphen"
        elif el.get("break") == "no":
            self.join = "glue"
        else:
            self.parts.append(" ")

    def tokens(self) -> list[Inline]:
        """Words (with their note markers) and page breaks; a page break inside a word goes after it,
        a marker after a space belongs to the word before it."""
        items: list[Inline] = []
        word = ""
        notes: list[Note] = []
        orphans: list[Note] = []      # markers before the first word: they go to the next word
        deferred: list[PageBreak] = []  # page breaks inside the word being read: they go after it

        def end_word() -> None:
            nonlocal word, notes, deferred
            if word:
                items.append(Word(word, notes))
                items.extend(deferred)
                word, notes, deferred = "", [], []

        def attach(note: Note) -> None:
            if word:
                notes.append(note)
                return
            last = next((i for i in reversed(items) if isinstance(i, Word)), None)
            if last is not None:
                last.notes.append(note)
            else:
                orphans.append(note)

        for part in self.parts:
            if isinstance(part, Note):
                attach(part)
            elif isinstance(part, PageBreak):
                (deferred if word else items).append(part)
            else:
                for piece in re.split(r"(\s+)", part):
                    if piece and piece.isspace():
                        end_word()
                    elif piece:
                        if not word and orphans:
                            notes, orphans = orphans, []
                        word += piece
        end_word()
        return [merge_notes(i) for i in items]


def merge_notes(item: Inline) -> Inline:
    """One marker per word: notes on the same word become one note."""
    if isinstance(item, Word) and len(item.notes) > 1:
        item.notes = [Note([w for note in item.notes for w in note.words])]
    return item


class Reader:
    """Reads the ``<text>`` of a TEI document into blocks."""

    def __init__(self, root: etree._Element) -> None:
        self.blocks: list[Block] = []
        self.buf: Buffer | None = None
        self.verse: Block | None = None
        self.level, self.part = 0, "body"
        self.keep_notes, self.collecting = True, False
        text = root.find(f".//{TEI}text")
        self.text = text if text is not None else root
        self.note_elements = {n.get(XML_ID): n for n in self.text.iter(f"{TEI}note") if n.get(XML_ID)}
        self.ref_targets = {t[1:] for r in self.text.iter(f"{TEI}ref", f"{TEI}ptr")
                            for t in (r.get("target") or "").split() if t[1:] in self.note_elements}
        self.notes_by_id: dict[str, Note] = {}
        editions = Counter(pb.get("ed") for pb in self.text.iter(f"{TEI}pb")
                           if pb.get("ed") and printed_number(pb.get("n")))
        self.edition = editions.most_common(1)[0][0] if editions else None

    def read(self) -> list[Block]:
        """The blocks of the whole ``<text>``."""
        self.block(self.text)
        self.flush()
        return [b for b in self.blocks if b.kind == "pb" or b.words() or b.number is not None]

    # -- blocks ----------------------------------------------------------------------------------
    def is_block(self, el: etree._Element) -> bool:
        """Is the element structure (or holding structure), rather than running text?"""
        tag = local(el)
        if tag in BLOCKS:
            return True
        if not tag or tag in SKIP or tag in ("note", "pb", "lb", "choice"):
            return False
        return any(self.is_block(c) for c in el)

    def block(self, el: etree._Element) -> None:
        """Read a structural element into blocks."""
        tag = local(el)
        if not tag or tag in SKIP:
            return
        if tag in ("note", "pb", "lb"):
            self.inline_child(el)
        elif tag in DIVS or tag in PARTS or tag in ("text", "group"):
            if tag in DIVS and el.get("type") in NOTE_DIVS:
                return  # endnotes are printed where their references stand
            saved = self.level, self.part
            self.level += tag in DIVS
            self.part = tag if tag in PARTS else self.part
            self.container(el)
            self.level, self.part = saved
        elif tag == "head" and parent_tag(el) not in ("list", "table"):
            self.heading(el)
        elif tag == "figure":
            self.figure(el)
        elif tag == "lg":
            self.stanzas(el)
        elif tag == "l":
            self.verse_line(el)
        elif any(self.is_block(c) for c in el):
            self.container(el)
        else:
            self.paragraph(el, tag if tag in ("speaker", "row") else "p")

    def container(self, el: etree._Element) -> None:
        """Read an element holding blocks; text between them makes paragraphs."""
        self.flush()
        if el.text and el.text.strip():
            self.open("p").add(el.text)
        for child in el:
            if self.is_block(child):
                self.flush(close_verse=local(child) != "l")
                self.block(child)
            else:
                self.inline_child(child)
            if child.tail and (self.buf is not None or child.tail.strip()):
                self.open("p").add(child.tail)
        self.flush()

    def open(self, kind: str) -> Buffer:
        """The paragraph being read, begun if none is."""
        if self.buf is None:
            self.buf = Buffer(kind)
        return self.buf

    def flush(self, close_verse: bool = True) -> None:
        """End the paragraph being read (and the verse passage, unless told otherwise)."""
        if self.buf is not None:
            items, kind = self.buf.tokens(), self.buf.kind
            self.buf = None
            if any(isinstance(i, Word) for i in items):
                self.blocks.append(Block(kind, items, level=self.level, part=self.part))
            else:
                self.blocks += [Block("pb", [i], part=self.part) for i in items]
        if close_verse:
            self.verse = None

    def paragraph(self, el: etree._Element, kind: str) -> None:
        """Read an element of running text as one paragraph of ``kind``."""
        self.flush()
        self.open(kind)
        self.inline(el)
        self.flush()

    def heading(self, el: etree._Element) -> None:
        """A heading (without its notes); page breaks inside it go before it."""
        self.flush()
        items = self.collect(el, keep_notes=False)
        self.blocks += [Block("pb", [i], part=self.part) for i in items if isinstance(i, PageBreak)]
        words: list[Inline] = [i for i in items if isinstance(i, Word)]
        if words:
            self.blocks.append(Block("head", words, level=max(1, self.level), part=self.part))

    def figure(self, el: etree._Element) -> None:
        """A captioned figure: its head (with the text below a bare 'Fig. 3.' head) is the caption."""
        self.flush()
        for inner in el.findall(f"{TEI}figure"):
            self.figure(inner)
        heads = [c for c in el if local(c) == "head"]
        if not heads:
            return
        words = [w.text for h in heads for w in self.collect(h, keep_notes=False) if isinstance(w, Word)]
        number, caption = None, " ".join(words)
        found = FIGURE_PREFIX.match(caption)
        if found:
            number, caption = found.groups()
            number = number if number[0].isdigit() else str(roman_value(number))
            if not caption:
                caption = " ".join(w.text for p in el if local(p) == "p"
                                   for w in self.collect(p, keep_notes=False) if isinstance(w, Word))
        self.blocks.append(Block("figure", [Word(w) for w in caption.split()], number=number,
                                 level=self.level, part=self.part))

    def stanzas(self, el: etree._Element) -> None:
        """An ``<lg>``: its lines make a verse passage, nested groups and headings their own blocks."""
        self.flush()
        for child in el:
            tag = local(child)
            if tag == "l":
                self.verse_line(child)
            elif tag in ("note", "pb", "lb") or not self.is_block(child):
                self.inline_child(child)
            else:
                self.block(child)
        self.flush()

    def verse_line(self, el: etree._Element) -> None:
        """An ``<l>``, added to the verse passage being read (or beginning one)."""
        self.flush(close_verse=False)
        items = self.collect(el, keep_notes=True)
        if not any(isinstance(i, Word) for i in items):
            return
        if self.verse is None:
            self.verse = Block("verse", level=self.level, part=self.part)
            self.blocks.append(self.verse)
        self.verse.lines.append(items)

    # -- running text ----------------------------------------------------------------------------
    def inline(self, el: etree._Element) -> None:
        """Read an element's content into the paragraph being read."""
        if el.text:
            self.open("p").add(el.text)
        for child in el:
            self.inline_child(child)
            if child.tail:
                self.open("p").add(child.tail)

    def inline_child(self, child: etree._Element) -> None:
        """Read one element met in running text."""
        tag = local(child)
        if not tag:
            return
        if tag == "lb":
            if self.buf is not None:
                self.buf.line_break(child)
        elif tag == "pb":
            self.page_break(child)
        elif tag == "note":
            self.note(child)
        elif tag in ("ref", "ptr") and (target := self.note_target(child)) is not None:
            self.attach(Note(self.note_words(target)))
        elif tag in SKIP:
            if self.buf is not None and tag not in GLUED:
                self.buf.add(" ")
        elif not self.collecting and self.is_block(child):
            kind = self.buf.kind if self.buf is not None else "p"
            self.flush()
            self.block(child)
            self.open(kind)
        elif tag == "choice":
            readings = {local(c): c for c in child if isinstance(c.tag, str)}
            picked = next((readings[r] for r in PREFERRED_READING if r in readings), None)
            if picked is not None:
                self.inline(picked)
        elif tag == "cell" or (self.collecting and tag in BLOCKS):
            self.open("p").add(" ")
            self.inline(child)
            self.open("p").add("  ")
        else:
            self.open("p")
            self.inline(child)

    def collect(self, el: etree._Element, keep_notes: bool) -> list[Inline]:
        """The words of an element read on their own (a heading, caption, verse line or note)."""
        saved = self.buf, self.keep_notes, self.collecting
        self.buf, self.keep_notes, self.collecting = Buffer("p"), keep_notes, True
        self.inline(el)
        assert self.buf is not None
        items = self.buf.tokens()
        self.buf, self.keep_notes, self.collecting = saved
        return items

    def page_break(self, el: etree._Element) -> None:
        """A ``<pb>`` (of the edition whose numbers are printed) inside the text or between blocks."""
        if self.edition and el.get("ed") and el.get("ed") != self.edition:
            return
        marker = PageBreak(printed_number(el.get("n")))
        if self.buf is not None:
            self.buf.mark(marker)
        elif not self.collecting:
            self.flush()
            self.blocks.append(Block("pb", [marker], part=self.part))

    # -- notes -----------------------------------------------------------------------------------
    def note_target(self, ref: etree._Element) -> etree._Element | None:
        """The note a ``<ref>``/``<ptr>`` points to, if it points to one."""
        ids = [t[1:] for t in (ref.get("target") or "").split() if t.startswith("#")]
        return next((self.note_elements[i] for i in ids if i in self.note_elements), None)

    def note_words(self, el: etree._Element) -> list[str]:
        """The words of a note's text."""
        return [w.text for w in self.collect(el, keep_notes=False) if isinstance(w, Word)]

    def note(self, el: etree._Element) -> None:
        """A footnote: its marker where it stands (margin notes and apparatus entries are not printed);
        a part continued from the previous page (``@prev``) is added to the note it continues."""
        kind = el.get("place") or el.get("type") or ""
        if NOT_FOOTNOTES.match(kind) or el.get(XML_ID) in self.ref_targets:
            return
        previous = (el.get("prev") or "").lstrip("#")
        if previous in self.notes_by_id:  # the part of a note continued from the page before
            self.notes_by_id[previous].words += self.note_words(el)
            return
        if not self.keep_notes:
            return
        words = self.note_words(el)
        if words:
            note = Note(words)
            ident = el.get(XML_ID)
            if ident:
                self.notes_by_id[ident] = note
            self.attach(note)

    def attach(self, note: Note) -> None:
        """A note marker where the text stands, or after the last word read."""
        if not note.words or not self.keep_notes:
            return
        if self.buf is not None:
            self.buf.mark(note)
            return
        last = next((b for b in reversed(self.blocks) if b.kind in ("p", "verse") and b.words()), None)
        if last is not None:
            words = last.words()[-1]
            words.notes = [Note([*(words.notes[0].words if words.notes else []), *note.words])]


def read_book(root: etree._Element) -> Book:
    """The blocks of a TEI document, its title for running heads and its chapter level."""
    blocks = Reader(root).read()
    levels = Counter(b.level for b in blocks if b.kind == "head" and b.part == "body")
    main = max(levels, key=lambda lv: (levels[lv], -lv)) if levels else None
    title = ""
    for path in (f".//{TEI}teiHeader//{TEI}titleStmt/{TEI}title", f".//{TEI}titlePart"):
        el = root.find(path)
        text = " ".join(" ".join(el.itertext()).split()) if el is not None else ""
        if text and "DUMMY" not in text.upper():
            title = re.split(r"\s*[:;.,]\s", text)[0]
            break
    if not title:
        title = next((" ".join(w.text for w in b.words()) for b in blocks if b.kind == "head"), "")
    return Book(blocks, " ".join(title.split()[:5]), main)


def language_of(path: Path, root: etree._Element) -> str:
    """The book's language: the corpus file-name prefix (``de_``), else its xml:lang."""
    prefix = re.match(r"([a-z]{2})_", path.name)
    if prefix:
        return prefix.group(1)
    for el in (root.find(f".//{TEI}text"), root):
        lang = el.get("{http://www.w3.org/XML/1998/namespace}lang") if el is not None else None
        if lang:
            return lang[:2].lower()
    return "en"


# ----------------------------------------------------------------------------------------------
# Options
# ----------------------------------------------------------------------------------------------
def choose_options(rng: random.Random, kind: str, language: str,
                   fixed: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One value of every option of ``kind``; ``fixed`` values win.  Options that depend on each
    other are made consistent after drawing: symbols and letters count per page, a number at the
    foot stands alone, endnotes at the end of the book count through it, Abb. and Tafel label
    figures in German books only, chapter words and ordinals only where the language has them."""
    options = {name: rng.choice(values) for name, values in OPTIONS[kind].items()}
    for name, value in (fixed or {}).items():
        if name not in options:
            raise ValueError(f"unknown {kind} option {name!r} (known: {', '.join(options)})")
        allowed = OPTIONS[kind][name]
        value = type(allowed[0])(value) if not isinstance(allowed[0], bool) else str(value) in ("True", "1")
        if value not in allowed:
            raise ValueError(f"option {name}: {value!r} is not one of {allowed}")
        options[name] = value
    fixed = fixed or {}
    if kind == "ocr" and options["note_marker"] in ("symbol", "letter") and "note_numbering" not in fixed:
        options["note_numbering"] = "page"
    if kind == "ocr" and options["number_place"] == "foot":
        options["number_style"] = "alone"
    if kind == "ebook" and options["notes"] == "book":
        options["note_numbering"] = "book"
    german = language == "de"
    if "figure_label" not in fixed and (options["figure_label"] in ("abb", "tafel")) != german:
        labels = ("fig", "abb", "tafel") if german else ("fig", "figure", "plate")
        options["figure_label"] = rng.choice(labels)
    if options["chapter_label"] == "ordinal" and language not in ORDINALS:
        options["chapter_label"] = "roman"
    if options["chapter_label"] == "chapter" and language not in CHAPTER_WORD:
        options["chapter_label"] = "roman"
    return options


# ----------------------------------------------------------------------------------------------
# Printing
# ----------------------------------------------------------------------------------------------
@dataclass(eq=False)
class Line:
    """A printed line, the gold fields that name it, and its words for a page's starts_with."""

    text: str = ""
    marks: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


class LineBuilder:
    """A body line being filled with words."""

    def __init__(self, indent: str, width: int) -> None:
        self.indent, self.width = indent, width
        self.pieces: list[str] = []
        self.words: list[str] = []
        self.marks: list[tuple[dict[str, Any], str]] = []
        self.first: Word | None = None  # the first word, when whole (not the end of a split word)
        self.last: Word | None = None   # the last word, when whole

    def room(self) -> int:
        """Characters still free on the line (after a space)."""
        used = len(self.indent) + sum(map(len, self.pieces)) + len(self.pieces)
        return self.width - used

    def add(self, text: str, word: Word | None, bare: str | None,
            marks: list[tuple[dict[str, Any], str]]) -> None:
        """Add a printed word (``word`` None for half of a split word; ``bare`` the whole word)."""
        if not self.pieces:
            self.first = word
        self.pieces.append(text)
        self.last = word
        if bare is not None:
            self.words.append(bare)
        self.marks += marks

    def line(self) -> Line:
        """The finished line."""
        return Line(self.indent + " ".join(self.pieces), self.marks, self.words)


@dataclass(eq=False)
class Page:
    number: str | None
    body: list[Line] = field(default_factory=list)
    notes: list[tuple[str, Note, dict[str, Any]]] = field(default_factory=list)
    opening: bool = False  # begins with a chapter heading
    chapter: str = ""      # the chapter title for the running head

    def has_text(self) -> bool:
        """Does the page print any words of the book?"""
        return any(line.words for line in self.body)


class Printer:
    """What both kinds share: headings with chapter labels, captions, note markers and anchors."""

    def __init__(self, book: Book, options: dict[str, Any], language: str, rng: random.Random) -> None:
        self.book, self.opt, self.language, self.rng = book, options, language, rng
        self.lines: list[Line] = []
        self.gold: dict[str, list[dict[str, Any]]] = {
            "pages": [], "figures": [], "notes": [], "headings": [], "verse": [],
            "dehyphenation": [], "ocr_fixes": []}
        self.chapters = 0      # chapters of the body seen
        self.note_count = 0    # notes numbered in the current scope
        self.figure_count = 0  # captions without a number of their own
        self.chapter_title = book.title

    def is_chapter(self, block: Block) -> bool:
        """Is the block a heading at the book's chapter level?"""
        return block.kind == "head" and block.level == self.book.main_level

    def heading_texts(self, block: Block) -> list[str]:
        """The printed lines of a heading: a chapter label where the book's heading has none, then
        its title (unless the label stands alone)."""
        text = " ".join(w.text for w in block.words())
        texts = [text]
        if self.is_chapter(block) and block.part == "body":
            self.chapters += 1
            first = strict_tokens(text.split()[0]) if text.split() else []
            labelled = bool(first) and (first[0] in LABEL_WORDS or first[0].isdigit()
                                        or bool(ROMAN.match(first[0].upper())))
            style = self.opt["chapter_label"]
            if style != "none" and not labelled:
                texts = [self.chapter_label(style)] + ([text] if self.opt["chapter_title"] == "keep" else [])
        if self.is_chapter(block):
            self.chapter_title = text
            if self.opt.get("note_numbering") == "chapter":
                self.note_count = 0
        return [t.upper() for t in texts] if self.opt["head_case"] == "upper" else texts

    def chapter_label(self, style: str) -> str:
        """The label of the current chapter in ``style`` (Roman after the twentieth ordinal)."""
        number = self.chapters
        if style == "roman":
            return f"{roman(number)}."
        if style == "ordinal" and number <= 20:
            pattern, words = ORDINALS[self.language]
            return pattern.format(words.split()[number - 1].replace("_", " "))
        return f"{CHAPTER_WORD.get(self.language, 'CHAPTER')} {roman(number)}."

    def caption(self, block: Block) -> tuple[str, str, str]:
        """(printed caption, gold number, caption text) of a figure: the book's number (Roman on
        plates), else the next of our own.  A label naming several figures ("80, 81 u. 82") has
        their numbers as gold, as the scorer compares number groups."""
        if block.number is None:
            self.figure_count += 1
        number = block.number if block.number is not None else str(self.figure_count)
        style = self.opt["figure_label"]
        shown = roman(int(number)) if style in ROMAN_FIGURES and number.isdigit() else number
        text = " ".join(w.text for w in block.words())
        gold = ", ".join(re.findall(r"\d+[a-z]?", shown)) or shown
        return f"{FIGURE_LABELS[style].format(shown)} {text}".strip(), gold, text

    def anchors(self, block: Block, before_punct: bool) -> dict[int, str]:
        """The anchor of each note marker of a block: the words before it, its own word last."""
        out: dict[int, str] = {}
        recent: deque[str] = deque(maxlen=ANCHOR_WORDS)
        for word in block.words():
            if word.notes:
                lead, core, _ = core_split(word.text)
                own = lead + core if before_punct else word.text
                out[id(word)] = " ".join([*recent, own][-ANCHOR_WORDS:])
            recent.append(word.text)
        return out

    def note_entry(self, n: str, anchor: str, note: Note | None) -> dict[str, Any]:
        """A note's gold entry (its lines are filled when printed)."""
        entry: dict[str, Any] = {"n": n, "ref_line": None, "anchor": anchor, "body_line": None,
                                 "body": note.text if note else None}
        self.gold["notes"].append(entry)
        return entry

    def finish(self) -> str:
        """The text; fills every gold field that names a line."""
        for number, line in enumerate(self.lines, 1):
            for entry, key in line.marks:
                entry[key] = number
        return "\n".join(line.text for line in self.lines) + "\n"


class OcrPrinter(Printer):
    """OCR-like paged text: one page per ``<pb>``, wrapped lines, forme work, footnotes."""

    def __init__(self, book: Book, options: dict[str, Any], language: str, rng: random.Random) -> None:
        super().__init__(book, options, language, rng)
        self.width: int = options["width"]
        self.pages = [Page(None)]
        self.ordinary: list[tuple[Line, str, str]] = []  # line ends that are no split words

    @property
    def page(self) -> Page:
        """The page being filled."""
        return self.pages[-1]

    def run(self) -> str:
        """Print the book; the text (the gold is in ``self.gold``)."""
        self.misread()
        for block in self.book.blocks:
            if block.kind == "pb":
                self.new_page(block.items[0])
            elif block.kind == "head":
                self.put_heading(block)
            elif block.kind == "figure":
                self.put_figure(block)
            elif block.kind == "verse":
                self.put_verse(block)
            else:
                self.put_paragraph(block)
        self.assemble()
        self.keep_apart()
        return self.finish()

    def new_page(self, pb: Inline) -> None:
        """Begin the page a page break opens."""
        assert isinstance(pb, PageBreak)
        self.pages.append(Page(pb.number, chapter=self.chapter_title))
        if self.opt["note_numbering"] == "page":
            self.note_count = 0

    def space(self) -> None:
        """A blank line between blocks, unless at the top of the page."""
        if self.page.body and self.page.body[-1].text:
            self.page.body.append(Line())

    # -- blocks ----------------------------------------------------------------------------------
    def put_heading(self, block: Block) -> None:
        """Print a heading (and its chapter label), centred if so chosen."""
        if not self.page.has_text() and block.level <= (self.book.main_level or 0):
            self.page.opening = True
        self.space()
        for text in self.heading_texts(block):
            entry = {"level": block.level, "line": None, "text": text}
            self.gold["headings"].append(entry)
            for k, part in enumerate(wrap(text, self.width)):
                shown = centre(part, self.width) if self.opt["head_centre"] else part
                self.page.body.append(Line(shown, [(entry, "line")] if k == 0 else [], part.split()))
        if self.is_chapter(block):
            self.page.chapter = self.chapter_title
        self.page.body.append(Line())

    def put_figure(self, block: Block) -> None:
        """Print a figure caption between blank lines."""
        shown, number, text = self.caption(block)
        entry = {"n": number, "line": None, "end_line": None, "caption": text}
        self.gold["figures"].append(entry)
        self.space()
        parts = wrap(shown, self.width)
        for k, part in enumerate(parts):
            marks = [(entry, "line")] if k == 0 else []
            marks += [(entry, "end_line")] if k == len(parts) - 1 else []
            self.page.body.append(Line(part, marks, part.split()))
        self.page.body.append(Line())

    def put_verse(self, block: Block) -> None:
        """Print a verse passage, one indented line per verse line."""
        entry = {"line": None, "end_line": None,
                 "lines": [" ".join(w.text for w in line if isinstance(w, Word)) for line in block.lines]}
        self.gold["verse"].append(entry)
        self.space()
        anchors = self.anchors(block, self.opt["marker_position"] == "before-punct")
        for k, items in enumerate(block.lines):
            lines = self.flow(items, "    ", "        ", anchors, hyphenate=False)
            if lines and k == 0:
                lines[0].marks.append((entry, "line"))
            if lines and k == len(block.lines) - 1:
                lines[-1].marks.append((entry, "end_line"))
        self.page.body.append(Line())

    def put_paragraph(self, block: Block) -> None:
        """Print a paragraph, split into words and pages."""
        style = self.opt["paragraphs"]
        if style == "blank" or block.kind == "speaker":
            self.space()
        indent = "   " if style == "indent" and block.kind == "p" else ""
        anchors = self.anchors(block, self.opt["marker_position"] == "before-punct")
        self.flow(block.items, indent, "", anchors, hyphenate=block.kind == "p")

    # -- lines -----------------------------------------------------------------------------------
    def flow(self, items: list[Inline], indent: str, rest: str, anchors: dict[int, str],
             hyphenate: bool) -> list[Line]:
        """Wrap words into body lines, starting a new page at each page break; the lines made."""
        made: list[Line] = []
        previous: LineBuilder | None = None
        current = LineBuilder(indent, self.width)

        def emit(builder: LineBuilder) -> None:
            nonlocal previous
            line = builder.line()
            self.page.body.append(line)
            made.append(line)
            if previous is not None and hyphenate:
                self.ordinary_end(made[-2], previous, builder)
            previous = builder

        for item in items:
            if isinstance(item, PageBreak):
                if current.pieces:
                    emit(current)
                self.new_page(item)
                previous, current = None, LineBuilder(rest, self.width)
                continue
            text, marks = self.marked(item, anchors)
            if not current.pieces or len(text) <= current.room():
                current.add(text, item, item.text, marks)
                continue
            halves = self.split(item, current.room()) if hyphenate and not marks else None
            if halves is not None:
                first, second, entry = halves
                self.gold["dehyphenation"].append(entry)
                current.add(first, None, item.text, [(entry, "line")])
                emit(current)
                current = LineBuilder(rest, self.width)
                current.add(second, None, None, [])
            else:
                emit(current)
                current = LineBuilder(rest, self.width)
                current.add(text, item, item.text, marks)
        if current.pieces:
            emit(current)
        return made

    def ordinary_end(self, line: Line, before: LineBuilder, after: LineBuilder) -> None:
        """Remember a line end between two whole words, a candidate for 'keep these apart' gold."""
        a, b = before.last, after.first
        if a is None or b is None or a.notes or b.notes or a.fix or b.fix:
            return
        if core_split(a.text)[1].isalpha() and core_split(b.text)[1].isalpha():
            self.ordinary.append((line, strict_tokens(a.text)[-1], strict_tokens(b.text)[0]))

    def marked(self, word: Word, anchors: dict[int, str]) -> tuple[str, list[tuple[dict[str, Any], str]]]:
        """The printed word with its note marker; the gold entries its line completes."""
        marks: list[tuple[dict[str, Any], str]] = []
        if word.fix is not None:
            entry = {"line": None, "found": word.fix[0], "correct": word.fix[1]}
            self.gold["ocr_fixes"].append(entry)
            marks.append((entry, "line"))
        if not word.notes:
            return word.text, marks
        note = word.notes[0]
        n, marker, label = self.next_label()
        entry = self.note_entry(n, anchors[id(word)], note)
        marks.append((entry, "ref_line"))
        self.page.notes.append((label, note, entry))
        lead, core, trail = core_split(word.text)
        if self.opt["marker_position"] == "before-punct" and trail:
            return lead + core + marker + trail, marks
        return word.text + marker, marks

    def next_label(self) -> tuple[str, str, str]:
        """(gold n, marker in the text, label before the note text) of the next note."""
        self.note_count += 1
        k = self.note_count
        style = self.opt["note_marker"]
        if style == "symbol":
            symbol = SYMBOLS[(k - 1) % len(SYMBOLS)] * ((k - 1) // len(SYMBOLS) + 1)
            return symbol, symbol, symbol
        if style == "letter":
            letter = chr(ord("a") + (k - 1) % 26) * ((k - 1) // 26 + 1)
            return letter, letter, letter
        if style == "super":
            return str(k), str(k).translate(SUPERSCRIPT), str(k).translate(SUPERSCRIPT)
        if style == "paren":
            return str(k), f"{k})", f"{k})"
        if style == "parens":
            return str(k), f" ({k})", f"({k})"
        return str(k), str(k), str(k)

    def split(self, word: Word, room: int) -> tuple[str, str, dict[str, Any]] | None:
        """The two halves of a word split at the line end (at its hyphen, or hyphenated), with the
        dehyphenation gold; None when the word is not split."""
        if word.fix is not None:
            return None
        lead, core, trail = core_split(word.text)
        hyphens = [i for i, c in enumerate(core) if c == "-" and 0 < i < len(core) - 1
                   and core[i - 1].isalpha() and core[i + 1].isalpha() and len(lead) + i + 1 <= room]
        if self.opt["compound_breaks"] and hyphens:
            i = max(hyphens)
            first, second = lead + core[:i + 1], core[i + 1:] + trail
            a, b = strict_tokens(first)[-1], strict_tokens(second)[0]
            return first, second, {"line": None, "split": [a, b], "joined": f"{a}-{b}"}
        style = self.opt["hyphenation"]
        if style == "none" or not core.isalpha() or len(core) < 6 or self.rng.random() < 0.3:
            return None
        fitting = [i for i in range(3, len(core) - 2) if len(lead) + i + 1 <= room]
        syllable = [i for i in fitting if core[i] not in VOWELS and core[i + 1] in VOWELS]
        if not syllable:
            return None
        i = max(syllable)
        soft = style == "soft" or (style == "mixed" and self.rng.random() < 0.5)
        first, second = lead + core[:i] + ("\u00ad" if soft else "-"), core[i:] + trail
        a, b = strict_tokens(core[:i])[-1], strict_tokens(core[i:])[0]
        return first, second, {"line": None, "split": [a, b], "joined": a + b}

    # -- noise -----------------------------------------------------------------------------------
    def misread(self) -> None:
        """Put a few digit/letter misreadings into running text (never near a note marker, whose
        anchor must stay as printed)."""
        wanted = {"none": 0, "few": max(3, self.book.pages() // 20), "some": max(8, self.book.pages() // 5)}
        count = min(60, wanted[self.opt["ocr_errors"]])
        if not count:
            return
        candidates: list[Word] = []
        for block in self.book.blocks:
            if block.kind != "p":
                continue
            words = block.words()
            guarded = {i - k for i, w in enumerate(words) if w.notes for k in range(ANCHOR_WORDS)}
            candidates += [w for i, w in enumerate(words) if i not in guarded and self.misreading(w.text)]
        for word in self.rng.sample(candidates, min(count, len(candidates))):
            lead, core, trail = core_split(word.text)
            places = self.misreading(word.text)
            i = self.rng.choice(places)
            found = core[:i] + self.rng.choice(MISREADS[core[i]]) + core[i + 1:]
            word.fix = (found, core)
            word.text = lead + found + trail

    @staticmethod
    def misreading(text: str) -> list[int]:
        """Where an OCR engine might misread a character of the word: digits of a number as letters,
        letters of a word as digits."""
        core = core_split(text)[1]
        if core.isdigit() and len(core) >= 2:
            return [i for i, c in enumerate(core) if c in DIGIT_MISREADS]
        if core.isalpha() and len(core) >= 4:
            return [i for i, c in enumerate(core) if c in LETTER_MISREADS]
        return []

    def keep_apart(self) -> None:
        """Gold for some ordinary line ends: the words either side must not be joined."""
        split = len(self.gold["dehyphenation"])
        picks = self.rng.sample(self.ordinary, min(len(self.ordinary), max(5, split // 3)))
        for line, a, b in picks:
            entry = {"line": None, "split": [a, b], "joined": None}
            self.gold["dehyphenation"].append(entry)
            line.marks.append((entry, "line"))

    # -- pages -----------------------------------------------------------------------------------
    def assemble(self) -> None:
        """Lay out every page: forme work, body, footnotes (continued where long), separators."""
        pages = [p for p in self.pages if p.has_text()]
        carry: list[Line] = []
        for index, page in enumerate(pages):
            lines, carry = self.page_lines(page, carry, last=index == len(pages) - 1)
            if self.lines:
                gap = self.opt["page_gap"]
                if gap == "formfeed":
                    lines[0].text = "\f" + lines[0].text
                self.lines += [Line() for _ in range({"blank": 1, "blanks": 3}.get(gap, 0))]
            self.lines += lines
        self.lines += carry

    def page_lines(self, page: Page, carry: list[Line], last: bool) -> tuple[list[Line], list[Line]]:
        """The lines of one page, and the footnote lines it carries over to the next."""
        number = None if page.opening and self.opt["chapter_opening"] == "omit" else page.number
        place = "foot" if page.opening and self.opt["chapter_opening"] == "foot" else self.opt["number_place"]
        body = list(page.body)
        while body and not body[0].text:
            body.pop(0)
        while body and not body[-1].text:
            body.pop()
        out: list[Line] = []
        gold = None
        if number is not None:
            words = [w for line in body for w in line.words][:START_WORDS]
            gold = {"n": number, "number_line": None, "number_token": number, "start_line": None,
                    "starts_with": " ".join(words)}
            self.gold["pages"].append(gold)
            body[0].marks.append((gold, "start_line"))
        if gold is not None and place == "head":
            out.append(Line(self.head_line(page, number or ""), [(gold, "number_line")], []))
            out += [Line() for _ in range(self.opt["header_gap"])]
        out += body
        notes = list(carry)
        for label, note, entry in page.notes:
            text = wrap(f"{label} {note.text}", self.width)
            notes += [Line(t, [(entry, "body_line")] if k == 0 else [], []) for k, t in enumerate(text)]
        carried: list[Line] = []
        if self.opt["note_continue"] and not last and page.notes and len(notes) > CONTINUE_LINES:
            own = len(wrap(f"{page.notes[-1][0]} {page.notes[-1][1].text}", self.width))
            if own >= 4:
                carried = notes[len(notes) - own // 2:]
                notes = notes[:len(notes) - own // 2]
        if notes:
            out.append(Line())
            if self.opt["note_rule"]:
                out.append(Line("_" * 12, [], []))
            out += notes
        if gold is not None and place == "foot":
            out += [Line(), Line(self.align(number or ""), [(gold, "number_line")], [])]
        return out, carried

    def head_line(self, page: Page, number: str) -> str:
        """A page number alone, or in a running head: number left on even pages, right on odd."""
        if self.opt["number_style"] != "running-head" or page.opening:
            return self.align(number)
        even = number_value(number) % 2 == 0
        title = (self.book.title if even else page.chapter or self.book.title).upper()
        title = " ".join(title.split()[:6])
        if even:
            return f"{number}{' ' * max(3, (self.width - len(title)) // 2 - len(number))}{title}"
        head = centre(title, self.width)
        return f"{head}{' ' * max(3, self.width - len(head) - len(number))}{number}"

    def align(self, number: str) -> str:
        """A page number alone: centred, or left on even and right on odd pages."""
        if self.opt["number_align"] == "centre":
            return centre(number, self.width)
        return number if number_value(number) % 2 == 0 else number.rjust(self.width)


class EbookPrinter(Printer):
    """Ebook-export text: paragraphs on one line each, endnotes, no page numbers."""

    def __init__(self, book: Book, options: dict[str, Any], language: str, rng: random.Random) -> None:
        super().__init__(book, options, language, rng)
        self.pending: list[tuple[str, Note, dict[str, Any]]] = []  # notes whose text is still to print

    def emit(self, text: str = "", marks: list[tuple[dict[str, Any], str]] | None = None) -> Line:
        """Print a line (the gold fields it completes with it)."""
        line = Line(text, marks or [], text.split())
        self.lines.append(line)
        return line

    def run(self) -> str:
        """Print the book; the text (the gold is in ``self.gold``)."""
        for block in self.book.blocks:
            if block.kind == "pb":
                continue
            if block.kind == "head":
                if self.is_chapter(block) and self.opt["notes"] == "chapter":
                    self.endnotes()
                self.put_heading(block)
            elif block.kind == "figure":
                shown, number, text = self.caption(block)
                line = self.emit(shown)
                entry = {"n": number, "line": None, "end_line": None, "caption": text}
                line.marks += [(entry, "line"), (entry, "end_line")]
                self.gold["figures"].append(entry)
                self.gap()
            elif block.kind == "verse":
                self.put_verse(block)
            else:
                anchors = self.anchors(block, before_punct=False)
                self.put_words(block.items, "", anchors)
                self.gap()
        self.endnotes()
        return self.finish()

    def gap(self) -> None:
        """A blank line between blocks, when paragraphs are separated by them."""
        if self.opt["paragraphs"] == "blank" and self.lines and self.lines[-1].text:
            self.emit()

    def put_heading(self, block: Block) -> None:
        """Print a heading (and its chapter label) on lines of their own."""
        self.gap()
        for text in self.heading_texts(block):
            entry = {"level": block.level, "line": None, "text": text}
            self.gold["headings"].append(entry)
            self.emit(text, [(entry, "line")])
        self.gap()

    def put_verse(self, block: Block) -> None:
        """Print a verse passage, one (indented) line per verse line."""
        anchors = self.anchors(block, before_punct=False)
        entry = {"line": None, "end_line": None,
                 "lines": [" ".join(w.text for w in line if isinstance(w, Word)) for line in block.lines]}
        self.gold["verse"].append(entry)
        indent = " " * self.opt["verse_indent"]
        for k, items in enumerate(block.lines):
            line = self.put_words(items, indent, anchors)
            if k == 0:
                line.marks.append((entry, "line"))
            if k == len(block.lines) - 1:
                line.marks.append((entry, "end_line"))
        self.gap()

    def put_words(self, items: list[Inline], indent: str, anchors: dict[int, str]) -> Line:
        """Print words on one line, note markers glued to their word."""
        pieces, marks = [], []
        for word in items:
            if not isinstance(word, Word):
                continue
            if word.notes:
                self.note_count += 1
                k = str(self.note_count)
                marker = {"glued": k, "super": k.translate(SUPERSCRIPT), "bracket": f"[{k}]"}
                printed = None if self.opt["notes"] == "none" else word.notes[0]
                entry = self.note_entry(k, anchors[id(word)], printed)
                marks.append((entry, "ref_line"))
                self.pending.append((k, word.notes[0], entry))
                pieces.append(word.text + marker[self.opt["note_marker"]])
            else:
                pieces.append(word.text)
        return self.emit(indent + " ".join(pieces), marks)

    def endnotes(self) -> None:
        """The notes so far, under a notes heading (not when the book prints no note texts)."""
        if self.opt["notes"] == "none":
            self.pending = []
        if not self.pending:
            return
        self.gap()
        self.emit(NOTES_HEADING.get(self.language, "Notes"))
        self.gap()
        for k, note, entry in self.pending:
            label = {"dot": f"{k}.", "bracket": f"[{k}]", "plain": k}[self.opt["endnote_label"]]
            self.emit(f"{label} {note.text}", [(entry, "body_line")])
            self.gap()
        self.pending = []


# ----------------------------------------------------------------------------------------------
# Entry points
# ----------------------------------------------------------------------------------------------
@dataclass
class Rendering:
    name: str
    text: str
    gold: dict[str, Any]

    def write(self, out_dir: Path) -> tuple[Path, Path]:
        """Write NAME.txt and NAME.json into ``out_dir``."""
        out_dir.mkdir(parents=True, exist_ok=True)
        txt, gold = out_dir / f"{self.name}.txt", out_dir / f"{self.name}.json"
        txt.write_text(self.text, encoding="utf-8", newline="\n")
        gold.write_text(json.dumps(self.gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return txt, gold


def render(path: Path, kind: str, seed: int, options: Mapping[str, Any] | None = None,
           language: str | None = None) -> Rendering:
    """Print the TEI book at ``path`` as ``kind`` text with its gold; deterministic in the seed."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    root = etree.parse(str(path), etree.XMLParser(huge_tree=True, resolve_entities=False,
                                                  no_network=True)).getroot()
    language = language or language_of(path, root)
    rng = random.Random(f"{seed}:{kind}:{path.name}")
    chosen = choose_options(rng, kind, language, options)
    book = read_book(root)
    printer = (OcrPrinter if kind == "ocr" else EbookPrinter)(book, chosen, language, rng)
    text = printer.run()
    name = f"{path.stem}-{kind}-s{seed}"
    gold: dict[str, Any] = {"source": f"{name}.txt", "layout": LAYOUT[kind]}
    gold.update(printer.gold)
    for key in ("dehyphenation", "ocr_fixes"):
        gold[key].sort(key=lambda entry: entry["line"])
    gold["render"] = {"kind": kind, "seed": seed, "book": path.name, "language": language, **chosen}
    return Rendering(name, text, gold)


def has_page_numbers(path: Path) -> bool:
    """Does the book print page numbers (a ``<pb n>`` giving one)?  The ocr kind needs them."""
    for _, el in etree.iterparse(str(path), tag=f"{TEI}pb", huge_tree=True):
        if printed_number(el.get("n")):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    """The command line: print each book, write its text and gold."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("books", nargs="+", type=Path, metavar="BOOK.xml")
    parser.add_argument("--kind", choices=KINDS, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--out", type=Path, required=True, help="output folder")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                        help="fix one render option (repeatable); the options are listed in the gold")
    args = parser.parse_args(argv)
    fixed = dict(o.split("=", 1) for o in args.option)
    status = 0
    for book in args.books:
        try:
            rendering = render(book, args.kind, args.seed, fixed)
        except (OSError, etree.XMLSyntaxError, ValueError) as err:
            print(f"{book}: error: {err}", file=sys.stderr)
            status = 2
            continue
        txt, _ = rendering.write(args.out)
        counts = ", ".join(f"{len(v)} {k}" for k, v in rendering.gold.items() if isinstance(v, list) and v)
        print(f"{book.name} -> {txt} ({counts})")
    return status


if __name__ == "__main__":
    sys.exit(main())
