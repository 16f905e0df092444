"""Locating the files teitools ships: schemas, stylesheets and TEI examples.

In an installed wheel they live in ``teitools/_data``; in a source checkout
(an editable install) they are the top-level folders of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``schemas``, ``xslt``, ``tei`` or ``lang`` of this installation."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"teitools data folder {name!r} is missing from this installation")


def data_file(folder: str, name: str) -> Path:
    return data_dir(folder) / name
