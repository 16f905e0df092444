# ruff: noqa: RUF001  (dialogue dashes)
"""Plays: speeches under their speakers' names (``<sp><speaker>``) and stage directions
(``<stage>``), decided from the play's own repeated names; each text is written for the test."""

from __future__ import annotations

from lxml import etree

from schemas import errors_against
from teitools.convert import convert_source
from teitools.readers import drama
from teitools.source import source_from_text

TEI = "{http://www.tei-c.org/ns/1.0}"
PLAY = """ERSTER AUFZUG.

Anna.
Wo bleibt er nur? Der Abend ist schon spät, und die Lampen brennen.
Karl
(tritt ein).
Hier bin ich, Schwester, und ich bringe Nachricht aus der Stadt.
Anna.
Sprich, was ist geschehen?
(Sie setzt sich.)
Karl.
Der Hafen ist geschlossen, die Schiffe liegen still.
Anna.
So bleiben wir.
Karl.
Wir bleiben, bis der Wind sich dreht.
"""


def convert(text: str) -> tuple[object, etree._Element]:
    result = convert_source(source_from_text(text), "ebook")
    assert result.ok, [d.to_text() for d in result.diagnostics]
    return result, etree.fromstring(result.data)


def test_speakers_open_speeches_and_bracketed_lines_are_stage_directions():
    result, root = convert(PLAY)
    speeches = root.findall(f".//{TEI}sp")
    assert [sp.findtext(f"{TEI}speaker") for sp in speeches] == ["Anna.", "Karl", "Anna.", "Karl.", "Anna.",
                                                                 "Karl."]
    second = [(child.tag.removeprefix(TEI), child.text) for child in speeches[1]
              if child.tag != f"{TEI}speaker"]
    assert second == [("stage", "(tritt ein)."),
                      ("p", "Hier bin ich, Schwester, und ich bringe Nachricht aus der Stadt.")]
    assert [st.text for st in speeches[2].iter(f"{TEI}stage")] == ["(Sie setzt sich.)"]
    assert result.document.counts["speeches"] == 6  # type: ignore[attr-defined]
    assert errors_against("own", root) == [] and errors_against("tei_all", root) == []


def test_a_novels_repeated_short_answers_are_no_speakers():
    prose = ("Der Hafen lag still in der Abendsonne, und niemand wusste, wann die Schiffe wieder "
             "auslaufen würden, denn der Wind kam seit Tagen aus derselben Richtung.")
    text = "\n\n".join([prose, "– Ja.", prose, "„Nein.“", prose, "– Ja.", prose, "„Nein.“", prose, "Ja.",
                        prose, "Nein.", prose, "Ja.", prose, prose, prose, prose, prose, prose, prose]) + "\n"
    _, root = convert(text)
    assert root.find(f".//{TEI}sp") is None


def test_name_evidence():
    assert drama.name_of("Наталья Петровна.") == "наталья петровна"
    assert drama.name_of("HAMLET:") == "hamlet"
    assert drama.name_of("Wo bleibt er nur?") is None and drama.name_of("und dann") is None
    assert drama.is_stage("(Прыгает.)") and drama.is_stage("(to Beljaev).") and not drama.is_stage("(a) b")


def test_a_play_in_verse_sets_its_speakers_on_the_first_line_of_a_passage():
    """As Project Gutenberg prints Faust: ``MEPHISTOPHELES:`` opening each passage of verse."""
    lines = ["The Project Gutenberg EBook of Faust", "", "Title: Faust", "", "Language: German", "",
             "*** START OF THIS PROJECT GUTENBERG EBOOK FAUST ***", ""]
    for k in range(4):
        lines += ["  MEPHISTOPHELES:", f"  Da du, o Herr, dich einmal wieder nahst, zum {k}. Mal,",
                  "  Und fragst, wie alles sich bei uns befinde,", "",
                  "  DER HERR:", "  Kennst du den Faust?", "  Den Doktor, meinen Knecht?", ""]
    lines += ["*** END OF THIS PROJECT GUTENBERG EBOOK FAUST ***"]
    result = convert_source(source_from_text("\n".join(lines) + "\n"))
    assert result.ok and result.document.layout == "gutenberg", [d.to_text() for d in result.diagnostics]
    root = etree.fromstring(result.data)
    speeches = root.findall(f".//{TEI}sp")
    assert len(speeches) == 8 and speeches[1].findtext(f"{TEI}speaker") == "DER HERR:"
    assert [" ".join(v.text.split()) for v in speeches[1].iter(f"{TEI}l")] == [
        "Kennst du den Faust?", "Den Doktor, meinen Knecht?"]
    assert errors_against("own", root) == [] and errors_against("tei_all", root) == []


def test_a_play_in_verse_set_with_blank_lines_is_read_as_a_play():
    """Speeches of many lines, each name and stanza after a blank line: the names are a large
    share of the entries though a small share of the lines, and they make the text an ebook."""
    speech = ["    The harbour lights are out tonight,", "    and every boat is drawn ashore;",
              "    the keeper sleeps, the wind is high,", "    and no one watches from the tower any more."]
    lines: list[str] = []
    for name in ["Dei.", "Nvt.", "Dei.", "Nvt.", "Dei.", "Nvt.", "Dei."]:
        lines += [name, "", *speech, "", *speech[:3], ""]
    result = convert_source(source_from_text("\n".join(lines)))
    assert result.ok and result.document.layout == "ebook", [d.to_text() for d in result.diagnostics]
    assert "a play of 2 speakers (e.g. 'Dei.')" in result.summary()
    root = etree.fromstring(result.data)
    speeches = root.findall(f".//{TEI}sp")
    assert [sp.findtext(f"{TEI}speaker") for sp in speeches] == ["Dei.", "Nvt."] * 3 + ["Dei."]
    assert [len(sp.findall(f".//{TEI}l")) for sp in speeches] == [7] * 7
    assert errors_against("own", root) == [] and errors_against("tei_all", root) == []


VERSE_PLAY = """[Act 1, Scene 1]
Anna.
The lamps are lit, the evening comes too soon,
and still he lingers somewhere in the town;
I watch the road. Where can my brother be?
(She sits.)
Karl.
Here, sister, here, and bringing news at last:
the harbour closed, the ships lie still and dark,
and no one sails until the wind comes round.
Anna.
Then we shall stay, and wait the winter out
beside the fire, as our mother did.
[Act 1, Scene 2]
Karl.
The wind has turned; the boats are out again,
and every sail is white against the sky.
Anna.
Then go, and bring me word of all you see
before the lamps are lit another night.
Karl.
I will, and you shall hear it all by dark.
"""


def test_a_play_in_verse_set_a_line_to_a_paragraph_keeps_its_lines_as_verse():
    """Nearly every spoken line short and many running on without a stop: a play in verse, whose
    speeches are ``<lg>`` of ``<l>`` between its stage directions; editors' bracketed scene
    headings head divisions."""
    _, root = convert(VERSE_PLAY)
    scenes = root.findall(f".//{TEI}body/{TEI}div")
    assert [d.findtext(f"{TEI}head") for d in scenes] == ["[Act 1, Scene 1]", "[Act 1, Scene 2]"]
    first = root.find(f".//{TEI}sp")
    assert [child.tag.removeprefix(TEI) for child in first] == ["speaker", "lg", "stage"]
    assert len(first.findall(f"{TEI}lg/{TEI}l")) == 3
    assert root.find(f".//{TEI}sp/{TEI}p") is None
    assert errors_against("own", root) == [] and errors_against("tei_all", root) == []


def test_a_play_in_prose_keeps_its_speeches_as_paragraphs():
    """Speeches that end with their stops (``Sprich, was ist geschehen?``) are prose, one ``<p>``
    each, though they are short."""
    _, root = convert(PLAY)
    assert root.find(f".//{TEI}sp/{TEI}lg") is None
    assert len(root.findall(f".//{TEI}sp/{TEI}p")) == 6


def test_a_line_set_off_after_a_colon_in_a_speech_stays_in_the_speech():
    """A speech that ends with a colon sets off what follows as a quotation in prose; in a play the
    line is still spoken, and ``<sp>`` holds no ``<quote>`` (valid TEI)."""
    text = PLAY.replace("Sprich, was ist geschehen?", "Sprich, sag mir nur dies eine:\nWas ist geschehen?")
    _, root = convert(text)
    assert root.find(f".//{TEI}sp/{TEI}quote") is None
    spoken = [" ".join("".join(p.itertext()).split()) for p in root.iter(f"{TEI}p")]
    assert "Was ist geschehen?" in spoken
    assert errors_against("own", root) == [] and errors_against("tei_all", root) == []
