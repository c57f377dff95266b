"""The embedded engine behind the Backend protocol."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable, Mapping
from typing import Any

import thaiid_ops
from thaiid_ops.clients.base import gather_in_order
from thaiid_ops.errors import ThaiIDError


class LocalBackend:
    """Runs the offline engine in-process; thread-safe.

    Args:
        max_in_flight: pages read at once by `extract_many` (threads; default: CPU count).
    """

    name = "local"

    def __init__(self, *, max_in_flight: int | None = None) -> None:
        self.max_in_flight = max_in_flight or os.cpu_count() or 1

    def extract(self, image: bytes | str, options: Mapping[str, Any] | None = None) -> dict:
        return thaiid_ops.extract(image, **dict(options or {}))

    async def aextract(self, image: bytes | str, options: Mapping[str, Any] | None = None) -> dict:
        return await asyncio.to_thread(self.extract, image, options)

    async def extract_many(
        self,
        images: Iterable[Any],
        options: Mapping[str, Any] | None = None,
        *,
        concurrency: int | None = None,
    ) -> list[dict | ThaiIDError]:
        """One body or one coded error per input, in input order."""
        return await gather_in_order(
            self.aextract, images, options, concurrency or self.max_in_flight
        )

    def extract_many_sync(
        self, images: Iterable[Any], options: Mapping[str, Any] | None = None
    ) -> list[dict | ThaiIDError]:
        """`extract_many` from synchronous code."""
        return asyncio.run(self.extract_many(images, options))

    def close(self) -> None:
        """Nothing to release (symmetry with the HTTP backends)."""

    def __repr__(self) -> str:
        return "LocalBackend()"
