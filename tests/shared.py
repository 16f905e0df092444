"""Finding the material in ../shared (corpus, conformance suite, gold) beside the repository.

Tests that need it skip with a clear reason when it is absent; set TEITOOLS_SHARED
to point elsewhere.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path | None:
    env = os.environ.get("TEITOOLS_SHARED")
    candidate = Path(env) if env else REPO.parent / "shared"
    return candidate if candidate.is_dir() else None


# Whether the test running now is marked slow (set for each test by tests/conftest.py).
RUNNING_SLOW = [False]
# The collections a test marked slow alone may read: the everyday loop reads none of them.
SLOW_COLLECTIONS = frozenset({"corpus", "devcorpus", "eval", "conformance"})
# What a test of the everyday loop may read all the same: one schema file each.
QUICK_READS = frozenset({("conformance", "validate", "schemas", "tei_all.rng"),
                         ("conformance", "validate", "schemas", "tei_lite.rng"),
                         ("eval", "score_convert.py")})


def shared_path(*parts: str) -> Path:
    """A path inside ../shared, or skip the calling test when it is not there. A test that is
    not marked slow fails when it reads a text or a document of the shared collections (the
    everyday loop, ``-m 'not slow'``, must not depend on them or pay for them)."""
    if parts and parts[0] in SLOW_COLLECTIONS and tuple(parts) not in QUICK_READS and not RUNNING_SLOW[0]:
        pytest.fail(f"a test reading ../shared/{'/'.join(parts)} must be marked slow (@pytest.mark.slow)")
    base = shared_dir()
    if base is None:
        pytest.skip("../shared is not beside the repository (set TEITOOLS_SHARED)")
    path = base.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not there")
    return path


def corpus_files() -> list[Path]:
    """The corpus texts, for parametrising; empty when ../shared is absent."""
    base = shared_dir()
    return sorted((base / "corpus").glob("*.txt")) if base else []


def corpus_params() -> list[object]:
    """Corpus files as pytest params marked ``slow`` (corpus-wide: the everyday loop leaves them
    out), or one param that skips with the reason."""
    files = corpus_files()
    if files:
        return [pytest.param(p, id=p.stem, marks=pytest.mark.slow) for p in files]
    skip = pytest.mark.skip(reason="../shared/corpus is not beside the repository")
    return [pytest.param(None, marks=skip)]


@contextlib.contextmanager
def loopback(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """A web server on 127.0.0.1 with ``handler``, in a thread, for the ``with`` block: its
    base URL (no trailing slash)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextlib.contextmanager
def recording_loopback(body: bytes) -> Iterator[tuple[str, list[str]]]:
    """A web server on 127.0.0.1 that answers every GET with ``body`` and records the paths
    asked for: (its base URL, the list of paths)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    with loopback(Handler) as url:
        yield url, hits
