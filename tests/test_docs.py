"""The README and docs/: short front door, links that stay inside the repository."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def prose(text: str) -> str:
    """The text outside fenced code blocks."""
    return FENCE.sub("", text)


def anchors(text: str) -> set[str]:
    """The anchors GitHub makes of a page's headings."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", prose(text), re.M):
        slug = unicodedata.normalize("NFC", heading.strip().lower())
        slug = re.sub(r"[^\w\- ]", "", slug).replace(" ", "-")
        found.add(slug)
    return found


def test_the_readme_is_short_and_starts_with_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 10 * 1024
    first_block = readme.split("```")[1]
    assert "bash scripts/setup.sh" in first_block and "bash scripts/check.sh" in first_block
    assert "bash scripts/check.sh" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_links_stay_inside_the_repository(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for target in LINK.findall(prose(text)):
        assert "://" not in target and not target.startswith("/"), (page.name, target)
        file, _, anchor = target.partition("#")
        linked = (page.parent / file).resolve() if file else page
        assert linked.is_relative_to(REPO) and linked.exists(), (page.name, target)
        if anchor:
            assert anchor in anchors(linked.read_text(encoding="utf-8")), (page.name, target)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_material_outside_the_repository_is_named_only_in_commands(page: Path) -> None:
    text = prose(page.read_text(encoding="utf-8"))
    assert "../shared" not in text, page.name
    assert not re.search(r"\bissues?\b.*#\d+|/issues/", text), page.name


def test_the_cli_reference_is_generated_from_the_help() -> None:
    from teitools import clidoc

    page = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert clidoc.reference() == page, "run: python -m teitools.clidoc > docs/cli.md"
    assert "## teitools schemas fetch" in page and "--max-bytes" in page
