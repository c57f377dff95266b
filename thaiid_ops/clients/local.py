"""The embedded engine behind the Backend protocol."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import thaiid_ops


class LocalBackend:
    """Runs the offline engine in-process; thread-safe."""

    name = "local"

    def extract(self, image: bytes | str, options: Mapping[str, Any] | None = None) -> dict:
        return thaiid_ops.extract(image, **dict(options or {}))

    async def aextract(
        self, image: bytes | str, options: Mapping[str, Any] | None = None
    ) -> dict:
        return await asyncio.to_thread(self.extract, image, options)

    def __repr__(self) -> str:
        return "LocalBackend()"
