"""Per-page pipeline (placeholder until the reading stack lands)."""

from __future__ import annotations

from thaiid_ops.engine.decode import PageImage
from thaiid_ops.options import Options
from thaiid_ops.schema import empty_page


def read_page(page: PageImage, opts: Options) -> dict:
    return empty_page()
