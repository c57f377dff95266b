"""API keys for `thaiid serve`: loaded from the environment or a file, checked in constant time.

Kept apart from the app so that the CLI can check its configuration without importing FastAPI.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

ENV_KEYS = "THAIID_API_KEYS"  # comma-separated keys
ENV_KEYS_FILE = "THAIID_API_KEYS_FILE"  # one key per line; '#' starts a comment
ENV_MAX_CONCURRENCY = "THAIID_MAX_CONCURRENCY"


def load_api_keys(env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Keys from `THAIID_API_KEYS` (comma-separated) and the file named by
    `THAIID_API_KEYS_FILE` (one per line)."""
    env = os.environ if env is None else env
    keys = [k.strip() for k in env.get(ENV_KEYS, "").split(",")]
    path = env.get(ENV_KEYS_FILE)
    if path:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            keys.append(line)
    return tuple(dict.fromkeys(k for k in keys if k))


class KeyChecker:
    """Constant-time check of a presented key against every configured key."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = tuple(k.encode() for k in keys)

    def __bool__(self) -> bool:
        return bool(self._keys)

    def __call__(self, presented: str | None) -> bool:
        given = (presented or "").encode()
        ok = False
        for key in self._keys:  # no early exit: the time does not depend on which key matched
            ok |= hmac.compare_digest(given, key)
        return ok and bool(given)

    def __repr__(self) -> str:
        return f"KeyChecker({len(self._keys)} keys)"
