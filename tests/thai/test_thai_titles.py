"""Titles, name splitting, gender; religion; laser code; under-photo serial."""

from __future__ import annotations

import pytest

from thaiid_ops.thai.laser import is_valid_laser, normalize_laser
from thaiid_ops.thai.religion import RELIGIONS, snap_religion
from thaiid_ops.thai.serial import is_valid_serial, normalize_serial
from thaiid_ops.thai.titles import (
    TITLES,
    en_title_for,
    en_title_near,
    en_titles_near,
    gender_from_title,
    printed_case,
    printed_en_for,
    snap_title_en,
    snap_title_th,
    split_en_name,
    split_thai_name,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("น.ส. มาลี ใจดี", ("น.ส.", "มาลี", "ใจดี")),
        ("นางสาวมาลี ใจดี", ("นางสาว", "มาลี", "ใจดี")),
        ("นส.มาลี ใจดี", ("น.ส.", "มาลี", "ใจดี")),
        ("นายสมชาย ใจดี", ("นาย", "สมชาย", "ใจดี")),
        ("นาง สมศรี มีสุข", ("นาง", "สมศรี", "มีสุข")),
        ("ด.ช.ก้อง ดีมาก", ("ด.ช.", "ก้อง", "ดีมาก")),
        ("เด็กหญิง ฝน ฟ้าใส", ("เด็กหญิง", "ฝน", "ฟ้าใส")),
        ("ม.ร.ว.สุขุม บริพัตร", ("ม.ร.ว.", "สุขุม", "บริพัตร")),
        ("ม.ล. ปิ่น มาลากุล", ("ม.ล.", "ปิ่น", "มาลากุล")),
        ("ว่าที่ ร.ต. สมชาย ดี", ("ว่าที่ ร.ต.", "สมชาย", "ดี")),
        ("พ.ต.อ. สมบัติ รักชาติ", ("พ.ต.อ.", "สมบัติ", "รักชาติ")),
        ("สมชาย ใจดี", (None, "สมชาย", "ใจดี")),
        ("นาย", ("นาย", None, None)),
        ("", (None, None, None)),
    ],
)
def test_split_thai_name(text: str, expected: tuple) -> None:
    assert split_thai_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Somchai", ("Mr.", "Somchai")),
        ("Mr Somchai", ("Mr.", "Somchai")),
        ("Miss Malee", ("Miss", "Malee")),
        ("Mrs. Somsri", ("Mrs.", "Somsri")),
        ("Master Kong", ("Master", "Kong")),
        ("M.R. Sukhum", ("M.R.", "Sukhum")),
        ("Name Mr. Somchai", ("Mr.", "Somchai")),
        # Titles of several words (or dotted parts) as printed, spaced or not.
        ("Acting Sub Lt. Laknphong", ("Acting Sub Lt.", "Laknphong")),
        ("Sub Lt. Somchai", ("Sub Lt.", "Somchai")),
        ("Pol. Lt. Col. Somchai", ("Pol.Lt.Col.", "Somchai")),
        ("Pol.Lt.Col. Somchai", ("Pol.Lt.Col.", "Somchai")),
        ("M. Chaiwat", (None, "M. Chaiwat")),  # no title "M.C" inside a name
        ("Somchai", (None, "Somchai")),
        ("", (None, None)),
    ],
)
def test_split_en_name(text: str, expected: tuple) -> None:
    assert split_en_name(text) == expected


@pytest.mark.parametrize(
    ("th", "en", "gender"),
    [
        ("นาย", "Mr.", "male"),
        ("ด.ช.", "Master", "male"),
        ("เด็กชาย", None, "male"),
        ("นาง", "Mrs.", "female"),
        ("น.ส.", "Miss", "female"),
        ("ด.ญ.", "Miss", "female"),
        (None, "Miss", "female"),
        ("ม.จ.", "M.C.", "unknown"),  # royal titles are used by men and women
        ("พ.ต.อ.", "Pol.Col.", "unknown"),  # ranks replace นาย/นาง
        ("นาย", "Mrs.", "unknown"),  # disagreement
        ("ไม่รู้จัก", None, "unknown"),
        (None, None, "unknown"),
    ],
)
def test_gender_from_title(th: str | None, en: str | None, gender: str) -> None:
    assert gender_from_title(th, en) == gender


def test_title_table_and_snapping() -> None:
    genders = {t.thai_abbr: t.gender for t in TITLES}
    assert genders["นาย"] == "male" and genders["น.ส."] == "female"
    assert en_title_for("นางสาว") == en_title_for("น.ส.") == "Miss"
    assert en_title_for("ด.ช.") == "Master" and en_title_for("ม.ล.") == "M.L."
    assert en_title_for("???") is None
    assert snap_title_th("น.ศ.") == "น.ส."  # one OCR slip
    assert snap_title_th("นาบ") is None  # นาย or นาง: ambiguous, so no guess
    assert snap_title_th("เด็กชาข") == "เด็กชาย"
    assert snap_title_en("Mlss") == "Miss" and snap_title_en("Mr") == "Mr."
    assert snap_title_en("M.R") == "M.R." and snap_title_en("Mrs") == "Mrs."
    # A slip from "Mr" is Mr., not the royal M.R. that spells alike without its dots.
    assert snap_title_en("Mir.") == snap_title_en("MR.") == "Mr."
    # "Ms." is read, never printed: it stands for the printed titles of its gender.
    assert printed_en_for("Ms.") == ("Mrs.", "Miss")
    assert printed_en_for("Mrs.") == ("Mrs.",) and printed_en_for("M.R.") == ("M.R.",)
    assert snap_title_en("qqqqqq") is None


def test_religion() -> None:
    assert abs(sum(w for _, w in RELIGIONS) - 1.0) < 0.01
    assert RELIGIONS[0][0] == "พุทธ" and RELIGIONS[0][1] > 0.9
    assert snap_religion("พุทธ") == "พุทธ"
    assert snap_religion("ศาสนา พุทธ") == "พุทธ"
    assert snap_religion("พทธ") == "พุทธ"
    assert snap_religion("อิสลาม") == "อิสลาม"
    assert snap_religion("คริสต") == "คริสต์"
    assert snap_religion("zzzz") is None and snap_religion("") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JT0-1234567-89", "JT0-1234567-89"),
        ("JTO-l234567-89", "JT0-1234567-89"),
        ("jt0123456789", "JT0-1234567-89"),
        ("J70-1234567-89", None),  # 7 is not a look-alike we turn into a letter
        ("Laser ID 8T0 1234567 89", "BT0-1234567-89"),
        ("ME1-823456O-1S", "ME1-8234560-15"),
        ("JT0-123456-89", None),
        ("", None),
    ],
)
def test_laser(text: str, expected: str | None) -> None:
    got = normalize_laser(text)
    assert got == expected
    if got:
        assert is_valid_laser(got)


def test_laser_shape() -> None:
    assert is_valid_laser("AA1-2345678-90")
    assert not is_valid_laser("AA1234567890")
    assert not is_valid_laser("A11-2345678-90")
    assert not is_valid_laser(None)  # type: ignore[arg-type]


def test_serial() -> None:
    assert normalize_serial("1234-05-01011234") == "1234-05-01011234"
    assert normalize_serial("1234 - 05 - O1011234") == "1234-05-01011234"
    assert normalize_serial("๑๒๓๔-๐๕-๐๑๐๑๑๒๓๔") == "1234-05-01011234"
    assert normalize_serial("1234-05-0101123") is None
    assert is_valid_serial("1234-05-01011234") and not is_valid_serial("123405-01011234")


def test_english_title_near_the_one_the_thai_title_prints() -> None:
    assert snap_title_en("Mis") is None  # Miss, Ms. and Mrs. tie
    assert en_title_near("Mis", "น.ส.") == "Miss"
    assert en_title_near("Mrs,", "นาง") == "Mrs."
    assert en_title_near("Xyz", "น.ส.") is None
    assert en_title_near("Miss", "ไม่ใช่คำนำหน้า") is None


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("ChansIrisakun", "Chansirisakun"),  # a small i read as a capital
        ("kluai", "Kluai"),
        ("Na Ayutthaya", "Na Ayutthaya"),
        ("Somchai", "Somchai"),
        ("MPhufa", "MPhufa"),  # a stray capital before the name is another rule's to drop
    ],
)
def test_english_names_keep_their_printed_case(read: str, printed: str) -> None:
    assert printed_case(read) == printed


def test_en_titles_near_lists_the_titles_a_tied_slip_stands_for() -> None:
    assert en_titles_near("Mirs") == ("Mrs.", "Miss")
    assert set(en_titles_near("Mis")) == {"Mrs.", "Miss"}  # Ms. prints as one of them
    # One title snaps, or none is one edit away, or the word is too short to tell.
    assert en_titles_near("Mir") == en_titles_near("Mrs.") == ()
    assert en_titles_near("Oncha") == en_titles_near("Mo") == en_titles_near("") == ()
