"""Polars namespaces: ``pl.col("image").thaiid.…``, ``df.thaiid.extract``, ``lf.thaiid.extract``.

Only adapts `thaiid_ops.rows` (the logic) to Polars, polars-xdt style: plain functions
first, then namespaces that forward to them.

Pages: one input row can give several output rows (a multi-page PDF). So

- ``expr.thaiid.extract_pages()`` returns ``List[Struct]``: every page of every input, in
  order, with at least one element per input row (never an empty list, never null);
- ``expr.thaiid.extract()`` returns the flat ``Struct`` of the first page only: one output
  per input, for use inside ``select``/``with_columns``; use it when every input is a
  single image;
- ``df.thaiid.extract("image")`` / ``lf.thaiid.extract("image")`` explode the pages and
  unnest the struct, giving one row per page with a ``page`` column. The other input
  columns are kept (repeated per page); the image column itself is dropped.

The input column is Binary (image or PDF bytes) or String (local paths, ``file://`` or any
fsspec URI such as ``s3://`` when s3fs is installed). A null, a missing file or garbage
bytes give an error row (`status` ``"error"``, seed 000 codes), never a lost row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from thaiid_ops import schema

__all__ = ["extract", "extract_frame", "extract_pages"]

_ROWS = "__thaiid_rows"


def _spec(**kwargs: Any):
    from thaiid_ops.rows import RowSpec

    return RowSpec.make(**kwargs)


def _options(options: Mapping[str, Any] | None, face: bool) -> dict[str, Any]:
    opts = dict(options or {})
    if face:
        opts.setdefault("return_face", True)
    return opts


def _batch_udf(
    backend: Any,
    options: dict[str, Any],
    spec: Any,
    workers: int | None,
    pages: bool,
):
    from thaiid_ops import rows
    from thaiid_ops import workers as pools

    extractor, name = rows.resolve_extractor(backend)
    n = workers or pools.default_workers()
    # The local engine is CPU-bound (pool kind measured); remote backends wait on I/O.
    kind = pools.DEFAULT_KIND if name == "local" else "thread"
    struct = spec.struct()
    dtype: pl.DataType = pl.List(struct) if pages else struct

    def udf(s: pl.Series) -> pl.Series:
        if s.dtype not in (pl.Binary, pl.String, pl.Null):
            raise TypeError(f"thaiid.extract needs a Binary or String column, not {s.dtype}")
        pool = (n, kind) if n > 1 and len(s) > 1 else None
        out = []
        for page_rows in rows.read_many(iter(s), extractor, options, spec, pool=pool):
            out.append(page_rows if pages else page_rows[0])
        return pl.Series(s.name, out, dtype=dtype)

    return udf, dtype


def _as_expr(image: str | pl.Expr) -> pl.Expr:
    return pl.col(image) if isinstance(image, str) else image


def extract_pages(
    image: str | pl.Expr,
    *,
    backend: Any = None,
    options: Mapping[str, Any] | None = None,
    pii: str = "keep",
    hmac_key: bytes | str | None = None,
    drop: Iterable[str] = (),
    include_sensitive: bool = False,
    bboxes: bool = False,
    face: bool = False,
    processed_image: bool = False,
    workers: int | None = None,
) -> pl.Expr:
    """Every page of every input as ``List[Struct]`` (≥ 1 element per input row).

    `backend`: None or ``"local"`` (embedded engine), a client kind, or a Backend object.
    `options`: seed 000's request options. `pii`, `hmac_key`, `drop`, `include_sensitive`:
    see `thaiid_ops.rows.RowSpec`. `workers`: parallel reads per batch (default: all cores).
    """
    spec = _spec(
        pii=pii,
        hmac_key=hmac_key,
        drop=drop,
        include_sensitive=include_sensitive,
        bboxes=bboxes,
        face=face,
        processed_image=processed_image,
    )
    udf, dtype = _batch_udf(backend, _options(options, face), spec, workers, pages=True)
    return _as_expr(image).map_batches(udf, return_dtype=dtype, is_elementwise=True)


def extract(
    image: str | pl.Expr,
    *,
    backend: Any = None,
    options: Mapping[str, Any] | None = None,
    pii: str = "keep",
    hmac_key: bytes | str | None = None,
    drop: Iterable[str] = (),
    include_sensitive: bool = False,
    bboxes: bool = False,
    face: bool = False,
    processed_image: bool = False,
    workers: int | None = None,
) -> pl.Expr:
    """The flat ``Struct`` of each input's first page (arguments as in `extract_pages`)."""
    spec = _spec(
        pii=pii,
        hmac_key=hmac_key,
        drop=drop,
        include_sensitive=include_sensitive,
        bboxes=bboxes,
        face=face,
        processed_image=processed_image,
    )
    udf, dtype = _batch_udf(backend, _options(options, face), spec, workers, pages=False)
    return _as_expr(image).map_batches(udf, return_dtype=dtype, is_elementwise=True)


def extract_frame(
    frame: pl.DataFrame | pl.LazyFrame,
    image: str = "image",
    *,
    keep_input: bool = True,
    **kwargs: Any,
) -> Any:
    """One row per page with the flat columns (arguments as in `extract_pages`).

    With `keep_input` the frame's other columns are kept, repeated for each page; a name
    shared with a flat column is an error (rename it first).
    """
    names = frame.collect_schema().names() if isinstance(frame, pl.LazyFrame) else frame.columns
    if image not in names:
        raise pl.exceptions.ColumnNotFoundError(f"no column {image!r}")
    spec = _spec(**{k: v for k, v in kwargs.items() if k not in ("backend", "options", "workers")})
    others = [c for c in names if c != image] if keep_input else []
    clash = sorted(set(others) & set(spec.columns()))
    if clash:
        raise ValueError(f"input columns clash with thaiid output columns: {clash}")
    return (
        frame.select(*others, extract_pages(image, **kwargs).alias(_ROWS))
        .explode(_ROWS)
        .unnest(_ROWS)
    )


@pl.api.register_expr_namespace("thaiid")
class ThaiIDExpr:
    """``pl.col(...).thaiid``: card reading over a Binary or String column."""

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def extract(self, **kwargs: Any) -> pl.Expr:
        """First page as the flat Struct; see `thaiid_ops.polars.extract`."""
        return extract(self._expr, **kwargs)

    def extract_pages(self, **kwargs: Any) -> pl.Expr:
        """Every page as ``List[Struct]``; see `thaiid_ops.polars.extract_pages`."""
        return extract_pages(self._expr, **kwargs)


@pl.api.register_dataframe_namespace("thaiid")
class ThaiIDFrame:
    """``df.thaiid``: one row per page with the flat columns."""

    def __init__(self, df: pl.DataFrame) -> None:
        self._df = df

    def extract(self, image: str = "image", **kwargs: Any) -> pl.DataFrame:
        """See `thaiid_ops.polars.extract_frame`."""
        return extract_frame(self._df, image, **kwargs)


@pl.api.register_lazyframe_namespace("thaiid")
class ThaiIDLazyFrame:
    """``lf.thaiid``: the lazy twin of ``df.thaiid``."""

    def __init__(self, lf: pl.LazyFrame) -> None:
        self._lf = lf

    def extract(self, image: str = "image", **kwargs: Any) -> pl.LazyFrame:
        """See `thaiid_ops.polars.extract_frame`."""
        return extract_frame(self._lf, image, **kwargs)


def empty_frame(**kwargs: bool) -> pl.DataFrame:
    """An empty frame with the flat schema (Contract 2)."""
    return schema.frame([], **kwargs)
