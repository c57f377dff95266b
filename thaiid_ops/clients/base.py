"""The one protocol every backend speaks: image in, AIGEN v3 response out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Backend(Protocol):
    """A source of AIGEN v3 responses (Contract 1).

    `extract` never raises for a bad image: the coded error is in the returned body.
    It raises only for misconfiguration (e.g. a missing key).
    """

    name: str

    def extract(self, image: bytes | str, options: Mapping[str, Any] | None = None) -> dict: ...

    async def aextract(
        self, image: bytes | str, options: Mapping[str, Any] | None = None
    ) -> dict: ...
