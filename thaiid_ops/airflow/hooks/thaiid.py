"""ThaiIDOcrHook: owns a `thaiid` connection and builds the backend it names.

The connection's `extra.backend` picks one of three backends (default `local`):

- ``local``: the embedded offline engine; no host, no key.
- ``aigen``: AIGEN IDCard OCR v3, or our own ``thaiid serve``. Host = base URL, password = API key.
- ``huawei``: Huawei Cloud OCR. Host = endpoint, login/password = IAM user (or ``extra.token``),
  ``extra.project_id``, ``extra.domain_name``, ``extra.iam_endpoint``.

Both ``AIRFLOW_CONN_…`` forms work. JSON (preferred)::

    AIRFLOW_CONN_THAIID_DEFAULT='{"conn_type": "thaiid", "host": "http://127.0.0.1:8000",
                                  "password": "KEY", "extra": {"backend": "aigen"}}'

URI (the scheme is the connection type, so the protocol goes in the path/schema)::

    AIRFLOW_CONN_THAIID_DEFAULT='thaiid://:KEY@api.example.com:443/https?backend=aigen'
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from airflow.sdk import BaseHook

from thaiid_ops.airflow import CONN_TYPE, DEFAULT_CONN_ID

BACKENDS = ("local", "aigen", "huawei")
_SECRET_PARAMS = frozenset({"api_key", "password", "token"})
# Resilience knobs the HTTP backends take (timeout, retries, in-flight cap, requests/second).
_NUMERIC_EXTRAS = {"timeout": float, "max_retries": int, "max_in_flight": int, "rate_limit": float}


@dataclass(frozen=True)
class BackendSpec:
    """What `thaiid_ops.clients.make_backend` is called with; secrets are hidden from repr."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        shown = {k: ("***" if k in _SECRET_PARAMS else v) for k, v in self.params.items()}
        return f"BackendSpec(kind={self.kind!r}, params={shown!r})"


class ConnectionConfigError(ValueError):
    """The connection lacks something its backend needs; the message names the field only."""


def _base_url(host: str | None, schema: str | None, port: int | None) -> str | None:
    if not host:
        return None
    host = host.strip().rstrip("/")
    if "://" not in host:
        host = f"{(schema or 'https').strip()}://{host}"
    if port and host.count(":") < 2:  # scheme:// is the only colon: no port given in host
        host = f"{host}:{port}"
    return host


def _extra_options(raw: Any) -> dict[str, Any]:
    if raw in (None, ""):
        return {}
    if isinstance(raw, str):  # URI-form extras arrive as strings
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise ConnectionConfigError("extra.options is not valid JSON") from exc
    if not isinstance(raw, dict):
        raise ConnectionConfigError("extra.options must be a JSON object")
    return dict(raw)


def backend_spec_from_connection(conn: Any) -> BackendSpec:
    """Translate an Airflow connection into a backend kind and its constructor parameters."""
    extra = dict(conn.extra_dejson or {})
    kind = str(extra.get("backend") or "local").strip().lower()
    if kind not in BACKENDS:
        raise ConnectionConfigError(f"extra.backend must be one of {', '.join(BACKENDS)}")
    params: dict[str, Any] = {}
    for key, cast in _NUMERIC_EXTRAS.items():
        if extra.get(key) not in (None, ""):
            try:
                params[key] = cast(extra[key])
            except (TypeError, ValueError) as exc:
                raise ConnectionConfigError(f"extra.{key} must be a number") from exc

    if kind == "local":
        return BackendSpec(kind, {k: v for k, v in params.items() if k == "max_in_flight"})
    url = extra.get("base_url") or extra.get("endpoint") or conn.host
    url = _base_url(url, conn.schema, conn.port)
    if kind == "aigen":
        if not url:
            raise ConnectionConfigError("backend=aigen needs a host (base URL)")
        params["base_url"] = url
        params["api_key"] = conn.password or extra.get("api_key") or None
        return BackendSpec(kind, params)

    if not url:
        raise ConnectionConfigError("backend=huawei needs a host (endpoint)")
    if not extra.get("project_id"):
        raise ConnectionConfigError("backend=huawei needs extra.project_id")
    params["endpoint"] = url
    params["project_id"] = str(extra["project_id"])
    if extra.get("token"):
        params["token"] = str(extra["token"])
    elif conn.login and conn.password:
        params["username"] = conn.login
        params["password"] = conn.password
        params["domain_name"] = str(extra.get("domain_name") or conn.login)
    else:
        raise ConnectionConfigError("backend=huawei needs login/password or extra.token")
    for key in ("iam_endpoint", "region"):
        if extra.get(key):
            params[key] = str(extra[key])
    return BackendSpec(kind, params)


def _probe_image() -> bytes:
    """A blank 64x64 PNG: every backend must answer it with a well-formed (error) body."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(buf, format="PNG")
    return buf.getvalue()


class ThaiIDOcrHook(BaseHook):
    """Owns a `thaiid` connection; `get_conn()` returns a ready `thaiid_ops.clients.Backend`."""

    conn_name_attr = "thaiid_conn_id"
    default_conn_name = DEFAULT_CONN_ID
    conn_type = CONN_TYPE
    hook_name = "Thai ID card OCR"

    def __init__(self, thaiid_conn_id: str = default_conn_name, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.thaiid_conn_id = thaiid_conn_id

    @cached_property
    def connection(self) -> Any:
        """The Airflow connection; a missing *default* connection means the local engine."""
        from airflow.sdk import Connection
        from airflow.sdk.exceptions import AirflowNotFoundException

        try:
            return self.get_connection(self.thaiid_conn_id)
        except AirflowNotFoundException:
            if self.thaiid_conn_id != self.default_conn_name:
                raise
            self.log.warning(
                "connection %s is not defined; using the embedded local engine",
                self.thaiid_conn_id,
            )
            return Connection(conn_id=self.thaiid_conn_id, conn_type=CONN_TYPE)

    @cached_property
    def spec(self) -> BackendSpec:
        spec = backend_spec_from_connection(self.connection)
        self._mask(spec)
        return spec

    @cached_property
    def default_options(self) -> dict[str, Any]:
        """AIGEN request options stored on the connection (`extra.options`)."""
        return _extra_options((self.connection.extra_dejson or {}).get("options"))

    @cached_property
    def hmac_key(self) -> str | None:
        """The pseudonymisation key for `pii="hmac"` (`extra.hmac_key`), masked in logs."""
        key = (self.connection.extra_dejson or {}).get("hmac_key") or None
        if key:
            self._mask(BackendSpec("local", {"token": str(key)}))
        return str(key) if key else None

    def get_conn(self) -> Any:
        """The backend for this connection (cached for the hook's lifetime)."""
        return self._backend

    @cached_property
    def _backend(self) -> Any:
        from thaiid_ops.clients import make_backend

        return make_backend(self.spec.kind, **self.spec.params)

    def test_connection(self) -> tuple[bool, str]:
        """Send a blank probe image; a well-formed AIGEN v3 body (even an error) means reachable."""
        try:
            body = self.get_conn().extract(_probe_image())
        except Exception as exc:
            return False, f"{self.spec.kind} backend failed: {type(exc).__name__}: {exc}"
        if not isinstance(body, dict) or "status" not in body:
            return False, f"{self.spec.kind} backend answered with an unexpected body"
        codes = [str(e.get("code")) for e in body.get("error") or [] if isinstance(e, dict)]
        detail = f"status={body['status']}" + (f", codes={','.join(codes)}" if codes else "")
        return True, f"{self.spec.kind} backend answered ({detail})"

    @staticmethod
    def _mask(spec: BackendSpec) -> None:
        try:
            from airflow.sdk.log import mask_secret
        except ImportError:  # pragma: no cover - older SDKs
            return
        for key in _SECRET_PARAMS & spec.params.keys():
            if spec.params[key]:
                mask_secret(str(spec.params[key]))
