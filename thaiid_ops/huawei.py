"""Huawei Cloud OCR `thailand-id-card` (seed 002) ↔ AIGEN v3 (Contract 1).

Pure conversions, no I/O: the Huawei client normalises Huawei results into AIGEN pages with
`result_to_page` and `error_to_exception`; `thaiid serve` answers the Huawei route with
`page_to_result` and `exception_to_error`.

Choices where seed 002 is silent (documented, tested):

- `name_th` is the whole Thai name line → `title_name_surname_th`, split into title / name /
  surname by `thai.titles.split_thai_name`.
- `first_name_en` is the card's "Name" line, with or without its title ("Mr. Somchai");
  `last_name_en` → `surname_en`; `name_en` (the full English name) is used only to find the
  English title when `first_name_en` has none.
- Values are normalised as the engine prints them (13-digit ID, `14 ก.พ. 2531`,
  `14 Feb. 1988`, `JT0-1234567-89`; with `return_datetime_iso` a date field also gets
  `"iso"`, as in the engine); a value that cannot be parsed is kept as sent.
- `type` → `card_type`; `idcard_type` (normal/copy/screen) has no AIGEN slot and is dropped,
  as are `card_number` and `ref_number`. A field without a confidence gets 0.0.
- `thaiid serve` does not detect photocopies or screens: it answers `idcard_type: "normal"`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from thaiid_ops.errors import (
    BadRequest,
    Base64Incompatible,
    ImageSizeError,
    InternalError,
    InvalidOption,
    NoCardFound,
    NotAnImage,
    PayloadTooLarge,
    ThaiIDError,
    TooManyPages,
    Unauthorized,
)
from thaiid_ops.options import Options, parse_options
from thaiid_ops.schema import empty_page, field
from thaiid_ops.thai.address import parse_address
from thaiid_ops.thai.dates import (
    format_en_date,
    format_iso,
    format_thai_date,
    parse_en_date,
    parse_thai_date,
)
from thaiid_ops.thai.id_number import card_type_for_id, format_id, parse_id, validate_id
from thaiid_ops.thai.laser import normalize_laser
from thaiid_ops.thai.religion import snap_religion
from thaiid_ops.thai.serial import normalize_serial
from thaiid_ops.thai.text import normalize_text
from thaiid_ops.thai.titles import en_title_for, gender_from_title, split_en_name, split_thai_name

__all__ = [
    "DATE_KEYS",
    "HUAWEI_FLAGS",
    "error_to_exception",
    "exception_to_error",
    "page_to_result",
    "result_to_page",
]

# Huawei date key → (AIGEN key, language)
DATE_KEYS: dict[str, tuple[str, str]] = {
    "date_of_birth_th": ("dob_th", "th"),
    "date_of_birth_en": ("dob_en", "en"),
    "date_of_issue_th": ("doi_th", "th"),
    "date_of_issue_en": ("doi_en", "en"),
    "date_of_expiry_th": ("doe_th", "th"),
    "date_of_expiry_en": ("doe_en", "en"),
}

# The request flags of seed 002 (all booleans, default false).
HUAWEI_FLAGS: tuple[str, ...] = (
    "return_portrait_image",
    "return_portrait_location",
    "return_idcard_type",
    "return_text_location",
)

# The documented error codes of seed 002 / the Huawei OCR error table we map.
_ERROR_CODES: dict[str, type[ThaiIDError]] = {
    "AIS.0101": BadRequest,  # invalid parameter
    "AIS.0102": NotAnImage,  # image format not supported
    "AIS.0103": ImageSizeError,  # image size does not meet the requirements
    "AIS.0104": NoCardFound,  # image type not supported / recognition failed
    "ModelArts.4204": Unauthorized,  # service not subscribed in this region
}


def _s(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = normalize_text(str(value))
    return text or None


def _conf(confidence: Mapping[str, Any], key: str) -> float:
    value = confidence.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    return max(0.0, min(1.0, float(value)))


def _date_value(text: str, lang: str) -> tuple[str, bool, str | None]:
    """(value as the engine prints it, parsed ok, ISO form) for a Huawei date string."""
    parsed = parse_thai_date(text) if lang == "th" else parse_en_date(text)
    if parsed.value is None or parsed.status == "invalid":
        return text, False, None
    printed = format_thai_date(parsed.value) if lang == "th" else format_en_date(parsed.value)
    return printed, True, format_iso(parsed.value)


def result_to_page(result: Mapping[str, Any], options: Any = None) -> dict[str, Any]:
    """One Huawei `result` object → one AIGEN v3 data entry (every key present).

    `options` are seed 000's options (a mapping or `Options`): `return_datetime_iso`,
    `return_gender`, `do_field_validation` (failing fields get confidence -1.0, as seed 000
    says), `return_face` (the portrait goes to `option.face`) and the field filters
    (`include_sensitive`, `fields`) apply exactly as in the engine.
    """
    opts = options if isinstance(options, Options) else parse_options(options)
    conf: Mapping[str, Any] = result.get("confidence") or {}
    if not isinstance(conf, Mapping):
        conf = {}
    page = empty_page()
    failed: set[str] = set()
    card_type = _s(result.get("type"))

    locations = result.get("text_location")
    if not isinstance(locations, Mapping):
        locations = {}

    def put(
        key: str,
        value: str | None,
        confidence: float,
        ok: bool = True,
        src: str | None = None,
        **extra: Any,
    ) -> None:
        if value is None:
            return
        quad = locations.get(src) if src else None
        page[key] = field(value, confidence, [quad] if _is_quad(quad) else None, **extra)
        if not ok:
            failed.add(key)

    def put_snapped(key: str, hkey: str, snap: Any) -> None:
        """Huawei's text snapped by a thai/ rule; the raw text, marked invalid, if it cannot be."""
        raw = _s(result.get(hkey))
        if raw is not None:
            fixed = snap(raw)
            put(key, fixed or raw, _conf(conf, hkey), fixed is not None, hkey)

    raw_id = _s(result.get("id_number"))
    if raw_id is not None:
        number = parse_id(raw_id)
        ok = number is not None and validate_id(number, card_type).valid
        put("id_number", number or raw_id, _conf(conf, "id_number"), ok, "id_number")

    name_th = _s(result.get("name_th"))
    if name_th is not None:
        c = _conf(conf, "name_th")
        title, first, last = split_thai_name(name_th)
        put("title_name_surname_th", name_th, c, title is not None, "name_th")
        put("title_th", title, c)
        put("name_th", first, c)
        put("surname_th", last, c)

    first_en = _s(result.get("first_name_en"))
    full_en = _s(result.get("name_en"))
    if first_en is not None or full_en is not None:
        c = _conf(conf, "first_name_en" if first_en is not None else "name_en")
        title_en, name_en = split_en_name(first_en or full_en or "")
        if title_en is None and full_en is not None:
            title_en = split_en_name(full_en)[0]
        if title_en is None and page["title_th"]:
            title_en = en_title_for(page["title_th"]["value"])
        if first_en is not None and title_en is not None and name_en is None:
            name_en = first_en
        line = " ".join(p for p in (title_en, name_en) if p) or first_en
        put("title_name_en", line, c, title_en is not None, "first_name_en")
        put("title_en", title_en, c)
        put("name_en", name_en, c)
    put(
        "surname_en",
        _s(result.get("last_name_en")),
        _conf(conf, "last_name_en"),
        src="last_name_en",
    )

    for hkey, (akey, lang) in DATE_KEYS.items():
        text = _s(result.get(hkey))
        if text is not None:
            value, ok, iso = _date_value(text, lang)
            extra = {"iso": iso} if opts.return_datetime_iso and ok else {}
            put(akey, value, _conf(conf, hkey), ok, hkey, **extra)

    put_snapped("religion", "religion_th", snap_religion)

    address = _s(result.get("address_th"))
    if address is not None:
        c = _conf(conf, "address_th")
        addr = parse_address(address)
        put("address_full", address, c, addr.resolved, "address_th")
        for key, part in addr.fields().items():
            put(key, part, c)

    put_snapped("serial_number", "serial_number", normalize_serial)
    put_snapped("laser_number", "laser_number", normalize_laser)

    side = _s(result.get("side"))
    if side in ("front", "back"):
        put("side", side, 1.0)
    if card_type in ("normal", "pink"):
        put("card_type", card_type, 1.0)
    elif page["id_number"] and str(page["id_number"]["value"]).isdigit():
        put("card_type", card_type_for_id(page["id_number"]["value"]), 1.0)
    location = result.get("portrait_location")
    if _is_quad(location):
        page["portrait_location"] = field("portrait", 1.0, [location])

    if opts.return_face and isinstance(result.get("portrait_image"), str):
        page["option"]["face"] = field(result["portrait_image"], 1.0)
    if opts.return_gender and (page["title_th"] or page["title_en"]):
        gender = gender_from_title(
            page["title_th"].get("value") if page["title_th"] else None,
            page["title_en"].get("value") if page["title_en"] else None,
        )
        page["option"]["gender"] = field(gender, 1.0 if gender != "unknown" else 0.0)

    if opts.do_field_validation:
        for key in failed:
            if page[key]:
                page[key]["confidence"] = -1.0
    for key in list(page):
        if key != "option" and page[key] and not opts.wants(key):
            page[key] = {}
    return page


def _is_quad(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 4
        and all(
            isinstance(p, list)
            and len(p) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in p)
            for p in value
        )
    )


def error_to_exception(
    error_code: Any, error_msg: Any = None, http_status: int | None = None
) -> ThaiIDError:
    """Huawei `error_code` / `error_msg` → our coded error (message names the code only)."""
    code = str(error_code or "")
    cls = _ERROR_CODES.get(code)
    if cls is None and code.startswith("APIG.") and http_status in (401, 403):
        cls = Unauthorized
    if cls is None:
        cls = {401: Unauthorized, 403: Unauthorized, 413: PayloadTooLarge}.get(
            http_status or 0, BadRequest if http_status and http_status < 500 else InternalError
        )
    detail = str(error_msg or "")[:200] if cls is not InternalError else ""
    message = f"Huawei {code}: {detail}".strip() if code else detail or None
    return cls(message or None)


# ---------------------------------------------------------------- serving the Huawei protocol

# Our coded error → (HTTP status, Huawei error_code, error_msg).
_TO_HUAWEI: tuple[tuple[type[ThaiIDError], int, str, str], ...] = (
    (Unauthorized, 401, "APIG.0301", "Incorrect IAM authentication information."),
    (PayloadTooLarge, 400, "AIS.0103", "The image size does not meet the requirements."),
    (ImageSizeError, 400, "AIS.0103", "The image size does not meet the requirements."),
    (Base64Incompatible, 400, "AIS.0102", "The image format is not supported."),
    (NotAnImage, 400, "AIS.0102", "The image format is not supported."),
    (TooManyPages, 400, "AIS.0102", "The image format is not supported."),
    (NoCardFound, 400, "AIS.0104", "The image is not supported or recognition failed."),
    (InvalidOption, 400, "AIS.0101", "The input parameter is invalid."),
    (BadRequest, 400, "AIS.0101", "The input parameter is invalid."),
)


def exception_to_error(exc: BaseException) -> tuple[int, dict[str, str]]:
    """Our coded error → (HTTP status, seed 002's `{"error_code", "error_msg"}` body)."""
    for cls, status, code, msg in _TO_HUAWEI:
        if isinstance(exc, cls):
            return status, {"error_code": code, "error_msg": msg}
    return 500, {"error_code": "internal_server_error", "error_msg": "Internal server error"}


def _value(page: Mapping[str, Any], key: str) -> str | None:
    f = page.get(key) or {}
    v = f.get("value") if isinstance(f, Mapping) else None
    return v if isinstance(v, str) and v else None


def page_to_result(
    page: Mapping[str, Any],
    *,
    return_portrait_image: bool = False,
    return_portrait_location: bool = False,
    return_idcard_type: bool = False,
    return_text_location: bool = False,
) -> dict[str, Any]:
    """One AIGEN v3 data entry → seed 002's `result` object (keys only when known)."""
    result: dict[str, Any] = {}
    confidence: dict[str, float] = {}
    locations: dict[str, Any] = {}

    def put(hkey: str, akey: str, value: str | None = None) -> None:
        f = page.get(akey) or {}
        v = value if value is not None else _value(page, akey)
        if v is None:
            return
        result[hkey] = v
        c = f.get("confidence")
        if isinstance(c, (int, float)):
            confidence[hkey] = max(0.0, float(c))
        if f.get("bboxes"):
            locations[hkey] = f["bboxes"][0]

    side = _value(page, "side")
    if side:
        result["side"] = side
    card_type = _value(page, "card_type")
    if card_type:
        result["type"] = card_type
    number = _value(page, "id_number")
    put("id_number", "id_number", format_id(number) if number and number.isdigit() else None)
    put("name_th", "title_name_surname_th")
    title_en, name_en, surname_en = (
        _value(page, "title_en"),
        _value(page, "name_en"),
        _value(page, "surname_en"),
    )
    put("first_name_en", "title_name_en")
    put("last_name_en", "surname_en")
    full = " ".join(p for p in (title_en, name_en, surname_en) if p)
    if full:
        put("name_en", "title_name_en", full)
    for hkey, (akey, _lang) in DATE_KEYS.items():
        put(hkey, akey)
    put("religion_th", "religion")
    put("address_th", "address_full")
    put("serial_number", "serial_number")
    put("laser_number", "laser_number")
    if result:
        result["confidence"] = confidence
    if return_portrait_image:
        face = (page.get("option") or {}).get("face") or {}
        if isinstance(face, Mapping) and isinstance(face.get("value"), str):
            result["portrait_image"] = face["value"]
    if return_portrait_location:
        loc = page.get("portrait_location") or {}
        if loc.get("bboxes"):
            result["portrait_location"] = loc["bboxes"][0]
    if return_idcard_type:
        result["idcard_type"] = "normal"
    if return_text_location:
        result["text_location"] = locations
    return result
