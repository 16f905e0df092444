"""The fidelity invariant: every word of the input is in the TEI, and no other word.

Words are compared as multisets of alphanumeric tokens.  The TEI side is read
with every line break as a word boundary and OCR corrections in their original
(``sic``) reading, so it must match the input token for token once the
tokens that became markup (page numbers, note markers) are taken out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from lxml import etree

from teitools import codes
from teitools.diagnostics import Diagnostic, Severity
from teitools.model import Removed

TEI_NS = "http://www.tei-c.org/ns/1.0"
_WORD = re.compile(r"[^\W_]+")
_SKIP = {f"{{{TEI_NS}}}{name}" for name in ("corr", "reg", "expan", "teiHeader")}
# Elements that stand exactly where their text was printed, glued or not (``Once<fw>66</fw>``,
# ``eine<fw><choice><sic>2o6</sic>...``): they part no words.
_IN_PLACE = {f"{{{TEI_NS}}}{name}" for name in ("fw", "choice", "sic")}
# ... unless they stand between blocks (a page's number and running head before a division's head)
_BLOCKS = {f"{{{TEI_NS}}}{name}" for name in ("div", "body", "front", "back")}


def words(text: str) -> list[str]:
    """The alphanumeric tokens of a text."""
    return _WORD.findall(text)


def tei_words(root: etree._Element) -> Counter[str]:
    """Tokens of a TEI document's text: line breaks separate words, ``sic`` readings kept."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        if el.tag in _SKIP:
            return
        if el.tag == f"{{{TEI_NS}}}lb":
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                gap = "" if child.tag in _IN_PLACE and el.tag not in _BLOCKS else " "
                parts.append(gap)
                walk(child)
                parts.append(gap)
            if child.tail:
                parts.append(child.tail)

    for text in root.iter(f"{{{TEI_NS}}}text"):
        walk(text)
    return Counter(words("".join(parts)))


def expected_words(source_text: str, removed: Iterable[Removed]) -> Counter[str]:
    """Input words less the text that became markup.

    Removed text whose place is known (1-based line and column) is cut out where it
    stood, so that a marker glued to a word (``forewomen7``) leaves the word; text
    without a place is subtracted word by word.
    """
    lines, loose = _cut(source_text, removed)
    expected = Counter(words("\n".join(lines)))
    expected.subtract(Counter(w for text in loose for w in words(text)))
    return expected


def _cut(source_text: str, removed: Iterable[Removed]) -> tuple[list[str], list[str]]:
    """The input lines with removed text blanked out where it stood, and the removed
    text whose place is not known."""
    lines = source_text.split("\n")
    loose: list[str] = []
    for item in removed:
        text, line, column = item.text, item.line, item.column
        here = lines[line - 1] if 0 < line <= len(lines) else ""
        if column > 0 and here[column - 1:column - 1 + len(text)] == text:
            lines[line - 1] = here[:column - 1] + " " * len(text) + here[column - 1 + len(text):]
        else:
            loose.append(text)
    return lines, loose


def _lines_holding(problem: Counter[str], lines: list[str], most: int = 5) -> list[int]:
    """The input lines (1-based) that hold most of the words lost or invented, chosen greedily:
    the line holding the most of them, then the line holding most of the rest, … A line
    the converter dropped or wrote twice holds all of its words, so it comes first."""
    left = Counter(problem)
    found: list[int] = []
    per_line = [Counter(words(line)) for line in lines]
    while left and len(found) < most:
        best, best_hits = -1, 0
        for number, counts in enumerate(per_line):
            hits = sum(min(n, left[w]) for w, n in counts.items() if w in left)
            if hits > best_hits:
                best, best_hits = number, hits
        if best < 0:
            break
        found.append(best + 1)
        left.subtract(per_line[best])
        left = +left
    return sorted(found)


def check(source_text: str, root: etree._Element, removed: Iterable[Removed],
          path: str = "") -> list[Diagnostic]:
    """Diagnostics for words lost or invented between the input and the TEI.

    Each names the input lines that hold those words (the lines the converter could not
    place, or wrote twice) and points at the first of them."""
    removed = list(removed)
    expected = expected_words(source_text, removed)
    found = tei_words(root)
    lost = +(expected - found)
    invented = +(found - expected)
    problems = []
    lines = _cut(source_text, removed)[0] if lost or invented else []
    for code, problem, what in ((codes.FID001, lost, "input words are missing from the TEI"),
                                (codes.FID002, invented, "words in the TEI are not in the input")):
        if not problem:
            continue
        sample = ", ".join(sorted(problem)[:8])
        where = _lines_holding(problem, lines)
        at = f"; input lines {', '.join(map(str, where))}" if len(where) > 1 else (
            f"; input line {where[0]}" if where else "")
        verb = "not placed" if code == codes.FID001 else "written twice"
        problems.append(Diagnostic(
            code, f"{sum(problem.values())} {what} (e.g. {sample}){at}{' ' + verb if where else ''}",
            path=path, line=where[0] if where else None, severity=Severity.ERROR,
            hint="this is a converter bug; please report it with the input"))
    return problems
