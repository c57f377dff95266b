"""`thaiid_ops.rows`: AIGEN v3 response → flat rows, statuses, validity and PII switches."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import pytest

from thaiid_ops import errors, rows, schema

COLUMNS = list(schema.flat_columns())


def test_good_front_page_is_success_with_typed_dates_and_every_rule_true(cards):
    [row] = rows.flatten(cards.response(cards.front_page()), "lake/a.png", include_sensitive=True)
    assert list(row) == COLUMNS
    assert row["source"] == "lake/a.png"
    assert row["page"] == 1
    assert row["status"] == "success"
    assert row["error_code"] is None
    assert (row["side"], row["card_type"], row["gender"]) == ("front", "normal", "male")
    assert row["id_number"] == cards.CARD["id_number"]
    assert row["id_number_confidence"] == pytest.approx(0.97)
    assert row["dob"] == dt.date(1988, 2, 14)
    assert row["doi"] == dt.date(2018, 2, 14)
    assert row["doe"] == dt.date(2027, 2, 13)
    assert row["doe_lifelong"] is False
    flags = {k: v for k, v in row.items() if k.endswith("_valid") and v is not None}
    assert len(flags) == 17  # every validated field the front prints, religion included
    assert all(flags.values()), {k for k, v in flags.items() if v is not True}
    assert row["address_postcode_valid"] is None  # not printed, not judged


def test_back_page_needs_only_the_laser_code(cards):
    [row] = rows.flatten(cards.response(cards.back_page()), None, include_sensitive=True)
    assert (row["status"], row["side"], row["laser_number"]) == (
        "success",
        "back",
        "JT0-1234567-89",
    )
    assert row["laser_number_valid"] is True
    [row] = rows.flatten(cards.response(cards.back_page(laser=None)), None, include_sensitive=True)
    assert row["status"] == "partial"
    # Not asked for (the laser code is opt-in): a back read is complete without it.
    [row] = rows.flatten(cards.response(cards.back_page()), None)
    assert (row["status"], row["laser_number"]) == ("success", None)


def test_partial_when_a_required_field_of_the_side_is_empty(cards):
    [row] = rows.flatten(cards.response(cards.front_page(dob_en=None)), "x")
    assert row["status"] == "partial"
    assert row["dob"] == dt.date(1988, 2, 14)  # Thai date still typed
    # A page where nothing could be told apart is partial too, never success.
    [row] = rows.flatten(cards.response(schema.empty_page()), "x")
    assert (row["status"], row["side"]) == ("partial", None)


def test_rules_catch_a_bad_checksum_a_wrong_expiry_and_disagreeing_dates(cards):
    page = cards.front_page(id_number="1101700207031", doe_th="13 ก.พ. 2569", doe_en="13 Feb. 2026")
    page["dob_en"] = schema.field("15 Feb. 1988", 0.9)
    [row] = rows.flatten(cards.response(page), "x")
    assert row["status"] == "success"  # every field read; their verdicts are in _valid
    assert row["id_number_valid"] is False
    assert row["doe_th_valid"] is False and row["doe_en_valid"] is False
    assert row["dob_th_valid"] is False and row["dob_en_valid"] is False
    assert row["doi_th_valid"] is True


def test_a_birth_date_the_ids_first_digit_rules_out_is_invalid(cards):
    # 1: born from 1984 on; a sound check digit leaves the birth date to blame.
    page = cards.front_page(dob_th="14 ก.พ. 2525", dob_en="14 Feb. 1982")
    [row] = rows.flatten(cards.response(page), "x")
    assert row["id_number_valid"] is True
    assert row["dob_th_valid"] is False and row["dob_en_valid"] is False
    # 3: registered when the scheme began (May 1984), so born by then.
    [row] = rows.flatten(cards.response(cards.front_page(id_number="3101700207036")), "x")
    assert row["dob_th_valid"] is False and row["dob_en_valid"] is False
    # A year-only birth date in the allowed years passes.
    page = cards.front_page(id_number="3101700207036", dob_th="2525", dob_en="1982")
    [row] = rows.flatten(cards.response(page), "x")
    assert row["dob_th_valid"] is True and row["dob_en_valid"] is True


def test_engine_validation_confidence_minus_one_means_invalid(cards):
    page = cards.front_page()
    page["surname_en"]["confidence"] = -1.0
    page["title_th"]["confidence"] = -1.0
    [row] = rows.flatten(cards.response(page), "x")
    assert row["title_th_valid"] is False
    assert "surname_en_valid" not in row  # no rule for it: no column


def test_lifelong_and_partial_dates(cards):
    page = cards.front_page(
        id_number="3101700207036",  # born before 1984: a first digit of 3
        dob_th="ก.พ. 2481",
        dob_en="Feb. 1938",
        doi_th="14 ก.พ. 2561",
        doi_en="14 Feb. 2018",
        doe_th="ตลอดชีพ",
        doe_en="LIFELONG",
    )
    [row] = rows.flatten(cards.response(page), "x")
    assert row["dob"] is None  # partial: no typed date
    assert row["dob_th_valid"] is True
    assert row["doe"] is None and row["doe_lifelong"] is True
    assert row["doe_th_valid"] is True


def test_multi_page_and_failed_pages_keep_their_page_numbers_and_codes(cards):
    body = cards.response(cards.front_page(), errors.NoCardFound(page=2), cards.back_page())
    out = rows.flatten(body, "doc.pdf")
    assert [r["page"] for r in out] == [1, 2, 3]
    # The back's laser code is off (sensitive) but was read: the status judges the read.
    assert [r["status"] for r in out] == ["success", "error", "success"]
    assert out[2]["laser_number"] is None
    assert out[1]["error_code"] == "400"
    assert all(r["source"] == "doc.pdf" for r in out)


def test_whole_response_errors_give_one_coded_row(cards):
    body = {"status": "error", "error": [errors.PayloadTooLarge().to_error()], "data": []}
    [row] = rows.flatten(body, "big.png")
    assert (row["status"], row["error_code"], row["page"]) == ("error", "20000", None)
    assert row["error_message"] == errors.PayloadTooLarge.title
    [row] = rows.flatten({"nonsense": 1}, "x")
    assert row["status"] == "error"
    [row] = rows.flatten("not a dict", "x")  # type: ignore[arg-type]
    assert row["error_code"] == "internal_server_error"


def test_mask_hides_the_middle_digits_and_the_laser_code(cards):
    [row] = rows.flatten(
        cards.response(cards.front_page()), "x", pii="mask", include_sensitive=True
    )
    assert row["id_number"] == "1-1017-XXXXX-XX-0"
    assert row["id_number_valid"] is True  # judged on the raw value before masking
    [row] = rows.flatten(cards.response(cards.back_page()), "x", pii="mask", include_sensitive=True)
    assert row["laser_number"] == "JT0-XXXXXXX-89"


def test_hmac_replaces_the_id_column_with_a_keyed_digest(cards):
    [row] = rows.flatten(cards.response(cards.front_page()), "x", pii="hmac", hmac_key="secret")
    assert "id_number" not in row
    expected = hmac.new(b"secret", cards.CARD["id_number"].encode(), hashlib.sha256).hexdigest()
    assert row["id_number_hmac"] == expected
    assert cards.CARD["id_number"] not in repr(row)
    with pytest.raises(ValueError, match="hmac_key"):
        rows.flatten(cards.response(cards.front_page()), "x", pii="hmac")
    with pytest.raises(ValueError, match="pii"):
        rows.flatten(cards.response(cards.front_page()), "x", pii="encrypt")


def test_sensitive_fields_are_off_unless_asked_and_drop_removes_columns(cards):
    [row] = rows.flatten(cards.response(cards.front_page()), "x")
    assert row["religion"] is None and row["religion_valid"] is None
    [row] = rows.flatten(cards.response(cards.front_page()), "x", drop=["address_full", "gender"])
    assert "address_full" not in row and "address_full_confidence" not in row
    assert "address_full_valid" not in row and "gender" not in row
    assert row["address_province"] == "จ.อ่างทอง"
    with pytest.raises(ValueError, match="unknown"):
        rows.RowSpec.make(drop=["no_such_field"])


def test_bboxes_and_face_columns_when_asked(cards):
    page = cards.front_page()
    page["option"]["face"] = {"value": "aGVsbG8="}
    [row] = rows.flatten(cards.response(page), "x", bboxes=True, face=True)
    assert '"id_number"' in row["bboxes_json"] and "bboxes_norm" in row["bboxes_json"]
    assert row["face"] == b"hello"


def test_read_source_turns_every_bad_input_into_a_coded_row(cards, tmp_path):
    def never(image, options=None):
        raise AssertionError("must not be called")

    spec = rows.RowSpec()
    secret_dir = tmp_path / "1101700207030"
    cases = {
        None: "null input",
        "": "empty path",
        str(secret_dir / "missing.png"): "source not found",
        str(tmp_path): "source is a directory",
        f"file://{secret_dir}/gone.jpg": "source not found",
        "nosuchproto://bucket/x.png": None,
    }
    for src, message in cases.items():
        [row] = rows.read_source(src, never, None, spec)
        assert (row["status"], row["error_code"]) == ("error", "400"), src
        if message:
            assert row["error_message"] == message
        assert "1101700207030" not in (row["error_message"] or "")


def test_read_source_keeps_rows_when_the_backend_breaks(cards):
    def broken(image, options=None):
        raise RuntimeError("secret 1101700207030")

    def unauthorized(image, options=None):
        raise errors.Unauthorized()

    [row] = rows.read_source(b"img", broken)
    assert row["error_code"] == "internal_server_error"
    assert "1101700207030" not in row["error_message"]
    with pytest.raises(errors.Unauthorized):  # misconfiguration fails the run
        rows.read_source(b"img", unauthorized)


def test_synthetic_truth_flattens_to_success_with_every_rule_passing():
    synth = pytest.importorskip("thaiid_ops.synth")
    samples = synth.generate(3, seed=2, conditions=["clean", "pdf", "rotated"])
    out = [r for s in samples for r in rows.flatten(s.truth, s.name, include_sensitive=True)]
    assert len(out) == 6  # front + back for two cards, and a two-page PDF
    assert [r["side"] for r in out] == ["front", "back", "front", "back", "front", "back"]
    assert all(r["status"] == "success" for r in out)
    bad = {k for r in out for k, v in r.items() if k.endswith("_valid") and v is False}
    assert not bad
    fronts = [r for r in out if r["side"] == "front"]
    assert all(r["dob"] is not None or r["dob_th"] for r in fronts)
