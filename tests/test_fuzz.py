"""Property-based tests: texts that mix every pattern the readers know with hostile text,
converted with every layout forced and with detection. Whatever the text, convert raises
nothing, refuses nothing (no FID001/FID002 fidelity error, no CNV001 invalid TEI) and gives the
same bytes twice.

Profiles (``HYPOTHESIS_PROFILE``): ``ci`` (the default: 250 examples, derandomised, well under
a minute) and ``long`` for local runs (``HYPOTHESIS_PROFILE=long FUZZ_EXAMPLES=5000
.venv/bin/python -m pytest tests/test_fuzz.py``). A failing example hypothesis finds is added
below as an ``@example``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from teitools import layout
from teitools.convert import convert_source
from teitools.diagnostics import Severity
from teitools.source import source_from_text

settings.register_profile("ci", max_examples=250, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

WORDS = ["the", "harbour", "ships", "came", "late", "grain", "Zürich", "naïve", "présents", "Straße",
         "merchants", "council", "tolls", "examin-", "ing", "adminis\u00ad", "tration", "ill-", "disposed"]
HOSTILE = ["\u0301", "\u05d0\u05d1\u05d2", "\u0627\u0644\u0639", "\u00a0", "\t", "\r\n", "\r", "\x07",
           "\x85", "\ufffe", "\u2028", "\u200b", "…", "—", "«", "»", "\u202e"]


@st.composite
def line(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14))
    hostile = draw(st.lists(st.sampled_from(HOSTILE), max_size=2))
    marker = draw(st.sampled_from(["", "1", "²", "*", "[1]", " (3)", "†"]))
    text = " ".join(words)
    for piece in hostile:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + piece + text[at:]
    return text + marker


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["paragraph", "paragraph", "heading", "page", "note", "notes", "caption",
                                 "illustration", "verse", "rule", "long", "numbered", "roman"]))
    n = draw(st.integers(1, 40))
    if kind == "paragraph":
        return "\n".join(draw(st.lists(line(), min_size=1, max_size=6)))
    if kind == "heading":
        return draw(st.sampled_from([f"CHAPTER {n}.", "CHAPTER IV", "Erstes Kapitel.", "PREFACE",
                                     "CAPVT II.", "Notes", "Non avete paura?", f"LESSON {n}"]))
    if kind == "page":
        return draw(st.sampled_from([str(n), f"{n}   THE HARBOUR BOOK", f"THE HARBOUR BOOK   {n}",
                                     f"[Pg {n}]", f"{{{n}}}", "\f"]))
    if kind == "note":
        return f"{draw(st.sampled_from(['1', '*', '1)', '(1)', '¹', '[Footnote 1:']))} " + draw(line())
    if kind == "notes":
        return "\n".join(f"{k}. {draw(line())}" for k in range(1, draw(st.integers(1, 4)) + 1))
    if kind == "caption":
        return f"{draw(st.sampled_from(['Fig.', 'Abb.', 'Plate', '']))} {n}. {draw(line())}".strip()
    if kind == "illustration":
        return f"[Illustration: {draw(line())}]"
    if kind == "verse":
        return "\n".join("    " + draw(line()) for _ in range(draw(st.integers(2, 4))))
    if kind == "rule":
        return draw(st.sampled_from(["* * *", "-----", "★ ★ ★", "...", "====", "*"]))
    if kind == "long":
        return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=200, max_size=400)))
    if kind == "numbered":
        return f"{n}. {draw(line())}"
    return draw(st.sampled_from(["vii", "VIII", "xii"]))


@st.composite
def text(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=25))
    separators = draw(st.lists(st.sampled_from(["\n\n", "\n", "\n\n\n"]), min_size=len(blocks),
                               max_size=len(blocks)))
    return "".join(b + s for b, s in zip(blocks, separators, strict=True))


def converted_twice(body: str, name: str) -> bytes:
    first = convert_source(source_from_text(body, "fuzz.txt"), name)
    errors = [d.to_text() for d in first.diagnostics if d.severity is Severity.ERROR]
    assert not errors, errors
    second = convert_source(source_from_text(body, "fuzz.txt"), name)
    assert second.data == first.data
    return first.data


# FUZZ_LAYOUTS=ocr-paged,plain narrows a local run to some layouts.
LAYOUTS = [name for name in os.environ.get("FUZZ_LAYOUTS", "").split(",") if name] \
    or ["auto", *layout.names()]


@pytest.mark.slow
@given(text(), st.sampled_from(LAYOUTS))
@settings(suppress_health_check=[HealthCheck.too_slow])
@example("1 a\n\n* b\n", "ebook")
@example("CHAPTER 1.\n\n* the\n\nthe\n\n[Illustration: the*]\n\n", "ebook")
def test_any_text_converts_with_any_layout(body: str, name: str) -> None:
    converted_twice(body, name)
