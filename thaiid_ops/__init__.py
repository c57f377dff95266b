"""thaiid_ops: offline Thai national ID card OCR for data engineers."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "extract"]


def extract(image: Any, **options: Any) -> dict:
    """Read a card image or PDF into seed 000's AIGEN v3 response (Contract 1).

    `image` is bytes, a base64 str, a path str or a `pathlib.Path`. Options are seed 000's
    request options, given as keywords or as `option={...}`.
    """
    from thaiid_ops.engine import extract as _extract

    return _extract(image, **options)


def _register_polars_namespace() -> None:
    import thaiid_ops.polars  # noqa: F401  (registers df.thaiid / lf.thaiid / expr.thaiid)


_register_polars_namespace()
