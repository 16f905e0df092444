"""Book-trade data: ISBN check digits, prices with their currency, extents with measures."""

from __future__ import annotations

import pytest

from teitools import bookdata
from teitools.model import text_of


@pytest.mark.parametrize(("isbn", "problem"), [
    ("978-0-306-40615-7", None),
    ("0-306-40615-2", None),
    ("080442957X", None),
    ("978-0-306-40615-3", "has check digit 3, expected 7"),
    ("0-306-40615-3", "has check digit 3, expected 2"),
    ("12345", "is not 13 digits starting 978/979 nor 10 characters"),
])
def test_isbn_check_digits(isbn, problem):
    assert bookdata.isbn_problem(isbn) == problem


@pytest.mark.parametrize(("text", "currency", "amount"), [
    ("\u00a340,00", "GBP", "40.00"),
    ("RRP \u00a338.00", "GBP", "38.00"),
    ("12,50 \u20ac", "EUR", "12.50"),
    ("$1,250", "USD", "1250"),
    ("US$ 1.234,56", "USD", "1234.56"),
])
def test_prices(text, currency, amount):
    price = bookdata.find_price(text)
    assert price is not None and (price.currency, price.amount) == (currency, amount)
    assert price.text in text


def test_no_price_in_plain_numbers():
    assert bookdata.find_price("In 1962 some 20 people died.") is None


def test_extent_parts_keep_every_character():
    text = "xii + 156 x 234 mm \u2022 320 pages"
    parts = bookdata.extent_parts(text)
    assert "".join(piece if isinstance(piece, str) else text_of(piece.content) for piece in parts) == text
    assert [(p.kind, p.unit, p.quantity) for p in parts if not isinstance(p, str)] == [
        ("dimensions", "mm", None), (None, "pages", "320")]
