"""Detecting the language of a text.

Two detectors, the fast one first. A text in one of seven common languages of print uses
that language's articles, pronouns and prepositions far more than any other language's,
and they make a fifth or more of its words (a Latin text's "et" and "est" are French ones,
but few), so counting them is reliable for prose of a few hundred words and costs nothing. Any
other text (Latin, Czech, Serbian, Swedish, Russian ...) goes to ``py3langid`` (a
maintained fork of langid.py, 97 languages, Lui & Baldwin 2012), whose model takes about
half a second to load and is therefore loaded only then. Either answers only when the
evidence is clear; otherwise the header says nothing rather than something wrong.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Any


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# BCP 47 code -> (English name, function words).
STOPWORDS: dict[str, tuple[str, frozenset[str]]] = {
    "en": ("English", _words(
        "the and of to is was that it for with as his on be at by this had not are but from or have an "
        "they which you were her all she there would their we him been has when who will more no if out "
        "so said what its about into than them can only other new some could these two may then do")),
    "de": ("German", _words(
        "der die und den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden "
        "aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben "
        "nur oder aber vor zur bis mehr durch man")),
    "fr": ("French", _words(
        "le les et des du un une est pour qui dans par sur au pas plus ne se ce il sont avec ou son "
        "été aux sa mais comme nous elle leur ses cette lui tout fait être ont était dont")),
    "es": ("Spanish", _words(
        "el los las del y que por con para una es su al lo como más pero sus le ya fue este ha sí "
        "porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos "
        "durante todos uno les ni contra otros")),
    "it": ("Italian", _words(
        "il di che è per un della gli con non sono alla si da dei nel delle anche come più ma al "
        "questo ha le sua suo dal nella loro essere hanno stato tra molto degli fu")),
    "nl": ("Dutch", _words(
        "het een van en dat op te zijn voor met niet aan er maar om ook als bij dan nog wel naar "
        "uit worden wordt hij zij deze werd door geen hun kan tot wat")),
    "pt": ("Portuguese", _words(
        "o os da do das dos um uma em para com não por mais foi ao seu sua pelo pela mas ou ser "
        "quando muito nos já também só isso ele ela até são entre depois sem mesmo")),
}
# Each word votes for one language only: words in several lists ("le", "des") do not vote.
_VOTES = {word: code for code, (_, words) in STOPWORDS.items() for word in words
          if sum(word in other for _, other in STOPWORDS.values()) == 1}
_WORD = re.compile(r"[^\W\d_]+")
MIN_HITS = 40  # function words needed before answering at all
MIN_LEAD = 3.0  # the winner must have this many times the runner-up's hits
# ... and make this share of the words: a seven-language text's function words make a fifth or
# more of it (0.22 to 0.41 on the development corpus), Latin's "et" and "est" (French) 0.04.
MIN_SHARE = 0.1


MIN_LETTERS = 200  # letters a text needs before py3langid is asked
MIN_PASSAGE_VOTES = 2  # function words that make a passage's language clear
MIN_PROBABILITY = 0.95  # ... and the probability its answer must have
@functools.lru_cache(maxsize=4)
def detect(text: str, limit: int = 200_000) -> str | None:
    """The BCP 47 code of the text's language, or None when unclear (short, mixed or other):
    from function words (seven languages), else from py3langid. Remembered for the last few
    texts: the reader and the header both ask about the same book."""
    return _function_words(text, limit) or _langid(text[:limit])


def votes(text: str) -> Counter[str]:
    """The votes of ``text``'s function words, by language: each word of one language's list
    alone (``STOPWORDS``) votes for it."""
    return Counter(code for word in _WORD.findall(text.lower()) if (code := _VOTES.get(word)))


def passage(text: str) -> str | None:
    """The language a short passage (a few lines) is clearly in, from its function words:
    at least MIN_PASSAGE_VOTES and more than any other language's; None when unclear. A
    book quotes other languages: a word of such a passage is not the book's language's."""
    ranked = votes(text).most_common(2)
    if not ranked or ranked[0][1] < MIN_PASSAGE_VOTES:
        return None
    return ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else None


def _langid(text: str) -> str | None:
    if sum(c.isalpha() for c in text[:20_000]) < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(text)
    return str(code) if probability >= MIN_PROBABILITY else None


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _function_words(text: str, limit: int) -> str | None:
    words = _WORD.findall(text[:limit].lower())
    counts: Counter[str] = Counter(code for word in words if (code := _VOTES.get(word)))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < MIN_HITS or ranked[0][1] < MIN_SHARE * len(words):
        return None  # too few, or a few borrowed words of another language (Latin "et", "est")
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return ranked[0][0] if ranked[0][1] >= MIN_LEAD * max(runner_up, 1) else None


# Languages this module names but does not detect (a text may declare them, as Project
# Gutenberg's "Language: Latin" does).
NAMES: dict[str, str] = {
    **{code: entry[0] for code, entry in STOPWORDS.items()},
    "la": "Latin", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "pl": "Polish",
    "cs": "Czech", "hu": "Hungarian", "ru": "Russian", "sr": "Serbian", "el": "Greek", "grc": "Ancient Greek",
    "eo": "Esperanto", "ca": "Catalan", "cy": "Welsh", "ga": "Irish", "is": "Icelandic", "ro": "Romanian",
    "tl": "Tagalog", "zh": "Chinese", "ja": "Japanese", "he": "Hebrew", "ar": "Arabic", "sa": "Sanskrit",
    "af": "Afrikaans", "fy": "Frisian", "gl": "Galician", "eu": "Basque", "oc": "Occitan", "yi": "Yiddish",
    "bg": "Bulgarian", "uk": "Ukrainian", "sl": "Slovenian", "hr": "Croatian", "et": "Estonian",
}
_CODES = {english.lower(): code for code, english in NAMES.items()}


def name(code: str) -> str | None:
    """The English name of a language this module knows, by its code's primary subtag."""
    return NAMES.get(code.split("-")[0].lower())


def code_of(english: str) -> str | None:
    """The BCP 47 code of a language named in English (``Latin`` -> ``la``), else None."""
    return _CODES.get(english.strip().lower())
