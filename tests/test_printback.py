"""bench/printback.py on small TEI books written here: the gold names the right lines, every
convention it varies shows in the text and is recorded, the same seed gives the same bytes; and
bench/generalise.py end to end on one small development book (when ../shared is there)."""

from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from lxml import etree
from shared import REPO, shared_dir

WORDS = ["river", "meadow", "harvest", "carriage", "lantern", "shepherd", "orchard", "market", "village",
         "kitchen", "garden", "millstone", "weathervane", "blacksmith", "chapel", "schoolmaster", "windmill",
         "hedgerow", "harbour", "granary", "parliament", "merchant", "travelling", "beautiful", "remarkable",
         "unexpected", "conversation", "well-known", "twenty-four", "old-fashioned", "1850", "1907", "105",
         "settlement", "neighbourhood", "colourful"]
DE_WORDS = ["Wanderung", "Landschaft", "Gesellschaft", "Bauernhof", "Mühle", "Brücke", "Schmiede",
            "Kirchturm", "Erzählung", "Dorfschule", "Hochzeit", "Jahrmarkt", "Nord-Amerika", "Ost-Indien",
            "Eisenbahn", "1850", "1907", "Stadtmauer"]
SEEDS = range(25)


def load(path: Path, name: str) -> ModuleType:
    """A module from its file, registered so that its dataclasses resolve."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


pb = load(REPO / "bench" / "printback.py", "printback")


def sentence(k: int, words: tuple[str, ...] | list[str]) -> str:
    """A made-up sentence of 9 to 14 words, different for each k."""
    count = 9 + k % 6
    picked = [words[(k * 7 + i * 3) % len(words)] for i in range(count)]
    return " ".join(picked).capitalize() + "."


def paragraph(k: int, words: list[str], sentences: int = 5) -> str:
    """A made-up paragraph."""
    return " ".join(sentence(k * 11 + j, words) for j in range(sentences))


def book_xml(lang: str = "en") -> str:
    """A small book: front matter with Roman page numbers, chapters with headings (one labelled, one
    not), footnotes (one long, one continued on the next page through @prev), a captioned figure, a
    verse passage, a line broken inside a word (DTA style) and a note reached through a <ref>."""
    words = DE_WORDS if lang == "de" else WORDS
    long_note = " ".join(sentence(900 + j, words) for j in range(6))
    body = []
    page = 1
    for chapter in range(1, 5):
        head = f"Chapter {chapter}. The Story" if chapter == 3 else f"The {words[chapter]} story"
        paras = []
        for k in range(4):
            text = paragraph(chapter * 10 + k, words)
            if k == 1:
                first, rest = text.split(" ", 6)[:6], text.split(" ", 6)[6]
                text = (" ".join(first) + f'<note place="foot">{sentence(chapter, words)}</note> '
                        + rest + f'<note place="foot">{long_note}</note>')
            if k == 2:
                page += 1
                half = text.split(" ")
                text = " ".join(half[:40]) + f' <pb n="{page}"/>' + " ".join(half[40:])
            if k == 3 and chapter == 2:
                text = text.replace(" ", ' Zusam-<lb/>menhang <hi>al</hi>so ', 1)
                text += (f'<note place="foot" xml:id="n{chapter}" next="#c{chapter}">{sentence(50, words)}'
                         f'</note>')
                paras.append(f"<p>{text}</p>")
                page += 1
                paras.append(f'<pb n="{page}"/><p><note place="foot" xml:id="c{chapter}" prev="#n{chapter}">'
                             f"{sentence(51, words)}</note>{paragraph(77, words, 2)}</p>")
                continue
            paras.append(f"<p>{text}</p>")
        if chapter == 1:
            paras.append('<figure><head>Fig. 3.</head><p>The old mill above the weir</p></figure>')
            paras.append("<lg><l>The river runs to the sea,</l><l>the meadow sleeps below,</l>"
                         "<l>and all the lanterns glow.</l></lg>")
        if chapter == 4:
            paras.append(f'<p>A reference<ref target="#end1">[1]</ref> {paragraph(5, words, 2)}</p>')
        page += 1
        body.append(f'<pb n="{page}"/><div type="chapter"><head>{head}</head>{"".join(paras)}</div>')
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}"><teiHeader><fileDesc><titleStmt>'
            f"<title>The Test Book: a sample</title></titleStmt></fileDesc></teiHeader><text><front>"
            f'<pb n="iii"/><div type="preface"><head>Preface</head><p>{paragraph(1, words)}</p>'
            f'<p>{paragraph(2, words)}</p></div><pb n="iv"/><p>{paragraph(3, words)}</p></front>'
            f'<body>{"".join(body)}</body><back><div type="notes"><note xml:id="end1">'
            f"{sentence(60, words)}</note></div></back></text></TEI>")


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The small book in English and in German, as files."""
    folder = tmp_path_factory.mktemp("books")
    out = {}
    for lang in ("en", "de"):
        path = folder / f"{lang}_test_book.xml"
        path.write_text(book_xml(lang), encoding="utf-8")
        out[lang] = path
    return out


def render(path: Path, kind: str, seed: int, **options: Any) -> Any:
    """printback.render with options as keywords."""
    return pb.render(path, kind, seed, options)


def letters(text: str) -> str:
    """Lower-case letters and digits only (as the scorer compares a page's first words)."""
    return re.sub(r"[\W_]", "", text.replace("\u00ad", "")).lower()


def unmarked(text: str) -> str:
    """``letters`` without digits: note markers (digits, superscripts, symbols) left out."""
    return re.sub(r"\d", "", letters(text.translate(str.maketrans("", "", "¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§‖¶"))))


def check_gold(text: str, gold: dict[str, Any]) -> None:
    """Every line the gold names holds what the gold says is there."""
    lines = text.split("\n")

    def line(n: int) -> str:
        assert 1 <= n <= len(lines), n
        return lines[n - 1]

    lettered: set[int] = set()  # lines whose letter note markers ("word.a") cannot be told from the text
    if gold["render"].get("note_marker") == "letter":
        lettered = {n["ref_line"] for n in gold["notes"]}
    for page in gold["pages"]:
        tokens = re.findall(r"[^\W_]+", line(page["number_line"]))
        assert page["number_token"] in tokens, (page, line(page["number_line"]))
        start = page["start_line"]
        if not lettered & set(range(start, start + 12)):
            following = unmarked(" ".join(lines[start - 1:start + 12]))
            assert following.startswith(unmarked(page["starts_with"])), page
    for head in gold["headings"]:
        assert head["text"].startswith(line(head["line"]).strip(" \f")), (head, line(head["line"]))
    for fig in gold["figures"]:
        shown = " ".join(line(n) for n in range(fig["line"], fig["end_line"] + 1))
        for number in fig["n"].split(", "):
            assert re.search(rf"(?<![^\W_]){number}(?![^\W_])", line(fig["line"])), fig
        assert letters(shown).endswith(letters(fig["caption"])), fig
    for note in gold["notes"]:
        here = line(note["ref_line"])
        assert note["anchor"].split()[-1].strip(".,;:") in here, (note, here)
        if note["body_line"] is not None:
            body = line(note["body_line"])
            assert note["body"].split()[0] in body.split()[:2], (note, body)
    for split in gold.get("dehyphenation", []):
        here = pb.strict_tokens(line(split["line"]))
        after = next(pb.strict_tokens(t) for t in lines[split["line"]:] if pb.strict_tokens(t))
        assert here[-1] == split["split"][0] and after[0] == split["split"][1], (split, line(split["line"]))
        assert split["joined"] in (None, "".join(split["split"]), "-".join(split["split"]))
    for fix in gold.get("ocr_fixes", []):
        assert fix["found"] in line(fix["line"]), fix
        assert fix["found"] != fix["correct"]
    for verse in gold["verse"]:
        shown = " ".join(line(n) for n in range(verse["line"], verse["end_line"] + 1))
        if not lettered & set(range(verse["line"], verse["end_line"] + 1)):
            assert unmarked(shown).startswith(unmarked(verse["lines"][0])), verse


@pytest.mark.slow  # 25 seeds of each kind in two languages: a property test
@pytest.mark.parametrize("kind", pb.KINDS)
def test_gold_names_the_right_lines(books: dict[str, Path], kind: str) -> None:
    """For many seeds, in both languages, every gold item names the line that holds it."""
    for lang, path in books.items():
        for seed in SEEDS:
            rendering = render(path, kind, seed)
            gold = rendering.gold
            assert gold["layout"] == pb.LAYOUT[kind] and gold["source"] == f"{rendering.name}.txt"
            check_gold(rendering.text, gold)
            assert gold["notes"] and gold["headings"], (lang, seed)
            if kind == "ocr":
                assert gold["pages"] and gold["figures"], (lang, seed)


def test_every_option_value_is_drawn_and_recorded(books: dict[str, Path]) -> None:
    """Over seeds, every value of every option is drawn (English and German books between them);
    the gold records the options the book was printed with."""
    for kind, options in pb.OPTIONS.items():
        seen: dict[str, set[Any]] = {name: set() for name in options}
        for lang, path in books.items():
            for seed in range(80):
                chosen = pb.choose_options(random.Random(f"{seed}:{kind}:{path.name}"), kind, lang)
                for name in options:
                    seen[name].add(chosen[name])
                if seed < 3:
                    recorded = render(path, kind, seed).gold["render"]
                    identity = {"kind": kind, "seed": seed, "book": path.name, "language": lang}
                    assert recorded == {**identity, **chosen}
        for name, values in options.items():
            assert seen[name] == set(values), (kind, name, seen[name])


# (kind, language, option, value, what the text then shows)
CONVENTIONS = [
    ("ocr", "en", "note_marker", "super", re.compile(r"[a-z][.,;]?[¹²³]")),
    ("ocr", "en", "note_marker", "paren", re.compile(r"[a-z]\d\)|[a-z][.,;]\d\)")),
    ("ocr", "en", "note_marker", "parens", re.compile(r" \(\d\)")),
    ("ocr", "en", "note_marker", "symbol", re.compile(r"^[*†] ", re.M)),
    ("ocr", "en", "note_marker", "letter", re.compile(r"^a ", re.M)),
    ("ocr", "en", "hyphenation", "soft", re.compile("\u00ad\n")),
    ("ocr", "en", "hyphenation", "hyphen", re.compile(r"[a-z]-\n")),
    ("ocr", "en", "compound_breaks", True, re.compile(r"(well|twenty|old)-\n")),
    ("ocr", "en", "page_gap", "formfeed", re.compile("\f")),
    ("ocr", "en", "page_gap", "blanks", re.compile(r"\n\n\n\n")),
    ("ocr", "en", "number_style", "running-head", re.compile(r"^\d+ {3,}THE TEST BOOK", re.M)),
    ("ocr", "en", "chapter_label", "chapter", re.compile(r"^ *CHAPTER II\.$", re.M)),
    ("ocr", "en", "chapter_label", "roman", re.compile(r"^ *II\.$", re.M)),
    ("ocr", "en", "chapter_label", "ordinal", re.compile(r"^ *CHAPTER THE SECOND\.$", re.M)),
    ("ocr", "de", "chapter_label", "ordinal", re.compile(r"^ *Zweites Kapitel\.$", re.M)),
    ("ocr", "en", "head_case", "upper", re.compile(r"^ *THE \w+ STORY$", re.M)),
    ("ocr", "en", "head_centre", True, re.compile(r"^ {8,}PREFACE$|^ {8,}Preface$", re.M)),
    ("ocr", "en", "figure_label", "plate", re.compile(r"^Plate III The old mill", re.M)),
    ("ocr", "en", "figure_label", "figure", re.compile(r"^Figure 3 The old mill", re.M)),
    ("ocr", "de", "figure_label", "abb", re.compile(r"^Abb\. 3\. The old mill", re.M)),
    ("ocr", "de", "figure_label", "tafel", re.compile(r"^Tafel III\. The old mill", re.M)),
    ("ocr", "en", "note_rule", True, re.compile(r"^_{12}$", re.M)),
    ("ocr", "en", "paragraphs", "indent", re.compile(r"^   [A-Z]", re.M)),
    ("ocr", "en", "width", 48, re.compile(r"\A(?:.{0,48}\n)+\Z")),
    ("ebook", "en", "note_marker", "bracket", re.compile(r"[a-z.]\[\d\]")),
    ("ebook", "en", "note_marker", "super", re.compile(r"[a-z.][¹²³]")),
    ("ebook", "en", "endnote_label", "dot", re.compile(r"^1\. [A-Z]", re.M)),
    ("ebook", "en", "endnote_label", "bracket", re.compile(r"^\[1\] [A-Z]", re.M)),
    ("ebook", "de", "notes", "chapter", re.compile(r"^Anmerkungen$(?=.*^Anmerkungen$)", re.M | re.S)),
    ("ebook", "en", "paragraphs", "lines", re.compile(r"\A[^\n]+\n[^\n]+\n[^\n]+\n")),
    ("ebook", "en", "verse_indent", 4, re.compile(r"^    The river runs to the sea,$", re.M)),
]


@pytest.mark.parametrize(("kind", "lang", "option", "value", "shows"), CONVENTIONS,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}-{c[3]}" for c in CONVENTIONS])
def test_convention_shows_in_the_text(books: dict[str, Path], kind: str, lang: str, option: str,
                                      value: Any, shows: re.Pattern[str]) -> None:
    """Fixing an option shows its convention in the text (for one of a few seeds: splits at a
    compound's hyphen need such a word at a line end) and records it."""
    base = {"ocr": {"ocr_errors": "none", "head_case": "as-is", "chapter_label": "none", "page_gap": "none",
                    "number_place": "head"},
            "ebook": {"head_case": "as-is", "chapter_label": "none", "notes": "chapter"}}[kind]
    fixed = {**base, option: value}
    for seed in range(10):
        rendering = render(books[lang], kind, seed, **fixed)
        assert rendering.gold["render"][option] == value
        check_gold(rendering.text, rendering.gold)
        if shows.search(rendering.text):
            return
    pytest.fail(f"{kind} {option}={value!r} never shows {shows.pattern!r}")


def test_page_numbers_and_notes(books: dict[str, Path]) -> None:
    """Roman page numbers of the front matter in lower case, none on chapter openings when so
    chosen, a long footnote continued over the page end, the DTA line break joined, a note
    reached by <ref> and one continued through @prev printed as one note."""
    options = {"note_continue": True, "width": 48, "note_marker": "digit", "note_numbering": "page",
               "ocr_errors": "some", "chapter_label": "none", "head_case": "as-is", "number_style": "alone"}
    keep = render(books["en"], "ocr", 2, chapter_opening="keep", **options)
    omit = render(books["en"], "ocr", 2, chapter_opening="omit", **options)
    numbers = [p["n"] for p in keep.gold["pages"]]
    assert numbers[:2] == ["iii", "iv"]
    heads = [h["text"] for h in keep.gold["headings"]]
    openings = {p["n"] for p in keep.gold["pages"] if any(p["starts_with"].startswith(h) for h in heads)}
    assert openings and {p["n"] for p in omit.gold["pages"]} == set(numbers) - openings
    gold, text = keep.gold, keep.text
    assert "Zusammenhang also" in text.replace("\u00ad\n", "").replace("-\n", "").replace("\n", " ")
    bodies = [n["body"] for n in gold["notes"]]
    assert f"{sentence(50, WORDS)} {sentence(51, WORDS)}" in bodies
    assert sentence(60, WORDS) in bodies
    assert gold["ocr_fixes"], "misreadings put in"
    long_note = next(n for n in gold["notes"] if len(n["body"]) > 400)
    lines = text.split("\n")
    last_word = long_note["body"].split()[-1]
    end = next(i for i in range(long_note["body_line"], len(lines) + 1) if lines[i - 1].endswith(last_word))
    numbered = {p["number_line"] for p in gold["pages"]}
    assert numbered & set(range(long_note["body_line"], end)), "the note runs on over a page end"


def test_same_seed_same_bytes(books: dict[str, Path], tmp_path: Path) -> None:
    """Same seed, same text and gold, byte for byte; another seed, another text."""
    for kind in pb.KINDS:
        first = render(books["en"], kind, 7)
        again = render(books["en"], kind, 7)
        assert first.text == again.text and first.gold == again.gold
        assert render(books["en"], kind, 8).text != first.text
        txt, gold = first.write(tmp_path / kind)
        txt2, gold2 = again.write(tmp_path / f"{kind}2")
        assert txt.read_bytes() == txt2.read_bytes() and gold.read_bytes() == gold2.read_bytes()
        assert json.loads(gold.read_text(encoding="utf-8"))["source"] == txt.name


def test_cli_writes_text_and_gold(books: dict[str, Path], tmp_path: Path) -> None:
    """The command line writes NAME.txt and NAME.json, with a fixed option recorded."""
    assert pb.main([str(books["de"]), "--kind", "ocr", "--seed", "3", "-o", str(tmp_path),
                    "--option", "width=56"]) == 0
    gold = json.loads((tmp_path / "de_test_book-ocr-s3.json").read_text(encoding="utf-8"))
    assert gold["render"]["width"] == 56 and gold["render"]["language"] == "de"
    assert (tmp_path / "de_test_book-ocr-s3.txt").is_file()


@pytest.mark.slow
def test_generalise_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """generalise.py on one small development book: a row in the table and in the JSON."""
    base = shared_dir()
    book = "de_dta_goethe_werther01_1774"
    if base is None or not (base / "devcorpus" / "tei" / f"{book}.xml").is_file():
        pytest.skip(f"../shared/devcorpus/tei/{book}.xml is not there (set TEITOOLS_SHARED)")
    if not (base / "eval" / "score_convert.py").is_file():
        pytest.skip("../shared/eval/score_convert.py is not there")
    generalise = load(REPO / "bench" / "generalise.py", "generalise")
    report = tmp_path / "rows.json"
    assert generalise.main(["--books", book, "--kinds", "ebook", "--json", str(report)]) == 0
    table = capsys.readouterr().out
    assert re.search(rf"^{book}(?: !)? +ebook ", table, re.M), table
    assert "mean kind=ebook (1)" in table
    rows = json.loads(report.read_text(encoding="utf-8"))["rows"]
    assert [(r["book"], r["kind"]) for r in rows] == [(book, "ebook")]
    assert "SCORE" in rows[0]["metrics"]


def test_generalise_decides_similarity_as_the_scorer_does() -> None:
    """The harness's bounded ratio gives the scorer's verdict at every threshold it uses (0.85,
    0.9) on pairs of lines alike and unlike: it only skips the exact match where a bound is low."""
    base = shared_dir()
    if base is None or not (base / "eval" / "score_convert.py").is_file():
        pytest.skip("../shared/eval/score_convert.py is not there")
    generalise = load(REPO / "bench" / "generalise.py", "generalise")
    official = load(base / "eval" / "score_convert.py", "score_convert_official")
    rng = random.Random(7)
    words = ["der", "hafen", "lag", "still", "in", "abendsonne", "und", "niemand", "wusste", "wann"]
    pairs = 0
    for _ in range(3000):
        a = "".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
        b = list(a)
        for _ in range(rng.randint(0, 6)):  # a few letters changed, dropped or added
            k = rng.randint(0, len(b))
            b[k:k + rng.randint(0, 1)] = rng.choice(["", "e", "x"])
        b = "".join(b) if rng.random() < 0.8 else "".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
        exact, bounded = official.ratio(a, b), generalise.bounded_ratio(a, b)
        assert (exact >= 0.85) == (bounded >= 0.85) and (exact >= 0.9) == (bounded >= 0.9), (a, b)
        pairs += 0.8 <= exact < 0.95
    assert pairs > 100  # the verdicts near the thresholds were put to the test


def test_gutenberg_gold_takes_references_in_words_and_leaves_a_transcribers_examples() -> None:
    """The Gutenberg gold: ``(Note 2)`` calls the note text ``(2) …``; a page marker that a
    transcriber's note quotes (``e.g. {99}``) is no page."""
    generalise = load(REPO / "bench" / "generalise.py", "generalise")
    lines = ["*** START OF THIS PROJECT GUTENBERG EBOOK X ***", "", "Transcriber's Note:", "",
             "    Page numbers are shown in curly braces, e.g. {99}.", "", "", "{7} The clay, when",
             "worked (Note 2), is pressed in moulds.", "", "", "NOTES", "",
             "(2) Mixing the mud needs skill.", "*** END OF THIS PROJECT GUTENBERG EBOOK X ***"]
    gold, _ = generalise.pg_gold(Path("x.txt"), lines)
    assert [page["n"] for page in gold["pages"]] == ["7"]
    assert [(note["n"], note["body"]) for note in gold["notes"]] == [("2", "Mixing the mud needs skill.")]


def test_furniture_left_counts_lines_of_furniture_not_words_of_the_text() -> None:
    """A running head left in the text is a line of its own (``<head>REGISTER.</head>``, a line
    between ``<lb/>``s); a word of a head met in a sentence (``den 3 Juni 1642 omtrent``) is not
    one, and a head inside ``<fw>`` or a correction beside the printed word are not counted."""
    generalise = load(REPO / "bench" / "generalise.py", "generalise")
    text = etree.fromstring(
        '<text xmlns="http://www.tei-c.org/ns/1.0"><body><div><head>REGISTER.</head>'
        '<p>sijn journael den 3 Juni 1642 omtrent Angier<lb/>Juni <fw type="header">Juni 1642.</fw>'
        '<lb/><choice><sic>REGISTER,</sic><corr>REGISTER.</corr></choice><lb/>Sanen, 190.</p>'
        '</div></body></text>')
    assert generalise.furniture_left(text, ["REGISTER.", "Juni", "Juni", "REGISTER,"]) == 3


def test_pageheads_give_skipped_scans_their_numbers_and_count_unannotated_pages() -> None:
    """pb+ judges a real OCR text's page numbers by its pageheads rows: a scan the rows skip gets
    the number between its neighbours' (where they rise with the index); rows without number
    nor evidence are pages nobody annotated ("?"), rows saying "unnumbered" are not."""
    generalise = load(REPO / "bench" / "generalise.py", "generalise")
    rows = ["1\tf1.png\t\t", "2\tf2.png\t\tunnumbered (front matter)", "3\tf3.png\t7\trunninghead",
            "6\tf6.png\t10\tinferred", "7\tf7.png\t12\trunninghead", "9\tf9.png\t13\trunninghead"]
    numbers = generalise.page_numbers(rows)
    assert numbers["8"] == 1 and numbers["9"] == 1 and numbers["11"] == 0
    assert numbers["?"] == 1 and numbers["12"] == 1
