"""Backends behind one protocol: local (in-process engine), aigen and huawei (httpx)."""

from thaiid_ops.clients.base import Backend
from thaiid_ops.clients.local import LocalBackend

__all__ = ["Backend", "LocalBackend"]
