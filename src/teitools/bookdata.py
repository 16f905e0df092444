"""Book-trade data found in texts and sidecars: ISBNs, prices, extents.

Shared by the web reader (which finds them in the text), the sidecar checks and
the header (which encodes them), so that each is recognised and normalised once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from teitools.model import Measure, Text

# An ISBN as printed: 13 digits (978/979), or 10 characters, with optional hyphens or spaces.
ISBN_PATTERN = re.compile(
    r"(?<![\w-])(?:97[89](?:[- ]?\d){10}|\d(?:[- ]?\d){8}[- ]?[\dXx])(?![\w-])")

CURRENCIES = {"£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY", "GBP": "GBP", "USD": "USD", "EUR": "EUR",
              "US$": "USD", "CA$": "CAD", "C$": "CAD", "A$": "AUD", "AU$": "AUD", "CHF": "CHF"}
_SYMBOL = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
_AMOUNT = r"\d(?:[\d.,]*\d)?"
PRICE_PATTERN = re.compile(
    rf"(?P<cur>{_SYMBOL})\s?(?P<amount>{_AMOUNT})"
    rf"|(?<![\w.,])(?P<amount2>{_AMOUNT})\s?(?P<cur2>€|EUR|GBP|USD|CHF)(?!\w)")
PAGES_PATTERN = re.compile(r"(?<![\w.])(?P<n>\d{1,5})\s?(?:pp\b\.?|pages?\b|p\.(?!\w))", re.IGNORECASE)
DIMENSIONS_PATTERN = re.compile(
    r"(?<![\w.])\d+(?:[.,]\d+)?\s?[x\u00d7]\s?\d+(?:[.,]\d+)?(?:\s?[x\u00d7]\s?\d+(?:[.,]\d+)?)?\s?(?P<unit>mm|cm|in)\b")


def isbn_digits(text: str) -> str:
    """The ISBN without hyphens and spaces (an ``x`` check character upper-cased)."""
    return re.sub(r"[\s-]", "", text).upper()


def isbn_check_digit(digits: str) -> str:
    """The check character an ISBN with these first 12 (or 9) digits must end with."""
    if len(digits) == 12:
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
        return str((10 - total % 10) % 10)
    if len(digits) == 9:
        total = sum(int(d) * (10 - i) for i, d in enumerate(digits))
        check = (11 - total % 11) % 11
        return "X" if check == 10 else str(check)
    raise ValueError(f"an ISBN has 9 or 12 digits before its check digit, not {len(digits)}")


def isbn_problem(text: str) -> str | None:
    """Why ``text`` is not a valid ISBN-13 or ISBN-10, or None when it is."""
    digits = isbn_digits(text)
    if not re.fullmatch(r"97[89]\d{10}|\d{9}[\dX]", digits):
        return "is not 13 digits starting 978/979 nor 10 characters"
    expected = isbn_check_digit(digits[:-1])
    if digits[-1] != expected:
        return f"has check digit {digits[-1]}, expected {expected}"
    return None


@dataclass(frozen=True)
class Price:
    """A price as printed, with its ISO 4217 currency and its amount as a decimal number."""

    text: str
    currency: str
    amount: str


def find_price(text: str) -> Price | None:
    """The first price in ``text``; a comma before two final digits is a decimal comma."""
    m = PRICE_PATTERN.search(text)
    if m is None:
        return None
    cur = m.group("cur") or m.group("cur2")
    printed = m.group("amount") or m.group("amount2")
    whole, cents = printed, ""
    if re.search(r"[.,]\d{2}$", printed):
        whole, cents = printed[:-3], "." + printed[-2:]
    return Price(m.group(), CURRENCIES[cur], re.sub(r"[.,]", "", whole) + cents)


def find_pages(text: str) -> str | None:
    """The number of pages in an extent like ``576pp`` or ``576 pages``."""
    m = PAGES_PATTERN.search(text)
    return m.group("n") if m else None


def extent_parts(text: str) -> list[str | Measure]:
    """``text`` cut into pieces: the measures in it, and the text between them.

    ``152 x 229 mm • 576 pages`` gives a dimensions measure, `` • `` and a pages measure.
    """
    spans: list[tuple[int, int, Measure]] = []
    for m in DIMENSIONS_PATTERN.finditer(text):
        measure = Measure([Text(m.group())], kind="dimensions", unit=m.group("unit"))
        spans.append((m.start(), m.end(), measure))
    for m in PAGES_PATTERN.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b, _ in spans):
            measure = Measure([Text(m.group())], unit="pages", quantity=m.group("n"))
            spans.append((m.start(), m.end(), measure))
    parts: list[str | Measure] = []
    at = 0
    for start, end, measure in sorted(spans, key=lambda s: s[0]):
        if start > at:
            parts.append(text[at:start])
        parts.append(measure)
        at = end
    if at < len(text):
        parts.append(text[at:])
    return parts


def price_measure(price: Price) -> Measure:
    """A price as a measure of the model."""
    return Measure([Text(price.text)], kind="price", unit=price.currency, quantity=price.amount)
