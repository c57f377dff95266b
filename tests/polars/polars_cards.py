"""Helpers for the Polars and sink tests (loaded by their conftest as the `cards` fixture).

`ReplayBackend` answers recorded AIGEN v3 responses for known images (what a remote API
would have said) and sends everything else to the real embedded engine, so garbage, PDFs
and bad inputs meet the real decoder and its seed 000 error codes.
"""

from __future__ import annotations

import io
import random
from collections.abc import Mapping
from typing import Any

from PIL import Image

import thaiid_ops
from thaiid_ops import schema

# A synthetic holder (valid check digit, real Ang Thong address, 8-year expiry rule).
CARD = {
    "id_number": "1101700207030",
    "title_name_surname_th": "นาย ตัวอย่าง บัตรประชาชน",
    "title_name_en": "Mr. Tuayang",
    "surname_en": "Budprachachon",
    "dob_th": "14 ก.พ. 2531",
    "dob_en": "14 Feb. 1988",
    "religion": "พุทธ",
    "address_full": "17/1 หมู่ที่ 9 ต.หัวไผ่ อ.เมืองอ่างทอง จ.อ่างทอง",
    "address_house_building_number": "17/1",
    "address_street_address": "หมู่ที่ 9",
    "address_sub_district": "ต.หัวไผ่",
    "address_district": "อ.เมืองอ่างทอง",
    "address_province": "จ.อ่างทอง",
    "doi_th": "14 ก.พ. 2561",
    "doi_en": "14 Feb. 2018",
    "doe_th": "13 ก.พ. 2570",
    "doe_en": "13 Feb. 2027",
    "title_th": "นาย",
    "name_th": "ตัวอย่าง",
    "surname_th": "บัตรประชาชน",
    "title_en": "Mr.",
    "name_en": "Tuayang",
    "serial_number": "1234-05-01011234",
    "side": "front",
    "card_type": "normal",
}


def front_page(confidence: float = 0.97, **overrides: Any) -> dict:
    """A front page in the Object Information V3 shape; an override of None empties a field."""
    page = schema.empty_page()
    values = {**CARD, **overrides}
    for i, (name, value) in enumerate(values.items()):
        box = [[[10, 10 + 20 * i], [200, 10 + 20 * i], [200, 28 + 20 * i], [10, 28 + 20 * i]]]
        page[name] = schema.field(value, confidence, box, (1000, 640))
    return page


def back_page(laser: str | None = "JT0-1234567-89") -> dict:
    page = schema.empty_page()
    page["side"] = schema.field("back", 0.99)
    page["laser_number"] = schema.field(laser, 0.95)
    return page


def response(*pages: Mapping[str, Any] | BaseException) -> dict:
    return schema.build_response(list(pages))[1]


def png(seed: int, size: tuple[int, int] = (320, 200)) -> bytes:
    """A small distinct real PNG (noise), decodable by the engine."""
    rng = random.Random(seed)
    im = Image.frombytes("L", size, bytes(rng.randrange(256) for _ in range(size[0] * size[1])))
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


def pdf(pages: int, seed: int = 0) -> bytes:
    """A real multi-page PDF of noise images."""
    ims = [Image.open(io.BytesIO(png(seed * 100 + i))).convert("RGB") for i in range(pages)]
    buf = io.BytesIO()
    ims[0].save(buf, format="PDF", save_all=True, append_images=ims[1:])
    return buf.getvalue()


class ReplayBackend:
    """Recorded responses for known bytes; the real engine for anything else."""

    name = "replay"

    def __init__(self, recorded: Mapping[bytes, dict] | None = None) -> None:
        self.recorded = dict(recorded or {})
        self.calls = 0

    def extract(self, image: bytes | str, options: Mapping[str, Any] | None = None) -> dict:
        self.calls += 1
        if isinstance(image, bytes) and image in self.recorded:
            return self.recorded[image]
        return thaiid_ops.extract(image, **dict(options or {}))

    async def aextract(self, image: bytes | str, options: Mapping[str, Any] | None = None):
        return self.extract(image, options)


def write_lake(root) -> tuple[dict[str, str], ReplayBackend]:
    """Files on disk: a recorded front, a recorded back, a recorded 2-page PDF, garbage."""
    good1, good2, pdf_bytes = png(1), png(2), pdf(2, seed=3)
    recorded = {
        good1: response(front_page()),
        good2: response(back_page()),
        pdf_bytes: response(front_page(), back_page()),
    }
    files = {}
    for name, data in (
        ("a_card.png", good1),
        ("b_back.png", good2),
        ("c_doc.pdf", pdf_bytes),
        ("d_garbage.jpg", b"\x00not an image at all\xff" * 10),
    ):
        path = root / "lake" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        files[name] = str(path)
    return files, ReplayBackend(recorded)
