"""Cross-date rules of the card: birth/issue/expiry order, minimum age, the expiry formula.

The expiry rule (DOPA, Identification Card Act No. 3 B.E. 2554, in force 10 Jul 2011): a card
is valid from its issue date until the day before the holder's birthday that falls N years
after the first birthday following the issue date — N = 8 for cards issued from 10 Jul 2011,
6 before. A card still valid on the holder's 70th birthday is valid for life, and cards issued
at 70 or later print ``ตลอดชีพ`` / ``LIFELONG``.

Lifelong choice: a printed lifelong marker is accepted when the holder is 70 at issue *or*
turns 70 before the expiry the formula would give (the law makes such a card lifelong, and a
re-issued card may print the marker). Rejecting those would flag genuine cards.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from rapidfuzz.distance import Hamming

from .dates import CardDate
from .text import within

__all__ = [
    "LAW_CHANGE",
    "LIFELONG_AGE",
    "MIN_DOB",
    "SMART_CARD_FROM",
    "ValidityVerdict",
    "age_on",
    "birthday_from_expiry",
    "birthday_in",
    "check_dates",
    "expected_expiry",
    "expiry_eve_in",
    "issue_dates_for_expiry",
    "lifelong_at_issue",
]

LAW_CHANGE = _dt.date(2011, 7, 10)
LIFELONG_AGE = 70
MIN_DOB = _dt.date(1900, 1, 1)
# The smart card (the layout this package reads) has been issued since 2005
# (research/domain.md): no card of it prints an earlier issue date.
SMART_CARD_FROM = _dt.date(2005, 1, 1)
_ONE_DAY = _dt.timedelta(days=1)


@dataclass(frozen=True)
class ValidityVerdict:
    """Outcome of :func:`check_dates`; ``failures`` names each broken rule."""

    valid: bool
    failures: tuple[str, ...] = ()


def birthday_in(dob: _dt.date, year: int) -> _dt.date:
    """The holder's birthday in ``year``; 29 Feb births count 1 Mar in common years."""
    try:
        return dob.replace(year=year)
    except ValueError:
        return _dt.date(year, 3, 1)


def age_on(dob: _dt.date, day: _dt.date) -> int:
    """Completed years of age on ``day`` (29 Feb births age on 1 Mar in common years)."""
    return day.year - dob.year - (day < birthday_in(dob, day.year))


def validity_years(doi: _dt.date) -> int:
    """8 for cards issued from :data:`LAW_CHANGE`, 6 before."""
    return 8 if doi >= LAW_CHANGE else 6


def birthday_eve(dob: _dt.date, year: int) -> _dt.date:
    """The day before the holder's birthday in ``year``: the day a card's expiry prints."""
    return birthday_in(dob, year) - _ONE_DAY


def expected_expiry(dob: _dt.date, doi: _dt.date) -> _dt.date:
    """The day before the birthday N years after the first birthday strictly after ``doi``."""
    first = birthday_in(dob, doi.year)
    if first <= doi:
        first = birthday_in(dob, doi.year + 1)
    return birthday_eve(dob, first.year + validity_years(doi))


def birthday_from_expiry(dob: CardDate, doi: CardDate, doe: CardDate) -> CardDate | None:
    """The birth date the printed expiry implies, in the birth year read: the expiry is the
    day before a birthday, so it holds the day and month that blur or a signature may take
    from the birth line. None unless the issue and expiry dates are whole, the expiry rule
    then holds for the result, and the day is not 1 March (29 Feb births share it)."""
    if dob.year is None or doe.lifelong:
        return None
    e, i = doe.to_date(), doi.to_date()
    if e is None or i is None:
        return None
    b = e + _ONE_DAY
    if (b.month, b.day) == (3, 1):
        return None
    try:
        born = _dt.date(dob.year, b.month, b.day)
    except ValueError:
        return None
    if born >= i or expected_expiry(born, i) != e:
        return None
    return CardDate.of(born)


def expiry_from_birthday(
    dob: CardDate, doi: CardDate, doe: CardDate, slip: bool = False
) -> CardDate | None:
    """The expiry the birth and issue dates imply, for an expiry read with its day lost or
    cut short ("4 Feb." for "24 Feb."), or with `slip` one digit of it misread ("20" for
    "29") or its month ("Apr." for "Aug.", its day whole): None unless the birth and issue
    dates are whole and the expiry read holds the implied year, its month (or none) and its
    day (or some of its digits, or none). With `slip`, a year misread beside the implied
    day and month ("6 Mar. 2039" for "6 Mar. 2025") takes the implied year."""
    b, i = dob.to_date(), doi.to_date()
    if b is None or i is None or doe.lifelong or doe.year is None:
        return None
    e = expected_expiry(b, i)
    month_slip = slip and doe.day == e.day
    year_slip = month_slip and doe.month == e.month
    if (doe.year != e.year and not year_slip) or (
        doe.month not in (None, e.month) and not month_slip
    ):
        return None
    if doe.day is not None:
        read, want = str(doe.day), str(e.day)
        one_off = len(read) == len(want) and Hamming.distance(read, want) == 1
        if not within(read, want) and not (slip and one_off):
            return None
    return CardDate.of(e)


def expiry_eve_in(dob: _dt.date, year: int) -> _dt.date:
    """The expiry a card can print in `year`: the eve of a birthday. Born on 1 January, the
    eve that falls in `year` is that of the next year's birthday."""
    return birthday_eve(dob, year + ((dob.month, dob.day) == (1, 1)))


def lifelong_at_issue(dob: _dt.date, doi: _dt.date) -> bool:
    """A card issued to a holder 70 or older, which prints ``ตลอดชีพ``."""
    return age_on(dob, doi) >= LIFELONG_AGE


def expiry_in_year(dob: CardDate, doe: CardDate) -> CardDate | None:
    """The expiry read with its month and year but not its day, the issue date unknown:
    the day before the holder's birthday in that year, the day the rule prints. None
    unless the birth date is whole and that day falls in the month read."""
    b = dob.to_date()
    if b is None or doe.lifelong or doe.year is None or doe.month is None or doe.day is not None:
        return None
    e = expiry_eve_in(b, doe.year)
    if e.month != doe.month:
        return None
    return CardDate.of(e)


def issue_year_from_expiry(dob: CardDate, doi: CardDate, doe: CardDate) -> CardDate | None:
    """The issue date with the one year that makes the expiry rule hold for the birth and
    expiry dates and the issue day and month read (a year blur or a signature changed):
    None unless the three are whole and exactly one year fits."""
    b, e = dob.to_date(), doe.to_date()
    if b is None or e is None or doe.lifelong or doi.month is None or doi.day is None:
        return None
    fits = []
    for year in range(e.year - 10, e.year - 5):
        try:
            issued = _dt.date(year, doi.month, doi.day)
        except ValueError:
            continue
        if b < issued and expected_expiry(b, issued) == e:
            fits.append(issued)
    if len(fits) != 1:
        return None
    return CardDate.of(fits[0])


def issue_dates_for_expiry(dob: _dt.date, doe: _dt.date) -> list[_dt.date]:
    """Every issue date, after the birth, for which the expiry rule gives `doe` to a holder
    born on `dob` (the year or so before the birthday the validity counts from)."""
    days = (doe - _dt.timedelta(days=d) for d in range(365 * 5, 365 * 10))
    return [x for x in days if x > dob and expected_expiry(dob, x) == doe]


def _min_age(doi: _dt.date) -> int:
    return 7 if doi >= LAW_CHANGE else 15


def _bounds(d: CardDate | None) -> tuple[_dt.date, _dt.date] | None:
    if d is None or not isinstance(d, CardDate):
        return None
    try:
        return d.bounds()
    except (ValueError, OverflowError):
        return None


def check_dates(
    dob: CardDate | None,
    doi: CardDate | None,
    doe: CardDate | None,
    today: _dt.date | None = None,
) -> ValidityVerdict:
    """Check the card's three dates against each other and ``today``.

    Failures come from {"dob_range", "doi_after_dob", "doi_not_future", "min_age",
    "expiry_rule", "lifelong_age", "doe_after_doi"}. A partial date fails a rule only when
    every date it could stand for fails it; rules needing an unknown date are skipped.
    """
    today = today or _dt.date.today()
    fails: list[str] = []
    b = _bounds(dob)
    i = _bounds(doi)
    lifelong = bool(doe is not None and getattr(doe, "lifelong", False))
    e = None if lifelong else _bounds(doe)

    if b is not None and (b[1] < MIN_DOB or b[0] > today):
        fails.append("dob_range")
    if b is not None and i is not None and i[1] <= b[0]:
        fails.append("doi_after_dob")
    if i is not None and i[0] > today:
        fails.append("doi_not_future")
    if b is not None and i is not None and i[1] > b[0]:
        # Oldest the holder can be at issue: latest issue, earliest birth.
        oldest = age_on(b[0], i[1])
        if oldest < _min_age(i[1]) and oldest < _min_age(i[0]):
            fails.append("min_age")
    if e is not None and i is not None and e[1] <= i[0]:
        fails.append("doe_after_doi")

    dob_d = dob.to_date() if isinstance(dob, CardDate) else None
    doi_d = doi.to_date() if isinstance(doi, CardDate) else None
    if dob_d is not None and doi_d is not None and doi_d > dob_d:
        expected = expected_expiry(dob_d, doi_d)
        if lifelong:
            # Lifelong if 70 at issue, or the card would still be valid on the 70th birthday.
            if age_on(dob_d, doi_d) < LIFELONG_AGE and age_on(dob_d, expected) < LIFELONG_AGE:
                fails.append("lifelong_age")
        elif isinstance(doe, CardDate) and doe.to_date() is not None:
            slack = 2 if (dob_d.month, dob_d.day) == (2, 29) else 1
            if abs((doe.to_date() - expected).days) > slack:  # type: ignore[operator]
                fails.append("expiry_rule")
    return ValidityVerdict(not fails, tuple(fails))
