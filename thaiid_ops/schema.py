"""One source of truth for field names, the response envelope and the flat-row schema.

Contract 1 (the AIGEN v3 response) and Contract 2 (the flat row) of ARCHITECTURE.md live here.
This module imports nothing of the project.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import polars as pl
import pyarrow as pa

SCHEMA_VERSION = "1"

# Seed 000's data keys, in its order.
AIGEN_FIELDS: tuple[str, ...] = (
    "id_number",
    "title_name_surname_th",
    "title_name_en",
    "surname_en",
    "dob_th",
    "dob_en",
    "religion",
    "address_1",
    "address_2",
    "address_full",
    "address_house_building_number",
    "address_street_address",
    "address_sub_district",
    "address_district",
    "address_province",
    "address_postcode",
    "doi_th",
    "doi_en",
    "doe_th",
    "doe_en",
    "title_th",
    "name_th",
    "surname_th",
    "title_en",
    "name_en",
)

# Seed 002 extensions, in the same field shape.
EXTENSION_FIELDS: tuple[str, ...] = (
    "side",
    "card_type",
    "laser_number",
    "serial_number",
    "portrait_location",
)

OPTION_KEYS: tuple[str, ...] = ("face", "gender", "signed", "processed_image")

FRONT_FIELDS: tuple[str, ...] = (*AIGEN_FIELDS, "serial_number")
BACK_FIELDS: tuple[str, ...] = ("laser_number",)

# Text fields that become flat columns (value + confidence).
TEXT_FIELDS: tuple[str, ...] = (*AIGEN_FIELDS, "laser_number", "serial_number")

# Fields that a rule in thai/ can judge; they get a `<field>_valid` column.
VALIDATED_FIELDS: tuple[str, ...] = (
    "id_number",
    "title_name_surname_th",
    "title_name_en",
    "dob_th",
    "dob_en",
    "doi_th",
    "doi_en",
    "doe_th",
    "doe_en",
    "religion",
    "address_full",
    "address_sub_district",
    "address_district",
    "address_province",
    "address_postcode",
    "title_th",
    "title_en",
    "laser_number",
    "serial_number",
)

# Sensitive under PDPA s.26 or by DOPA's advice: off unless asked for.
SENSITIVE_FIELDS: tuple[str, ...] = ("religion", "laser_number")

DATE_FIELDS: tuple[str, ...] = ("dob_th", "dob_en", "doi_th", "doi_en", "doe_th", "doe_en")

Side = Literal["front", "back"]
CardType = Literal["normal", "pink"]
RowStatus = Literal["success", "partial", "error"]

Point = list[int]
Box = list[Point]
NormBox = list[list[float]]


# ---------------------------------------------------------------- fields and envelope


def field(
    value: str | None,
    confidence: float,
    bboxes: Sequence[Box] | None = None,
    image_size: tuple[int, int] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One field in the Object Information V3 shape; `{}` when there is no value.

    `bboxes` are 4-point quads in original image pixels; `image_size` is (width, height)
    and gives `bboxes_norm`.
    """
    if value is None:
        return {}
    out: dict[str, Any] = {}
    if bboxes is not None:
        boxes = [[[round(float(x)), round(float(y))] for x, y in quad] for quad in bboxes]
        out["bboxes"] = boxes
        if image_size is not None:
            w, h = image_size
            out["bboxes_norm"] = [
                [[round(x / w, 4), round(y / h, 4)] for x, y in quad] for quad in boxes
            ]
    out["value"] = value
    out["confidence"] = round(float(confidence), 4)
    out.update(extra)
    return out


def empty_page() -> dict[str, Any]:
    """A data entry with every key present and empty."""
    page: dict[str, Any] = {k: {} for k in AIGEN_FIELDS}
    page.update({k: {} for k in EXTENSION_FIELDS})
    page["option"] = {k: {} for k in OPTION_KEYS}
    return page


def build_response(pages: Sequence[Mapping[str, Any] | BaseException]) -> tuple[int, dict]:
    """Assemble seed 000's envelope from per-page results.

    Each item is a page's data dict or the exception that page raised (a coded error
    with `to_error()`, or anything else, which becomes a 500). Returns (http_status, body).
    As in seed 000's examples: every failing page adds its error entry and an empty `{}`
    data slot; a mix of good and bad pages ends with a 206 entry; when every page failed,
    the first failure's summary closes the list and sets the HTTP status.
    """
    data: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    failures: list[BaseException] = []
    for page in pages:
        if isinstance(page, BaseException):
            errors.append(error_object(page))
            failures.append(page)
            data.append({})
        else:
            data.append(dict(page))
    if not failures:
        return 200, {"status": "success", "error": [], "data": data}
    if len(failures) < len(data):
        errors.append({"object": "error", "code": "206", "message": "Partial Content."})
        return 206, {"status": "error", "error": errors, "data": data}
    first = failures[0]
    code = getattr(first, "code", "internal_server_error")
    title = getattr(first, "title", "Internal server error")
    errors.append({"object": "error", "code": code, "message": title})
    return int(getattr(first, "http_status", 500)), {
        "status": "error",
        "error": errors,
        "data": data,
    }


def request_error_response(exc: BaseException) -> tuple[int, dict]:
    """Envelope for a request-level failure that has no page slot (seed 000's 413 and 422
    examples: one error entry, `data: []`). Returns (http_status, body)."""
    status = int(getattr(exc, "http_status", 500))
    return status, {"status": "error", "error": [error_object(exc)], "data": []}


def error_object(exc: BaseException) -> dict[str, Any]:
    """Render an exception as seed 000's error object; non-project errors become 500."""
    render = getattr(exc, "to_error", None)
    if callable(render):
        return render()
    return {"object": "error", "code": "internal_server_error", "message": "Internal server error"}


# ---------------------------------------------------------------- flat row (Contract 2)


def flat_columns(
    *,
    bboxes: bool = False,
    face: bool = False,
    processed_image: bool = False,
    hmac_id: bool = False,
) -> dict[str, pl.DataType]:
    """Ordered column name → Polars dtype for the flat row.

    The core columns are always present; `bboxes`, `face` and `processed_image` add the
    optional ones. `hmac_id` replaces `id_number` by `id_number_hmac`.
    """
    cols: dict[str, pl.DataType] = {
        "source": pl.String(),
        "page": pl.Int32(),
        "status": pl.String(),
        "error_code": pl.String(),
        "error_message": pl.String(),
        "side": pl.String(),
        "card_type": pl.String(),
        "gender": pl.String(),
        "signed": pl.Boolean(),
    }
    for name in TEXT_FIELDS:
        key = "id_number_hmac" if (hmac_id and name == "id_number") else name
        cols[key] = pl.String()
        cols[f"{name}_confidence"] = pl.Float32()
        if name in VALIDATED_FIELDS:
            cols[f"{name}_valid"] = pl.Boolean()
    cols.update(
        {
            "dob": pl.Date(),
            "doi": pl.Date(),
            "doe": pl.Date(),
            "doe_lifelong": pl.Boolean(),
        }
    )
    if bboxes:
        cols["bboxes_json"] = pl.String()
    if face:
        cols["face"] = pl.Binary()
    if processed_image:
        cols["processed_image"] = pl.Binary()
    return cols


def flat_struct(**kwargs: bool) -> pl.Struct:
    """The flat row as a Polars Struct dtype (see `flat_columns`)."""
    return pl.Struct(flat_columns(**kwargs))


_PL_TO_PA: dict[type[pl.DataType], pa.DataType] = {
    pl.String: pa.large_string(),
    pl.Int32: pa.int32(),
    pl.Float32: pa.float32(),
    pl.Boolean: pa.bool_(),
    pl.Date: pa.date32(),
    pl.Binary: pa.large_binary(),
}


def flat_arrow_schema(metadata: Mapping[str, str] | None = None, **kwargs: bool) -> pa.Schema:
    """The flat row as an Arrow schema, matching what Polars writes."""
    fields = [pa.field(k, _PL_TO_PA[type(v)]) for k, v in flat_columns(**kwargs).items()]
    meta = {k.encode(): v.encode() for k, v in (metadata or {}).items()}
    return pa.schema(fields, metadata=meta or None)


def empty_row(**kwargs: bool) -> dict[str, Any]:
    """A flat row with every column set to null."""
    return dict.fromkeys(flat_columns(**kwargs))


def frame(rows: Iterable[Mapping[str, Any]], **kwargs: bool) -> pl.DataFrame:
    """Rows → a DataFrame with exactly the flat schema (missing keys become null)."""
    cols = flat_columns(**kwargs)
    rows = list(rows)
    return pl.DataFrame(
        {k: [r.get(k) for r in rows] for k in cols},
        schema=cols,
    )
