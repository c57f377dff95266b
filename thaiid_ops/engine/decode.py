"""Input decoding: bytes / base64 / path → page images, enforcing seed 000's limits.

Request-level failures raise coded errors (413/20000, 422/20001, 400); a PDF page that
cannot be rendered becomes that page's error and the other pages survive.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from thaiid_ops.errors import (
    BadRequest,
    Base64Incompatible,
    ImageSizeError,
    NotAnImage,
    PayloadTooLarge,
    TooManyPages,
)

MAX_BASE64_CHARS = 10 * 1024 * 1024  # seed 000 / seed 002: base64 ≤ 10 MB
MIN_SIDE = 15
MAX_SIDE = 8192
MAX_PIXELS = 40_000_000  # decompression-bomb budget, checked from the header before decoding
PDF_MAX_DPI = 300
PDF_MAX_RENDER_SIDE = 2400  # an A4 page renders at ~205 dpi, a card-sized page at 300 dpi
IMAGE_FORMATS = frozenset({"JPEG", "MPO", "PNG", "BMP", "TIFF"})
PATH_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".pdf")

# pdfium is not thread-safe: every call into it goes through this lock.
_PDFIUM_LOCK = threading.Lock()

Image.MAX_IMAGE_PIXELS = None  # we enforce our own, tighter budget before decoding
warnings.simplefilter("ignore", Image.DecompressionBombWarning)


@dataclass
class PageImage:
    """One decoded page: RGB pixels (H×W×3 uint8) and where it came from."""

    index: int  # 1-based page number
    rgb: np.ndarray
    source_kind: str  # "image" | "pdf"
    fmt: str = "png"  # the input's format ("jpeg", "png", "bmp", "tiff", "pdf"): "origin" output

    @property
    def size(self) -> tuple[int, int]:
        h, w = self.rgb.shape[:2]
        return w, h


def _b64_len(n_bytes: int) -> int:
    return 4 * ((n_bytes + 2) // 3)


_B64_WS = re.compile(r"\s+")


def decode_base64(text: str) -> bytes:
    """Decode a base64 string (data-URL prefix, whitespace, url-safe alphabet and missing
    padding tolerated). Raises 413/20000 when too large and 422/20001 when undecodable."""
    if len(text) > MAX_BASE64_CHARS:
        raise PayloadTooLarge()
    if text.startswith("data:"):
        head, sep, rest = text.partition(",")
        if not sep or ";base64" not in head:
            raise Base64Incompatible()
        text = rest
    s = _B64_WS.sub("", text)
    if not s:
        raise Base64Incompatible()
    if "-" in s or "_" in s:
        s = s.replace("-", "+").replace("_", "/")
    s += "=" * (-len(s) % 4)
    try:
        out = base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        raise Base64Incompatible() from None
    if not out:
        raise Base64Incompatible()
    return out


def _looks_like_path(text: str) -> bool:
    return len(text) < 4096 and "\n" not in text and text.lower().endswith(PATH_SUFFIXES)


def read_input(image: Any) -> bytes:
    """Bytes of the document behind `image` (bytes, base64 str, path str, or Path)."""
    if isinstance(image, (bytearray, memoryview)):
        image = bytes(image)
    if isinstance(image, bytes):
        if _b64_len(len(image)) > MAX_BASE64_CHARS:
            raise PayloadTooLarge()
        if _sniff(image) is None and _is_ascii_b64(image):
            return decode_base64(image.decode("ascii"))
        return image
    if isinstance(image, Path) or (isinstance(image, str) and _looks_like_path(image)):
        path = Path(image)
        try:
            if not path.is_file():
                raise BadRequest("Image file not found.")
            if _b64_len(path.stat().st_size) > MAX_BASE64_CHARS:
                raise PayloadTooLarge()
            return path.read_bytes()
        except OSError:
            raise BadRequest("Image file could not be read.") from None
    if isinstance(image, str):
        return decode_base64(image)
    raise BadRequest("Image must be bytes, a base64 string or a file path.")


def _is_ascii_b64(data: bytes) -> bool:
    head = data[:4096]
    return (
        bool(head)
        and re.fullmatch(rb"(data:[\w/+.-]+;base64,)?[A-Za-z0-9+/=_\-\s]+", head) is not None
    )


def _sniff(data: bytes) -> str | None:
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:2] == b"BM":
        return "bmp"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return None


def _check_size(w: int, h: int, page: int) -> None:
    if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
        raise ImageSizeError(
            f"Image side out of range ({MIN_SIDE}-{MAX_SIDE} px) on page {page}.", page=page
        )
    if w * h > MAX_PIXELS:
        raise ImageSizeError(f"Image exceeds the pixel budget on page {page}.", page=page)


def _to_rgb(im: Image.Image) -> np.ndarray:
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(im, dtype=np.float32)
        hi = float(arr.max()) or 1.0
        im = Image.fromarray((arr * (255.0 / hi)).astype(np.uint8))
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
        im = Image.alpha_composite(bg, im)
    return np.ascontiguousarray(np.asarray(im.convert("RGB")))


def _decode_image(data: bytes) -> Iterator[PageImage | BaseException]:
    try:
        im = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise NotAnImage("Not a valid image (must be jpg, jpeg, png, bmp, tiff or pdf).") from None
    if im.format not in IMAGE_FORMATS:
        raise NotAnImage("Not a valid image (must be jpg, jpeg, png, bmp, tiff or pdf).")
    n_frames = int(getattr(im, "n_frames", 1) or 1) if im.format == "TIFF" else 1
    for frame in range(n_frames):
        page = frame + 1
        try:
            if frame:
                im.seek(frame)
            _check_size(*im.size, page=page)
            im.load()
            fixed = ImageOps.exif_transpose(im) if frame == 0 else im
            fmt = {"MPO": "jpeg"}.get(im.format, str(im.format).lower())
            yield PageImage(page, _to_rgb(fixed), "image", fmt)
        except BadRequest as exc:
            if n_frames == 1:
                raise
            yield exc
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            exc = NotAnImage(f"Image data could not be decoded on page {page}.", page=page)
            if n_frames == 1:
                raise exc from None
            yield exc


def _scan_scale(page, page_area_pt: float) -> float | None:
    """Pixels per point of the image that fills a scanned page, or None when no single
    image covers most of it. Rendering at that scale reproduces the scan's own pixel grid
    instead of resampling it (a blur that costs small print)."""
    import pypdfium2.raw as pdfium_c

    best = None
    try:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1):
            left, bottom, right, top = obj.get_bounds()
            if right - left <= 0 or (right - left) * (top - bottom) < 0.5 * page_area_pt:
                continue
            size = obj.get_px_size() if hasattr(obj, "get_px_size") else obj.get_size()
            best = max(best or 0.0, size[0] / (right - left))
    except Exception:  # an odd page object: fall back to the default scale
        return None
    return best if best and best > 0 else None


def _decode_pdf(data: bytes, max_pages: int) -> Iterator[PageImage | BaseException]:
    import pypdfium2 as pdfium

    with _PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except Exception:  # pdfium raises PdfiumError, sometimes others, on damaged files
            raise NotAnImage("Not a valid PDF document.") from None
        n = len(doc)
    try:
        if n == 0:
            raise NotAnImage("The PDF document has no pages.")
        if n > max_pages:
            raise TooManyPages(f"The PDF has more than {max_pages} pages.")
        for i in range(n):
            page_no = i + 1
            try:
                with _PDFIUM_LOCK:
                    page = doc[i]
                    try:
                        w_pt, h_pt = page.get_size()
                        long_pt = max(w_pt, h_pt, 1.0)
                        scale = min(PDF_MAX_DPI / 72.0, PDF_MAX_RENDER_SIDE / long_pt)
                        native = _scan_scale(page, w_pt * h_pt)
                        if native is not None and max(w_pt, h_pt) * native >= MIN_SIDE:
                            scale = min(scale, native)
                        if max(w_pt, h_pt) * scale < MIN_SIDE or min(w_pt, h_pt) * scale < 1:
                            raise ImageSizeError(f"PDF page {page_no} is too small.", page=page_no)
                        bitmap = page.render(scale=scale)
                        rgb = np.ascontiguousarray(bitmap.to_numpy()[:, :, :3][:, :, ::-1])
                        bitmap.close()
                    finally:
                        page.close()
                _check_size(rgb.shape[1], rgb.shape[0], page=page_no)
                yield PageImage(page_no, rgb, "pdf", "pdf")
            except BadRequest as exc:
                yield exc
            except Exception:
                yield NotAnImage(f"PDF page {page_no} could not be rendered.", page=page_no)
    finally:
        with _PDFIUM_LOCK:
            doc.close()


def decode_pages(data: bytes, max_pages: int = 20) -> Iterator[PageImage | BaseException]:
    """Yield each page's image, or the coded error of a page that failed.

    Raises (before yielding anything) when the whole request is bad: not an image, a
    single image out of the size limits, or a PDF over the page cap.
    """
    kind = _sniff(data)
    gen = _decode_pdf(data, max_pages) if kind == "pdf" else _decode_image(data)
    # Prime the generator so request-level errors raise here, not mid-iteration.
    first = next(gen, None)
    if first is None:
        raise NotAnImage("No pages could be decoded.")
    yield first
    yield from gen
