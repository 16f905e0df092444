"""Language detection: function words for the common languages, py3langid for the rest,
and the language of a passage quoted in another language's book."""

from __future__ import annotations

import pytest

from teitools import language
from teitools import model as m
from teitools.readers.dehyphenate import Vocabulary
from teitools.readers.ocr_fixes import Corrector

LATIN = ("Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae, aliam Aquitani, tertiam "
         "qui ipsorum lingua Celtae, nostra Galli appellantur. Hi omnes lingua, institutis, legibus inter "
         "se differunt. Gallos ab Aquitanis Garumna flumen, a Belgis Matrona et Sequana dividit. Horum "
         "omnium fortissimi sunt Belgae, propterea quod a cultu atque humanitate provinciae longissime "
         "absunt.")
CZECH = ("Bylo pozdní večer, první máj, večerní máj, byl lásky čas. Hrdliččin zval ku lásce hlas, kde "
         "borový zaváněl háj. O lásce šeptal tichý mech, květoucí strom lhal lásky žel, svou lásku slavík "
         "růži pěl, růžinu jevil vonný vzdech. Jezero hladké v křovích stinných zvučelo temně tajný bol.")


def test_languages_beyond_the_function_word_lists() -> None:
    assert language.detect(LATIN) == "la"
    assert language.detect(CZECH) == "cs"
    assert language.name("la") == "Latin" and language.name("cs") == "Czech"


def test_latin_whose_et_and_est_are_french_function_words_is_latin() -> None:
    """Latin verse says ``et`` and ``est`` (French function words) forty times and more, but
    they are few among its words: py3langid decides, and no French word list corrects it."""
    verse = ("Navis alta trans undas currit nautaeque canunt carmina longa sub caelo sereno, dum ventus "
             "vela tendit portumque petunt omnes; mercatores frumentum vendunt pretio magno, "
             "nam hiems dura et longa est. ")  # 2 of 30 words
    assert language.detect(verse * 25) == "la"


def test_no_word_list_of_a_neighbouring_language_stands_in() -> None:
    """wordfreq offers Italian for Latin, Hindi for Sanskrit: none is taken; Norwegian takes
    Bokmål's list."""
    assert not Vocabulary([LATIN], "la").has_lexicon and not Vocabulary([LATIN], "sa").has_lexicon
    assert Vocabulary([LATIN], "no").has_lexicon


def test_too_little_text_gets_no_language() -> None:
    assert language.detect("Gallia est omnis divisa.") is None


def test_a_passage_in_another_language() -> None:
    assert language.passage("les présents de la reine sont arrivés dans une voiture pour le roi") == "fr"
    assert language.passage("the presents of the queen came in a carriage for the king") == "en"
    assert language.passage("Paris, 1721") is None


def test_a_word_of_a_quoted_passage_is_not_corrected_into_the_books_language() -> None:
    english = " ".join(["the presents were given to the king and the queen in the hall of the palace"] * 30)
    quoted = "as the ambassador wrote, les présents de la reine sont arrivés pour le roi et la cour"
    lines = [english, quoted, english]
    corrector = Corrector("\n".join(lines), Vocabulary(lines, "en"))
    nodes = corrector.apply(quoted, 2, english, english)
    assert [type(n).__name__ for n in nodes] == ["Text"]


@pytest.mark.slow  # every word of four languages, against wordfreq itself
@pytest.mark.parametrize("tag", ["en", "de", "ru", "sh"])
def test_lexicon_reads_wordfreqs_lists_as_wordfreq_does(tag: str) -> None:
    """The converter reads wordfreq's packaged lists itself (importing wordfreq costs 0.3 s):
    every word and its Zipf value as wordfreq gives them, and the same common words."""
    import math

    from wordfreq import get_frequency_dict

    from teitools.lexicon import zipf_values
    from teitools.readers.dehyphenate import common_words

    theirs = get_frequency_dict(tag)
    ours = zipf_values(tag)
    assert ours.keys() == theirs.keys()
    assert all(ours[word] == round(math.log10(frequency) + 9, 2) for word, frequency in theirs.items())
    assert set(common_words(tag, 3.0)) == {word for word, frequency in theirs.items() if frequency >= 1e-6}


def test_lexicon_takes_a_varietys_list_never_a_neighbours() -> None:
    from teitools.lexicon import zipf_values

    assert zipf_values("no") == zipf_values("nb")
    assert zipf_values("en-GB") == zipf_values("en")
    assert zipf_values("la") == {} and zipf_values("sa") == {} and zipf_values("not a tag!") == {}


def test_the_common_words_list_is_the_whole_lists_common_part() -> None:
    from teitools.lexicon import common_values, zipf_values

    common, whole = common_values("fr"), zipf_values("fr")  # the common words' list: Zipf 3 or more
    assert 0 < len(common) < len(whole) // 5 and min(common.values()) >= 3.0
    assert all(abs(whole[word] - value) <= 0.05 for word, value in common.items() if word in whole)


def test_a_word_of_a_short_quotation_in_a_mixed_line_is_not_corrected() -> None:
    """A line mixes the book's language with a short quotation (``"une tasse de thé"``, one
    that runs on to the next line: ``'yo le oí decir que el``): the quoted words are the
    other language's; so is a common French word outside a quotation (``présents``), while an
    accent on no French word (``presénts``) or on one of the commonest words (``thé``, the) is a
    misreading."""
    english = " ".join(["the presents were given to the king and the queen in the hall of the palace"] * 30)
    for line in ('the maids called it "une tasse de thé" and drank coffee.',
                 "the maids called it 'une tasse de thé' and drank coffee.",
                 "she told the author 'yo le oí decir que el"):
        lines = [english, line, english]
        corrector = Corrector("\n".join(lines), Vocabulary(lines, "en"))
        assert [type(n).__name__ for n in corrector.apply(line, 2, english, english)] == ["Text"], line
    for line, corrections in (("the maids called it présents and drank.", []),
                              ("the maids called it presénts and drank.", [("presénts", "presents")]),
                              ("the maids called it thé and drank.", [("thé", "the")])):
        lines = [english, line, english]
        corrector = Corrector("\n".join(lines), Vocabulary(lines, "en"))
        assert [(n.sic, n.corr) for n in corrector.apply(line, 2, english, english)
                if isinstance(n, m.Correction)] == corrections
