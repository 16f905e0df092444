# ruff: noqa: RUF001, RUF002  (OCR text is full of typographic quotes and dashes)
"""OCR misreadings inside numbers, corrected only where the context makes them certain.

A token that mixes digits with the letters OCR reads for them (``i960``, ``I963``,
``mid-i93os``, ``6o``) can be no word, so its reading as a number is certain; so is
a decade's capital ``S`` (``1950S``), a lone ``i`` or ``l`` before a month name
(``On i July``), and a regnal number (``Alexander H’s``) when the document prints
the same name with that number elsewhere.  Everything else is left as printed.
"""

from __future__ import annotations

import re

from teitools import model as m

_DIGIT_FOR = str.maketrans({"i": "1", "I": "1", "l": "1", "o": "0", "O": "0"})
_MIXED = re.compile(r"(?<![^\W_])(?=[0-9ioIlO]*\d)(?=[0-9]*[ioIlO])([0-9ioIlO]{2,4})(s?)(?![^\W_])")
_DECADE = re.compile(r"(?<![^\W_])(1[0-9]{2}0)S(?![^\W_])")
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
_DAY_ONE = re.compile(rf"(?<!\S)[il](?=\s+(?:{_MONTHS})\b)")
_REGNAL = re.compile(r"\b([A-Z][a-z]{2,}) ([IVX]*[Hl][IVXHl]*)(?=[’']s\b|[\s,.;:)]|$)")
_ROMAN_FOR = str.maketrans({"H": "II", "l": "I"})


def _mixed(match: re.Match[str], _text: str) -> str | None:
    digits = match.group(1).translate(_DIGIT_FOR)
    return digits + match.group(2) if digits.isdigit() and not digits.startswith("0") else None


def _decade(match: re.Match[str], _text: str) -> str | None:
    return match.group(1) + "s"


def _day_one(match: re.Match[str], _text: str) -> str | None:
    return "1"


def _regnal(match: re.Match[str], text: str) -> str | None:
    numeral = match.group(2).translate(_ROMAN_FOR)
    return numeral if re.search(rf"\b{match.group(1)} {numeral}\b", text) else None


_RULES = ((_MIXED, _mixed), (_DECADE, _decade), (_DAY_ONE, _day_one), (_REGNAL, _regnal))


class Corrector:
    """Finds certain corrections in the lines of one document."""

    def __init__(self, text: str) -> None:
        self.text = text

    def apply(self, segment: str, line: int) -> list[m.Inline]:
        """``segment`` as Text nodes with the certain corrections as Correction nodes."""
        found: list[tuple[int, int, str]] = []
        for pattern, correct in _RULES:
            for match in pattern.finditer(segment):
                corr = correct(match, self.text)
                span = match.span(2) if pattern is _REGNAL else match.span()
                if corr is not None and not any(s < span[1] and span[0] < e for s, e, _ in found):
                    found.append((span[0], span[1], corr))
        out: list[m.Inline] = []
        pos = 0
        for start, end, corr in sorted(found):
            if start > pos:
                out.append(m.Text(segment[pos:start]))
            out.append(m.Correction(segment[start:end], corr, line=line))
            pos = end
        if pos < len(segment) or not out:
            out.append(m.Text(segment[pos:]))
        return out
