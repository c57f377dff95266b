"""Resilience shared by the HTTP backends: timeouts, retries, in-flight and rate limits, batches.

One `HttpBackend` base holds a sync `httpx.Client` and one `httpx.AsyncClient` per event loop.
Every request goes through `_send` / `_asend`:

- retries with exponential backoff and full jitter on 429, 5xx and connection errors
  (resets, timeouts), honouring `Retry-After`; never on other 4xx;
- at most `max_in_flight` requests at once, and at most `rate_limit` requests per second;
- after the retry budget the last answer is used if it is a well-formed body, otherwise
  `UpstreamError` is raised.

Keys and tokens live only in request headers: they never reach logs, reprs or exceptions.
"""

from __future__ import annotations

import asyncio
import base64
import email.utils
import logging
import os
import random
import re
import ssl
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from thaiid_ops.clients.base import gather_in_order
from thaiid_ops.errors import ThaiIDError, UpstreamError

log = logging.getLogger("thaiid_ops.clients")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
SECRET_HEADERS = ("x-subject-token", "x-auth-token", "x-aigen-key", "authorization")


class RedactSecrets(logging.Filter):
    """Blanks secret header values in httpcore's DEBUG traces (they print response headers,
    e.g. IAM's `X-Subject-Token`)."""

    _pattern = re.compile(
        r"((?:" + "|".join(SECRET_HEADERS) + r")['\"]?,\s*b?['\"])([^'\"]+)", re.IGNORECASE
    )

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self._pattern.sub(r"\1***", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def _install_redaction() -> None:
    for name in ("httpcore.http11", "httpcore.http2", "httpcore.connection", "httpx"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())


_install_redaction()


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait between attempts (seconds)."""

    max_retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 20.0
    retry_after_max: float = 60.0

    def delay(self, retry: int, retry_after: float | None, rng: random.Random) -> float:
        """Wait before retry number `retry` (0-based): full jitter, or the server's Retry-After."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.retry_after_max) + rng.uniform(0, 0.05)
        return rng.uniform(0, min(self.backoff_max, self.backoff_base * (2**retry)))


class RateLimiter:
    """Spaces request starts at least `1/rate` seconds apart; safe for threads and tasks."""

    def __init__(self, rate: float) -> None:
        if rate <= 0:
            raise ValueError("rate_limit must be positive")
        self.interval = 1.0 / rate
        self._next = 0.0
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Claim the next slot; returns how long the caller must wait for it."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self.interval
            return slot - now


def parse_retry_after(value: str | None) -> float | None:
    """`Retry-After` as seconds (delta-seconds or HTTP-date); None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def image_to_base64(image: bytes | str | os.PathLike[str]) -> str:
    """Bytes, a path or a base64 string → the base64 string an HTTP API wants."""
    if isinstance(image, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(image)).decode("ascii")
    if isinstance(image, os.PathLike):
        return base64.b64encode(Path(image).read_bytes()).decode("ascii")
    if isinstance(image, str):
        if len(image) < 4096 and not image.startswith("data:"):
            try:
                p = Path(image)
                if p.is_file():
                    return base64.b64encode(p.read_bytes()).decode("ascii")
            except (OSError, ValueError):
                pass
        return image
    raise TypeError(f"image must be bytes, a path or a base64 str, not {type(image).__name__}")


def normalise_base_url(url: str) -> str:
    """`host` → `https://host`; an explicit scheme is kept; no trailing slash."""
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        url = "https://" + url
    return url


POOL_SHARD = 8  # connections per async client


class _LoopState:
    """One event loop's clients (shards of the connection pool) and in-flight semaphore."""

    def __init__(self, clients: list[httpx.AsyncClient], sem: asyncio.Semaphore) -> None:
        self.clients = clients
        self.sem = sem
        self.busy = [0] * len(clients)

    def pick(self) -> httpx.AsyncClient:
        i = min(range(len(self.clients)), key=self.busy.__getitem__)
        self.busy[i] += 1
        return self.clients[i]

    def release(self, client: httpx.AsyncClient) -> None:
        self.busy[self.clients.index(client)] -= 1


@dataclass
class Attempt:
    """The outcome of one HTTP exchange, as the retry loop sees it."""

    response: httpx.Response | None
    error: BaseException | None = None


class HttpBackend:
    """Base of the HTTP backends; subclasses build requests and read responses."""

    name = "http"

    def __init__(
        self,
        *,
        timeout: float = 30.0,
        max_retries: int = 3,
        max_in_flight: int = 16,
        rate_limit: float | None = None,
        backoff_base: float = 0.5,
        backoff_max: float = 20.0,
        retry_after_max: float = 60.0,
        verify: bool = True,
        seed: int | None = None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if max_in_flight < 1:
            raise ValueError("max_in_flight must be >= 1")
        self.timeout = float(timeout)
        self.max_in_flight = int(max_in_flight)
        self.rate_limit = rate_limit
        self.policy = RetryPolicy(int(max_retries), backoff_base, backoff_max, retry_after_max)
        self._rng = random.Random(seed)
        self._verify = verify
        self.stats = {"requests": 0, "retries": 0}
        self._init_runtime()

    def _init_runtime(self) -> None:
        """Locks, pools and clients: rebuilt, never pickled (process pools get a fresh set)."""
        self._limiter = RateLimiter(self.rate_limit) if self.rate_limit else None
        self._ssl_context: ssl.SSLContext | None = None
        self._ssl_lock = threading.Lock()
        self._sync_sem = threading.BoundedSemaphore(self.max_in_flight)
        self._sync_client: httpx.Client | None = None
        self._sync_lock = threading.Lock()
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopState] = (
            weakref.WeakKeyDictionary()
        )
        self._stats_lock = threading.Lock()

    _RUNTIME = (
        "_limiter",
        "_ssl_context",
        "_ssl_lock",
        "_sync_sem",
        "_sync_client",
        "_sync_lock",
        "_loops",
        "_stats_lock",
    )

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in self._RUNTIME}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._init_runtime()

    # ------------------------------------------------------------ clients

    def _ssl(self) -> ssl.SSLContext | bool:
        """One TLS context for every client (building one loads the CA bundle: ~70 ms)."""
        if self._verify is False:
            return False
        with self._ssl_lock:
            if self._ssl_context is None:
                self._ssl_context = httpx.create_ssl_context(verify=self._verify)
            return self._ssl_context

    def _limits(self, n: int) -> httpx.Limits:
        return httpx.Limits(max_connections=n, max_keepalive_connections=n)

    def _client(self) -> httpx.Client:
        with self._sync_lock:
            if self._sync_client is None:
                self._sync_client = httpx.Client(
                    timeout=self.timeout,
                    limits=self._limits(self.max_in_flight),
                    verify=self._ssl(),
                )
            return self._sync_client

    def _async_state(self) -> _LoopState:
        loop = asyncio.get_running_loop()
        state = self._loops.get(loop)
        if state is None:
            # httpcore's pool scans every connection for every queued request, so a wide
            # pool costs O(n^2); shards of POOL_SHARD connections keep that flat.
            sizes = [POOL_SHARD] * (self.max_in_flight // POOL_SHARD)
            if self.max_in_flight % POOL_SHARD:
                sizes.append(self.max_in_flight % POOL_SHARD)
            ssl_ctx = self._ssl()
            clients = [
                httpx.AsyncClient(timeout=self.timeout, limits=self._limits(n), verify=ssl_ctx)
                for n in sizes
            ]
            state = _LoopState(clients, asyncio.Semaphore(self.max_in_flight))
            self._loops[loop] = state
        return state

    def close(self) -> None:
        """Close the sync client (async clients close with `aclose`)."""
        with self._sync_lock:
            if self._sync_client is not None:
                self._sync_client.close()
                self._sync_client = None

    async def aclose(self) -> None:
        """Close this event loop's async client."""
        loop = asyncio.get_running_loop()
        state = self._loops.pop(loop, None)
        if state is not None:
            for client in state.clients:
                await client.aclose()

    def __enter__(self) -> HttpBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _count(self, key: str) -> None:
        with self._stats_lock:
            self.stats[key] += 1

    # ------------------------------------------------------------ retry loop

    def _retryable(self, attempt: Attempt) -> bool:
        if attempt.error is not None:
            return isinstance(attempt.error, httpx.TransportError)
        assert attempt.response is not None
        return attempt.response.status_code in RETRY_STATUSES

    def _wait_for(self, retry: int, attempt: Attempt) -> float:
        retry_after = None
        if attempt.response is not None:
            retry_after = parse_retry_after(attempt.response.headers.get("retry-after"))
        return self.policy.delay(retry, retry_after, self._rng)

    def _describe(self, attempt: Attempt) -> str:
        if attempt.response is not None:
            return f"HTTP {attempt.response.status_code}"
        return type(attempt.error).__name__

    def _before_retry(self, retry: int, last: Attempt) -> float:
        """Log and count retry number `retry`; return how long to wait before it."""
        wait = self._wait_for(retry - 1, last)
        log.info(
            "%s: retry %d/%d after %s in %.2fs",
            self.name,
            retry,
            self.policy.max_retries,
            self._describe(last),
            wait,
        )
        self._count("retries")
        return wait

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One logical request with retries; returns the last response or raises UpstreamError.

        `headers` may be a callable, evaluated per attempt (fresh tokens).
        """
        client = self._client()
        headers = kwargs.pop("headers", None)
        last = Attempt(None)
        for retry in range(self.policy.max_retries + 1):
            if retry:
                time.sleep(self._before_retry(retry, last))
            if self._limiter is not None:
                time.sleep(self._limiter.reserve())
            hdrs = headers() if callable(headers) else headers
            with self._sync_sem:
                self._count("requests")
                try:
                    last = Attempt(client.request(method, url, headers=hdrs, **kwargs))
                except httpx.TransportError as exc:
                    last = Attempt(None, exc)
            if not self._retryable(last):
                break
        return self._finish(last)

    async def _asend(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Async twin of `_send`; `headers` may be an async or sync callable."""
        state = self._async_state()
        headers = kwargs.pop("headers", None)
        last = Attempt(None)
        for retry in range(self.policy.max_retries + 1):
            if retry:
                await asyncio.sleep(self._before_retry(retry, last))
            if self._limiter is not None:
                delay = self._limiter.reserve()
                if delay > 0:
                    await asyncio.sleep(delay)
            hdrs = headers() if callable(headers) else headers
            if isinstance(hdrs, Awaitable):
                hdrs = await hdrs
            async with state.sem:
                self._count("requests")
                client = state.pick()
                try:
                    last = Attempt(await client.request(method, url, headers=hdrs, **kwargs))
                except httpx.TransportError as exc:
                    last = Attempt(None, exc)
                finally:
                    state.release(client)
            if not self._retryable(last):
                break
        return self._finish(last)

    def _finish(self, last: Attempt) -> httpx.Response:
        if last.response is not None:
            return last.response
        raise UpstreamError(
            f"{self.name}: {self._describe(last)} after {self.policy.max_retries + 1} attempts"
        ) from last.error

    # ------------------------------------------------------------ batches

    async def extract_many(
        self,
        images: Iterable[Any],
        options: Mapping[str, Any] | None = None,
        *,
        concurrency: int | None = None,
    ) -> list[dict | ThaiIDError]:
        """Extract every image; one body or one coded error per input, in input order.

        At most `concurrency` (default `max_in_flight`) are in flight at once.
        """
        return await gather_in_order(
            self.aextract, images, options, concurrency or self.max_in_flight
        )

    def extract_many_sync(
        self, images: Iterable[Any], options: Mapping[str, Any] | None = None
    ) -> list[dict | ThaiIDError]:
        """`extract_many` from synchronous code (runs its own event loop)."""

        async def run() -> list[dict | ThaiIDError]:
            try:
                return await self.extract_many(images, options)
            finally:
                await self.aclose()

        return asyncio.run(run())

    # subclasses
    def extract(self, image: Any, options: Mapping[str, Any] | None = None) -> dict:
        raise NotImplementedError

    async def aextract(self, image: Any, options: Mapping[str, Any] | None = None) -> dict:
        raise NotImplementedError


HeaderFactory = Callable[[], Mapping[str, str] | Awaitable[Mapping[str, str]]]
