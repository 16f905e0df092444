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

from teitools.diagnostics import Diagnostic, Severity
from teitools.model import Removed

TEI_NS = "http://www.tei-c.org/ns/1.0"
_WORD = re.compile(r"[^\W_]+")
_SKIP = {f"{{{TEI_NS}}}{name}" for name in ("corr", "reg", "expan", "teiHeader")}
# Elements that stand exactly where their text was printed, glued or not (``Once<fw>66</fw>``,
# ``eine<fw><choice><sic>2o6</sic>...``): they part no words.
_IN_PLACE = {f"{{{TEI_NS}}}{name}" for name in ("fw", "choice", "sic")}


def words(text: str) -> list[str]:
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
                gap = "" if child.tag in _IN_PLACE else " "
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
    lines = source_text.split("\n")
    loose: list[str] = []
    for item in removed:
        text, line, column = item.text, item.line, item.column
        here = lines[line - 1] if 0 < line <= len(lines) else ""
        if column > 0 and here[column - 1:column - 1 + len(text)] == text:
            lines[line - 1] = here[:column - 1] + " " * len(text) + here[column - 1 + len(text):]
        else:
            loose.append(text)
    expected = Counter(words("\n".join(lines)))
    expected.subtract(Counter(w for text in loose for w in words(text)))
    return expected


def check(source_text: str, root: etree._Element, removed: Iterable[Removed],
          path: str = "") -> list[Diagnostic]:
    """Diagnostics for words lost or invented between the input and the TEI."""
    expected = expected_words(source_text, removed)
    found = tei_words(root)
    lost = +(expected - found)
    invented = +(found - expected)
    problems = []
    if lost:
        sample = ", ".join(sorted(lost)[:8])
        problems.append(Diagnostic(
            "FID001", f"{sum(lost.values())} input words are missing from the TEI (e.g. {sample})",
            path=path, hint="this is a converter bug; please report it with the input"))
    if invented:
        sample = ", ".join(sorted(invented)[:8])
        problems.append(Diagnostic(
            "FID002", f"{sum(invented.values())} words in the TEI are not in the input (e.g. {sample})",
            path=path, severity=Severity.ERROR,
            hint="this is a converter bug; please report it with the input"))
    return problems
