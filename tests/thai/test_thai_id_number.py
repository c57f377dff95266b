"""The 13-digit ID: check digit against python-stdnum, OCR parsing, plausibility rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.th import pin

from thaiid_ops.thai.id_number import (
    PROVINCE_CODES,
    card_type_for_id,
    check_digit,
    format_id,
    is_valid_id,
    mask_id,
    parse_id,
    validate_id,
)

prefixes = st.text(alphabet="0123456789", min_size=12, max_size=12)


def _by_hand(first12: str) -> str:
    """domain.md §2.2: weights 13..2, check = (11 - s mod 11) mod 10."""
    s = sum(int(d) * w for d, w in zip(first12, range(13, 1, -1), strict=True))
    return str((11 - s % 11) % 10)


@settings(max_examples=10_000, deadline=None, database=None)
@given(prefixes)
def test_check_digit_agrees_with_stdnum(prefix: str) -> None:
    number = prefix + check_digit(prefix)
    assert check_digit(prefix) == _by_hand(prefix)
    assert validate_id(number).checksum_ok
    if prefix[0] not in "09":  # stdnum rejects these first digits outright
        assert pin.is_valid(number)
    wrong = prefix + str((int(number[-1]) + 1) % 10)
    assert not pin.is_valid(wrong)
    assert "checksum" in validate_id(wrong).reasons


def _make(prefix: str) -> str:
    return prefix + check_digit(prefix)


VALID = _make("110170020387")  # 1-1017-00203-87-?: province 10 (Bangkok)


def test_parse_id_from_ocr_text() -> None:
    spaced = format_id(VALID)
    assert spaced == f"{VALID[0]} {VALID[1:5]} {VALID[5:10]} {VALID[10:12]} {VALID[12]}"
    assert parse_id(spaced) == VALID
    assert parse_id(VALID) == VALID
    assert parse_id(f"{VALID[0]}-{VALID[1:5]}-{VALID[5:10]}-{VALID[10:12]}-{VALID[12]}") == VALID
    thai = VALID.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert parse_id(f"เลขประจำตัวประชาชน {thai}") == VALID
    ocr = spaced.replace("0", "O").replace("1", "l")
    assert parse_id(f"Identification Number {ocr}") == VALID
    # Height-scale numerals after the number must not be glued on.
    assert parse_id(f"{spaced} 140 150 160") == VALID
    assert parse_id("no number here") is None
    assert parse_id("1 2345 6789") is None


def test_validate_reasons() -> None:
    assert validate_id(VALID) == validate_id(VALID, "normal")
    assert validate_id(VALID).valid and validate_id(VALID).reasons == ()
    assert validate_id("12345").reasons == ("length",)
    assert "format" in validate_id("1A3456789012X").reasons
    bad_sum = VALID[:12] + str((int(VALID[12]) + 1) % 10)
    v = validate_id(bad_sum)
    assert not v.valid and v.reasons == ("checksum",) and not v.checksum_ok
    # digit 3 has weight 11 ≡ 0: the checksum cannot see it; the province check can.
    no_province = _make("199170020387")
    assert no_province[-1] == _make("190170020387")[-1]
    assert "99" not in PROVINCE_CODES
    v = validate_id(no_province)
    assert v.reasons == ("province",) and v.checksum_ok and not v.valid


@pytest.mark.parametrize(
    ("first", "normal", "pink", "unknown"),
    [
        ("0", False, True, True),
        ("1", True, False, True),
        ("3", True, False, True),
        ("5", True, False, True),
        ("6", False, True, True),
        ("7", False, True, True),
        ("8", True, True, True),
        ("9", False, False, False),
    ],
)
def test_first_digit_by_card_type(first: str, normal: bool, pink: bool, unknown: bool) -> None:
    n = _make(first + "10170020387")
    assert is_valid_id(n, "normal") is normal
    assert is_valid_id(n, "pink") is pink
    assert is_valid_id(n) is unknown
    assert card_type_for_id(n) == ("pink" if first in "67" else "normal")


def test_format_and_mask() -> None:
    assert mask_id(VALID) == f"{VALID[0]}-{VALID[1:5]}-XXXXX-XX-{VALID[12]}"
    assert mask_id(format_id(VALID)) == mask_id(VALID)
    assert "X" in mask_id("123") and "1" not in mask_id("123")


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    got = parse_id(text)
    assert got is None or (len(got) == 13 and got.isdigit())
    assert isinstance(validate_id(text).valid, bool)
    assert isinstance(format_id(text), str) and isinstance(mask_id(text), str)
    card_type_for_id(text)


def test_the_first_digit_bounds_the_birth_date() -> None:
    import datetime as dt

    from thaiid_ops.thai.id_number import birth_allowed

    born_on_time, late, registered, moved_in = "1101700203451", "2", "3", "5"
    # 1 and 2: births from 1 Jan 1984, when the numbering began.
    for first in (born_on_time, late + born_on_time[1:]):
        assert birth_allowed(first, dt.date(1984, 1, 1))
        assert not birth_allowed(first, dt.date(1983, 12, 31))
    # 3: already in a house register when the scheme started (31 May 1984).
    three = registered + born_on_time[1:]
    assert birth_allowed(three, dt.date(1984, 5, 31))
    assert not birth_allowed(three, dt.date(1994, 7, 4))
    # 5, 8 and pink cards' 6/7 bound nothing; nor does text that is no number.
    for first in (moved_in, "8", "6", "7"):
        assert birth_allowed(first + born_on_time[1:], dt.date(1950, 1, 1))
        assert birth_allowed(first + born_on_time[1:], dt.date(2010, 1, 1))
    assert birth_allowed("", dt.date(1900, 1, 1))


def test_a_partial_birth_date_is_allowed_where_any_day_in_it_would_be() -> None:
    from thaiid_ops.thai.dates import CardDate
    from thaiid_ops.thai.id_number import birth_allowed

    on_time, registered = "1101700203451", "3101700203451"
    assert birth_allowed(on_time, CardDate(1984)) and not birth_allowed(on_time, CardDate(1983))
    assert birth_allowed(on_time, CardDate(1984, 1)) and not birth_allowed(
        on_time, CardDate(1983, 12)
    )
    # 3: any day of 1984's first five months, none after.
    assert birth_allowed(registered, CardDate(1984)) and birth_allowed(
        registered, CardDate(1984, 5)
    )
    assert not birth_allowed(registered, CardDate(1984, 6))
    assert not birth_allowed(registered, CardDate(1990, 2, 14))
    # No year, a lifelong mark or a day past the month's end bound nothing beyond the month.
    assert birth_allowed(on_time, CardDate()) and birth_allowed(on_time, CardDate(lifelong=True))
    assert not birth_allowed(registered, CardDate(1985, 2, 30))


def test_only_a_sound_id_bounds_the_birth_date() -> None:
    import datetime as dt

    from thaiid_ops.thai.id_number import check_digit, sound_id_allows_birth

    body = "110170020345"
    sound, broken = body + check_digit(body), body + str((int(check_digit(body)) + 1) % 10)
    assert not sound_id_allows_birth(sound, dt.date(1983, 12, 31))
    assert sound_id_allows_birth(sound, dt.date(1984, 1, 1))
    # A check digit that fails leaves the first digit in doubt: nothing is ruled out.
    assert sound_id_allows_birth(broken, dt.date(1983, 12, 31))
