"""Validity rules: the expiry formula on hand-worked examples (domain.md §1.5) and each failure."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaiid_ops.thai.dates import CardDate
from thaiid_ops.thai.validity import (
    LAW_CHANGE,
    age_on,
    birthday_from_expiry,
    check_dates,
    expected_expiry,
    expiry_eve_in,
    issue_dates_for_expiry,
    issue_year_from_expiry,
    lifelong_at_issue,
)

D = dt.date
TODAY = D(2026, 1, 15)


def cd(d: dt.date) -> CardDate:
    return CardDate(d.year, d.month, d.day)


# (dob, date of issue, expected printed expiry, why). Worked by hand from the rule: the day
# before the birthday N years after the first birthday strictly after the issue date.
EXPIRY_CASES = [
    # §1.5 real card: birthday 25 Jun, issued Jul 2020 -> first birthday 25 Jun 2021 -> 24 Jun 2029
    (D(1985, 6, 25), D(2020, 7, 15), D(2029, 6, 24), "real card, domain.md §1.5"),
    # §1.5 iApp sample: born Mar 1957, issued 26 Jul 2016 -> expiry Mar 2025
    (D(1957, 3, 15), D(2016, 7, 26), D(2025, 3, 14), "iApp sample, domain.md §1.5"),
    # issued the day before the birthday: that birthday is the first one after issue
    (D(1985, 6, 25), D(2020, 6, 24), D(2028, 6, 24), "issued the day before the birthday"),
    # issued on the birthday: the first birthday *after* issue is a year later
    (D(1985, 6, 25), D(2020, 6, 25), D(2029, 6, 24), "issued on the birthday"),
    # the law change: 6 years before 10 Jul 2011, 8 from that day
    (D(1970, 12, 1), D(2011, 7, 9), D(2017, 11, 30), "last 6-year card"),
    (D(1970, 12, 1), D(2011, 7, 10), D(2019, 11, 30), "first 8-year card"),
    (D(1980, 5, 1), D(2009, 5, 1), D(2016, 4, 30), "pre-2011, issued on birthday"),
    # 29 Feb births: birthday counts as 1 Mar in common years, so expiry is 28 Feb
    (D(1980, 2, 29), D(2015, 1, 10), D(2023, 2, 28), "29 Feb birth, common-year target"),
    (D(1980, 2, 29), D(2016, 1, 10), D(2024, 2, 28), "29 Feb birth, leap-year target"),
    # a 1 Jan birthday: expiry falls on 31 Dec of the year before
    (D(2000, 1, 1), D(2020, 3, 3), D(2028, 12, 31), "1 Jan birthday"),
]


@pytest.mark.parametrize(("dob", "doi", "doe", "why"), EXPIRY_CASES)
def test_expected_expiry(dob: dt.date, doi: dt.date, doe: dt.date, why: str) -> None:
    assert expected_expiry(dob, doi) == doe, why
    assert check_dates(cd(dob), cd(doi), cd(doe), today=TODAY).valid


def test_one_day_tolerance() -> None:
    dob, doi, doe = D(1985, 6, 25), D(2020, 7, 15), D(2029, 6, 24)
    for delta, ok in ((-2, False), (-1, True), (1, True), (2, False), (365, False)):
        got = check_dates(cd(dob), cd(doi), cd(doe + dt.timedelta(days=delta)), today=TODAY)
        assert got.valid is ok
        assert ("expiry_rule" in got.failures) is (not ok)


def test_vendor_sample_that_breaks_the_rule() -> None:
    # domain.md §1.5: ekycpro's sample (born 29 Jan 1997, issued 12 Apr 2017, expiry
    # 22 Jun 2025) does not follow the rule; the check must say so.
    got = check_dates(cd(D(1997, 1, 29)), cd(D(2017, 4, 12)), cd(D(2025, 6, 22)), today=TODAY)
    assert got.failures == ("expiry_rule",)
    assert expected_expiry(D(1997, 1, 29), D(2017, 4, 12)) == D(2026, 1, 28)


@pytest.mark.parametrize(
    ("dob", "doi", "doe", "failure"),
    [
        (CardDate(1899, 12, 31), CardDate(2015, 1, 1), None, "dob_range"),
        (CardDate(2027, 1, 1), None, None, "dob_range"),
        (CardDate(1990, 5, 5), CardDate(1990, 5, 5), None, "doi_after_dob"),
        (CardDate(1990, 5, 5), CardDate(1989, 1, 1), None, "doi_after_dob"),
        (CardDate(1990, 5, 5), CardDate(2026, 6, 1), None, "doi_not_future"),
        # age 6 at issue after the law change; 14 at issue before it
        (CardDate(2014, 8, 1), CardDate(2020, 7, 31), None, "min_age"),
        (CardDate(1991, 1, 1), CardDate(2005, 6, 1), None, "min_age"),
        (CardDate(1990, 5, 5), CardDate(2020, 7, 15), CardDate(2020, 7, 1), "doe_after_doi"),
        # lifelong marker on a 40-year-old
        (CardDate(1980, 1, 1), CardDate(2020, 7, 15), CardDate(lifelong=True), "lifelong_age"),
        # year-only birth: every possible date makes the holder 5 at issue
        (CardDate(2015), CardDate(2021, 1, 1), None, "min_age"),
    ],
)
def test_each_failure(
    dob: CardDate | None, doi: CardDate | None, doe: CardDate | None, failure: str
) -> None:
    got = check_dates(dob, doi, doe, today=TODAY)
    assert not got.valid
    assert failure in got.failures


@pytest.mark.parametrize(
    ("dob", "doi"),
    [
        (D(2013, 7, 31), D(2020, 7, 31)),  # exactly 7 on the issue day (after 2011)
        (D(1990, 6, 1), D(2005, 6, 1)),  # exactly 15 before 2011
    ],
)
def test_minimum_age_boundaries(dob: dt.date, doi: dt.date) -> None:
    got = check_dates(cd(dob), cd(doi), cd(expected_expiry(dob, doi)), today=TODAY)
    assert got.valid, got.failures


def test_lifelong_rules() -> None:
    life = CardDate(lifelong=True)
    # 71 at issue: lifelong is right.
    assert check_dates(CardDate(1949, 3, 1), CardDate(2020, 7, 15), life, today=TODAY).valid
    # 65 at issue of an 8-year card: turns 70 while it is valid, so the law makes it
    # lifelong (our documented, lenient choice).
    assert check_dates(CardDate(1955, 3, 1), CardDate(2020, 7, 15), life, today=TODAY).valid
    # 60 at issue: the card expires at 68, so a lifelong marker is wrong.
    got = check_dates(CardDate(1960, 3, 1), CardDate(2020, 7, 15), life, today=TODAY)
    assert got.failures == ("lifelong_age",)


def test_partial_dates_skip_what_they_cannot_decide() -> None:
    # Year-only birth, full issue and expiry: the expiry rule needs the birthday, so it is
    # skipped; the order rules still apply.
    assert check_dates(CardDate(1988), CardDate(2020, 7, 15), CardDate(2029, 1, 1), TODAY).valid
    assert check_dates(CardDate(1988, 2), CardDate(2020, 7, 15), None, TODAY).valid
    # Born some time in 2013, issued 1 Jul 2020: could be 6 or 7, so min_age is not decided.
    assert check_dates(CardDate(2013), CardDate(2020, 7, 1), None, TODAY).valid
    assert check_dates(None, None, None, TODAY).valid


def test_age_on() -> None:
    assert age_on(D(1990, 6, 25), D(2020, 6, 24)) == 29
    assert age_on(D(1990, 6, 25), D(2020, 6, 25)) == 30
    assert age_on(D(2000, 2, 29), D(2021, 2, 28)) == 20
    assert age_on(D(2000, 2, 29), D(2021, 3, 1)) == 21
    assert D(2011, 7, 10) == LAW_CHANGE


@settings(max_examples=2000, deadline=None, database=None)
@given(
    st.dates(min_value=D(1900, 1, 1), max_value=D(2015, 12, 31)),
    st.dates(min_value=D(1990, 1, 1), max_value=D(2025, 12, 31)),
)
def test_expiry_properties(dob: dt.date, doi: dt.date) -> None:
    if doi <= dob:
        return
    doe = expected_expiry(dob, doi)
    years = 8 if doi >= LAW_CHANGE else 6
    # The card lasts N years counted from the next birthday: between N and N+1 years.
    assert (
        doi + dt.timedelta(days=365 * years - 2) < doe < doi + dt.timedelta(days=366 * (years + 1))
    )
    nxt = doe + dt.timedelta(days=1)  # the day after expiry is a birthday
    assert (nxt.month, nxt.day) == (dob.month, dob.day) or (dob.month, dob.day) == (2, 29)


def test_birthday_from_expiry_completes_a_birth_date_read_in_part() -> None:
    # Born 25 Jun 1990, issued 10 Jul 2020: expiry 24 Jun 2029 (domain.md §1.5).
    doi, doe = cd(D(2020, 7, 10)), cd(D(2029, 6, 24))
    want = CardDate(1990, 6, 25)
    assert birthday_from_expiry(CardDate(1990, 6, None), doi, doe) == want
    assert birthday_from_expiry(CardDate(1990, None, None), doi, doe) == want
    assert birthday_from_expiry(CardDate(1990, 7, 2), doi, doe) == want  # the caller decides
    # Nothing to go on: no birth year, a lifelong card, a partial issue date.
    assert birthday_from_expiry(CardDate(None, 6, 25), doi, doe) is None
    assert birthday_from_expiry(want, doi, CardDate(lifelong=True)) is None
    assert birthday_from_expiry(want, CardDate(2020, 7, None), doe) is None
    # An expiry the rule cannot give for that issue date (nine years on) implies nothing.
    assert birthday_from_expiry(want, doi, cd(D(2030, 6, 24))) is None
    # 1 Mar after the expiry: a 29 Feb birth or a 1 Mar one.
    assert birthday_from_expiry(CardDate(1992, None, None), doi, cd(D(2029, 2, 28))) is None


@settings(max_examples=200, deadline=None)
@given(
    born=st.dates(D(1950, 1, 1), D(2010, 12, 31)),
    issued=st.dates(D(2011, 7, 10), D(2025, 12, 31)),
)
def test_birthday_from_expiry_inverts_the_expiry_rule(born: dt.date, issued: dt.date) -> None:
    if issued <= born or (born.month, born.day) in ((2, 29), (3, 1)):
        return
    doe = cd(expected_expiry(born, issued))
    assert birthday_from_expiry(CardDate(born.year), cd(issued), doe) == cd(born)


def test_an_expiry_read_with_its_day_cut_short_is_the_one_birth_and_issue_imply() -> None:
    from thaiid_ops.thai.validity import expiry_from_birthday

    born, issued = CardDate(1966, 2, 25), CardDate(2023, 2, 5)
    implied = CardDate(2031, 2, 24)  # the day before the birthday after 8 years
    assert expiry_from_birthday(born, issued, CardDate(2031, 2, 4)) == implied  # "2" lost
    assert expiry_from_birthday(born, issued, CardDate(2031, 2, None)) == implied  # day lost
    assert expiry_from_birthday(born, issued, CardDate(2031, None, None)) == implied
    # An expiry that says otherwise is left to the checks.
    assert expiry_from_birthday(born, issued, CardDate(2031, 2, 14)) is None
    assert expiry_from_birthday(born, issued, CardDate(2031, 3, 4)) is None
    assert expiry_from_birthday(born, issued, CardDate(2030, 2, 4)) is None
    assert expiry_from_birthday(CardDate(1966, 2, None), issued, CardDate(2031, 2, 4)) is None
    # With `slip`, a day one digit off ("20", "34") is the implied one too; two off is not.
    for day in (20, 34):
        assert expiry_from_birthday(born, issued, CardDate(2031, 2, day), slip=True) == implied
        assert expiry_from_birthday(born, issued, CardDate(2031, 2, day)) is None
    assert expiry_from_birthday(born, issued, CardDate(2031, 2, 13), slip=True) is None
    assert expiry_from_birthday(born, issued, CardDate(2031, 3, 20), slip=True) is None
    # ... and so is a month misread ("Apr." for "Feb.") beside the whole implied day.
    assert expiry_from_birthday(born, issued, CardDate(2031, 4, 24), slip=True) == implied
    assert expiry_from_birthday(born, issued, CardDate(2031, 4, 24)) is None
    assert expiry_from_birthday(born, issued, CardDate(2031, 4, 4), slip=True) is None
    # ... and a year misread beside the implied day and month, not beside a misread one.
    assert expiry_from_birthday(born, issued, CardDate(2045, 2, 24), slip=True) == implied
    assert expiry_from_birthday(born, issued, CardDate(2045, 2, 24)) is None
    assert expiry_from_birthday(born, issued, CardDate(2045, 4, 24), slip=True) is None
    assert expiry_from_birthday(born, issued, CardDate(2045, 2, 20), slip=True) is None


def test_issue_year_from_expiry_restores_a_misread_year() -> None:
    # Born 25 Jun 1990, issued 10 Jul 2020: expiry 24 Jun 2029 (domain.md §1.5).
    dob, doe = cd(D(1990, 6, 25)), cd(D(2029, 6, 24))
    want = CardDate(2020, 7, 10)
    assert issue_year_from_expiry(dob, CardDate(2028, 7, 10), doe) == want
    assert issue_year_from_expiry(dob, CardDate(None, 7, 10), doe) == want
    # Issued on 1 Jun (before the birthday) the same expiry needs the year after.
    assert issue_year_from_expiry(dob, CardDate(2020, 6, 1), doe) == CardDate(2021, 6, 1)
    # Nothing to go on: no issue day, a partial birth date, a lifelong card.
    assert issue_year_from_expiry(dob, CardDate(2020, 7, None), doe) is None
    assert issue_year_from_expiry(CardDate(1990, 6, None), want, doe) is None
    assert issue_year_from_expiry(dob, want, CardDate(lifelong=True)) is None
    # An expiry the day after no birthday: no issue year gives it.
    assert issue_year_from_expiry(dob, want, cd(D(2029, 6, 20))) is None


@settings(max_examples=200, deadline=None)
@given(
    born=st.dates(D(1950, 1, 1), D(2010, 12, 31)),
    issued=st.dates(D(2005, 1, 1), D(2025, 12, 31)),
    year=st.integers(1950, 2099),
)
def test_issue_year_from_expiry_inverts_the_expiry_rule(
    born: dt.date, issued: dt.date, year: int
) -> None:
    if issued <= born or (issued.month, issued.day) == (2, 29):
        return
    doe = cd(expected_expiry(born, issued))
    misread = CardDate(year, issued.month, issued.day)
    assert issue_year_from_expiry(cd(born), misread, doe) == cd(issued)


def test_an_expiry_without_its_day_takes_the_birthdays_eve_in_the_year_read() -> None:
    from thaiid_ops.thai.validity import expiry_in_year

    born = CardDate(1995, 6, 21)
    assert expiry_in_year(born, CardDate(2028, 6, None)) == CardDate(2028, 6, 20)
    assert expiry_in_year(born, CardDate(2028, 7, None)) is None  # another month
    assert expiry_in_year(born, CardDate(2028, None, None)) is None  # no month to check
    assert expiry_in_year(born, CardDate(2028, 6, 20)) is None  # a day was read
    assert expiry_in_year(CardDate(1995, 6, None), CardDate(2028, 6, None)) is None
    # Born on 1 January: the eve is 31 December of the year read.
    assert expiry_in_year(CardDate(1990, 1, 1), CardDate(2027, 12, None)) == CardDate(2027, 12, 31)
    # Born on 29 February: the birthday falls on 1 March in a common year.
    assert expiry_in_year(CardDate(1992, 2, 29), CardDate(2027, 2, None)) == CardDate(2027, 2, 28)


def test_issue_dates_for_expiry_span_the_year_before_the_counted_birthday() -> None:
    # Born 25 Jun 1990, expiry 24 Jun 2029: the rule counts 8 years from the birthday of
    # 25 Jun 2021, which follows every issue from 25 Jun 2020 to 24 Jun 2021.
    found = issue_dates_for_expiry(D(1990, 6, 25), D(2029, 6, 24))
    assert min(found) == D(2020, 6, 25) and max(found) == D(2021, 6, 24)
    assert len(found) == 365
    assert all(expected_expiry(D(1990, 6, 25), x) == D(2029, 6, 24) for x in found)
    # An expiry that is no birthday's eve has no issue date.
    assert issue_dates_for_expiry(D(1990, 6, 25), D(2029, 3, 3)) == []


def test_expiry_eve_in_a_year_and_lifelong_at_issue() -> None:
    assert expiry_eve_in(D(2002, 6, 22), 2028) == D(2028, 6, 21)
    # Born on 1 January: the eve in 2028 is that of the 2029 birthday.
    assert expiry_eve_in(D(1990, 1, 1), 2028) == D(2028, 12, 31)
    assert lifelong_at_issue(D(1944, 6, 2), D(2014, 6, 2))  # 70 that day
    assert not lifelong_at_issue(D(1944, 6, 3), D(2014, 6, 2))
