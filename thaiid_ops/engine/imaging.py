"""Image options of seed 000: the portrait crop, the signed-copy check, censoring, conversion.

Everything here works on real pixels of one decoded page and the card read from it (the
rectified card, its homography back to the page and its text lines in card pixels). Each
piece runs only when its option asks for it, so plain requests pay nothing.

- `locate_portrait`: the portrait on the card (not any other face in the photo), found on
  the rectified card by Haar face detection inside the card's text frame and by the photo
  rectangle's edges, mapped back to a 4-point quad in page pixels.
- `signed_score`: whether a handwritten stroke crosses a photocopied card: long, thin, dark
  strokes on the card that the printed layout (its text lines) does not explain.
- `censor`: solid black polygons burnt into the page pixels (no alpha, no blur).
- `encode_image`: jpeg / png / tiff / pdf / origin bytes of a page image.
"""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
from PIL import Image

from thaiid_ops.engine.card import CARD_H, CARD_W, Rectified
from thaiid_ops.engine.decode import PageImage
from thaiid_ops.options import Options
from thaiid_ops.schema import field

if TYPE_CHECKING:
    from thaiid_ops.engine.pipeline import CardRead

# ---------------------------------------------------------------- encoding

_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "bmp": "BMP", "pdf": "PDF"}


def encode_image(rgb: np.ndarray, fmt: str, origin: str = "png", dpi: int = 200) -> bytes:
    """Encode an RGB page as `fmt` ("jpeg", "png", "tiff", "pdf", or "origin": `origin`).

    JPEG is quality 95; PNG and TIFF (deflate) are lossless; the PDF is one page holding
    the image at `dpi`.
    """
    if fmt == "origin":
        fmt = origin
    fmt = {"jpg": "jpeg", "tif": "tiff", "mpo": "jpeg"}.get(fmt, fmt)
    if fmt not in _PIL_FORMATS:
        fmt = "png"
    im = Image.fromarray(np.ascontiguousarray(rgb), "RGB")
    if _is_gray(rgb):
        im = im.convert("L")
    buf = io.BytesIO()
    if fmt == "jpeg":
        im.save(buf, "JPEG", quality=95)
    elif fmt == "tiff":
        im.save(buf, "TIFF", compression="tiff_adobe_deflate")
    elif fmt == "pdf":
        im.save(buf, "PDF", resolution=float(dpi))
    else:
        im.save(buf, _PIL_FORMATS[fmt])
    return buf.getvalue()


def _is_gray(rgb: np.ndarray) -> bool:
    small = rgb[::7, ::7].astype(np.int16)
    return bool(
        np.abs(small[..., 0] - small[..., 1]).max() <= 1
        and np.abs(small[..., 1] - small[..., 2]).max() <= 1
    )


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# ---------------------------------------------------------------- censoring


def pad_quad(quad: np.ndarray, pad_y: float = 0.35, pad_x: float = 0.15) -> np.ndarray:
    """Grow an axis-aligned-ish card-pixel quad by fractions of its height (Thai marks sit
    above and below the detector's box)."""
    q = np.asarray(quad, np.float64).reshape(4, 2)
    x0, y0 = q.min(axis=0)
    x1, y1 = q.max(axis=0)
    h = max(1.0, y1 - y0)
    dx, dy = pad_x * h + 3, pad_y * h + 2
    return np.array(
        [[x0 - dx, y0 - dy], [x1 + dx, y0 - dy], [x1 + dx, y1 + dy], [x0 - dx, y1 + dy]]
    )


def censor(rgb: np.ndarray, quads: Sequence[np.ndarray]) -> np.ndarray:
    """A copy of the page with every quad (page pixels) filled solid black."""
    out = np.ascontiguousarray(rgb.copy())
    polys = [np.round(np.asarray(q, np.float64).reshape(-1, 2)).astype(np.int32) for q in quads]
    if polys:
        cv2.fillPoly(out, polys, (0, 0, 0), lineType=cv2.LINE_8)
        # fillPoly's edge rule can leave the polygon's outline pixels: paint them too.
        cv2.polylines(out, polys, True, (0, 0, 0), thickness=2, lineType=cv2.LINE_8)
    return out


# ---------------------------------------------------------------- portrait

# The printed photo window of the ID-1 card on the upright CARD_W × CARD_H card, and the
# box round the card's printed text lines on a well-rectified card (both measured on the
# synthetic factory's layout, which follows the issued card).
PHOTO_BOX = (750.0, 306.0, 983.0, 576.0)
TEXT_FRAME = (88.0, 15.0, 988.0, 622.0)
# Where a detected face sits in the photo window: centre x at 0.5 of the width; centre y
# grows with the face's relative size (a tighter crop shows a bigger, lower face).
_FACE_REL_Y = (0.17, 0.5)  # rel_y = a + b × face_width / photo_width

_CASCADES = ("haarcascade_frontalface_alt2.xml", "haarcascade_frontalface_default.xml")
_local = threading.local()


def _cascades() -> list[cv2.CascadeClassifier]:
    got = getattr(_local, "cascades", None)
    if got is None:
        got = []
        for name in _CASCADES:
            c = cv2.CascadeClassifier(cv2.data.haarcascades + name)
            if not c.empty():
                got.append(c)
        _local.cascades = got
    return got


@dataclass
class Portrait:
    """The portrait window found on a card: its quad in page pixels and how sure we are."""

    quad: np.ndarray  # 4×2, TL TR BR BL of the upright portrait, page pixels
    confidence: float
    face_found: bool


def _frame_transform(lines: Sequence[np.ndarray]) -> np.ndarray:
    """3×3 map from the nominal card into the rectified card, from its text lines.

    Identity when the text lines already sit where a well-rectified card has them; else
    the similarity (plus per-axis scale) taking the nominal text frame onto the lines'
    minimum-area rectangle, for a rectification that kept more than the card or a tilt.
    """
    eye = np.eye(3)
    if len(lines) < 6:
        return eye
    pts = np.concatenate([np.asarray(q, np.float32).reshape(-1, 2) for q in lines])
    (cx, cy), (w, h), ang = cv2.minAreaRect(pts)
    if w < h:
        w, h, ang = h, w, ang - 90.0
    ang = (ang + 90.0) % 180.0 - 90.0
    fw, fh = TEXT_FRAME[2] - TEXT_FRAME[0], TEXT_FRAME[3] - TEXT_FRAME[1]
    if abs(ang) <= 2.0 and w >= 0.85 * fw and h >= 0.85 * fh:
        return eye
    c0x, c0y = (TEXT_FRAME[0] + TEXT_FRAME[2]) / 2, (TEXT_FRAME[1] + TEXT_FRAME[3]) / 2
    a = np.radians(ang)
    rot = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    scale = np.diag([w / fw, h / fh, 1.0])
    return (
        np.array([[1, 0, cx], [0, 1, cy], [0, 0, 1]])
        @ rot
        @ scale
        @ np.array([[1, 0, -c0x], [0, 1, -c0y], [0, 0, 1]])
    )


def _find_face(card: np.ndarray) -> tuple[float, float, float] | None:
    """The face inside (and round) the nominal photo window: centre x, centre y, width."""
    x0, y0, x1, y1 = PHOTO_BOX
    pw, ph = x1 - x0, y1 - y0
    ox, oy = int(max(0, x0 - 0.35 * pw)), int(max(0, y0 - 0.3 * ph))
    ex, ey = int(min(CARD_W, x1 + 0.35 * pw)), int(min(CARD_H, y1 + 0.3 * ph))
    gray = cv2.cvtColor(card[oy:ey, ox:ex], cv2.COLOR_BGR2GRAY)
    gray = cv2.equalizeHist(gray)
    ecx, ecy = (x0 + x1) / 2, y0 + 0.36 * ph
    for casc in _cascades():
        faces = casc.detectMultiScale(
            gray, 1.08, 3, minSize=(int(0.2 * pw),) * 2, maxSize=(int(0.7 * pw),) * 2
        )
        best = None
        for fx, fy, fw, fh in faces:
            cx, cy = ox + fx + fw / 2, oy + fy + fh / 2
            if not (x0 - 0.1 * pw <= cx <= x1 + 0.1 * pw and y0 <= cy <= y1):
                continue  # a face must sit in the photo window, not in the text beside it
            d = np.hypot(cx - ecx, cy - ecy)
            if best is None or d < best[0]:
                best = (d, cx, cy, float(fw))
        if best is not None:
            return best[1], best[2], best[3]
    return None


def locate_portrait(rect: Rectified, lines: Sequence[np.ndarray]) -> Portrait:
    """Find the card's portrait window: the card's printed layout gives the prior, a Haar
    face inside that window pins it down (faces elsewhere in the photo are ignored)."""
    T = _frame_transform(lines)
    card = rect.image
    if not np.allclose(T, np.eye(3)):
        card = cv2.warpPerspective(
            rect.image,
            np.linalg.inv(T),
            (CARD_W, CARD_H),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REPLICATE,
        )
    x0, y0, x1, y1 = PHOTO_BOX
    pw, ph = x1 - x0, y1 - y0
    face = _find_face(card)
    conf = 0.5
    if face is not None:
        cx, cy, fw = face
        rel = min(0.5, max(0.22, _FACE_REL_Y[0] + _FACE_REL_Y[1] * fw / pw))
        x0, y0 = cx - pw / 2, cy - rel * ph
        x1, y1 = x0 + pw, y0 + ph
        conf = 0.9
    box = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float64)
    in_rect = cv2.perspectiveTransform(box.reshape(-1, 1, 2), T).reshape(-1, 2)
    return Portrait(rect.map_points(in_rect), conf, face is not None)


def crop_quad(bgr: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The upright image inside a page quad (TL TR BR BL), at the page's resolution."""
    q = np.asarray(quad, np.float32).reshape(4, 2)
    w = round(max(np.linalg.norm(q[1] - q[0]), np.linalg.norm(q[2] - q[3])))
    h = round(max(np.linalg.norm(q[3] - q[0]), np.linalg.norm(q[2] - q[1])))
    w, h = max(w, 8), max(h, 8)
    dst = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    m = cv2.getPerspectiveTransform(q, dst)
    return cv2.warpPerspective(bgr, m, (w, h), flags=cv2.INTER_LINEAR)


def jpeg_b64(bgr: np.ndarray, quality: int = 92) -> str:
    ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return b64(buf.tobytes()) if ok else ""


# ---------------------------------------------------------------- signed copies

SIGNED_THRESHOLD = 1.2


def signed_score(rect: Rectified) -> float:
    """How strongly a handwritten stroke crosses the card (0 = none; > SIGNED_THRESHOLD =
    signed).

    A signature over a copy is one long, dark, pen-wide connected stroke spanning several
    text rows left of the photo window; the card's own print there is small glyphs (each
    its own component), the chip's fine outline and a short registrar's signature. The
    score adds the widest such stroke's width (/500 px) and height (/250 px), both capped
    at 1. Tuned on synthetic photocopies and colour photos of seeds 11-12; tested on others.
    """
    gray = cv2.cvtColor(rect.image, cv2.COLOR_BGR2GRAY)
    paper = float(np.percentile(gray, 90))
    ink = (gray < min(120.0, 0.55 * paper)).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    best = 0.0
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if w < 150 or h < 60 or x > 0.68 * CARD_W:
            continue
        if w > 0.85 * CARD_W or h > 0.85 * CARD_H:
            continue  # the card's border or ground pattern, not a pen stroke
        fill = area / float(w * h)
        if not 0.045 <= fill <= 0.35:  # a hairline net or a filled blob (photo, emblem)
            continue
        mask = (labels[y : y + h, x : x + w] == i).astype(np.uint8)
        contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
        perimeter = sum(cv2.arcLength(c, True) for c in contours)
        if 2 * area / max(perimeter, 1.0) < 3.0:  # pen width: the chip's outline is finer
            continue
        best = max(best, min(w, 500) / 500 + min(h, 250) / 250)
    return best


def signed_confidence(score: float) -> float:
    """Confidence of the signed/unsigned verdict from the distance to the threshold."""
    return float(min(0.99, 0.5 + abs(score - SIGNED_THRESHOLD) / 1.2))


# ---------------------------------------------------------------- the options on one page


def wants_imaging(opts: Options) -> bool:
    """Whether any image option is asked for (else the page is left untouched)."""
    return bool(
        opts.return_face or opts.return_signed or opts.censor_field or opts.image_file_conversion
    )


def apply_image_options(
    out: dict[str, Any], page: PageImage, res: CardRead, opts: Options
) -> dict[str, Any]:
    """Add `option.face`, `portrait_location`, `option.signed` and `option.processed_image`
    to one page's data entry, as `opts` asks."""
    if not wants_imaging(opts):
        return out
    size = page.size
    censor_face = any(n in ("face", "portrait_location") for n in opts.censor_field)
    portrait = None
    if res.side == "front" and (opts.return_face or censor_face):
        portrait = locate_portrait(res.rect, [ln.quad for ln in res.lines])
    if opts.return_face and portrait is not None:
        quad = portrait.quad.tolist()
        bgr = cv2.cvtColor(page.rgb, cv2.COLOR_RGB2BGR)
        face = jpeg_b64(crop_quad(bgr, portrait.quad))
        out["option"]["face"] = field(face, portrait.confidence, [quad], size)
        out["portrait_location"] = field(
            [[round(float(x)), round(float(y))] for x, y in quad],  # type: ignore[arg-type]
            portrait.confidence,
            [quad],
            size,
        )
    if opts.return_signed:
        score = signed_score(res.rect)
        verdict = score > SIGNED_THRESHOLD
        out["option"]["signed"] = field(verdict, signed_confidence(score))  # type: ignore[arg-type]
    if opts.censor_field or opts.image_file_conversion:
        quads: list[np.ndarray] = []
        for name in opts.censor_field:
            if name in ("face", "portrait_location"):
                if portrait is not None:
                    # Grown by 15%: the window is located to ~±10%, and a censor must cover.
                    c = portrait.quad.mean(axis=0)
                    quads.append(c + (portrait.quad - c) * 1.3)
                continue
            reading = res.fields.get(name)
            if reading is not None:
                quads += [res.rect.map_points(pad_quad(ln.quad)) for ln in reading.lines]
        rgb = censor(page.rgb, quads) if quads else page.rgb
        fmt = opts.image_file_conversion or "origin"
        data = encode_image(rgb, fmt, origin=page.fmt)
        out["option"]["processed_image"] = field(b64(data), 1.0)
    return out
