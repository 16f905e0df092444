"""The web layout: text copied from a web page about a book.

Two kinds of page share it.  A *review* opens with a date line and ends with a
block describing the reviewed book (title, author, ``Publisher, 576pp, £40``).
A *publisher's page* has a title block (title, subtitle, date, labelled facts
like territory rights, ``Name (Author)``), sections under one-line headings
(Description, Reviews) with quoted reviews and their ``— Name, author of …``
attributions, and the formats on sale, each with ISBN, extent and price among
shop buttons.  Every word stays in the body where it stands; what is recognised
becomes markup there and metadata for the header.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from teitools import bookdata, codes
from teitools import model as m
from teitools.diagnostics import Diagnostic, Severity
from teitools.readers.plain import blocks_of, paragraph
from teitools.source import Source

# What the summary and the report count (model.COUNTED).
COUNTS = ("isbns", "paragraphs", "furniture", "quotes", "bibliographic_entries", "sections")
MAX_CHARS = 60_000  # web pages about a book are short; books are not

_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
DATE_PATTERN = re.compile(
    rf"(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})", re.IGNORECASE)
LEADING_DATE = re.compile(
    r"^(?P<label>(?:(?:date|dated|published|posted|updated)(?:\s+on)?\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?)"
    rf"(?P<date>{DATE_PATTERN.pattern})(?!\w)", re.IGNORECASE)
# Shop furniture: the buttons and notices of an online shop, not part of the text about the book.
FURNITURE = re.compile(
    r"^(?:add to (?:basket|cart|bag|wish ?list)|buy(?: now| it now| the ebook)?|pre-?order(?: now)?"
    r"|coming soon|out of stock|in stock|sold out|available now|notify me|checkout|view (?:basket|cart)"
    r"|powered by \S.{0,40}|share(?: this)?|read more|show more|back to top)$", re.IGNORECASE)
ROLE_LINE = re.compile(
    r"^(?P<name>[^()]{2,80}?)\s*\((?P<role>author|editor|translator|illustrator|introduction|foreword"
    r"|contributor|edited by|translated by)s?\)$", re.IGNORECASE)
DASHES = "\u2014\u2013"  # em and en dash
LABELLED = re.compile(rf"^(?P<label>[A-Z][\w ]{{1,40}}?)\s*(?:[{DASHES}]|:)\s+(?P<value>\S.*)$")
QUOTE_OPEN, QUOTE_CLOSE = "\"\u201c\u00ab\u2018'", "\"\u201d\u00bb\u2019'"
CITED = re.compile(
    rf"^(?P<quote>[{QUOTE_OPEN}].*[{QUOTE_CLOSE}])\s*(?P<dash>[{DASHES}]|--?)\s*(?P<source>\S.*)$", re.DOTALL)
ATTRIBUTION = re.compile(
    r"^(?P<name>.+?),\s+(?P<role>(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:author|editor|translator|writer)"
    r"(?:\s+and\s+\w+)?\s+of)\s+(?P<work>.+)$", re.IGNORECASE | re.DOTALL)
PERSON = re.compile(r"^(?!(?:The|A|An)\s)(?:[A-Z][\w'\u2019.-]*\.?\s+){1,4}[A-Z][\w'\u2019-]+$")
BYLINE = re.compile(r"^(?P<by>by\s+)(?P<name>[A-Z][^,;:()]{2,60})$", re.IGNORECASE)
ATTRIBUTION_LINE = re.compile(rf"^(?P<dash>[{DASHES}]|--?)\s*(?P<source>\S.*)$", re.DOTALL)
# A review's closing line: "Title by Author (Publisher, 576pp, £40)" or "… is published by Publisher (£40)".
FOOTER = re.compile(
    r"^(?P<lead>[\u2022*]\s*)?(?P<title>[^()]+?)\s+by\s+(?P<names>[A-Z][^()]*?)"
    r"(?:(?P<pubphrase>\s+(?:is|are)\s+published\s+by\s+)(?P<pub>[^()]+?))?"
    r"(?P<open>\s*\()(?P<imprint>[^)]*)\)(?P<rest>.*)$", re.DOTALL)
RESP_PREFIX = re.compile(r"^(?P<resp>edited|translated|introduced|illustrated)\s+by\s+", re.IGNORECASE)


@dataclass
class Block:
    """A blank-line-separated run of source lines."""

    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines)

    @property
    def words(self) -> int:
        return len(self.text.split())


def iso_date(match: re.Match[str]) -> str | None:
    """The ISO 8601 form of a DATE_PATTERN match; None when the date is no real day of the
    Gregorian calendar (``29 February 2026``, ``1066-12-32``): it then stays text."""
    if match.group("iso"):
        year, month, day = (int(part) for part in match.group("iso").split("-"))
        text = match.group("iso")
    else:
        day = int(match.group("d1") or match.group("d2"))
        month = _MONTHS[(match.group("m1") or match.group("m2")).lower()]
        year = int(match.group("y1") or match.group("y2"))
        text = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return text


def _blocks(source: Source) -> list[Block]:
    return [Block(start, lines) for start, lines in blocks_of(source.lines)]


def _is_isbn_line(text: str) -> bool:
    return bool(re.fullmatch(rf"(?:ISBN(?:-1[03])?:?\s*)?{bookdata.ISBN_PATTERN.pattern}", text.strip(),
                             re.IGNORECASE))


def _is_price_line(text: str) -> bool:
    price = bookdata.find_price(text)
    return price is not None and len(text.strip()) <= len(price.text) + 12


def _is_short(block: Block, words: int = 15) -> bool:
    return len(block.lines) == 1 and block.words <= words and not block.text.endswith((".", "?", "!", ":"))


def _trade_data(text: str) -> bool:
    """Does the text hold a price, a number of pages or an ISBN?"""
    return bool(bookdata.find_price(text) or bookdata.find_pages(text) or bookdata.ISBN_PATTERN.search(text))


def _cited(block: Block) -> re.Match[str] | None:
    return CITED.match(block.text) if block.text[:1] in QUOTE_OPEN else None


def _footer(block: Block) -> re.Match[str] | None:
    """A one-line description of a reviewed book (``Title by Author (Publisher, £40)``)."""
    match = FOOTER.match(block.text) if len(block.lines) == 1 else None
    return match if match and _trade_data(match.group("imprint")) else None


def _names_line(text: str) -> bool:
    """Does the line name people (``Name``, ``Name and Name``, ``edited by Name``)?"""
    people = RESP_PREFIX.sub("", text)
    return all(PERSON.match(name) for name in re.split(r"\s+(?:and|&)\s+|,\s+", people) if name)


def _trailing_bibl(blocks: list[Block]) -> int | None:
    """Where the closing block describing a reviewed book starts, if the page has one."""
    if len(blocks) > 1 and blocks[-2].words >= 25 and _footer(blocks[-1]):
        return len(blocks) - 1
    start = len(blocks)
    while start > 0 and len(blocks) - start < 5 and _is_short(blocks[start - 1], 20):
        start -= 1
    tail = blocks[start:]
    if start == 0 or len(tail) < 2 or blocks[start - 1].words < 25:
        return None
    imprint = any(_trade_data(b.text) for b in tail)
    return start if imprint and not any(FURNITURE.match(b.text) for b in tail) else None


def _headings(blocks: list[Block]) -> set[int]:
    """Indexes of one-line section headings: a few capitalised words before prose or quotes."""
    found = set()
    for i, block in enumerate(blocks[:-1]):
        text = block.text
        nxt = blocks[i + 1]
        if (_is_short(block, 4) and text[:1].isupper() and not re.search(rf"\d|[,;{DASHES}]", text)
                and not FURNITURE.match(text) and not BYLINE.match(text)
                and (nxt.words >= 20 or _cited(nxt))):
            found.add(i)
    return found


def _formats_end(blocks: list[Block], start: int) -> int:
    """Where the formats on sale end: at prose, or at a heading before prose."""
    for j in range(start + 1, len(blocks)):
        prose_next = j + 1 < len(blocks) and blocks[j + 1].words >= 20
        if blocks[j].words >= 20 or (_is_short(blocks[j], 4) and prose_next):
            return j
    return len(blocks)


def _headline(blocks: list[Block]) -> bool:
    """Does the text open with a title line (before prose or a byline)?"""
    if len(blocks) < 2 or not _is_short(blocks[0]) or not blocks[0].text[:1].isupper():
        return False
    return not BYLINE.match(blocks[0].text) and (blocks[1].words >= 20 or bool(BYLINE.match(blocks[1].text)))


def _formats_start(blocks: list[Block]) -> int | None:
    """Where the list of formats on sale starts: a format name followed by its ISBN."""
    for i, block in enumerate(blocks[:-1]):
        if _is_short(block, 3) and not _is_isbn_line(block.text) and _is_isbn_line(blocks[i + 1].text):
            return i
    return None


def score(source: Source) -> float:
    """High for short pages with the marks of a review or a publisher's page."""
    found = _signals(source)
    total = min(1.0, sum(found.values()))
    return total if len(found) >= 2 or total >= 0.4 else total / 2


def evidence_line(source: Source) -> str:
    """The marks of a web page found in the text, for the detection summary
    (``date line, book block, ISBN``)."""
    found = _signals(source)
    return ", ".join(_SIGNAL_NAMES[k] for k in found) or "no marks of a web page"


_SIGNAL_NAMES = {"date": "date line", "bibl": "book block", "isbn": "ISBN", "price": "price",
                 "furniture": "shop buttons", "role": "name (role) line", "cited": "quoted reviews"}


def _signals(source: Source) -> dict[str, float]:
    """The marks of a web page that the text shows, with their weights."""
    if len(source.text) > MAX_CHARS:
        return {}
    blocks = _blocks(source)
    if not blocks:
        return {}
    signals = {
        "date": 0.3 if LEADING_DATE.match(blocks[0].text) else 0.0,
        "bibl": 0.4 if _trailing_bibl(blocks) is not None else 0.0,
        "isbn": 0.3 if any(_is_isbn_line(b.text) for b in blocks) else 0.0,
        "price": 0.2 if any(_is_price_line(b.text) for b in blocks) else 0.0,
        "furniture": 0.3 if any(FURNITURE.match(b.text) for b in blocks) else 0.0,
        "role": 0.2 if any(ROLE_LINE.match(b.text) for b in blocks if len(b.lines) == 1) else 0.0,
        "cited": 0.2 if any(_cited(b) for b in blocks) else 0.0,
    }
    return {k: v for k, v in signals.items() if v}


class _Reader:
    """Reads one page; collects metadata and warnings as it goes."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.doc = m.Document(layout="web")
        self.md = self.doc.metadata

    # ------------------------------------------------------------ small pieces

    def isbn(self, text: str, line: int) -> m.Identifier:
        """An ISBN as printed; a wrong check digit is reported, the text kept as printed."""
        problem = bookdata.isbn_problem(text)
        if problem:
            self.doc.warnings.append(Diagnostic(
                codes.WEB001, f"ISBN {text.strip()} {problem}", line=line, severity=Severity.WARNING,
                hint="the ISBN is kept as printed; check the source"))
        return m.Identifier([m.Text(text)], "ISBN")

    def price(self, text: str) -> list[m.Inline]:
        """Text with its first price as a measure (currency and amount)."""
        price = bookdata.find_price(text)
        if price is None:
            return [m.Text(text)]
        before, _, after = text.partition(price.text)
        out: list[m.Inline] = [m.Text(before)] if before else []
        out.append(bookdata.price_measure(price))
        return out + ([m.Text(after)] if after else [])

    @staticmethod
    def extent(text: str) -> m.Phrase:
        content: list[m.Inline] = [m.Text(piece) if isinstance(piece, str) else piece
                                   for piece in bookdata.extent_parts(text)]
        return m.Phrase("extent", content)

    def dated(self, match: re.Match[str], rest: str, line: int) -> list[m.Block]:
        """A leading date line as its own block, and the text that follows it on the line."""
        label = match.group("label")
        self.md.date, self.md.date_text = iso_date(match), match.group("date")
        date = m.Date([m.Text(match.group("date"))], iso_date(match))
        dateline = m.Paragraph([m.Text(label), date] if label else [date], line=line, kind="dateline")
        blocks: list[m.Block] = [dateline]
        if rest.strip():
            blocks.append(m.Paragraph([m.Text(rest.strip())], line=line))
        return blocks

    # ------------------------------------------------------------ blocks

    def block(self, block: Block) -> m.Block:
        """An ordinary block: shop furniture, a quoted review with its source, or a paragraph."""
        text = block.text
        if FURNITURE.match(text):
            return m.Paragraph(paragraph(block.lines, block.line).content, line=block.line, kind="furniture")
        byline = BYLINE.match(text) if len(block.lines) == 1 else None
        if byline and PERSON.match(byline.group("name")):
            self.md.authors.append(byline.group("name"))
            author = m.Phrase("name", [m.Text(byline.group("name"))], role="author")
            return m.Paragraph([m.Text(byline.group("by")), author], line=block.line, kind="byline")
        cited = _cited(block)
        if cited:
            quote = m.Paragraph([m.Text(cited.group("quote"))], line=block.line)
            return m.BlockQuote([quote], m.Bibl([m.Text(cited.group("dash") + " "),
                                                 *self.attribution(cited.group("source"))], line=block.line),
                                line=block.line)
        return paragraph(block.lines, block.line)

    @staticmethod
    def attribution(text: str) -> list[m.Inline]:
        """``Name, author of Work``: the name as ``<author>``, the work as ``<title>``; a name
        before other words is an author too; anything else (``The Gazette``) stays text."""
        match = ATTRIBUTION.match(text)
        if match:
            return [m.Phrase("author", [m.Text(match.group("name"))]),
                    m.Text(text[match.end("name"):match.start("work")]),
                    m.Phrase("title", [m.Text(match.group("work"))])]
        if PERSON.match(text):
            return [m.Phrase("author", [m.Text(text)])]
        name, comma, rest = text.partition(", ")
        if comma and PERSON.match(name):  # "Name, The Gazette", "Name, historian"
            return [m.Phrase("author", [m.Text(name)]), m.Text(comma + rest)]
        return [m.Text(text)]

    def title_block(self, blocks: list[Block]) -> m.Division:
        """The page's opening blocks: title as the head, then subtitle, date, facts, byline."""
        head = blocks[0]
        self.md.title = head.text
        division = m.Division("book", [m.Text(head.text)], [], line=head.line)
        for i, block in enumerate(blocks[1:], 1):
            text = block.text
            date = DATE_PATTERN.fullmatch(text)
            role = ROLE_LINE.match(text)
            labelled = LABELLED.match(text)
            if date:
                self.md.date, self.md.date_text = iso_date(date), text
                when = m.Date([m.Text(text)], iso_date(date))
                division.blocks.append(m.Paragraph([when], line=block.line, kind="dateline"))
            elif role:
                division.blocks.append(self.byline(role, block.line))
            elif labelled and len(block.lines) == 1:
                value, kind = self.fact(labelled.group("label"), labelled.group("value"), block.line)
                separator = text[labelled.end("label"):labelled.start("value")]
                division.blocks.append(m.Paragraph(
                    [m.Phrase("label", [m.Text(labelled.group("label"))]), m.Text(separator), *value],
                    line=block.line, kind=kind))
            elif i == 1 and _is_short(block, 20):
                self.md.subtitle = text
                division.blocks.append(m.Paragraph([m.Text(text)], line=block.line, kind="subtitle"))
            else:
                division.blocks.append(self.block(block))
        return division

    def fact(self, label: str, value: str, line: int) -> tuple[list[m.Inline], str]:
        """A labelled fact (``Publisher: …``, ``Published: 5 May 2025``, ``ISBN: …``): its value as
        markup, recorded in the metadata, and the kind of block it makes."""
        key = label.lower()
        date = DATE_PATTERN.fullmatch(value)
        number = bookdata.ISBN_PATTERN.fullmatch(value)
        if "right" in key:
            self.md.rights = value
            return [m.Text(value)], "rights"
        if date:
            self.md.date, self.md.date_text = iso_date(date), value
            return [m.Date([m.Text(value)], iso_date(date))], "dateline"
        if number:
            self.md.isbns.append(bookdata.isbn_digits(value))
            return [self.isbn(value, line)], "fact"
        if "publisher" in key or "imprint" in key:  # <publisher> is not allowed in <ab>
            self.md.publisher = value
            return [m.Phrase("name", [m.Text(value)], role="publisher")], "fact"
        if bookdata.find_price(value):
            self.md.price = value
            return self.price(value), "fact"
        if bookdata.find_pages(value) or bookdata.DIMENSIONS_PATTERN.search(value):
            self.md.extent = value  # its measures only: <extent> is not allowed in <ab>
            return self.extent(value).content, "fact"
        return [m.Text(value)], "fact"

    def byline(self, role: re.Match[str], line: int) -> m.Paragraph:
        """``Name (Author)``: a name with its role (``<author>`` is not allowed in ``<ab>``)."""
        name, kind = role.group("name").strip(), role.group("role").lower()
        if kind == "author":
            self.md.authors.append(name)
        elif kind in ("editor", "edited by"):
            self.md.editors.append(name)
        else:
            self.md.responsibilities.append(m.Responsibility(kind, name))
        phrase = m.Phrase("name", [m.Text(name)], role=kind.replace(" ", "-"))
        text = role.group()
        return m.Paragraph([phrase, m.Text(text[role.end("name"):])], line=line, kind="byline")

    def formats(self, blocks: list[Block]) -> m.Division:
        """The formats on sale: one ``<bibl>`` each (edition, ISBN, extent, price, shop buttons)."""
        entries: list[m.Bibl | m.Bibliography] = []
        current: list[m.Inline] = []
        current_line = blocks[0].line
        fmt = m.BookFormat()
        for i, block in enumerate(blocks):
            text = block.text
            starts = (i + 1 < len(blocks) and _is_short(block, 3) and not _is_isbn_line(text)
                      and _is_isbn_line(blocks[i + 1].text))
            if starts:
                if current:
                    entries.append(m.Bibl(current, line=current_line))
                current, current_line = [m.Phrase("edition", [m.Text(text)])], block.line
                fmt = m.BookFormat(name=text)
                self.md.formats.append(fmt)
                continue
            if current:
                current.append(m.LineBreak(line=block.line))
            else:
                current_line = block.line
            if _is_isbn_line(text):
                number = bookdata.ISBN_PATTERN.search(text)
                assert number is not None
                before, after = text[:number.start()], text[number.end():]
                current += [*([m.Text(before)] if before else []), self.isbn(number.group(), block.line),
                            *([m.Text(after)] if after else [])]
                fmt.isbn = bookdata.isbn_digits(number.group())
            elif FURNITURE.match(text):
                current.append(m.Phrase("segment", [m.Text(text)], subtype="furniture"))
            elif _is_price_line(text):
                current += self.price(text)
                fmt.price = text
            elif bookdata.find_pages(text) or bookdata.DIMENSIONS_PATTERN.search(text):
                current.append(self.extent(text))
                fmt.extent = text
            else:
                current.append(m.Text(text))
        if current:
            entries.append(m.Bibl(current, line=current_line))
        return m.Division("formats", None, [m.Bibliography(None, entries, line=blocks[0].line)],
                          line=blocks[0].line)

    def reviewed_book(self, blocks: list[Block]) -> m.Bibl:
        """The closing description of a reviewed book, as a ``<bibl>`` and a related work."""
        book = m.Metadata()
        self.md.related.append(m.RelatedWork("reviewed", book))
        footer = _footer(blocks[0]) if len(blocks) == 1 else None
        if footer:
            return m.Bibl(self.footer(footer, blocks[0].line, book), line=blocks[0].line)
        content: list[m.Inline] = []
        for i, block in enumerate(blocks):
            text = block.text
            if i:
                content.append(m.LineBreak(line=block.line))
            if _trade_data(text) or (i and "," in text and re.search(r"\b\d{4}\b", text)):
                content += self.imprint(text, block.line, book)
            elif i == 0:
                book.title = text
                content.append(m.Phrase("title", [m.Text(text)]))
            elif i == 1 and not _names_line(text) and any(_names_line(b.text) for b in blocks[2:]):
                book.subtitle = text
                content.append(m.Phrase("title", [m.Text(text)], subtype="sub"))
            else:
                content += self.names(text, book)
        return m.Bibl(content, line=blocks[0].line)

    def footer(self, match: re.Match[str], line: int, book: m.Metadata) -> list[m.Inline]:
        """``Title by Author is published by Publisher (£40)``, every part marked, the rest kept."""
        book.title = match.group("title")
        out: list[m.Inline] = [m.Text(match.group("lead") or ""), m.Phrase("title", [m.Text(book.title)]),
                               m.Text(match.string[match.end("title"):match.start("names")])]
        out += self.names(match.group("names"), book)
        if match.group("pub"):
            book.publisher = match.group("pub")
            out += [m.Text(match.group("pubphrase")), m.Phrase("publisher", [m.Text(book.publisher)])]
        out += [m.Text(match.group("open")), *self.imprint(match.group("imprint"), line, book), m.Text(")")]
        out.append(m.Text(match.group("rest")))
        return [node for node in out if not isinstance(node, m.Text) or node.text]

    @staticmethod
    def names(text: str, book: m.Metadata) -> list[m.Inline]:
        """``Name``, ``Name and Name``, ``edited by Name``: authors, editors, other roles."""
        prefix = RESP_PREFIX.match(text)
        people = text[prefix.end():] if prefix else text
        names = [n for n in re.split(r"\s+(?:and|&)\s+|,\s+", people) if n]
        out: list[m.Inline] = [m.Text(prefix.group())] if prefix else []
        kind: m.PhraseKind = "editor" if prefix and prefix.group("resp").lower() == "edited" else "author"
        if prefix and kind == "author":
            kind = "name"
        rest = people
        for name in names:
            before, _, rest = rest.partition(name)
            if before:
                out.append(m.Text(before))
            out.append(m.Phrase(kind, [m.Text(name)]))
            if kind == "author":
                book.authors.append(name)
            elif kind == "editor":
                book.editors.append(name)
            elif prefix:
                book.responsibilities.append(m.Responsibility(prefix.group().strip(), name))
        if rest:
            out.append(m.Text(rest))
        return out

    def imprint(self, text: str, line: int, book: m.Metadata) -> list[m.Inline]:
        """``Publisher, 576pp, £40`` or ``576pp. Publisher. £40``: each part marked by what it is."""
        out: list[m.Inline] = []
        parts = re.split(r"(,\s+|(?<=\w\w)\.\s+)", text)
        for part in parts:
            number = bookdata.ISBN_PATTERN.search(part)
            price = bookdata.find_price(part)
            if re.fullmatch(r"[,.]\s+", part):
                out.append(m.Text(part))
            elif number and _is_isbn_line(part):
                before, after = part[:number.start()], part[number.end():]
                out += [m.Text(before), self.isbn(number.group(), line), m.Text(after)]
                book.isbns.append(bookdata.isbn_digits(number.group()))
            elif price:
                out += self.price(part)
                book.price = price.text
            elif bookdata.find_pages(part):
                out.append(self.extent(part))
                book.extent = part
            elif re.fullmatch(r"\d{4}", part.strip()):
                book.date = part.strip()
                year = part.strip() if int(part) else None  # XML Schema has no year 0000
                out.append(m.Date([m.Text(part)], year))
            elif book.publisher is None:
                book.publisher = part
                out.append(m.Phrase("publisher", [m.Text(part)]))
            else:
                out.append(m.Text(part))
        return out

    # ------------------------------------------------------------ the page

    def read(self) -> m.Document:
        blocks = _blocks(self.source)
        body: list[m.Block] = []
        if blocks:
            lead = LEADING_DATE.match(blocks[0].text)
            if lead and len(blocks[0].lines) == 1:
                body += self.dated(lead, blocks[0].text[lead.end():], blocks[0].line)
                blocks = blocks[1:]
        closing = _trailing_bibl(blocks)
        closing_blocks = blocks[closing:] if closing is not None else []
        blocks = blocks[:closing] if closing is not None else blocks
        formats_at = _formats_start(blocks)
        sale: list[Block] = []
        after: list[Block] = []
        if formats_at is not None:
            end = _formats_end(blocks, formats_at)
            blocks, sale, after = blocks[:formats_at], blocks[formats_at:end], blocks[end:]
        headings = _headings(blocks)
        first_heading = min(headings, default=len(blocks))
        if closing_blocks and _headline(blocks):
            review = m.Division("review", [m.Text(blocks[0].text)], [], line=blocks[0].line)
            self.md.title = blocks[0].text
            review.blocks += self.sections(blocks[1:], {h - 1 for h in headings if h})
            review.blocks.append(self.reviewed_book(closing_blocks))
            closing_blocks = []
            body.append(review)
        elif not body and first_heading > 0 and (headings or sale) and _is_short(blocks[0], 12):
            page = self.title_block(blocks[:first_heading])
            page.blocks += self.sections(blocks[first_heading:], {h - first_heading for h in headings})
            page.blocks += self.sale(sale, after)
            body.append(page)
        else:
            body += self.sections(blocks, headings) + self.sale(sale, after)
        if closing_blocks:
            body.append(self.reviewed_book(closing_blocks))
        self.doc.body = body
        return self.doc

    def sale(self, sale: list[Block], after: list[Block]) -> list[m.Block]:
        """The formats on sale, then whatever follows them (e.g. a section about the author)."""
        return ([self.formats(sale)] if sale else []) + self.sections(after, _headings(after))

    def sections(self, blocks: list[Block], headings: set[int]) -> list[m.Block]:
        """Blocks, with a ``Division`` from each heading to the next."""
        out: list[m.Block] = []
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if i in headings:
                out.append(m.Division("section", [m.Text(block.text)], [], line=block.line))
                i += 1
                continue
            attribution = self.separate_attribution(block, blocks[i + 1] if i + 1 < len(blocks) else None)
            target = out[-1].blocks if out and isinstance(out[-1], m.Division) else out
            target.append(attribution or self.block(block))
            i += 2 if attribution else 1
        return out

    def separate_attribution(self, block: Block, following: Block | None) -> m.BlockQuote | None:
        """A quoted review whose ``— Name`` attribution stands in the next block."""
        text = block.text
        quoted = text[:1] in QUOTE_OPEN and text[-1:] in QUOTE_CLOSE
        if following is None or following.words > 25 or not quoted:
            return None
        source = ATTRIBUTION_LINE.match(following.text)
        if source is None:
            return None
        quote = paragraph(block.lines, block.line)
        credit = m.Bibl([m.Text(source.group("dash") + " "), *self.attribution(source.group("source"))],
                        line=following.line)
        return m.BlockQuote([quote], credit, line=block.line)


def read(source: Source, lang: str | None = None) -> m.Document:
    """Read a web page saved as text (see the module docstring); ``lang`` is unused: the header
    takes the given language, and the page needs no lexicon."""
    return _Reader(source).read()
