"""How well a Thai name agrees with its printed English (RTGS) romanisation.

The card prints each name twice; the English line reads far more reliably, so it can
decide between Thai spellings the recogniser finds nearly as likely. Romanisation
systems (and the registrar's own choices) differ mostly in vowels, so the consonant
skeletons are compared first, and the whole spellings only between readings whose
consonants agree as well."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

_NOT_CONSONANT = re.compile(r"[^bcdfghjklmnpqrstvwxz]")
_NOT_LETTER = re.compile(r"[^a-z]")
_REPEAT = re.compile(r"(.)\1+")


# Spellings common on cards that RTGS writes otherwise: "Jiraporn", "Vorapong", "Chaiyaphruek",
# "Thongdee", "Boonma", "Pornchai".
_VARIANTS = (
    (re.compile(r"j"), "ch"),
    (re.compile(r"v"), "w"),
    (re.compile(r"q"), "k"),
    (re.compile(r"c(?!h)"), "k"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"(?<=o)rn"), "n"),
)


def _folded(text: str) -> str:
    text = text.lower()
    for rx, rtgs in _VARIANTS:
        text = rx.sub(rtgs, text)
    return _NOT_LETTER.sub("", text)


def latin_skeleton(text: str) -> str:
    """A Latin name's consonants, lower case, repeats collapsed ("Phatthanan" → "phthn")."""
    return _REPEAT.sub(r"\1", _NOT_CONSONANT.sub("", _folded(text)))


@lru_cache(maxsize=4096)
def romanized(text: str) -> str:
    """A Thai name's RTGS romanisation (pythainlp, royin), lower case, letters only."""
    from pythainlp.transliterate import romanize

    return _folded("".join(romanize(w, engine="royin") for w in text.split()))


def romanizations(text: str) -> tuple[str, ...]:
    """`romanized(text)`, and where the name holds ฤ the romanisation with it as "ri" as
    well: royin writes "rue" ("ฤทธิ์" rueot) where cards print "Rit"."""
    first = romanized(text)
    if "ฤ" not in text:
        return (first,)
    ri = romanized(text.replace("ฤ", "ริ"))
    return (first, ri) if ri != first else (first,)


def agreement(thai: str | None, english: str | None) -> float:
    """0–100: how alike the two names' consonant skeletons are (0 when either is missing)."""
    if not thai or not english:
        return 0.0
    skeleton = latin_skeleton(english)
    return max(fuzz.ratio(latin_skeleton(r), skeleton) for r in romanizations(thai))


def spelled_agreement(thai: str | None, english: str | None) -> float:
    """0–100: how alike the two names' whole romanisations are, vowels too ("ชัยวิทย์" and
    "Chaiwit" 100, "ชียวิทย์" 86): the judge between readings whose consonants tie."""
    if not thai or not english:
        return 0.0
    return max(fuzz.ratio(r, _folded(english)) for r in romanizations(thai))


def spelling_distance(thai: str, english: str) -> int:
    """Letters to change to turn the Thai name's romanisation into the English name's
    ("ศิริมสิกะ" and "Sirimusika" 1): how far a reading is from its printed twin."""
    return min(Levenshtein.distance(r, _folded(english)) for r in romanizations(thai))
