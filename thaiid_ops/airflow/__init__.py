"""Airflow 3 provider for thaiid_ops: a hook, two operators and the provider registration.

`get_provider_info()` is plain data (the `apache_airflow_provider` entry point); it imports
nothing, so every `airflow` CLI call stays fast. The hook and operators live in
`thaiid_ops.airflow.hooks.thaiid` and `thaiid_ops.airflow.operators.thaiid`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CONN_TYPE", "DEFAULT_CONN_ID", "get_provider_info"]

CONN_TYPE = "thaiid"
DEFAULT_CONN_ID = "thaiid_default"
_INTEGRATION = "Thai ID card OCR"


def _version() -> str:
    from thaiid_ops import __version__

    return __version__


def get_provider_info() -> dict[str, Any]:
    """Describe the provider to Airflow: integration, modules and the `thaiid` connection type."""
    return {
        "package-name": "thaiid-ops",
        "name": "Thai ID card OCR (thaiid_ops)",
        "description": (
            "Read Thai national ID cards from a document lake into Parquet, offline or through "
            "AIGEN IDCard OCR v3 / Huawei Cloud OCR, and gate the result with Great Expectations."
        ),
        "versions": [_version()],
        "integrations": [
            {
                "integration-name": _INTEGRATION,
                "external-doc-url": "https://github.com/thaiid-ops/thaiid-ops",
                "tags": ["software"],
            }
        ],
        "hooks": [
            {
                "integration-name": _INTEGRATION,
                "python-modules": ["thaiid_ops.airflow.hooks.thaiid"],
            }
        ],
        "operators": [
            {
                "integration-name": _INTEGRATION,
                "python-modules": ["thaiid_ops.airflow.operators.thaiid"],
            }
        ],
        "connection-types": [
            {
                "connection-type": CONN_TYPE,
                "hook-class-name": "thaiid_ops.airflow.hooks.thaiid.ThaiIDOcrHook",
                "hook-name": "Thai ID card OCR",
                # Stored in Connection.extra; Airflow >= 3.2 renders these without any hook code.
                "conn-fields": {
                    "backend": {
                        "label": "Backend",
                        "description": "local: embedded offline engine; aigen: AIGEN v3 API or "
                        "`thaiid serve`; huawei: Huawei Cloud OCR",
                        "schema": {
                            "type": ["string", "null"],
                            "enum": ["local", "aigen", "huawei"],
                            "default": "local",
                        },
                    },
                    "project_id": {
                        "label": "Huawei project id",
                        "schema": {"type": ["string", "null"]},
                    },
                    "domain_name": {
                        "label": "Huawei IAM domain (account) name",
                        "schema": {"type": ["string", "null"]},
                    },
                    "iam_endpoint": {
                        "label": "Huawei IAM endpoint",
                        "schema": {"type": ["string", "null"], "format": "url"},
                    },
                    "region": {
                        "label": "Huawei region (e.g. ap-southeast-2)",
                        "schema": {"type": ["string", "null"]},
                    },
                    "token": {
                        "label": "Huawei X-Auth-Token (instead of user/password)",
                        "schema": {"type": ["string", "null"], "format": "password"},
                    },
                    "timeout": {
                        "label": "Request timeout (s)",
                        "schema": {"type": ["number", "null"], "default": 30, "minimum": 1},
                    },
                    "max_retries": {
                        "label": "Retries on 429/5xx/connection errors",
                        "schema": {"type": ["integer", "null"], "default": 3, "minimum": 0},
                    },
                    "rate_limit": {
                        "label": "Requests per second (empty: unlimited)",
                        "schema": {"type": ["number", "null"]},
                    },
                    "hmac_key": {
                        "label": "HMAC key for pii=hmac pseudonymised IDs",
                        "schema": {"type": ["string", "null"], "format": "password"},
                    },
                    "options": {
                        "label": "Default AIGEN options (JSON)",
                        "description": 'e.g. {"do_field_validation": true}',
                        "schema": {"type": ["object", "string", "null"], "format": "json"},
                    },
                },
                "ui-field-behaviour": {
                    "hidden-fields": ["schema", "port"],
                    "relabeling": {
                        "host": "Endpoint / base URL (aigen, huawei)",
                        "login": "Huawei IAM user name",
                        "password": "API key (aigen) or IAM password (huawei)",
                    },
                    "placeholders": {
                        "host": "https://api.aigen.online or http://127.0.0.1:8000",
                        "login": "only for backend=huawei",
                    },
                },
            }
        ],
    }
