# ruff: noqa: RUF001, RUF003  (OCR text is full of typographic quotes and dashes)
"""Works cited in running prose, as a further-reading section names them.

``E.H. Carr, A History of Soviet Russia (seven volumes, London 1950 onwards)``: an
author's name (capitalised words and initials), a comma, a title, and in brackets
the imprint with its year.  Each such reference becomes an inline ``<bibl>`` in
its paragraph, across the line breaks it spans; the words stay as printed.
"""

from __future__ import annotations

import re

from teitools import model as m
from teitools.readers.dehyphenate import Vocabulary

_NAME = r"[A-Z][a-zà-ÿ]+(?:[’'\-][A-Za-zà-ÿ]+)*"  # Carr, O’Brien, Lévi-Strauss
_AUTHOR = rf"(?:(?:[A-Z]\.\s?|{_NAME}\s)){{0,3}}{_NAME}"  # E.H. Carr, Alfred G. Meyer, M.Dobb
_REFERENCE = re.compile(
    rf"(?<![\w.]){_AUTHOR},\s"
    r"[A-Z‘“][^()\x00]{2,160}?\s"  # the title
    r"\([^()\x00]*\b1[5-9]\d\d\b[^()\x00]*\)"  # the imprint with its year: (London 1966)
)
# A second author's name and comma inside the title: the reference starts there
# ("... on Khrushchev, Mark Frankland, Khrushchev (Pelican 1966)").
_LATER_AUTHOR = re.compile(
    rf"(?<=,\s)(?:[A-Z]\.\s?|{_NAME}\s)(?:[A-Z]\.\s?|{_NAME}\s){{0,2}}{_NAME},\s(?=[A-Z‘“])")
FUNCTION_WORD = 6.0  # Zipf frequency of words like "The", "On", "In": never a name
_BARRIER = "\x00"  # stands for a node a reference never spans (a note, a figure)


def _flat(content: list[m.Inline]) -> tuple[str, list[tuple[int, int]]]:
    """The paragraph's text and, for each node, its span in that text."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    for node in content:
        if isinstance(node, m.Text):
            text = node.text
        elif isinstance(node, m.LineBreak):
            text = "" if node.joined else "\n"
        elif isinstance(node, m.Correction):
            text = node.sic
        else:
            text = _BARRIER
        parts.append(text)
        spans.append((at, at + len(text)))
        at += len(text)
    return "".join(parts), spans


def _cut(content: list[m.Inline], offset: int) -> bool:
    """Make a node boundary at ``offset`` of the paragraph's text (splitting a Text
    node); False when ``offset`` falls inside a node that cannot be split."""
    _, spans = _flat(content)
    for k, (start, end) in enumerate(spans):
        if start < offset < end:
            node = content[k]
            if not isinstance(node, m.Text):
                return False
            content[k:k + 1] = [m.Text(node.text[:offset - start]), m.Text(node.text[offset - start:])]
            return True
    return True


def _author_start(text: str, match: re.Match[str], vocabulary: Vocabulary) -> int:
    """Where the author's name begins: a later name and comma in the title starts it
    anew; a capitalised function word (``The`` opening the sentence) is no part of it,
    nor is the end of a longer capitalised phrase (``Second World War Alexander Werth``)."""
    later = list(_LATER_AUTHOR.finditer(match.group()))
    start = match.start() + later[-1].start() if later else match.start()
    while True:
        words = re.findall(r"\S+", text[start:text.find(",", start)])
        first = re.match(r"[^\W\d_]+\s+(?=[A-Z])", text[start:]) if words else None
        before = re.search(r"(\S+)\s+$", text[:start])
        common = bool(first) and vocabulary.zipf(words[0].lower()) >= FUNCTION_WORD
        run_on = len(words) >= 3 and before is not None and before.group(1)[:1].isupper() \
            and not before.group(1).endswith(".")
        if not (first and (common or run_on)):
            return start
        start += first.end()


def mark(paragraph: m.Paragraph, vocabulary: Vocabulary) -> int:
    """Wrap each reference of the paragraph in a ``bibl`` phrase; how many were found.

    References are taken from the last, so that the text offsets of the earlier ones
    stay as they were.
    """
    content = paragraph.content
    text, _ = _flat(content)
    found = 0
    for match in reversed(list(_REFERENCE.finditer(text))):
        begin = _author_start(text, match, vocabulary)
        if not (_cut(content, match.end()) and _cut(content, begin)):
            continue
        _, spans = _flat(content)
        first = next(k for k, (s, e) in enumerate(spans) if s >= begin and e > s)
        after = next((k for k, (s, _) in enumerate(spans) if k > first and s >= match.end()), len(content))
        content[first:after] = [m.Phrase("bibl", content[first:after])]
        found += 1
    return found
