"""The 13-digit Thai personal ID number: parsing from OCR text, check digit, plausibility."""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

import geothai
from stdnum.th import pin

from .dates import CardDate
from .text import clip, thai_digits_to_ascii

__all__ = [
    "PROVINCE_CODES",
    "IdVerdict",
    "birth_allowed",
    "card_type_for_id",
    "check_digit",
    "format_id",
    "is_valid_id",
    "mask_id",
    "parse_id",
    "sound_id_allows_birth",
    "validate_id",
]

#: Two-digit DOPA province codes; digits 2–3 of an ID are the registering office's province.
PROVINCE_CODES: frozenset[str] = frozenset(p.code for p in geothai.provinces())

# First digit by card type (domain.md §2.1): Thai national cards carry 1–5 and 8 (naturalised
# or permanent residents); pink / non-Thai cards carry 6, 7, 8 and 0 (no registration status).
# stdnum rejects 0 outright, so the first-digit rule is ours, not stdnum's.
_FIRST_DIGITS = {
    "normal": frozenset("123458"),
    "pink": frozenset("0678"),
    None: frozenset("012345678"),
}

# Runs of digits and the letters OCR confuses with them (not glued to other letters), joined
# by the separators printed between the groups.
_DIGITISH = re.compile(r"(?<![A-Za-z])[0-9OoIl|]+(?:[ \-\u2013.]{1,2}[0-9OoIl|]+)*(?![A-Za-z])")
_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
# Digit groups joined by single separators (space, dash, en dash, dot).
_CHAIN = re.compile(r"\d+(?:[ \-\u2013.]{1,2}\d+)*")
_GROUP = re.compile(r"\d+")


@dataclass(frozen=True)
class IdVerdict:
    """Outcome of :func:`validate_id`; ``reasons`` names each failed rule."""

    valid: bool
    reasons: tuple[str, ...] = ()

    @property
    def checksum_ok(self) -> bool:
        """True when the number has 13 digits and its check digit is right."""
        return not {"length", "format", "checksum"} & set(self.reasons)


def _fix_lookalikes(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        tok = m.group(0)
        n_digits = sum(c.isdigit() for c in tok)
        n_alike = sum(c in "OoIl|" for c in tok)
        # Fix a short run only when digits dominate; a long run (ID-sized) needs a few digits.
        ok = n_digits >= n_alike or (n_digits >= 3 and n_digits + n_alike >= 10)
        return tok.translate(_LOOKALIKE) if n_digits and ok else tok

    return _DIGITISH.sub(repl, text)


def parse_id(text: str) -> str | None:
    """Extract a 13-digit ID from OCR-ish text (spaces, dashes, Thai digits, O→0, I/l→1).

    Digit groups separated by spaces or dashes are joined when whole groups add up to exactly
    13 digits; a checksum-valid candidate is preferred. Returns ``None`` if there is none.
    """
    s = clip(text)
    if not s:
        return None
    s = _fix_lookalikes(thai_digits_to_ascii(s))
    candidates: list[str] = []
    for chain in _CHAIN.finditer(s):
        groups = _GROUP.findall(chain.group(0))
        for i in range(len(groups)):
            total = 0
            for j in range(i, len(groups)):
                total += len(groups[j])
                if total == 13:
                    candidates.append("".join(groups[i : j + 1]))
                if total >= 13:
                    break
    if not candidates:
        return None
    for c in candidates:
        if c[-1] == check_digit(c[:12]):
            return c
    return candidates[0]


def check_digit(first12: str) -> str:
    """The check digit for the first 12 digits (python-stdnum's ``th.pin`` algorithm)."""
    return pin.calc_check_digit(first12)


def _digits(number: object) -> str:
    if not isinstance(number, str):
        return ""
    return re.sub(r"[ \-]", "", thai_digits_to_ascii(number[:64]).strip())


def validate_id(number: str, card_type: str | None = None) -> IdVerdict:
    """Check length, digits, check digit, first digit for ``card_type`` and the province code.

    ``card_type`` is ``"normal"``, ``"pink"`` or ``None`` (unknown: any first digit but 9).
    Reasons come from {"length", "format", "checksum", "first_digit", "province"}.
    """
    n = _digits(number)
    if not n.isascii() or not n.isdigit():
        reasons: tuple[str, ...] = ("format",) if n else ("length",)
        if n and len(n) != 13:
            reasons = ("length", "format")
        return IdVerdict(False, reasons)
    if len(n) != 13:
        return IdVerdict(False, ("length",))
    out: list[str] = []
    if n[-1] != check_digit(n[:12]):
        out.append("checksum")
    allowed = _FIRST_DIGITS.get(card_type, _FIRST_DIGITS[None])
    if n[0] not in allowed:
        out.append("first_digit")
    if n[1:3] not in PROVINCE_CODES:
        out.append("province")
    return IdVerdict(not out, tuple(out))


def is_valid_id(number: str, card_type: str | None = None) -> bool:
    """True when :func:`validate_id` finds no problem."""
    return validate_id(number, card_type).valid


def format_id(number: str) -> str:
    """The card's printed grouping ``1 2345 67890 12 3``; other input is returned cleaned."""
    n = _digits(number)
    if len(n) != 13 or not n.isdigit():
        return n
    return f"{n[0]} {n[1:5]} {n[5:10]} {n[10:12]} {n[12]}"


def mask_id(number: str) -> str:
    """Mask the middle seven digits: ``1-2345-XXXXX-XX-3``; anything else is fully masked."""
    n = _digits(number)
    if len(n) != 13 or not n.isdigit():
        return "X" * min(len(n), 13)
    return f"{n[0]}-{n[1:5]}-XXXXX-XX-{n[12]}"


def card_type_for_id(number: str) -> str:
    """``"pink"`` when the first digit is 6 or 7 (non-Thai cards), else ``"normal"``."""
    n = _digits(number)
    return "pink" if n[:1] in ("6", "7") else "normal"


# The numbering began in 1984 (domain.md §2.1): births from 1 Jan 1984 (B.E. 2527) take first
# digit 1 (registered on time) or 2 (late); 3 went to people already in a house register when
# the scheme started (31 May 1984), so born by then. 4, 5 and 8 bound nothing.
_BORN_FROM = _dt.date(1984, 1, 1)
_BORN_BY = _dt.date(1984, 5, 31)


def birth_allowed(number: str, born: _dt.date | CardDate) -> bool:
    """Whether a holder of ID `number` can have been born on `born`, by the ID's first digit
    (1 or 2: born from 1 Jan 1984; 3: born by 31 May 1984). A printed date with only its year
    (or month and year) allows what any day in it would. True for other or unreadable IDs,
    and for a date with no year."""
    first = _digits(number)[:1]
    if isinstance(born, CardDate):
        span = _date_span(born)
        if span is None:
            return True
        earliest, latest = span
    else:
        earliest = latest = born
    if first in ("1", "2"):
        return latest >= _BORN_FROM
    if first == "3":
        return earliest <= _BORN_BY
    return True


def sound_id_allows_birth(number: str, born: _dt.date | CardDate) -> bool:
    """:func:`birth_allowed`, judged only for a sound ID (:func:`is_valid_id`): a check digit
    that fails leaves the first digit in doubt, and with it the bound it sets."""
    return not is_valid_id(number) or birth_allowed(number, born)


def _date_span(d: CardDate) -> tuple[_dt.date, _dt.date] | None:
    """The first and last day a printed date can mean; None without a usable year."""
    if d.lifelong or d.year is None or not 1 <= d.year <= 9999:
        return None
    if d.month is None or not 1 <= d.month <= 12:
        return _dt.date(d.year, 1, 1), _dt.date(d.year, 12, 31)
    last = calendar.monthrange(d.year, d.month)[1]
    if d.day is None or not 1 <= d.day <= last:
        return _dt.date(d.year, d.month, 1), _dt.date(d.year, d.month, last)
    day = _dt.date(d.year, d.month, d.day)
    return day, day
