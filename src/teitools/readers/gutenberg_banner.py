"""Project Gutenberg's own text around a book: the preamble with its banner, and the licence.

Every Project Gutenberg text opens with a preamble (``The Project Gutenberg EBook of …``,
``Title:``, ``Author:``, ``Release Date: … [EBook #2229]``, ``Language:``, ``Character set
encoding:``) that ends with the banner ``*** START OF THE PROJECT GUTENBERG EBOOK … ***``
(``THIS`` in older files; ``***START OF …***`` split over two lines in some), followed by the
producers' credits (``Produced by …``); after the book come ``End of the Project Gutenberg
EBook of …``, the banner ``*** END OF THE PROJECT GUTENBERG EBOOK … ***`` and the Project
Gutenberg License (``*** START: FULL LICENSE ***``). Project Gutenberg's FAQ calls the two
banners the "start" and "end" markers that separate its header and footer from the eBook
proper; this module finds them and reads the preamble's fields for the teiHeader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from teitools import language
from teitools import model as m

START = re.compile(r"^\s*\*{3}\s*(START OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK)", re.I)
END = re.compile(r"^\s*\*{3}\s*(END OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK)", re.I)
# The line that closes the book before the end banner, in English or as German texts word it.
END_LINE = re.compile(r"^\s*(?:\**\s*End of (?:the |this )?Project Gutenberg"
                      r"|Ende (?:dieses|des) Projekt(?:s|es)? Gutenberg)", re.I)
FULL_LICENCE = re.compile(r"^\s*\*{3}\s*START:? FULL LICEN[CS]E", re.I)
OLD_START = re.compile(r"^\s*\*END\*\s*THE SMALL PRINT", re.I)  # files of the 1990s: licence first
# Producers' credits and Project Gutenberg's own notes right after the start banner.
CREDITS = re.compile(r"^\s*(?:Produced by|E-?text prepared by|Credits?:|Transcribed (?:from|by)"
                     r"|This (?:e-?text|file|e-?book) was (?:produced|prepared|made)"
                     r"|Note: Project Gutenberg|Project Gutenberg)", re.I)
LICENCE_URL = "https://www.gutenberg.org/policy/license.html"
LICENCE = ("Project Gutenberg License: public domain in the USA; use and redistribution under the terms "
           "of the Project Gutenberg License included with the text")
EBOOK_URL = "https://www.gutenberg.org/ebooks/{}"

_FIELD = re.compile(r"^(Title|Author|Authors|Translator|Translators|Editor|Editors|Illustrator|Illustrators"
                    r"|Release Date|Posting Date|Language|Original Publication|Contributor|Compiler)"
                    r"\s*:\s*(.*)$", re.I)
_EBOOK_NO = re.compile(r"\bE-?(?:Book|text)\s*#\s*(\d+)", re.I)
_OF_BY = re.compile(r"Project Gutenberg(?:'s)? E-?(?:Book|text)s?,? (?:of )?(.+?)(?:, by (.+?))?\s*$", re.I)
_DATE = re.compile(r"(?P<month>[A-Z][a-z]+)\.?(?:\s+(?P<day>\d{1,2}))?,?\s+(?P<year>1[5-9]\d\d|20\d\d)")
_MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
_RESP = {"translator": "translated by", "translators": "translated by", "illustrator": "illustrated by",
         "illustrators": "illustrated by", "contributor": "contributions by", "compiler": "compiled by"}


@dataclass(frozen=True)
class Banner:
    """Where the book stands between Project Gutenberg's header and licence (0-based lines).

    ``body`` .. ``licence`` (exclusive) is the book; lines before ``body`` are the preamble
    and credits, lines from ``licence`` on the closing line, end banner and licence.
    ``name`` is the start banner's wording (``START OF THE PROJECT GUTENBERG EBOOK``).
    """

    name: str
    start: int  # the start banner's first line
    body: int
    licence: int


def find(lines: list[str]) -> Banner | None:
    """The banners of a Project Gutenberg text, or None when it has no start banner."""
    start = next((i for i, line in enumerate(lines) if START.match(line) or OLD_START.match(line)), None)
    if start is None:
        end = next((i for i, line in enumerate(lines) if END.match(line)), None)
        if end is None:
            return None
        found = END.match(lines[end])
        return Banner(_wording(found.group(1) if found else ""), 0, 0, _closing(lines, 0, end))
    found = START.match(lines[start])
    name = _wording(found.group(1)) if found else "END THE SMALL PRINT"
    body = start + 1
    if found and "***" not in lines[start][found.end():]:  # the banner goes on over another line or two
        body = next((i + 1 for i in range(start + 1, min(start + 3, len(lines))) if "***" in lines[i]), body)
    end = next((i for i in range(body, len(lines)) if END.match(lines[i]) or FULL_LICENCE.match(lines[i])),
               len(lines))
    return Banner(name, start, _credits(lines, body, end), _closing(lines, body, end))


def _wording(text: str) -> str:
    return " ".join(text.upper().split())


def _closing(lines: list[str], low: int, end: int) -> int:
    """The first line of what closes the book: ``End of the Project Gutenberg EBook`` a little
    before the end banner (or Gutenberg-DE's German closing line), else the end banner."""
    for i in range(max(low, end - 40), end):
        if END_LINE.match(lines[i]):
            return i
    return end


def _credits(lines: list[str], body: int, end: int) -> int:
    """The first line after the producers' credits that follow the start banner: blocks that
    credit the producers or speak of Project Gutenberg, and indented blocks that go on with
    them (``Note: Project Gutenberg also has an HTML version …``)."""
    i = body
    in_credit = False
    while i < end:
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j < end and lines[j].strip():
            j += 1
        block = lines[i:j]
        text = " ".join(line.strip() for line in block)
        indented = all(line[:1].isspace() and len(line) - len(line.lstrip()) >= 4 for line in block)
        if CREDITS.match(block[0]) or "gutenberg" in text.lower() or (in_credit and indented):
            in_credit = True
            i = j
            continue
        break
    while i > body and not lines[i - 1].strip():
        i -= 1
    return i


def _iso_date(text: str) -> tuple[str, str] | None:
    """``November 6, 2006`` as (``2006-11-06``, as printed); ``March, 2004`` as ``2004-03``."""
    found = _DATE.search(text)
    if not found or found.group("month").lower() not in _MONTHS:
        return None
    month = _MONTHS[found.group("month").lower()]
    when = f"{found.group('year')}-{month:02d}"
    if found.group("day"):
        when += f"-{int(found.group('day')):02d}"
    return when, found.group(0)


def fields(preamble: list[str]) -> dict[str, list[str]]:
    """The preamble's ``Name: value`` fields, lower-cased names, each with its value and its
    continuation lines (indented lines below it: a title's subtitle)."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in preamble:
        match = _FIELD.match(line.strip()) if not line[:1].isspace() else None
        if match:
            current = found.setdefault(match.group(1).lower(), [])
            current.append(" ".join(match.group(2).split()))
        elif current is not None and line.strip() and line[:1].isspace():
            current.append(" ".join(line.split()))
        else:
            current = None
    return found


def metadata(preamble: list[str], md: m.Metadata) -> None:
    """Fill ``md`` from the preamble: title and subtitle, authors (``Author: Various`` as
    printed), editors, translator and illustrator as responsibilities, the release date, the
    ebook number (``<idno type="gutenberg">``), the language, the licence and the ebook's
    address; Project Gutenberg as publisher."""
    values = fields(preamble)
    opening = next((i for i, line in enumerate(preamble) if line.strip()), 0)
    closing = next((i for i in range(opening, len(preamble)) if not preamble[i].strip()), len(preamble))
    first = " ".join(" ".join(preamble[opening:closing]).replace("\ufeff", "").split())
    title = values.get("title")
    of_by = _OF_BY.search(first)
    if title and title[0]:
        md.title = title[0]
        if len(title) > 1:
            md.subtitle = " ".join(title[1:])
    elif of_by:
        md.title = of_by.group(1).strip()
    for key in ("author", "authors"):
        md.authors += [" ".join(v.split()) for v in values.get(key, [])[:1] if v]
    if not md.authors and of_by and of_by.group(2):
        md.authors = [of_by.group(2).strip()]
    for key in ("editor", "editors"):
        md.editors += [v for v in values.get(key, [])[:1] if v]
    for key, resp in _RESP.items():
        md.responsibilities += [m.Responsibility(resp, v) for v in values.get(key, [])[:1] if v]
    for key in ("release date", "posting date"):
        for value in values.get(key, []):
            date = _iso_date(value)
            if date and md.date is None:
                md.date, md.date_text = date
    number = next((n.group(1) for line in preamble if (n := _EBOOK_NO.search(line))), None)
    if number:
        md.identifiers.append(("gutenberg", number))
        md.source_url = EBOOK_URL.format(number)
    for value in values.get("language", [])[:1]:
        code = language.code_of(value.split(",")[0].split(" and ")[0])
        if code:
            md.language = code
    md.publisher = "Project Gutenberg"
    md.rights = LICENCE
