"""Option parsing, ISO dates, gender and field validation (fast, no OCR for the 400s)."""

from __future__ import annotations

import pytest

from thaiid_ops.engine import extract_with_status
from thaiid_ops.thai import dates as th_dates
from thaiid_ops.thai import titles as th_titles


@pytest.mark.parametrize(
    ("opts", "key"),
    [
        ({"return_facez": True}, "return_facez"),
        ({"return_face": "yes"}, "return_face"),
        ({"return_signed": 1}, "return_signed"),
        ({"censor_field": "id_number"}, "censor_field"),
        ({"censor_field": ["not_a_field"]}, "censor_field"),
        ({"image_file_conversion": "gif"}, "image_file_conversion"),
        ({"do_field_validation": "true"}, "do_field_validation"),
    ],
)
def test_options_bad_option_is_400_naming_the_key(opts, key):
    status, body = extract_with_status(b"not read", option=opts)
    assert status == 400
    assert body["status"] == "error"
    assert key in body["error"][0]["message"]


def test_options_face_is_censorable_and_keywords_work():
    from thaiid_ops.options import parse_options

    o = parse_options({"censor_field": ["face", "id_number"]}, image_file_conversion="tiff")
    assert o.censor_field == ("face", "id_number") and o.image_file_conversion == "tiff"


def test_options_iso_partial_and_lifelong():
    full = th_dates.parse_thai_date("14 ก.พ. 2531").value
    assert th_dates.format_iso(full) == "1988-02-14"
    month = th_dates.parse_en_date("Feb. 1988")
    year = th_dates.parse_thai_date("2531")
    if month.value is not None:
        assert th_dates.format_iso(month.value) == "1988-02"
    assert year.value is not None and th_dates.format_iso(year.value) == "1988"
    life = th_dates.parse_thai_date("ตลอดชีพ")
    assert life.status == "lifelong" and th_dates.format_iso(life.value) is None


@pytest.mark.parametrize(
    ("th", "en", "want"),
    [
        ("นาย", "Mr.", "male"),
        ("นางสาว", "Miss", "female"),
        ("นาง", None, "female"),
        (None, "Mrs.", "female"),
        ("นาย", "Miss", "unknown"),  # Thai and English disagree
        ("พ.ต.อ.", None, "unknown"),  # a rank says nothing
        ("Xyz", "Dr.", "unknown"),
    ],
)
def test_options_gender_from_titles(th, en, want):
    assert th_titles.gender_from_title(th, en) == want
