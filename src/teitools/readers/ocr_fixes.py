# ruff: noqa: RUF001, RUF002  (OCR text is full of typographic quotes and dashes)
"""OCR misreadings, corrected only where the context makes them certain.

A token that mixes digits with the letters OCR reads for them (``i960``, ``I963``,
``mid-i93os``, ``6o``) can be no word, so its reading as a number is certain; so is
a decade's capital ``S`` (``1950S``), a lone ``i`` or ``l`` before a month name
(``On i July``), and a regnal number (``Alexander H’s``) when the document prints
the same name with that number elsewhere.

A word is corrected only on strong evidence: it is no word of the language (or one
thousands of times rarer than the correction, so that an inflected form is left
alone) and stands once in the document, while one classic OCR confusion
(``m`` for ``n``, ``e`` for ``c``, ``é`` for ``e``, ``rn`` for ``m`` ...) turns it into
a common word that the document itself uses again and again (``Russiam``,
``economie``), or, for a word the language does not know at all whose umlaut the
OCR read as ``ii``, into a word it does know (``Ziirich``).  A word in a passage of
another language (``présents`` in a French quotation of an English book) is left alone. A fragment of a word
split over a line end is never corrected.  Everything else is left as printed.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from teitools import language
from teitools import model as m
from teitools.readers.dehyphenate import Vocabulary

_DIGIT_FOR = str.maketrans({"i": "1", "I": "1", "l": "1", "o": "0", "O": "0"})
_MIXED = re.compile(r"(?<![^\W_])(?=[0-9ioIlO]*\d)(?=[0-9]*[ioIlO])([0-9ioIlO]{2,4})(s?)(?![^\W_])")
_DECADE = re.compile(r"(?<![^\W_])(1[0-9]{2}0)S(?![^\W_])")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAY_ONE = re.compile(rf"(?<!\S)[il](?=\s+(?:{MONTHS})\b)")
_REGNAL = re.compile(r"\b([A-Z][a-z]{2,}) ([IVX]*[Hl][IVXHl]*)(?=[’']s\b|[\s,.;:)]|$)")
_ROMAN_FOR = str.maketrans({"H": "II", "l": "I"})
_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{2,}(?![^\W\d_])")
# Pairs (as printed, as meant) that OCR engines confuse in Latin print.
CONFUSIONS = (("m", "n"), ("n", "m"), ("rn", "m"), ("m", "rn"), ("e", "c"), ("c", "e"), ("é", "e"),
              ("è", "e"), ("í", "f"), ("ii", "ü"), ("li", "h"), ("cl", "d"), ("u", "n"), ("n", "u"),
              ("fi", "h"))
RARE = 2.5  # Zipf frequency under which a printed word may be a misreading
COMMON = 4.0  # Zipf frequency a correction must have in the language
RARER = 3.3  # ... and how much rarer a known printed word must be (not an inflection: jährlichem)
REPEATED = 3  # times the correction must occur elsewhere in the document
KNOWN = 2.5  # ... or, for a word the language does not know at all and an umlaut read as "ii",
# the correction's frequency in the language


def _mixed(match: re.Match[str], _text: str) -> str | None:
    """A number with letters misread in it; a letter ``l``/``I``/``i`` beside a single
    digit may be a variable (``l2`` in a formula), so it needs two real digits."""
    token = match.group(1)
    digits = token.translate(_DIGIT_FOR)
    if sum(c.isdigit() for c in token) < 2 and any(c in "ilI" for c in token):
        return None
    return digits + match.group(2) if digits.isdigit() and not digits.startswith("0") else None


def _decade(match: re.Match[str], _text: str) -> str | None:
    return match.group(1) + "s"


def _day_one(match: re.Match[str], _text: str) -> str | None:
    return "1"


def _regnal(match: re.Match[str], text: str) -> str | None:
    numeral = match.group(2).translate(_ROMAN_FOR)
    return numeral if _printed(f"{match.group(1)} {numeral}", text) else None


@functools.lru_cache(maxsize=4096)
def _printed(words: str, text: str) -> bool:
    """Does ``text`` print ``words`` as whole words? Cached: a long book names its kings often."""
    return re.search(rf"\b{re.escape(words)}\b", text) is not None


def _word(printed: str, vocabulary: Vocabulary, cased: Counter[str]) -> str | None:
    """The one common, repeated word a single OCR confusion makes of a rare hapax.

    The correction must occur in the document spelt exactly so, capitals included:
    a name (``Nove``) is not taken for the word it resembles (``move``).
    """
    lower = printed.lower()
    if vocabulary.words[lower] != 1 or vocabulary.zipf(lower) >= RARE:
        return None
    unknown = vocabulary.zipf(lower) == 0
    if len(lower) < 3 and not unknown:  # a short word the language knows is no misreading
        return None
    found = set()
    for wrong, right in CONFUSIONS:
        start = lower.find(wrong)
        while start >= 0:
            candidate = printed[:start] + (right.upper() if printed[start].isupper() else right) \
                + printed[start + len(wrong):]
            known = vocabulary.zipf(candidate.lower())
            repeated = known >= COMMON and cased[candidate] >= REPEATED \
                and known - vocabulary.zipf(lower) >= RARER
            umlaut = unknown and not right.isascii() and known >= KNOWN  # ii read for ü
            if repeated or umlaut:
                found.add(candidate)
            start = lower.find(wrong, start + 1)
    return found.pop() if len(found) == 1 else None


_RULES = ((_MIXED, _mixed), (_DECADE, _decade), (_DAY_ONE, _day_one), (_REGNAL, _regnal))
_MAY_HOLD_NUMBERS = re.compile(rf"\d|(?<!\S)[il]\s+(?:{MONTHS})|[A-Z][a-z]{{2,}} [IVX]*[Hl]")


class Corrector:
    """Finds certain corrections in the lines of one document."""

    def __init__(self, text: str, vocabulary: Vocabulary) -> None:
        self.text = text
        self.vocabulary = vocabulary
        cased = Counter(_WORD.findall(text))
        # The few misread words of the whole text, found once; lines are then only searched for them.
        self.words = {word: corr for word, count in cased.items()
                      if count == 1 and (corr := _word(word, vocabulary, cased)) is not None}
        alternatives = "|".join(re.escape(word) for word in sorted(self.words))
        self.word_pattern = re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])") \
            if self.words else None

    def apply(self, segment: str, line: int, before: str = "", after: str = "") -> list[m.Inline]:
        """``segment`` as Text nodes with the certain corrections as Correction nodes.

        ``before`` and ``after`` are the neighbouring lines: a word split over a line end
        (``wit`` / ``nessed``) is a fragment, never a misreading.
        """
        found: list[tuple[int, int, str]] = []
        for pattern, correct in _RULES if _MAY_HOLD_NUMBERS.search(segment) else ():
            for match in pattern.finditer(segment):
                corr = correct(match, self.text)
                span = match.span(2) if pattern is _REGNAL else match.span()
                if corr is not None and not any(s < span[1] and span[0] < e for s, e, _ in found):
                    found.append((span[0], span[1], corr))
        foreign = self.word_pattern is not None and self.word_pattern.search(segment) is not None \
            and language.passage(segment) not in (None, self.vocabulary.language)
        for match in self.word_pattern.finditer(segment) if self.word_pattern and not foreign else ():
            if (match.start() == 0 and self.vocabulary.joins_lines(before, segment)) or \
                    (match.end() == len(segment.rstrip("-")) and self.vocabulary.joins_lines(segment, after)):
                continue
            found.append((match.start(), match.end(), self.words[match.group()]))
        out: list[m.Inline] = []
        pos = 0
        for start, end, corr in sorted(found):
            if start > pos:
                out.append(m.Text(segment[pos:start]))
            out.append(m.Correction(segment[start:end], corr, line=line))
            pos = end
        if pos < len(segment) or not out:
            out.append(m.Text(segment[pos:]))
        return out
