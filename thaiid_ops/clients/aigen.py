"""AIGEN IDCard OCR v3 over HTTP (seed 000), or any server speaking it (`thaiid serve`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from thaiid_ops.clients.http import (
    RETRY_STATUSES,
    HttpBackend,
    image_to_base64,
    normalise_base_url,
)
from thaiid_ops.errors import Unauthorized, UpstreamError, from_error_object
from thaiid_ops.schema import request_error_response

AIGEN_BASE_URL = "https://api.aigen.online"
AIGEN_PATH = "/aiscript/idcard/v3"


def is_envelope(body: Any) -> bool:
    """Whether `body` has seed 000's envelope keys with the right types."""
    return (
        isinstance(body, dict)
        and body.get("status") in ("success", "error")
        and isinstance(body.get("error"), list)
        and isinstance(body.get("data"), list)
    )


def read_envelope(response: httpx.Response, backend: str) -> dict:
    """An AIGEN-shaped response → its body; a non-AIGEN 4xx → a coded envelope.

    401/403 raise `Unauthorized`; a 2xx that is not an envelope, or a 429 / 5xx that is not
    one (its retries are spent), raises `UpstreamError`.
    """
    status = response.status_code
    if status in (401, 403):
        raise Unauthorized(f"{backend}: the API key was refused (HTTP {status}).")
    try:
        body = response.json()
    except ValueError:
        body = None
    if is_envelope(body):
        return body
    if status < 300:
        raise UpstreamError(f"{backend}: HTTP {status} without an AIGEN v3 body.")
    if status in RETRY_STATUSES or status >= 500:  # the retry budget is spent
        raise UpstreamError(f"{backend}: HTTP {status} after the retry budget.")
    obj = body if isinstance(body, dict) else {}
    exc = from_error_object({"code": obj.get("code")}, status)
    return request_error_response(exc)[1]


class AigenBackend(HttpBackend):
    """`POST {base_url}/aiscript/idcard/v3` with header `x-aigen-key`.

    Args:
        base_url: e.g. `https://api.aigen.online` or `http://127.0.0.1:8000` (`thaiid serve`).
        api_key: the AIGEN key; sent only as the `x-aigen-key` header, never logged.
        timeout: seconds per attempt (connect, read, write, pool).
        max_retries: retries after the first attempt, on 429 / 5xx / connection errors.
        max_in_flight: requests in flight at once (sync and per event loop).
        rate_limit: requests per second at most, or None.
    """

    name = "aigen"

    def __init__(
        self,
        base_url: str = AIGEN_BASE_URL,
        api_key: str | None = None,
        *,
        timeout: float = 30.0,
        max_retries: int = 3,
        max_in_flight: int = 16,
        rate_limit: float | None = None,
        **resilience: Any,
    ) -> None:
        if not api_key:
            raise ValueError("AigenBackend needs an api_key")
        super().__init__(
            timeout=timeout,
            max_retries=max_retries,
            max_in_flight=max_in_flight,
            rate_limit=rate_limit,
            **resilience,
        )
        self.base_url = normalise_base_url(base_url)
        self.url = self.base_url + AIGEN_PATH
        self._headers = {"x-aigen-key": api_key, "content-type": "application/json"}

    def _payload(self, image: Any, options: Mapping[str, Any] | None) -> dict[str, Any]:
        return {"image": image_to_base64(image), "option": dict(options or {})}

    def extract(self, image: Any, options: Mapping[str, Any] | None = None) -> dict:
        response = self._send(
            "POST", self.url, json=self._payload(image, options), headers=self._headers
        )
        return read_envelope(response, self.name)

    async def aextract(self, image: Any, options: Mapping[str, Any] | None = None) -> dict:
        response = await self._asend(
            "POST", self.url, json=self._payload(image, options), headers=self._headers
        )
        return read_envelope(response, self.name)

    def __repr__(self) -> str:
        return f"AigenBackend(base_url={self.base_url!r}, api_key='***')"
