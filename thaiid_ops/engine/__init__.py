"""The embedded offline engine: decode → find card → orient → lines → read → fields.

`extract(image, **options)` is Contract 1 of ARCHITECTURE.md. It never raises for bad
input: every failure is a coded error inside seed 000's envelope, and one bad page never
loses the others. It is thread-safe (OCR engines are held per thread).
"""

from __future__ import annotations

import logging
from typing import Any

from thaiid_ops.engine.decode import PageImage, decode_pages, read_input
from thaiid_ops.errors import (
    Base64Incompatible,
    InternalError,
    InvalidOption,
    PayloadTooLarge,
    ThaiIDError,
)
from thaiid_ops.options import Options, parse_options
from thaiid_ops.schema import build_response

__all__ = ["extract", "extract_with_status", "read_page"]

log = logging.getLogger(__name__)

# Request-level failures that carry no page slot (seed 000's 413 / 422 examples: data []).
_NO_PAGE_ERRORS = (PayloadTooLarge, Base64Incompatible, InvalidOption)


def extract(image: Any, option: Any = None, **options: Any) -> dict:
    """Read a card image or PDF into seed 000's AIGEN v3 response body."""
    return extract_with_status(image, option, **options)[1]


def extract_with_status(image: Any, option: Any = None, **options: Any) -> tuple[int, dict]:
    """Like `extract`, also returning the HTTP status seed 000 gives the body."""
    try:
        opts = parse_options(option, **options)
        data = read_input(image)
        results: list[dict | BaseException] = []
        for page in decode_pages(data, max_pages=opts.max_pages):
            results.append(page if isinstance(page, BaseException) else _safe_read(page, opts))
    except _NO_PAGE_ERRORS as exc:
        return exc.http_status, {"status": "error", "error": [exc.to_error()], "data": []}
    except ThaiIDError as exc:
        return build_response([exc])
    except Exception as exc:
        # Type only: an exception's text may quote OCR'd personal data.
        log.error("internal error while decoding the input: %s", type(exc).__name__)
        return build_response([InternalError()])
    return build_response(results)


def _safe_read(page: PageImage, opts: Options) -> dict | BaseException:
    from thaiid_ops.engine.pipeline import read_page

    try:
        return read_page(page, opts)
    except ThaiIDError as exc:
        return exc
    except Exception as exc:
        # Type only: an exception's text may quote OCR'd personal data.
        log.error("internal error on page %d: %s", page.index, type(exc).__name__)
        return InternalError(f"Internal process error during extract image page: {page.index}.")


def read_page(page: PageImage, opts: Options | None = None) -> dict:
    """Read one decoded page into its data entry (raises a coded error on failure)."""
    from thaiid_ops.engine.pipeline import read_page as _read

    return _read(page, opts or Options())
