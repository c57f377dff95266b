"""The 4-2-8 digit number printed under the photo (``1234-05-01011234``); shape only."""

from __future__ import annotations

import re

from .text import clip, thai_digits_to_ascii

__all__ = ["SERIAL_RE", "is_valid_serial", "normalize_serial"]

SERIAL_RE = re.compile(r"^\d{4}-\d{2}-\d{8}$")
_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1"})
_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z])[0-9OoDIl|]{4}\s?[\-–.]?\s?[0-9OoDIl|]{2}\s?[\-–.]?\s?[0-9OoDIl|]{8}(?![0-9A-Za-z])"
)


def normalize_serial(text: str) -> str | None:
    """Return the number as ``NNNN-NN-NNNNNNNN`` (Thai digits and O/0, I/1 fixed), or ``None``."""
    s = thai_digits_to_ascii(clip(text))
    if not s:
        return None
    for m in _CANDIDATE.finditer(s):
        raw = m.group(0)
        if sum(c.isdigit() for c in raw) < 10:
            continue
        digits = re.sub(r"[^0-9]", "", raw.translate(_LOOKALIKE))
        if len(digits) == 14:
            return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    return None


def is_valid_serial(text: str) -> bool:
    """True when ``text`` is exactly ``NNNN-NN-NNNNNNNN``."""
    return isinstance(text, str) and SERIAL_RE.fullmatch(text) is not None
