"""What validation keeps between runs (reduced schemas in the user cache folder) is read back
only when it can be trusted, and a batch's verdicts come from the reductions that cost least,
with the findings unchanged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from teitools.validation import diskcache, rng, run

RNG = 'xmlns="http://relaxng.org/ns/structure/1.0"'
SCHEMA = (f'<grammar {RNG}><start><ref name="doc"/></start>'
          '<define name="doc"><element name="doc"><zeroOrMore><choice><ref name="a"/><ref name="b"/>'
          '</choice></zeroOrMore></element></define>'
          '<define name="a"><element name="a"><optional><attribute name="n"/></optional><empty/></element>'
          '</define><define name="b"><element name="b"><text/></element></define></grammar>')


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "teitools"


def test_a_value_comes_back_under_its_key_only(cache: Path) -> None:
    folder = diskcache.Folder("test")
    folder.put("key one", b"value one")
    assert folder.get("key one") == b"value one"
    assert folder.get("key two") is None
    (entry,) = (cache / "test").iterdir()
    assert oct((cache / "test").stat().st_mode & 0o777) == oct(0o700)
    entry.rename(folder._file("key two"))  # renamed into another key's place
    assert folder.get("key two") is None


def test_a_changed_or_truncated_entry_is_a_miss(cache: Path) -> None:
    folder = diskcache.Folder("test")
    folder.put("k", b"value" * 100)
    (entry,) = (cache / "test").iterdir()
    data = entry.read_bytes()
    entry.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    assert folder.get("k") is None
    entry.write_bytes(data[: len(data) // 2])
    assert folder.get("k") is None
    entry.write_bytes(data)
    assert folder.get("k") == b"value" * 100


def test_an_entry_others_may_write_or_a_link_is_not_trusted(cache: Path, tmp_path: Path) -> None:
    folder = diskcache.Folder("test")
    folder.put("k", b"v")
    (entry,) = (cache / "test").iterdir()
    entry.chmod(0o666)
    assert folder.get("k") is None
    entry.chmod(0o600)
    (cache / "test").chmod(0o777)
    assert folder.get("k") is None
    (cache / "test").chmod(0o700)
    assert folder.get("k") == b"v"
    elsewhere = tmp_path / "planted"
    os.replace(entry, elsewhere)
    entry.symlink_to(elsewhere)
    assert folder.get("k") is None


def test_the_folder_is_pruned_oldest_first(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diskcache, "MAX_BYTES", 4000)
    monkeypatch.setattr(diskcache, "_PRUNED", set())
    folder = diskcache.Folder("test")
    for number in range(6):
        folder.put(f"k{number}", os.urandom(1000))  # incompressible: about 1 KB each
        os.utime(folder._file(f"k{number}"), ns=(number * 10**9, number * 10**9))
    monkeypatch.setattr(diskcache, "_PRUNED", set())
    folder.put("k6", os.urandom(1000))
    kept = [number for number in range(7) if folder.get(f"k{number}") is not None]
    # seven entries of about 1.1 KB exceed 4000 bytes: the oldest go until at most 3000 are left
    assert kept == [5, 6], kept


def _grammar(tmp_path: Path) -> rng.Grammar:
    schema = tmp_path / "s.rng"
    schema.write_text(SCHEMA, encoding="utf-8")
    return rng.Grammar(schema)


def test_a_reduced_schema_is_made_once_per_machine(cache: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    vocab = frozenset({"{}doc", "{}a"})
    made = etree.tostring(_grammar(tmp_path).stored_reduction(vocab))
    assert len(list((cache / "reduced").iterdir())) == 1

    def refuse(*args: object) -> None:
        raise AssertionError("reduced again")

    monkeypatch.setattr(rng.Grammar, "reduced", refuse)
    again = _grammar(tmp_path)  # as the next run would
    assert etree.tostring(again.stored_reduction(vocab)) == made
    with pytest.raises(AssertionError):  # another kind of reduction has a key of its own
        again.stored_reduction(vocab, subtree=True)


def test_a_stored_reduction_that_could_read_a_file_is_made_again(cache: Path, tmp_path: Path) -> None:
    vocab = frozenset({"{}doc", "{}a"})
    grammar = _grammar(tmp_path)
    made = etree.tostring(grammar.stored_reduction(vocab))
    key = "\n".join(["reduced", "start", grammar.digest, rng._code_digest(), *sorted(vocab)])
    hostile = (f'<grammar {RNG}><start><externalRef href="{tmp_path / "s.rng"}"/></start></grammar>')
    rng._REDUCTIONS.put(key, hostile.encode())
    assert rng._REDUCTIONS.get(key) == hostile.encode()  # trusted as a file, refused as a grammar
    assert etree.tostring(_grammar(tmp_path).stored_reduction(vocab)) == made


def test_a_document_known_to_be_invalid_is_judged_by_its_own_names(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a batch, a document the schema's exact checks find invalid (an undeclared element,
    here) is not validated for its verdict (the exact checks gave it) and is explained by the
    reduction to its own names; the others get theirs from the batch's; the findings are
    those of each document checked alone."""
    monkeypatch.setattr(rng, "_known_slow", lambda digest: True)
    schema = tmp_path / "s.rng"
    schema.write_text(SCHEMA, encoding="utf-8")
    documents = {"good.xml": '<doc><a n="1"/><b>x</b></doc>', "bad.xml": "<doc><a/><c/></doc>",
                 "subtle.xml": "<doc><b><a/></b></doc>"}
    paths = []
    for name, text in documents.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    asked: list[tuple[str, frozenset[str]]] = []
    accepts = rng.Grammar.accepts

    def recording(self: rng.Grammar, tree: etree._ElementTree, vocab: frozenset[str],
                  reading: rng.Reading = None, fast: bool = False, within: rng.Pairs | None = None) -> bool:
        asked.append((str(tree.getroot()[-1].tag), vocab))
        return accepts(self, tree, vocab, reading, fast, within)

    monkeypatch.setattr(rng.Grammar, "accepts", recording)
    options = run.Options(schema=str(schema), embedded_schematron=False, integrity=False)
    together = run.validate_all(paths, options)
    union = frozenset({"{}doc", "{}a", "{}b", "{}c", "@{}n"})
    assert asked == [("b", union), ("b", union)]
    assert [r.valid for r in together] == [True, False, False]
    for path, result in zip(paths, together, strict=True):
        alone = run.validate_all([path], options)[0]
        assert [d.to_text() for d in result.diagnostics] == [d.to_text() for d in alone.diagnostics]


def test_a_document_explained_before_needs_no_reduction_compiled_for_its_whole_errors(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The schema reduced to an invalid document's own names gives libxml2's errors on the whole
    document, which are read only when no child of the document element fails on its own.
    Whether that reduction compiles (else the names are widened) is kept in the user cache
    folder, so a later run compiles it only when it reads those errors; the findings are the
    same."""
    path = tmp_path / "deep.xml"
    path.write_text("<doc><a/><b><a/></b></doc>", encoding="utf-8")  # b takes text only
    own = frozenset({"{}doc", "{}a", "{}b"})
    first = rng.validate(_grammar(tmp_path), etree.parse(str(path)), path.read_bytes(), str(path))
    assert first
    compiled: list[frozenset[str]] = []
    original = rng.Grammar.compiled

    def recording(self: rng.Grammar, vocab: frozenset[str], reading: rng.Reading = None) -> object:
        compiled.append(vocab)
        return original(self, vocab, reading)

    monkeypatch.setattr(rng.Grammar, "compiled", recording)
    again = rng.validate(_grammar(tmp_path), etree.parse(str(path)), path.read_bytes(), str(path))
    assert [d.to_text() for d in again] == [d.to_text() for d in first]
    assert own not in compiled
    compiled.clear()
    whole = tmp_path / "whole.xml"  # the fault is the document element's own content
    whole.write_text("<doc><a/>x</doc>", encoding="utf-8")
    for _ in range(2):
        assert rng.validate(_grammar(tmp_path), etree.parse(str(whole)), whole.read_bytes(), str(whole))
    assert frozenset({"{}doc", "{}a"}) in compiled
