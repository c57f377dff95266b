"""Synthetic Thai ID card factory: realistic cards with exact AIGEN v3 ground truth.

Real cards are personal data and never enter the repo; tests, demos, benchmarks and
recogniser training all use these. Deterministic by seed.

    from thaiid_ops.synth import generate
    samples = generate(10, seed=7, conditions=["clean", "photocopy_signed"], out="lake/")
"""

from __future__ import annotations

from .conditions import CONDITIONS
from .factory import (
    Sample,
    bad_samples,
    generate,
    iter_samples,
    line_crops,
    make_card,
    samples_at,
)
from .fonts import ALL_FONTS, HELDOUT_FONTS, TRAIN_FONTS, select_fonts
from .render import CardRender, render_card
from .spec import CardSpec, random_spec

__all__ = [
    "ALL_FONTS",
    "CONDITIONS",
    "HELDOUT_FONTS",
    "TRAIN_FONTS",
    "CardRender",
    "CardSpec",
    "Sample",
    "bad_samples",
    "generate",
    "iter_samples",
    "line_crops",
    "make_card",
    "random_spec",
    "render_card",
    "samples_at",
    "select_fonts",
]
