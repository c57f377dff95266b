"""Great Expectations adapter: custom expectations, suite loading, validation and Data Docs.

The public names load lazily, so `import thaiid_ops.quality` (and the CLI's `check` parser)
does not import Great Expectations:

- `validate(df_or_path, suite=None, report_dir=None, *, today=None, parameters=None)`
  → GX `CheckpointResult`; `suite=None` runs every bundled suite.
- `build_data_docs(result, report_dir)` → the report's `index.html`.
- `summarize(result)` → a small PII-free dict with counts per expectation (XCom-safe).
- `load_suite(name_or_path)` → a GX suite; raises `SuiteLoadError` if any expectation in it
  cannot be built (GX's own loaders drop such expectations silently).
"""

from __future__ import annotations

from typing import Any

from thaiid_ops.quality.errors import SuiteLoadError

__all__ = [
    "BUNDLED_SUITES",
    "DEFAULT_PARAMETERS",
    "ROW_KEY",
    "SuiteLoadError",
    "build_data_docs",
    "load_suite",
    "pii_safe_result_format",
    "summarize",
    "validate",
]

_LAZY = {
    "BUNDLED_SUITES": "thaiid_ops.quality.suites",
    "load_suite": "thaiid_ops.quality.suites",
    "DEFAULT_PARAMETERS": "thaiid_ops.quality.validation",
    "ROW_KEY": "thaiid_ops.quality.validation",
    "build_data_docs": "thaiid_ops.quality.validation",
    "pii_safe_result_format": "thaiid_ops.quality.validation",
    "summarize": "thaiid_ops.quality.validation",
    "validate": "thaiid_ops.quality.validation",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'thaiid_ops.quality' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
