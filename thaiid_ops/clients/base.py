"""The one protocol every backend speaks: image in, AIGEN v3 response out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

from thaiid_ops.errors import InternalError, ThaiIDError


@runtime_checkable
class Backend(Protocol):
    """A source of AIGEN v3 responses (Contract 1).

    `extract` never raises for a bad image: the coded error is in the returned body.
    It raises a coded error (`ThaiIDError`) only when no answer could be had: a missing or
    wrong key (`Unauthorized`), or a remote that kept failing past its retry budget
    (`UpstreamError`). `extract_many` turns those into one coded error per input instead.
    """

    name: str

    def extract(self, image: bytes | str, options: Mapping[str, Any] | None = None) -> dict: ...

    async def aextract(
        self, image: bytes | str, options: Mapping[str, Any] | None = None
    ) -> dict: ...

    async def extract_many(
        self,
        images: Iterable[Any],
        options: Mapping[str, Any] | None = None,
        *,
        concurrency: int | None = None,
    ) -> list[dict | ThaiIDError]: ...


async def gather_in_order(
    call: Callable[[Any, Mapping[str, Any] | None], Awaitable[dict]],
    images: Iterable[Any],
    options: Mapping[str, Any] | None,
    concurrency: int,
) -> list[dict | ThaiIDError]:
    """Run `call` over `images` with at most `concurrency` in flight; results in input order.

    Nothing is dropped: a coded error stays a `ThaiIDError`, anything else becomes
    `InternalError` (its text is not kept, it may hold personal data).
    """
    items = list(images)
    results: list[dict | ThaiIDError | None] = [None] * len(items)
    it = iter(enumerate(items))

    async def worker() -> None:
        for i, image in it:
            try:
                results[i] = await call(image, options)
            except ThaiIDError as exc:
                results[i] = exc
            except Exception:
                results[i] = InternalError(f"Backend failed on input {i}.")

    workers = [asyncio.create_task(worker()) for _ in range(max(1, min(concurrency, len(items))))]
    try:
        await asyncio.gather(*workers)
    finally:
        for w in workers:
            w.cancel()
    return results  # type: ignore[return-value]
