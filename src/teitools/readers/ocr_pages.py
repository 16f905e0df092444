# ruff: noqa: RUF001  (OCR text is full of typographic quotes and dashes)
"""Printed page numbers in OCR text, decided as one increasing sequence.

Every place a page number can stand is a candidate: glued to the end of a line
(``resultant 9``, ``Party190``), at the start of a line (``io number of``), alone on
a line (``8.``), split by a space (``3 5``) and misread (``i``/``l``/``I`` for 1,
``o``/``O`` for 0, ``n`` for 11).  A dynamic programme then picks the increasing
chain of candidates that best fits the page length of the book, so that a year, a
count or a caption number in the text does not become a page break.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from teitools import codes, terms
from teitools import model as m
from teitools.diagnostics import Diagnostic, Severity
from teitools.readers import ocr_notes
from teitools.readers.ebook_structure import contents_entries_of, ends_in_leader, names_line
from teitools.terms import DANDAS, numeral, roman

# A digit as OCR prints it: real digits and the letters most often read for them.
_DIGIT_FOR = {"i": "1", "I": "1", "l": "1", "o": "0", "O": "0"}
_D = r"[0-9ioIlO]"
# Before a number at a line's end, a row of figures (``Tugs 3 Barges 9``, ``12  30  85``), not a
# running head that names a numbered scene and sets the page number apart (``SCENE 1      431``).
_FIGURES = re.compile(r"\d\D+\d|\d\D*\S\s{0,3}$")
SENTENCE_END = re.compile(r"[.!?:’”\")]\s*$")  # a line that ends a sentence (or a quotation)
_DIGITISH = frozenset("0123456789ioIlOn")  # what a page number's first or last character can be
_NUMBER = rf"(?:{_D}{{1,3}}|{_D} {_D}{{1,2}}|{_D}{_D} {_D}|n{_D}?|{_D}n)"
# Alone on a line, or at a page's edge, a number may have four digits (a journal volume
# paginated past 999); glued to running text, four digits are far likelier a year.
_LONG_NUMBER = rf"(?:[1-9]\d{{3}}|{_NUMBER})"
# Not after a danda: ``… vistaram || 19`` is the number of a Sanskrit verse (``|| 19 ||``).
_END = re.compile(rf"(?<=\s)(?<![{DANDAS}]\s)({_NUMBER})\.?\s*$")
# Glued to a word (Once66), or to the punctuation after a word or a number (Künste,17
# ist.I01 eben-70 1963.272); never inside a number written with a comma (1,260).
_GLUED = re.compile(r"(?:(?<=[^\W\d_])(?=\d)|(?<=[^\W\d_][.,;:’'\-])|(?<=[)\]’”'][.,;:])|(?<=\d\.)(?=\d))"
                    r"((?=[0-9ioIlO]{0,2}\d)[0-9ioIlO]{2,3})\s*$")
_START = re.compile(rf"^\s*({_NUMBER})\s+(?=\S)")
_ALONE = re.compile(rf"^\s*({_LONG_NUMBER})\.?\s*$")
# Alone, a number may stand between dashes or in brackets (``— 17 —``, ``-17-``, ``[17]``, ``(17)``).
_DECORATED_NUMBER = r"[—–\-]\s?({0})\.?\s?[—–\-]|\[({0})\]|\(({0})\)"
_DECORATED = re.compile(rf"^\s*(?:{_DECORATED_NUMBER.format(_LONG_NUMBER)})\s*$")
_DECORATION = "—–-[](). "  # what may stand around a number alone on its line
# ... or a word before it, the language's word for page (``Page 3``, ``S. 12``; ``terms.page``)
_PAGE_WORD = re.compile(r"([^\W\d_]{1,12})(?:\.\s?|\s+)")
_WORDED = re.compile(rf"^\s*{_PAGE_WORD.pattern}({_LONG_NUMBER})\.?\s*$")
_KIND = {"glued": "end", "decorated": "alone", "worded": "alone"}  # a candidate's place, by its pattern
_PRINTED_WHOLE = ("decorated", "worded")  # the patterns whose number is printed with the whole line

RUNNING_HEAD = 3  # number lines that must share their words for those to be a running head
HEAD_WORDS = 10  # words of a running head at most
MAX_STEP = 50  # pages a chain may skip between two printed numbers (plates, chapter openings)
MIN_INDENTS = 5  # indented lines before the text's use of indents is judged
PARAGRAPH_INDENTS = 0.7  # share of indented lines after a sentence's end in a text that indents paragraphs
MIN_PAGE_LINES = 5  # text lines a printed page holds at least
SHORT_LINE = 0.5  # share of the median line length under which an indented line is no paragraph's
EDGE_PAGE = 0.5  # pages of text before the first number (or after the last) that count as a page
OPENING_PAGE = 2  # pages' text lines the unnumbered page before the first number heading a page holds
# at most (a chapter's opening page and its notes, the notes set in smaller type)
SHORT_HEAD = 40  # characters of a running head that says its number heads the page
DEFAULT_PAGE_LINES = 40.0  # text lines of a printed page when the text shows no two consecutive numbers

# How much a candidate looks like a page number by itself (the chain then weighs the sequence).
PLACE_WEIGHT = {"alone": 1.0, "end": 0.9, "start": 0.6}
MISREAD = 0.4  # less for a number read from letters only (io, no)
PAGE_ENDS = 0.5  # more when a run of blank lines follows (a page ends) or precedes a number at a head
RUNS_ON = 0.7  # less when the text runs straight on (no blank line, no indent) ...
IN_FIGURES = 0.7  # ... and less again when the line is a row of figures
# What a link between two chosen numbers costs.
ROOM = 1.25  # a page may hold this many times the usual text lines before it is too long
TOO_LONG = 0.8  # the most a too-long stretch costs (tables and indexes pack lines densely)
FEWEST = 0.3  # a page holds at least this share of the usual lines ...
TOO_SHORT = 3.0  # ... or pays this per usual page length it lacks
SKIP = 0.1  # per page skipped between two printed numbers ...
MOST_SKIPPED = 1.0  # ... up to this (a run of plates costs no more than a few pages)
REACH = 4  # a link spans at most this many times MAX_STEP pages of text
RESTART_AT = 20  # a number this low may begin a volume paginated anew (after its front matter) ...
RESTART_FROM = 40  # ... after one at least this high,
RESTART = 3.0  # at this cost (a few pages' worth: a year or a count must not restart a chain)


@dataclass(frozen=True)
class PageNumber:
    """One printed page number: where it stands in the source and what it reads."""

    line: int  # 0-based line index
    start: int  # character span of the token within the line
    end: int
    value: int
    kind: str  # "end", "start" or "alone"
    numeral: str = ""  # a Roman number as printed (``vii``); empty for Arabic numbers
    slipped: bool = False  # a digit of it misread as another (``11`` for 71): the number is supplied

    def token(self, lines: list[str]) -> str:
        return lines[self.line][self.start:self.end]

    @property
    def roman(self) -> bool:
        return bool(self.numeral)

    @property
    def printed(self) -> str:
        """The page's number as ``<pb n>`` gives it: Roman as printed, Arabic as a number."""
        return self.numeral or str(self.value)


def read_number(token: str) -> int | None:
    """The value of a page-number token with OCR digit confusions mapped."""
    digits = "".join(_DIGIT_FOR.get(c, "11" if c == "n" else c) for c in token if c != " ")
    return int(digits) if digits.isdigit() and not digits.startswith("0") else None


def _is_misread(token: str) -> bool:
    return not any(c.isdigit() for c in token)


def _plausible(token: str) -> bool:
    """A token of letters only reads as a number only with an ``o`` or ``n`` in it:
    ``io`` is 10, but ``ii`` or ``iii`` are Roman numerals."""
    return not _is_misread(token) or any(c in "oOn" for c in token)


def page_separator_after(lines: list[str], index: int) -> bool:
    """Is line ``index`` followed by a run of two or more blank lines (or the end)?"""
    blanks = 0
    for line in lines[index + 1:index + 3]:
        if line.strip():
            break
        blanks += 1
    return blanks >= 2 or index + blanks + 1 >= len(lines)


def _separator_before(lines: list[str], index: int) -> bool:
    """Is line ``index`` the first after a run of two or more blank lines (a number at the page head)?"""
    return index >= 2 and not lines[index - 1].strip() and not lines[index - 2].strip()


def candidates(lines: list[str]) -> list[PageNumber]:
    """Every token that may be a printed page number, in source order."""
    found: list[PageNumber] = []
    for index, line in enumerate(lines):
        text = line.strip(_DECORATION)
        if not text or (text[0] not in _DIGITISH and text[-1:] not in _DIGITISH):
            continue
        separated = page_separator_after(lines, index)
        # A running head may carry a number at each end (12 De Homine Cap. 3.): both are
        # candidates, and the sequence chooses.
        here: list[PageNumber] = []
        for kind, pattern in (("decorated", _DECORATED), ("worded", _WORDED), ("alone", _ALONE),
                              ("end", _END), ("glued", _GLUED), ("start", _START)):
            match = pattern.search(line)
            if not match or (here and (kind == "glued" or here[0].kind == "alone")) \
                    or (kind == "worded" and not _names_page(match.group(1))):
                continue
            group = match.lastindex or 1  # the one group of the number that matched
            token = match.group(group)
            value = read_number(token)
            if value is None or (_is_misread(token) and not (separated and _plausible(token))) \
                    or ends_in_leader(line[:match.end(group)]):
                continue  # not a number, or a contents entry's (The Old House ........ 3)
            span = _printed_span(line) if kind in _PRINTED_WHOLE else (match.start(group), match.end(group))
            here.append(PageNumber(index, *span, value, _KIND.get(kind, kind)))
        found += sorted(here, key=lambda p: p.start)
    return found


def _weight(c: PageNumber, lines: list[str]) -> float:
    """How much a candidate looks like a page number before the sequence is considered."""
    weight = PLACE_WEIGHT[c.kind]
    if _is_misread(c.token(lines)):
        weight -= MISREAD
    following = lines[c.line + 1] if c.line + 1 < len(lines) else ""
    if page_separator_after(lines, c.line) or (c.kind != "end" and _separator_before(lines, c.line)):
        weight += PAGE_ENDS
    elif following.strip() and not following[:1].isspace():
        weight -= RUNS_ON
        if _FIGURES.search(lines[c.line][:c.start]):
            weight -= IN_FIGURES
    return weight


def _text_lines_between(prefix: list[int], a: int, b: int) -> int:
    return prefix[b] - prefix[a]


def choose(lines: list[str], found: list[PageNumber]) -> list[PageNumber]:
    """The increasing chain of candidates that best explains the book's pagination; a chain
    may start again at 1 for a new volume of a book printed in several."""
    if not found:
        return []
    prefix = [0]
    for line in lines:
        prefix.append(prefix[-1] + bool(line.strip()))
    steps = [_text_lines_between(prefix, a.line, b.line) for a, b in itertools.pairwise(found)
             if b.value == a.value + 1]
    steps = [step for step in steps if step >= MIN_PAGE_LINES]  # not a table of contents' lines
    per_page = statistics.median(steps) if steps else DEFAULT_PAGE_LINES
    weights = [_weight(c, lines) for c in found]
    best = list(weights)
    back: list[int | None] = [None] * len(found)
    reach = REACH * MAX_STEP * per_page  # text lines a link may span: linear time on any book
    for j, cj in enumerate(found):
        for i in range(j - 1, -1, -1):
            ci = found[i]
            if _text_lines_between(prefix, ci.line, cj.line) > reach:
                break
            gap = cj.value - ci.value
            # a new volume (or part) paginated anew: a low number well after a high one
            restart = cj.value <= RESTART_AT and ci.value >= RESTART_FROM
            if not (0 < gap <= MAX_STEP or restart) or ci.line == cj.line:
                continue
            gap = gap if gap > 0 else 1
            text = _text_lines_between(prefix, ci.line, cj.line)
            pages = _pages_between(lines, ci, cj, gap, text)
            score = best[i] + weights[j] - _length_cost(text, pages, per_page) \
                - min(MOST_SKIPPED, SKIP * (gap - 1)) - (RESTART if restart else 0.0)
            if score > best[j]:
                best[j], back[j] = score, i
    chain = _same_setting([found[k] for k in _best_chain(best, back)])
    if len(chain) == 1 and (chain[0].kind != "alone" or _is_misread(chain[0].token(lines))):
        return []  # one number with no sequence to confirm it must at least stand alone
    return chain


def _length_cost(text: int, pages: tuple[int, ...], per_page: float) -> float:
    """What ``text`` lines between two numbers cost when they hold one of ``pages`` counts of
    pages: too many lines for them (up to TOO_LONG), too few for each (TOO_SHORT per usual page
    length lacking); the cheapest count."""
    costs = []
    for count in pages:
        excess = max(0.0, text - count * per_page * ROOM) / per_page
        shortfall = max(0.0, per_page * FEWEST - text / count) / per_page if count else 0.0
        costs.append(min(TOO_LONG, excess) + TOO_SHORT * shortfall)
    return min(costs)


def _pages_between(lines: list[str], a: PageNumber, b: PageNumber, gap: int, text: int) -> tuple[int, ...]:
    """How many pages' ``text`` lines may stand between numbers ``a`` and ``b`` printed ``gap``
    apart: ``gap`` where both stand at their pages' heads or both at their feet; one fewer where
    ``a``, alone on its line, may close its page (a run of blank lines below it) and ``b``, beside
    a running head, head the next (a run above it; or no text at all between them and ``b`` set a
    printer's gap from its head), as where chapter openings print their number at the foot and
    the other pages in the running head; one more where ``a`` may head its page and ``b`` close a
    later one. Captions (``Abb. 1.``, ``Abb. 2.``) and a column of numbers are neither."""
    counts = [gap]
    if a.kind == "alone" and b.kind != "alone" and (
            (page_separator_after(lines, a.line) and _separator_before(lines, b.line))
            or (gap == 1 and text <= 1 and _head_line(lines, b))):
        counts.append(gap - 1)
    if _separator_before(lines, a.line) and page_separator_after(lines, b.line) and b.kind == "alone":
        counts.append(gap + 1)
    return tuple(counts)


def _same_setting(chain: list[PageNumber]) -> list[PageNumber]:
    """The chain without the runs (between restarts of the numbering) set otherwise than its
    weightiest run (by ``PLACE_WEIGHT``: numbers alone outweigh numbers at line ends): volumes of
    one book set their numbers alike, whereas an index's page references (``Lehmann, Bitumen.
    170.``, numbers at line ends) before pages numbered alone are none. Roman front matter, set as
    it may be, stays."""
    runs: list[list[PageNumber]] = []
    for page in chain:
        if not runs or page.value <= runs[-1][-1].value:
            runs.append([])
        runs[-1].append(page)
    if len(runs) < 2:
        return chain
    def setting(run: list[PageNumber]) -> str:
        return Counter(p.kind for p in run).most_common(1)[0][0]

    main = setting(max(runs, key=lambda run: sum(PLACE_WEIGHT[p.kind] for p in run)))
    return [p for run in runs if run[0].numeral or setting(run) == main for p in run]


def _best_chain(best: list[float], back: list[int | None]) -> list[int]:
    """The indexes of the chain a dynamic programme found, in order: from the best end
    (the longest of equals) back through ``back``."""
    end: int | None = max(reversed(range(len(best))), key=best.__getitem__)
    chain: list[int] = []
    while end is not None:
        chain.append(end)
        end = back[end]
    return chain[::-1]


def _printed_span(line: str) -> tuple[int, int]:
    """The span of a number alone on its line with the dashes or brackets around it
    (``— 17 —``, ``[17]``) or the word for page before it (``Page 17``): the whole printed line."""
    return len(line) - len(line.lstrip()), len(line.rstrip())


def _names_page(word: str) -> bool:
    """Is ``word`` one that a language prints before a page's number (``Page``, ``Seite``,
    ``S``, ``Str``: ``terms.page`` of every language)?"""
    return word in terms.for_language(None).page


def forme_work(page: PageNumber, lines: list[str]) -> m.FormeWork:
    """The printed number as forme work (with its dashes or brackets, or the word for page
    before it: ``Page 3``), misreadings corrected."""
    token = page.token(lines)
    number = token.strip(_DECORATION)
    worded = _PAGE_WORD.match(number)
    if worded is not None and _names_page(worded.group(1)):
        number = number[worded.end():].strip(_DECORATION)
    if number == page.printed:
        return m.FormeWork([m.Text(token)], "page-number")
    at = token.index(number)
    content: list[m.Inline] = [m.Text(token[:at])] if at else []
    content.append(m.Correction(number, page.printed, line=page.line + 1))
    if token[at + len(number):]:
        content.append(m.Text(token[at + len(number):]))
    return m.FormeWork(content, "page-number")


def running_heads(lines: list[str], pages: list[PageNumber], at_edges: bool = False) -> dict[int, str]:
    """The running heads printed beside page numbers (``20 Der geometrische Stil.``,
    ``LIB. XI. CAP. I. 3``): the same words (numbers and numerals aside) beside at least
    RUNNING_HEAD numbers, or words in capitals (a recto head naming each chapter, ``THE SAXONS.
    13``), by the line of the number; with ``at_edges`` (the numbers stand at known page edges)
    any short text beside them."""
    beside = {p.line: (lines[p.line][:p.start] + lines[p.line][p.end:]).strip() for p in pages}
    key = {line: _head_key(text) for line, text in beside.items()}
    counts = Counter(k for k in key.values() if k)
    return {line: beside[line] for line, k in key.items()
            if k and (at_edges or counts[k] >= RUNNING_HEAD or beside[line].isupper())
            and len(k.split()) <= HEAD_WORDS}


def _head_key(text: str) -> str:
    """The words of a running head, numbers and numerals aside, in lower case."""
    return " ".join(w for w in re.findall(r"[^\W\d_]+", text.lower()) if roman(w) is None)


REPEATED_EDGE = 0.25  # share of the pages on whose edge a line must stand to be the pages' furniture
MIN_REPEATED = 3  # ... and pages at least


def repeated_edge_lines(lines: list[str], page_starts: tuple[int, ...], pages: list[PageNumber]
                        ) -> dict[int, tuple[str, bool]]:
    """Lines of form-feed pages that stand, the same words, at the head or the foot of at least
    REPEATED_EDGE of the pages (MIN_REPEATED at least): a running head printed without a
    number, a scanner's stamp (``Digitized by Google``) or a library's at the foot.

    The edge is peeled EDGE_ROUNDS times: past what the rounds before found and past the page
    numbers taken, the lines in up to the first of running text, specks aside, are the edge
    (a stamp of two lines, ``Original from`` over ``Digitized by Google  PENN STATE``); inside
    the outermost line only lines shorter than half the measure or set apart by a printer's
    gap can be furniture. The same words: the line's parts set apart by a printer's gap, those
    of fewer than three letters (the OCR of a logo: ``En``) aside. Once a round has found
    furniture, an edge line whose letters are most in its words, as printed, is furniture too
    (``PENN STATE`` alone where a page set the stamp on two lines, ``Digitized by   oogle``).
    By line: (the line's text, at the head). Lines that open with a division word
    (``CHAPTER``) are not among them. Lines of the feet found so that stand inside a page are
    too (:func:`_feet_inside`)."""
    numbered = {p.line for p in pages}
    bounds = [0, *page_starts, len(lines)]
    texts = [[i for i in range(low, high) if lines[i].strip()] for low, high in itertools.pairwise(bounds)]
    least = max(MIN_REPEATED, REPEATED_EDGE * (len(bounds) - 1))
    found: dict[int, tuple[str, bool]] = {}
    width = measure(lines)
    for _ in range(EDGE_ROUNDS):
        places: dict[str, list[tuple[int, bool]]] = {}
        for text in texts:
            inner = [i for i in text if i not in numbered and i not in found]
            near = {i: True for i in _past_specks(lines, inner, width)}
            near.update({i: False for i in _past_specks(lines, inner[::-1], width)
                         if i not in near or 2 * inner.index(i) >= len(inner)})  # the nearer edge's
            edge = list(near.items())
            # inside the edge, furniture is set apart from running text: short, or gapped
            edge = [(i, head) for i, head in edge if i in text[:1] + text[-1:]
                    or len(lines[i].strip()) * 2 <= width or _PRINTER_GAP.search(lines[i])]
            titles = {b for a, b in itertools.pairwise(text) if _names_division(lines[a])}
            for index, head in edge:
                if index in titles:
                    continue  # a chapter's title under its label (CHAPTER I. over THE BOATS), no running head
                key = _edge_key(lines[index])
                if sum(c.isalpha() for c in key) >= MIN_HEAD_LETTERS and not _names_division(key) \
                        and not _sentence_end(lines[index]):
                    places.setdefault(key, []).append((index, head))
        known = {word for i in found for word in _WORD.findall(lines[i])}
        new = {index: (lines[index].strip(), head) for key, found_at in places.items()
               for index, head in found_at
               if len({_page_of(bounds, index) for index, _ in found_at}) >= least
               or _made_of(lines[index], known)}
        if not new:
            break
        found.update(new)
    return found | _feet_inside(lines, found, numbered)


def _sentence_end(line: str) -> bool:
    """Does ``line`` end a sentence of the text (``Amen.``, a refrain that ends every page): a stop
    after lower-case letters, no figure? Stamps and running heads end with none (``Digitized by
    Google``) or are set in capitals (``VOL. I.``)."""
    text = line.strip()
    return text[-1:] in ".!?" and not any(c.isdigit() for c in text) and not text.isupper()


def _feet_inside(lines: list[str], found: dict[int, tuple[str, bool]],
                 numbered: set[int]) -> dict[int, tuple[str, bool]]:
    """Blocks inside a page (between blank lines) made only of lines found at the pages' feet,
    the same words, and page-number lines (``numbered``): a scanner's stamp the OCR read among a
    page's columns (``Original from`` over ``NEW YORK PUBLIC LIBRARY`` amid an index), or above
    the next page's head where the OCR lost the form feed. Running heads are not looked for so:
    a chapter's heading may print the words of the heads of its pages."""
    feet = {_edge_key(lines[i]) for i, (_, head) in found.items() if not head} - {""}
    inside: dict[int, tuple[str, bool]] = {}
    block: list[int] = []
    for index in range(len(lines) + 1):
        if index < len(lines) and lines[index].strip():
            block.append(index)
            continue
        new = [i for i in block if i not in found and i not in numbered]
        if new and all(i in found or i in numbered or _edge_key(lines[i]) in feet for i in block):
            inside.update({i: (lines[i].strip(), False) for i in new})
        block = []
    return inside


EDGE_ROUNDS = 3  # lines of furniture a page's edge may hold, one inside the other


def _edge_key(line: str) -> str:
    """The words of a line of page furniture, for finding it again: its parts set apart by a
    printer's gap, in lower case, without parts of fewer than three letters (specks, a logo)
    and without the specks at a part's ends (``d Digitized by Google -``)."""
    parts = [_SPECK_ENDS.sub("", " ".join(part.lower().split()))
             for part in _PRINTER_GAP_SPLIT.split(line.strip())]
    return " | ".join(part for part in parts if sum(c.isalpha() for c in part) >= 3)


_SPECK_ENDS = re.compile(r"^(?:\S{1,2}\s+)+(?=\S{3})|(?<=\S{3})(?:\s+\S{1,2})+$")  # "d " and " -" at the ends


SPECK_WORD = 2  # characters of a word at most, half of a line's words so short making it specks
SPECK_MEAN = 3  # ... or the mean characters of its words below which it is
KNOWN_SHARE = 2 / 3  # share of an edge line's letters in words of found furniture that make it furniture
_WORD = re.compile(r"[^\W\d_]+")


def _made_of(line: str, known: set[str]) -> bool:
    """Are most of a line's letters (KNOWN_SHARE) in words, as printed, of the page furniture
    found (``Digitized by      oogle   PENN STATE``, ``iaiti   Original from``)?"""
    words = _WORD.findall(line)
    letters = sum(map(len, words))
    return bool(letters) and sum(len(w) for w in words if w in known) >= KNOWN_SHARE * letters


def _past_specks(lines: list[str], edge: list[int], width: int) -> list[int]:
    """The lines from a page's edge (``edge``: its text lines, edge first) up to the first of
    running text (half the measure ``width`` long at least, no printer's gap in it), specks of
    the scan the OCR read beside the furniture (without a printer's gap, half of the words of
    one or two letters, or words of fewer than three letters in the mean: ``eee eee``, ``Ed``,
    ``tenen meenten nt dn``) left out."""
    found: list[int] = []
    for index in edge:
        words, gapped = lines[index].split(), _PRINTER_GAP.search(lines[index])
        if not gapped and (sum(len(w) <= SPECK_WORD for w in words) * 2 >= len(words)
                           or sum(map(len, words)) < SPECK_MEAN * len(words)):
            continue
        found.append(index)
        if len(lines[index].strip()) * 2 > width and not gapped:
            break
    return found


def _page_of(bounds: list[int], index: int) -> int:
    return bisect.bisect_right(bounds, index)


def lone_edge_numbers(lines: list[str], page_starts: tuple[int, ...], pages: list[PageNumber],
                      furniture: Collection[int] = ()) -> list[int]:
    """The first or last text line of each form-feed page, past the lines of ``furniture`` (a
    stamp at the foot), that holds only a number-like token (digits, OCR's letters for them, at
    most three characters: ``20o9`` on a title page is a year) the sequence did not take: a page
    number misread or out of sequence (``9`` for 91), never a figure's caption or a chapter's."""
    numbered = {p.line for p in pages}
    found: list[int] = []
    for low, high in itertools.pairwise([0, *page_starts, len(lines)]):
        text = [i for i in range(low, high) if lines[i].strip() and i not in furniture]
        for index in dict.fromkeys(text[:1] + text[-1:]):
            token = lines[index].strip()
            if index not in numbered and len(token) <= 3 and any(c.isdigit() for c in token) \
                    and set(token) <= _HEAD_NUMBER_CHARS:
                found.append(index)
    return found


def unnumbered_heads(lines: list[str], page_starts: tuple[int, ...], pages: list[PageNumber],
                     heads: dict[int, str], furniture: Collection[int] = ()) -> dict[int, str]:
    """Running heads whose number the sequence did not take (misread past reading, ``THE ROBBER 3``
    on the page of ``THE ROBBER 31``): the first text line of a form-feed page that holds no page
    number taken and a number-like token (digits, OCR's letters for them) at one end, beside the
    words of a running head found beside a number on another page, or of such a line on another
    page (``THE CHAPEL IN THE WOOD 18`` and ``… rot``); or, without a number, the words of the head
    printed beside numbers throughout the book (the book's title on every left page, where no
    chapter's title can be). By line, the line's text."""
    keys = {_head_key(text) for text in heads.values()} - {""}
    numbered = {p.line for p in pages}
    spans: dict[str, list[int]] = {}
    for line, text in heads.items():
        spans.setdefault(_head_key(text), []).append(line)
    whole_book = {key for key, found in spans.items() if key and len(found) >= RUNNING_HEAD
                  and max(found) - min(found) >= WHOLE_BOOK * len(lines)}
    edges: dict[int, str] = {}  # first line -> the words beside its number-like token
    for low in (0, *page_starts):
        # the first line with words, past specks the scan left above the head (``Lo``, ``Ie``)
        first = next((i for i in range(low, min(low + MAX_GAP_TO_HEAD, len(lines)))
                      if sum(c.isalpha() for c in lines[i]) >= MIN_HEAD_LETTERS), None)
        if first is None or first in numbered or _names_division(lines[first]) \
                or any(i in numbered for i in range(low, first)):
            continue  # no page's number, and no division's label (PART I., CHAPTER II.)
        text = lines[first].strip()
        if _head_key(text) in whole_book:
            edges[first] = _head_key(text)
            continue
        for _, pattern in _MISREAD_EDGES:
            match = pattern.search(text)
            if match and set(match.group(1)) <= _HEAD_NUMBER_CHARS:
                edges[first] = _head_key(text[:match.start(1)] + text[match.end(1):])
                break
    repeated = Counter(edges.values())
    found = {line: lines[line].strip() for line, key in edges.items()
             if key and (key in keys or repeated[key] >= 2) and len(key.split()) <= HEAD_WORDS}
    found.update(_garbled_heads(lines, page_starts, numbered, heads, found, furniture))
    return found


def _garbled_heads(lines: list[str], page_starts: tuple[int, ...], numbered: set[int],
                   heads: dict[int, str], found: dict[int, str], furniture: Collection[int] = ()
                   ) -> dict[int, str]:
    """Running heads of pages without a number taken, found by their words: among the short
    lines at the page's head (past specks), a line set apart by a printer's gap from a short
    token, a number OCR could not read, whose words, as printed, are mostly those of running
    heads beside numbers on other pages (``el 6)   MALAKA KAMBODJA``, ``DECEMBER 1641,   te``),
    or hold one such word where the token shows a digit (``1716   ATJEI-MALAKA``, ``APRIL JULI
    1642.   25)``: a diary's heads name other months); or the very words of such a head beside
    a short token (``JOAN TELLS THE TRUTH TAS`` for 145); or, in capitals, the words of a head
    beside numbers that an earlier page shows at its head too (``REGISTER,`` on the index's
    later pages: its first page's ``REGISTER`` is the index's heading; not on a page with a
    number anywhere). A page is looked for past the page furniture (``furniture``: a scanner's
    stamp) below a page's head too, where the OCR lost the form feed after it."""
    keys = {_head_key(text) for text in heads.values()} - {""}
    counted = Counter(word for text in heads.values() for word in set(_WORD.findall(text)))
    known = {word for word, pages in counted.items() if pages >= 2}
    tops = {i for low, high in itertools.pairwise([0, *page_starts, len(lines)])
            for i in [i for i in range(low, high) if lines[i].strip()][:EDGE_HEAD]}
    bounds = sorted({0, *page_starts, *(i + 1 for i in furniture if i not in tops), len(lines)})
    width = measure(lines)
    page_head = {_page_of(bounds, line): _head_key(text) for line, text in (heads | found).items()}
    shown: set[str] = set()  # the words at the head of the pages so far
    garbled: dict[int, str] = {}
    for page, (low, high) in enumerate(itertools.pairwise(bounds), start=1):
        text = [i for i in range(low, high) if lines[i].strip()]
        edge = _past_specks(lines, text, width)
        skipped = page in page_head or any(i in numbered for i in text[:EDGE_HEAD])
        for index in [] if skipped else edge:
            line = lines[index].strip()
            parts = _PRINTER_GAP_SPLIT.split(line)
            short = [part for part in parts if len(part.replace(" ", "")) <= GARBLED_TOKEN]
            words = " ".join(part for part in parts if part not in short)
            gapped = len(parts) == 2 and len(short) == 1 and (_made_of(words, known) or (
                any(c.isdigit() for c in short[0]) and any(w in known for w in _WORD.findall(words))))
            tokens = line.split()
            trimmed = any(len(end) <= GARBLED_TOKEN and _head_key(" ".join(rest)) in keys
                          for end, rest in ((tokens[0], tokens[1:]), (tokens[-1], tokens[:-1])))
            key = _head_key(line)
            run = line.upper() == line and _made_of(line, known) and key != "" \
                and (page_head.get(page - 1) == key or (key in keys and key in shown)) \
                and not any(i in numbered for i in text)
            if (gapped or trimmed or run) and not _heading_words(line):
                garbled[index] = line
                page_head[page] = key
                break
        if text:  # the page's first line: a heading a run of heads may repeat
            first = (edge or text)[0]
            page_head.setdefault(page, _head_key(lines[first]))
            shown.add(page_head[page])
    return garbled


MEASURE_SHARE = 0.9  # the measure: the length this share of the lines do not exceed


def measure(lines: list[str]) -> int:
    """The measure, the width of the text block in characters: the length that nine in ten
    lines do not exceed, among all lines or among the flush ones if they reach further (in a
    book of indented verse the full lines are those of the prose or the notes); 0 without text."""
    def share(lengths: list[int]) -> int:
        return sorted(lengths)[int(len(lengths) * MEASURE_SHARE) - 1] if lengths else 0

    texts = [line.rstrip() for line in lines if line.strip()]
    return max(share([len(t) for t in texts]), share([len(t) for t in texts if not t[:1].isspace()]))


def page_numbers(lines: list[str]) -> list[PageNumber]:
    """The printed page numbers of an OCR text, in order."""
    return list(_page_numbers("\n".join(lines)))


MIN_FORM_FEEDS = 3  # form feeds that make a text paged by them whatever stands on its pages
MIN_NUMBERED = 2  # ... fewer do with page numbers at the edges of this many pages at least


def form_feed_paged(page_starts: tuple[int, ...], text: str = "") -> bool:
    """Are a text's pages given by form feeds (as OCR engines export them)? With MIN_FORM_FEEDS
    at least, yes; with fewer (an excerpt of two or three pages) when ``text`` prints numbers at
    the edges of its form-feed pages (``form_feed_numbers``) rising by one a form feed, on every
    page with text but one and on MIN_NUMBERED at least: a stray form feed inside a text has
    no such numbers beside it."""
    if len(page_starts) >= MIN_FORM_FEEDS:
        return True
    return bool(page_starts and text) and _numbered_pages(text, page_starts)


@lru_cache(maxsize=4)
def _numbered_pages(text: str, page_starts: tuple[int, ...]) -> bool:
    lines = text.split("\n")
    bounds = [0, *page_starts, len(lines)]
    pages = sum(any(line.strip() for line in lines[a:b]) for a, b in itertools.pairwise(bounds))
    numbers = form_feed_numbers(lines, page_starts)
    where = [bisect.bisect_right(bounds, n.line) - 1 for n in numbers]
    rising = all(b.value - a.value == q - p and a.roman == b.roman
                 for (a, p), (b, q) in itertools.pairwise(zip(numbers, where, strict=True)))
    return len(numbers) >= max(MIN_NUMBERED, pages - 1) and rising


def printed_numbers(text: str, page_starts: tuple[int, ...]) -> list[PageNumber]:
    """The printed page numbers of a text (its lines joined by line ends; ``page_starts``:
    where form feeds begin pages): at the edges of form-feed pages, else found as a sequence.
    Layout detection and reading both ask; the answer is computed once."""
    return list(_printed_numbers(text, page_starts))


@lru_cache(maxsize=4)
def _printed_numbers(text: str, page_starts: tuple[int, ...]) -> tuple[PageNumber, ...]:
    lines = text.split("\n")
    if form_feed_paged(page_starts, text):
        return tuple(form_feed_numbers(lines, page_starts))
    return _page_numbers(text)


_ROMAN_ALONE = re.compile(r"^\s*([ivxlcdm]{1,7}|[IVXLCDM]{1,7})\.?\s*$")
_ROMAN_DECORATED = re.compile(r"^\s*[—–-]\s?([ivxlcdm]{1,7}|[IVXLCDM]{1,7})\.?\s?[—–-]\s*$")  # — v —


def roman_numbers(lines: list[str], arabic: list[PageNumber]) -> list[PageNumber]:
    """The Roman page numbers of the front matter (``vii``, ``VIII``, ``— v —``) before the first
    Arabic one: a numeral alone on a line that the running text flows across (the line
    before does not end a sentence and the next begins in lower case), one of a rising
    run of such numerals, or one in lower case set as the Arabic numbers alone are
    (:func:`_set_like`). A numeral alone between a sentence's end and a capital is a
    heading's (``VII``), not a page's."""
    end = arabic[0].line if arabic else len(lines)
    found: list[tuple[PageNumber, bool]] = []
    for index in range(end):
        match = _ROMAN_ALONE.match(lines[index]) or _ROMAN_DECORATED.match(lines[index])
        value = roman(match.group(1)) if match else None
        if match is None or value is None:
            continue
        before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        after = next((lines[i] for i in range(index + 1, len(lines)) if lines[i].strip()), "")
        flows = bool(before) and not SENTENCE_END.search(before) and after.lstrip()[:1].islower()
        span = (match.start(1), match.end(1)) if match.re is _ROMAN_ALONE else _printed_span(lines[index])
        found.append((PageNumber(index, *span, value, "alone", match.group(1)), flows))
    columns = {p.start for p in arabic if p.kind == "alone"}
    chosen = [number for k, (number, flows) in enumerate(found)
              if flows or _set_like(lines, number, columns)
              or any(abs(other.value - number.value) in (1, 2) and other.line != number.line
                     for other, _ in found[max(0, k - 1):k + 2])]
    read = [_out_of_run(chosen[k - 1], n, chosen[k + 1])
            if 0 < k < len(chosen) - 1 and chosen[k - 1].value < chosen[k + 1].value < n.value else n
            for k, n in enumerate(chosen)]
    kept = [n for n in read if n is not None]
    return [n for n, previous in zip(kept, [None, *kept], strict=False)
            if previous is None or n.value > previous.value]


def _out_of_run(before: PageNumber, number: PageNumber, after: PageNumber) -> PageNumber | None:
    """A numeral out of its run (``xlii`` between ``xii`` and ``xiv``): a letter of it misread as
    another numeral's, as a digit may be misread as another (``11`` for 71). Where the numbers
    around leave it one page, it is that page's number, printed as misread and so supplied
    (``n="[xiii]"``); else it is no page's (None)."""
    if after.value - before.value != 2:
        return None
    value = before.value + 1
    printed = numeral(value, upper=number.numeral.isupper())
    return PageNumber(number.line, number.start, number.end, value, number.kind, printed, slipped=True)


COLUMN_SLACK = 2  # characters a centred number's column may shift by (one digit more or less)


def _set_like(lines: list[str], number: PageNumber, columns: set[int]) -> bool:
    """Is a lower-case numeral (``vi``) set as the book sets its page numbers alone: parted
    from the text by blank lines above it (or the text's start) or below it, in the column where
    one of them begins (``columns``)? A chapter's numeral is in capitals."""
    return number.numeral.islower() and max(_gap(lines, number.line, step) for step in (-1, 1)) >= 1 \
        and any(abs(number.start - column) <= COLUMN_SLACK for column in columns)


@lru_cache(maxsize=4)
def _page_numbers(text: str) -> tuple[PageNumber, ...]:
    """Cached by text: layout detection and reading both need the page numbers."""
    from teitools.readers.ocr_tables import index_entries  # it reads this module's page numbers

    lines = text.split("\n")
    listed = listed_lines(text)
    entries = index_entries(lines, ())
    return tuple(choose(lines, [c for c in candidates(lines) if not (
        (c.line in listed and not page_separator_after(lines, c.line))  # a page's own at its end
        or (c.line in entries and lines[c.line][:c.start].rstrip().endswith((",", ";"))))]))  # a reference


def contents_lines(lines: list[str], breaks: Collection[int] = (),
                   starts: dict[int, m.PageBreak] | None = None) -> set[int]:
    """The lines (0-based) that are entries of a contents list (see
    ``ebook_structure.contents_entries``: short lines ending with rising page numbers), lines
    ``breaks`` (page numbers) aside: their numbers name pages, they are none (but for the number
    glued to the last line of a page of the list, before the run of blank lines that ends it).
    With the book's page breaks (``starts``, by line), two entries with leaders make a list where
    each names a line of the page it refers to (``CHAPTER I. The Old House ........ 3`` and
    ``THE OLD HOUSE.`` on page 3)."""
    kept = [i for i, line in enumerate(lines) if line.strip() and i not in breaks]
    spans = _page_spans(lines, starts) if starts else {}

    def named(k: int, page: int) -> bool:
        low, high = spans.get(page, (0, 0))
        return any(names_line(lines[kept[k]], lines[i]) for i in range(low, high)
                   if lines[i].strip() and not ends_in_leader(lines[i].rstrip()))

    return {kept[k] for k in contents_entries_of([lines[i].strip() for i in kept], named if spans else None)}


def _page_spans(lines: list[str], starts: dict[int, m.PageBreak]) -> dict[int, tuple[int, int]]:
    """The lines of each page numbered in Arabic figures, printed or supplied (``starts``: the
    page breaks by line), as (first line, line after its last) by the page's number."""
    bounds = sorted(starts)
    return {int(starts[low].n): (low, high)
            for low, high in zip(bounds, [*bounds[1:], len(lines)], strict=True) if starts[low].n.isdigit()}


@lru_cache(maxsize=4)
def listed_lines(text: str) -> frozenset[int]:
    """:func:`contents_lines` of a whole text, cached by text (page finding and layout detection
    both ask)."""
    return frozenset(contents_lines(text.split("\n")))


def indents_paragraphs(lines: list[str]) -> bool:
    """Does the text indent its paragraphs?  Then almost every indented line follows a
    sentence's end; where indents only mark OCR blocks (a page's first line), most
    follow a line that runs on. Short indented lines (a centred page number or heading)
    say nothing of paragraphs and are not counted."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    short = SHORT_LINE * lengths[len(lengths) // 2] if lengths else 0
    indented = after_end = 0
    previous = ""
    for line in lines:
        if not line.strip():
            continue
        if line[:1].isspace() and len(line.strip()) >= short:
            indented += 1
            after_end += bool(SENTENCE_END.search(previous))
        previous = line
    return indented >= MIN_INDENTS and after_end >= PARAGRAPH_INDENTS * indented


def page_starts(lines: list[str], pages: list[PageNumber], caption_lines: set[int],
                doc: m.Document, at_head: list[bool | None] | None = None) -> dict[int, m.PageBreak]:
    """The page break at the line where each printed page begins, and where each page
    that the sequence makes certain begins though its number is not printed.

    Each number heads or closes its page (``at_head``, by default ``placements``). A number at
    the head begins its page. After a number at the foot the next page begins with the next line
    of text, captions aside; else page N begins at the last page boundary (after a run of blank
    lines or a caption, or at an indented block start) since the number before it, up to the
    number's own line where nothing said whether it heads or closes its page. Missing numbers
    are supplied (``n="[12]"``) when the boundaries between two printed numbers are exactly
    as many as the missing pages; otherwise the gap is reported (OCR001).
    """
    starts: dict[int, m.PageBreak] = {}
    at_head = placements(lines, pages) if at_head is None else at_head
    text = [0]
    for printed in lines:
        text.append(text[-1] + bool(printed.strip()))
    # text lines of a page: between two numbers a page apart, both at the head or both at the foot
    placed = list(zip(pages, at_head, strict=True))
    lengths = [text[b.line] - text[a.line] for (a, ha), (b, hb) in itertools.pairwise(placed)
               if ha == hb and b.value == a.value + 1 and a.roman == b.roman]
    usual = statistics.median(lengths) if lengths else 0.0
    opening = _opening_page(lines, pages, at_head, usual)
    if opening is not None:
        starts[opening[0]] = opening[1]
    previous: PageNumber | None = None
    previous_heads: bool | None = False
    indents = not indents_paragraphs(lines)
    for page, heads in zip(pages, at_head, strict=True):
        low = previous.line + 1 if previous else 0
        boundaries = _boundaries(lines, low, page.line - (heads is not None), caption_lines, indents)
        # below a number heading its page the next page begins after a run of blank lines,
        # not at an indented line (an index's turnover)
        parted = [i for i in boundaries if _gap(lines, i, -1) >= 2] if previous_heads else []
        if heads:
            first = page.line
        elif previous is not None and previous_heads is False and _next_page(previous, page):
            # the number before closed its page: this one begins with the next line of text
            first = next((i for i in range(low, page.line + 1)
                          if lines[i].strip() and i not in caption_lines), page.line)
        elif previous is not None and previous_heads and not parted and page.value == previous.value + 1 \
                and usual:
            # two pages between a head and a foot, no run of blank lines to part them: the page
            # of the head ends where the book's pages end, at the paragraph nearest that length
            first = _split(lines, low, page.line, usual) or page.line
        else:
            first = (parted or boundaries)[-1] if boundaries else next(
                (i for i in range(low, page.line + 1) if lines[i].strip()), page.line)
        if previous is not None and ((previous.roman == page.roman and page.value > previous.value)
                                     or (previous.roman and not page.roman)):
            # after the front matter's Roman numbers the Arabic ones begin at 1
            missing = page.value - (0 if previous.roman and not page.roman else previous.value) - 1
            unnumbered = boundaries if heads else boundaries[:-1]  # the pages between begin there
            if missing and missing == len(unnumbered):
                for k, line in enumerate(unnumbered):
                    value = page.value - len(unnumbered) + k  # in the numerals of the pages around it
                    shown = numeral(value, upper=page.printed.isupper()) if page.roman else str(value)
                    starts[line] = m.PageBreak(shown, supplied=True, line=line + 1)
            elif missing:
                doc.warnings.append(Diagnostic(
                    codes.OCR001, f"page numbers jump from {previous.printed} to {page.printed}; "
                    "the pages between are not marked", line=page.line + 1, severity=Severity.WARNING))
        starts[first] = m.PageBreak(page.printed, supplied=page.slipped, line=first + 1)
        previous, previous_heads = page, heads
    return starts


def _opening_page(lines: list[str], pages: list[PageNumber], at_head: list[bool | None],
                  usual: float) -> tuple[int, m.PageBreak] | None:
    """The unnumbered page before the first number where that number heads its page, its
    page's text right below it (one blank line between at most; 2, the text before it a
    chapter's opening page): its break at the first text line, its number supplied
    (``n="[1]"``), when the text before holds OPENING_PAGE pages at most (``usual``: a page's
    text lines; 0 when unknown); None else."""
    if not pages or not at_head[0] or pages[0].value < 2 \
            or not any(line.strip() for line in lines[pages[0].line + 1:pages[0].line + 3]):
        return None
    first = next((i for i in range(pages[0].line) if lines[i].strip()), None)
    before = sum(bool(line.strip()) for line in lines[:pages[0].line])
    if first is None or (usual and before > OPENING_PAGE * usual):
        return None
    value = pages[0].value - 1
    shown = numeral(value, upper=pages[0].printed.isupper()) if pages[0].roman else str(value)
    return first, m.PageBreak(shown, supplied=True, line=first + 1)


def _next_page(previous: PageNumber, page: PageNumber) -> bool:
    """Is ``page`` the page right after ``previous``: one more in the same numerals, or the
    Arabic 1 after the front matter's Roman numbers (the body's numbering begins anew)?"""
    if previous.roman and not page.roman:
        return page.value == 1
    return previous.roman == page.roman and page.value == previous.value + 1


def _split(lines: list[str], low: int, high: int, usual: float) -> int | None:
    """The line after a blank line in ``low..high`` whose text lines from ``low`` come nearest
    ``usual`` (a page's): where a page begins; None without a blank line."""
    opens = [i for i in range(low + 1, high) if lines[i].strip() and not lines[i - 1].strip()]
    count = [0]
    for line in lines[low:high]:
        count.append(count[-1] + bool(line.strip()))
    return min(opens, key=lambda i: abs(count[i - low] + 1 - usual), default=None)


def set_apart_heads(lines: list[str], pages: list[PageNumber], at_head: list[bool | None]) -> dict[int, str]:
    """The running heads of pages whose number heads them (``at_head``, see ``heads_pages``)
    beside words set apart from it as printers set them (``4                    Der Hafen.``,
    PRINTER_GAP spaces at least), HEAD_WORDS words at most, by the line of the number: a head
    that names the chapter (and so repeats too seldom for ``running_heads``) is no text."""
    found: dict[int, str] = {}
    for page, heads in zip(pages, at_head, strict=True):
        line = lines[page.line]
        before, after = line[:page.start], line[page.end:]
        words = (before + after).strip()
        if not heads or not words or len(words.split()) > HEAD_WORDS or (before.strip() and after.strip()):
            continue
        gap = len(after) - len(after.lstrip()) if after.strip() else len(before) - len(before.rstrip())
        if gap >= PRINTER_GAP:
            found[page.line] = words
    return found


def _head_line(lines: list[str], page: PageNumber) -> bool:
    """A number beside a running head: at most HEAD_WORDS words a printer's gap from it on one
    side, blank lines (or the text's start) above the line and below it."""
    line = lines[page.line]
    before, after = line[:page.start], line[page.end:]
    words = (before if before.strip() else after).strip()
    gap = len(after) - len(after.lstrip()) if after.strip() else len(before) - len(before.rstrip())
    return bool(words) and not (before.strip() and after.strip()) and gap >= PRINTER_GAP \
        and len(words.split()) <= HEAD_WORDS and min(_gap(lines, page.line, step) for step in (-1, 1)) >= 1


def heads_pages(lines: list[str], pages: list[PageNumber]) -> list[bool]:
    """For each page number, does it head its page (else it closes it)? ``placements``, the
    book's setting as a whole (``numbers_at_head``) deciding where they do not."""
    found = placements(lines, pages)
    if all(f is not None for f in found):
        return [bool(f) for f in found]
    whole = numbers_at_head(lines, pages)
    return [whole if f is None else f for f in found]


def placements(lines: list[str], pages: list[PageNumber]) -> list[bool | None]:
    """For each page number, does it head its page (True) or close it (False)? None where
    nothing says: a number with no blank line on one side (its page begins at the last boundary
    up to its own line, see ``page_starts``) in a book that sets them at the foot.

    Decided per number, as books set some numbers at the head and others at the foot (a
    chapter's opening page with its number at the foot, the others with it in the running
    head): no text between a number and the next one says the first closed its page and the
    second heads the next; a number with words beside it set off by a run of blank lines above
    and none below it, or set a printer's gap from a short head on a line of its own, heads its
    page (a running head; a number at a line's end with the page's margin below closes it); more
    blank lines above a number than below it says head, the reverse foot (in a book that sets
    its numbers at the foot, a number alone right above text too: ``_closes_page``); the book's setting as
    a whole (``numbers_at_head``) decides the rest, numbers parted from the text by blank lines
    on both sides as it sets them.
    """
    whole = numbers_at_head(lines, pages)
    text = [0]
    for line in lines:
        text.append(text[-1] + bool(line.strip()))
    found: list[bool | None] = [None] * len(pages)
    for k, (a, b) in enumerate(itertools.pairwise(pages)):
        if text[b.line] - text[a.line + 1] == 0 and b.line > a.line:  # blank lines at most between
            found[k], found[k + 1] = False, True
    for k, page in enumerate(pages):
        if found[k] is not None:
            continue
        beside = (lines[page.line][:page.start] + lines[page.line][page.end:]).strip()
        if (beside and _separator_before(lines, page.line) and not page_separator_after(lines, page.line)) \
                or _heads_page(lines, page.line) or _head_line(lines, page):
            found[k] = True
        elif _closes_page(lines, page.line) and not (whole and _gap(lines, page.line, 1) < 2):
            found[k] = False  # (a number atop its page's text, a blank line above it, heads it)
    if any(f is None for f in found):
        found = [whole if f is None and (whole or min(_gap(lines, p.line, -1), _gap(lines, p.line, 1)) >= 1)
                 else f for f, p in zip(found, pages, strict=True)]
    return found


def _gap(lines: list[str], index: int, step: int) -> int:
    """Blank lines next to line ``index``: above it (``step`` -1) or below it (1); a run that
    reaches the text's edge counts as wider than any (nothing stands beyond that side)."""
    count = 0
    index += step
    while 0 <= index < len(lines) and not lines[index].strip():
        count += 1
        index += step
    return count if 0 <= index < len(lines) else len(lines) + count


def _heads_page(lines: list[str], index: int) -> bool:
    """A number with a run of blank lines above it, larger than the one below it."""
    return _gap(lines, index, -1) >= 2 and _gap(lines, index, -1) > _gap(lines, index, 1)


def _closes_page(lines: list[str], index: int) -> bool:
    """In a book that prints its numbers at the foot: a number with a run of blank lines below it,
    larger than the one above it, or alone with its margin above it and the next page's text
    right below it (no blank line between pages)."""
    above, below = _gap(lines, index, -1), _gap(lines, index, 1)
    return (below >= 2 and below > above) or (above >= 1 and below == 0 and len(lines[index].split()) == 1)


def numbers_at_head(lines: list[str], pages: list[PageNumber]) -> bool:
    """Does the book print its page numbers at the head of the page (then each number opens
    its page) rather than at the foot (then it closes it)?

    Evidence in order of strength: what the numbers stand beside on their line (a running
    head says head, text before the number on its line says foot); then the book's edges
    (a page of text before the first number and none after the last says foot, the reverse
    head); then blank lines: printers leave a margin between a number and its own page's
    text, so a blank line under a number with text right above says head, the reverse foot.
    Foot when nothing decides.
    """
    if len(pages) < 2:
        return False
    heads = {line for line, head in running_heads(lines, pages).items() if len(head) <= SHORT_HEAD}
    beside = [(p.line in heads) - bool(lines[p.line][:p.start].strip() and p.line not in heads)
              for p in pages]
    if abs(sum(beside)) > len(pages) / 2:
        return sum(beside) > 0
    text = [bool(line.strip()) for line in lines]
    per_page = max(1.0, (sum(text[pages[0].line:pages[-1].line]) / (len(pages) - 1)))
    before_first = sum(text[:pages[0].line]) / per_page
    after_last = sum(text[pages[-1].line + 1:]) / per_page
    if (before_first < EDGE_PAGE) != (after_last < EDGE_PAGE):
        return before_first < EDGE_PAGE
    blanks = 0
    for page in pages:
        above = page.line > 0 and not text[page.line - 1]
        below = page.line + 1 < len(lines) and not text[page.line + 1]
        blanks += below - above  # the margin lies between a number and its own page's text
    return blanks > 0


INDENTED_VERSE = 0.8  # share of a page's lines indented that makes indentation no block start


def _boundaries(lines: list[str], low: int, high: int, caption_lines: set[int], indents: bool) -> list[int]:
    """Text lines in ``low..high`` that open a page: after blank runs, after captions,
    and indented right after a flush line (unless ``indents`` is False: the text indents its
    paragraphs, or nearly all lines of the range are indented alike, as verse is); the lines
    after the first of an indented block (a stanza, a quotation) go on with it."""
    found: list[int] = []
    blanks = 0
    after_caption = False
    text = [lines[i] for i in range(low, high + 1) if lines[i].strip()]
    indents = indents and sum(line[:1].isspace() for line in text) < INDENTED_VERSE * len(text)
    for i in range(low, high + 1):
        line = lines[i]
        if not line.strip():
            blanks += 1
            continue
        if i in caption_lines:
            after_caption, blanks = True, 0
            continue
        if (i == low and low > 0) or \
                (i > low and (blanks >= 2 or after_caption
                              or (indents and line[:1].isspace() and not blanks
                                  and not lines[i - 1][:1].isspace()))):
            found.append(i)
        blanks, after_caption = 0, False
    return found


# ---------------------------------------------------------------- pages separated by form feeds

EDGE_HEAD = 3  # text lines at a page's head where its number may stand
EDGE_FOOT = 2  # ... and at its foot
EDGE_WEIGHT = (1.0, 0.5, 0.4)  # the first (or last) text line of a page, the next, the one after
SAME_OFFSET = 0.5  # a number that keeps the page-to-number offset of the number before it
NEW_OFFSET = 0.6  # what a change of offset costs (a plate, a missing scan, a misread number)
ROMAN_TO_ARABIC = 0.2  # what the change from the front matter's Roman numbers costs
LOOK_BACK = 40  # pages a link may span
MISREAD_HEAD_WORDS = 6  # words of a running head line in which a misread number is looked for
MISREAD_DIGITS = 1  # digits of a page number OCR may misread as others in a running head set apart by a gap
PRINTER_GAP = 3  # spaces that set a running head's number apart from its words
_SCAN_BRACKETS = "()[]"  # a bracket the scan's noise puts beside a number (``80)``)
_PRINTER_GAP = re.compile(rf"\S\s{{{PRINTER_GAP},}}\S")
_PRINTER_GAP_SPLIT = re.compile(rf"\s{{{PRINTER_GAP},}}")
GARBLED_TOKEN = 4  # characters (spaces aside) of what OCR made of a running head's number at most
MAX_GAP_TO_HEAD = 6  # blank lines a form-feed page may open with before its running head
WHOLE_BOOK = 0.5  # share of the book's lines a running head's pages must span to be the book's own
MIN_HEAD_LETTERS = 4  # letters of a page's first line that can be its head (fewer: a speck)
_ROMAN_TOKEN = r"[ivxlcdm]{1,7}\.?|[IVXLCDM]{1,7}\.?"
_STRAY = r"[‘’'\"“”|°*,.]?"  # specks OCR reads beside a number at a page's edge
_EDGE_ALONE = re.compile(rf"^\s*{_STRAY}({_LONG_NUMBER}|{_ROMAN_TOKEN})\.?{_STRAY}\s*$")
_EDGE_DECORATED = re.compile(rf"^\s*(?:{_DECORATED_NUMBER.format(f'{_LONG_NUMBER}|{_ROMAN_TOKEN}')})\s*$")
_EDGE_WORDED = re.compile(rf"^\s*{_PAGE_WORD.pattern}({_LONG_NUMBER}|{_ROMAN_TOKEN})\.?\s*$")
_EDGE_START = re.compile(rf"^\s*{_STRAY}({_LONG_NUMBER}|{_ROMAN_TOKEN})[.,]?\s*\|?\s+(?=\S)")
_EDGE_END = re.compile(rf"(?<=\s)\|?\s*{_STRAY}({_LONG_NUMBER}|{_ROMAN_TOKEN})\.?{_STRAY}\s*$")
# A misread number in a running head: a short token of digits and the letters OCR reads
# for them, standing where the head's number stands.
_MISREAD_EDGES = (("end", re.compile(r"(?<=\s)(\S{1,4})\s*$")),
                  ("start", re.compile(r"^\s*(\S{1,4})\s+(?=\S)")))
_MISREAD_CHARS = frozenset("0123456789ilIoOsSzZaBgrt&,.'\"‘’“”°|")
# ... and in a running head whose number the sequence could not read, what OCR makes of a
# digit at a page's edge besides (``20%`` for 208)
_HEAD_NUMBER_CHARS = _MISREAD_CHARS | {"%"}


def _note_line(line: str) -> bool:
    """Does ``line`` open as a footnote's first line: a label no page's running head opens
    with (``(1)``, ``1)``, ``*``, ``†``, ``¹``; not ``12``), then a word?"""
    match = ocr_notes.label(line)
    return match is not None and not match.group("letter") and not match.group("bare") \
        and (match.group("label").endswith(")") or not match.group("number")) \
        and line[match.end():][:1].isalpha()


def form_feed_numbers(lines: list[str], page_starts: tuple[int, ...]) -> list[PageNumber]:
    """The printed page numbers of a text whose pages a form feed separates (real OCR output).

    The page is known, so a number is looked for only where printers put one: alone or
    beside a running head on the first EDGE_HEAD or last EDGE_FOOT text lines of each page,
    Arabic (with OCR's digit misreadings) or Roman (front matter: ``vii``, ``XII``). A
    dynamic programme then keeps the increasing chain, at most one number a page, that
    best keeps a constant offset between page and number (the method by which the dev
    corpus's pageheads were derived, and how the eye reads a scanned book): a year in a
    running head or a number in the text breaks the offset and is left alone. Roman numbers
    may only precede Arabic ones. A number alone in a column of numbers (:func:`_in_column`)
    is no page's.
    """
    bounds = [0, *page_starts, len(lines)]
    items: list[tuple[int, PageNumber, float]] = []  # (page, number, weight)
    labelled: list[tuple[int, PageNumber]] = []  # (page, number) set a space from a division's label
    texts = [[i for i in range(low, high) if lines[i].strip()] for low, high in itertools.pairwise(bounds)]
    firsts = [text[0] for text in texts if text]  # each page's first line of text
    roman_heads = _roman_heads(lines, firsts)
    labels = _labels_alone(lines, firsts)
    for page, text in enumerate(texts):
        edges = [(i, EDGE_WEIGHT[k]) for k, i in enumerate(text[:EDGE_HEAD])]
        edges += [(i, EDGE_WEIGHT[k] * 0.9) for k, i in enumerate(reversed(text[-EDGE_FOOT:]))
                  if i not in text[:EDGE_HEAD]]
        for index, weight in edges:
            for kind, pattern in (("decorated", _EDGE_DECORATED), ("worded", _EDGE_WORDED),
                                  ("alone", _EDGE_ALONE), ("start", _EDGE_START), ("end", _EDGE_END)):
                match = pattern.search(lines[index])
                if not match or (kind in ("decorated", "alone")
                                 and _in_column(lines, text, text.index(index))) \
                        or (kind == "worded" and not _names_page(match.group(1))):
                    continue
                group = match.lastindex or 1  # the one group of the number that matched
                token = match.group(group).rstrip(".")
                rest = (lines[index][:match.start()] + lines[index][match.end():]).strip()
                if _heading_words(rest) and not _PRINTER_GAP.search(lines[index].strip()):
                    if kind in ("start", "end") and token.isdigit() and _labels_division(rest):
                        at = match.start(group)
                        labelled.append((page, PageNumber(index, at, at + len(token), int(token), kind)))
                    continue  # a heading: CHAPTER IV (not a head beside its number, 5      APPENDIX)
                if kind == "end" and _note_line(lines[index]):
                    continue  # a footnote's last number: (1) Cf. Livium, lib. 13.
                if ends_in_leader(lines[index].rstrip()):
                    continue  # a contents entry's number or label: Prefazione . . . 1, I. Il viaggio . . . 3
                if kind == "alone" and (_chapter_label(lines, text, text.index(index)) or index in labels):
                    break  # a chapter's number above its title (I over THE FLEET), a run of labels (I., II.)
                if _in_sentence(lines[index], match.start(group), match.start(group) + len(token), token):
                    continue  # a word of the text: "I remember, was …", "io non ti …"
                if kind == "end" and lines[index][:match.start(group)].rstrip().endswith(_REFERENCE_BEFORE):
                    continue  # a reference in a list of them: an index's "Quay, 2, 15", "1—4"
                # Upper-case Roman numerals beside text are headings' (I (A I, 5)), not pages'
                numeral = roman(token) if not token.isdigit() and (kind in ("alone", *_PRINTED_WHOLE)
                                                                    or token.islower()
                                                                    or index in roman_heads) else None
                if numeral is not None and numeral > MAX_FRONT_MATTER:
                    numeral = None  # a word in capitals (Italian DI, "by", on a title page), no page 501
                arabic = read_number(token) if _plausible(token) or token in _DIGIT_FOR else None
                span = _printed_span(lines[index]) if kind in _PRINTED_WHOLE \
                    else (match.start(group), match.start(group) + len(token))
                place = _KIND.get(kind, kind)
                if numeral is not None:
                    items.append((page, PageNumber(index, *span, numeral, place, token), weight))
                if arabic is not None:
                    misread = MISREAD if _is_misread(token) else 0.0
                    items.append((page, PageNumber(index, *span, arabic, place), weight - misread))
                if numeral is not None or arabic is not None:
                    break
    best = [w for _, _, w in items]
    back: list[int | None] = [None] * len(items)
    for j, (page_j, nj, wj) in enumerate(items):
        for i in range(j - 1, -1, -1):
            page_i, ni, _ = items[i]
            if page_j - page_i > LOOK_BACK:
                break
            restart = not ni.roman and not nj.roman and nj.value <= RESTART_AT <= RESTART_FROM <= ni.value
            if page_i == page_j or (nj.roman and not ni.roman) \
                    or (ni.roman == nj.roman and nj.value <= ni.value and not restart):
                continue  # one number a page, rising (or a new volume's); Roman before Arabic
            link = -NEW_OFFSET
            if ni.roman != nj.roman:
                link = -ROMAN_TO_ARABIC
            elif restart:
                link = -RESTART
            elif nj.value - ni.value == page_j - page_i:
                link = SAME_OFFSET
            if best[i] + wj + link > best[j]:
                best[j], back[j] = best[i] + wj + link, i
    if not items:
        return []
    chain = _resumed(items, _best_chain(best, back))
    return _beside_labels(chain, labelled, bounds) if len(chain) >= 2 else []


def _labels_division(text: str) -> bool:
    """Does ``text`` name a division with its own number (``CHAPTER II.``; not ``CHAPTER``, whose
    number the token beside it is)?"""
    return terms.division_label(text, terms.for_language(None)) is not None


def _beside_labels(chain: list[PageNumber], labelled: list[tuple[int, PageNumber]],
                   bounds: list[int]) -> list[PageNumber]:
    """The chain with the numbers set a space from a division's label at a page's edge
    (``labelled``: page, number; ``CHAPTER II. 3``) that the pages around make certain: an Arabic
    number before and after in the chain, on pages as far apart as their numbers, and this one
    the number of its page between them. A heading that ends with a number of its own (``BOOK
    II. 1815``) breaks the sequence and stays whole. ``bounds``: the pages' first lines."""
    if not labelled:
        return chain
    pages = [bisect.bisect_right(bounds, number.line) - 1 for number in chain]
    kept = list(chain)
    for page, number in labelled:
        at = bisect.bisect_left(pages, page)
        if at == 0 or at == len(chain) or pages[at] == page:
            continue
        (page_a, a), (page_b, b) = (pages[at - 1], chain[at - 1]), (pages[at], chain[at])
        if not a.roman and not b.roman and b.value - a.value == page_b - page_a \
                and number.value == a.value + page - page_a:
            kept.append(number)
    return sorted(kept, key=lambda number: number.line)


def _roman_heads(lines: list[str], firsts: list[int]) -> set[int]:
    """The first text lines of form-feed pages (``firsts``) that print a Roman numeral in
    capitals at one end beside words that other such lines print too, there beside a numeral or
    beside capitals of numerals that make none (``VLII`` for VIII, misread): a front matter's
    running head with its page number (``VIII PREFACE``, ``PREFACE IX``), where a chapter's
    numeral beside its title (``IV THE FLEET``) heads one page only."""
    found: dict[str, list[int]] = {}
    numerals: set[int] = set()  # the lines whose token is a numeral
    for first in firsts:
        for _, pattern in (("start", _EDGE_START), ("end", _EDGE_END)):
            match = pattern.search(lines[first])
            token = match.group(1).rstrip(".") if match else ""
            if token.isupper() and token.isalpha():
                rest = lines[first][:match.start(1)] + lines[first][match.end(1):] if match else ""
                found.setdefault(_head_key(rest), []).append(first)
                if roman(token) is not None:
                    numerals.add(first)
    return {line for key, at in found.items() if key and len(at) >= 2 for line in at if line in numerals}


def _labels_alone(lines: list[str], firsts: list[int]) -> set[int]:
    """The first text lines of form-feed pages (``firsts``) that hold a Roman numeral in capitals
    with a stop alone (``I.``), where another such line holds the next numeral (``II.``): the
    labels of letters or chapters opening their pages, no page numbers."""
    found: dict[int, int] = {}  # value -> line
    for first in firsts:
        token = lines[first].strip()
        if token.endswith(".") and _ROMAN_CAPITALS.fullmatch(token[:-1]):
            found.setdefault(roman(token[:-1]) or 0, first)
    return {line for value, line in found.items() if value + 1 in found or value - 1 in found}


def _in_sentence(line: str, start: int, end: int, token: str) -> bool:
    """Is ``token``, letters OCR may read for digits (``I``, ``io``, ``l``), at ``start``..``end``
    of ``line`` a word of a sentence: a word in lower case beside it, no printer's gap between
    (``I remember, was …``, ``… said I``), where a running head sets its number apart or beside
    words in capitals (``l3   THE BOATS``, ``The Boats I4``)?"""
    if not _is_misread(token):
        return False
    before, after = line[:start].rstrip(), line[end:].lstrip()
    near = after.split()[0] if after and start <= len(line) - len(line.lstrip()) \
        else before.split()[-1] if before else ""
    return near[:1].islower() and not _PRINTER_GAP.search(line.strip())


def _chapter_label(lines: list[str], text: list[int], k: int) -> bool:
    """Is the number alone on line ``text[k]`` (``text``: the page's lines with text) a chapter's
    label, a Roman numeral in capitals with the chapter's title in capitals on the next line with
    text of its page, both set off by blank lines (``I`` over ``THE FLEET``)?"""
    token = lines[text[k]].strip().rstrip(".")
    if k + 1 >= len(text) or not _ROMAN_CAPITALS.fullmatch(token) or text[k + 1] == text[k] + 1:
        return False
    title = lines[text[k + 1]].strip()
    apart = k + 2 >= len(text) or text[k + 2] > text[k + 1] + 1
    return apart and sum(c.isalpha() for c in title) >= MIN_HEAD_LETTERS and title.isupper()


_ROMAN_CAPITALS = re.compile(r"[IVXLC]{1,7}")
_REFERENCE_BEFORE = (",", "-", "–", "—")  # what stands before a number in a list of page references
MAX_FRONT_MATTER = 200  # pages a front matter numbered in Roman holds at most
COLUMN = 2  # lines of numbers alone beside a number alone that make them a column
NUMBER_TOKEN = 8  # characters of a number alone on a line at most, OCR's misreadings in it


def _in_column(lines: list[str], text: list[int], k: int) -> bool:
    """Is the page's text line ``text[k]`` one of a column of numbers alone, the COLUMN text
    lines after it or before it numbers alone too, as OCR read them (the chapter numbers of a
    table of contents, ``XXII.`` over ``XXITI.``; a list's, ``vi`` over ``31.``, ``32.``)? A
    page's number stands apart from other numbers."""
    sides = (text[k + 1:k + 1 + COLUMN], text[max(0, k - COLUMN):k])
    return any(len(side) == COLUMN and all(_number_alone(lines[i]) for i in side) for side in sides)


def _number_alone(line: str) -> bool:
    """Is ``line`` one token of at most NUMBER_TOKEN characters, half of them at least digits or
    Roman numerals' letters (``31.``, ``XXITI.``, ``XXX].``)?"""
    token = line.strip().rstrip(".")
    return 0 < len(token) <= NUMBER_TOKEN and " " not in token \
        and 2 * sum(c.isdigit() or c in "IVXLCDMivxlcdm" for c in token) >= len(token)


def _resumed(items: list[tuple[int, PageNumber, float]], chain: list[int]) -> list[PageNumber]:
    """The numbers of a chain (indexes into ``items``: page, number, weight) without a run that
    restarted low only for the chain to return to the page-to-number offset it had before: not
    a new volume's pagination but a digit OCR misread alike on a run of pages (``10`` … ``19``
    for 70 … 79, a worn 7 read as 1), whose pages the numbers around then make certain."""
    kept = list(chain)
    k = 1
    while k < len(kept):
        (page_a, a, _), (_, b, _) = items[kept[k - 1]], items[kept[k]]
        if a.roman or b.roman or b.value >= a.value:
            k += 1
            continue
        offset = page_a - a.value
        back_at = next((j for j in range(k + 1, len(kept)) if not items[kept[j]][1].roman
                        and items[kept[j]][0] - items[kept[j]][1].value == offset), None)
        if back_at is None:
            k += 1
            continue
        del kept[k:back_at]
    return [items[k][1] for k in kept]


def _heading_words(text: str) -> bool:
    """Is ``text`` a division word of any language, alone or with its number (``CHAPTER``,
    ``Kapitel 3``, ``PART I.``)? A word that is one in some language opens many a running head
    in another (Dutch ``les``, a lesson, in ``LES PÊCHEURS``)."""
    words = text.split()
    vocab = terms.for_language(None)
    return bool(words) and words[0].lower().strip(".:") in vocab.division \
        and (len(words) == 1 or terms.division_label(text.strip(), vocab) is not None)


def _names_division(text: str) -> bool:
    """Does ``text`` name a division, its word first or after its ordinal (``CHAPTER I.``,
    ``Zweites Kapitel.``)? Such a line at a page's head is a chapter's heading, though the heads
    of the pages after it print the same words."""
    return _heading_words(text) or _labels_division(text.strip())


def form_feed_starts(lines: list[str], page_starts: tuple[int, ...],
                     pages: list[PageNumber]) -> dict[int, m.PageBreak]:
    """The page break at the first line of each form-feed page whose number is printed, and
    at each page whose number the pages around it make certain (``n="[12]"``, DTABf): printed
    after all where its head shows it misread (:func:`_misread_number`, in the front matter
    :func:`_misread_numeral`) or stands inside the page (:func:`_number_inside`); and at the
    head of a page whose form feed the OCR lost, where the numbers of the pages around are one
    short and the missing number stands on a head line inside the page before
    (``THE HARBOUR   11`` between pages 10 and 12)."""
    bounds = [0, *page_starts]
    page_of: dict[int, PageNumber] = {}
    for page, (low, high) in enumerate(itertools.pairwise([*bounds, len(lines)])):
        for number in pages:
            if low <= number.line < high:
                page_of[page] = number
    starts: dict[int, m.PageBreak] = {}
    known = sorted(page_of.items())
    width = measure(lines) if known else 0
    front: dict[int, tuple[str, int]] = {}  # a front-matter page without its number: (numeral, page before)
    for (page_a, a), (page_b, b) in itertools.pairwise(known):
        if not a.roman and not b.roman and b.value - a.value == page_b - page_a + 1:
            lost = _number_inside(lines, a.line + 1, bounds[page_b], a.value + 1)
            if lost is not None:  # the form feed before it was lost: the page opens at its head
                pages.append(lost)
                starts[lost.line] = m.PageBreak(str(lost.value), supplied=lost.slipped, line=lost.line + 1)
            continue
        if a.roman and not b.roman and b.value <= page_b - page_a:
            # the front matter's last pages, then the text's first, numbered on from 1 (vii, [viii], [1], 2)
            for page in range(page_a + 1, page_b):
                value = b.value - (page_b - page)
                if value >= 1:
                    starts[bounds[page]] = m.PageBreak(str(value), supplied=True, line=bounds[page] + 1)
                else:
                    front[page] = (numeral(a.value + page - page_a, upper=a.printed.isupper()), page_a)
            continue
        if a.roman != b.roman or b.value - a.value != page_b - page_a:
            continue
        if a.roman:  # front matter: the pages between in its numerals (xu for xii: [xii])
            front.update({page: (numeral(a.value + page - page_a, upper=a.printed.isupper()), page_a)
                          for page in range(page_a + 1, page_b)})
            continue
        for page in range(page_a + 1, page_b):
            value = a.value + page - page_a
            high = bounds[page + 1] if page + 1 < len(bounds) else len(lines)
            misread = _misread_number(lines, bounds[page], high, value, width) \
                or _number_inside(lines, bounds[page], high, value)
            if misread is not None:
                pages.append(misread)
                page_of[page] = misread
            else:
                starts[bounds[page]] = m.PageBreak(str(value), supplied=True, line=bounds[page] + 1)
    for page, (printed, page_a) in front.items():
        high = bounds[page + 1] if page + 1 < len(bounds) else len(lines)
        words = _words_beside(lines, [page_of.get(page - 1), page_of.get(page + 1)], bounds[page_a:page + 1])
        misread = _misread_numeral(lines, bounds[page], high, printed, words)
        if misread is not None:  # xlv for xiv, vlii beside CONTENTS: the number as printed, forme work
            pages.append(misread)
            page_of[page] = misread
        else:
            starts[bounds[page]] = m.PageBreak(printed, supplied=True, line=bounds[page] + 1)
    if known and not known[0][1].roman:  # the pages before the first number, counting down to 1
        page_a, a = known[0]
        for page in range(page_a - 1, max(-1, page_a - a.value), -1):
            value = a.value - (page_a - page)
            starts[bounds[page]] = m.PageBreak(str(value), supplied=True, line=bounds[page] + 1)
    pages.sort(key=lambda p: p.line)
    for page, number in page_of.items():
        line = bounds[page]
        starts[line] = m.PageBreak(number.printed, supplied=number.slipped, line=line + 1)
    for low, high in itertools.pairwise([*bounds, len(lines)]):
        if low not in starts and any(lines[i].strip() for i in range(low, high)):
            starts[low] = m.PageBreak("", line=low + 1)  # a page all the same: <pb/>, its number unknown
    return starts


def _misread_number(lines: list[str], low: int, high: int, value: int, width: int) -> PageNumber | None:
    """The page number ``value``, certain from the pages around, misread on a running head line
    (``THE LADY OF CREITH Ir`` for 11, ``80)   MALAKA`` for 80): a short token of digit-like
    characters, a bracket of the scan's noise aside, at the start or end of a short line. The
    head is the page's first text line, or a line set apart from its words by a printer's gap
    among the short lines above the page's first line of running text (specks of a plate or
    of show-through the OCR read above the head: ``aid``, ``ee is``; ``width``: the measure).
    None when no such line shows it."""
    text = [i for i in range(low, high) if lines[i].strip()]
    for first in text:
        if first != text[0] and len(lines[first].strip()) * 2 > width \
                and not _PRINTER_GAP.search(lines[first]):
            break  # running text: the head is above it or nowhere
        if len(lines[first].split()) > MISREAD_HEAD_WORDS or _heading_words(lines[first]):
            continue
        gap = _PRINTER_GAP.search(lines[first]) is not None
        for kind, pattern in _MISREAD_EDGES:
            match = pattern.search(lines[first])
            if not match or (first != text[0] and not gap):
                continue
            for token in dict.fromkeys((match.group(1), match.group(1).strip(_SCAN_BRACKETS))):
                if token and set(token) <= _MISREAD_CHARS | set(_SCAN_BRACKETS) \
                        and not (token.isalpha() and len(token) > 2) \
                        and _reads_as(token, value, MISREAD_DIGITS if gap else 0):
                    start = match.start(1) + match.group(1).index(token)
                    return PageNumber(first, start, start + len(token), value, kind,
                                      slipped=not _reads_as(token, value))
    return None


def _misread_numeral(lines: list[str], low: int, high: int, printed: str, heads: Collection[str]
                     ) -> PageNumber | None:
    """The front matter's page number ``printed`` (in the run's numerals, ``xiv``), certain from the
    pages around, misread as another numeral or as letters like a numeral's (``xlv``, ``vlii``, as a
    digit may be misread as another: ``11`` for 71): alone on the first or last text line of its
    page (``low`` to ``high``), or at one end of its first line beside the words of a running head
    the book prints there (``heads``, as :func:`_head_key` gives them: ``vlii CONTENTS``). The
    number is supplied. None when no such line shows it."""
    text = [i for i in range(low, high) if lines[i].strip()]
    for index in dict.fromkeys(text[:1] + text[-1:]):
        token = lines[index].strip().rstrip(".")
        if _numeral_like(token, printed):
            start = lines[index].index(token)
            return PageNumber(index, start, start + len(token), roman(printed) or 0, "alone", printed,
                              slipped=True)
    for kind, pattern in _NUMERAL_EDGES if text else ():
        match = pattern.search(lines[text[0]])
        if match and _numeral_like(match.group(1).rstrip("."), printed) \
                and _head_key(lines[text[0]][:match.start(1)] + lines[text[0]][match.end(1):]) in heads:
            start = match.start(1)
            return PageNumber(text[0], start, start + len(match.group(1).rstrip(".")), roman(printed) or 0,
                              kind, printed, slipped=True)
    return None


# A page's number misread at one end of its running head: a token of a numeral's length.
_NUMERAL_EDGES = (("start", re.compile(r"^\s*(\S{1,8})\s+(?=\S)")),
                  ("end", re.compile(r"(?<=\s)(\S{1,8})\s*$")))
# The letters of Roman numerals and those OCR reads for them (``u`` for ii, ``1`` or ``l`` for i)
_NUMERAL_LETTERS = frozenset("ivxlcdm")
_NUMERAL_MISREAD = frozenset("1jtuny")


def _numeral_like(token: str, printed: str) -> bool:
    """Could OCR have read the Roman numeral ``printed`` as ``token``: in its case, within a
    letter of its length, of numerals' letters and those OCR reads for them, the numerals' at
    least half (``xlv`` or ``xlu`` for xiv; not ``I`` for ii, nor ``nun``)?"""
    letters = token.lower()
    return bool(token) and token.isupper() == printed.isupper() \
        and abs(len(token) - len(printed)) <= 1 and set(letters) <= _NUMERAL_LETTERS | _NUMERAL_MISREAD \
        and 2 * sum(c in _NUMERAL_LETTERS for c in letters) >= len(letters) and letters != printed.lower()


def _words_beside(lines: list[str], neighbours: list[PageNumber | None], bounds: list[int]) -> set[str]:
    """The words of the running heads a page between front-matter numbers may print: those beside
    the numbers of the pages next to it (``neighbours``) and the lines standing alone, a blank
    line or a page's edge on either side (a section's heading, ``CONTENTS``), on the pages since
    the last number printed (``bounds``: their first lines, then the page's), as
    :func:`_head_key` gives them."""
    words = {_head_key(lines[n.line][:n.start] + lines[n.line][n.end:]) for n in neighbours if n is not None}
    for low, high in itertools.pairwise(bounds):
        words |= {_head_key(lines[i]) for i in range(low, high)
                  if lines[i].strip() and len(lines[i].split()) <= HEAD_WORDS
                  and (i == low or not lines[i - 1].strip()) and (i + 1 >= high or not lines[i + 1].strip())}
    return words - {""}


def _number_inside(lines: list[str], low: int, high: int, value: int) -> PageNumber | None:
    """The page number ``value``, certain from the pages around, on a running head line that
    the OCR set inside the page, after lines of the page's text (a letter's address printed in
    a box read first; ``130   MALAKA``): the number as printed, at the start or end of a line of
    at most MISREAD_HEAD_WORDS words, set apart from them by a printer's gap or standing alone
    between blank lines (``Der Mühlengraben. 5``). None when no line of the page (``low`` to
    ``high``) shows it."""
    for index in range(low, high):
        line = lines[index]
        alone = not lines[index - 1].strip() and (index + 1 >= len(lines) or not lines[index + 1].strip())
        if not (_PRINTER_GAP.search(line) or alone) or len(line.split()) > MISREAD_HEAD_WORDS \
                or _heading_words(line):
            continue
        for kind, pattern in _MISREAD_EDGES:
            match = pattern.search(line)
            if match and set(match.group(1)) <= _MISREAD_CHARS and _reads_as(match.group(1), value):
                return PageNumber(index, match.start(1), match.end(1), value, kind,
                                  slipped=not match.group(1).isdigit())  # l3 for 13: the page supplied
    return None


def _reads_as(token: str, value: int, slips: int = 0) -> bool:
    """Could OCR have read ``value`` as ``token``: as many characters (a stop after them aside),
    and each digit it shows the number's own (``Ir`` for 11, ``1O`` for 10; not ``1.8.``, a
    section's number, for 10), but for at most ``slips`` digits misread as others or as a
    bracket (``11`` or ``(1`` for 71, a worn 7: where the line is certainly the page's running
    head)?"""
    shown, printed = token.rstrip(".,"), str(value)
    return len(shown) == len(printed) and sum(a != b for a, b in zip(shown, printed, strict=True)
                                              if a.isdigit() or a in _SCAN_BRACKETS) <= slips
