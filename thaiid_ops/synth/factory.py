"""`generate()` (files + sidecars), `line_crops()` (recogniser training) and bad files."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageFilter

from . import conditions as C
from . import fonts as F
from .render import CardRender, render_card
from .spec import CardSpec, random_spec
from .truth import page_meta, page_truth

SIDES = ("front", "back", "both")


@dataclass
class Sample:
    """One generated file: encoded bytes, extension, AIGEN-shaped truth, and a file stem."""

    name: str
    ext: str
    image: bytes
    truth: dict[str, Any]

    def __repr__(self) -> str:
        return f"Sample({self.name}.{self.ext}, {len(self.image)} bytes)"

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.ext}"

    def write(self, out: str | Path) -> Path:
        """Write `<name>.<ext>` and its sidecar `<name>.json` under `out`."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        path = out / self.filename
        path.write_bytes(self.image)
        (out / f"{self.name}.json").write_text(
            json.dumps(self.truth, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        return path


def _conditions(conditions: Sequence[str] | str | None) -> tuple[str, ...] | None:
    if conditions is None:
        return None
    names = (
        tuple(c.strip() for c in conditions.split(","))
        if isinstance(conditions, str)
        else tuple(conditions)
    )
    unknown = [c for c in names if c not in C.CAPTURES]
    if unknown or not names:
        raise ValueError(f"unknown conditions {unknown}; choose from {C.CONDITIONS}")
    return names


def _pick_condition(rng: random.Random, chosen: tuple[str, ...] | None, index: int) -> str:
    if chosen is None:
        names, weights = zip(*C.MIX.items(), strict=True)
        return rng.choices(names, weights=weights)[0]
    return chosen[index % len(chosen)]


def make_card(
    spec: CardSpec,
    *,
    condition: str = "clean",
    side: str = "front",
    seed: int | str = 0,
    font: str | None = None,
    fonts: Sequence[str] | str | None = None,
    name: str | None = None,
) -> Sample:
    """Render chosen values (e.g. a deliberately defective ID) under one capture condition."""
    rng = random.Random(f"card:{seed}")
    family = font or rng.choice(F.select_fonts(fonts))
    sides = ["front", "back"] if side == "both" else [side]
    return _build(spec, condition, sides, family, seed, 0, name or f"card_{seed}_{condition}")


def _build(
    spec: CardSpec,
    condition: str,
    sides: list[str],
    family: str,
    seed: int | str,
    index: int,
    stem: str,
) -> Sample:
    renders: list[CardRender] = []
    caps: list[C.Capture] = []
    for s in sides:
        rrng = random.Random(f"{seed}:{index}:{s}:render")
        renders.append(render_card(spec, s, rng=rrng, font=family))
        crng = random.Random(f"{seed}:{index}:{s}:capture")
        caps.append(C.CAPTURES[condition](crng, renders[-1].image))
    pages = [page_truth(spec, r, c) for r, c in zip(renders, caps, strict=True)]
    metas = [page_meta(r, c) for r, c in zip(renders, caps, strict=True)]
    if condition == "pdf":
        data, ext = C.encode_pdf([c.image for c in caps]), "pdf"
    else:
        data, ext = C.encode(caps[0].image, caps[0].fmt, caps[0].quality), caps[0].fmt
    meta: dict[str, Any] = {
        "generator": "thaiid_ops.synth",
        "seed": seed,
        "index": index,
        "condition": condition,
        "format": ext,
        "card_kind": spec.kind,
        "gender": spec.gender,
        **metas[0],
        "pages": metas,
    }
    if ext == "pdf":
        meta["pdf_dpi"] = C.PDF_DPI
    truth = {"status": "success", "error": [], "data": pages, "meta": meta}
    return Sample(stem, ext, data, truth)


def iter_samples(
    n: int,
    seed: int = 0,
    *,
    conditions: Sequence[str] | str | None = None,
    side: str = "both",
    fonts: Sequence[str] | str | None = None,
) -> Iterator[Sample]:
    """Lazily yield the samples of `generate` (same order, same bytes)."""
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}")
    for i in range(n):
        yield from samples_at(i, seed, conditions=conditions, side=side, fonts=fonts)


def samples_at(
    index: int,
    seed: int = 0,
    *,
    conditions: Sequence[str] | str | None = None,
    side: str = "both",
    fonts: Sequence[str] | str | None = None,
) -> list[Sample]:
    """The samples of card `index` of `generate(n, seed, ...)` (same bytes), without
    rendering the cards before it: a front and a back file, or one PDF."""
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}")
    rng = random.Random(f"{seed}:{index}")
    spec = random_spec(rng)
    family = rng.choice(F.select_fonts(fonts))
    cond = _pick_condition(rng, _conditions(conditions), index)
    stem = f"synth_{seed}_{index:05d}"
    sides = ["front", "back"] if side == "both" else [side]
    if cond == "pdf":
        return [_build(spec, cond, sides, family, seed, index, f"{stem}_{cond}")]
    return [_build(spec, cond, [s], family, seed, index, f"{stem}_{s}_{cond}") for s in sides]


def generate(
    n: int,
    seed: int = 0,
    *,
    conditions: Sequence[str] | str | None = None,
    side: str = "both",
    fonts: Sequence[str] | str | None = None,
    out: str | Path | None = None,
) -> list[Sample]:
    """Render `n` cards, deterministic by `seed`.

    `side="both"` gives a front and a back file per card (a PDF holds both as two pages).
    `conditions` restricts the capture conditions (cycled in order); None mixes them all.
    `fonts` is "all", "train", "heldout" or family names. With `out`, each file is written
    beside its `<name>.json` sidecar.
    """
    samples = []
    for s in iter_samples(n, seed, conditions=conditions, side=side, fonts=fonts):
        if out is not None:
            s.write(out)
        samples.append(s)
    return samples


# --------------------------------------------------------------------------- line crops


def line_crops(
    n_cards: int,
    seed: int = 0,
    *,
    fonts: Sequence[str] | str | None = "train",
    labels: bool = False,
    degrade: bool = True,
    back_every: int = 4,
) -> Iterator[tuple[Image.Image, str, str, str]]:
    """Yield `(crop, text, field, font)` line crops from clean cards, for recogniser training.

    Crops get a random margin; with `degrade`, mild blur, noise and contrast changes.
    `labels=True` adds the pre-printed labels too. Fonts default to the training list.
    """
    families = F.select_fonts(fonts)
    for i in range(n_cards):
        rng = random.Random(f"crops:{seed}:{i}")
        spec = random_spec(rng)
        family = rng.choice(families)
        sides = ["front", "back"] if back_every and i % back_every == 0 else ["front"]
        for s in sides:
            r = render_card(spec, s, rng=rng, font=family)
            for it in r.items:
                if it.kind == "label" and not labels:
                    continue
                crop = _crop(r.image, it.box, rng)
                if degrade:
                    crop = _degrade(crop, rng)
                yield crop, it.text, it.field, it.font


def _crop(img: Image.Image, box, rng: random.Random) -> Image.Image:
    x0, y0, x1, y1 = box
    h = y1 - y0
    m = lambda: rng.uniform(0.05, 0.3) * h  # noqa: E731
    return img.crop((int(x0 - m()), int(y0 - m()), int(x1 + m()) + 1, int(y1 + m()) + 1))


def _degrade(crop: Image.Image, rng: random.Random) -> Image.Image:
    if rng.random() < 0.4:
        crop = crop.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.1)))
    if rng.random() < 0.5:
        arr = np.asarray(crop).astype(np.float32)
        arr = arr * rng.uniform(0.7, 1.1) + rng.uniform(-20, 25)
        arr += np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(2, 9), arr.shape)
        crop = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if rng.random() < 0.3:
        crop = crop.convert("L").convert("RGB")
    return crop


# --------------------------------------------------------------------------- bad files


def bad_samples(n: int, seed: int = 0) -> list[Sample]:
    """N broken inputs for a demo lake: truncated JPEG, random bytes, no-card photo, empty file."""
    kinds = ("truncated_jpeg", "random_bytes", "no_card_photo", "empty")
    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        rng = random.Random(f"bad:{seed}:{i}")
        if kind == "truncated_jpeg":
            spec = random_spec(rng)
            good = _build(
                spec, "perspective", ["front"], rng.choice(F.ALL_FONTS), seed, -i - 1, "x"
            )
            data, ext = good.image[: len(good.image) // rng.randint(2, 5)], "jpg"
        elif kind == "random_bytes":
            data, ext = rng.randbytes(rng.randint(2000, 60000)), "jpg"
        elif kind == "no_card_photo":
            w, h = rng.randint(1200, 1600), rng.randint(700, 900)
            data, ext = C.encode(_landscape(rng, w, h), "jpg", 85), "jpg"
        else:
            data, ext = b"", "png"
        truth = {"status": "error", "error": [], "data": [], "meta": {"bad": kind, "seed": seed}}
        out.append(Sample(f"bad_{seed}_{i:03d}_{kind}", ext, data, truth))
    return out


def _landscape(rng: random.Random, w: int, h: int) -> Image.Image:
    """Sky, hills and a lake: a photo with no card in it."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    sky = np.array([rng.randint(90, 150), rng.randint(150, 200), rng.randint(220, 250)], np.float32)
    img = np.empty((h, w, 3), np.float32)
    img[:] = sky + (yy / h * 60)[..., None]
    ph = rng.uniform(0, 6.3)
    ridge = h * 0.45 + 50 * np.sin(xx[0] / 140 + ph) + 25 * np.sin(xx[0] / 47)
    hill = yy > ridge[None, :]
    img[hill] = np.array(
        [rng.randint(40, 90), rng.randint(100, 150), rng.randint(40, 80)], np.float32
    )
    lake = yy > h * 0.72
    img[lake] = np.array([50, 90, 140], np.float32) + 10 * np.sin(yy[lake] / 3)[..., None]
    img += np.random.default_rng(rng.randrange(2**32)).normal(0, 6, img.shape)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
