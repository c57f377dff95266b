"""AIGEN v3 responses → flat rows (Contract 2), with the PDPA switches.

This is the logic behind the Polars namespace and the Parquet sink; both only adapt it.

- `RowSpec` fixes the columns of a run (PII mode, dropped fields, optional columns).
- `flatten(response, source, ...)` turns one response into ≥ 1 rows: one per page, or a
  single coded error row.
- `read_source(src, extractor, ...)` reads one source (bytes, local path, `file://` or any
  fsspec URI, or None) through a backend and never raises for a bad input: a missing file,
  a null or garbage bytes each become a coded error row.

Row status:
- ``"error"``: the page (or the whole source) could not be read; `error_code` and
  `error_message` say why, with seed 000's codes.
- ``"partial"``: the page was read, but at least one field that its side always prints
  (`REQUIRED_FRONT` / `REQUIRED_BACK`; a sensitive one only when the run asked for it) is
  empty, or the side could not be told.
- ``"success"``: every required field of the side has a value. Whether the values pass
  their rules is in the `<field>_valid` columns, not in the status.

This module imports only `schema`, `errors` and `thai` of the project at module level.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac as _hmac
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import polars as pl
import pyarrow as pa

from thaiid_ops import errors, schema
from thaiid_ops.thai import dates as th_dates
from thaiid_ops.thai import id_number as th_id
from thaiid_ops.thai import laser as th_laser
from thaiid_ops.thai import religion as th_religion
from thaiid_ops.thai import serial as th_serial
from thaiid_ops.thai import titles as th_titles
from thaiid_ops.thai import validity as th_validity

PiiMode = Literal["keep", "mask", "hmac"]
PII_MODES: tuple[str, ...] = ("keep", "mask", "hmac")

# Fields every card prints on that side; an empty one makes the row "partial".
REQUIRED_FRONT: tuple[str, ...] = (
    "id_number",
    "title_name_surname_th",
    "title_name_en",
    "surname_en",
    "dob_th",
    "dob_en",
    "address_full",
    "doi_th",
    "doi_en",
    "doe_th",
    "doe_en",
)
REQUIRED_BACK: tuple[str, ...] = ("laser_number",)

Extractor = Callable[[bytes, Mapping[str, Any] | None], dict]
Source = bytes | bytearray | memoryview | str | os.PathLike | None


# ---------------------------------------------------------------- the column set of a run


@dataclass(frozen=True)
class RowSpec:
    """What a run writes: the PII mode, dropped fields and optional columns.

    `pii`: ``"keep"`` the raw ID; ``"mask"`` prints it as ``1-2345-XXXXX-XX-3``; ``"hmac"``
    replaces the `id_number` column by `id_number_hmac` (keyed HMAC-SHA256, hex), and also
    pseudonymises the laser code when it is kept. `drop` removes fields entirely (the value,
    `_confidence` and `_valid` columns, or a plain column such as ``"gender"``).
    Religion and the laser code stay null unless `include_sensitive`; the face only with `face`.
    """

    pii: PiiMode = "keep"
    hmac_key: bytes | None = field(default=None, repr=False)
    drop: tuple[str, ...] = ()
    include_sensitive: bool = False
    bboxes: bool = False
    face: bool = False
    processed_image: bool = False

    def __post_init__(self) -> None:
        if self.pii not in PII_MODES:
            raise ValueError(f"pii must be one of {PII_MODES}, not {self.pii!r}")
        if self.pii == "hmac" and not self.hmac_key:
            raise ValueError('pii="hmac" needs a non-empty hmac_key')
        known = set(schema.flat_columns(bboxes=True, face=True, processed_image=True))
        known |= set(schema.TEXT_FIELDS) | {"id_number_hmac"}
        unknown = sorted(set(self.drop) - known)
        if unknown:
            raise ValueError(f"unknown columns to drop: {unknown}")
        if {"source", "page", "status"} & set(self.drop):
            raise ValueError("source, page and status cannot be dropped")

    @classmethod
    def make(
        cls,
        *,
        pii: str = "keep",
        hmac_key: bytes | str | None = None,
        drop: Iterable[str] = (),
        include_sensitive: bool = False,
        bboxes: bool = False,
        face: bool = False,
        processed_image: bool = False,
    ) -> RowSpec:
        """Build a spec from user-facing arguments (a str key is UTF-8 encoded)."""
        key = hmac_key.encode() if isinstance(hmac_key, str) else hmac_key
        return cls(
            pii=pii,  # type: ignore[arg-type]
            hmac_key=key,
            drop=tuple(drop),
            include_sensitive=include_sensitive,
            bboxes=bboxes,
            face=face,
            processed_image=processed_image,
        )

    def _dropped(self, column: str) -> bool:
        if column in self.drop:
            return True
        for name in self.drop:
            if column in (f"{name}_confidence", f"{name}_valid"):
                return True
            if name == "id_number" and column == "id_number_hmac":
                return True
        return False

    def columns(self) -> dict[str, pl.DataType]:
        """Ordered column name → Polars dtype."""
        cols = schema.flat_columns(
            bboxes=self.bboxes,
            face=self.face,
            processed_image=self.processed_image,
            hmac_id=self.pii == "hmac",
        )
        return {k: v for k, v in cols.items() if not self._dropped(k)}

    def struct(self) -> pl.Struct:
        return pl.Struct(self.columns())

    def arrow_schema(self, metadata: Mapping[str, str] | None = None) -> pa.Schema:
        """The Arrow schema of the rows (`schema.flat_arrow_schema` less the dropped columns)."""
        full = schema.flat_arrow_schema(
            metadata=metadata,
            bboxes=self.bboxes,
            face=self.face,
            processed_image=self.processed_image,
            hmac_id=self.pii == "hmac",
        )
        keep = [f for f in full if not self._dropped(f.name)]
        return pa.schema(keep, metadata=full.metadata)

    def fingerprint(self) -> dict[str, Any]:
        """A JSON-able description without the key (the key is only fingerprinted)."""
        key_id = (
            hashlib.sha256(b"thaiid-key-id:" + self.hmac_key).hexdigest()[:16]
            if self.hmac_key
            else None
        )
        return {
            "pii": self.pii,
            "hmac_key_id": key_id,
            "drop": sorted(self.drop),
            "include_sensitive": self.include_sensitive,
            "bboxes": self.bboxes,
            "face": self.face,
            "processed_image": self.processed_image,
        }


# ---------------------------------------------------------------- PII transforms


def hmac_id(value: str, key: bytes) -> str:
    """Keyed HMAC-SHA256 (hex) of a value; a bare hash would be brute-forced."""
    return _hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def mask_laser(value: str) -> str:
    """Keep the first three and the last two characters: ``JT0-XXXXXXX-89``."""
    out = []
    seen = 0
    total = sum(ch.isalnum() for ch in value)
    for ch in value:
        if ch.isalnum():
            seen += 1
            out.append(ch if seen <= 3 or seen > total - 2 else "X")
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------- response → rows


def _value(page: Mapping[str, Any], name: str) -> str | None:
    f = page.get(name)
    if isinstance(f, Mapping):
        v = f.get("value")
        if v is None:
            return None
        v = str(v).strip() if not isinstance(v, bool) else str(v)
        return v or None
    return None


def _confidence(page: Mapping[str, Any], name: str) -> float | None:
    f = page.get(name)
    if isinstance(f, Mapping) and f.get("value") not in (None, ""):
        c = f.get("confidence")
        if isinstance(c, int | float) and not isinstance(c, bool):
            return float(c)
    return None


def _option(page: Mapping[str, Any], key: str) -> Any:
    opt = page.get("option")
    if isinstance(opt, Mapping):
        f = opt.get(key)
        if isinstance(f, Mapping):
            return f.get("value")
        if f not in ({}, None):
            return f
    return None


def _is_failed_slot(page: Any) -> bool:
    return not isinstance(page, Mapping) or len(page) == 0


def _strip_prefix(text: str, prefixes: Sequence[str]) -> str:
    t = text.strip()
    for p in prefixes:
        if t.startswith(p):
            return t[len(p) :].strip()
    return t


_SUB_PREFIXES = ("ตำบล", "แขวง", "ต.", "ต ")
_DIST_PREFIXES = ("อำเภอ", "เขต", "อ.", "อ ")
_PROV_PREFIXES = ("จังหวัด", "จ.", "จ ")


def _parse_date(text: str | None, lang: str) -> th_dates.DateParse | None:
    if text is None:
        return None
    return th_dates.parse_thai_date(text) if lang == "th" else th_dates.parse_en_date(text)


def _card_date(p: th_dates.DateParse | None) -> th_dates.CardDate | None:
    if p is None or p.status == "invalid":
        return None
    return p.value


def _validate(page: Mapping[str, Any], values: Mapping[str, str | None], card_type: str | None):
    """`<field>_valid` for every validated field with a value (None when it has no value)."""
    valid: dict[str, bool | None] = {}

    def put(name: str, ok: bool | None) -> None:
        if values.get(name) is not None and ok is not None:
            valid[name] = bool(ok) and valid.get(name, True) is not False

    put("id_number", values["id_number"] and th_id.is_valid_id(values["id_number"], card_type))

    if values["title_name_surname_th"]:
        t, first, _ = th_titles.split_thai_name(values["title_name_surname_th"])
        put("title_name_surname_th", t is not None and first is not None)
    if values["title_name_en"]:
        t, first = th_titles.split_en_name(values["title_name_en"])
        put("title_name_en", t is not None and first is not None)
    if values["title_th"]:
        put("title_th", th_titles.snap_title_th(values["title_th"]) == values["title_th"])
    if values["title_en"]:
        snapped = th_titles.snap_title_en(values["title_en"])
        put("title_en", snapped is not None and snapped.lower() == values["title_en"].lower())
    if values["religion"]:
        put("religion", th_religion.snap_religion(values["religion"]) is not None)
    if values["laser_number"]:
        put("laser_number", th_laser.is_valid_laser(values["laser_number"]))
    if values["serial_number"]:
        put("serial_number", th_serial.is_valid_serial(values["serial_number"]))

    # Address: the full line must resolve in the gazetteer; the parts must match it.
    sub, dist, prov = (
        values["address_sub_district"],
        values["address_district"],
        values["address_province"],
    )
    if values["address_full"] or sub or dist or prov:
        from thaiid_ops.thai import address as th_address  # loads the gazetteer: when needed
    if values["address_full"]:
        put("address_full", th_address.parse_address(values["address_full"]).resolved)
    if sub or dist or prov:
        names = (
            _strip_prefix(sub, _SUB_PREFIXES) if sub else None,
            _strip_prefix(dist, _DIST_PREFIXES) if dist else None,
            _strip_prefix(prov, _PROV_PREFIXES) if prov else None,
        )
        resolved = th_address.resolve_parts(*names)
        got = (
            (resolved.sub_district, resolved.district, resolved.province)
            if resolved is not None
            else (None, None, None)
        )
        for key, name, ref in zip(
            ("address_sub_district", "address_district", "address_province"),
            names,
            got,
            strict=True,
        ):
            if name is not None:
                put(key, resolved is not None and name == ref)
        postcode = values["address_postcode"]
        if postcode:
            ok = bool(re.fullmatch(r"\d{5}", postcode))
            if ok and resolved is not None and resolved.postcode:
                ok = resolved.postcode == postcode
            put("address_postcode", ok)
    elif values["address_postcode"]:
        put("address_postcode", bool(re.fullmatch(r"\d{5}", values["address_postcode"])))

    # Dates: each must parse; Thai and English must agree; then the card's date rules.
    parsed: dict[str, th_dates.DateParse | None] = {}
    for name in schema.DATE_FIELDS:
        p = _parse_date(values[name], name[-2:])
        parsed[name] = p
        if p is not None:
            ok = p.status != "invalid" and (p.status != "lifelong" or name.startswith("doe"))
            put(name, ok)
    for kind in ("dob", "doi", "doe"):
        th, en = _card_date(parsed[f"{kind}_th"]), _card_date(parsed[f"{kind}_en"])
        if th is not None and en is not None and not th_dates.dates_agree(th, en):
            put(f"{kind}_th", False)
            put(f"{kind}_en", False)
    dob = _card_date(parsed["dob_th"]) or _card_date(parsed["dob_en"])
    doi = _card_date(parsed["doi_th"]) or _card_date(parsed["doi_en"])
    doe = _card_date(parsed["doe_th"]) or _card_date(parsed["doe_en"])
    if dob or doi or doe:
        verdict = th_validity.check_dates(dob, doi, doe)
        blame = {
            "dob_range": "dob",
            "doi_after_dob": "doi",
            "doi_not_future": "doi",
            "min_age": "doi",
            "expiry_rule": "doe",
            "doe_after_doi": "doe",
            "lifelong_age": "doe",
        }
        for failure in verdict.failures:
            kind = blame.get(failure)
            if kind:
                put(f"{kind}_th", False)
                put(f"{kind}_en", False)

    # The ID's first digit bounds the birth date (1, 2: from 1984; 3: by May 1984). A sound
    # check digit rules out a misread first digit, so the birth date takes the blame.
    idn = values["id_number"]
    if dob is not None and idn and not th_id.sound_id_allows_birth(idn, dob):
        put("dob_th", False)
        put("dob_en", False)

    # The engine's do_field_validation: confidence −1.0 means the field failed its rule.
    for name in schema.VALIDATED_FIELDS:
        c = _confidence(page, name)
        if c is not None and c < 0:
            valid[name] = False
    return valid, dob, doi, doe


def _typed_date(d: th_dates.CardDate | None) -> date | None:
    if d is None or d.lifelong or not d.is_complete:
        return None
    return d.to_date()


def _infer_side(page: Mapping[str, Any], values: Mapping[str, str | None]) -> str | None:
    side = _value(page, "side")
    if side in ("front", "back"):
        return side
    if any(values.get(k) for k in REQUIRED_FRONT):
        return "front"
    if values.get("laser_number"):
        return "back"
    return None


def _page_row(page: Mapping[str, Any], spec: RowSpec, cols: Mapping[str, Any]) -> dict:
    row: dict[str, Any] = dict.fromkeys(cols)
    values = {name: _value(page, name) for name in schema.TEXT_FIELDS}
    side = _infer_side(page, values)
    card_type = _value(page, "card_type")
    if card_type not in ("normal", "pink"):
        card_type = th_id.card_type_for_id(values["id_number"]) if values["id_number"] else None
    valid, dob, doi, doe = _validate(page, values, card_type)

    required = REQUIRED_FRONT if side == "front" else REQUIRED_BACK if side == "back" else None
    # A sensitive field the run did not ask for (the laser code) is not missing.
    asked = [
        k for k in required or () if spec.include_sensitive or k not in schema.SENSITIVE_FIELDS
    ]
    complete = required is not None and all(values.get(k) for k in asked)
    row["status"] = "success" if complete else "partial"
    row["side"] = side
    row["card_type"] = card_type

    gender = _option(page, "gender")
    if gender not in ("male", "female", "unknown"):
        gender = None
    if gender is None and (values["title_th"] or values["title_en"]):
        gender = th_titles.gender_from_title(values["title_th"], values["title_en"])
    row["gender"] = gender
    signed = _option(page, "signed")
    row["signed"] = signed if isinstance(signed, bool) else None

    for name in schema.TEXT_FIELDS:
        v, c = values[name], _confidence(page, name)
        if name in schema.SENSITIVE_FIELDS and not spec.include_sensitive:
            v, c = None, None
        key = name
        if v is not None and name == "id_number":
            if spec.pii == "mask":
                v = th_id.mask_id(v)
            elif spec.pii == "hmac":
                v = hmac_id(re.sub(r"\D", "", v) or v, spec.hmac_key)  # type: ignore[arg-type]
        if name == "id_number" and spec.pii == "hmac":
            key = "id_number_hmac"
        if v is not None and name == "laser_number":
            if spec.pii == "mask":
                v = mask_laser(v)
            elif spec.pii == "hmac":
                v = hmac_id(v.replace("-", ""), spec.hmac_key)  # type: ignore[arg-type]
        row[key] = v
        row[f"{name}_confidence"] = c
        if name in schema.VALIDATED_FIELDS and v is not None:
            row[f"{name}_valid"] = valid.get(name)

    row["dob"], row["doi"] = _typed_date(dob), _typed_date(doi)
    row["doe"] = _typed_date(doe)
    row["doe_lifelong"] = bool(doe.lifelong) if doe is not None else None

    if spec.bboxes:
        boxes = {
            k: {b: page[k][b] for b in ("bboxes", "bboxes_norm") if b in page[k]}
            for k in (*schema.TEXT_FIELDS, "portrait_location")
            if isinstance(page.get(k), Mapping) and "bboxes" in page[k]
        }
        row["bboxes_json"] = json.dumps(boxes, separators=(",", ":")) if boxes else None
    if spec.face:
        row["face"] = _b64(_option(page, "face"))
    if spec.processed_image:
        row["processed_image"] = _b64(_option(page, "processed_image"))
    return {k: row[k] for k in cols}


def _b64(value: Any) -> bytes | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return base64.b64decode(value, validate=False)
    except (binascii.Error, ValueError):
        return None


def error_row(
    source: str | None,
    code: str | int,
    message: str,
    *,
    page: int | None = None,
    spec: RowSpec | None = None,
) -> dict:
    """A row for a source or page that could not be read."""
    row = dict.fromkeys((spec or RowSpec()).columns())
    row.update(
        source=source,
        page=page,
        status="error",
        error_code=str(code),
        error_message=message,
    )
    return row


def _error_entries(response: Mapping[str, Any]) -> list[tuple[str, str]]:
    out = []
    for e in response.get("error") or []:
        if isinstance(e, Mapping):
            out.append((str(e.get("code", "internal_server_error")), str(e.get("message") or "")))
    return out


def flatten(
    response: Mapping[str, Any],
    source: str | None,
    *,
    pii: str = "keep",
    hmac_key: bytes | str | None = None,
    drop: Iterable[str] = (),
    include_sensitive: bool = False,
    bboxes: bool = False,
    face: bool = False,
    processed_image: bool = False,
    spec: RowSpec | None = None,
) -> list[dict]:
    """One AIGEN v3 response → ≥ 1 flat rows (one per page, `page` counted from 1).

    A failed page (an empty `{}` data slot) becomes an error row carrying that page's error
    entry; a response with no data at all becomes one error row with its first error.
    Pass a prepared `spec` to skip re-validating the keyword arguments per call.
    """
    if spec is None:
        spec = RowSpec.make(
            pii=pii,
            hmac_key=hmac_key,
            drop=drop,
            include_sensitive=include_sensitive,
            bboxes=bboxes,
            face=face,
            processed_image=processed_image,
        )
    cols = spec.columns()
    if not isinstance(response, Mapping):
        return [error_row(source, "internal_server_error", "malformed response", spec=spec)]
    data = response.get("data")
    data = list(data) if isinstance(data, list) else []
    errs = [e for e in _error_entries(response) if e[0] != "206"]
    if not data:
        code, message = errs[0] if errs else ("internal_server_error", "empty response")
        return [error_row(source, code, message or "error", spec=spec)]

    # Seed 000 lists one error per failed page, in page order, then a summary entry.
    n_failed = sum(_is_failed_slot(p) for p in data)
    page_errors = iter(errs[:n_failed])
    fallback = errs[0] if errs else ("internal_server_error", "page could not be read")
    rows = []
    for i, page in enumerate(data, start=1):
        if _is_failed_slot(page):
            code, message = next(page_errors, fallback)
            rows.append(error_row(source, code, message or "error", page=i, spec=spec))
            continue
        row = _page_row(page, spec, cols)
        row["source"] = source
        row["page"] = i
        rows.append(row)
    return rows


# ---------------------------------------------------------------- sources → rows


class SourceError(Exception):
    """A source could not be read; the message never contains the path or any content."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def source_label(src: Source) -> str | None:
    """The `source` column for an input: the path/URI as given, None for bytes and nulls."""
    if isinstance(src, str):
        return src
    if isinstance(src, os.PathLike):
        return os.fspath(src)
    return None


def load_source(src: Source) -> bytes:
    """The bytes of one source: bytes as is, a local path, `file://…` or any fsspec URI.

    Raises `SourceError` (code ``"400"``) for a null, an empty string, a missing or
    unreadable file or an unknown protocol.
    """
    if src is None:
        raise SourceError("400", "null input")
    if isinstance(src, bytes | bytearray | memoryview):
        return bytes(src)
    if isinstance(src, os.PathLike):
        src = os.fspath(src)
    if not isinstance(src, str):
        raise SourceError("400", f"unsupported input type {type(src).__name__}")
    if not src.strip():
        raise SourceError("400", "empty path")
    if "://" in src and not src.startswith("file://"):
        try:
            import fsspec

            with fsspec.open(src, "rb") as fh:
                return fh.read()
        except FileNotFoundError:
            raise SourceError("400", "source not found") from None
        except (ImportError, ValueError) as exc:
            # fsspec says which package a protocol needs (e.g. s3fs); no path in it.
            kind = "protocol needs an extra package" if "install" in str(exc) else "bad URI"
            raise SourceError("400", kind) from None
        except OSError:
            raise SourceError("400", "source unreadable") from None
    path = Path(src[len("file://") :] if src.startswith("file://") else src)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError("400", "source not found") from None
    except IsADirectoryError:
        raise SourceError("400", "source is a directory") from None
    except OSError:
        raise SourceError("400", "source unreadable") from None


def content_hash(data: bytes) -> str:
    """The content hash used for resuming: BLAKE2b-128, hex."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def rows_for_bytes(
    data: bytes,
    source: str | None,
    extractor: Extractor,
    options: Mapping[str, Any] | None,
    spec: RowSpec,
) -> list[dict]:
    """Run a backend on bytes and flatten; any failure becomes a coded error row."""
    try:
        response = extractor(data, options)
    except errors.Unauthorized:
        raise  # misconfiguration: the run itself fails
    except errors.ThaiIDError as exc:
        return [error_row(source, exc.code, exc.message, spec=spec)]
    except Exception as exc:  # a backend bug must not lose the row; no PII in the message
        return [
            error_row(
                source, "internal_server_error", f"backend failed: {type(exc).__name__}", spec=spec
            )
        ]
    return flatten(response, source, spec=spec)


def read_source(
    src: Source,
    extractor: Extractor,
    options: Mapping[str, Any] | None = None,
    spec: RowSpec | None = None,
    *,
    label: str | None = None,
) -> list[dict]:
    """One source → ≥ 1 rows. Never raises for a bad input (see `load_source`)."""
    spec = spec or RowSpec()
    label = label if label is not None else source_label(src)
    try:
        data = load_source(src)
    except SourceError as exc:
        return [error_row(label, exc.code, exc.message, spec=spec)]
    return rows_for_bytes(data, label, extractor, options, spec)


def read_many(
    sources: Iterable[Source],
    extractor: Extractor,
    options: Mapping[str, Any] | None = None,
    spec: RowSpec | None = None,
    *,
    pool: tuple[int, str] | None = None,
) -> Iterator[list[dict]]:
    """`read_source` over many sources, in input order, `workers.WINDOW_PER_WORKER` per
    worker in flight.

    `pool` is (workers, "thread" | "process") for `thaiid_ops.workers`' shared pools, or
    None to read inline. A document that crashes its worker process gives an error row.
    """
    from thaiid_ops import workers

    spec = spec or RowSpec()

    def on_crash(args: tuple) -> list[dict]:
        message = "the engine crashed on this document"
        return [error_row(source_label(args[0]), "internal_server_error", message, spec=spec)]

    jobs = (workers.Job(args=(src, extractor, options, spec)) for src in sources)
    for _job, rows in workers.run_ordered(
        read_source,
        jobs,
        pool,  # type: ignore[arg-type]
        on_crash=on_crash,
    ):
        yield rows


def resolve_extractor(backend: Any = None) -> tuple[Extractor, str]:
    """`backend` → (a picklable extract callable, the backend's name).

    None or ``"local"``: the embedded engine. Another string: a client kind built by
    `thaiid_ops.clients.make_backend`. Anything with an ``extract(image, options)`` method:
    used as is.
    """
    if backend is None or backend == "local":
        return _local_extract, "local"
    if type(backend).__module__ == "thaiid_ops.clients.local":
        return _local_extract, "local"  # the same engine; a plain function pickles cheaply
    if isinstance(backend, str):
        from thaiid_ops.clients import make_backend  # type: ignore[attr-defined]

        backend = make_backend(backend)
    if not callable(getattr(backend, "extract", None)):
        raise TypeError("backend must be None, a kind name or an object with .extract()")
    return backend.extract, str(getattr(backend, "name", type(backend).__name__))


def _local_extract(image: bytes, options: Mapping[str, Any] | None = None) -> dict:
    import thaiid_ops

    return thaiid_ops.extract(image, **dict(options or {}))
