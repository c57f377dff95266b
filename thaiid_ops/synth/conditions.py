"""Capture conditions: how a flat card becomes a scan, a photo or a photocopy.

Every condition maps card pixels to output pixels by one 3×3 homography, so every box
recorded on the flat card lands exactly where its ink is in the final image.
"""

from __future__ import annotations

import io
import math
import random
import time
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from . import fonts as F
from .render import CARD_H, CARD_W, scribble

CONDITIONS: tuple[str, ...] = (
    "clean",
    "rotated",
    "perspective",
    "blur_jpeg",
    "low_light",
    "photocopy_signed",
    "photocopy",
    "small_in_scene",
    "in_hand",
    "pdf",
)
# Default mix (weights) when no conditions are chosen.
MIX: dict[str, float] = {
    "clean": 0.18,
    "rotated": 0.12,
    "perspective": 0.16,
    "blur_jpeg": 0.1,
    "low_light": 0.08,
    "photocopy_signed": 0.08,
    "photocopy": 0.06,
    "small_in_scene": 0.08,
    "in_hand": 0.06,
    "pdf": 0.08,
}
A4_200DPI = (1654, 2339)
# PDF pages: A4 rounded to whole points at 200 dpi (25 px = 9 pt), so rendering the page at
# PDF_DPI gives exactly this pixel grid, the one the truth boxes are in.
PDF_PAGE = (1650, 2325)
PDF_DPI = 200
CARD_RADIUS = 34  # ~3 mm rounded corners


@dataclass
class Capture:
    """One captured page: the image, the card→image homography and what else is in it."""

    image: Image.Image
    H: np.ndarray
    fmt: str  # "png" | "jpg"
    quality: int = 92
    signed: bool = False
    extra: dict = field(default_factory=dict)


def card_quad() -> np.ndarray:
    return np.array([[0, 0], [CARD_W, 0], [CARD_W, CARD_H], [0, CARD_H]], np.float64)


def apply_h(H: np.ndarray, pts) -> np.ndarray:
    """Map (N,2) points through a homography."""
    p = np.asarray(pts, np.float64).reshape(-1, 2)
    q = np.c_[p, np.ones(len(p))] @ H.T
    return q[:, :2] / q[:, 2:3]


def _rounded_alpha() -> np.ndarray:
    m = Image.new("L", (CARD_W, CARD_H), 0)
    ImageDraw.Draw(m).rounded_rectangle((0, 0, CARD_W - 1, CARD_H - 1), CARD_RADIUS, fill=255)
    return np.asarray(m)


_ALPHA: np.ndarray | None = None


def _card_alpha() -> np.ndarray:
    global _ALPHA
    if _ALPHA is None:
        _ALPHA = _rounded_alpha()
    return _ALPHA


# --------------------------------------------------------------------------- backgrounds


def _octaves(nrng: np.random.Generator, w: int, h: int, cells, stretch: float = 1.0) -> np.ndarray:
    """Smooth fractal noise: a sum of upsampled random grids, coarse to fine."""
    out = np.zeros((h, w), np.float32)
    amp = 1.0
    for c in cells:
        gh, gw = max(2, int(h / c)), max(2, int(w / (c * stretch)))
        g = nrng.standard_normal((gh, gw)).astype(np.float32)
        out += amp * cv2.resize(g, (w, h), interpolation=cv2.INTER_CUBIC)
        amp *= 0.55
    return out / 1.6


def _muted(rng: random.Random) -> tuple[int, int, int]:
    g = rng.randint(50, 190)
    return tuple(int(g + 0.45 * (rng.randint(40, 220) - g)) for _ in range(3))  # type: ignore[return-value]


def texture(rng: random.Random, w: int, h: int) -> np.ndarray:
    """A procedural surface to lay the card on: wood, cloth, a desk, paper or stone."""
    kind = rng.choice(("wood", "cloth", "desk", "paper", "granite"))
    nrng = np.random.default_rng(rng.randrange(2**32))
    base = np.array(
        {
            "wood": (rng.randint(130, 175), rng.randint(85, 115), rng.randint(50, 75)),
            "cloth": _muted(rng),
            "desk": (rng.randint(170, 230), rng.randint(170, 225), rng.randint(160, 220)),
            "paper": (rng.randint(220, 245), rng.randint(220, 242), rng.randint(210, 235)),
            "granite": (rng.randint(80, 150),) * 3,
        }[kind],
        np.float32,
    )
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind == "wood":
        warp = _octaves(nrng, w, h, (h / 3, h / 12), stretch=6.0)
        grain = np.sin((yy + 30 * warp) / rng.uniform(3, 7)) * 10
        grain += _octaves(nrng, w, h, (40, 6), stretch=8.0) * 12
    elif kind == "cloth":
        grain = (np.sin(xx * 1.9) + np.sin(yy * 1.9)) * 6 + _octaves(nrng, w, h, (200, 30)) * 10
    elif kind == "granite":
        grain = nrng.standard_normal((h, w)).astype(np.float32) * 14
        grain += _octaves(nrng, w, h, (60, 12, 3)) * 18
    else:
        grain = (
            _octaves(nrng, w, h, (300, 60)) * 5
            + nrng.standard_normal((h, w)).astype(np.float32) * 2
        )
    img = base[None, None, :] + grain[..., None]
    vign = 1 - 0.25 * (((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) * 2)
    return np.clip(img * vign[..., None], 0, 255).astype(np.uint8)


# --------------------------------------------------------------------------- geometry


def _place(
    card: Image.Image,
    canvas: np.ndarray,
    H: np.ndarray,
    rounded: bool = True,
    shadow: bool = True,
) -> np.ndarray:
    """Warp the card onto the canvas through H, with rounded corners and a soft shadow."""
    h, w = canvas.shape[:2]
    src = np.asarray(card.convert("RGB"))
    alpha = _card_alpha() if rounded else np.full((CARD_H, CARD_W), 255, np.uint8)
    warped = cv2.warpPerspective(src, H, (w, h), flags=cv2.INTER_LINEAR)
    a = cv2.warpPerspective(alpha, H, (w, h), flags=cv2.INTER_LINEAR).astype(np.float32) / 255
    out = canvas.astype(np.float32)
    if shadow:
        sh = cv2.GaussianBlur(a, (0, 0), 9)
        sh = np.roll(sh, (7, 5), axis=(0, 1))
        out *= (1 - 0.45 * sh)[..., None]
    out = out * (1 - a[..., None]) + warped.astype(np.float32) * a[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


def _similarity(scale: float, angle_deg: float, cx: float, cy: float) -> np.ndarray:
    """Card centre → (cx, cy), scaled and rotated."""
    a = math.radians(angle_deg)
    c, s = math.cos(a) * scale, math.sin(a) * scale
    t = np.array([[1, 0, -CARD_W / 2], [0, 1, -CARD_H / 2], [0, 0, 1]], np.float64)
    r = np.array([[c, -s, cx], [s, c, cy], [0, 0, 1]], np.float64)
    return r @ t


def _perspective(rng: random.Random, base: np.ndarray, amount: float) -> np.ndarray:
    """Compose a mild perspective: corners moved by ≤ `amount` of the card's size."""
    src = card_quad().astype(np.float32)
    d = np.array(
        [
            [rng.uniform(-amount, amount) * CARD_W, rng.uniform(-amount, amount) * CARD_H]
            for _ in range(4)
        ],
        np.float32,
    )
    P = cv2.getPerspectiveTransform(src, src + d)
    return base @ P


def _scene(rng: random.Random, card: Image.Image, size, fill: float, tilt: float, persp: float):
    w, h = size
    scale = fill * w / CARD_W
    ang = rng.uniform(-tilt, tilt)
    # keep the card inside the frame
    rw = abs(CARD_W * math.cos(math.radians(ang))) + abs(CARD_H * math.sin(math.radians(ang)))
    rh = abs(CARD_W * math.sin(math.radians(ang))) + abs(CARD_H * math.cos(math.radians(ang)))
    scale = min(scale, 0.92 * w / rw, 0.92 * h / rh)
    mx = max(0.0, (w - rw * scale) / 2 - 10)
    my = max(0.0, (h - rh * scale) / 2 - 10)
    cx = w / 2 + rng.uniform(-mx, mx) * 0.8
    cy = h / 2 + rng.uniform(-my, my) * 0.8
    H = (
        _perspective(rng, _similarity(scale, ang, cx, cy), persp)
        if persp
        else _similarity(scale, ang, cx, cy)
    )
    H = _fit_inside(H, w, h)
    canvas = texture(rng, w, h)
    return _place(card, canvas, H), H


def _photo_size(rng: random.Random, long_side: int) -> tuple[int, int]:
    ratio = rng.choice((4 / 3, 16 / 9, 3 / 2))
    short = int(long_side / ratio)
    return (long_side, short) if rng.random() < 0.8 else (short, long_side)


# --------------------------------------------------------------------------- conditions


def clean(rng: random.Random, card: Image.Image) -> Capture:
    """A flatbed scan cropped to the card: card edges are the image edges (high-quality JPEG
    or PNG, as scanners save them)."""
    fmt = "png" if rng.random() < 0.25 else "jpg"
    return Capture(card.copy(), np.eye(3), fmt, quality=rng.randint(90, 96))


def rotated(rng: random.Random, card: Image.Image) -> Capture:
    """A card scan at any angle, including exact quarter turns."""
    angle = rng.choice((90, 180, 270)) if rng.random() < 0.5 else rng.uniform(-180, 180)
    margin = rng.randint(10, 60)
    a = math.radians(angle)
    rw = abs(CARD_W * math.cos(a)) + abs(CARD_H * math.sin(a))
    rh = abs(CARD_W * math.sin(a)) + abs(CARD_H * math.cos(a))
    w, h = int(rw + 2 * margin), int(rh + 2 * margin)
    H = _similarity(1.0, angle, w / 2, h / 2)
    bg = np.full((h, w, 3), rng.randint(225, 252), np.uint8)
    exact = angle in (90, 180, 270)
    img = _place(card, bg, H, rounded=not exact, shadow=False)
    return Capture(Image.fromarray(img), H, rng.choice(("png", "jpg")), quality=90)


def perspective(rng: random.Random, card: Image.Image) -> Capture:
    """A phone photo on a textured surface: tilt, ≤10% aspect change, lighting falloff."""
    size = _photo_size(rng, rng.randint(1200, 1600))
    img, H = _scene(rng, card, size, rng.uniform(0.6, 0.85), 20, 0.024)
    img = _light(img, rng, 0.85, 1.1)
    return Capture(Image.fromarray(img), H, "jpg", quality=rng.randint(80, 92))


def blur_jpeg(rng: random.Random, card: Image.Image) -> Capture:
    """A shaky, heavily compressed photo: Gaussian or motion blur and JPEG q40–70."""
    size = _photo_size(rng, rng.randint(1100, 1400))
    img, H = _scene(rng, card, size, rng.uniform(0.65, 0.85), 8, 0.02)
    if rng.random() < 0.5:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(1.0, 2.0))
    else:
        k = rng.randint(5, 9)
        kern = np.zeros((k, k), np.float32)
        kern[k // 2, :] = 1.0 / k
        rot = cv2.getRotationMatrix2D((k / 2 - 0.5, k / 2 - 0.5), rng.uniform(0, 180), 1.0)
        kern = cv2.warpAffine(kern, rot, (k, k))
        kern /= kern.sum()
        img = cv2.filter2D(img, -1, kern)
    return Capture(Image.fromarray(img), H, "jpg", quality=rng.randint(40, 70))


def low_light(rng: random.Random, card: Image.Image) -> Capture:
    """A dim, noisy photo with a specular glare patch across part of the card."""
    size = _photo_size(rng, rng.randint(1100, 1500))
    img, H = _scene(rng, card, size, rng.uniform(0.6, 0.85), 15, 0.024)
    f = img.astype(np.float32) / 255
    f = np.power(f, rng.uniform(1.3, 1.9)) * rng.uniform(0.55, 0.8)
    f[..., 2] *= rng.uniform(0.75, 0.95)  # warm indoor light
    h, w = f.shape[:2]
    gx, gy = apply_h(H, [[rng.uniform(0.15, 0.85) * CARD_W, rng.uniform(0.15, 0.85) * CARD_H]])[0]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    sx, sy = rng.uniform(60, 160), rng.uniform(30, 90)
    glare = np.exp(-(((xx - gx) / sx) ** 2 + ((yy - gy) / sy) ** 2)) * rng.uniform(0.3, 0.55)
    f = f + (1 - f) * glare[..., None]
    nrng = np.random.default_rng(rng.randrange(2**32))
    f += nrng.normal(0, rng.uniform(0.015, 0.035), f.shape).astype(np.float32)
    img = np.clip(f * 255, 0, 255).astype(np.uint8)
    return Capture(Image.fromarray(img), H, "jpg", quality=rng.randint(70, 88))


def _handwriting(d: ImageDraw.ImageDraw, rng: random.Random, H: np.ndarray, width: int) -> None:
    """A pen stroke across the card and 'สำเนาถูกต้อง' beside it (a certified copy)."""
    pts = scribble(rng, rng.uniform(0.2, 0.45) * CARD_W, 0.3 * CARD_H, 0.45 * CARD_W, 0.45 * CARD_H)
    sig = [tuple(p) for p in apply_h(H, pts)]
    d.line(sig, fill=rng.randint(0, 60), width=width, joint="curve")
    x, y = apply_h(H, [[0.1 * CARD_W, 0.2 * CARD_H]])[0]
    pen = F.font("Purisa", 44, bold=False) if "Purisa" in F.available_families() else None
    if pen is not None:
        d.text((x, y), "สำเนาถูกต้อง", font=pen, fill=rng.randint(0, 70))


def _photocopy(rng: random.Random, card: Image.Image, signed: bool) -> Capture:
    w, h = A4_200DPI
    scale = 0.4 * w / CARD_W * rng.uniform(0.95, 1.05)
    cx = w * rng.uniform(0.32, 0.68)
    cy = h * rng.uniform(0.16, 0.45)
    H = _similarity(scale, rng.uniform(-2.5, 2.5), cx, cy)
    page = np.full((h, w, 3), 255, np.uint8)
    img = _place(card, page, H, shadow=False)
    g = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY).astype(np.float32)
    # toner: crush the light blue ground towards white, darken ink, add speckle
    g = np.clip((g - rng.uniform(60, 90)) * rng.uniform(1.5, 1.9), 0, 255)
    nrng = np.random.default_rng(rng.randrange(2**32))
    speck = nrng.random(g.shape) < rng.uniform(0.0005, 0.002)
    g[speck] = rng.uniform(0, 90)
    pil = Image.fromarray(g.astype(np.uint8), "L")
    if signed:
        _handwriting(ImageDraw.Draw(pil), rng, H, width=rng.randint(3, 5))
    pil = pil.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    return Capture(pil, H, rng.choice(("png", "jpg")), quality=85, signed=signed)


def photocopy_signed(rng: random.Random, card: Image.Image) -> Capture:
    """A grayscale photocopy on A4 at 200 dpi with a handwritten signature across the card."""
    return _photocopy(rng, card, True)


def photocopy(rng: random.Random, card: Image.Image) -> Capture:
    """The same photocopy without any signature."""
    return _photocopy(rng, card, False)


def small_in_scene(rng: random.Random, card: Image.Image) -> Capture:
    """A larger photo in which the card covers 25–45% of the area."""
    w = rng.randint(1600, 2000)
    h = int(w / rng.choice((4 / 3, 3 / 2, 16 / 9)))  # landscape, so the card can be large
    area = rng.uniform(0.28, 0.42)
    fill = math.sqrt(area * w * h / (CARD_W * CARD_H)) * CARD_W / w
    img, H = _scene(rng, card, (w, h), fill, 12, 0.02)
    return Capture(Image.fromarray(_light(img, rng, 0.9, 1.05)), H, "jpg", quality=88)


def _ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 40) -> list[list[float]]:
    return [
        [cx + rx * math.cos(2 * math.pi * k / n), cy + ry * math.sin(2 * math.pi * k / n)]
        for k in range(n)
    ]


def _hand(img: Image.Image, H: np.ndarray, rng: random.Random) -> None:
    """A hand holding the card: palm below it, thumb over the left barcode strip only."""
    skin = np.array(rng.choice(((224, 180, 150), (196, 150, 115), (160, 115, 85), (235, 200, 175))))
    W, Hh = CARD_W, CARD_H
    ty = rng.uniform(0.45, 0.62)
    shapes = [
        _ellipse(0.0, 1.38 * Hh, 0.2 * W, 0.36 * Hh),  # palm, below the card
        [
            [-0.07 * W, (ty - 0.02) * Hh],
            [0.0, (ty - 0.03) * Hh],
            [0.0, 1.1 * Hh],
            [-0.17 * W, 1.1 * Hh],
        ],
        _ellipse(0.034 * W, ty * Hh, 0.046 * W, 0.062 * Hh),  # thumb over the strip
    ]
    mask = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(mask)
    for poly in shapes:
        d.polygon([tuple(p) for p in apply_h(H, poly)], fill=255)
    m = np.asarray(mask.filter(ImageFilter.GaussianBlur(1.5))).astype(np.float32) / 255
    shade = np.asarray(mask.filter(ImageFilter.GaussianBlur(14))).astype(np.float32) / 255
    colour = skin[None, None, :] * (0.72 + 0.3 * shade[..., None])
    arr = np.asarray(img).astype(np.float32)
    arr = arr * (1 - m[..., None]) + colour * m[..., None]
    img.paste(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)))


def _fit_inside(H: np.ndarray, w: int, h: int, margin: int = 12) -> np.ndarray:
    """Shift (and if needed shrink) the mapping so the whole card lies inside the frame."""
    q = apply_h(H, card_quad())
    x0, y0 = q.min(axis=0)
    x1, y1 = q.max(axis=0)
    k = min(1.0, (w - 2 * margin) / (x1 - x0), (h - 2 * margin) / (y1 - y0))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    S = np.array([[k, 0, cx - k * cx], [0, k, cy - k * cy], [0, 0, 1]])
    H = S @ H
    q = apply_h(H, card_quad())
    x0, y0 = q.min(axis=0)
    x1, y1 = q.max(axis=0)
    dx = max(0.0, margin - x0) - max(0.0, x1 - (w - margin))
    dy = max(0.0, margin - y0) - max(0.0, y1 - (h - margin))
    return np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1]]) @ H


def in_hand(rng: random.Random, card: Image.Image) -> Capture:
    """A card held in a hand, with a second face (the holder) elsewhere in the photo."""
    w, h = rng.randint(1700, 2000), 0
    h = int(w / rng.choice((4 / 3, 3 / 2, 16 / 9)))
    area = rng.uniform(0.26, 0.36)
    scale = math.sqrt(area * w * h / (CARD_W * CARD_H))
    card_right = rng.random() < 0.5
    cx = w * (0.7 if card_right else 0.3)
    H = _similarity(scale, rng.uniform(-10, 10), cx, h * rng.uniform(0.42, 0.55))
    H = _fit_inside(_perspective(rng, H, 0.02), w, h)
    q = apply_h(H, card_quad())
    canvas = texture(rng, w, h)
    from .render import _astronaut

    face = Image.fromarray(_astronaut()).crop((90, 0, 370, 330))
    if rng.random() < 0.7:
        face = face.transpose(Image.FLIP_LEFT_RIGHT)
    free = (q[:, 0].min() - 20) if card_right else (w - q[:, 0].max() - 20)
    fw = int(max(80, min(free * 0.9, rng.uniform(0.18, 0.3) * w)))
    fh = min(int(fw * 330 / 280), h - 20)
    fw = int(fh * 280 / 330)
    face = face.resize((fw, fh), Image.BILINEAR)
    fx = (
        int(rng.uniform(10, max(11, free - fw)))
        if card_right
        else int(w - fw - rng.uniform(10, max(11, free - fw)))
    )
    fy = int(rng.uniform(10, max(11, h - fh - 10)))
    canvas[fy : fy + fh, fx : fx + fw] = np.asarray(face)
    pil = Image.fromarray(_place(card, canvas, H))
    _hand(pil, H, rng)
    pil = Image.fromarray(_light(np.asarray(pil), rng, 0.9, 1.05))
    quad = [[fx, fy], [fx + fw, fy], [fx + fw, fy + fh], [fx, fy + fh]]
    return Capture(pil, H, "jpg", quality=88, extra={"distractor_face_quad": quad})


def pdf_page(rng: random.Random, card: Image.Image) -> Capture:
    """One page of a scanned PDF: the card on an A4 colour scan at 200 dpi."""
    w, h = PDF_PAGE
    scale = rng.uniform(0.4, 0.55) * w / CARD_W
    H = _similarity(
        scale, rng.uniform(-1.5, 1.5), w * rng.uniform(0.35, 0.65), h * rng.uniform(0.2, 0.5)
    )
    page = np.full((h, w, 3), rng.randint(242, 255), np.uint8)
    return Capture(Image.fromarray(_place(card, page, H, shadow=False)), H, "pdf")


def _light(img: np.ndarray, rng: random.Random, lo: float, hi: float) -> np.ndarray:
    h, w = img.shape[:2]
    ax, ay = rng.uniform(-1, 1), rng.uniform(-1, 1)
    xs = np.linspace(-1, 1, w, dtype=np.float32)[None, :]
    ys = np.linspace(-1, 1, h, dtype=np.float32)[:, None]
    gain = 1 + (ax * xs + ay * ys) * 0.12
    gain = gain * rng.uniform(lo, hi)
    return np.clip(img.astype(np.float32) * gain[..., None], 0, 255).astype(np.uint8)


CAPTURES = {
    "clean": clean,
    "rotated": rotated,
    "perspective": perspective,
    "blur_jpeg": blur_jpeg,
    "low_light": low_light,
    "photocopy_signed": photocopy_signed,
    "photocopy": photocopy,
    "small_in_scene": small_in_scene,
    "in_hand": in_hand,
    "pdf": pdf_page,
}


def encode(img: Image.Image, fmt: str, quality: int = 90) -> bytes:
    """PNG (fast compression) or JPEG bytes."""
    buf = io.BytesIO()
    if fmt == "png":
        arr = np.asarray(img)
        if arr.ndim == 3:
            arr = arr[:, :, ::-1]
        return cv2.imencode(".png", arr, [cv2.IMWRITE_PNG_COMPRESSION, 1])[1].tobytes()
    else:
        img.convert("RGB" if img.mode != "L" else "L").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def encode_pdf(pages: list[Image.Image], dpi: int = PDF_DPI) -> bytes:
    """A multi-page PDF (Pillow's writer), one page image per page at `dpi`."""
    buf = io.BytesIO()
    first, rest = pages[0].convert("RGB"), [p.convert("RGB") for p in pages[1:]]
    fixed = time.gmtime(1735689600)  # fixed metadata dates keep output deterministic
    first.save(
        buf,
        "PDF",
        save_all=True,
        append_images=rest,
        resolution=float(dpi),
        creationDate=fixed,
        modDate=fixed,
        producer="thaiid_ops.synth",
    )
    return buf.getvalue()
