"""Shared fixtures: a CLI runner and the corpus conversions, made once per session."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
import shared

from teitools.convert import Conversion, convert_source
from teitools.source import read_source

# pytest keeps the test modules it rewrote (their asserts) only where Python may write bytecode;
# with PYTHONDONTWRITEBYTECODE set (as in many containers) it would rewrite every module on every
# run, which is most of the everyday loop's start-up time (see docs/development.md)
sys.dont_write_bytecode = False

# teitools' user cache (schemas compiled or simplified before) is the test session's own
_CACHE = tempfile.mkdtemp(prefix="teitools-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tell ``shared.shared_path`` whether the test about to run is marked slow (before any of
    its fixtures, which may read the shared material too)."""
    shared.RUNNING_SLOW[0] = item.get_closest_marker("slow") is not None


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


_CONVERSIONS: dict[Path, Conversion] = {}


def converted(path: Path) -> Conversion:
    """The conversion of a corpus file, cached across tests (conversion is deterministic)."""
    if path not in _CONVERSIONS:
        _CONVERSIONS[path] = convert_source(read_source(path))
    return _CONVERSIONS[path]
