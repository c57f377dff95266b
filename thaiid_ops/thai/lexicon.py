"""How well a Thai word is spelt: the dictionary words it takes to write it.

Street and soi names are open vocabulary, so no gazetteer can snap them, but they are
mostly made of ordinary words ("ราชดำเนิน" = ราช + ดำเนิน). A misread breaks a word into
pieces no dictionary knows ("ราชดคำเนิน" = รา + ชด + คำ + เนิน), so the number of words
needed to write a reading, and the dictionary spellings one or two edits away from it, tell
the recogniser's pixel check which readings are worth weighing. The dictionary is
pythainlp's word list (offline, in the package)."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# A piece that is no dictionary word costs as much as this many words.
_UNKNOWN = 3


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], dict[int, list[str]]]:
    from pythainlp.corpus import thai_words

    words = frozenset(w for w in thai_words() if " " not in w)
    by_len: dict[int, list[str]] = {}
    for w in words:
        by_len.setdefault(len(w), []).append(w)
    return words, by_len


@lru_cache(maxsize=4096)
def segments(text: str) -> tuple[str, ...]:
    """`text` cut into the fewest dictionary words (pythainlp's maximal matching)."""
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(text, engine="newmm", keep_whitespace=False))


def spelling_cost(text: str) -> int:
    """The words it takes to write `text`, a piece outside the dictionary counting three
    and a hyphen ("บางนา-ตราด") nothing."""
    words = _words()[0]
    return sum(0 if s == "-" else 1 if s in words else _UNKNOWN for s in segments(text))


def well_spelt(text: str) -> bool:
    """`text` is written with dictionary words alone (a hyphen between them or not)."""
    words = _words()[0]
    return all(s == "-" or s in words for s in segments(text))


@lru_cache(maxsize=64)
def _pool(lo: int, hi: int) -> tuple[str, ...]:
    by_len = _words()[1]
    return tuple(w for n in range(lo, hi + 1) for w in by_len.get(n, ()))


@lru_cache(maxsize=8192)  # pieces of street names recur from card to card
def _near(piece: str, reach: int) -> tuple[str, ...]:
    pool = _pool(len(piece) - reach, len(piece) + reach)
    found = process.extract(
        piece, pool, scorer=Levenshtein.distance, score_cutoff=reach, limit=None
    )
    return tuple(w for w, _, _ in found)


@lru_cache(maxsize=4096)
def respellings(text: str, reach: int = 2) -> tuple[str, ...]:
    """Spellings of `text` within `reach` edits that take fewer dictionary words: the whole
    word replaced, one letter dropped, or one run of up to three of its pieces replaced by a
    word near it."""
    cost = spelling_cost(text)
    if cost <= 1:
        return ()
    segs = segments(text)
    out: dict[str, None] = {}
    for w in _near(text, reach):
        out[w] = None
    for i in range(len(text)):  # a letter the recogniser added ("ราชดคำเนิน")
        out[text[:i] + text[i + 1 :]] = None
    for i in range(len(segs)):
        for j in range(i + 1, min(len(segs), i + 3) + 1):
            piece = "".join(segs[i:j])
            if len(piece) < 2:
                continue
            for w in _near(piece, 1 if len(piece) <= 4 else reach):
                out["".join(segs[:i]) + w + "".join(segs[j:])] = None
    out.pop(text, None)
    return tuple(
        c
        for c in out
        if Levenshtein.distance(c, text) <= reach
        and c.count("-") == text.count("-")  # a printed hyphen stays
        and spelling_cost(c) < cost
    )
