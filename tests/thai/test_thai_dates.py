"""Card dates: Thai BE and English lines, partial dates, lifelong, printed and ISO forms."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaiid_ops.thai.dates import (
    EN_MONTHS,
    THAI_MONTHS,
    CardDate,
    dates_agree,
    format_en_date,
    format_iso,
    format_thai_date,
    parse_en_date,
    parse_thai_date,
)


@st.composite
def card_dates(draw: st.DrawFn) -> CardDate:
    d = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2150, 12, 31)))
    kind = draw(st.sampled_from(["full", "full", "month", "year"]))
    if kind == "full":
        return CardDate(d.year, d.month, d.day)
    if kind == "month":
        return CardDate(d.year, d.month)
    return CardDate(d.year)


@settings(max_examples=1500, deadline=None, database=None)
@given(card_dates())
def test_every_date_formats_and_parses_back(d: CardDate) -> None:
    expected = "valid" if d.is_complete else "partial"
    th = parse_thai_date(format_thai_date(d))
    en = parse_en_date(format_en_date(d))
    assert (th.status, th.value) == (expected, d)
    assert (en.status, en.value) == (expected, d)
    assert dates_agree(th.value, en.value)
    assert format_iso(d) == d.iso()
    if d.is_complete:
        assert dt.date.fromisoformat(d.iso()) == d.to_date()


@settings(max_examples=500, deadline=None, database=None)
@given(card_dates())
def test_ocr_variants_parse_to_the_same_date(d: CardDate) -> None:
    th = format_thai_date(d)
    en = format_en_date(d)
    thai_digits = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    for variant in (th.replace(".", ""), th.replace(" ", "  "), th.translate(thai_digits)):
        assert parse_thai_date(variant).value == d, variant
    for variant in (
        en.replace(".", ""),
        en.replace(".", ","),
        en.replace("Sep.", "Sept."),
        en.upper(),
        en.replace(" ", ""),
    ):
        assert parse_en_date(variant).value == d, variant


@pytest.mark.parametrize(
    ("text", "status", "iso"),
    [
        ("14 ก.พ. 2531", "valid", "1988-02-14"),
        ("14 กพ 2531", "valid", "1988-02-14"),
        ("14 ก . พ . 2531", "valid", "1988-02-14"),
        ("เกิดวันที่ 14 ก.พ. 2531", "valid", "1988-02-14"),
        ("1 ม.ค. 2500", "valid", "1957-01-01"),
        ("14 มี.ค.2531", "valid", "1988-03-14"),
        ("14 กุมภาพันธ์ 2531", "valid", "1988-02-14"),
        ("8 พ.ค.ค 2567", "valid", "2024-05-08"),  # a letter doubled after the month
        ("8 ก 2567", "partial", "2024"),  # a stray letter alone is no month
        ("ก.พ. 2531", "partial", "1988-02"),
        ("2531", "partial", "1988"),
        ("ตลอดชีพ", "lifelong", None),
        ("31 ก.พ. 2531", "invalid", None),  # no such day: not silently moved
        ("14 2531", "invalid", None),  # a day without a month is never placed
        ("ก.พ.", "invalid", None),
        ("1234", "invalid", None),  # BE year 1234 is not plausible
    ],
)
def test_thai_examples(text: str, status: str, iso: str | None) -> None:
    r = parse_thai_date(text)
    assert r.status == status
    assert (r.value.iso() if r.value else None) == iso


@pytest.mark.parametrize(
    ("text", "status", "iso"),
    [
        ("14 Feb. 1988", "valid", "1988-02-14"),
        ("14 Feb 1988", "valid", "1988-02-14"),
        ("14 Feb, 1988", "valid", "1988-02-14"),
        ("14Feb.1988", "valid", "1988-02-14"),
        ("3 Sept. 2020", "valid", "2020-09-03"),
        ("3 Sep. 2020", "valid", "2020-09-03"),
        ("1 May 1990", "valid", "1990-05-01"),
        ("Date of Birth 12 Jul, 1987 x", "valid", "1987-07-12"),
        ("l4 Feb. l988", "valid", "1988-02-14"),
        ("27 OctE 2023", "valid", "2023-10-27"),  # the dot read as a letter
        ("27 Octx2023", "valid", "2023-10-27"),
        ("27 Ocl. 2023", "valid", "2023-10-27"),  # one letter misread
        ("27 Mav 2023", "partial", "2023"),  # Mar or May: not guessed
        ("16 ug. 2028", "valid", "2028-08-16"),
        (
            "5 .Dec. 1988",
            "valid",
            "1988-12-05",
        ),  # a speck read as a dot  # a letter lost under a stroke
        ("16 ec. 2028", "valid", "2028-12-16"),
        ("16 Ju. 2028", "partial", "2028"),  # Jun or Jul
        ("27 Xyz 2023", "partial", "2023"),
        ("Sept. 2020", "partial", "2020-09"),
        ("1988", "partial", "1988"),
        ("LIFELONG", "lifelong", None),
        ("Lifelong", "lifelong", None),
        ("30 Feb. 1988", "invalid", None),
        ("Feb.", "invalid", None),
    ],
)
def test_english_examples(text: str, status: str, iso: str | None) -> None:
    r = parse_en_date(text)
    assert r.status == status
    assert (r.value.iso() if r.value else None) == iso


def test_printed_forms() -> None:
    assert THAI_MONTHS[1] == "ก.พ." and len(THAI_MONTHS) == 12
    assert EN_MONTHS[4] == "May" and EN_MONTHS[8] == "Sep." and len(EN_MONTHS) == 12
    d = CardDate(1988, 2, 14)
    assert format_thai_date(d) == "14 ก.พ. 2531"
    assert format_en_date(d) == "14 Feb. 1988"
    assert format_en_date(CardDate(1990, 5, 1)) == "1 May 1990"
    assert format_thai_date(CardDate(1988, 2)) == "ก.พ. 2531"
    assert format_en_date(CardDate(1988)) == "1988"
    life = CardDate(lifelong=True)
    assert (format_thai_date(life), format_en_date(life), format_iso(life)) == (
        "ตลอดชีพ",
        "LIFELONG",
        None,
    )
    assert d.be_year == 2531 and d.is_complete and not d.is_partial
    assert CardDate(1988, 2).is_partial and CardDate(1988, 2).to_date() is None
    assert "1988" not in repr(d)


def test_dates_agree() -> None:
    th = parse_thai_date("14 ก.พ. 2531").value
    assert dates_agree(th, parse_en_date("14 Feb. 1988").value)
    assert not dates_agree(th, parse_en_date("14 Feb. 1989").value)
    assert not dates_agree(th, parse_en_date("15 Feb. 1988").value)
    assert not dates_agree(th, parse_en_date("Feb. 1988").value)
    life = CardDate(lifelong=True)
    assert dates_agree(life, life) and not dates_agree(life, th)


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(max_size=300))
def test_parsers_never_raise(text: str) -> None:
    for parse in (parse_thai_date, parse_en_date):
        r = parse(text)
        assert r.status in ("valid", "partial", "lifelong", "invalid")
        assert (r.value is None) == (r.status == "invalid")


def test_a_whole_date_completes_its_twin_read_in_part() -> None:
    from thaiid_ops.thai.dates import completes

    full = CardDate(2024, 11, 15)
    assert completes(full, CardDate(2024))
    assert completes(full, CardDate(2024, 11))
    assert not completes(full, CardDate(2023))  # a different year
    assert not completes(full, CardDate(2024, 10))  # a different month
    assert not completes(full, CardDate(2024, 11, 15))  # nothing to complete
    assert not completes(CardDate(2024), CardDate(2024))  # nothing whole to complete with
    assert not completes(full, CardDate(lifelong=True))
