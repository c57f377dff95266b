"""Every parser of thaiid_ops.thai on garbage, empty, huge and mixed-script text: a clear
"invalid" / None result, never an exception, and fast."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import thaiid_ops.thai as thai

BAD = {
    "empty": "",
    "blank": " \t\n ",
    "garbage": "#$%^&*()_+{}|:<>?~`",
    "huge_ascii": "A1" * 500_000,  # 1 MB
    "huge_thai": "ก" * 1_000_000,
    "huge_digits": "1234567890" * 100_000,
    "mixed": "Hello สวัสดี 你好 مرحبا Привет 12/34 ต. อ. จ. ก.พ. Feb.",
    "control": "\x00\x01\x7f\u200b\ufeff\ud800",
}


def _run_all(text: str) -> dict[str, object]:
    return {
        "parse_id": thai.parse_id(text),
        "validate_id": thai.validate_id(text),
        "parse_thai_date": thai.parse_thai_date(text),
        "parse_en_date": thai.parse_en_date(text),
        "split_thai_name": thai.split_thai_name(text),
        "split_en_name": thai.split_en_name(text),
        "snap_title_th": thai.snap_title_th(text),
        "snap_title_en": thai.snap_title_en(text),
        "gender": thai.gender_from_title(text, text),
        "en_title_for": thai.en_title_for(text),
        "snap_religion": thai.snap_religion(text),
        "parse_address": thai.parse_address(text),
        "resolve_parts": thai.resolve_parts(text, text, text),
        "normalize_laser": thai.normalize_laser(text),
        "is_valid_laser": thai.is_valid_laser(text),
        "normalize_serial": thai.normalize_serial(text),
        "is_valid_serial": thai.is_valid_serial(text),
        "format_id": thai.format_id(text),
        "mask_id": thai.mask_id(text),
        "normalize_text": thai.normalize_text(text),
    }


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_is_invalid_not_an_exception(name: str) -> None:
    t = time.perf_counter()
    got = _run_all(BAD[name])
    elapsed = time.perf_counter() - t
    assert got["parse_id"] is None
    assert not got["validate_id"].valid
    assert got["parse_thai_date"].status == "invalid"
    assert got["parse_en_date"].status == "invalid"
    assert got["snap_religion"] is None
    assert not got["parse_address"].resolved
    assert got["resolve_parts"] is None
    assert got["normalize_laser"] is None and got["is_valid_laser"] is False
    assert got["normalize_serial"] is None and got["is_valid_serial"] is False
    assert got["gender"] == "unknown"
    assert "1234567890" not in got["mask_id"]
    # Huge inputs are clipped before any regex work.
    assert elapsed < 2.0, f"{name}: {elapsed:.2f} s"


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["list"]])
def test_non_strings_do_not_raise(value: object) -> None:
    _run_all(value)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text: str) -> None:
    got = _run_all(text)
    assert got["parse_thai_date"].status in ("valid", "partial", "lifelong", "invalid")
    assert got["parse_en_date"].status in ("valid", "partial", "lifelong", "invalid")
    assert got["gender"] in ("male", "female", "unknown")
