"""Card dates: Thai Buddhist-Era and English lines, partial dates, the lifelong marker."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .text import clip, thai_digits_to_ascii

__all__ = [
    "BE_OFFSET",
    "EN_MONTHS",
    "THAI_MONTHS",
    "THAI_MONTHS_FULL",
    "CardDate",
    "DateParse",
    "dates_agree",
    "format_en_date",
    "format_iso",
    "format_thai_date",
    "parse_en_date",
    "parse_thai_date",
    "whole_date",
]

BE_OFFSET = 543
#: Thai month abbreviations as printed on the card.
THAI_MONTHS: tuple[str, ...] = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
THAI_MONTHS_FULL: tuple[str, ...] = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
#: English month abbreviations as printed on the card ("May" has no dot).
EN_MONTHS: tuple[str, ...] = (
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.",
    "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip
_EN_FULL = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip

# Plausible years: Christian era 1850–2200 (BE 2393–2743).
_MIN_CE, _MAX_CE = 1850, 2200

_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "S": "5"})
_YEARISH = re.compile(r"(?<![A-Za-z0-9])[0-9OoIl|S]{4}(?![A-Za-z0-9])")
# A day with a look-alike letter is fixed only when a space separates it from the month
# ("l4 Feb"), so that a glued "1Oct" keeps its month.
_DAYISH = re.compile(r"(?<![A-Za-z0-9])[0-9OoIl|]{1,2}(?=\s+[A-Za-z\u0e00-\u0e7f])")


@dataclass(frozen=True)
class CardDate:
    """A date as printed on the card, in the Christian era; unknown parts are ``None``."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    lifelong: bool = False

    def __repr__(self) -> str:  # dates are personal data: keep them out of logs
        kind = "lifelong" if self.lifelong else ("complete" if self.is_complete else "partial")
        return f"CardDate(<{kind}>)"

    @property
    def is_complete(self) -> bool:
        """Year, month and day are all known (and not lifelong)."""
        return (
            not self.lifelong
            and None not in (self.year, self.month, self.day)
            and self.to_date() is not None
        )

    @property
    def is_partial(self) -> bool:
        """Only the year, or the month and year, are known."""
        return not self.lifelong and self.year is not None and not self.is_complete

    @property
    def be_year(self) -> int | None:
        """The Buddhist-Era year (CE + 543)."""
        return None if self.year is None else self.year + BE_OFFSET

    @classmethod
    def of(cls, d: _dt.date) -> CardDate:
        """The whole card date of `d`."""
        return cls(d.year, d.month, d.day)

    def to_date(self) -> _dt.date | None:
        """A :class:`datetime.date` when complete, else ``None``."""
        if self.lifelong or self.year is None or self.month is None or self.day is None:
            return None
        try:
            return _dt.date(self.year, self.month, self.day)
        except (ValueError, OverflowError):
            return None

    def iso(self) -> str | None:
        """``1988-02-14``, ``1988-02`` or ``1988``; ``None`` for lifelong or empty."""
        if self.lifelong or self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def bounds(self) -> tuple[_dt.date, _dt.date] | None:
        """Earliest and latest real dates this (possibly partial) date can stand for."""
        if self.lifelong or self.year is None or not (1 <= self.year <= 9999):
            return None
        if self.month is None:
            return _dt.date(self.year, 1, 1), _dt.date(self.year, 12, 31)
        if self.day is None:
            first = _dt.date(self.year, self.month, 1)
            nxt = _dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return first, nxt - _dt.timedelta(days=1)
        d = self.to_date()
        return None if d is None else (d, d)


@dataclass(frozen=True)
class DateParse:
    """Parse outcome: ``valid`` (complete), ``partial``, ``lifelong`` or ``invalid``."""

    status: Literal["valid", "partial", "lifelong", "invalid"]
    value: CardDate | None = None


_INVALID = DateParse("invalid", None)
_LIFELONG = DateParse("lifelong", CardDate(lifelong=True))


def _result(year: int, month: int | None, day: int | None) -> DateParse:
    if not (_MIN_CE <= year <= _MAX_CE):
        return _INVALID
    if day is not None and month is None:
        return _INVALID  # a day without a month cannot be placed; never guess
    value = CardDate(year, month, day)
    if day is not None:
        return DateParse("valid", value) if value.to_date() is not None else _INVALID
    return DateParse("partial", value)


def whole_date(year: int, month: int, day: int) -> CardDate | None:
    """The complete date, if it exists and its year is a plausible card year."""
    parsed = _result(year, month, day)
    return parsed.value if parsed.status == "valid" else None


def _fix_digits(s: str) -> str:
    s = thai_digits_to_ascii(s)

    def year(m: re.Match[str]) -> str:
        tok = m.group(0)
        return tok.translate(_LOOKALIKE) if sum(c.isdigit() for c in tok) >= 2 else tok

    def day(m: re.Match[str]) -> str:
        tok = m.group(0)
        return tok.translate(_LOOKALIKE) if any(c.isdigit() for c in tok) else tok

    return _DAYISH.sub(day, _YEARISH.sub(year, s))


# --- Thai -----------------------------------------------------------------------------------


def _thai_month_pattern(abbr: str) -> str:
    # "ก.พ." → "ก\s?\.?\s?พ\s?\.?" : dots optional, a stray space allowed around them.
    letters = [p for p in abbr.split(".") if p]
    return r"\s?[.,]?\s?".join(re.escape(p) for p in letters) + r"(?:\s?[.,])?"


_TH_MONTH_ALTS = sorted(
    [(_thai_month_pattern(a), i + 1) for i, a in enumerate(THAI_MONTHS)]
    + [(re.escape(f), i + 1) for i, f in enumerate(THAI_MONTHS_FULL)],
    key=lambda t: -len(t[0]),
)
_TH_MONTH_RE = re.compile("|".join(f"(?P<m{n}_{k}>{p})" for k, (p, n) in enumerate(_TH_MONTH_ALTS)))
_TH_DATE = re.compile(
    r"(?:(?<!\d)(?P<day>\d{1,2})\s*)?(?P<month>"
    + _TH_MONTH_RE.pattern
    # One stray letter after the month (a doubled "ค": "พ.ค.ค 2567") before the space.
    + r")?(?:(?<=[.\u0e01-\u0e2e])[\u0e01-\u0e2e](?=\s))?\s*(?P<year>(?<!\d)\d{4}(?!\d))"
)
_TH_LIFELONG = re.compile(r"ตลอด\s*ชี[พว]|ตลอดชีวิต")


def _month_from(m: re.Match[str]) -> int | None:
    for name, val in m.groupdict().items():
        if val is not None and name.startswith("m") and "_" in name:
            return int(name[1:].split("_")[0])
    return None


def parse_thai_date(text: str) -> DateParse:
    """Parse a Thai Buddhist-Era date (``14 ก.พ. 2531``, ``ก.พ. 2531``, ``2531``, ``ตลอดชีพ``).

    Tolerates missing dots, extra spaces and Thai digits; never raises.
    """
    try:
        s = clip(text)
        if not s:
            return _INVALID
        if _TH_LIFELONG.search(s):
            return _LIFELONG
        s = _fix_digits(s)
        return _pick(
            _result(int(m.group("year")) - BE_OFFSET, _month_from(m), _day_from(m))
            for m in _TH_DATE.finditer(s)
        )
    except Exception:  # a parser of OCR text must never raise
        return _INVALID


# --- English --------------------------------------------------------------------------------

_EN_DATE = re.compile(
    r"(?:(?<![0-9])(?P<day>\d{1,2})\s*[.,]?\s*)?"
    r"(?:(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|[o0]ct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
    # One stray letter for a misread dot ("OctE 2023") before the space.
    r"(?:[a-z](?=\s))?(?![a-z])\s?[.,]?\s*)?(?P<year>(?<![0-9])\d{4}(?![0-9]))",
    re.IGNORECASE,
)
_EN_LIFELONG = re.compile(r"life\s*-?\s*long|lifetime", re.IGNORECASE)


def parse_en_date(text: str) -> DateParse:
    """Parse an English card date (``14 Feb. 1988``, ``14 Feb 1988``, ``14 Feb, 1988``, ``Sept.``,
    ``LIFELONG``); never raises."""
    try:
        s = clip(text)
        if not s:
            return _INVALID
        if _EN_LIFELONG.search(s):
            return _LIFELONG
        s = _fix_digits(s)
        got = _pick(
            _result(int(m.group("year")), _en_month_from(m), _day_from(m))
            for m in _EN_DATE.finditer(s)
        )
        if got.status != "valid":  # a month with one letter misread ("Ocl.")
            loose = _pick(
                _result(int(m.group("year")), month, int(m.group("day")))
                for m in _EN_DATE_LOOSE.finditer(s)
                if (month := _near_month(m.group("month")))
            )
            if loose.status == "valid":
                return loose
        return got
    except Exception:
        return _INVALID


_EN_DATE_LOOSE = re.compile(
    r"(?<![0-9])(?P<day>\d{1,2})\s*(?P<month>[a-z0-9]{2,3})[a-z]?[.,]?\s*"
    r"(?P<year>(?<![0-9])\d{4}(?![0-9]))",
    re.IGNORECASE,
)


def _near_month(token: str) -> int | None:
    """The one month whose abbreviation `token` matches with at most one letter wrong, or
    (two letters: one letter lost) whose abbreviation starts or ends with them."""
    t = token.lower().replace("0", "o")[:3]
    if len(t) == 2:
        near = [i for i, f in enumerate(_EN_FULL, 1) if f[:3].startswith(t) or f[:3].endswith(t)]
    else:
        near = [
            i
            for i, f in enumerate(_EN_FULL, 1)
            if sum(a != b for a, b in zip(t, f[:3], strict=True)) <= 1
        ]
    return near[0] if len(near) == 1 else None


def _day_from(m: re.Match) -> int | None:
    return int(m.group("day")) if m.group("day") else None


def _en_month_from(m: re.Match) -> int | None:
    mon = m.group("month")
    if not mon:
        return None
    key = mon[:3].lower().replace("0", "o")
    return next(i for i, f in enumerate(_EN_FULL, 1) if f.startswith(key))


def _pick(results: Iterable[DateParse]) -> DateParse:
    """The first valid parse; else the most specific partial one; else invalid."""
    best: DateParse = _INVALID
    for r in results:
        if r.status == "valid":
            return r
        more_specific = (
            r.status == "partial"
            and best.value is not None
            and r.value is not None
            and r.value.month is not None
            and best.value.month is None
        )
        if best.status == "invalid" or more_specific:
            best = r
    return best


# --- Formatting -----------------------------------------------------------------------------


def format_thai_date(d: CardDate) -> str:
    """The Thai line as printed: ``14 ก.พ. 2531``, ``ก.พ. 2531``, ``2531`` or ``ตลอดชีพ``."""
    return _format(d, THAI_MONTHS, BE_OFFSET, "ตลอดชีพ")


def format_en_date(d: CardDate) -> str:
    """The English line as printed: ``14 Feb. 1988``, ``Feb. 1988``, ``1988`` or ``LIFELONG``."""
    return _format(d, EN_MONTHS, 0, "LIFELONG")


def _format(d: CardDate, months: tuple[str, ...], year_offset: int, lifelong: str) -> str:
    if d.lifelong:
        return lifelong
    if d.year is None:
        return ""
    parts = []
    if d.month is not None:
        if d.day is not None:
            parts.append(str(d.day))
        parts.append(months[d.month - 1])
    parts.append(str(d.year + year_offset))
    return " ".join(parts)


def format_iso(d: CardDate) -> str | None:
    """ISO 8601 (``1988-02-14``, or ``1988-02`` / ``1988`` when partial); ``None`` if lifelong."""
    return d.iso()


def completes(full: CardDate, part: CardDate) -> bool:
    """`full`, a complete date, has every part that the partial reading `part` shows: the
    twin line read whole fills what a misread left out."""
    if not full.is_complete or not part.is_partial:
        return False
    return all(
        p is None or p == f for p, f in ((part.month, full.month), (part.day, full.day))
    ) and (part.year == full.year)


def dates_agree(th: CardDate, en: CardDate) -> bool:
    """The Thai and English lines give the same date (BE − 543 = CE; same day and month)."""
    if th.lifelong or en.lifelong:
        return th.lifelong and en.lifelong
    return (th.year, th.month, th.day) == (en.year, en.month, en.day)
