"""Word frequencies of a language, from the lists the ``wordfreq`` package ships.

The lists are read as wordfreq's own ``read_cBpack`` reads them (its documented "cBpack"
format: a gzipped msgpack list whose first item is the header ``{"format": "cB", "version": 1}``
and whose item ``i + 1`` holds the words of frequency ``10 ** (-i / 100)``, i.e. Zipf value
``9 - i / 100``), without importing the ``wordfreq`` package itself: that import loads its
tokenizers (``regex``, ``ftfy``, ``langcodes``' tables), about 0.3 s of every conversion,
and the converter needs only the lists. ``tests/test_language.py`` checks the values against
``wordfreq.get_frequency_dict``.
"""

from __future__ import annotations

import gzip
import importlib.util
import itertools
from functools import lru_cache
from pathlib import Path

import msgpack  # type: ignore[import-untyped]

SAME_LANGUAGE = 10  # langcodes' distance between tags of one language (no/nb 1, sr/sh 5; la/it is 24)


def _data_folder() -> Path | None:
    """wordfreq's data folder, found without importing the package (None when not installed)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)), "data")


@lru_cache(maxsize=1)
def available() -> dict[str, Path]:
    """Language code -> the largest list wordfreq ships for it (``large_xx`` over ``small_xx``),
    as wordfreq's ``available_languages("best")`` chooses."""
    folder = _data_folder()
    if folder is None:
        return {}
    lists: dict[str, Path] = {}
    for size in ("small", "large"):
        for path in sorted(folder.glob(f"{size}_*.msgpack.gz")):
            lists[path.name.split(".")[0].split("_", 1)[1]] = path
    return lists


def _match(language: str) -> str | None:
    """The list for ``language``: its own, or a variety's (Norwegian ``no`` takes Bokmål's
    ``nb``, Serbian ``sr`` the Latin-script ``sh``), never a neighbour's (wordfreq's own
    matching would give Latin the Italian list, Sanskrit the Hindi one): langcodes' distance
    at most SAME_LANGUAGE."""
    lists = available()
    if language in lists:
        return language
    import langcodes  # only for a tag that is not a list's own name

    try:
        return langcodes.closest_supported_match(language, sorted(lists), SAME_LANGUAGE)
    except ValueError:  # not a language tag
        return None


@lru_cache(maxsize=8)
def zipf_values(language: str) -> dict[str, float]:
    """Word -> Zipf frequency (log10 of occurrences per billion words, two decimals) for the
    language of the BCP 47 tag ``language``; {} when wordfreq has no list for it.

    Raises ValueError when the file is not a cBpack (a wordfreq release in another format)."""
    match = _match(language)
    return _read(available()[match]) if match is not None else {}


@lru_cache(maxsize=4)
def common_values(language: str) -> dict[str, float]:
    """:func:`zipf_values` of the language's common words only (Zipf 3 or more: wordfreq's
    ``small`` list, a tenth of the large one to read), for a lookup in a language other than
    the document's; {} when wordfreq has none for it."""
    folder = _data_folder()
    match = _match(language)
    path = folder / f"small_{match}.msgpack.gz" if folder is not None and match is not None else None
    return _read(path) if path is not None and path.is_file() else zipf_values(language)


def _read(path: Path) -> dict[str, float]:
    """Word -> Zipf frequency from one of wordfreq's cBpack files."""
    with gzip.open(path, "rb") as stream:
        data = msgpack.load(stream, raw=False)
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"unexpected wordfreq list header: {header!r}")
    buckets = data[1:]
    # one dict built from two flat iterators: a sixth quicker than a dict per bucket merged in
    values = itertools.chain.from_iterable(itertools.repeat(round(9 - index / 100, 2), len(bucket))
                                           for index, bucket in enumerate(buckets))
    return dict(zip(itertools.chain.from_iterable(buckets), values, strict=True))
