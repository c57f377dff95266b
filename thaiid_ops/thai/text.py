"""Text clean-up shared by the Thai parsers: NFC, Thai digits, stray OCR marks."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_INPUT_CHARS", "clip", "normalize_text", "thai_digits_to_ascii"]

# Parsers look at card-sized text; anything longer is truncated before regex work so a
# 1 MB string costs microseconds, not seconds.
MAX_INPUT_CHARS = 4096

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")


def thai_digits_to_ascii(s: str) -> str:
    """Replace Thai digits ``๐``–``๙`` with ASCII ``0``–``9``."""
    if not isinstance(s, str):
        return ""
    return s.translate(_THAI_DIGITS)


def normalize_text(s: str) -> str:
    """NFC, ``ํา`` → ``ำ``, zero-width characters removed, whitespace collapsed and stripped."""
    if not isinstance(s, str):
        return ""
    s = unicodedata.normalize("NFC", s)
    # OCR and some fonts emit NIKHAHIT + SARA AA instead of SARA AM.
    s = s.replace("\u0e4d\u0e32", "\u0e33")
    s = _ZERO_WIDTH.sub("", s)
    return _SPACE.sub(" ", s).strip()


def clip(s: object, limit: int = MAX_INPUT_CHARS) -> str:
    """Return ``s`` as normalised text no longer than ``limit`` characters ("" for non-str)."""
    if not isinstance(s, str):
        return ""
    return normalize_text(s[: limit * 2])[:limit]
