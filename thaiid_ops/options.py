"""Seed 000's request options, parsed and validated once.

Options arrive as keywords, as `option={...}` (the AIGEN request body's key), or both
(keywords win). Unknown keys and wrong types raise `InvalidOption` (400) naming the key,
never the value.

Beyond seed 000 (documented extensions):

- `include_sensitive` (bool, default False): return `religion` and `laser_number`. Seed 000's
  own example response leaves `religion` empty, and the laser code authorises transactions,
  so both are off unless asked for (PDPA s.26; ARCHITECTURE "Data and privacy").
- `fields` (list[str] | None): return only these fields (plus `side` and `card_type`);
  naming a sensitive field here also returns it.
- `max_pages` (int, default 20): the PDF page cap; a longer PDF is refused with 400.

`censor_field` also takes "face" (the portrait window). `processed_image` is returned when
`censor_field` or `image_file_conversion` is given; the face crop is always a JPEG.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from thaiid_ops.errors import InvalidOption
from thaiid_ops.schema import AIGEN_FIELDS, EXTENSION_FIELDS, SENSITIVE_FIELDS

IMAGE_CONVERSIONS: tuple[str, ...] = ("jpeg", "origin", "pdf", "png", "tiff")
KNOWN_FIELDS: frozenset[str] = frozenset((*AIGEN_FIELDS, *EXTENSION_FIELDS))
CENSORABLE: frozenset[str] = KNOWN_FIELDS | {"face"}
DEFAULT_MAX_PAGES = 20
MAX_PAGES_LIMIT = 200


@dataclass(frozen=True)
class Options:
    """Validated request options (seed 000 plus the documented extensions)."""

    censor_field: tuple[str, ...] = ()
    image_file_conversion: str | None = None
    return_face: bool = False
    return_gender: bool = False
    return_signed: bool = False
    do_field_validation: bool = False
    return_datetime_iso: bool = False
    include_sensitive: bool = False
    fields: tuple[str, ...] | None = None
    max_pages: int = DEFAULT_MAX_PAGES

    def wants(self, name: str) -> bool:
        """Whether field `name` belongs in the response."""
        if name in ("side", "card_type"):
            return True
        if self.fields is not None:
            return name in self.fields
        if name in SENSITIVE_FIELDS:
            return self.include_sensitive
        return True

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form (for Parquet metadata and logs; holds no personal data)."""
        return {
            "censor_field": list(self.censor_field),
            "image_file_conversion": self.image_file_conversion,
            "return_face": self.return_face,
            "return_gender": self.return_gender,
            "return_signed": self.return_signed,
            "do_field_validation": self.do_field_validation,
            "return_datetime_iso": self.return_datetime_iso,
            "include_sensitive": self.include_sensitive,
            "fields": None if self.fields is None else list(self.fields),
            "max_pages": self.max_pages,
        }


_BOOL_KEYS = (
    "return_face",
    "return_gender",
    "return_signed",
    "do_field_validation",
    "return_datetime_iso",
    "include_sensitive",
)


def _field_list(key: str, value: Any, known: frozenset[str] = KNOWN_FIELDS) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise InvalidOption(f"Option '{key}' must be a list of field names.")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise InvalidOption(f"Option '{key}' names an unknown field.")
    return tuple(value)


def parse_options(option: Mapping[str, Any] | None = None, **kwargs: Any) -> Options:
    """Merge `option={...}` and keywords into a validated `Options`.

    Raises `InvalidOption` (400) for an unknown key or a value of the wrong type.
    """
    merged: dict[str, Any] = {}
    if option is not None:
        if isinstance(option, Options):
            merged.update(option.as_dict())
        elif isinstance(option, Mapping):
            merged.update(option)
        else:
            raise InvalidOption("Option 'option' must be an object.")
    merged.update(kwargs)
    out: dict[str, Any] = {}
    for key, value in merged.items():
        if not isinstance(key, str):
            raise InvalidOption("Option keys must be strings.")
        if key in _BOOL_KEYS:
            if value is None:
                continue
            if not isinstance(value, bool):
                raise InvalidOption(f"Option '{key}' must be a boolean.")
            out[key] = value
        elif key == "censor_field":
            out[key] = () if value is None else _field_list(key, value, CENSORABLE)
        elif key == "fields":
            out[key] = None if value is None else _field_list(key, value)
        elif key == "image_file_conversion":
            if value is not None and value not in IMAGE_CONVERSIONS:
                raise InvalidOption(
                    f"Option '{key}' must be one of {', '.join(IMAGE_CONVERSIONS)}."
                )
            out[key] = value
        elif key == "max_pages":
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidOption(f"Option '{key}' must be an integer.")
            if not 1 <= value <= MAX_PAGES_LIMIT:
                raise InvalidOption(f"Option '{key}' must be between 1 and {MAX_PAGES_LIMIT}.")
            out[key] = value
        else:
            raise InvalidOption(f"Unknown option '{key[:64]}'.")
    return Options(**out)
