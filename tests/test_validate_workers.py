"""How a batch's validation is shared between worker processes: the order each worker checks
its documents in, a document one worker takes over from another, the Schematron compiled once."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from teitools import batch
from teitools.validation import rng, run, schematron, store

TEI_NS = "http://www.tei-c.org/ns/1.0"
HEADER = ("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>"
          "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>"
          "</teiHeader>")


def tei(body: str) -> str:
    return f'<TEI xmlns="{TEI_NS}">{HEADER}<text><body>{body}</body></text></TEI>\n'


class _Recorder(batch.LocalPool):
    """A pool that starts no process: it records what each worker is asked to check, in order."""

    def __init__(self, jobs: int) -> None:  # no workers
        self.jobs = jobs
        self.checked: list[list[Path]] = [[] for _ in range(jobs)]
        self.parsed: list[list[Path]] = [[] for _ in range(jobs)]

    @property
    def size(self) -> int:
        return self.jobs

    def each(self, func: Callable[..., object], args: Sequence[tuple[object, ...]]) -> list[object]:
        return [None for _ in args]

    def broadcast(self, func: Callable[..., object], *args: object) -> list[object]:
        return [None] * self.jobs

    def map(self, task: Callable[[Any], Any], items: Sequence[Any],
            affinity: Sequence[int] | None = None) -> Iterator[tuple[int, Any]]:
        assert affinity is not None
        for item, number in zip(items, affinity, strict=True):
            if isinstance(item, run._Share):  # each worker's first task: its share to parse
                assert self.checked[number] == [] and self.parsed[number] == []
                self.parsed[number] = [path for _, path in item.items]
            else:
                self.checked[number].append(item.path)
        return iter(())


def test_each_worker_checks_its_share_largest_first(tmp_path: Path) -> None:
    """A worker that runs out of its own documents takes over the last ones left to another:
    those must be the other's smallest, so each share is checked largest first, whatever the
    input order."""
    sizes = [3, 40, 7, 25, 1, 90, 12, 60, 5]
    items = []
    for index, size in enumerate(sizes):
        path = tmp_path / f"d{index}.xml"
        path.write_text(tei("<p>x</p>" * size), encoding="utf-8")
        items.append(batch.Item(index, path, size=batch.size_of(path)))
    pool = _Recorder(2)
    assert list(run._by_windows(items, run.Options(), pool)) == []
    for share, parsed in zip(pool.checked, pool.parsed, strict=True):
        assert share and sorted(share) == sorted(parsed)
        share_sizes = [path.stat().st_size for path in share]
        assert share_sizes == sorted(share_sizes, reverse=True)
    assert sorted(p.name for share in pool.checked for p in share) == sorted(i.path.name for i in items)


def test_a_document_taken_over_is_judged_by_the_workers_schema(tmp_path: Path) -> None:
    """A document another worker parsed, taken over by one whose documents use all its names
    and name pairs, gets its verdict from the schema that worker already compiled, not from a
    reduction to its own names (which validates several times slower); its findings are those
    of a check on its own."""
    tei_all = store.resolve(store.DEFAULT)
    options = run.Options(schema=str(tei_all), embedded_schematron=False, integrity=False)
    big = tmp_path / "big.xml"
    big.write_text(tei('<div><head>H</head><p rend="i">A <hi rend="b">b</hi>.</p><list><item>i</item>'
                       "</list></div>"), encoding="utf-8")
    small = tmp_path / "small.xml"
    small.write_text(tei('<div><p rend="i">B <hi>c</hi>.</p></div>'), encoding="utf-8")
    alone = run.validate_file(small, options)
    run._scan([(0, big), (1, small)], options, first=True)
    run._configure(options, True)
    run._PARSED.pop(1)  # as if another worker had parsed it
    own = run.load(small, options).vocabulary
    schema = run.grammar(tei_all)
    schema._cache.clear()
    result = run._check_here(batch.Item(1, small))
    assert result.diagnostics == alone.diagnostics == []
    assert not any(vocab == own for vocab, _ in schema._cache)


def test_a_document_taken_over_with_names_of_its_own_gets_the_same_findings(tmp_path: Path) -> None:
    """Names the worker's documents lack: judged by its own names, as a check on its own."""
    tei_all = store.resolve(store.DEFAULT)
    options = run.Options(schema=str(tei_all), embedded_schematron=False, integrity=False)
    plain = tmp_path / "plain.xml"
    plain.write_text(tei("<p>A.</p>"), encoding="utf-8")
    other = tmp_path / "other.xml"
    other.write_text(tei('<p>B <foreign xml:lang="la">c</foreign>.</p><table><row><cell>x</cell></row>'
                         "</table><p><oops/></p>"), encoding="utf-8")
    alone = run.validate_file(other, options)
    run._scan([(0, plain), (1, other)], options, first=True)
    run._configure(options, True)
    run._PARSED.pop(1)
    result = run._check_here(batch.Item(1, other))
    assert [d.to_text() for d in result.diagnostics] == [d.to_text() for d in alone.diagnostics]
    assert result.diagnostics


def test_an_embedded_schematron_is_compiled_once_whoever_asks() -> None:
    """A schema named on the command line makes its embedded rules trusted, the plan asks for
    them untrusted: one compile serves both (an embedded Schematron includes nothing)."""
    tei_all = store.resolve(store.DEFAULT)
    assert schematron.checker_for(tei_all, trusted=True) is schematron.checker_for(tei_all)


def test_a_document_the_exact_checks_find_invalid_gets_no_libxml2_verdict(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a batch, a document whose element shapes alone show a fault (an element the schema
    declares nowhere, an element lacking an attribute the schema requires of it) is invalid
    whatever libxml2 says: it is not validated for its verdict. An element lacking a child the
    schema requires is seen only by visiting elements, which the verdict does not wait for. The
    findings of every invalid document (libxml2's errors on the whole document asked only when
    no child of its element fails on its own) are those of a check on its own."""
    tei_all = store.resolve(store.DEFAULT)
    options = run.Options(schema=str(tei_all), embedded_schematron=False, integrity=False)
    texts = {"undeclared.xml": tei("<p>A <oops/> b.</p><p>c</p>"),
             "deep.xml": tei('<div><p>A <hi rend="b">b<oops/></hi>.</p></div>'),
             "no-unit.xml": tei("<p>A <milestone/> b.</p>"),
             # nothing below the document element fails: the fault is in its own content
             "no-text.xml": f'<TEI xmlns="{TEI_NS}">{HEADER}</TEI>\n',
             "no-header.xml": f'<TEI xmlns="{TEI_NS}"><text><body><p>x</p></body></text></TEI>\n'}
    paths = []
    for name, text in texts.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    alone = {path: [d.to_text() for d in run.validate_file(path, options).diagnostics] for path in paths}
    every = frozenset().union(*(run.load(path, options).vocabulary for path in paths),
                              {"{http://www.tei-c.org/ns/1.0}table", "@{}cols"})
    asked: list[object] = []
    accepts = rng.Grammar.accepts

    def counted(self: rng.Grammar, *args: Any, **kwargs: Any) -> bool:
        asked.append(args[0])
        return accepts(self, *args, **kwargs)

    monkeypatch.setattr(rng.Grammar, "accepts", counted)
    for path in paths:
        asked.clear()
        result = run.validate_file(path, replace(options, batch_vocabulary=every))
        assert [d.to_text() for d in result.diagnostics] == alone[path]
        assert alone[path]
        # a TEI without text lacks no element every pattern requires, one without a header lacks
        # an element (not seen in the shapes): libxml2 gives their verdicts
        assert len(asked) == (path.name in ("no-text.xml", "no-header.xml"))


def test_a_worker_frees_the_trees_it_checked_only_when_the_window_is_over(tmp_path: Path) -> None:
    """Freeing a tree costs libxml2 a good part of its parse: a worker keeps the trees it
    checked until its next window (its last is never freed: the process ends); a batch run in
    this process keeps nothing once it is over."""
    options = run.Options(embedded_schematron=False)
    paths = []
    for name in ("a.xml", "b.xml"):
        path = tmp_path / name
        path.write_text(tei("<p>x</p>"), encoding="utf-8")
        paths.append(path)
    run._scan([(0, paths[0]), (1, paths[1])], options, first=True)
    run._configure(options, True)
    tree = run._PARSED[0].tree
    run._check_here(batch.Item(0, paths[0]))
    assert [parsed.tree for parsed in run._CHECKED] == [tree]
    run._scan([(1, paths[1])], options)
    assert run._CHECKED == [] and list(run._PARSED) == [1]
    results = run.validate_all(paths, options, jobs=1)
    assert [r.valid for r in results] == [True, True]
    assert run._CHECKED == [] and run._PARSED == {}


def test_a_worker_that_dies_parsing_its_share_costs_only_the_file_that_killed_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker parses its share before checking it: a document that kills the parser kills the
    worker there, and only that document gets VAL001 (the others are checked one by one)."""
    import os
    import signal

    loaded = run.load

    def crash_on_one(path: Path, *args: Any, **kwargs: Any) -> run.Parsed:
        if path.name == "crash.xml":
            os.kill(os.getpid(), signal.SIGKILL)
        return loaded(path, *args, **kwargs)

    monkeypatch.setattr(run, "load", crash_on_one)  # forked workers inherit it
    paths = []
    for number, name in enumerate(("a.xml", "crash.xml", "b.xml", "c.xml", "d.xml", "e.xml")):
        path = tmp_path / name
        path.write_text(tei("<p>x</p>" * (number + 1) + ("<oops/>" if name == "c.xml" else "")),
                        encoding="utf-8")
        paths.append(path)
    options = run.Options(embedded_schematron=False)
    results = run.validate_all(paths, options, jobs=2)
    assert [r.path for r in results] == [str(p) for p in paths]
    assert [d.code for d in results[1].diagnostics] == ["VAL001"]
    assert [r.valid for r in results] == [True, False, True, False, True, True]
    assert all(d.code != "VAL001" for r in results[:1] + results[2:] for d in r.diagnostics)
