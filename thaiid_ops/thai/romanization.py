"""How well a Thai name agrees with its printed English (RTGS) romanisation.

The card prints each name twice; the English line reads far more reliably, so it can
decide between Thai spellings the recogniser finds nearly as likely. Romanisation
systems (and the registrar's own choices) differ mostly in vowels, so only the
consonant skeletons are compared."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

_NOT_CONSONANT = re.compile(r"[^bcdfghjklmnpqrstvwxz]")
_REPEAT = re.compile(r"(.)\1+")


# Spellings common on cards that RTGS writes otherwise: "Jiraporn", "Vorapong", "Chaiyaphruek".
_VARIANTS = (
    (re.compile(r"j"), "ch"),
    (re.compile(r"v"), "w"),
    (re.compile(r"q"), "k"),
    (re.compile(r"c(?!h)"), "k"),
)


def latin_skeleton(text: str) -> str:
    """A Latin name's consonants, lower case, repeats collapsed ("Phatthanan" → "phthn")."""
    text = text.lower()
    for rx, rtgs in _VARIANTS:
        text = rx.sub(rtgs, text)
    return _REPEAT.sub(r"\1", _NOT_CONSONANT.sub("", text))


@lru_cache(maxsize=4096)
def thai_skeleton(text: str) -> str:
    """The consonant skeleton of a Thai word's RTGS romanisation (pythainlp, royin)."""
    from pythainlp.transliterate import romanize

    return latin_skeleton("".join(romanize(w, engine="royin") for w in text.split()))


def agreement(thai: str | None, english: str | None) -> float:
    """0–100: how alike the two names' consonant skeletons are (0 when either is missing)."""
    if not thai or not english:
        return 0.0
    return fuzz.ratio(thai_skeleton(thai), latin_skeleton(english))
