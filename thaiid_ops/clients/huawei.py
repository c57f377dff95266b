"""Huawei Cloud OCR `thailand-id-card` over HTTP (seed 002), normalised to AIGEN v3."""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from thaiid_ops.clients.http import (
    RETRY_STATUSES,
    HttpBackend,
    image_to_base64,
    normalise_base_url,
)
from thaiid_ops.errors import (
    Base64Incompatible,
    InvalidOption,
    PayloadTooLarge,
    Unauthorized,
    UpstreamError,
)
from thaiid_ops.huawei import HUAWEI_FLAGS, error_to_exception, result_to_page
from thaiid_ops.options import Options, parse_options
from thaiid_ops.schema import build_response, request_error_response

# Huawei-only request keys accepted in `options`; everything else is a seed 000 option.
HUAWEI_KEYS = frozenset({"side", *HUAWEI_FLAGS})
TOKEN_MARGIN_S = 300.0  # refresh a token this long before it expires
TOKEN_DEFAULT_TTL_S = 23 * 3600.0  # IAM tokens last 24 h when `expires_at` is missing
_REQUEST_LEVEL = (PayloadTooLarge, Base64Incompatible, InvalidOption)


def read_huawei(response: httpx.Response, options: Options) -> dict:
    """A Huawei answer → the AIGEN v3 envelope (errors mapped to our coded errors).

    Raises `Unauthorized` for a refused token or an unsubscribed service, and
    `UpstreamError` for a success without a `result` or a 429 / 5xx past its retries.
    """
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = None
    body = body if isinstance(body, dict) else {}
    if status in RETRY_STATUSES or status >= 500:  # the retry budget is spent
        raise UpstreamError(f"huawei: HTTP {status} after the retry budget.")
    if "error_code" in body or status >= 300:
        exc = error_to_exception(body.get("error_code"), body.get("error_msg"), status)
        if isinstance(exc, Unauthorized):
            raise exc
        if isinstance(exc, _REQUEST_LEVEL):
            return request_error_response(exc)[1]
        return build_response([exc])[1]
    result = body.get("result")
    if not isinstance(result, dict):
        raise UpstreamError(f"huawei: HTTP {status} without a result.")
    return build_response([result_to_page(result, options)])[1]


class HuaweiBackend(HttpBackend):
    """`POST https://{endpoint}/v2/{project_id}/ocr/thailand-id-card` with `X-Auth-Token`.

    Args:
        endpoint: e.g. `ocr.ap-southeast-2.myhuaweicloud.com` (https is implied) or a full
            `http://127.0.0.1:9000` for a local server.
        project_id: the Huawei project ID.
        token: a ready X-Auth-Token; otherwise one is fetched from IAM with
            `username` / `password` / `domain_name`, scoped to `region` (or the project),
            cached until `TOKEN_MARGIN_S` before it expires and refreshed once on a 401.
        iam_endpoint: IAM host; default `iam.{region}.myhuaweicloud.com`.
        timeout, max_retries, max_in_flight, rate_limit: as for `AigenBackend`.

    `options` take seed 000's options plus Huawei's `side` and `return_*` flags. Defaults:
    `return_portrait_location` and `return_text_location` on (they fill `portrait_location`
    and the bboxes), `return_portrait_image` follows `return_face`.
    """

    name = "huawei"

    def __init__(
        self,
        endpoint: str,
        project_id: str,
        *,
        token: str | None = None,
        iam_endpoint: str | None = None,
        username: str | None = None,
        password: str | None = None,
        domain_name: str | None = None,
        region: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 3,
        max_in_flight: int = 16,
        rate_limit: float | None = None,
        **resilience: Any,
    ) -> None:
        if not token and not (username and password and domain_name):
            raise ValueError("HuaweiBackend needs a token, or username, password and domain_name")
        super().__init__(
            timeout=timeout,
            max_retries=max_retries,
            max_in_flight=max_in_flight,
            rate_limit=rate_limit,
            **resilience,
        )
        self.endpoint = normalise_base_url(endpoint)
        self.project_id = project_id
        self.url = f"{self.endpoint}/v2/{project_id}/ocr/thailand-id-card"
        self.region = region
        iam = iam_endpoint or (f"iam.{region}.myhuaweicloud.com" if region else None)
        iam = iam or "iam.myhuaweicloud.com"
        self.iam_url = normalise_base_url(iam) + "/v3/auth/tokens"
        self._static = bool(token)
        self._token: str | None = token
        self._deadline = float("inf") if token else 0.0
        self._credentials = (username, password, domain_name)
        self.token_fetches = 0

    _RUNTIME = (*HttpBackend._RUNTIME, "_token_lock", "_async_locks")

    def _init_runtime(self) -> None:
        super()._init_runtime()
        self._token_lock = threading.Lock()
        self._async_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    # ------------------------------------------------------------ IAM token

    def _iam_body(self) -> dict[str, Any]:
        user, password, domain = self._credentials
        scope = {"name": self.region} if self.region else {"id": self.project_id}
        return {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {"name": user, "password": password, "domain": {"name": domain}}
                    },
                },
                "scope": {"project": scope},
            }
        }

    def _store_token(self, response: httpx.Response) -> str:
        if response.status_code in (400, 401, 403):
            raise Unauthorized(
                f"huawei: IAM refused the credentials (HTTP {response.status_code})."
            )
        token = response.headers.get("x-subject-token")
        if response.status_code >= 300 or not token:
            raise UpstreamError(
                f"huawei: IAM answered HTTP {response.status_code} without a token."
            )
        ttl = TOKEN_DEFAULT_TTL_S
        try:
            expires = response.json()["token"]["expires_at"]
            when = datetime.fromisoformat(str(expires).replace("Z", "+00:00"))
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            ttl = (when - datetime.now(UTC)).total_seconds()
        except (ValueError, KeyError, TypeError):
            pass
        margin = min(TOKEN_MARGIN_S, max(ttl, 0.0) / 10)
        self._token = token
        self._deadline = time.monotonic() + ttl - margin
        self.token_fetches += 1
        return token

    def _fresh(self) -> bool:
        return self._token is not None and time.monotonic() < self._deadline

    def _get_token(self) -> str:
        with self._token_lock:
            if not self._fresh():
                self._store_token(self._send("POST", self.iam_url, json=self._iam_body()))
            assert self._token is not None
            return self._token

    async def _aget_token(self) -> str:
        loop = asyncio.get_running_loop()
        lock = self._async_locks.get(loop)
        if lock is None:
            lock = self._async_locks.setdefault(loop, asyncio.Lock())
        async with lock:
            if not self._fresh():
                self._store_token(await self._asend("POST", self.iam_url, json=self._iam_body()))
            assert self._token is not None
            return self._token

    def _expire(self, used: str) -> bool:
        """Drop a refused token; True when a new one can be fetched."""
        if self._static:
            return False
        if self._token == used:
            self._deadline = 0.0
        return True

    # ------------------------------------------------------------ OCR

    def _payload(self, image: Any, options: Mapping[str, Any] | None) -> tuple[dict, Options]:
        """(Huawei request body, our validated options); raises `InvalidOption`."""
        opts = dict(options or {})
        body: dict[str, Any] = {"image": image_to_base64(image)}
        body["return_portrait_location"] = True
        body["return_text_location"] = True
        if opts.get("return_face"):
            body["return_portrait_image"] = True
        for key in HUAWEI_KEYS:
            if key in opts:
                value = opts.pop(key)
                if value is not None:
                    body[key] = value
        if "side" in body and body["side"] not in ("front", "back"):
            raise InvalidOption("Option 'side' must be 'front' or 'back'.")
        return body, parse_options(opts)

    @staticmethod
    def _headers(token: str) -> dict[str, str]:
        return {"X-Auth-Token": token, "Content-Type": "application/json"}

    def extract(self, image: Any, options: Mapping[str, Any] | None = None) -> dict:
        try:
            body, opts = self._payload(image, options)
        except InvalidOption as exc:
            return request_error_response(exc)[1]
        for _ in range(2):
            token = self._get_token()
            response = self._send("POST", self.url, json=body, headers=self._headers(token))
            if response.status_code != 401 or not self._expire(token):
                break
        return read_huawei(response, opts)

    async def aextract(self, image: Any, options: Mapping[str, Any] | None = None) -> dict:
        try:
            body, opts = self._payload(image, options)
        except InvalidOption as exc:
            return request_error_response(exc)[1]
        for _ in range(2):
            token = await self._aget_token()
            response = await self._asend("POST", self.url, json=body, headers=self._headers(token))
            if response.status_code != 401 or not self._expire(token):
                break
        return read_huawei(response, opts)

    def __repr__(self) -> str:
        auth = "token='***'" if self._static else "iam=password"
        return f"HuaweiBackend(endpoint={self.endpoint!r}, project_id={self.project_id!r}, {auth})"
