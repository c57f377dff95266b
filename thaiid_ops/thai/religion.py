"""Religion as printed on the front (sensitive data under PDPA s.26: opt-in only)."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from .text import clip

__all__ = ["RELIGIONS", "snap_religion"]

#: Thai religion words as printed, with approximate population shares (NSO census 2015/2018),
#: used by the synthetic card factory to draw realistic values.
RELIGIONS: tuple[tuple[str, float], ...] = (
    ("พุทธ", 0.930),
    ("อิสลาม", 0.054),
    ("คริสต์", 0.012),
    ("ฮินดู", 0.001),
    ("ซิกข์", 0.0005),
    ("ไม่มี", 0.0025),
)

_ALIASES = {
    "พุทธ": "พุทธ", "ศาสนาพุทธ": "พุทธ", "buddhism": "พุทธ", "buddhist": "พุทธ",
    "อิสลาม": "อิสลาม", "ศาสนาอิสลาม": "อิสลาม", "islam": "อิสลาม", "muslim": "อิสลาม",
    "คริสต์": "คริสต์", "คริสต": "คริสต์", "ศาสนาคริสต์": "คริสต์", "christian": "คริสต์",
    "christianity": "คริสต์", "ฮินดู": "ฮินดู", "hindu": "ฮินดู", "ซิกข์": "ซิกข์", "ซิกข": "ซิกข์",
    "sikh": "ซิกข์", "ไม่มี": "ไม่มี", "none": "ไม่มี", "ไม่นับถือศาสนา": "ไม่มี",
}  # fmt: skip


def snap_religion(text: str) -> str | None:
    """Snap OCR text to a known religion word (exact, alias, then fuzzy); ``None`` if unsure."""
    s = clip(text, 64).replace(" ", "").lower()
    for label in ("ศาสนา", "religion", ":"):
        if s.startswith(label) and s != label and s[len(label) :] in _ALIASES:
            s = s[len(label) :]
    if not s:
        return None
    if s in _ALIASES:
        return _ALIASES[s]
    hit = process.extractOne(s, list(_ALIASES), scorer=fuzz.ratio, score_cutoff=75)
    return _ALIASES[hit[0]] if hit else None
