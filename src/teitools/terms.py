"""The words printed books use for their structure, by language: data, not code.

``lang/terms.json`` (shipped with teitools) holds, for 17 languages of European print and
Arabic, the words that open a division heading (``Chapter``, ``Kapitel``, ``CAPVT``), the headings of
front and back matter (``Preface``, ``Vorrede``, ``Index``), the words that open a figure
caption (``Fig.``, ``Abb.``, ``Plate``), the words printed before a page's number (``Page``,
``Seite``, ``S.``), the headings of note lists, and ordinal words
(``Erstes``, ``PRIMO``). Readers ask :func:`for_language` for one language's terms, or for
the union of every language's when the language is unknown.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import TypeVar

from teitools.resources import data_file

_V = TypeVar("_V")
LONG_S = "\u017f"

# A Roman numeral in capitals with OCR's letter l or digit 1 read for I (Vll, lX, Xl, 1V)
_MISREAD_ROMAN = re.compile(r"(?=[IVXLCl1]*[IVXC])(?=[IVXLC]*[l1])[IVXLCl1]{2,7}")
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_CAPTION = re.compile(r"^\s*(?P<word>[^\W\d_]{2,12})\.?\s*(?P<n>\d{1,4}[a-z]?|[IVXLCDM]{1,12})(?P<stop>[.:]?)"
                      r"(?=\s|$)")
DANDAS = "|\u0964\u0965"  # the verse-end signs of Indic scripts: | in transliteration, । and ॥
_DANDA = re.compile(rf"[{DANDAS}]\W*$")  # the last danda, and a note sign after it
MAX_NOTES_HEADING = 6  # words of a heading that a notes word opens (Notes to Chapter 3)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def fold(word: str) -> str:
    """A word as the terms are looked up: lower case, the long s (U+017F, printed throughout
    Fraktur books and kept by their transcriptions: ``Er\u017ftes Kapitel``) read as ``s``."""
    return word.lower().replace(LONG_S, "s")


class Folded(dict[str, _V]):
    """A table of terms whose lookups (``in``, ``[]``, ``get``) :func:`fold` the word."""

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and super().__contains__(fold(word))

    def __getitem__(self, word: str) -> _V:
        return super().__getitem__(fold(word))

    def get(self, word: str, default: _V | None = None) -> _V | None:  # type: ignore[override]
        """The term's value for ``word`` (folded), else ``default``."""
        return super().get(fold(word), default)


class FoldedSet(frozenset[str]):
    """A set of terms whose ``in`` :func:`fold` s the word."""

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and super().__contains__(fold(word))


@dataclass(frozen=True)
class Terms:
    """One language's structure words (or the union of several), all lower case; lookups fold
    case and the long s (:func:`fold`).

    ``division``: word -> TEI div @type (``chapter``, ``part``, ``book``, ``letter`` …);
    ``matter``: heading -> div @type (``preface``, ``index`` …); ``caption``: caption words;
    ``page``: the words before a page's number in its forme work (``page``, ``seite``, ``s``,
    ``str``), without their stop; ``notes``: headings of note lists; ``ordinals``: ordinal
    word -> its number (1..20);
    ``articles``: articles a heading may open with before its ordinal (``Der Erste Eingang``);
    ``byline``: words before an author's name on a title page (``BY``, ``von``); ``see``: the
    words of an index's cross-reference (``s.``, ``see also``, ``vgl.``, ``voir``), without their stop.
    """

    division: Folded[str]
    matter: Folded[str]
    caption: FoldedSet
    notes: FoldedSet
    ordinals: Folded[int]
    numbers: Folded[int]
    articles: FoldedSet
    byline: FoldedSet
    see: FoldedSet
    page: FoldedSet

    def number(self, word: str) -> int | None:
        """The number a heading word stands for: Arabic (``12``), Roman (``XII``, ``xii``; in
        capitals with OCR's ``l`` or ``1`` for I: ``Vll`` 7, ``lX`` 9), an ordinal (``Erstes``,
        ``PRIMO``) or a number word (``Twelve``), else None."""
        printed = word.strip(".:)")
        reading = roman_reading(printed)
        if reading is not None:
            return roman(reading)
        word = fold(printed)
        if word.isascii() and word.isdigit():  # not ³: str.isdigit takes superscripts too
            return int(word)
        value = roman(word)
        if value is not None:
            return value
        return self.ordinals.get(word) or self.numbers.get(word)


def caption_label(line: str) -> re.Match[str] | None:
    """``Fig. 12. Section of the lathe``, ``Abb. 3``, ``Plate IV``, ``Tafel II.``: a caption word
    of any language, then a number (groups ``word``, ``n`` and ``stop``); None when the line opens
    otherwise, or when a sentence runs on after the number (``Fig. 3 shows ...``: the text after
    the number, if any, must begin with a capital or follow a stop)."""
    match = _CAPTION.match(line)
    if match is None or match.group("word") not in for_language(None).caption:
        return None
    if match.group("n").isalpha() and roman(match.group("n")) is None:
        return None
    rest = line[match.end():].strip()
    runs_on = rest and not match.group("stop") and not rest[:1].isupper() and rest[:1] not in "(\u2013\u2014-"
    return None if runs_on else match


def division_label(text: str, vocab: Terms) -> tuple[str, int] | None:
    """The division a line's first two words (after an article) name, as (TEI div type,
    number): a division word and a number in either order (``CHAPTER IV.``, ``Erstes Kapitel``,
    ``CAPITOLO PRIMO``, ``LIB. XI``, ``Sechstes Capitel.``, ``Der Ander Eingang``), else None.
    Whether the line is a heading (its length, what follows the label) is the reader's to weigh."""
    tokens = [t.strip(".:,;\u2014\u2013-") for t in text.split()[:3]]
    pairs = [tokens[:2]]
    if tokens and tokens[0] in vocab.articles:  # "Der Ander Eingang", "The First Book"; not "I. KAPITEL"
        pairs.append(tokens[1:])
    for pair in pairs:
        if len(pair) < 2:
            continue
        for word, numeral in ((pair[0], pair[1]), (pair[1], pair[0])):
            kind = vocab.division.get(word)
            value = vocab.number(numeral) if kind is not None else None
            if kind is not None and value is not None:
                return kind, value
    return None


def capitals(text: str) -> bool:
    """Set in capitals (``BIOGRAPHICAL NOTICE.``, ``FÖR-ORD.``): three letters or more, every one
    of them upper case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def notes_heading(text: str, vocab: Terms) -> bool:
    """Whether the words say the line heads a list of notes: a notes heading of the language data
    (``Notes``, ``NOTES.``, ``Anmerkungen``), or one opening a line of six words at most
    (``Notes to Chapter 3``, ``NOTES TO FIRST ENGLISH EDITION.``). Whether the line is set as a
    heading is the reader's to weigh."""
    words = text.split()
    return bool(words) and (text.strip().rstrip(".:") in vocab.notes
                            or (len(words) <= MAX_NOTES_HEADING and words[0].strip(".:") in vocab.notes))


def ends_with_danda(line: str) -> bool:
    """Whether the line ends with a danda, the verse-end sign of Indic scripts (``।``, ``॥``; ``|``
    and ``||`` in transliteration), after the verse's number between double dandas (``|| 19 ||``)
    and any note sign: a line of Sanskrit verse, as a line of prose never ends."""
    return _DANDA.search(line) is not None


def capital(char: str) -> bool:
    """Whether ``char`` opens a heading or a name as a capital letter does: an upper-case letter,
    or a letter of a script without case (Arabic, Hebrew, Devanagari, Chinese), where case is
    no evidence either way. False for lower-case letters, digits, signs and ``""``."""
    return char.isupper() or (char.isalpha() and not char.islower())


def roman_reading(token: str) -> str | None:
    """The numeral a Roman numeral in capitals stands for where OCR read its I as the letter
    ``l`` or the digit ``1`` (``Vll`` VII, ``lX`` IX, ``1V`` IV); None for any other token."""
    if not _MISREAD_ROMAN.fullmatch(token):
        return None
    reading = token.replace("l", "I").replace("1", "I")
    return reading if roman(reading) is not None else None


def roman(word: str) -> int | None:
    """The value of a well-formed Roman numeral in either case (``vii`` 7, ``MDCC`` 1700), else
    None. Old forms with ``iiii`` or ``j`` for a final i are not numerals here."""
    word = word.lower()
    if not word or not _ROMAN.match(word):
        return None
    total = 0
    for here, after in zip(word, [*word[1:], ""], strict=True):
        value = _ROMAN_VALUES[here]
        total += -value if after and _ROMAN_VALUES[after] > value else value
    return total


def numeral(value: int, upper: bool = False) -> str:
    """``value`` (1..3999) as a Roman numeral, in lower case (``xii``) unless ``upper``."""
    out = ""
    for step, letters in _NUMERALS:
        count, value = divmod(value, step)
        out += letters * count
    return out.upper() if upper else out


_NUMERALS = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
             (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@functools.cache
def _table() -> dict[str, dict[str, object]]:
    with data_file("lang", "terms.json").open(encoding="utf-8") as handle:
        raw: dict[str, dict[str, object]] = json.load(handle)
    return {code: entry for code, entry in raw.items() if not code.startswith("$")}


def languages() -> list[str]:
    """The BCP 47 codes the data file covers."""
    return sorted(_table())


@functools.cache
def for_language(code: str | None) -> Terms:
    """The terms of language ``code`` (its primary subtag); of every language when ``code`` is
    None or not covered. English's are always included: printers' conventions (``Fig.``,
    ``Chap.``) cross languages."""
    table = _table()
    primary = (code or "").split("-")[0].lower()
    codes = [primary, "en"] if primary in table else list(table)
    division: dict[str, str] = {}
    matter: dict[str, str] = {}
    caption: set[str] = set()
    notes: set[str] = set()
    articles: set[str] = set()
    byline: set[str] = set()
    see: set[str] = set()
    page: set[str] = set()
    ordinals: dict[str, int] = {}
    numbers: dict[str, int] = {}
    for lang in codes:
        entry = table[lang]
        division.update({k: v for k, v in _mapping(entry, "division").items() if k not in division})
        matter.update({k: v for k, v in _mapping(entry, "matter").items() if k not in matter})
        caption.update(_words(entry, "caption"))
        notes.update(_words(entry, "notes"))
        articles.update(_words(entry, "articles"))
        byline.update(_words(entry, "byline"))
        see.update(_words(entry, "see"))
        page.update(_words(entry, "page"))
        for number, forms in enumerate(_words(entry, "ordinals"), start=1):
            for form in forms.split("|"):
                ordinals.setdefault(form, number)
        for number, form in enumerate(_words(entry, "numbers"), start=1):
            numbers.setdefault(form, number)
    return Terms(Folded(division), Folded(matter), FoldedSet(caption), FoldedSet(notes), Folded(ordinals),
                 Folded(numbers), FoldedSet(articles), FoldedSet(byline),
                 FoldedSet(see), FoldedSet(page))


def _mapping(entry: dict[str, object], key: str) -> dict[str, str]:
    value = entry.get(key, {})
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _words(entry: dict[str, object], key: str) -> list[str]:
    value = entry.get(key, [])
    return [str(v) for v in value] if isinstance(value, list) else []
