"""The contracts in schema.py and errors.py."""

from __future__ import annotations

import subprocess
import sys

import polars as pl
import pyarrow as pa
import pytest

from thaiid_ops import errors, schema


def test_field_catalogue_is_seed_000_plus_extensions() -> None:
    assert schema.AIGEN_FIELDS[0] == "id_number"
    assert len(schema.AIGEN_FIELDS) == 25
    assert len(set(schema.AIGEN_FIELDS)) == 25
    for ext in ("side", "card_type", "laser_number", "serial_number"):
        assert ext in schema.EXTENSION_FIELDS
    page = schema.empty_page()
    assert set(page["option"]) == {"face", "gender", "signed", "processed_image"}
    assert all(page[k] == {} for k in schema.AIGEN_FIELDS)


def test_field_shape_and_normalised_boxes() -> None:
    f = schema.field(
        "14 ก.พ. 2531", 0.99612, [[[10, 20], [110, 20], [110, 40], [10, 40]]], (200, 100)
    )
    assert f["value"] == "14 ก.พ. 2531"
    assert f["confidence"] == 0.9961
    assert f["bboxes"] == [[[10, 20], [110, 20], [110, 40], [10, 40]]]
    assert f["bboxes_norm"] == [[[0.05, 0.2], [0.55, 0.2], [0.55, 0.4], [0.05, 0.4]]]
    assert schema.field(None, 1.0) == {}


def test_envelope_success_partial_and_all_failed() -> None:
    ok = schema.empty_page()
    status, body = schema.build_response([ok])
    assert status == 200 and body == {"status": "success", "error": [], "data": [ok]}

    status, body = schema.build_response([ok, errors.NoCardFound("No ID card found on page 2.")])
    assert status == 206
    assert body["status"] == "error"
    assert body["data"][1] == {}
    assert body["error"] == [
        {"object": "error", "code": "400", "message": "No ID card found on page 2."},
        {"object": "error", "code": "206", "message": "Partial Content."},
    ]

    status, body = schema.build_response([errors.NotAnImage("Not an image: page 1.")])
    assert status == 400
    assert body["error"][-1] == {"object": "error", "code": "400", "message": "Bad request"}
    assert body["data"] == [{}]

    status, body = schema.build_response([RuntimeError("boom")])
    assert status == 500
    assert body["error"][0]["code"] == "internal_server_error"
    assert "boom" not in str(body)


@pytest.mark.parametrize(
    ("exc", "http", "code", "message"),
    [
        (errors.PayloadTooLarge, 413, 20000, "The request image base64 is too large."),
        (errors.Base64Incompatible, 422, 20001, "The base64 image is incompatible."),
        (errors.BadRequest, 400, "400", "Bad request"),
        (errors.PartialContent, 206, "206", "Partial Content."),
        (errors.InternalError, 500, "internal_server_error", "Internal server error"),
    ],
)
def test_coded_errors_render_seed_000(exc, http, code, message) -> None:
    e = exc()
    assert e.http_status == http
    assert e.to_error() == {"object": "error", "code": code, "message": message}
    assert type(errors.from_error_object(e.to_error(), http)) in (exc, errors.BadRequest)


def test_flat_schema_polars_and_arrow_agree() -> None:
    df = schema.frame([{"source": "a.jpg", "page": 1, "status": "success"}, {}])
    assert df.height == 2
    assert df.schema == pl.Schema(schema.flat_columns())
    arrow = df.to_arrow()
    expected = schema.flat_arrow_schema()
    assert arrow.schema.names == expected.names
    for f in expected:
        got = arrow.schema.field(f.name).type
        assert got == f.type or (pa.types.is_string(got) and pa.types.is_large_string(f.type))
    empty = schema.frame([])
    assert empty.columns == list(schema.flat_columns())
    hm = schema.flat_columns(hmac_id=True)
    assert "id_number" not in hm and "id_number_hmac" in hm


def test_core_import_pulls_no_airflow_or_gx() -> None:
    code = (
        "import sys, thaiid_ops, thaiid_ops.schema, thaiid_ops.errors;"
        "bad=[m for m in ('airflow','great_expectations','fastapi') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
