"""What layout detection weighs: whether numbers in a text behave like printed page numbers,
whether its words are garbled as OCR leaves them.

A printed book's page numbers form a rising sequence spread through the text at page-like
intervals of similar length, standing at line starts or ends or alone between blocks. Numbers
that rise through a text for other reasons are not page numbers: the right-hand column of a
contents list or an index (``I. Deux Parents et Deux Enfants      7``), page references in a
bibliography or an index (``p. 112``, ``111, 113, 116``), and the numbers of a numbered list, of
letters or legends (``216.`` alone above each letter) and chapter headings (``CHAPTER 4``).
:func:`page_evidence` takes the chain the
OCR reader's page finder chooses (``readers.ocr_pages``), sets those apart, and judges what is
left; the OCR reader's ``score`` and the one-line summary of ``convert`` both read it.
"""

from __future__ import annotations

import functools
import re
import statistics
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from teitools import terms
from teitools.source import Source

MIN_PAGES = 3  # page numbers that make a sequence at all
# ... or two, page after page, in a text no longer than three such pages (an excerpt), when the
# first is past the numbers a text's sections take (1, 2) and each page holds a printed page's lines
MIN_PAIR_FIRST = 3
MIN_PAIR_LINES = 15
MIN_PAGE_LINES = 5  # text lines a printed page holds at least (a contents list has one or two)
PLATE_PAGES = 2  # unnumbered pages a plate's leaf adds between two form-feed pages' numbers
REGULAR = 0.6  # share of page intervals within a factor of two of the median interval
MIN_SPREAD = 0.3  # share of the text's lines the page numbers must span
MIN_COVER = 0.25  # share of the pages in that span that print a number the chain found
GARBLED = 0.008  # share of words garbled as OCR leaves them, in a text without paragraph spacing
MAX_BLANK = 0.02  # blank lines per text line in a column of OCR text (no paragraph spacing)
GARBLED_SCORE = 0.3  # the OCR layout's score for such a text: above plain, below any real evidence
MIN_CLOSED_LINES = 2  # text lines a page closed by its number alone holds at least (a short text's pages)
COLUMN_SLACK = 2  # characters the column of numbers alone may shift by (one digit more or less)

_LEADER = re.compile(r"\S(?: {2,}|\t|(?: ?\.){3,} ?)[(\[]?$")  # "Introduction      " / "Title . . . ."
_ENDS_NUMBER = re.compile(r"\d+[.)\]]?\s*$")
_REFERENCE = re.compile(
    r"(?:\b(?:p|pp|pag|page|pages|s|seite|vol|vols|no|nos|nr|fig|figs|pl|cap|ch|chap|art|t|tom|n°)\.?"
    r"|§|,\s*\d+[a-z]?,?|[-\u2013]\s*)\s*$", re.I)  # a page range 190-191 (hyphen or en dash)
_PAGE_HEAD = re.compile(r"^\s*(?:page|p\.|seite|s\.|pag\.)\s*$", re.I)  # "Page 12" on a line of its own
_WORD = re.compile(r"\S+")
_SET_APART = {"reference": "{} page references", "heading": "{} chapter numbers"}
_LONE_NUMBER = re.compile(r"^(\s*)(\d{1,4}|[ivxlcdm]{1,7})\s*$")  # 12, vii (a chapter's numeral: capitals)


@dataclass(frozen=True)
class PageEvidence:
    """The page numbers of a text that behave like page numbers, and what was set apart.

    ``numbers`` counts them, rising ``first``..``last`` every ``lines_per_page`` text lines;
    ``regular`` is the share of intervals of page-like length; ``spread`` the share of the
    text they span and ``cover`` the share of the pages in that span whose number they are;
    ``rejected`` counts the chain's other numbers by reason (``contents list or index``,
    ``reference``, ``numbered list``, ``heading``); ``form_feeds`` the form feeds between pages
    of text; ``text_lines`` the text's lines that are not blank; ``printed`` the first and last
    number as printed (``vii``).
    """

    numbers: int = 0
    first: int = 0
    last: int = 0
    lines_per_page: float = 0.0
    regular: float = 0.0
    spread: float = 0.0
    cover: float = 0.0
    rejected: Counter[str] = field(default_factory=Counter)
    form_feeds: int = 0
    text_lines: int = 0
    printed: tuple[str, str] = ("", "")
    closing: bool = False
    heading: bool = False

    @property
    def convincing(self) -> bool:
        """Whether the numbers are a book's pagination: enough of them, rising through the
        text at intervals of similar, page-like length (on form-feed pages, which are counted:
        rising by one a page, however short the pages, a plate's unnumbered leaf aside, on half
        the pages from the first numbered to the last or more, and those half the book's pages:
        a front matter and chapter openings print no number; or, on pages parted by blank lines,
        each number closing its page, ``closing``, or each heading it, ``heading``)."""
        if self.lone:
            return True
        if self.form_feeds and self.numbers >= 2:  # the pages are counted: a number on half of them
            spanned = round(self.numbers / self.cover) if self.cover else 0  # first to last numbered page
            return self.regular >= REGULAR and 2 * self.numbers >= spanned \
                and 2 * spanned >= self.form_feeds + 1
        if self.numbers == 2:  # an excerpt of two or three pages: two numbers, page after page
            return (self.last == self.first + 1 and self.first >= MIN_PAIR_FIRST
                    and self.lines_per_page >= MIN_PAIR_LINES and self.text_lines <= 3 * self.lines_per_page)
        return (self.numbers >= MIN_PAGES and (self.lines_per_page >= MIN_PAGE_LINES or self.form_feeds > 0)
                and self.regular >= REGULAR and self.spread >= MIN_SPREAD and self.cover >= MIN_COVER)

    @property
    def lone(self) -> bool:
        """Whether the numbers are alone on their lines, each closing or each heading its page."""
        return self.closing or self.heading

    def describe(self) -> str:
        """``212 page numbers rising 1..212 every 38 lines``, or why there are none."""
        set_apart = ", ".join(_SET_APART.get(why, "{} in a " + why).format(n)
                              for why, n in self.rejected.most_common())
        if self.convincing:
            text = (f"{self.numbers} page numbers rising {self.printed[0]}..{self.printed[1]} "
                    f"every {self.lines_per_page:.0f} lines")
            if self.form_feeds:
                text += f" on {self.form_feeds + 1} form-feed pages"
            if self.closing:
                text += ", each alone closing its page"
            if self.heading:
                text += ", each alone heading its page"
            return text
        if self.numbers >= MIN_PAGES:
            why = ("too close together" if self.lines_per_page < MIN_PAGE_LINES
                   else "at irregular intervals" if self.regular < REGULAR
                   else "in one part of the text" if self.spread < MIN_SPREAD
                   else "too few for the pages they span")
            text = f"{self.numbers} rising numbers {why}, not page numbers"
        else:
            text = "no page numbers"
        return text + (f" (set apart: {set_apart})" if set_apart else "")


def _neighbours(lines: list[str], index: int, reach: int = 2) -> list[str]:
    """The nearest ``reach`` non-blank lines above and below line ``index``."""
    found: list[str] = []
    for step in (-1, 1):
        i, taken = index + step, 0
        while 0 <= i < len(lines) and taken < reach:
            if lines[i].strip():
                found.append(lines[i])
                taken += 1
            i += step
    return found


def _why_not(lines: list[str], line: int, start: int, end: int, kind: str) -> str | None:
    """Why a number of the chain is no page number: it ends an entry of a contents list or an
    index (a leader before it, and more numbers so beside it), it is a page reference (``p.``,
    ``pp.``, a list of numbers), or it numbers an item (``216.``, ``3)``); else None."""
    text = lines[line]
    before, after = text[:start], text[end:]
    if kind == "end" and _REFERENCE.search(before) and not _PAGE_HEAD.match(before):
        return "reference"
    if kind == "end" and _division_word(before):
        return "heading"
    if kind == "end":
        column = sum(bool(_ENDS_NUMBER.search(n)) for n in _neighbours(lines, line))
        if column >= 2 or (column and _LEADER.search(before)):
            return "contents list or index"
    if kind in ("alone", "start") and after.lstrip()[:1] in (".", ")"):
        return "numbered list"
    return None


def _division_word(text: str) -> bool:
    """Is ``text`` a heading word alone (``CHAPTER``, ``Lettre``, ``Kapitel``) in any language?"""
    words = text.split()
    return len(words) == 1 and words[0].strip(".:").lower() in terms.for_language(None).division


def _judge(lines: list[str], chain: list[tuple[int, int, int, int, str, str]],
           page_starts: tuple[int, ...], heads: list[bool] | None = None) -> PageEvidence:
    """Evidence from a chain of (line, start, end, value, kind, as printed) candidates; ``page_starts``: the
    lines where form feeds begin pages (empty when form feeds do not page the text). On
    form-feed pages a number is judged among the lines of its own page, and an interval is
    regular when the number rises by the pages it spans, however short the pages are. ``heads``
    (without form feeds): whether each number heads its page (``ocr_pages.heads_pages``); the
    text between a number closing its page and one heading a later page spans one page fewer
    than the numbers rise, between a number heading its page and one closing a later one, one
    more (a chapter's opening numbered at its foot among pages numbered in the running head)."""
    kept: list[tuple[int, int]] = []  # (line, value)
    shown: list[str] = []  # ... as printed (vii)
    rejected: Counter[str] = Counter()
    bounds = [0, *page_starts, len(lines)]
    at_head: dict[int, bool] = {}
    for (line, start, end, value, kind, printed), head in zip(chain, heads or [False] * len(chain),
                                                              strict=True):
        at_head[line] = head
        page = bisect_right(bounds, line) - 1
        first, last = (bounds[page], bounds[page + 1]) if page_starts else (0, len(lines))
        why = _why_not(lines[first:last], line - first, start, end, kind)
        if why:
            rejected[why] += 1
        else:
            kept.append((line, value))
            shown.append(printed)
    # the form feeds between pages of text (a trailing one, as engines write, begins no page)
    form_feeds = sum(any(lines[i].strip() for i in range(a, b)) for a, b in pairwise(bounds)) - 1 \
        if page_starts else 0
    if not kept:
        return PageEvidence(rejected=rejected, form_feeds=form_feeds)
    prefix = [0]
    for text in lines:
        prefix.append(prefix[-1] + bool(text.strip()))
    spans = [(prefix[b] - prefix[a], vb - va + at_head[a] - at_head[b]) for (a, va), (b, vb) in pairwise(kept)
             if vb > va]
    intervals = [lines_between / pages for lines_between, pages in spans if pages > 0]
    per_page = statistics.median(intervals) if intervals else 0.0
    if page_starts:  # a step rises by the pages it spans (one more where the OCR lost a form feed,
        # one or two less where it spans a plate's unnumbered leaf)
        steps = [(bisect_right(bounds, b) - bisect_right(bounds, a), vb - va)
                 for ((a, va), pa), ((b, vb), pb) in pairwise(zip(kept, shown, strict=True))
                 if pa.isdigit() == pb.isdigit()]  # front matter's Roman numbers, then the Arabic
        regular = sum(rise - 1 <= pages <= rise + PLATE_PAGES for pages, rise in steps) / len(steps) \
            if steps else 0.0
    else:
        regular = (sum(per_page / 2 <= x <= per_page * 2 for x in intervals) / len(intervals)
                   if intervals else 0.0)
    span = prefix[kept[-1][0]] - prefix[kept[0][0]]
    spread = span / max(1, prefix[-1])
    cover = len(kept) / (span / per_page + 1) if per_page else 0.0
    if page_starts:  # the pages are counted, not estimated
        cover = len(kept) / (bisect_right(bounds, kept[-1][0]) - bisect_right(bounds, kept[0][0]) + 1)
        per_page = prefix[-1] / (form_feeds + 1)  # numbers at a foot, then at the next page's head
    return PageEvidence(len(kept), kept[0][1], kept[-1][1], per_page, regular, spread, cover,
                        rejected, form_feeds, prefix[-1], (shown[0], shown[-1]))


def _lone_pages(lines: list[str], heading: bool = False) -> PageEvidence | None:
    """The pagination of a text (without form feeds) every one of whose numbers alone on a line
    (``12``, ``vii``; a chapter's numeral is in capitals, as ``ocr_pages._set_like`` has it) closes
    a page (``heading`` False): text stands right above it (one blank line between at most) and a
    run of blank lines or the text's end below it; or, ``heading``, every one heads a page: a run
    of blank lines or the text's start above it and text right below it. The numbers rise by one
    (the front matter's Roman ones by two where a blank page prints none), the front matter's
    Roman ones, then the Arabic ones from any number; they stand in one column (by their start,
    centre or end, within COLUMN_SLACK); each page holds MIN_CLOSED_LINES text lines at least, and
    no more text follows the last number closing its page than the longest page holds (or
    precedes the first heading its page than ``ocr_pages.OPENING_PAGE`` times it). MIN_PAGES such pages are a
    pagination however short the pages: a text's chapters or sections are not numbered below
    their text. The first number heading its page is 2 or more, the text before it the page
    before, unnumbered (a chapter's opening page): sections numbered from 1 above their text are
    no pages. None when the text is not paged so."""
    from teitools.readers import ocr_pages

    lone: list[tuple[int, int, str]] = []  # (line, value, as printed)
    edges: list[tuple[int, int]] = []  # (start, end) of each
    for index, line in enumerate(lines):
        match = _LONE_NUMBER.match(line)
        if match is None:
            continue
        printed = match.group(2)
        value = int(printed) if printed.isdigit() else terms.roman(printed)
        text_above = any(text.strip() for text in lines[max(0, index - 2):index])  # none: a margin, the start
        text_below = any(text.strip() for text in lines[index + 1:index + 3])
        placed = text_below and not text_above if heading \
            else text_above and ocr_pages.page_separator_after(lines, index)
        if value is None or not placed:
            return None
        lone.append((index, value, printed))
        edges.append(match.span(2))
    if not lone or not _one_column(edges):
        return None
    for (_, va, pa), (_, vb, pb) in pairwise(lone):
        rise = vb - va in (1, 2) if not pa.isdigit() and not pb.isdigit() else vb == va + 1
        if (pa.isdigit() and not pb.isdigit()) or (pa.isdigit() == pb.isdigit() and not rise):
            return None
    prefix = [0]
    for text in lines:
        prefix.append(prefix[-1] + bool(text.strip()))
    between = [prefix[b] - prefix[a] - 1 for (a, _, _), (b, _, _) in pairwise(lone)]
    before, after = prefix[lone[0][0]], prefix[-1] - prefix[lone[-1][0] + 1]
    pages = [*between, after] if heading else [before, *between]
    outside = before if heading else after
    counted = len(lone) + (heading and outside > 0)  # the unnumbered page before the first heading one
    longest = (ocr_pages.OPENING_PAGE if heading else 1) * max(pages)
    if counted < MIN_PAGES or min(pages) < MIN_CLOSED_LINES or outside > longest \
            or (heading and lone[0][1] < 2):
        return None
    return PageEvidence(len(lone), lone[0][1], lone[-1][1], statistics.median(p + 1 for p in pages), 1.0,
                        (prefix[lone[-1][0]] - prefix[lone[0][0]]) / max(1, prefix[-1]), 1.0, Counter(), 0,
                        prefix[-1], (lone[0][2], lone[-1][2]), closing=not heading, heading=heading)


def _one_column(edges: list[tuple[int, int]]) -> bool:
    """Do spans ``(start, end)`` on their lines stand in one column: set flush left, centred or
    flush right, within COLUMN_SLACK characters?"""
    starts, ends = [start for start, _ in edges], [end for _, end in edges]
    centres = [(start + end) / 2 for start, end in edges]
    return any(max(place) - min(place) <= COLUMN_SLACK for place in (starts, centres, ends))


@functools.lru_cache(maxsize=4)
def _page_evidence(text: str, page_starts: tuple[int, ...]) -> PageEvidence:
    from teitools.readers import ocr_pages

    lines = text.split("\n")
    numbers = ocr_pages.printed_numbers(text, page_starts)
    chain = [(n.line, n.start, n.end, n.value, n.kind, n.printed) for n in numbers]
    if ocr_pages.form_feed_paged(page_starts, text):
        return _judge(lines, chain, page_starts)
    found = _judge(lines, chain, (), ocr_pages.heads_pages(lines, numbers))
    if not found.convincing:
        found = _lone_pages(lines) or _lone_pages(lines, heading=True) or found
    listed = len(ocr_pages.listed_lines(text))  # the finder sets aside a contents list's numbers
    if listed:
        found.rejected["contents list or index"] += listed
    return found


def page_evidence(source: Source) -> PageEvidence:
    """The page numbers of ``source`` that behave like a book's pagination (see the module
    docstring); the candidates are those the OCR reader's page finder chains
    (``readers.ocr_pages``: form-feed pages' edges when form feeds separate the pages)."""
    return _page_evidence(source.text, source.page_starts)


def _garbled(token: str) -> bool:
    """A word as OCR garbles it: a capital inside lower case (``tHe``), letters and digits
    mixed (``l1ke``, but not ``12th``), stray signs inside a word (``th«``, ``Dai/^``)."""
    core = token.strip(".,;:!?\"'()[]{}«»„“”‘’-—_*")  # noqa: RUF001 (quotes as printed)
    if len(core) < 2 or core.lower().startswith(("http", "www", "ebook")):
        return False
    if re.search(r"[a-zß-ÿ][A-ZÀ-Þ]", core) and not re.match(r"(?:Mc|Mac|[dDlLO]')", core):
        return True
    if re.search(r"[^\W\d_]\d|\d[^\W\d_]", core) and not re.fullmatch(r"\d+[^\W\d_]{1,4}\.?", core):
        return True
    return re.search(r"[|\\^~¦«»¬]", core) is not None and re.search(r"[^\W\d_]", core) is not None


def garbled_share(source: Source) -> tuple[float, list[str]]:
    """The share of garbled words in a text set as a column of OCR lines (no blank lines
    between paragraphs), with a few of them as examples; (0, []) for a text with paragraph
    spacing, which OCR without layout does not produce."""
    lines = source.lines
    text = sum(bool(line.strip()) for line in lines)
    if not text or (len(lines) - text) / text > MAX_BLANK:
        return 0.0, []
    tokens = _WORD.findall(source.text)
    garbled = [t for t in tokens if _garbled(t)]
    return len(garbled) / max(1, len(tokens)), garbled[:3]


def looks_garbled(source: Source) -> bool:
    """Whether ``source`` reads as raw OCR output though it prints no page numbers."""
    return garbled_share(source)[0] >= GARBLED
