"""The schema store: `teitools schemas fetch` downloads a pinned release and checks its SHA-256
(here from a local HTTP server: tests never reach the network); `schemas list` shows it; and
validation then finds it by the name or URL a document gives."""

from __future__ import annotations

import hashlib
import http.server
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from shared import loopback, shared_path

from teitools.cli import main
from teitools.validation import store


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local HTTP server serving a folder: (base URL, folder)."""
    folder = tmp_path / "mirror"
    folder.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    with loopback(Handler) as url:
        yield url, folder


def test_fetch_stores_a_verified_release_and_list_shows_it(mirror: tuple[str, Path], tmp_path: Path) -> None:
    url, folder = mirror
    shutil.copy(shared_path("conformance", "validate", "schemas", "tei_lite.rng"), folder)
    env = {"TEITOOLS_SCHEMA_URL": url, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runner = CliRunner(env=env)
    result = runner.invoke(main, ["schemas", "fetch", "tei_lite"])
    assert result.exit_code == 0, result.output
    stored = tmp_path / "cache" / "teitools" / "schemas" / "tei_lite.rng"
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == store.RELEASES["tei_lite"].sha256
    listing = runner.invoke(main, ["schemas", "list"])
    assert f"tei_lite.rng\t{stored}\t4.5.0a (pinned SHA-256 verified)" in listing.output


def test_fetch_refuses_a_file_with_the_wrong_checksum(mirror: tuple[str, Path], tmp_path: Path) -> None:
    url, folder = mirror
    (folder / "tei_all.rng").write_text("<grammar/>")
    runner = CliRunner(env={"TEITOOLS_SCHEMA_URL": url, "XDG_CACHE_HOME": str(tmp_path)})
    result = runner.invoke(main, ["schemas", "fetch", "tei_all"])
    assert result.exit_code == 2
    assert "SCH009" in result.output and "not stored" in result.output
    assert not (tmp_path / "teitools" / "schemas" / "tei_all.rng").exists()


def test_fetch_reports_an_unreachable_server(tmp_path: Path) -> None:
    runner = CliRunner(env={"TEITOOLS_SCHEMA_URL": "http://127.0.0.1:9", "XDG_CACHE_HOME": str(tmp_path)})
    result = runner.invoke(main, ["schemas", "fetch", "tei_all"])
    assert result.exit_code == 2 and "IO010" in result.output


def test_fetch_of_an_unknown_name(tmp_path: Path) -> None:
    runner = CliRunner(env={"XDG_CACHE_HOME": str(tmp_path)})
    result = runner.invoke(main, ["schemas", "fetch", "tei_everything"])
    assert result.exit_code == 2 and "SCH008" in result.output and "tei_all" in result.output


def test_lookup_order_and_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        (folder / "x.rng").write_text("<grammar/>")
    monkeypatch.setenv("TEITOOLS_SCHEMA_DIR", str(second))
    assert store.lookup("x", [first]) == first / "x.rng"
    assert store.lookup("https://example.org/a/b/x.rng", []) == second / "x.rng"
    assert store.lookup("teitools", []) is not None  # shipped with teitools
    assert store.lookup("y.rng", [first]) is None
