"""The pure Huawei ↔ AIGEN conversions in `thaiid_ops.huawei` (no I/O)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaiid_ops import errors, huawei
from thaiid_ops.schema import AIGEN_FIELDS, EXTENSION_FIELDS, empty_page, field


def test_page_to_result_and_back_keeps_the_values() -> None:
    page = empty_page()
    page.update(
        id_number=field("1103702071811", 0.99),
        title_name_surname_th=field("นางสาว มาลี ทดสอบ", 0.9),
        title_name_en=field("Miss Malee", 0.8),
        title_en=field("Miss", 0.8),
        name_en=field("Malee", 0.8),
        surname_en=field("Thotsop", 0.7),
        dob_th=field("14 ก.พ. 2531", 0.95, [[[1, 2], [3, 2], [3, 4], [1, 4]]], (100, 100)),
        dob_en=field("14 Feb. 1988", 0.96),
        side=field("front", 1.0),
        card_type=field("normal", 1.0),
    )
    result = huawei.page_to_result(page, return_text_location=True, return_idcard_type=True)
    assert result["id_number"] == "1 1037 02071 81 1"
    assert result["name_en"] == "Miss Malee Thotsop"
    assert result["text_location"] == {"date_of_birth_th": [[1, 2], [3, 2], [3, 4], [1, 4]]}
    assert result["idcard_type"] == "normal" and result["type"] == "normal"
    back = huawei.result_to_page(result, {"return_gender": True})
    for key in ("id_number", "title_name_surname_th", "title_name_en", "surname_en", "dob_en"):
        assert back[key]["value"] == page[key]["value"], key
    assert back["title_th"]["value"] == "นางสาว" and back["surname_th"]["value"] == "ทดสอบ"
    assert back["option"]["gender"]["value"] == "female"
    assert back["dob_th"]["bboxes"] == [[[1, 2], [3, 2], [3, 4], [1, 4]]]


def test_validation_marks_bad_fields_minus_one() -> None:
    result = {"id_number": "1 1037 02071 81 2", "date_of_birth_en": "31 Foo. 19x8"}
    page = huawei.result_to_page(result, {"do_field_validation": True})
    assert page["id_number"]["confidence"] == -1.0  # wrong check digit
    assert page["dob_en"] == {"value": "31 Foo. 19x8", "confidence": -1.0}


@pytest.mark.parametrize(
    ("code", "status", "cls"),
    [
        ("AIS.0101", 400, errors.BadRequest),
        ("AIS.0102", 400, errors.NotAnImage),
        ("AIS.0103", 400, errors.ImageSizeError),
        ("AIS.0104", 400, errors.NoCardFound),
        ("ModelArts.4204", 400, errors.Unauthorized),
        ("APIG.0301", 401, errors.Unauthorized),
        ("AIS.9999", 400, errors.BadRequest),
        (None, 413, errors.PayloadTooLarge),
        ("X", 500, errors.InternalError),
    ],
)
def test_error_codes_map_to_coded_errors(code, status, cls) -> None:
    assert type(huawei.error_to_exception(code, "msg", status)) is cls


def test_our_errors_render_as_huawei_bodies() -> None:
    assert huawei.exception_to_error(errors.ImageSizeError()) == (
        400,
        {"error_code": "AIS.0103", "error_msg": "The image size does not meet the requirements."},
    )
    assert huawei.exception_to_error(errors.Base64Incompatible())[1]["error_code"] == "AIS.0102"
    assert huawei.exception_to_error(RuntimeError("x"))[0] == 500


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)
huawei_keys = st.sampled_from(
    ["id_number", "name_th", "first_name_en", "name_en", "last_name_en", "address_th",
     "date_of_birth_th", "date_of_expiry_en", "religion_th", "serial_number", "laser_number",
     "side", "type", "confidence", "portrait_location", "text_location", "portrait_image"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(huawei_keys, json_values, max_size=10))
def test_garbage_results_never_raise_and_keep_the_shape(result) -> None:
    page = huawei.result_to_page(result, {"include_sensitive": True, "return_gender": True})
    assert set(page) == {*AIGEN_FIELDS, *EXTENSION_FIELDS, "option"}
    for key in AIGEN_FIELDS:
        assert page[key] == {} or isinstance(page[key]["value"], str)
    huawei.page_to_result(page, return_text_location=True)
