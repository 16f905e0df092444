"""How well `teitools convert` generalises: the scorer's figures on every book of the development corpus.

Usage: .venv/bin/python bench/generalise.py [--seed N] [--books SUBSTRING ...] [--kinds ocr,ebook,real,pg]
                                            [--jobs N] [--json FILE] [--out DIR]

The books (from ../shared/devcorpus, or $TEITOOLS_SHARED/devcorpus), each converted in process with the
layout detected, and scored with ../shared/eval/score_convert.py (imported by path, never copied):

- ocr, ebook: the TEI books of tei/ printed back by bench/printback.py (the ocr kind only for books
  that print page numbers), with the printer's gold;
- real: the OCR output of ocr/ as it is.  Page gold from the *.pageheads.tsv beside it: a page counts
  where its printed number is known (not merely inferred) and stands on one of the first or last
  three lines of the page; the page begins at its form feed.  Headings: chapter lines (below);
- pg: the Project Gutenberg files of pg/ (decoded as their preamble declares when not UTF-8).  Gold
  from the Gutenberg conventions in the file: figures from [Illustration: ...] (number and caption),
  notes from [Footnote N: ...] / [Note N: ...] / [Nota N: ...] and indented "[N] ..." bodies linked
  to the last [N] marker before them (markers without a body are notes without a body), headings
  from chapter lines (CHAPTER I., LETTRE II., EERSTE HOOFDSTUK, SCENE I, a Roman numeral alone),
  pages from {12} / [Pg 12] markers and "Page 12" at a line start, metadata from the preamble's
  Title: and Author:.

One table: per book the F1 / accuracy figures as percentages ("-" where the gold has no such items),
then the means per language and per kind.  Columns beside the scorer's: fixP = share of the TEI's
<choice><sic/><corr/> corrections that are gold OCR fixes (printed-back books only, whose every
misreading is known); pb+ = <pb n> claimed in a pg text that marks no pages, or in a real OCR
text numbers (printed or supplied) that no page of the book has, by its pageheads (see
page_numbers), or more often than its pages have them (should be 0); fw- = lines of page furniture
of a real OCR text (running heads beside the pageheads' printed numbers, lines standing on the edges
of a tenth of the pages) standing as lines of their own in its TEI outside <fw> (should be 0);
clean = share of the Gutenberg banner and licence lines kept out of <body>.
A conversion that raises, that the converter refuses (an error diagnostic such as FID001/FID002) or
whose TEI the scorer cannot read scores 0 (its other figures are those of an empty TEI) and is listed
by name with the reason.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import itertools
import json
import os
import re
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from types import ModuleType
from typing import Any

from lxml import etree

from teitools.convert import convert_source
from teitools.diagnostics import Severity, TeiToolsError
from teitools.source import read_source

REPO = Path(__file__).resolve().parent.parent
KINDS = ("ocr", "ebook", "real", "pg")
# (column, scorer metric) in table order; None marks a figure computed here.
COLUMNS = (("pages", "pages.f1"), ("place", "pages.placement"), ("notes", "notes.f1"),
           ("body", "notes.body_accuracy"), ("figs", "figures.f1"), ("heads", "headings.recall"),
           ("verse", "verse.recall"), ("split", "dehyphenation.accuracy"), ("fixes", "ocr_fixes.accuracy"),
           ("fixP", None), ("fidR", "fidelity.recall"), ("fidP", "fidelity.precision"),
           ("meta", "metadata.accuracy"), ("pb+", None), ("fw-", None), ("clean", None))
START_WORDS = 8
FURNITURE_PAGES = 0.1  # share of a real text's pages on whose edges a line must stand to be furniture
LEGEND = ("figures in %, '-' where the gold has none; pages/place = <pb n> F1 and placement, notes/body = "
          "notes F1 and note texts, split = split words, fixes/fixP = OCR fixes made / corrections right, "
          "fidR/fidP = text fidelity, pb+ = invented <pb n> (count), fw- = page furniture left in the text "
          "(count), clean = banner kept out of <body>")
EMPTY_TEI = b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body/></text></TEI>'
PG_START = re.compile(r"\*\*\*\s*START OF (?:THE|THIS) PROJECT GUTENBERG", re.I)
PG_END = re.compile(r"\*\*\*\s*END OF (?:THE|THIS) PROJECT GUTENBERG", re.I)
PG_ENCODING = re.compile(r"^Character set encoding:\s*(.+?)\s*$", re.M)
ILLUSTRATION = re.compile(r"\[(?:Illustration|Illustrazione|Ilustraci[oó]n|Abbildung)\b")
FIGURE_LABEL = re.compile(r"^(?:fig(?:ure)?s?\.?|plate|pl\.)\s*(\d+[a-z]?|[IVXLC]+)\b[.:]?\s*(.*)$",
                          re.I | re.S)
NOTE_BLOCK = re.compile(r"^\s*\[(?:Footnote|Note|Nota|Fußnote|Fussnote|Anmerkung)\s*([^\]:\s]*)\s*:\s?(.*)$")
NOTE_BODY = re.compile(r"^\s*(?:\[(\d{1,3}|[A-Z])\]|\((\d{1,3})\))\s+(\S.*)$")  # [1] text, (1) text
TRANSCRIBER = re.compile(r"Transcriber['\u2019]?s?\s+Notes?", re.I)
PAGE_MARKER = re.compile(r"\{(\d+|[ivxlcdm]+)\}|\[Pg\.? ?(\d+|[ivxlcdm]+)\]"
                         r"|^\s*Page\s+(\d+|[ivxlcdm]+)(?=\s|$)", re.I)
CHAPTER_WORDS = (r"(?:CHAPTER|CHAP\.|LETTER|LETTRE|CHAPITRE|CAPITOLO|CAP[IÍ]TULO|KAPITEL|HOOFDSTUK|BOOK|"
                 r"PART|LIVRE|ACT|ACTUS|SCENE|SCENA|ESCENA|SC[EÈ]NE|BRIEF|BUCH|THEIL|TEIL)")
CHAPTER_LINE = re.compile(rf"^{CHAPTER_WORDS}\s+([IVXLCDM]+|\d+)\b.*$", re.I)
ORDINAL_CHAPTER = re.compile(r"^\w+\s+(?:HOOFDSTUK|KAPITEL|CAPITOLO|CHAPITRE|CHAPTER)\b", re.I)
ROMAN_ALONE = re.compile(r"^[IVXLC]+\.?$")
CONTENTS = re.compile(r"^\s*(?:TABLE OF CONTENTS|CONTENTS|INHALTSVERZEICHNIS|INHALT|INHOUD|INDICE|ÍNDICE|"
                      r"TABLE DES MATI[EÈ]RES|SOMMAIRE)\b.{0,40}$", re.I)
TOC_REACH = 40  # lines from a CONTENTS line to its first entry
TOC_ENTRY = re.compile(r"(?:\.\s*){3,}\s*\d+\s*$|\s{2,}\d+\s*$")


def shared_dir() -> Path:
    """../shared beside the repository, or $TEITOOLS_SHARED."""
    env = os.environ.get("TEITOOLS_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def load_module(path: Path, name: str) -> ModuleType:
    """A module loaded from its file (registered, so that its dataclasses resolve)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


printback = load_module(Path(__file__).resolve().parent / "printback.py", "printback")
_SCORER: list[ModuleType] = []


def scorer() -> ModuleType:
    """The official scorer, loaded once per process, with its string similarity decided sooner
    (:func:`bounded_ratio`: the same verdicts)."""
    if not _SCORER:
        module = load_module(shared_dir() / "eval" / "score_convert.py", "score_convert")
        module.ratio = bounded_ratio
        _SCORER.append(module)
    return _SCORER[0]


RATIO_FLOOR = 0.85  # the lowest threshold any of the scorer's ratio() calls is compared with


@functools.lru_cache(maxsize=65536)
def _letters(text: str) -> Counter[str]:
    return Counter(text)


def bounded_ratio(a: str, b: str) -> float:
    """The scorer's ``ratio(a, b)`` (difflib's Ratcliff-Obershelp similarity, 0..1), except that a
    pair whose upper bound (from the lengths, then from the shared letters: difflib's
    ``real_quick_ratio`` and ``quick_ratio``) is below :data:`RATIO_FLOOR` gets that bound.  Every
    call site of the scorer compares the ratio with a threshold of at least 0.85, so its verdicts
    are the same, without a quadratic match for each pair of verse lines that cannot be alike."""
    if not a and not b:
        return 1.0
    total = len(a) + len(b)
    bound = 2.0 * min(len(a), len(b)) / total
    if bound < RATIO_FLOOR:
        return bound
    bound = 2.0 * sum((_letters(a) & _letters(b)).values()) / total
    if bound < RATIO_FLOOR:
        return bound
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def lines_of(text: str) -> list[str]:
    """The lines of a text as the scorer reads its source (universal newlines, split at LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def words_after(lines: list[str], line: int, column: int = 0, count: int = START_WORDS) -> str:
    """The first words at or after ``lines[line][column:]``, page and note markers left out."""
    words: list[str] = []
    for k in range(line, len(lines)):
        text = lines[k][column:] if k == line else lines[k]
        words += PAGE_MARKER.sub(" ", re.sub(r"\[\d{1,3}\]", " ", text)).split()
        if len(words) >= count:
            break
    return " ".join(words[:count])


# ----------------------------------------------------------------------------------------------
# Gold for the real texts
# ----------------------------------------------------------------------------------------------
def chapter_headings(lines: list[str], start: int, end: int, roman_alone: bool,
                     skip: set[int] | None = None) -> list[dict[str, Any]]:
    """Chapter heading lines between ``start`` and ``end``: a chapter word and number, or an
    ordinal and a chapter word, after a blank line; with ``roman_alone`` also a Roman numeral alone
    between blank lines.  Lines of a table of contents are left out."""
    def blank(i: int) -> bool:
        return not (0 <= i < len(lines)) or not lines[i].strip(" \f")

    found: list[dict[str, Any]] = []
    for i in range(start, end):
        text = re.sub(r"\[\d{1,3}\]", "", lines[i]).strip(" \f\t")
        if not text or len(text) > 60 or i in (skip or set()) or TOC_ENTRY.search(text):
            continue
        if not (blank(i - 1) or "\f" in lines[i]):
            continue
        chapter = (CHAPTER_LINE.match(text) and text[0].isupper()) or ORDINAL_CHAPTER.match(text)
        if chapter or (roman_alone and ROMAN_ALONE.match(text) and blank(i + 1)):
            found.append({"level": 1, "line": i + 1, "text": text})
    for contents in (i + 1 for i in range(start, end) if CONTENTS.match(lines[i])):
        listed = [h for h in found if h["line"] > contents]
        if not listed or listed[0]["line"] - contents > TOC_REACH:
            continue  # no table of contents listing chapter lines
        seen, stop = set(), end + 1
        for heading in listed:  # the table ends where a chapter comes again (the text begins)
            key = " ".join(re.findall(r"\w+", heading["text"].lower())[:2])
            if key in seen:
                stop = heading["line"]
                break
            seen.add(key)
        found = [h for h in found if not contents < h["line"] < stop]
    return found


def real_ocr_gold(path: Path, lines: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Gold for a real OCR text: pages from its pageheads.tsv, chapter headings."""
    starts = [0] + [i for i, line in enumerate(lines) for _ in range(line.count("\f"))]
    pages, unseen = [], 0
    tsv = path.with_name(path.stem + ".pageheads.tsv")
    rows = tsv.read_text(encoding="utf-8").splitlines()[1:] if tsv.is_file() else []
    numbers = page_numbers(rows)
    for row in rows:
        index, _, printed, evidence = [*row.split("\t"), "", "", ""][:4]
        if not printed or not evidence or evidence == "inferred" or int(index) > len(starts):
            continue
        first = starts[int(index) - 1]
        last = starts[int(index)] if int(index) < len(starts) else len(lines)
        text = [i for i in range(first, last) if lines[i].strip(" \f")]
        edges = text[:3] + text[-3:]
        pattern = re.compile(rf"(?<![^\W_]){re.escape(printed)}(?![^\W_])")
        at = next((i for i in edges if pattern.search(lines[i])), None)
        if at is None:
            unseen += 1
            continue
        body = [i for i in text if i > at] if at in text[:3] else text
        pages.append({"n": printed, "number_line": at + 1, "number_token": printed, "start_line": first + 1,
                      "starts_with": words_after(lines, body[0]) if body else ""})
    gold = {"source": path.name, "layout": "ocr-paged", "pages": pages,
            "headings": chapter_headings(lines, 0, len(lines), roman_alone=False)}
    numbered = {page["number_line"] - 1 for page in pages}
    return gold, {"pages_without_visible_number": unseen, "furniture": furniture(lines, starts, numbered),
                  "page_numbers": numbers if rows else None}


def page_numbers(rows: list[str]) -> Counter[str]:
    """The numbers of a real OCR text's pages by its pageheads rows (``page_index``, ``source_page``,
    ``printed_page``, ``evidence``): each printed or inferred number, and for scans the rows skip
    (a page_index missing) the numbers between their neighbours' where those rise with the index.
    Rows that give neither a number nor evidence (pages nobody annotated) are counted under "?":
    so many numbers there may be that the pageheads cannot judge."""
    given: dict[int, str] = {}
    numbers = Counter[str]()
    for row in rows:
        index, _, printed, evidence = [*row.split("\t"), "", "", ""][:4]
        if printed:
            given[int(index)] = printed
        numbers["?"] += not printed and not evidence
    known = sorted((i, int(n)) for i, n in given.items() if n.isdigit())
    for (i, a), (j, b) in itertools.pairwise(known):
        if b - a == j - i:
            given.update({k: str(a + k - i) for k in range(i + 1, j) if k not in given})
    numbers.update(given.values())
    return numbers


def furniture(lines: list[str], starts: list[int], numbered: set[int]) -> list[str]:
    """The words of the page furniture of a real OCR text, one entry per line: the line of a page's
    printed number (``numbered``) where words stand beside the number (a running head), and the
    first two and last two text lines of the form-feed pages (``starts``) whose letters stand so on
    at least FURNITURE_PAGES of the pages (a running head without a number, a scanner's stamp).
    The words: the line's tokens that hold a letter, as printed."""
    def letters(line: str) -> str:
        return re.sub(r"[^\w]|[\d_]", "", line)

    edges: list[tuple[int, int]] = []  # (page, line)
    for page, (low, high) in enumerate(zip(starts, [*starts[1:], len(lines)], strict=True)):
        text = [i for i in range(low, high) if lines[i].strip(" \f")]
        edges += [(page, i) for i in dict.fromkeys(text[:2] + text[-2:])]
    pages_of: dict[str, set[int]] = {}
    for page, i in edges:
        pages_of.setdefault(letters(lines[i]), set()).add(page)
    least = max(3, FURNITURE_PAGES * len(starts))
    found = []
    for _, i in edges:
        key = letters(lines[i])
        if i in numbered or (len(key) >= 4 and len(pages_of[key]) >= least):
            words = " ".join(w for w in lines[i].split() if re.search(r"[^\W\d_]", w))
            if re.search(r"[^\W\d_]{2}", words):
                found.append(words)
    return found


# Elements inside a line of print: they do not end the line they stand in. Every other element
# (lb, pb, fw, p, head, cell, note ...) stands between lines.
IN_LINE = {"hi", "emph", "foreign", "term", "title", "q", "quote", "said", "ref", "ptr", "rs", "name",
           "persName", "placeName", "date", "num", "seg", "choice", "sic", "orig", "abbr", "unclear",
           "supplied", "add", "del", "w", "c", "distinct", "mentioned", "soCalled", "gloss"}
# ... and the readings teitools adds beside what was printed (a correction, a regularisation)
NOT_PRINTED = {"corr", "reg", "expan"}


def furniture_left(text_el: Any, found: list[str]) -> int:
    """How many lines of page furniture (``found``, see :func:`furniture`) the TEI's text holds
    outside ``<fw>``: for each distinct line of words, the times a line of the text outside
    ``<fw>`` (as printed: corrections aside) has those words and no others, at most the times it
    is furniture. A line of the text ends at every element that does not stand inside a line."""
    lines: list[str] = []
    parts: list[str] = []

    def walk(node: Any) -> None:
        if not isinstance(node.tag, str):
            return  # a comment or processing instruction: not printed
        name = etree.QName(node).localname
        if name in NOT_PRINTED or name == "fw":
            return
        if name not in IN_LINE:
            lines.append(" ".join(parts))
            parts.clear()
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if name not in IN_LINE:
            lines.append(" ".join(parts))
            parts.clear()

    walk(text_el)
    words = Counter(" ".join(w for w in line.split() if re.search(r"[^\W\d_]", w)) for line in lines)
    return sum(min(times, words[line]) for line, times in Counter(found).items())


def pg_text(path: Path) -> tuple[str, str | None]:
    """A Gutenberg file's text and the encoding it had to be read with (None: UTF-8)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        declared = PG_ENCODING.search(data[:4000].decode("latin-1"))
        name = declared.group(1).lower() if declared else "latin-1"
        encoding = "latin-1" if "latin" in name or "8859-1" in name or "ascii" in name else name
        return data.decode(encoding), encoding


def bracketed(lines: list[str], first: int, column: int) -> tuple[int, str]:
    """The line where the bracket opened at ``lines[first][column]`` closes, and the text inside."""
    depth, parts = 0, []
    for k in range(first, len(lines)):
        text = lines[k][column:] if k == first else lines[k]
        for j, char in enumerate(text):
            depth += {"[": 1, "]": -1}.get(char, 0)
            if depth == 0:
                parts.append(text[:j])
                return k, " ".join(" ".join(parts)[1:].split())
        parts.append(text)
    return len(lines) - 1, " ".join(" ".join(parts)[1:].split())


def pg_gold(path: Path, lines: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Gold for a Gutenberg text from its conventions; info: the banner lines, page markers."""
    begin = next((i for i, line in enumerate(lines) if PG_START.search(line)), 0)
    while begin < len(lines) - 1 and not lines[begin].rstrip().endswith("***"):
        begin += 1
    begin += 1
    end = next((i for i in range(begin, len(lines)) if PG_END.search(lines[i])), len(lines))
    banner = [line for line in lines[:begin] + lines[end:] if len(line.split()) >= 4]
    metadata = {}
    for key in ("Title", "Author"):
        at = next((i for i in range(begin) if lines[i].startswith(f"{key}:")), None)
        if at is not None:
            value = [lines[at].split(":", 1)[1].strip()]
            k = at + 1
            while k < begin and lines[k][:1].isspace() and lines[k].strip():
                value.append(lines[k].strip())
                k += 1
            metadata[key.lower()] = " ".join(value)
    figures, skip = pg_figures(lines, begin, end)
    note_gold, note_lines = pg_notes(lines, begin, end, skip)
    pages = []
    quoted = transcribers_notes(lines, begin, end)
    for i in range(begin, end):
        for found in PAGE_MARKER.finditer(lines[i]) if i not in quoted else ():
            number = next(g for g in found.groups() if g)
            rest = lines[i][found.end():].strip()
            start = i if rest else next((k for k in range(i + 1, end) if lines[k].strip()), i)
            first = words_after(lines, i, found.end()) if rest else words_after(lines, start)
            pages.append({"n": number, "number_line": i + 1, "number_token": number, "start_line": start + 1,
                          "starts_with": first})
    gold: dict[str, Any] = {
        "source": path.name, "layout": "gutenberg", "pages": pages, "figures": figures, "notes": note_gold,
        "headings": chapter_headings(lines, begin, end, roman_alone=True, skip=skip | note_lines),
        "metadata": metadata}
    return gold, {"banner": banner, "page_markers": bool(pages)}


def transcribers_notes(lines: list[str], begin: int, end: int) -> set[int]:
    """The lines of transcriber's notes (from the label to two blank lines): the page markers they
    quote (``shown in curly braces, e.g. {99}``) are no pages."""
    inside: set[int] = set()
    for i in range(begin, end):
        if TRANSCRIBER.search(lines[i]):
            k = i
            while k < end and not (not lines[k].strip() and k + 1 < end and not lines[k + 1].strip()):
                inside.add(k)
                k += 1
    return inside


def pg_figures(lines: list[str], begin: int, end: int) -> tuple[list[dict[str, Any]], set[int]]:
    """Figures from [Illustration: ...] blocks, and the lines they take."""
    figures: list[dict[str, Any]] = []
    taken: set[int] = set()
    i = begin
    while i < end:
        found = ILLUSTRATION.search(lines[i])
        if not found:
            i += 1
            continue
        last, inside = bracketed(lines, i, found.start())
        caption = re.sub(r"^\w+\s*:?\s*", "", inside, count=1).strip()
        label = FIGURE_LABEL.match(caption)
        if label:
            number, caption = label.group(1), re.sub(r"^[-\u2013\u2014\s]+", "", label.group(2))
        else:
            digits = re.search(r"\d+(?:\.\d+)*", caption)
            number = digits.group() if digits else ""
        figures.append({"n": number, "line": i + 1, "end_line": last + 1, "caption": caption})
        taken.update(range(i, last + 1))
        i = last + 1
    return figures, taken


def pg_notes(lines: list[str], begin: int, end: int, skip: set[int]) -> tuple[list[dict[str, Any]], set[int]]:
    """Notes: every [N] marker in the running text, with the body that follows it (a [Footnote N: ...]
    block or an "[N] ..." paragraph after a blank line) linked to the last marker N before it."""
    letters = any((m := NOTE_BLOCK.match(lines[i])) and m.group(1).isalpha() for i in range(begin, end))
    # [1] (or [A]), and a reference in words, "(Note 2)", whose note text is "(2) …"
    bracketed_label = r"\[(\d{1,3}|[A-Z])\]" if letters else r"\[(\d{1,3})\]"
    marker = re.compile(bracketed_label + r"|\((?:Note|NOTE|note)\s+(\d{1,3})\)")
    notes: list[dict[str, Any]] = []
    body_lines: set[int] = set()
    i = begin
    while i < end:
        line = lines[i]
        block = NOTE_BLOCK.match(line)
        body = NOTE_BODY.match(line)
        if block or (body and not lines[i - 1].strip() and any(
                n["n"] == (body.group(1) or body.group(2)) and n["body"] is None for n in notes)):
            if block:
                last, inside = bracketed(lines, i, line.index("["))
                label, text = block.group(1), inside.split(":", 1)[1].strip()
            else:
                assert body is not None
                last = next((k - 1 for k in range(i + 1, end) if not lines[k].strip()), end - 1)
                label = body.group(1) or body.group(2)
                text = " ".join([body.group(3), *lines[i + 1:last + 1]]).strip()
            target = next((n for n in reversed(notes) if n["n"] == label and n["body"] is None), None)
            if target is not None and label:
                target["body_line"], target["body"] = i + 1, " ".join(text.split())
            body_lines.update(range(i, last + 1))
            i = last + 1
            continue
        if i not in skip:
            for found in marker.finditer(line):
                before = marker.sub(" ", line[:found.start()]).split()
                if not before:
                    previous = next((k for k in range(i - 1, begin - 1, -1) if lines[k].strip()), None)
                    before = marker.sub(" ", lines[previous]).split() if previous is not None else []
                notes.append({"n": found.group(1) or found.group(2), "ref_line": i + 1,
                              "anchor": " ".join(before[-8:]), "body_line": None, "body": None})
        i += 1
    return [n for n in notes if n["anchor"]], body_lines


# ----------------------------------------------------------------------------------------------
# Converting and scoring one book
# ----------------------------------------------------------------------------------------------
def tasks(shared: Path, kinds: Iterable[str], books: list[str]) -> list[tuple[str, str]]:
    """(kind, path) of every book to run, in table order."""
    corpus = shared / "devcorpus"
    found = []
    for kind in kinds:
        if kind in ("ocr", "ebook"):
            paths = sorted((corpus / "tei").glob("*.xml"))
            if kind == "ocr":
                paths = [p for p in paths if printback.has_page_numbers(p)]
        else:
            paths = sorted((corpus / ("ocr" if kind == "real" else "pg")).glob("*.txt"))
        found += [(kind, str(p)) for p in paths if not books or any(b in p.name for b in books)]
    return found


@dataclass
class Prepared:
    """A book ready to convert: the text file, its encoding, the gold, the lines as the scorer
    reads them, and what the gold reader noticed."""

    text: Path
    encoding: str | None
    gold: dict[str, Any]
    lines: list[str]
    info: dict[str, Any]


def prepare(kind: str, path: Path, seed: int, work: Path) -> Prepared:
    """Print a TEI book into ``work``, or read a real text, with its gold."""
    if kind in ("ocr", "ebook"):
        rendering = printback.render(path, kind, seed)
        txt, _ = rendering.write(work)
        return Prepared(txt, None, rendering.gold, lines_of(rendering.text), {})
    if kind == "real":
        lines = lines_of(path.read_text(encoding="utf-8"))
        gold, info = real_ocr_gold(path, lines)
        return Prepared(path, None, gold, lines, info)
    text, encoding = pg_text(path)
    lines = lines_of(text)
    gold, info = pg_gold(path, lines)
    return Prepared(path, encoding, gold, lines, info)


def convert(book: Prepared) -> tuple[str | None, bytes | None, str | None]:
    """(detected layout, TEI, why the conversion failed) as the converter does it in process."""
    try:
        conversion = convert_source(read_source(book.text, encoding=book.encoding))
    except TeiToolsError as err:
        return None, None, err.diagnostic.to_text()
    except Exception as err:  # the converter crashed: that is what this harness is for
        where = traceback.extract_tb(err.__traceback__)[-1]
        return None, None, f"{type(err).__name__}: {err} (in {where.name}, {Path(where.filename).name})"
    errors = [d for d in conversion.diagnostics if d.severity is Severity.ERROR]
    if errors:  # the converter refuses its own output (FID001, FID002, ...)
        return conversion.document.layout, None, "; ".join(f"{d.code} {d.message}" for d in errors)[:300]
    return conversion.document.layout, conversion.data, None


def evaluate(kind: str, path_name: str, seed: int, out: str | None) -> dict[str, Any]:
    """Print (a TEI book), convert and score one book: a row of the table.  A failed conversion
    is scored as an empty TEI document, with SCORE 0."""
    path = Path(path_name)
    started = time.perf_counter()
    row: dict[str, Any] = {"book": path.stem, "kind": kind, "lang": path.stem.split("_")[0], "layout": None,
                           "failed": None, "metrics": {"SCORE": 0.0}, "extra": {}}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(out) if out else Path(scratch)
        try:
            book = prepare(kind, path, seed, work)
        except Exception as err:  # a bug in the printer or a gold reader: say so, keep the row
            row["failed"] = f"gold: {type(err).__name__}: {err}"
        else:
            row["layout"], data, row["failed"] = convert(book)
            if out:
                keep(work, kind, path, book, data)
            try:
                row.update(score(kind, book, data))
            except Exception as err:  # the scorer cannot read this TEI (a <pb> inside a note, ...)
                row["failed"] = f"scorer: {scorer_error(err)}"
                row.update(score(kind, book, None))
    row["seconds"] = round(time.perf_counter() - started, 2)
    return row


def score(kind: str, book: Prepared, data: bytes | None) -> dict[str, Any]:
    """The scorer's metrics, its details and the figures computed here; a failed conversion
    (``data`` None) is scored as an empty TEI document, with SCORE 0."""
    sc = scorer()
    root = etree.fromstring(data if data is not None else EMPTY_TEI, etree.XMLParser(huge_tree=True))
    metrics, detail, _ = sc.score(book.gold, root, book.lines)
    noticed = {k: v for k, v in book.info.items() if k != "banner"}
    extra = {**noticed, "encoding": book.encoding, **extra_figures(sc, kind, book.gold, root, book.info)}
    return {"metrics": {**metrics, "SCORE": metrics["SCORE"] if data is not None else 0.0}, "detail": detail,
            "extra": extra}


def scorer_error(err: Exception) -> str:
    """What made the scorer fail, in words (an element it could not place is named by its path)."""
    if isinstance(err, KeyError) and err.args and isinstance(err.args[0], etree._Element):
        el = err.args[0]
        path = "/".join(etree.QName(e).localname for e in reversed([el, *el.iterancestors()]))[-80:]
        name = etree.QName(el).localname
        return f"KeyError: <{name} n={el.get('n')!r}> at {path} (outside the running text)"
    return f"{type(err).__name__}: {err}"[:300]


def keep(work: Path, kind: str, path: Path, book: Prepared, data: bytes | None) -> None:
    """Leave the gold, the TEI and (for real texts, in UTF-8) the text in the output folder, so that
    score_convert.py can be run on them by hand."""
    if kind in ("real", "pg"):
        (work / path.name).write_text("\n".join(book.lines), encoding="utf-8")
    (work / f"{book.text.stem}.json").write_text(json.dumps(book.gold, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
    if data is not None:
        (work / f"{book.text.stem}.xml").write_bytes(data)


def extra_figures(sc: ModuleType, kind: str, gold: dict[str, Any], root: Any,
                  info: dict[str, Any]) -> dict[str, Any]:
    """fixP, pb+ and clean (see the module docstring)."""
    out: dict[str, Any] = {}
    text_el = root.find(f".//{{{sc.TEI_NS}}}text")
    choices = [(sc.nospace(sc.el_text(s, skip=())), sc.nospace(sc.el_text(c, skip=())))
               for ch in text_el.iter(f"{{{sc.TEI_NS}}}choice")
               for s in ch.findall(f"{{{sc.TEI_NS}}}sic") for c in ch.findall(f"{{{sc.TEI_NS}}}corr")]
    fixes = {(sc.nospace(f["found"]), sc.nospace(f["correct"])) for f in gold.get("ocr_fixes", [])}
    if choices and kind in ("ocr", "ebook"):  # printed back: every misreading in the text is known
        out["fixP"] = sum(c in fixes for c in choices) / len(choices)
    if kind == "real":
        out["fw-"] = furniture_left(text_el, info["furniture"])
        if info["page_numbers"] is not None:  # pageheads give every page of the book its number
            given = Counter(e.get("n").strip("[] ") for e in text_el.iter(f"{{{sc.TEI_NS}}}pb") if e.get("n"))
            numbers = info["page_numbers"]
            excess = sum(max(0, times - numbers[n]) for n, times in given.items())
            out["pb+"] = max(0, excess - numbers["?"])
    if kind == "pg":
        if not info["page_markers"]:
            out["pb+"] = sum(1 for e in text_el.iter(f"{{{sc.TEI_NS}}}pb") if e.get("n") and not supplied(e))
        body = text_el.find(f".//{{{sc.TEI_NS}}}body")
        inside = sc.nospace(sc.el_text(body, skip=())) if body is not None else ""
        banner = [sc.nospace(line) for line in info["banner"]]
        banner = [b for b in banner if len(b) >= 12]
        if banner:
            out["clean"] = 1 - sum(b in inside for b in banner) / len(banner)
    return out


def supplied(pb: Any) -> bool:
    """A page number the converter supplied, not read (the scorer's rule)."""
    if pb.get("n", "").strip().startswith("["):
        return True
    return any(re.search(r"suppl|infer|conject", pb.get(a, ""), re.I)
               for a in ("type", "subtype", "rend", "evidence", "resp", "cert", "ana"))


# ----------------------------------------------------------------------------------------------
# The table
# ----------------------------------------------------------------------------------------------
def figures_of(row: dict[str, Any]) -> dict[str, float]:
    """The row's figures by column (absent where the gold has nothing of that kind)."""
    out = {col: row["metrics"][key] for col, key in COLUMNS if key and key in row["metrics"]}
    out.update({col: row["extra"][col] for col, key in COLUMNS if key is None and col in row["extra"]})
    if "SCORE" in row["metrics"]:
        out["SCORE"] = row["metrics"]["SCORE"]
    return out


def mean_row(label: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The mean of each figure over the rows that have it."""
    figures = [figures_of(r) for r in rows]
    means = {}
    for col in [c for c, _ in COLUMNS] + ["SCORE"]:
        values = [f[col] for f in figures if col in f]
        if values:
            means[col] = statistics.fmean(values)
    return {"label": label, "books": len(rows), "figures": means}


def cell(col: str, value: float | None) -> str:
    """A figure as printed: percent, SCORE with a decimal, pb+ as a count, '-' when absent."""
    if value is None:
        return f"{'-':>6}"
    if col == "SCORE":
        return f"{value:7.1f}"
    if col in ("pb+", "fw-"):
        return f"{value:6.0f}"
    return f"{100 * value:6.0f}"


def table(rows: list[dict[str, Any]], means: list[dict[str, Any]]) -> str:
    """The rows (failed conversions marked !) and the means."""
    cols = [c for c, _ in COLUMNS]
    head = f"{'book':40} {'kind':5} {'layout':9}" + "".join(f"{c:>6}" for c in cols)
    head += f"{'SCORE':>7} {'sec':>5}"
    out = [head, "-" * len(head)]
    for row in rows:
        figures = figures_of(row)
        name = row["book"][:38] + (" !" if row["failed"] else "")
        out.append(f"{name:40} {row['kind']:5} {row['layout'] or '-':9}"
                   + "".join(cell(c, figures.get(c)) for c in cols)
                   + cell("SCORE", figures.get("SCORE")) + f" {row['seconds']:5.1f}")
    out.append("-" * len(head))
    for mean in means:
        label = f"{mean['label']} ({mean['books']})"
        out.append(f"{label:56}" + "".join(cell(c, mean["figures"].get(c)) for c in cols)
                   + cell("SCORE", mean["figures"].get("SCORE")))
    return "\n".join(out)


def run(jobs: list[tuple[str, str]], seed: int, workers: int, out: str | None) -> list[dict[str, Any]]:
    """Evaluate every job; rows in job order."""
    if workers <= 1:
        return [evaluate(kind, path, seed, out) for kind, path in jobs]
    biggest_first = sorted(jobs, key=lambda job: -Path(job[1]).stat().st_size)  # no long job last
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {job: pool.submit(evaluate, *job, seed, out) for job in biggest_first}
        return [futures[job].result() for job in jobs]


def main(argv: list[str] | None = None) -> int:
    """The command line: run the books, print the table and the time taken."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="printback seed (default 0)")
    parser.add_argument("--books", action="append", default=[], metavar="SUBSTRING",
                        help="only books whose file name contains this (repeatable)")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of {','.join(KINDS)}")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--json", type=Path, help="also write the rows and means to this JSON file")
    parser.add_argument("--out", type=Path, help="keep the texts, gold and TEI outputs in this folder")
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kinds {unknown}; choose from {KINDS}")
    shared = shared_dir()
    if not (shared / "eval" / "score_convert.py").is_file() or not (shared / "devcorpus").is_dir():
        print(f"error: {shared} has no eval/score_convert.py or devcorpus/: the harness needs ../shared "
              "beside the repository (or TEITOOLS_SHARED)", file=sys.stderr)
        return 2
    jobs = tasks(shared, kinds, args.books)
    if not jobs:
        print("error: no books match", file=sys.stderr)
        return 2
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rows = run(jobs, args.seed, max(1, args.jobs), str(args.out) if args.out else None)
    elapsed = time.perf_counter() - started
    means = [mean_row(f"mean lang={lang}", [r for r in rows if r["lang"] == lang])
             for lang in sorted({r["lang"] for r in rows})]
    means += [mean_row(f"mean kind={kind}", [r for r in rows if r["kind"] == kind])
              for kind in kinds if any(r["kind"] == kind for r in rows)]
    means.append(mean_row("mean all", rows))
    print(table(rows, means))
    print(LEGEND)
    failed = [r for r in rows if r["failed"]]
    if failed:
        print(f"\nfailed ({len(failed)}, scored 0):")
        for row in failed:
            print(f"  {row['book']} [{row['kind']}]: {row['failed']}")
    print(f"\n{len(rows)} conversions, seed {args.seed}, {max(1, args.jobs)} jobs: {elapsed:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"seed": args.seed, "seconds": round(elapsed, 1), "rows": rows,
                                         "means": means}, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
