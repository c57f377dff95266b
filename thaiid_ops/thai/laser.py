"""The laser code on the back of the card: 2 letters + 10 digits, printed ``JT0-1234567-89``."""

from __future__ import annotations

import re

from .text import clip, thai_digits_to_ascii

__all__ = ["LASER_RE", "is_valid_laser", "normalize_laser"]

LASER_RE = re.compile(r"^[A-Z]{2}\d-\d{7}-\d{2}$")

# OCR confusions, fixed by position: letters in positions 1–2, digits in 3–12.
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G", "4": "A"})
_TO_DIGIT = str.maketrans(
    {"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1", "|": "1", "T": "1",
     "S": "5", "B": "8", "Z": "2", "G": "6", "A": "4"}
)  # fmt: skip
_CANDIDATE = re.compile(
    r"(?<![A-Z0-9])[A-Z0-9|]{2}\s?[A-Z0-9|][\s\-–.]{0,2}[A-Z0-9|]{7}[\s\-–.]{0,2}[A-Z0-9|]{2}(?![A-Z0-9])"
)
_SEP = re.compile(r"[\s\-–.]")


def _fix(raw: str) -> str | None:
    if len(raw) != 12:
        return None
    letters = raw[:2].translate(_TO_LETTER)
    digits = raw[2:].translate(_TO_DIGIT)
    if not (letters.isascii() and letters.isalpha() and digits.isascii() and digits.isdigit()):
        return None
    return f"{letters}{digits[0]}-{digits[1:8]}-{digits[8:]}"


def normalize_laser(text: str) -> str | None:
    """Return the code as ``JT0-1234567-89`` after fixing O/0, I/1, S/5, B/8 by position.

    ``None`` when no 12-character code can be read from ``text``. Never raises.
    """
    s = clip(text).upper()
    if not s:
        return None
    s = thai_digits_to_ascii(s)
    whole = _fix(_SEP.sub("", s))
    if whole:
        return whole
    for m in _CANDIDATE.finditer(s):
        fixed = _fix(_SEP.sub("", m.group(0)))
        if fixed:
            return fixed
    return None


def is_valid_laser(text: str) -> bool:
    """True when ``text`` is exactly in the printed form ``^[A-Z]{2}\\d-\\d{7}-\\d{2}$``."""
    return isinstance(text, str) and LASER_RE.fullmatch(text) is not None
