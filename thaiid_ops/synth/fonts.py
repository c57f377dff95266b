"""Thai font discovery for the card factory.

Fonts come from packages only: Debian `fonts-thai-tlwg` and the PyPI `fontpkg-*` wheels.
Each family is checked by rendering: a family whose shaping stacks or shifts Thai marks
wrongly (mai ek over sara i, tone marks over the ascender of ป/ฝ/ฟ) is left out, so the
recogniser never learns from broken text. `HELDOUT_FONTS` are kept for the benchmark and
never offered to training.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

TLWG_DIR = Path("/usr/share/fonts/truetype/tlwg")


@dataclass(frozen=True)
class FontFamily:
    """One usable face: regular (labels, small print) and bold (values)."""

    name: str
    regular: Path
    bold: Path


# family name -> (source, regular file, bold file); source is "tlwg" or a fontpkg module.
_CANDIDATES: dict[str, tuple[str, str, str]] = {
    "Garuda": ("tlwg", "Garuda.ttf", "Garuda-Bold.ttf"),
    "Kinnari": ("tlwg", "Kinnari.ttf", "Kinnari-Bold.ttf"),
    "Laksaman": ("tlwg", "Laksaman.ttf", "Laksaman-Bold.ttf"),
    "Loma": ("tlwg", "Loma.ttf", "Loma-Bold.ttf"),
    "Norasi": ("tlwg", "Norasi.ttf", "Norasi-Bold.ttf"),
    "Sawasdee": ("tlwg", "Sawasdee.ttf", "Sawasdee-Bold.ttf"),
    "TlwgTypo": ("tlwg", "TlwgTypo.ttf", "TlwgTypo-Bold.ttf"),
    "TlwgTypist": ("tlwg", "TlwgTypist.ttf", "TlwgTypist-Bold.ttf"),
    "TlwgMono": ("tlwg", "TlwgMono.ttf", "TlwgMono-Bold.ttf"),
    "Umpush": ("tlwg", "Umpush.ttf", "Umpush-Bold.ttf"),
    "Waree": ("tlwg", "Waree.ttf", "Waree-Bold.ttf"),
    "Purisa": ("tlwg", "Purisa.ttf", "Purisa-Bold.ttf"),
    "Sarabun": ("fontpkg_sarabun", "Sarabun-Regular.ttf", "Sarabun-Bold.ttf"),
    "Kanit": ("fontpkg_kanit", "Kanit-Regular.ttf", "Kanit-Medium.ttf"),
    "Prompt": ("fontpkg_prompt", "Prompt-Regular.ttf", "Prompt-Medium.ttf"),
    "NotoSansThai": ("fontpkg_noto_sans_thai", "NotoSansThai[wdth,wght].ttf", ""),
}

# Held out for the benchmark; training never sees them.
_HELDOUT = ("Sarabun", "Umpush", "Kinnari")
# Purisa is handwriting: used for pen annotations, not as a printer face.
_NOT_PRINTER = ("Purisa",)

# Pairs that a correct Thai shaper must keep apart: (base + first mark, full cluster).
_STACK_PROBES = (("กิ", "กิ่"), ("ปิ", "ปิ้"), ("ป", "ป่"), ("ฟ", "ฟ้"), ("ที", "ที่"))


def _path_for(source: str, filename: str) -> Path | None:
    if not filename:
        return None
    if source == "tlwg":
        p = TLWG_DIR / filename
    else:
        try:
            mod = importlib.import_module(source)
        except ImportError:
            return None
        p = Path(mod.ROOT) / "files" / filename
    return p if p.is_file() else None


def _ink(font: ImageFont.FreeTypeFont, text: str) -> np.ndarray:
    im = Image.new("L", (160, 160), 0)
    ImageDraw.Draw(im).text((40, 40), text, font=font, fill=255)
    return np.asarray(im) > 96


def _width(mask: np.ndarray) -> int:
    cols = np.flatnonzero(mask.any(axis=0))
    return int(cols[-1] - cols[0] + 1) if cols.size else 0


def marks_ok(path: Path, variation: str | None = None) -> bool:
    """True when the face places Thai upper marks without collisions (checked by rendering)."""
    try:
        font = ImageFont.truetype(str(path), 64, layout_engine=ImageFont.Layout.RAQM)
        if variation:
            font.set_variation_by_name(variation)
    except OSError:
        return False
    tofu = _ink(font, "\uffff")
    if np.array_equal(_ink(font, "ก"), tofu):
        return False
    for base, cluster in _STACK_PROBES:
        a, b = _ink(font, base), _ink(font, cluster)
        # Marks have no advance: the cluster must be about as wide as its base.
        if _width(b) > 1.35 * _width(_ink(font, cluster[0])):
            return False
        # A colliding mark hides much of its own ink behind the base or the lower vowel.
        alone = _ink(font, "ก" + cluster[-1]) & ~_ink(font, "ก")
        if alone.sum() == 0 or (b & ~a).sum() < 0.55 * alone.sum():
            return False
    return True


@functools.cache
def available_families() -> dict[str, FontFamily]:
    """Every installed family that passes the Thai mark check, by name."""
    out: dict[str, FontFamily] = {}
    for name, (source, reg, bold) in _CANDIDATES.items():
        r = _path_for(source, reg)
        if r is None:
            continue
        b = _path_for(source, bold) or r
        if marks_ok(r) and marks_ok(b):
            out[name] = FontFamily(name, r, b)
    return out


@functools.cache
def rejected_families() -> tuple[str, ...]:
    """Installed families left out by the mark check."""
    have = available_families()
    return tuple(
        n
        for n, (src, reg, _) in _CANDIDATES.items()
        if n not in have and _path_for(src, reg) is not None
    )


def _split() -> tuple[tuple[str, ...], tuple[str, ...]]:
    have = available_families()
    printers = [n for n in have if n not in _NOT_PRINTER]
    held = tuple(n for n in printers if n in _HELDOUT)
    train = tuple(n for n in printers if n not in _HELDOUT)
    return train, held


TRAIN_FONTS, HELDOUT_FONTS = _split()
ALL_FONTS: tuple[str, ...] = TRAIN_FONTS + HELDOUT_FONTS


def select_fonts(fonts: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """Resolve a `fonts=` selector: None/"all", "train", "heldout", or family names."""
    if fonts is None or fonts == "all":
        return ALL_FONTS
    if fonts == "train":
        return TRAIN_FONTS
    if fonts == "heldout":
        return HELDOUT_FONTS
    names = (fonts,) if isinstance(fonts, str) else tuple(fonts)
    have = available_families()
    unknown = [n for n in names if n not in have]
    if unknown:
        raise ValueError(f"unknown or rejected font families: {unknown}")
    return names


@functools.lru_cache(maxsize=512)
def font(family: str, size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    """A cached FreeType font of `family` at `size` px (RAQM layout for Thai shaping)."""
    fam = available_families()[family]
    path = fam.bold if bold else fam.regular
    f = ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)
    if family == "NotoSansThai":
        f.set_variation_by_axes([100, 700 if bold else 400])
    return f


@functools.lru_cache(maxsize=128)
def tlwg(filename: str, size: int) -> ImageFont.FreeTypeFont:
    """A tlwg face by file name, for the card's fixed pre-printed labels."""
    return ImageFont.truetype(str(TLWG_DIR / filename), size, layout_engine=ImageFont.Layout.RAQM)
