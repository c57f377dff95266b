"""Backends behind one protocol: local (in-process engine), aigen and huawei (httpx).

backend = make_backend("aigen", base_url="http://127.0.0.1:8000", api_key=key)
body = backend.extract(image_bytes, {"return_gender": True})
bodies = await backend.extract_many(images)   # one body or one coded error per input
"""

from __future__ import annotations

from typing import Any

from thaiid_ops.clients.aigen import AigenBackend
from thaiid_ops.clients.base import Backend
from thaiid_ops.clients.huawei import HuaweiBackend
from thaiid_ops.clients.local import LocalBackend

__all__ = ["AigenBackend", "Backend", "HuaweiBackend", "LocalBackend", "make_backend"]

_KINDS: dict[str, type] = {"local": LocalBackend, "aigen": AigenBackend, "huawei": HuaweiBackend}


def make_backend(kind: str, **params: Any) -> Backend:
    """Build a backend by name: "local" | "aigen" | "huawei".

    `params` go to the constructor:
    - local: `max_in_flight`;
    - aigen: `base_url`, `api_key`, and the resilience knobs `timeout`, `max_retries`,
      `max_in_flight`, `rate_limit`;
    - huawei: `endpoint`, `project_id`, then `token` or `username` / `password` /
      `domain_name` (+ `region`, `iam_endpoint`), and the same resilience knobs.
    """
    try:
        cls = _KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown backend {kind!r}; expected one of {sorted(_KINDS)}") from None
    return cls(**params)
