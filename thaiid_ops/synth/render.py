"""Draw one flat card (front or back) at 1000×630 px and record where every line of ink went.

The card stock (gradient, guilloche, emblem, chip, barcode strip, pre-printed labels) is the
same for every card of a type and is cached; each card then gets its own printer: a font
family, a print offset, per-value jitter of position and size, and its own address wrap.
Values are drawn into one mask layer, so the exact ink of every value is known.
"""

from __future__ import annotations

import functools
import math
import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from . import fonts as F
from .spec import CardSpec

CARD_W, CARD_H = 1000, 630  # 85.6 × 54 mm at ~11.7 px/mm
PHOTO_BOX = (750, 306, 983, 576)
ANCHOR = "ls"  # left, baseline: Thai and Latin share the baseline like the card printer's

Box = tuple[float, float, float, float]


@dataclass
class TextItem:
    """One printed line. `field` is the truth field for values, `label:<name>` for labels."""

    field: str
    text: str
    box: Box
    kind: str  # "value" | "label"
    font: str
    words: tuple[tuple[str, Box], ...] = ()  # each space-separated word and its ink box


def _word_boxes(f, text: str, x: float, y: float) -> tuple[tuple[str, Box], ...]:
    """The ink box of every space-separated word of `text` drawn at (x, y) in font `f`."""
    out, start = [], 0
    for word in text.split(" "):
        if word:
            off = f.getlength(text[:start])
            b = f.getbbox(word, anchor=ANCHOR)
            out.append((word, (x + off + b[0], y + b[1], x + off + b[2], y + b[3])))
        start += len(word) + 1
    return tuple(out)


@dataclass
class CardRender:
    """A rendered flat card with its text items (boxes in card pixels)."""

    image: Image.Image
    side: str
    font: str
    items: list[TextItem]
    portrait_box: Box | None = None
    ink: np.ndarray | None = None  # uint8 mask of value ink, card pixels
    address_lines: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    def value_boxes(self, name: str) -> list[Box]:
        return [it.box for it in self.items if it.kind == "value" and it.field == name]


# --------------------------------------------------------------------------- card stock

_PALETTE = {
    # (top-left, top-right, lower band, guilloche ink, label navy, label blue)
    "normal": ((166, 214, 238), (222, 241, 251), (196, 229, 246), (120, 170, 210)),
    "pink": ((238, 190, 210), (252, 230, 238), (246, 214, 226), (205, 140, 170)),
}
_NAVY = (22, 32, 92)
_BLUE = (40, 62, 160)


def _lerp(a: tuple, b: tuple, t: np.ndarray) -> np.ndarray:
    a_, b_ = np.array(a, np.float32), np.array(b, np.float32)
    return a_ + (b_ - a_) * t[..., None]


def _gradient(card_type: str, rng: random.Random) -> np.ndarray:
    tl, tr, low, ink = _PALETTE[card_type]
    yy, xx = np.mgrid[0:CARD_H, 0:CARD_W].astype(np.float32)
    tx = xx / CARD_W
    top = _lerp(tl, tr, tx)
    bottom = _lerp(low, tr, 1 - tx)
    band = np.clip((yy - CARD_H * 0.5) / 60.0, 0, 1)
    img = top * (1 - band[..., None]) + bottom * band[..., None]
    # Guilloche: two families of fine waves whose interference gives the moiré of card stock.
    ph1, ph2 = rng.uniform(0, 6.3), rng.uniform(0, 6.3)
    w1 = np.cos(2 * np.pi * (yy + 9 * np.sin(xx / 37.0 + ph1) + 4 * np.sin(xx / 11.0)) / 7.0)
    w2 = np.cos(2 * np.pi * (xx + 11 * np.sin(yy / 29.0 + ph2) + 0.35 * yy) / 9.0)
    lines = np.clip((w1 - 0.82) * 5, 0, 1) * 0.55 + np.clip((w2 - 0.86) * 6, 0, 1) * 0.4
    # A rosette centred behind the name block.
    cx, cy = CARD_W * 0.52, CARD_H * 0.42
    r = np.hypot(xx - cx, yy - cy)
    th = np.arctan2(yy - cy, xx - cx)
    ros = np.cos(2 * np.pi * (r + 14 * np.sin(18 * th + ph1)) / 11.0)
    lines += np.clip((ros - 0.9) * 8, 0, 1) * 0.45 * np.exp(-(((r - 150) / 110) ** 2))
    inkc = np.array(ink, np.float32)
    img = img * (1 - 0.28 * lines[..., None]) + inkc * (0.28 * lines[..., None])
    return img


def _temple(draw: ImageDraw.ImageDraw, x0: float, base: float, scale: float, fill) -> None:
    """A stylised temple skyline (prang spires and roofs), the card's watermark motif."""
    pts = [(x0, base)]
    x = x0
    for w, h, spire in ((60, 40, 0), (34, 80, 60), (80, 55, 0), (40, 120, 95), (90, 60, 0)):
        w, h, spire = w * scale, h * scale, spire * scale
        pts += [(x, base - h * 0.5), (x + w * 0.2, base - h)]
        if spire:
            pts += [(x + w * 0.45, base - h - spire), (x + w * 0.55, base - h - spire)]
        pts += [(x + w * 0.8, base - h), (x + w, base - h * 0.5)]
        x += w
    pts.append((x, base))
    draw.polygon(pts, fill=fill)


def _emblem(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    """A drawn stand-in for the Garuda emblem: a circle with a winged figure."""
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(214, 150, 170), width=3)
    ink = (40, 56, 120)
    for side in (-1, 1):
        for k in range(5):
            a = math.radians(200 + 22 * k) if side < 0 else math.radians(-20 - 22 * k)
            tip = (cx + side * 0 + math.cos(a) * r * 0.78, cy - 4 + math.sin(a) * r * 0.62)
            draw.polygon([(cx, cy - 6), tip, (cx + side * r * 0.12, cy + 10)], fill=ink)
    draw.ellipse((cx - r * 0.16, cy - r * 0.32, cx + r * 0.16, cy + r * 0.42), fill=ink)
    draw.ellipse((cx - r * 0.11, cy - r * 0.58, cx + r * 0.11, cy - r * 0.34), fill=ink)
    draw.polygon(
        [(cx - r * 0.08, cy - r * 0.56), (cx, cy - r * 0.86), (cx + r * 0.08, cy - r * 0.56)],
        fill=ink,
    )
    draw.polygon(
        [(cx - r * 0.3, cy + r * 0.35), (cx, cy + r * 0.72), (cx + r * 0.3, cy + r * 0.35)],
        fill=ink,
    )


def _chip(draw: ImageDraw.ImageDraw, box: Box) -> None:
    x0, y0, x1, y1 = box
    draw.rounded_rectangle(box, radius=18, fill=(222, 184, 96), outline=(150, 110, 40), width=2)
    line = (160, 120, 50)
    mx, _my = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = x1 - x0, y1 - y0
    draw.rounded_rectangle(
        (mx - w * 0.16, y0 + h * 0.16, mx + w * 0.16, y1 - h * 0.16),
        radius=10,
        outline=line,
        width=2,
    )
    for fy in (0.36, 0.64):
        draw.line((x0 + 4, y0 + h * fy, mx - w * 0.16, y0 + h * fy), fill=line, width=2)
        draw.line((mx + w * 0.16, y0 + h * fy, x1 - 4, y0 + h * fy), fill=line, width=2)
    draw.line((mx, y0 + 4, mx, y0 + h * 0.16), fill=line, width=2)
    draw.line((mx, y1 - h * 0.16, mx, y1 - 4), fill=line, width=2)


def _barcode_strip(draw: ImageDraw.ImageDraw, box: Box, rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=(238, 244, 248))
    y = y0 + 4
    while y < y1 - 4:
        t = rng.choice((2, 2, 3, 4, 6))
        if rng.random() < 0.55:
            draw.rectangle((x0 + 4, y, x1 - 4, min(y + t - 1, y1 - 4)), fill=(14, 18, 30))
        y += t


# Pre-printed labels: (key, text, x, baseline, face file, size, colour).
_FRONT_LABELS: tuple[tuple[str, str, int, int, str, int, tuple], ...] = (
    ("header_th", "บัตรประจำตัวประชาชน", 167, 52, "Loma-Bold.ttf", 37, _NAVY),
    ("header_en", "Thai National ID Card", 592, 52, "Norasi-Bold.ttf", 31, _BLUE),
    ("id_number_th", "เลขประจำตัวประชาชน", 167, 86, "Loma-Bold.ttf", 21, _NAVY),
    ("id_number_en", "Identification Number", 167, 114, "Norasi-Bold.ttf", 20, _BLUE),
    ("title_name_surname_th", "ชื่อตัวและชื่อสกุล", 98, 175, "Loma-Bold.ttf", 23, (10, 10, 10)),
    ("title_name_en", "Name", 308, 222, "Norasi-Bold.ttf", 21, _BLUE),
    ("surname_en", "Last name", 308, 266, "Norasi-Bold.ttf", 21, _BLUE),
    ("dob_th", "เกิดวันที่", 337, 315, "Loma-Bold.ttf", 23, (10, 10, 10)),
    ("dob_en", "Date of Birth", 337, 360, "Norasi-Bold.ttf", 21, _BLUE),
    ("religion", "ศาสนา", 337, 399, "Loma-Bold.ttf", 23, (10, 10, 10)),
    ("address", "ที่อยู่", 98, 450, "Loma-Bold.ttf", 23, (10, 10, 10)),
    ("doi_th", "วันออกบัตร", 98, 556, "Loma-Bold.ttf", 20, (10, 10, 10)),
    ("doi_en", "Date of Issue", 98, 614, "Norasi-Bold.ttf", 19, _BLUE),
    ("officer", "เจ้าพนักงานออกบัตร", 300, 614, "Loma-Bold.ttf", 22, (10, 10, 10)),
    ("doe_th", "วันบัตรหมดอายุ", 560, 556, "Loma-Bold.ttf", 20, (10, 10, 10)),
    ("doe_en", "Date of Expiry", 560, 614, "Norasi-Bold.ttf", 19, _BLUE),
)
_BACK_LABELS = (
    ("country_th", "ประเทศไทย", 770, 200, "Loma-Bold.ttf", 24, (10, 10, 10)),
    ("country_en", "THAILAND", 768, 312, "Norasi-Bold.ttf", 22, _BLUE),
)


def _label_items(labels, draw: ImageDraw.ImageDraw | None) -> list[TextItem]:
    items = []
    for key, text, x, y, face, size, colour in labels:
        f = F.tlwg(face, size)
        if draw is not None:
            draw.text((x, y), text, font=f, fill=colour, anchor=ANCHOR)
        box = f.getbbox(text, anchor=ANCHOR)
        items.append(
            TextItem(
                f"label:{key}",
                text,
                (x + box[0], y + box[1], x + box[2], y + box[3]),
                "label",
                face,
                _word_boxes(f, text, x, y),
            )
        )
    return items


@functools.cache
def _front_stock(card_type: str, variant: int) -> tuple[Image.Image, tuple[TextItem, ...]]:
    rng = random.Random(f"front-{card_type}-{variant}")
    img = Image.fromarray(np.clip(_gradient(card_type, rng), 0, 255).astype(np.uint8))
    over = Image.new("RGBA", img.size, (0, 0, 0, 0))
    od = ImageDraw.Draw(over)
    tone = _PALETTE[card_type][3]
    _temple(od, 250, CARD_H * 0.72, 1.25, (*tone, 60))
    _temple(od, 520, CARD_H * 0.72, 0.9, (*tone, 45))
    for k in range(5):  # thin red security lines at the bottom corners
        od.line((40 + 9 * k, CARD_H, 160 + 9 * k, CARD_H - 60), fill=(220, 60, 80, 90), width=1)
        od.line((700 + 9 * k, CARD_H, 820 + 9 * k, CARD_H - 55), fill=(220, 60, 80, 90), width=1)
    micro = F.tlwg("Loma.ttf", 9)
    od.text((230, 492), "กระทรวงมหาดไทย " * 14, font=micro, fill=(*tone, 110))
    img = Image.alpha_composite(img.convert("RGBA"), over).convert("RGB")
    draw = ImageDraw.Draw(img)
    _emblem(draw, 66, 74, 56)
    _chip(draw, (96, 209, 250, 345))
    _barcode_strip(draw, (22, 180, 70, 590), rng)
    items = _label_items(_FRONT_LABELS, draw)
    return img, tuple(items)


@functools.cache
def _back_stock(card_type: str, variant: int) -> tuple[Image.Image, tuple[TextItem, ...]]:
    rng = random.Random(f"back-{card_type}-{variant}")
    tl, tr, _low, tone = _PALETTE[card_type]
    yy, xx = np.mgrid[0:CARD_H, 0:CARD_W].astype(np.float32)
    top = _lerp(tuple(c * 0.86 for c in tl), tr, xx / CARD_W)
    bottom = _lerp(tr, tuple(c * 0.9 for c in tl), xx / CARD_W)
    band = (yy > CARD_H * 0.53).astype(np.float32)[..., None]
    arr = top * (1 - band) + bottom * band
    ph = rng.uniform(0, 6.3)
    waves = np.cos(2 * np.pi * (yy + 7 * np.sin(xx / 23.0 + ph) + 3 * np.sin(xx / 7.0)) / 6.0)
    arr *= 1 - 0.05 * np.clip((waves - 0.7) * 4, 0, 1)[..., None]
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img, "RGBA")
    _temple(draw, 500, CARD_H * 0.53, 1.0, (*[int(c * 0.8) for c in tone], 255))
    draw.rounded_rectangle((100, 200, 246, 330), radius=14, fill=(236, 200, 130))
    draw.rectangle((765, 212, 865, 222), fill=(225, 30, 40))
    draw.rectangle((765, 222, 865, 232), fill=(250, 250, 250))
    draw.rectangle((765, 232, 865, 262), fill=(30, 40, 140))
    draw.rectangle((765, 262, 865, 272), fill=(250, 250, 250))
    draw.rectangle((765, 272, 865, 282), fill=(225, 30, 40))
    micro = F.tlwg("Loma.ttf", 10)
    for k in range(3):  # fine print in the lower band
        draw.text((60, 420 + 22 * k), "บัตรประจำตัวประชาชน กระทรวงมหาดไทย " * 5, font=micro,
                  fill=(*[int(c * 0.75) for c in tone], 120))  # fmt: skip
    items = _label_items(_BACK_LABELS, draw)
    return img, tuple(items)


# --------------------------------------------------------------------------- portrait


@functools.cache
def _astronaut() -> np.ndarray:
    from skimage import data

    return data.astronaut()


def _portrait(rng: random.Random, size: tuple[int, int], kind: str | None = None) -> Image.Image:
    """A portrait: the public-domain astronaut (varied crop, scale, tone) or a drawn avatar."""
    w, h = size
    kind = kind or ("astronaut" if rng.random() < 0.7 else "avatar")
    if kind == "astronaut":
        src = _astronaut()
        ch = rng.uniform(290, 380)
        cw = ch * w / h
        cx = 225 + rng.uniform(-15, 15)
        y0 = rng.uniform(0, 20)
        x0 = max(0, min(512 - cw, cx - cw / 2))
        crop = Image.fromarray(src).crop((int(x0), int(y0), int(x0 + cw), int(min(512, y0 + ch))))
        im = crop.resize((w, h), Image.BILINEAR)
        if rng.random() < 0.5:
            im = im.transpose(Image.FLIP_LEFT_RIGHT)
        arr = np.asarray(im).astype(np.float32)
        gray = arr.mean(axis=2, keepdims=True)
        sat = rng.uniform(0.45, 1.0)  # card photos are printed faded
        arr = gray + (arr - gray) * sat
        arr = arr * rng.uniform(0.85, 1.05) + rng.uniform(5, 30)
        return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    bg = tuple(
        int(c) for c in (rng.randint(200, 235), rng.randint(210, 240), rng.randint(220, 245))
    )
    im = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(im)
    skin = rng.choice(((224, 188, 160), (200, 160, 125), (170, 125, 95), (236, 204, 180)))
    hair = rng.choice(((20, 18, 18), (50, 35, 25), (90, 70, 50), (120, 120, 120)))
    shirt = rng.choice(
        ((240, 240, 240), (30, 40, 70), (120, 20, 30), (60, 90, 60), (200, 200, 210))
    )
    cx = w / 2 + rng.uniform(-8, 8)
    hr = w * rng.uniform(0.2, 0.25)
    cy = h * rng.uniform(0.36, 0.42)
    d.ellipse((cx - w * 0.45, h * 0.72, cx + w * 0.45, h * 1.4), fill=shirt)
    d.rectangle((cx - hr * 0.4, cy + hr * 0.8, cx + hr * 0.4, h * 0.8), fill=skin)
    d.ellipse((cx - hr * 1.08, cy - hr * 1.3, cx + hr * 1.08, cy + hr * 0.4), fill=hair)
    d.ellipse((cx - hr, cy - hr * 1.15, cx + hr, cy + hr * 1.15), fill=skin)
    d.chord((cx - hr * 1.05, cy - hr * 1.35, cx + hr * 1.05, cy + hr * 0.1), 180, 360, fill=hair)
    for ex in (-0.4, 0.4):
        d.ellipse((cx + ex * hr - 4, cy - 3, cx + ex * hr + 4, cy + 4), fill=(30, 25, 25))
    d.arc(
        (cx - hr * 0.35, cy + hr * 0.3, cx + hr * 0.35, cy + hr * 0.7),
        20,
        160,
        fill=(120, 50, 50),
        width=2,
    )
    return im.filter(ImageFilter.GaussianBlur(0.8))


def _height_scale(draw: ImageDraw.ImageDraw, box: Box) -> None:
    x0, y0, x1, y1 = box
    f = F.tlwg("Loma-Bold.ttf", 15)
    for k, mark in enumerate(("180", "170", "160", "150")):
        y = y0 + 18 + k * (y1 - y0 - 30) / 3.6
        draw.line((x0 + 2, y, x0 + 44, y), fill=(40, 40, 40, 200), width=2)
        draw.line((x1 - 44, y, x1 - 2, y), fill=(40, 40, 40, 200), width=2)
        draw.text((x0 + 3, y - 2), mark, font=f, fill=(30, 30, 30, 220), anchor="lb")
        draw.text((x1 - 3, y - 2), mark, font=f, fill=(30, 30, 30, 220), anchor="rb")


# --------------------------------------------------------------------------- signature


def scribble(rng: random.Random, x0: float, y0: float, w: float, h: float, n: int = 40) -> list:
    """A cursive-looking pen path inside the box (loops where the pen runs back), for signatures."""
    loops = rng.uniform(3, 7)
    back = rng.uniform(0.9, 1.6)  # > 1 makes loops
    f2, f3 = rng.uniform(1.5, 4), rng.uniform(5, 9)
    ph = rng.uniform(0, 6.3)
    pts = []
    steps = max(60, n * 4)
    for k in range(steps):
        t = k / (steps - 1)
        x = t * w - back * (w / (2 * math.pi * loops)) * math.sin(2 * math.pi * loops * t)
        y = 0.28 * math.sin(2 * math.pi * f2 * t + ph) + 0.2 * math.cos(2 * math.pi * f3 * t)
        y += 0.25 * math.cos(2 * math.pi * loops * t)
        pts.append((x0 + x, y0 + h * (0.5 + 0.55 * y * (1 - 0.5 * t))))
    if rng.random() < 0.7:  # the closing flourish
        xe, ye = pts[-1]
        pts += [(xe + w * 0.08, ye - h * 0.3), (x0 + w * rng.uniform(0.1, 0.4), y0 + h * 0.85)]
    return pts


# --------------------------------------------------------------------------- printer


class _Printer:
    """Draws values with one family, jittering each value's place and size.

    With a `target` image the ink goes straight onto it in `colour` (fast); without, into
    `self.mask`, so the exact ink of every value is known.
    """

    def __init__(
        self,
        family: str,
        rng: random.Random,
        jitter: bool,
        target: Image.Image | None = None,
        colour: tuple[int, int, int] = (0, 0, 0),
    ):
        self.family = family
        self.rng = rng
        self.jitter = jitter
        self.mask = None if target is not None else Image.new("L", (CARD_W, CARD_H), 0)
        self.draw = ImageDraw.Draw(target if target is not None else self.mask)
        self.fill = colour if target is not None else 255
        j = 1.0 if jitter else 0.0
        self.dx = rng.uniform(-0.018, 0.018) * CARD_W * j
        self.dy = rng.uniform(-0.014, 0.014) * CARD_H * j
        self.scale = rng.uniform(0.93, 1.07) if jitter else 1.0
        self.items: list[TextItem] = []

    def size(self, base: float) -> int:
        s = base * self.scale * (self.rng.uniform(0.96, 1.04) if self.jitter else 1.0)
        return max(8, round(s))

    def place(
        self,
        name: str,
        text: str,
        x: float,
        y: float,
        size: int,
        max_right: float | None = None,
        local: float = 1.0,
        min_left: float | None = None,
    ) -> TextItem:
        j = local if self.jitter else 0.0
        x += self.dx + self.rng.uniform(-0.01, 0.01) * CARD_W * j
        if min_left is not None:
            x = max(x, min_left)
        y += self.dy + self.rng.uniform(-0.006, 0.006) * CARD_H * j
        f = F.font(self.family, size)
        if max_right is not None:
            while size > 10 and x + f.getlength(text) > max_right:
                size -= 1
                f = F.font(self.family, size)
        self.draw.text((x, y), text, font=f, fill=self.fill, anchor=ANCHOR)
        b = f.getbbox(text, anchor=ANCHOR)
        box = (x + b[0], y + b[1], x + b[2], y + b[3])
        item = TextItem(name, text, box, "value", self.family, _word_boxes(f, text, x, y))
        self.items.append(item)
        return item

    def label_end(self, labels: tuple[TextItem, ...], key: str) -> float:
        for it in labels:
            if it.field == f"label:{key}":
                return it.box[2]
        raise KeyError(key)


def _wrap_address(spec: CardSpec, p: _Printer, size: int, x1: float, x2: float, right: float):
    """Split the printed address into 1–2 lines at a unit boundary, like the card printer."""
    toks = spec.address_tokens()
    f = F.font(p.family, size)
    # Candidate breaks: before the district, before the province, or (rarely) none at all.
    n = len(toks)
    choices = [n - 2, n - 1, n - 1, n - 1] if n >= 3 else [n - 1]
    if p.rng.random() < 0.08:
        choices = [n]
    brk = p.rng.choice(choices) if p.jitter else n - 1
    brk = max(1, min(brk, n))
    while brk > 1 and x1 + f.getlength(" ".join(toks[:brk])) > right:
        brk -= 1
    line1, line2 = " ".join(toks[:brk]), " ".join(toks[brk:])
    return line1, line2


def render_card(
    spec: CardSpec,
    side: str = "front",
    *,
    rng: random.Random | None = None,
    font: str | None = None,
    fonts: tuple[str, ...] | str | None = None,
    jitter: bool = True,
    portrait: str | None = None,
    track_ink: bool = False,
) -> CardRender:
    """Draw `side` of the card `spec` says. `font` picks the family, else one of `fonts`.

    `jitter=False` prints every value at its nominal place and size; `portrait` forces
    "astronaut" or "avatar"; `track_ink` fills `CardRender.ink` with the values' ink mask.
    """
    rng = rng or random.Random(0)
    family = font or rng.choice(F.select_fonts(fonts))
    variant = rng.randrange(4)
    if side == "back":
        return _render_back(spec, rng, family, variant, jitter)
    stock, labels = _front_stock(spec.card_type, variant)
    img = stock.copy()
    # Portrait with its height scale, then the registrar's signature (pen ink, not printer).
    px0, py0, px1, py1 = PHOTO_BOX
    pdx = round(rng.uniform(-6, 6)) if jitter else 0
    pdy = round(rng.uniform(-5, 5)) if jitter else 0
    pbox = (px0 + pdx, py0 + pdy, px1 + pdx, py1 + pdy)
    img.paste(_portrait(rng, (px1 - px0, py1 - py0), portrait), (pbox[0], pbox[1]))
    sd = ImageDraw.Draw(img, "RGBA")
    _height_scale(sd, pbox)
    pen = rng.choice(((20, 30, 110, 230), (15, 15, 40, 230), (40, 40, 40, 220)))
    sig = scribble(rng, 330 + rng.uniform(-10, 10), 510, 170, 45, n=rng.randint(18, 34))
    sd.line(sig, fill=pen, width=rng.choice((2, 2, 3)), joint="curve")

    colour = rng.choice(((12, 12, 16), (20, 20, 30), (30, 25, 25)))
    p = _Printer(family, rng, jitter, None if track_ink else img, colour)
    end = functools.partial(p.label_end, labels)

    def after(name: str, text: str, label: str, gap: float, y: float, size: float, **kw):
        x = end(label) + gap
        return p.place(name, text, x, y, p.size(size), min_left=end(label) + 9, **kw)

    p.place("id_number", spec.id_printed, 405, 114, p.size(40), max_right=975, local=0.6,
            min_left=end("id_number_en") + 12)  # fmt: skip
    after("title_name_surname_th", spec.name_line_th, "title_name_surname_th", 22, 175, 34,
          max_right=985, local=0.5)  # fmt: skip
    after("title_name_en", spec.name_line_en, "title_name_en", 18, 222, 28, max_right=985,
          local=0.5)  # fmt: skip
    after("surname_en", spec.surname_en, "surname_en", 18, 266, 28, max_right=985, local=0.5)
    after("dob_th", spec.date_th("dob"), "dob_th", 18, 315, 27, max_right=735)
    after("dob_en", spec.date_en("dob"), "dob_en", 18, 360, 26, max_right=735)
    after("religion", spec.religion, "religion", 18, 399, 25, max_right=735)

    asize = p.size(26)
    ax1 = end("address") + 14
    line1, line2 = _wrap_address(spec, p, asize, ax1 + p.dx, 98, 735 - max(0, p.dx))
    it1 = p.place("address_1", line1, ax1, 450, asize, max_right=738, local=0.4,
                  min_left=end("address") + 9)  # fmt: skip
    lines = [line1]
    if line2:
        p.place("address_2", line2, 98 + (it1.box[0] - ax1 - p.dx) * 0.5, 492, asize,
                max_right=738, local=0.4)  # fmt: skip
        lines.append(line2)

    # Issue and expiry values sit ABOVE their labels.
    p.place("doi_th", spec.date_th("doi"), 100, 528, p.size(23), max_right=290, local=0.5)
    p.place("doi_en", spec.date_en("doi"), 100, 588, p.size(21), max_right=290, local=0.5)
    p.place("doe_th", spec.date_th("doe"), 562, 528, p.size(23), max_right=745, local=0.5)
    p.place("doe_en", spec.date_en("doe"), 562, 588, p.size(21), max_right=745, local=0.5)
    p.place("officer_name", f"({spec.officer_name})", 318, 588, p.size(19), max_right=545,
            local=0.4)  # fmt: skip
    p.place("serial_number", spec.serial_number, 770, 606, p.size(19), max_right=995, local=0.3)

    if p.mask is not None:
        img.paste(colour, (0, 0), p.mask)
    img = _tone(img, rng) if jitter else img
    return CardRender(
        image=img,
        side="front",
        font=family,
        items=[*labels, *p.items],
        portrait_box=pbox,
        ink=None if p.mask is None else np.asarray(p.mask),
        address_lines=tuple(lines),
    )


def _render_back(
    spec: CardSpec, rng: random.Random, family: str, variant: int, jitter: bool
) -> CardRender:
    stock, labels = _back_stock(spec.card_type, variant)
    img = stock.copy()
    p = _Printer(family, rng, jitter)
    it = p.place("laser_number", spec.laser_number, 92, 120, p.size(34), max_right=640, local=1.5)
    # Laser engraving: soft dark ink with a faint raised highlight beside it.
    mask = p.mask.filter(ImageFilter.GaussianBlur(0.7))
    hi = mask.transform(mask.size, Image.AFFINE, (1, 0, 1, 0, 1, 1))
    img.paste((235, 245, 250), (0, 0), hi.point(lambda v: v * 45 // 100))
    img.paste((38, 42, 52), (0, 0), mask)
    img = _tone(img, rng) if jitter else img
    return CardRender(
        image=img,
        side="back",
        font=family,
        items=[*labels, it],
        ink=np.asarray(p.mask),
        extra={},
    )


def _tone(img: Image.Image, rng: random.Random) -> Image.Image:
    """Per-card colour cast and brightness, like differences between card batches."""
    gains = [rng.uniform(0.95, 1.04) for _ in range(3)]
    lut = []
    for g in gains:
        lut += [min(255, int(v * g)) for v in range(256)]
    return img.point(lut)
