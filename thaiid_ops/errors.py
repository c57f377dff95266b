"""Seed 000's coded errors as small typed exceptions.

Messages never carry personal values: they name a page, a limit or an option key only.
"""

from __future__ import annotations

from typing import Any, ClassVar


class ThaiIDError(Exception):
    """Base of every coded error; renders to seed 000's error object."""

    http_status: ClassVar[int] = 500
    code: ClassVar[str | int] = "internal_server_error"
    title: ClassVar[str] = "Internal server error"

    def __init__(self, message: str | None = None, *, page: int | None = None) -> None:
        self.message = message or self.title
        self.page = page
        super().__init__(self.message)

    def to_error(self) -> dict[str, Any]:
        return {"object": "error", "code": self.code, "message": self.message}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class BadRequest(ThaiIDError):
    """400: not a valid image, a size out of range, or an invalid request schema."""

    http_status = 400
    code = "400"
    title = "Bad request"


class NotAnImage(BadRequest):
    """The bytes are not a supported image or PDF."""


class ImageSizeError(BadRequest):
    """A side is outside 15–8192 px, or the pixel budget is exceeded."""


class TooManyPages(BadRequest):
    """A PDF has more pages than the configured cap."""


class NoCardFound(BadRequest):
    """No ID card could be located on the page."""


class InvalidOption(BadRequest):
    """An unknown option key or a value of the wrong type."""


class PayloadTooLarge(ThaiIDError):
    """413 / 20000: the base64 image is larger than 10 MB."""

    http_status = 413
    code = 20000
    title = "The request image base64 is too large."


class Base64Incompatible(ThaiIDError):
    """422 / 20001: the base64 string cannot be decoded."""

    http_status = 422
    code = 20001
    title = "The base64 image is incompatible."


class PartialContent(ThaiIDError):
    """206: some pages failed while others succeeded."""

    http_status = 206
    code = "206"
    title = "Partial Content."


class InternalError(ThaiIDError):
    """500: an unexpected failure inside the engine."""


class Unauthorized(ThaiIDError):
    """401: a missing or wrong API key (service and clients only)."""

    http_status = 401
    code = "401"
    title = "Unauthorized"


class UpstreamError(ThaiIDError):
    """A remote backend failed after its retry budget (clients only)."""

    http_status = 502
    code = "upstream_error"
    title = "Upstream service error"


def from_error_object(obj: dict[str, Any], http_status: int | None = None) -> ThaiIDError:
    """Rebuild a coded error from a seed 000 error object (used by HTTP clients)."""
    code = obj.get("code")
    message = str(obj.get("message") or "")
    by_code: dict[Any, type[ThaiIDError]] = {
        "400": BadRequest,
        400: BadRequest,
        20000: PayloadTooLarge,
        "20000": PayloadTooLarge,
        20001: Base64Incompatible,
        "20001": Base64Incompatible,
        "206": PartialContent,
        206: PartialContent,
        "401": Unauthorized,
        401: Unauthorized,
    }
    cls = by_code.get(code)
    if cls is None:
        cls = {
            400: BadRequest,
            401: Unauthorized,
            413: PayloadTooLarge,
            422: Base64Incompatible,
        }.get(http_status or 500, InternalError)
    return cls(message or None)
