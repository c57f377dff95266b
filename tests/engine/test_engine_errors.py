"""Every error code of seed 000, driven by real malformed inputs."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from thaiid_ops.engine import extract_with_status
from thaiid_ops.engine.decode import MAX_BASE64_CHARS, decode_pages, read_input


def _png(w: int = 64, h: int = 40) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.full((h, w, 3), 200, np.uint8)).save(buf, "PNG")
    return buf.getvalue()


def _jpeg(w: int = 320, h: int = 200) -> bytes:
    rng = np.random.default_rng(0)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, (h, w, 3), dtype=np.uint8)).save(buf, "JPEG")
    return buf.getvalue()


def _png_header_only(w: int, h: int) -> bytes:
    """A PNG whose IHDR claims w×h, with one tiny IDAT: a decompression-bomb shape."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def _pdf(pages: int, size_pt: tuple[float, float] = (243, 153)) -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    for _ in range(pages):
        doc.new_page(*size_pt)
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    return buf.getvalue()


def _codes(body: dict) -> list:
    return [e["code"] for e in body["error"]]


def test_oversized_base64_is_413_20000() -> None:
    payload = "A" * (MAX_BASE64_CHARS + 4)
    status, body = extract_with_status(payload)
    assert status == 413
    assert body == {
        "status": "error",
        "error": [
            {"object": "error", "code": 20000, "message": "The request image base64 is too large."}
        ],
        "data": [],
    }


def test_oversized_raw_bytes_is_413() -> None:
    status, body = extract_with_status(b"\xff\xd8\xff" + b"\x00" * (MAX_BASE64_CHARS // 4 * 3 + 10))
    assert status == 413 and _codes(body) == [20000]


@pytest.mark.parametrize("bad", ["not base64 at all!!", "abc$def", "=====", "   "])
def test_bad_base64_is_422_20001(bad: str) -> None:
    status, body = extract_with_status(bad)
    assert status == 422
    assert _codes(body) == [20001]
    assert body["error"][0]["message"] == "The base64 image is incompatible."
    assert body["data"] == []


def test_random_bytes_are_400() -> None:
    rng = np.random.default_rng(1)
    status, body = extract_with_status(rng.integers(0, 256, 5000, dtype=np.uint8).tobytes())
    assert status == 400
    assert body["status"] == "error"
    assert _codes(body) == ["400", "400"]
    assert body["data"] == [{}]


def test_base64_of_random_bytes_is_400() -> None:
    rng = np.random.default_rng(2)
    b64 = base64.b64encode(rng.integers(0, 256, 3000, dtype=np.uint8).tobytes()).decode()
    status, body = extract_with_status(b64)
    assert status == 400 and _codes(body)[0] == "400"


def test_truncated_jpeg_is_400() -> None:
    data = _jpeg()
    status, body = extract_with_status(data[: len(data) // 2])
    assert status == 400
    assert _codes(body)[0] == "400"


def test_huge_png_header_is_refused_without_decoding() -> None:
    status, body = extract_with_status(_png_header_only(20000, 20000))
    assert status == 400
    assert "15-8192" in body["error"][0]["message"]


def test_pixel_budget_guards_within_side_limits() -> None:
    status, body = extract_with_status(_png_header_only(8000, 8000))
    assert status == 400
    assert "pixel budget" in body["error"][0]["message"]


@pytest.mark.parametrize("size", [(14, 100), (100, 10)])
def test_too_small_side_is_400(size: tuple[int, int]) -> None:
    status, body = extract_with_status(_png(*size))
    assert status == 400 and _codes(body)[0] == "400"


def test_unsupported_format_is_400() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (64, 64)).save(buf, "GIF")
    status, _ = extract_with_status(buf.getvalue())
    assert status == 400


def test_unknown_option_is_400_naming_the_key() -> None:
    status, body = extract_with_status(_png(), option={"retrun_face": True})
    assert status == 400
    assert "retrun_face" in body["error"][0]["message"]
    assert body["data"] == []


@pytest.mark.parametrize(
    "opts",
    [
        {"return_gender": "yes"},
        {"censor_field": "id_number"},
        {"censor_field": ["no_such_field"]},
        {"image_file_conversion": "gif"},
        {"max_pages": 0},
    ],
)
def test_wrong_option_types_are_400(opts: dict) -> None:
    status, body = extract_with_status(_png(), **opts)
    assert status == 400
    assert next(iter(opts)) in body["error"][0]["message"]


def test_missing_path_is_400(tmp_path) -> None:
    status, _ = extract_with_status(str(tmp_path / "nope.jpg"))
    assert status == 400


def test_pdf_page_cap() -> None:
    status, body = extract_with_status(_pdf(5), max_pages=3)
    assert status == 400
    assert "more than 3 pages" in body["error"][0]["message"]


def test_damaged_pdf_is_400() -> None:
    data = _pdf(1)
    status, _ = extract_with_status(data[:60])
    assert status == 400


def test_inputs_decode_the_same_every_way(tmp_path) -> None:
    png = _png()
    path = tmp_path / "card.png"
    path.write_bytes(png)
    b64 = base64.b64encode(png).decode()
    for given in (png, b64, "data:image/png;base64," + b64, str(path), path, b64.encode()):
        assert read_input(given) == png


def test_pdf_pages_render_one_by_one() -> None:
    pages = list(decode_pages(_pdf(3)))
    assert [p.index for p in pages] == [1, 2, 3]
    w, h = pages[0].size
    assert abs(w - 1012) <= 1 and abs(h - 638) <= 1  # 300 dpi
    assert pages[0].rgb.dtype == np.uint8 and pages[0].rgb.shape[2] == 3


def test_one_bad_page_keeps_the_others(monkeypatch) -> None:
    from thaiid_ops.engine import pipeline
    from thaiid_ops.errors import NoCardFound

    calls = []

    def fake(page, opts):  # only the page bookkeeping is under test here
        calls.append(page.index)
        if page.index == 2:
            raise NoCardFound("No ID card found on page 2.", page=2)
        return {"side": {"value": "front", "confidence": 1.0}}

    monkeypatch.setattr(pipeline, "read_page", fake)
    status, body = extract_with_status(_pdf(3))
    assert calls == [1, 2, 3]
    assert status == 206
    assert _codes(body) == ["400", "206"]
    assert body["data"][1] == {} and body["data"][0] and body["data"][2]


def test_no_card_is_a_clean_page_error() -> None:
    # A landscape-like gradient with no card on it.
    h, w = 480, 720
    yy, xx = np.mgrid[0:h, 0:w]
    sky = np.stack([100 + yy // 4, 150 + xx // 10, 230 - yy // 5], -1).astype(np.uint8)
    sky[300:, :, :] = (40, 120, 40)  # grass
    buf = io.BytesIO()
    Image.fromarray(sky).save(buf, "JPEG")
    status, body = extract_with_status(buf.getvalue())
    assert status == 400
    assert body["status"] == "error"
    assert body["data"] == [{}]
    assert "card" in body["error"][0]["message"].lower()
