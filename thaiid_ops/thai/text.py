"""Text clean-up shared by the Thai parsers: NFC, Thai digits, stray OCR marks."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

__all__ = [
    "MARKS",
    "MAX_INPUT_CHARS",
    "TONES",
    "clip",
    "has_thai",
    "name_word",
    "normalize_text",
    "orphan_mark",
    "silent_heads_joined",
    "thai_digits_to_ascii",
    "voted_tones",
    "word_tones",
]

# Parsers look at card-sized text; anything longer is truncated before regex work so a
# 1 MB string costs microseconds, not seconds.
MAX_INPUT_CHARS = 4096

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")
# Vowels and tone marks written above or below a consonant (a regex class body).
MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_THAI = re.compile("[\u0e00-\u0e7f]")
_ORPHAN_MARK = re.compile(f"(?:^|(?<=[\\s.]))[{MARKS}]+")


def has_thai(s: str) -> bool:
    """Whether the text holds any character of the Thai block."""
    return _THAI.search(s) is not None


def orphan_mark(s: str) -> re.Match[str] | None:
    """The first run of marks that starts a word (after a space, a dot or the start): no
    Thai word does; an OCR reading that shows one lost the consonant or read a speck."""
    return _ORPHAN_MARK.search(s)


# Marks out of place: a vowel above or below with no consonant under it, a tone mark or
# thanthakhat on neither a consonant nor such a vowel, SARA AM on neither, a leading vowel
# before no consonant, MAI HAN-AKAT on a leading vowel's consonant ("แกัว" is "แก้ว"),
# any mark on the vowel letters ฤ and ฦ ("ฤุทธิ์" is "ฤทธิ์").
_MISPLACED = re.compile(
    "(?<![\u0e01-\u0e2e])[\u0e31\u0e34-\u0e3a\u0e47]"
    "|(?<=[\u0e40-\u0e44][\u0e01-\u0e2e])\u0e31"
    "|(?<=[\u0e24\u0e26])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"
    "|(?<![\u0e01-\u0e2e\u0e31\u0e34-\u0e39])[\u0e48-\u0e4e]"
    "|(?<![\u0e01-\u0e2e\u0e48-\u0e4b])\u0e33"
    "|[\u0e40-\u0e44](?![\u0e01-\u0e2e])"
)


def well_formed(word: str) -> bool:
    """Whether every mark of a Thai word sits where Thai writing puts one ("โนนศิริ" yes,
    "โันนศิริ" no): a reading that breaks it is not a spelling."""
    return _MISPLACED.search(word) is None


_CONSONANT = re.compile("[\u0e01-\u0e2e]")
# A vowel that spells a syllable out: leading, following, above or below its consonant.
_VOWEL = re.compile("[\u0e30-\u0e39\u0e40-\u0e44\u0e47]")
_ALL_THAI = re.compile("[\u0e01-\u0e4e]+")


def name_word(word: str) -> bool:
    """Whether an OCR word can be a name part: two consonants or more, or one that a vowel
    spells out as a syllable ("ดี", "ใจ", "เงาะ"); a lone letter or mark is a speck."""
    consonants = len(_CONSONANT.findall(word))
    if consonants >= 2:
        return True
    return (
        consonants == 1
        and _ALL_THAI.fullmatch(word) is not None
        and _VOWEL.search(word) is not None
        and "\u0e4c" not in word  # its one letter silenced ("ธิ์"): a piece read twice
        and well_formed(word)
    )


# A word that starts with a silenced letter (or two, "ทร์"), and the word before it.
_SILENT_HEAD = re.compile("([\u0e01-\u0e4e]+) +([\u0e01-\u0e2e]{1,2}[\u0e34\u0e38]?\u0e4c)")


def silent_heads_joined(text: str) -> str:
    """`text` with a silenced letter that starts a word moved onto the word before it: no
    Thai word starts with one, a reading that shows it put the space a syllable early
    ("โสพัน ธุ์แก้ว" is "โสพันธุ์ แก้ว"); where that word ends with it already, it was
    read twice and goes ("ภูฤทธิ์ ธิ์อำนาจ" is "ภูฤทธิ์ อำนาจ")."""

    def join(m: re.Match[str]) -> str:
        word, head = m.groups()
        return f"{word} " if word.endswith(head) else f"{word}{head} "

    moved, n = _SILENT_HEAD.subn(join, text)
    return " ".join(moved.split()) if n else text


def within(short: str, long: str) -> bool:
    """`short` is `long` with characters left out ("5" in "515/72", "4" in "24")."""
    rest = iter(long)
    return all(c in rest for c in short)


def twin_of(short: str, long: str) -> bool:
    """`long` is `short` with one of its characters written twice ("11" for "1", "244" for
    "24")."""
    return len(long) == len(short) + 1 and any(
        long[i] == long[i + 1] and long[:i] + long[i + 1 :] == short for i in range(len(short))
    )


def thai_digits_to_ascii(s: str) -> str:
    """Replace Thai digits ``๐``–``๙`` with ASCII ``0``–``9``."""
    if not isinstance(s, str):
        return ""
    return s.translate(_THAI_DIGITS)


_DOUBLED_MARK = re.compile(f"([{MARKS}])\\1+")


def normalize_text(s: str) -> str:
    """NFC, ``ํา`` → ``ำ``, zero-width characters removed, a mark doubled by OCR (``้้``)
    once, whitespace collapsed and stripped."""
    if not isinstance(s, str):
        return ""
    s = unicodedata.normalize("NFC", s)
    # OCR and some fonts emit NIKHAHIT + SARA AA instead of SARA AM.
    s = s.replace("\u0e4d\u0e32", "\u0e33")
    s = _ZERO_WIDTH.sub("", s)
    s = _DOUBLED_MARK.sub(r"\1", s)  # Thai never stacks a mark on itself
    return _SPACE.sub(" ", s).strip()


def clip(s: object, limit: int = MAX_INPUT_CHARS) -> str:
    """Return ``s`` as normalised text no longer than ``limit`` characters ("" for non-str)."""
    if not isinstance(s, str):
        return ""
    return normalize_text(s[: limit * 2])[:limit]


TONES = "\u0e48\u0e49\u0e4a\u0e4b"  # mai ek, mai tho, mai tri, mai chattawa


def _toned(text: str) -> tuple[list[str], list[str]]:
    """`text`'s characters other than tone marks, and the tone mark each carries ("")."""
    chars: list[str] = []
    tones: list[str] = []
    for c in text:
        if c in TONES and chars:
            tones[-1] = c
        else:
            chars.append(c)
            tones.append("")
    return chars, tones


def voted_tones(text: str, readings: list[str], need: int | None = None) -> str:
    """`text` with each tone mark that most of `readings` (other readings of the same
    line) put on the same letter, or leave off it: the letters aligned by the fewest
    edits, a misread letter still carrying its mark's vote ("ซ่" counts for "ช่"). A tone
    mark sits above the other marks, where a cut that clips the line's top loses it.
    `need`: the votes a mark needs (None: a majority of `readings`)."""
    chars, tones = _toned(text)
    votes: list[list[str]] = [[] for _ in chars]
    for other in readings:
        ochars, otones = _toned(other)
        for op in Levenshtein.opcodes(chars, ochars):
            span = op.src_end - op.src_start
            if op.tag in ("equal", "replace") and span == op.dest_end - op.dest_start:
                for k in range(span):
                    votes[op.src_start + k].append(otones[op.dest_start + k])
    need = len(readings) // 2 + 1 if need is None else need
    out = []
    for c, tone, vote in zip(chars, tones, votes, strict=True):
        best = max(set(vote), key=vote.count) if vote else tone
        if vote.count(best) >= need and "\u0e00" <= c <= "\u0e7f":
            tone = best
        out.append(c + tone)
    return "".join(out)


def word_tones(text: str, readings: list[str]) -> str:
    """`text` with each word's tone marks as a majority of `text` and `readings` (other
    readings of the same line) put them, only the readings that spell the word's letters
    alike, tones aside and one letter slip allowed, voting: one that misread the word
    past that, or stacked two marks, says nothing of its tones."""
    words = [r.split() for r in readings]
    need = (len(readings) + 1) // 2 + 1
    out = []
    for word in text.split():
        key = toneless(word)
        alike = []
        for ws in words:
            near = min(ws, key=lambda w: Levenshtein.distance(toneless(w), key), default="")
            if Levenshtein.distance(toneless(near), key) <= 1 and well_formed(near):
                alike.append(near)
        out.append(voted_tones(word, [word, *alike], need))
    return " ".join(out)


_NO_TONE = str.maketrans("", "", TONES)


def toneless(text: str) -> str:
    """`text` without its tone marks."""
    return text.translate(_NO_TONE)
