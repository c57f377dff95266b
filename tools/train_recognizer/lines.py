"""Fast synthetic text lines for the recogniser: open vocabulary on the card's own stock.

`data.py` crops lines from whole rendered and captured cards, which is faithful but slow
(~1 s a card) and gives one name and one address per card, so a model trained on it alone
memorises a few hundred names. This module draws a single line of text straight onto a
patch of the card's background, in the card's value faces and sizes, then imitates the
capture (down/up resampling as in rectification, blur, JPEG, noise, low light, photocopy
toner, a slight tilt) and crops it with `data.py`'s detector-like box and padding.
Texts: card names and addresses from `random_spec`, and open-vocabulary lines made of
words from pythainlp's dictionary, so every Thai letter, vowel and mark is seen in many
contexts. Shards have the same rows as `data.py`'s and mix freely with them.

    python -m tools.train_recognizer.lines --out build/rec_data/lines --n 200000 --seed 5
"""

from __future__ import annotations

import argparse
import functools
import random
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from thaiid_ops.engine.recognizer import INPUT_H, normalize_label, prepare
from thaiid_ops.synth import fonts as F
from thaiid_ops.synth.render import ANCHOR, CARD_H, CARD_W, _front_stock
from thaiid_ops.synth.spec import random_spec
from thaiid_ops.thai import dates as th_dates

from .data import _crop, _det_box, write_shards

# (field, weight, nominal size in card pixels) — sizes as render_card prints them.
FIELDS = (
    ("title_name_surname_th", 28, 34),
    ("address", 26, 26),
    ("words", 22, 28),
    ("date_th", 10, 25),
    ("religion", 3, 25),
    ("officer_name", 5, 19),
    ("latin", 6, 26),
)
CONDITIONS = ("clean", "blur_jpeg", "low_light", "photocopy", "pdf", "scene")
COND_WEIGHTS = (2, 3, 2, 3, 1, 3)
COLOURS = ((12, 12, 16), (20, 20, 30), (30, 25, 25), (45, 45, 50))


@functools.cache
def _words() -> tuple[str, ...]:
    from pythainlp.corpus import thai_words

    return tuple(sorted(w for w in thai_words() if " " not in w and len(w) <= 14))


def _thai_words(rng: random.Random, k: int) -> str:
    words = _words()
    return " ".join(words[rng.randrange(len(words))] for _ in range(k))


def _text(rng: random.Random, field: str) -> str:
    spec = random_spec(rng)
    if field == "title_name_surname_th":
        if rng.random() < 0.65:
            return spec.name_line_th
        return f"{spec.title_th} {_thai_words(rng, 1)} {_thai_words(rng, 1)}"
    if field == "address":
        toks = spec.address_tokens()
        if rng.random() < 0.25:
            toks = [rng.choice(toks[:2]) if len(toks) > 1 else toks[0], _thai_words(rng, 2)]
        a = rng.randrange(len(toks))
        b = rng.randrange(a + 1, len(toks) + 1)
        return " ".join(toks[a:b]) if rng.random() < 0.6 else " ".join(toks)
    if field == "words":
        return _thai_words(rng, rng.randint(1, 4))
    if field == "date_th":
        d = rng.choice((spec.dob, spec.doi, spec.doe))
        return th_dates.format_thai_date(d)
    if field == "religion":
        return spec.religion
    if field == "officer_name":
        return f"({spec.officer_name})"
    # Latin: English name lines, English dates, digits.
    return rng.choice(
        (
            spec.name_line_en,
            spec.surname_en,
            spec.date_en("dob"),
            spec.id_printed,
            spec.serial_number,
        )
    )


@functools.cache
def _stock(card_type: str, variant: int) -> Image.Image:
    """The front stock with its printed labels painted out (labels are not in the label)."""
    stock, labels = _front_stock(card_type, variant)
    arr = np.asarray(stock)[:, :, ::-1].copy()
    mask = np.zeros(arr.shape[:2], np.uint8)
    for it in labels:
        x0, y0, x1, y1 = (int(v) for v in it.box)
        mask[max(0, y0 - 4) : y1 + 5, max(0, x0 - 4) : x1 + 5] = 255
    arr = cv2.inpaint(arr, mask, 5, cv2.INPAINT_TELEA)
    return Image.fromarray(arr[:, :, ::-1])


def _background(rng: random.Random, w: int, h: int) -> Image.Image:
    stock = _stock(rng.choice(("normal", "normal", "normal", "pink")), rng.randrange(4))
    left = 260  # right of the chip and the barcode strip
    if w > CARD_W - left - 10:
        stock = stock.crop((left, 0, CARD_W, CARD_H)).resize((w + 20, CARD_H))
        left = 0
    x = rng.randint(left, stock.width - w)
    y = rng.randint(100, CARD_H - h - 5)
    return stock.crop((x, y, x + w, y + h))


def _capture(img: np.ndarray, rng: random.Random, cond: str) -> np.ndarray:
    """Imitate a capture + rectification on a card-scale line image (uint8 BGR)."""
    h, w = img.shape[:2]
    nrng = np.random.default_rng(rng.randrange(2**32))
    scale = {
        "clean": (0.8, 1.15),
        "blur_jpeg": (0.5, 0.95),
        "low_light": (0.55, 1.0),
        "photocopy": (0.5, 0.75),
        "pdf": (0.6, 0.95),
        "scene": (0.4, 0.85),
    }[cond]
    s = rng.uniform(*scale)
    small = cv2.resize(img, (max(8, int(w * s)), max(8, int(h * s))), interpolation=cv2.INTER_AREA)
    x = small.astype(np.float32)
    if cond == "photocopy":
        g = x.mean(axis=2, keepdims=True)
        lo, hi = rng.uniform(60, 110), rng.uniform(170, 215)
        g = np.clip((g - lo) / (hi - lo), 0, 1) * rng.uniform(220, 250) + rng.uniform(0, 10)
        g += nrng.normal(0, rng.uniform(3, 12), g.shape)
        x = np.repeat(g, 3, axis=2)
    elif cond == "low_light":
        x = x * rng.uniform(0.3, 0.65) + rng.uniform(0, 15)
        x = 255.0 * (np.clip(x, 0, 255) / 255.0) ** rng.uniform(0.8, 1.3)
        x += nrng.normal(0, rng.uniform(3, 10), x.shape)
        if rng.random() < 0.3:  # glare
            ramp = np.linspace(0, 1, x.shape[1])[None, :, None]
            x = x + rng.uniform(20, 90) * ramp ** rng.uniform(1, 3)
    else:
        x = x * rng.uniform(0.85, 1.1) + rng.uniform(-15, 15)
        x += nrng.normal(0, rng.uniform(0.5, 5), x.shape)
    x = np.clip(x, 0, 255).astype(np.uint8)
    if cond in ("blur_jpeg", "scene") or rng.random() < 0.25:
        x = cv2.GaussianBlur(x, (0, 0), rng.uniform(0.3, 1.2 if cond == "blur_jpeg" else 0.8))
    q = {"blur_jpeg": (35, 70), "scene": (60, 92), "low_light": (55, 90)}.get(cond, (75, 97))
    if cond != "photocopy" or rng.random() < 0.5:
        _ok, buf = cv2.imencode(".jpg", x, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(*q)])
        x = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    # Back to the rectified card scale, as the engine's warp does.
    interp = rng.choice((cv2.INTER_LINEAR, cv2.INTER_CUBIC, cv2.INTER_AREA))
    return cv2.resize(x, (w, h), interpolation=interp)


def synth_line(rng: random.Random, families: tuple[str, ...]):
    """One training row: (prepared uint8, label, field, font, condition)."""
    field = rng.choices([f[0] for f in FIELDS], weights=[f[1] for f in FIELDS])[0]
    nominal = {f[0]: f[2] for f in FIELDS}[field]
    text = _text(rng, field)
    family = rng.choice(families)
    size = max(12, round(nominal * rng.uniform(0.88, 1.1)))
    font = F.font(family, size)
    box = font.getbbox(text, anchor=ANCHOR)
    tw, th = box[2] - box[0], box[3] - box[1]
    margin = int(size * 1.2)
    w, h = int(tw + 2 * margin), int(th + 2 * margin)
    img = _background(rng, w, h)
    x0, y0 = margin - box[0], margin - box[1]
    ImageDraw.Draw(img).text((x0, y0), text, font=font, fill=rng.choice(COLOURS), anchor=ANCHOR)
    ink = (x0 + box[0], y0 + box[1], x0 + box[2], y0 + box[3])
    cond = rng.choices(CONDITIONS, weights=COND_WEIGHTS)[0]
    arr = np.asarray(img)[:, :, ::-1].copy()
    tilt = rng.gauss(0, 0.35) if cond in ("scene", "photocopy", "low_light") else 0.0
    if tilt:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), tilt, 1.0)
        arr = cv2.warpAffine(arr, m, (w, h), borderMode=cv2.BORDER_REPLICATE)
    arr = _capture(arr, rng, cond)
    crop = _crop(arr, _det_box(ink, rng))
    label = normalize_label(text)
    x = prepare(crop, INPUT_H)
    return ((x + 1.0) * 127.5).astype(np.uint8), label, field, family, cond


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--fonts", default="train")
    ap.add_argument("--shard", type=int, default=5000, help="lines per shard")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    families = F.select_fonts(args.fonts)
    write_shards(
        out,
        range(args.n),
        args.shard,
        lambda i: [synth_line(random.Random(f"lines:{args.seed}:{i}"), families)],
        width=7,
    )


if __name__ == "__main__":
    main()
