# ruff: noqa: RUF001, RUF002  (OCR text is full of typographic quotes and dashes)
"""OCR misreadings, corrected only where the context makes them certain.

A token that mixes digits with the letters OCR reads for them (``i960``, ``I963``,
``mid-i93os``, ``6o``) can be no word, so its reading as a number is certain; so is
a decade's capital ``S`` (``1950S``), a lone ``i`` or ``l`` before a month name
(``On i July``, in an English text: ``i`` is a word in Swedish and Italian), and a
regnal number (``Alexander H’s``) when the document prints the same name with that
number elsewhere.  A word with a digit read for a letter (``Ba1d``, ``5tadt``,
``0tto``: ``1`` for ``l``/``I``, ``0`` for ``O``, ``5`` for ``S``) is no word either,
and its reading is certain when the document prints that word elsewhere, or when the
language knows just one of its readings as a common word (``unter1egen``); a ``1`` at a word's
end is read as ``l`` only where the word with ``l`` is common and thirty times as common as the
word without it (``wel1``, ``Kurbe1``), as it may be a note marker (``fee1``, ``word1``); an
ordinal (``1st``, ``2te``) is left.

A word is corrected only on strong evidence: it is no word of the language (or one
thousands of times rarer than the correction, so that an inflected form is left
alone) and stands once in the document, shows positive evidence of being no word of
the language (a sequence of three letters, word edges included, that no common word
holds and its correction removes: ``nnd``, ``dnrchaus``; or an ending that no two
common words alternate with the correction's: English ``-iam`` for ``-ian``), so that a
correct word the word list lacks (German ``mehrerem``, ``ermannt``) is left alone, while
one classic OCR confusion
(``m`` for ``n``, ``e`` for ``c``, ``é`` for ``e``, ``rn`` for ``m`` ...) turns it into
a common word that the document itself uses again and again (``Russiam``,
``economie``), or, for a word the language does not know at all whose umlaut the
OCR read as ``ii``, into a word it does know (``Ziirich``).  A word in a passage of
another language (``présents`` in a French quotation of an English book, ``thé`` in ``"une tasse de
thé"``) is left alone, and so is a common French word among words of another language
(``placé``, ``présents``), unless its correction is one of the language's commonest words
(``of thé 1920s``). A fragment of a word
split over a line end is never corrected.  Everything else is left as printed.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from teitools import language, terms
from teitools import model as m
from teitools.readers.dehyphenate import Vocabulary, common_words

_DIGIT_FOR = str.maketrans({"i": "1", "I": "1", "l": "1", "o": "0", "O": "0"})
_MIXED = re.compile(r"(?<![^\W_])(?=[0-9ioIlO]*\d)(?=[0-9]*[ioIlO])([0-9ioIlO]{2,4})(s?)(?![^\W_])")
_DECADE = re.compile(r"(?<![^\W_])(1[0-9]{2}0)S(?![^\W_])")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAY_ONE = re.compile(rf"(?<!\S)[il](?=\s+(?:{MONTHS})\b)")
_DIGIT_IN_WORD = re.compile(r"(?<![^\W_])(?=[^\W_]*[^\W\d_])[015]?[^\W\d_]*(?:[015][^\W\d_]+)+(?![^\W_])"
                            r"|(?<![^\W_])[015][^\W\d_]+(?![^\W_])")
_LETTERS_FOR = {"1": "lI", "0": "oO", "5": "sS"}
_FINAL_ONE = re.compile(r"(?<![^\W_])([^\W\d_]{2,})1(?![^\W_])")  # wel1, Kurbe1
KNOWN_READING = 3.0  # Zipf frequency of a word's reading that the language knows as a common word
FAR_COMMONER = 1.5  # Zipf: a word with its final l thirty times as common as without it
ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th", "d", "e", "er", "re", "te", "ten", "ter", "tes", "ste",
                             "sten", "ster", "o", "a", "os", "as", "me", "eme", "ème", "mo", "ma", "vo", "va",
                             "ne", "nde", "dje", "je", "em", "en", "es"})
MIN_LETTERS = 3  # letters of a word read with a digit in it
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
COMMON_WORDS = 3.0  # Zipf frequency of the words that show the language's letter trigrams and endings
ENDING = 2  # letters at a word's end where a change may be an inflection (and letters of context kept)
KNOWN = 2.5  # ... or, for a word the language does not know at all and an umlaut read as "ii",
# the correction's frequency in the language


def _mixed(match: re.Match[str], _text: str, _vocabulary: Vocabulary) -> str | None:
    """A number with letters misread in it; a letter ``l``/``I``/``i`` beside a single
    digit may be a variable (``l2`` in a formula), so it needs two real digits; an ``l``
    after a sum and before a stop is the pound's abbreviation (``807l. 5s. 10d.``)."""
    token = match.group(1)
    digits = token.translate(_DIGIT_FOR)
    if sum(c.isdigit() for c in token) < 2 and any(c in "ilI" for c in token):
        return None
    if token[-1] == "l" and not match.group(2) and match.string[match.end():match.end() + 1] == ".":
        return None
    return digits + match.group(2) if digits.isdigit() and not digits.startswith("0") else None


def _decade(match: re.Match[str], _text: str, _vocabulary: Vocabulary) -> str | None:
    return match.group(1) + "s"


def _day_one(match: re.Match[str], _text: str, _vocabulary: Vocabulary) -> str | None:
    return "1"


def _letters(match: re.Match[str], text: str, vocabulary: Vocabulary) -> str | None:
    """A word with digits read for letters: the one reading (``1`` as ``l`` or ``I`` ...)
    that ``text`` prints elsewhere as a word, else the one the language knows as a common word
    (``unter1egen``: ``unterlegen``); an ordinal (``1st``, ``5te``) is none."""
    token = match.group()
    if token[0].isdigit() and token[1:].lower() in ORDINAL_ENDINGS:
        return None
    if sum(c.isalpha() for c in token) < MIN_LETTERS or sum(c.isdigit() for c in token) > 2:
        return None
    readings = [""]
    for c in token:
        readings = [r + x for r in readings for x in _LETTERS_FOR.get(c, c)]
    found = [r for r in readings
             if _printed(r, text) or (r[:1].isupper() and _printed(r[0].lower() + r[1:], text))]
    if not found and vocabulary.has_lexicon:
        found = [r for r in readings if _known(r, vocabulary) >= KNOWN_READING]
    return found[0] if len(found) == 1 else None


def _final_one(match: re.Match[str], _text: str, vocabulary: Vocabulary) -> str | None:
    """A word whose last ``l`` was read as ``1`` (``wel1``, ``Kurbe1``): the word with ``l`` is a
    common word of the language, and far more common than the word without it, which a note
    marker would follow (``fee1`` may be ``fee`` and note 1, ``merchants1`` is)."""
    stem = match.group(1)
    if not vocabulary.has_lexicon or len(stem) < MIN_LETTERS:
        return None
    word = _known(stem + "l", vocabulary)
    return stem + "l" if word >= KNOWN_READING and word - _known(stem, vocabulary) >= FAR_COMMONER else None


def _known(word: str, vocabulary: Vocabulary) -> float:
    """The word's frequency in the language (Zipf), looked up folded (``terms.fold``)."""
    return vocabulary.zipf(terms.fold(word))


def _regnal(match: re.Match[str], text: str, _vocabulary: Vocabulary) -> str | None:
    numeral = match.group(2).translate(_ROMAN_FOR)
    return numeral if _printed(f"{match.group(1)} {numeral}", text) else None


@functools.lru_cache(maxsize=4096)
def _printed(words: str, text: str) -> bool:
    """Does ``text`` print ``words`` as whole words? Cached: a long book names its kings often."""
    return re.search(rf"\b{re.escape(words)}\b", text) is not None


@functools.lru_cache(maxsize=8)
def _common(language: str) -> frozenset[str]:
    return frozenset(common_words(language, COMMON_WORDS))


@functools.lru_cache(maxsize=8)
def _marked_words(language: str) -> str:
    """The language's common words, their edges marked (``^under$``), one per line: a letter
    trigram (``^un``, ``nd$``) is a common word's exactly when it occurs in this text (a
    substring search, where the set of every trigram would take a tenth of a second to build)."""
    return "\n".join(f"^{word.lower()}$" for word in common_words(language, COMMON_WORDS))


@functools.lru_cache(maxsize=256)
def _alternates(language: str, ending: str, other: str) -> bool:
    """Do common words of the language alternate ``ending`` with ``other`` (German ``-rem``
    and ``-ren``: ``unserem``, ``unseren``), so that one may be an inflection of the other?"""
    words = _common(language)
    return any(word.endswith(other) and len(word) > len(other) + 1
               and word[:len(word) - len(other)] + ending in words for word in words)


def _letter_trigrams(word: str) -> set[str]:
    marked = f"^{word.lower()}$"
    return {marked[i:i + 3] for i in range(len(marked) - 2)}


def _unlike_language(printed: str, correction: str, language: str) -> bool:
    """Positive evidence that ``printed`` is no word of the language: it holds a letter
    trigram that no common word holds and that ``correction`` removes (``nnd``, ``Ziirich``
    in an English book, whose ``Zürich`` is foreign too), or it differs
    from ``correction`` only in its ending, and no two common words alternate those endings
    (``Russiam``: no ``-ian`` word has an ``-iam`` form; German ``mehrerem`` is an inflection)."""
    known = _marked_words(language)
    if not known:
        return False
    if any(t not in known for t in _letter_trigrams(printed) - _letter_trigrams(correction)):
        return True
    lower, right = printed.lower(), correction.lower()
    same = next((i for i, (a, b) in enumerate(zip(lower, right, strict=False)) if a != b),
                min(len(lower), len(right)))
    if len(lower) - same > ENDING or len(right) - same > ENDING:
        return False
    context = max(0, same - ENDING)
    return not _alternates(language, lower[context:], right[context:])


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
            if (repeated or umlaut) and _unlike_language(printed, candidate, vocabulary.language) \
                    and (known >= FUNCTION_WORD or not _accented_word(lower, wrong, vocabulary.language)):
                found.add(candidate)
            start = lower.find(wrong, start + 1)
    return found.pop() if len(found) == 1 else None


ACCENTED_FROM = "fr"  # the language whose common words an accent read for e stands in (placé)
FUNCTION_WORD = 6.0  # Zipf frequency of a correction so common that a speck on it is likelier (thé for the)


def _accented_word(lower: str, wrong: str, language_code: str) -> bool:
    """Is ``lower``, printed with the accent the confusion ``wrong`` would take off (``é``,
    ``è``), a common word of French, which sets those accents on its words (``placé``,
    ``présents`` in an English book)? OCR reads an accent into a word of the book's language
    less often than a book quotes a French word, but for the commonest words: ``of thé 1920s``
    is English ``the`` with a speck."""
    if wrong.isascii() or language_code == ACCENTED_FROM:
        return False
    from teitools.lexicon import common_values

    return common_values(ACCENTED_FROM).get(lower, 0.0) >= KNOWN_READING


_OPENING = re.compile(r"(?:^|(?<=\s))[\"'“”„«»‘‚›‹(](?=\w)")  # a quotation opening before a word
_CLOSING = re.compile(r"(?<=[\w.,;:!?])[\"'“”«»’‘›‹)](?=[\s.,;:!?]|$)")  # ... and closing after one


def _quoted_foreign(segment: str, start: int, end: int, language_code: str) -> bool:
    """Does the word at ``segment[start:end]`` stand in a quotation of another language (``"une
    tasse de thé"``, ``'yo le oí decir que el`` running on to the next line)? The quotation's
    function words (``language.STOPWORDS``) vote for another language and none for the book's."""
    opening = [m.end() for m in _OPENING.finditer(segment, 0, start)]
    closing = _CLOSING.search(segment, end)
    if not opening and closing is None:
        return False  # no quotation: the line's own language decides (``language.passage``)
    quoted = segment[opening[-1] if opening else 0:closing.start() if closing else len(segment)]
    votes = language.votes(quoted)
    return votes.get(language_code, 0) == 0 and any(votes.values())


_RULES = ((_MIXED, _mixed), (_DECADE, _decade), (_DAY_ONE, _day_one), (_REGNAL, _regnal),
          (_DIGIT_IN_WORD, _letters), (_FINAL_ONE, _final_one))
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
        numbers = _MAY_HOLD_NUMBERS.search(segment) is not None
        misread = self.word_pattern is not None and self.word_pattern.search(segment) is not None
        if not (numbers or misread):
            return [m.Text(segment)]  # most lines: nothing to correct
        found: list[tuple[int, int, str]] = []
        for pattern, correct in _RULES if numbers else ():
            if pattern is _DAY_ONE and self.vocabulary.language != "en":
                continue  # the month names are English
            for match in pattern.finditer(segment):
                corr = correct(match, self.text, self.vocabulary)
                span = match.span(2) if pattern is _REGNAL else match.span()
                if corr is not None and not any(s < span[1] and span[0] < e for s, e, _ in found):
                    found.append((span[0], span[1], corr))
        foreign = misread and language.passage(segment) not in (None, self.vocabulary.language)
        words = self.word_pattern.finditer(segment) if self.word_pattern and misread and not foreign else ()
        for match in words:
            if (match.start() == 0 and self.vocabulary.joins_lines(before, segment)) or \
                    (match.end() == len(segment.rstrip("-")) and self.vocabulary.joins_lines(segment, after)):
                continue
            if _quoted_foreign(segment, match.start(), match.end(), self.vocabulary.language):
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
