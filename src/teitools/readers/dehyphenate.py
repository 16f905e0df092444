# ruff: noqa: RUF001  (OCR text is full of typographic quotes and dashes)
"""Words split at a line end whose hyphen the OCR lost (``examin`` / ``ing``).

Most line ends are ordinary word boundaries (``in`` / ``practice``), so a split is
decided on evidence: the document's own vocabulary (the joined word occurs whole
elsewhere, more often than the two words stand side by side or joined by a hyphen,
as in ``co-existence``, whose hyphen the OCR lost) and, failing that,
word frequencies of the text's language from ``wordfreq`` (the joined form is a
word while a half is not one on its own).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from teitools.language import STOPWORDS
from teitools.lexicon import zipf_values

_LAST_WORD = re.compile(r"[^\W\d_]+[-\u00ad]?$")
SOFT_HYPHEN = "\u00ad"  # a discretionary hyphen: where it ends a line, the word always goes on
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")
COMMON = 3.0  # Zipf frequency above which a fragment is an ordinary word by itself
VERY_COMMON = 5.0  # ... in a text so long that an ordinary word would occur in it
LARGE = 20000  # words of a text long enough for its own vocabulary to count
MARGIN = 0.5  # a joined word this much rarer than its second half is still the likelier reading


def common_words(language: str, least: float) -> list[str]:
    """The words of the language with a Zipf frequency of at least ``least``."""
    return [word for word, value in zipf_values(language).items() if value >= least]


def zipf(word: str, language: str = "en") -> float:
    """Zipf frequency of a lower-case word (0 when the language or the word is unknown)."""
    return zipf_values(language).get(word, 0.0)


# Languages that write a compound of two words as one word (German Mühlengraben, Dutch
# molensloot, Swedish kvarndamm), where English and the Romance languages write two or hyphenate.
MIN_HALF = 3  # letters of a compound's second half at least
FUNCTION_WORD = 6.0  # Zipf frequency from which a word is a function word (und 7.4, oder 6.6; Haus 5.4)
CLOSED_COMPOUNDS = frozenset({"de", "nl", "sv", "da", "no", "nb", "nn", "is", "fi", "hu", "et"})


class Vocabulary:
    """Word and word-pair counts of one document, read line by line.

    ``inner`` counts words away from line ends, where a fragment of a split word
    cannot stand: a fragment such as ``dis`` never occurs there.
    """

    def __init__(self, lines: list[str], language: str = "en") -> None:
        self.language = language
        per_line = [_WORD.findall(line) for line in "\n".join(lines).lower().split("\n")]
        self.words: Counter[str] = Counter(itertools.chain.from_iterable(per_line))
        self.inner: Counter[str] = Counter(itertools.chain.from_iterable(t[1:-1] for t in per_line))
        self.pairs: Counter[tuple[str, str]] = Counter(
            itertools.chain.from_iterable(itertools.pairwise(t) for t in per_line))
        self.common = COMMON if self.inner.total() < LARGE else VERY_COMMON
        self.closes_compounds = self._closes_compounds(lines)

    def _closes_compounds(self, lines: list[str]) -> bool | None:
        """Does this text write a compound of two words closed (``Knochenmasse``) rather
        than hyphenated (``ill-disposed``)?  Decided on the compounds broken at a line
        hyphen whose closed or hyphenated form the text also prints elsewhere; None without
        such evidence."""
        closed = hyphenated = 0
        for before, after in itertools.pairwise(lines):
            if not before.rstrip().endswith("-"):
                continue
            head, tail = _LAST_WORD.search(before.rstrip()), _FIRST_WORD.match(after.lstrip())
            if not (head and tail and head.group().endswith("-") and tail.group()[:1].islower()):
                continue
            left, right = head.group()[:-1].lower(), tail.group().lower()
            if self.is_word(left, COMMON) and self.is_word(right, COMMON):
                closed += self.words[left + right] > 0
                hyphenated += self.words[f"{left}-{right}"] > 0
        return closed > hyphenated if closed or hyphenated else None

    def _noun_compound(self, head: str, right: str) -> bool:
        """Without the text's evidence, does a line hyphen split a closed compound of the
        language's rule (``CLOSED_COMPOUNDS``)? A noun (capitalised: German ``Mühlen-`` /
        ``graben``, ``Rat-`` / ``haus``) and a word that is no function word of the language
        (``language.STOPWORDS``, or as common as one); not an elided
        compound (``Glas- und Porzellan``) nor a hyphenated adjective (``deutsch-englischen``)."""
        function_words = STOPWORDS.get(self.language, ("", frozenset[str]()))[1]
        return self.language in CLOSED_COMPOUNDS and head[:1].isupper() and len(right) >= MIN_HALF \
            and self.zipf(right) < FUNCTION_WORD and right not in function_words

    def zipf(self, word: str) -> float:
        return zipf(word, self.language)

    @property
    def has_lexicon(self) -> bool:
        """Are the language's word frequencies known (not only the text's own words)?"""
        return bool(zipf_values(self.language))

    def joins_lines(self, before: str, after: str) -> bool:
        """Does the last word of line ``before`` continue as the first word of ``after``?"""
        last, first = before.rsplit(None, 1)[-1:], after.split(None, 1)[:1]
        head = _LAST_WORD.search(last[0]) if last else None
        tail = _FIRST_WORD.match(first[0]) if first else None
        return bool(head and tail and self.joins(head.group(), tail.group()))

    def is_word(self, token: str, common: float | None = None) -> bool:
        """Does ``token`` stand as a word of its own (in this text or in the language)?"""
        return self.inner[token] > 0 or self.zipf(token) >= (common or self.common)

    def joins(self, head: str, tail: str) -> bool:
        """Is ``head`` at a line end and ``tail`` at the next line's start one split word?

        ``head`` may end with a soft hyphen (U+00AD), which marks a word broken by the
        typesetter: the word goes on. It may end with a hyphen, kept in the text: between fragments it is the
        printer's and the word continues; between two words it joins a compound, which
        continues when the text prints such compounds closed (German) and stays two
        words otherwise (English ``ill-`` / ``disposed``), unless the joined word is a word of
        the language no rarer than the rarer of its halves, less MARGIN (French ``at-`` /
        ``tendre``; German ``Fer-`` / ``ne``, where ``fer`` is a rare word and ``ne`` a common
        one, but ``Ferne`` commoner than ``fer``): a compound joins two words a writer chose, each
        at least as common as the compound they make.
        """
        if not tail[:1].islower() or not head.rstrip("-\u00ad").isalpha() or not tail.isalpha():
            return False
        if head.endswith(SOFT_HYPHEN):
            return True
        left, right = head.rstrip("-").lower(), tail.lower()
        if len(left) < 2 or len(right) < 2:  # printers leave no single letter before a break, nor carry one
            return False
        joined = left + right
        frequency = self.zipf(joined)
        whole = self.words[joined] if frequency > 0 or self.words[joined] > 1 else 0
        halves_are_words = self.is_word(left) and self.is_word(right)
        compound = self.words[f"{left}-{right}"]  # the text prints it with a hyphen (co-existence)
        if head.endswith("-"):  # the printer's hyphen, unless the halves make a hyphenated compound
            if whole or compound:
                return whole > compound
            if frequency and frequency >= min(self.zipf(left), self.zipf(right)) - MARGIN:
                return True  # a word of the language, likelier than its rarer half alone (at- / tendre)
            if not (self.is_word(left, COMMON) and self.is_word(right, COMMON)):
                return True
            closes = self.closes_compounds
            return closes if closes is not None else self._noun_compound(head, right)
        pair = self.pairs[(left, right)]
        if whole or pair or compound:
            return whole > max(pair, compound)
        if frequency == 0:
            return False
        return not halves_are_words or frequency >= self.zipf(right) - MARGIN
