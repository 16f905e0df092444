# ruff: noqa: RUF001, RUF003  (ebook text is full of typographic quotes and dashes)
"""Note markers and note texts in ebook text, decided as whole sequences.

An ebook exported to plain text keeps its note markers glued to the word or
punctuation they follow (``May 1924.1``, ``forewomen7``, ``issued in 193813``) and
its note texts as ``1. text`` paragraphs at the end.  Every glued number is a
*candidate*; a dynamic programme then picks the chain of candidates that best
reads as 1, 2, 3 … in reading order (restarting where a chapter may start), so
that a year, a count or a decimal in the text does not become a note.  When note
texts exist, only numbers that have one are eligible.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

# Shape weights: how much a glued number looks like a marker by what surrounds it.
AFTER_PUNCTUATION = 3.0  # "May 1924.1 Long", "people.’13", "it).5"
AFTER_LETTER = 2.0  # "forewomen7 (called", "it10 –"
BEFORE_CAPITAL = 2.0  # "majority.3Politburo": the space after the marker was lost
AFTER_YEAR = 1.0  # "issued in 193813)": a year, then the marker
AFTER_DECIMAL = 0.5  # "1.7 million" reads better as a decimal
SPACED_AT_END = 1.5  # "… modernization’. 6" closing a paragraph, the glue lost
SPACED_BRACKET = 2.0  # "the markets [12] of": brackets mark a note even after a space
PARENTHESISED = 1.5  # "Saint-Véran (1).": a note only where a note text answers it, not "(1) … (2)" items

GAP = 2.5  # cost of each number the chain skips (a marker lost from the text)
RESTART_AT_BOUNDARY = 1.0  # numbering restarts where a chapter may start
RESTART_ELSEWHERE = 8.0  # … or anywhere else (needs a long run to pay for it)
MAX_SKIP = 4  # at most three numbers skipped between two chosen markers
START = 1.0  # a chain must score more than this to be believed
MIN_UNCALLED = 2  # markers a chain needs when the text has no note texts (but "word.[1]")
MAX_NUMBER = 9999  # the highest note number (a book of a thousand notes and more)

SYMBOLS = "*†‡§"  # note markers that are signs, not numbers
_CLOSERS = ".,;:!?’”)]…'\""
_OPENERS = "–-—/+±×#$£€%(‘“["
_QUOTES = "“‘«»‹›"  # open a quotation in one language, close it in another
_NUMBER = re.compile(r"[0-9]+")  # a marker in the digits of the note texts: "٧2" is 7, then note 2
# The sign first and what stands before it checked after it: a regex that opens with a
# lookbehind is tried at every position of the text, ten times slower.
_SYMBOL = re.compile(r"([*†‡§])(?<=[^\W_][*†‡§]|[.,;:!?’”)\]…][*†‡§])(?=[\s,.;:)\]’”]|$)")
_SUPERSCRIPT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# A note text's label: ``12.``, ``12)``, ``[12]``, ``(12)``, ``¹²``, or the bare number (``12 The text``).
_BODY = re.compile(r"^\s*(?:(\d{1,4})[.)]|\[(\d{1,4})\]|\((\d{1,4})\)|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})|(\d{1,4}))"
                   r"\s+(?=\S)")
_BRACKETED = re.compile(r"\[(\d{1,4})\]")  # a marker in brackets: ``word.[12]``, ``word [12]``
# A marker in parentheses after a word and a space, before a stop or a space: ``Saint-Véran (1).``
_PARENTHESES = re.compile(r"(?<=[^\W_] )\((\d{1,4})\)(?=[\s,.;:!?…’”]|$)")
_SYMBOL_BODY = re.compile(r"^\s*([*†‡§])\s+(?=\S)")
_WORDS = re.compile(r"[^\W\d_]{4,}")
# A short word and its period before a number: an abbreviation (``Vol.``, ``No.``, ``S.``).
_ABBREVIATION = re.compile(r"(?:^|(?<=\s))[^\W\d_]{1,3}\.$")
# The start of a clause number (``1.E.``, ``12.b.``) just before a digit run.
_LABEL = re.compile(r"(?:^|(?<=[\s(\[§]))\d+(?:\.\w{1,3})*\.[^\W\d_]{1,2}\.$")


@dataclass(frozen=True)
class Candidate:
    """A number (or symbol) glued to the text that may be a note marker."""

    unit: int  # index of the text unit (paragraph) it stands in
    start: int  # character span of the marker within the unit's text
    end: int
    n: str
    weight: float
    bracketed: bool = False  # in square brackets glued to the word or stop before: "mig.[1]"
    parenthesised: bool = False  # in parentheses after a space: "Véran (1)", a marker only with its note text


@dataclass(frozen=True)
class NoteText:
    """A note text as printed: ``label`` (``12.``, ``*``) then the text itself."""

    n: str
    label: str
    text: str
    line: int
    column: int  # 1-based column of the label


def parse_note_text(line: str, number: int) -> NoteText | None:
    """``12. The text`` (or ``[12]``, ``(12)``, ``12)``, ``12``) or ``* The text`` as a note text,
    else None."""
    found = _BODY.match(line) or _SYMBOL_BODY.match(line)
    if not found:
        return None
    n = next(g for g in found.groups() if g is not None).translate(_PLAIN_DIGITS)
    start = len(line) - len(line.lstrip())
    label = line[start:found.end()].strip()
    return NoteText(n, label, line[found.end():].rstrip(), number, start + 1)


def is_symbol_note(line: str) -> bool:
    """Whether the line opens with a note symbol and a space (``* The text``)."""
    return _SYMBOL_BODY.match(line) is not None


def has_symbol_marker(line: str) -> bool:
    """Whether an asterisk (or dagger) stands glued to the text as a note marker."""
    return _SYMBOL.search(line) is not None


def note_label(line: str) -> tuple[int, str] | None:
    """The number and the style of the note label the line opens with (``12. The text`` →
    ``(12, "N.")``; ``[12]`` → ``"[N]"``; a superscript ``¹²`` → ``"^N"``; a bare ``12`` →
    ``"N"``), else None.  A list of note texts keeps one style; a bare number is a label only
    within such a list."""
    found = _BODY.match(line)
    if not found:
        return None
    label = found.group().strip()
    n = next(g for g in found.groups() if g is not None)
    style = "^N" if _SUPERSCRIPT.fullmatch(label) else _NUMBER.sub("N", label)
    return int(n.translate(_PLAIN_DIGITS)), style


def _shape(text: str, start: int, end: int) -> list[tuple[int, float]]:
    """Where a marker may start within the digit run ``text[start:end]``, with its weight."""
    run = text[start:end]
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if after and not (after.isspace() or after in ",.;:!?…)]’”“»«–—" or after.isupper()
                      or (after in "‘“(" and before in _CLOSERS)):
        return []
    if after in ".," and text[end + 1:end + 2].isdigit():
        return []  # "1.5", "10,000"
    options: list[tuple[int, float]] = []
    if len(run) in (5, 6) and 1000 <= int(run[:4]) <= 2099:
        options.append((start + 4, AFTER_YEAR))  # "193813": 1938, then note 13
    # A quotation mark glued to the word before it closes a quotation (German „…“, ‚…‘, »…«).
    closing = before in _QUOTES and start >= 2 and not text[start - 2].isspace()
    other_digit = before.isdigit() and not before.isascii()  # "٧2": an Arabic-Indic 7, then note 2
    glued = before and not before.isspace() and (not before.isdigit() or other_digit) \
        and (before not in _OPENERS or closing)
    if before == "." and _LABEL.search(text, max(0, start - 24), start):
        return []  # "1.E.1.", "§ 3.a.2": a numbered clause of a legal text, not a marker
    if glued and (before in _CLOSERS or closing):
        if before in ".," and text[start - 2:start - 1].isdigit():
            if before == ".":  # "1917.5": a year then a marker; "1.7": a decimal
                year = re.search(r"(?<!\d)\d{4}$", text[:start - 1]) is not None
                options.append((start, AFTER_YEAR if year else AFTER_DECIMAL))
        else:
            options.append((start, BEFORE_CAPITAL if after.isupper() else AFTER_PUNCTUATION))
    elif glued and (before.isalpha() or other_digit) and not after.isupper():
        options.append((start, AFTER_LETTER))
    elif before == " " and not text[end:].strip() and text[start - 2:start - 1] in tuple(".!?’”)") \
            and not _ABBREVIATION.search(text, max(0, start - 12), start - 1):
        options.append((start, SPACED_AT_END))  # not "Vol. 1", "No. 1": an abbreviation and its number
    return [(s, w) for s, w in options if text[s] != "0" and int(text[s:end]) <= MAX_NUMBER]


def candidates(texts: list[str]) -> list[Candidate]:
    """Every glued number or note symbol in the texts that could be a note marker."""
    found: list[Candidate] = []
    joined = "\n".join(texts)
    symbols = any(sign in joined for sign in SYMBOLS)  # most books have none: skip their scans
    superscripts = any(digit in joined for digit in "⁰¹²³⁴⁵⁶⁷⁸⁹")
    for unit, text in enumerate(texts):
        for match in _NUMBER.finditer(text):
            for start, weight in _shape(text, match.start(), match.end()):
                found.append(Candidate(unit, start, match.end(), text[start:match.end()], weight))
        for match in _BRACKETED.finditer(text) if "[" in text else ():
            before = text[:match.start()].rstrip()
            if before and not before.endswith("["):  # "[12] The text" opens a note text
                start = len(before)  # a space before the brackets goes with them
                glued = start == match.start()
                found.append(Candidate(unit, start, match.end(), match.group(1),
                                       AFTER_PUNCTUATION if glued else SPACED_BRACKET, bracketed=glued))
        for match in _PARENTHESES.finditer(text) if " (" in text else ():
            if match.group(1)[0] != "0":  # the space before the parentheses goes with them
                found.append(Candidate(unit, match.start() - 1, match.end(), match.group(1), PARENTHESISED,
                                       parenthesised=True))
        for match in _SYMBOL.finditer(text) if symbols else ():
            found.append(Candidate(unit, match.start(1), match.end(1), match.group(1), AFTER_PUNCTUATION))
        for match in _SUPERSCRIPT.finditer(text) if superscripts else ():  # "word¹": glued to anything
            digits = match.group().translate(_PLAIN_DIGITS)
            if match.start() and not text[match.start() - 1].isspace() and not digits.startswith("0"):
                found.append(Candidate(unit, match.start(), match.end(), digits, AFTER_PUNCTUATION))
    found.sort(key=lambda c: (c.unit, c.start))
    return found


def choose(cands: list[Candidate], boundaries: list[int], limit: int | None,
           restarts: bool, first: int = 1) -> list[list[Candidate]]:
    """The best chain of numbered markers, split into runs that each count 1, 2, 3 ….

    ``boundaries`` are the units where a chapter may start (numbering restarts
    there cheaply); ``limit`` is the highest number that has a note text (None
    when the note texts are absent); ``restarts`` allows numbering to restart;
    ``first`` is the number the chain begins at (a chapter's notes numbered on
    from the chapter before: 57, 58, …).  A marker in parentheses after a space
    (``Véran (1)``) is eligible only where note texts exist: without them it reads
    as the number of an item (``(1) … (2) …``).
    """
    numbered = [c for c in cands if c.n.isdigit() and int(c.n) >= first
                and (int(c.n) <= limit if limit is not None else not c.parenthesised)]
    count = len(numbered)
    if not count:
        return []
    best = [0.0] * count
    back: list[int] = [-1] * count
    restart = [False] * count
    by_value: dict[int, int] = {}  # value -> index of the best chain ending at that value
    prefix: list[int] = []  # prefix[i]: index of the best chain among 0..i
    bounds = sorted(boundaries)
    for j, cand in enumerate(numbered):
        value = int(cand.n)
        score, prev, is_restart = -GAP * (value - first), -1, False
        for skip in range(1, MAX_SKIP + 1):
            i = by_value.get(value - skip, -1)
            if i >= 0 and best[i] - GAP * (skip - 1) > score:
                score, prev, is_restart = best[i] - GAP * (skip - 1), i, False
        if restarts and j and value <= MAX_SKIP:
            i = prefix[j - 1]
            if i >= 0 and best[i] - RESTART_ELSEWHERE - GAP * (value - 1) > score:
                score, prev, is_restart = best[i] - RESTART_ELSEWHERE - GAP * (value - 1), i, True
            k = bisect_left(bounds, cand.unit + 1) - 1  # the last boundary at or before this unit
            if k >= 0:
                last_before = _last_before(numbered, j, bounds[k])
                if last_before >= 0:
                    i = prefix[last_before]
                    cost = RESTART_AT_BOUNDARY + GAP * (value - 1)
                    if best[i] - cost > score:
                        score, prev, is_restart = best[i] - cost, i, True
        best[j], back[j], restart[j] = cand.weight + score, prev, is_restart
        if value not in by_value or best[j] >= best[by_value[value]]:
            by_value[value] = j
        prefix.append(j if not prefix or best[j] >= best[prefix[-1]] else prefix[-1])
    def total(j: int) -> float:
        return best[j] - (GAP * (limit - int(numbered[j].n)) if limit else 0)

    end = max(range(count), key=total)
    if total(end) <= START:
        return []  # a few weak candidates are no evidence of notes
    if limit is None and _length(back, end) < MIN_UNCALLED and not numbered[end].bracketed:
        return []  # without note texts, one number in a book is no note, unless glued in brackets
    chain: list[int] = []
    while end >= 0:
        chain.append(end)
        end = back[end]
    chain.reverse()
    runs: list[list[Candidate]] = []
    for j in chain:
        if not runs or restart[j]:
            runs.append([])
        runs[-1].append(numbered[j])
    return runs


def _length(back: list[int], end: int) -> int:
    count = 0
    while end >= 0:
        count, end = count + 1, back[end]
    return count


def _last_before(numbered: list[Candidate], j: int, unit: int) -> int:
    """Index of the last candidate before ``j`` that stands before ``unit``."""
    i = j - 1
    while i >= 0 and numbered[i].unit >= unit:
        i -= 1
    return i


def owner_of(text: str, markers: list[tuple[Candidate, str]]) -> int:
    """Which of several same-symbol markers a note text belongs to: the one whose
    sentence shares most words with it (the last one on a tie)."""
    vocabulary = {w.lower() for w in _WORDS.findall(text)} | set(re.findall(r"\d{4}", text))
    best, best_score = len(markers) - 1, -1
    for k, (_, context) in enumerate(markers):
        words = {w.lower() for w in _WORDS.findall(context)} | set(re.findall(r"\d{4}", context))
        score = len(vocabulary & words)
        if score >= best_score:
            best, best_score = k, score
    return best

