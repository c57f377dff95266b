"""Validate flat card rows with GX suites, build Data Docs, summarise results without PII.

GX state lives in an ephemeral (in-memory) context per call; the only files written are the
Data Docs in the report folder the caller names. Results identify unexpected rows by the row
key (`source`, `page`) and never carry the unexpected values themselves.
"""

from __future__ import annotations

import copy
import datetime as _dt
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thaiid_ops.quality.suites import BUNDLED_SUITES, load_suite

if TYPE_CHECKING:
    import great_expectations as gx
    import pandas as pd
    from great_expectations.checkpoint.checkpoint import CheckpointResult

__all__ = [
    "DEFAULT_PARAMETERS",
    "ROW_KEY",
    "build_data_docs",
    "pii_safe_result_format",
    "summarize",
    "to_pandas",
    "validate",
]

#: Columns that identify a row in results and Data Docs (never an ID, name or date).
ROW_KEY: tuple[str, ...] = ("source", "page")

#: Suite parameters (`{"$PARAMETER": name}`) and their defaults; `today` defaults to the
#: day `validate` runs.
DEFAULT_PARAMETERS: dict[str, Any] = {
    "min_date": _dt.date(1900, 1, 1),
    "min_confidence": 0.5,
}

_SITE = "thaiid_report"
_DATE_COLUMNS = ("dob", "doi", "doe")


def _gx_context() -> Any:
    """An in-memory GX context with analytics and progress bars off."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.config.analytics_enabled = False
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


def pii_safe_result_format(
    row_key: Sequence[str] = ROW_KEY, *, complete: bool = False, max_rows: int = 20
) -> dict[str, Any]:
    """A GX result format that names unexpected rows by `row_key` and drops their values.

    `complete=False` (SUMMARY) keeps at most `max_rows` row keys per expectation;
    `complete=True` keeps all of them.
    """
    return {
        "result_format": "COMPLETE" if complete else "SUMMARY",
        "unexpected_index_column_names": list(row_key),
        "exclude_unexpected_values": True,
        "return_unexpected_index_query": False,
        "partial_unexpected_count": max_rows,
        "include_unexpected_rows": False,
    }


def to_pandas(data: Any) -> pd.DataFrame:
    """Flat rows (Parquet path, Polars/pandas frame, Arrow table) as pandas for GX.

    Dates become `datetime.date` objects: GX's `between` on `datetime64` columns with date
    bounds errors inside the metric and reports a failure with no unexpected rows.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    if isinstance(data, str | os.PathLike):
        return pq.read_table(os.fspath(data)).to_pandas()
    if isinstance(data, pa.Table):
        return data.to_pandas()
    if isinstance(data, pd.DataFrame):
        out = data.copy()
        for col in _DATE_COLUMNS:
            if col in out and pd.api.types.is_datetime64_any_dtype(out[col]):
                out[col] = [None if pd.isna(v) else v.date() for v in out[col]]
        return out
    mod = type(data).__module__
    if mod.startswith("polars"):
        if hasattr(data, "collect"):  # LazyFrame
            data = data.collect()
        return data.to_arrow().to_pandas()
    raise TypeError(f"cannot validate a {type(data).__name__}; give a Parquet path or a frame")


def _copy_suite(suite: gx.ExpectationSuite) -> gx.ExpectationSuite:
    """A copy that can join another context (GX refuses expectations owned by a suite)."""
    import great_expectations as gx

    return gx.ExpectationSuite(
        name=suite.name,
        expectations=[copy.copy(e) for e in suite.expectations],
        meta=suite.meta,
        notes=suite.notes,
    )


def _suite_list(suite: Any) -> list[Any]:
    if suite is None:
        return list(BUNDLED_SUITES)
    if isinstance(suite, str | os.PathLike | Mapping) or hasattr(suite, "expectations"):
        return [suite]
    return list(suite)


def validate(
    data: Any,
    suite: Any = None,
    report_dir: str | os.PathLike[str] | None = None,
    *,
    today: _dt.date | None = None,
    parameters: Mapping[str, Any] | None = None,
    row_key: Sequence[str] = ROW_KEY,
    complete: bool = False,
) -> CheckpointResult:
    """Validate flat rows against one or more suites; returns GX's `CheckpointResult`.

    `data`: a Parquet path or a Polars/pandas frame in the flat-row schema. `suite`: a name
    (`thaiid_front`, `front`), a JSON path, a dict, a loaded `gx.ExpectationSuite`, or a list
    of those; `None` runs every bundled suite. `report_dir`: when given, Data Docs are built
    there. `today` and `parameters` fill the suites' `$PARAMETER`s. Raises `SuiteLoadError`
    if any expectation of any suite cannot be built.
    """
    import great_expectations as gx

    suites = [s if hasattr(s, "expectations") else load_suite(s) for s in _suite_list(suite)]
    frame = to_pandas(data)
    key = [c for c in row_key if c in frame.columns]
    params = {**DEFAULT_PARAMETERS, "today": today or _dt.date.today(), **(parameters or {})}

    ctx = _gx_context()
    batch = (
        ctx.data_sources.add_pandas("thaiid")
        .add_dataframe_asset("cards")
        .add_batch_definition_whole_dataframe("whole")
    )
    definitions = []
    for s in suites:
        if any(d.suite.name == s.name for d in definitions):
            continue
        added = ctx.suites.add(_copy_suite(s))
        definitions.append(
            ctx.validation_definitions.add(
                gx.ValidationDefinition(name=f"{s.name}__check", data=batch, suite=added)
            )
        )
    checkpoint = ctx.checkpoints.add(
        gx.Checkpoint(
            name="thaiid_check",
            validation_definitions=definitions,
            actions=[],
            result_format=pii_safe_result_format(key, complete=complete),
        )
    )
    from thaiid_ops.quality.expectations import clear_caches

    try:
        result = checkpoint.run(
            batch_parameters={"dataframe": frame}, expectation_parameters=params
        )
    finally:
        clear_caches()
    if report_dir is not None:
        build_data_docs(result, report_dir, suites=suites)
    return result


def build_data_docs(
    result: CheckpointResult,
    report_dir: str | os.PathLike[str],
    *,
    suites: Iterable[Any] | None = None,
) -> Path:
    """Render Data Docs for a validation result into `report_dir`; returns its `index.html`.

    The suites' own pages are rendered too (given, or found by name among the bundled ones).
    The index page gets a static, script-free summary so it reads offline, where GX's
    CDN-loaded table cannot render.
    """
    from thaiid_ops.quality.errors import SuiteLoadError
    from thaiid_ops.quality.report import add_offline_summary

    out = Path(report_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    ctx = _gx_context()
    ctx.add_data_docs_site(
        site_name=_SITE,
        site_config={
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "site_index_builder": {
                "class_name": "DefaultSiteIndexBuilder",
                "show_cta_footer": False,
            },
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(out),
            },
        },
    )
    run_results = dict(result.run_results)
    loaded = {s.name: s for s in (suites or []) if hasattr(s, "expectations")}
    for name in {vr.suite_name for vr in run_results.values()} - set(loaded):
        try:
            loaded[name] = load_suite(name)
        except SuiteLoadError:
            continue  # a suite given as a dict or path: its validation page still renders
    for s in loaded.values():
        ctx.suites.add(_copy_suite(s))
    for identifier, vr in run_results.items():
        ctx.validation_results_store.set(identifier, vr)
    ctx.build_data_docs(site_names=[_SITE])
    index = out / "index.html"
    add_offline_summary(index, summarize(result), run_results)
    return index


# ---------------------------------------------------------------- PII-free summary


def _columns(kwargs: Mapping[str, Any]) -> list[str]:
    if "column" in kwargs:
        return [kwargs["column"]]
    if "column_A" in kwargs:
        return [kwargs["column_A"], kwargs["column_B"]]
    return list(kwargs.get("column_list") or [])


def expectation_label(kind: str, kwargs: Mapping[str, Any]) -> str:
    """A short stable name: `type:col1,col2[:rule]`."""
    label = f"{kind}:{','.join(map(str, _columns(kwargs)))}"
    if kwargs.get("rule"):
        label += f":{kwargs['rule']}"
    if isinstance(kwargs.get("value_set"), list) and kind.endswith("not_be_in_set"):
        label += ":" + ",".join(map(str, kwargs["value_set"]))
    return label


def _row_keys(result: Mapping[str, Any], max_rows: int) -> list[dict[str, Any]]:
    """`[{"source": ..., "page": ...}, ...]` from GX's unexpected index list."""
    found = result.get("unexpected_index_list") or result.get("partial_unexpected_index_list")
    rows: list[dict[str, Any]] = []
    for item in found or []:
        if not isinstance(item, Mapping):
            continue  # a bare pandas index (no row key columns): not a row key
        width = max((len(v) for v in item.values() if isinstance(v, list)), default=1)
        for i in range(width):
            rows.append({k: (v[i] if isinstance(v, list) else v) for k, v in item.items()})
    seen: list[dict[str, Any]] = []
    for r in rows:
        if r not in seen:
            seen.append(r)
    return seen[:max_rows]


def _plain(v: Any) -> Any:
    """JSON-friendly scalars (numpy ints from pandas become ints)."""
    if hasattr(v, "item") and not isinstance(v, str | bytes):
        try:
            return v.item()
        except (TypeError, ValueError):
            return str(v)
    return v


def summarize(result: Any, *, max_rows: int = 20) -> dict[str, Any]:
    """A small PII-free dict: success, per-suite statistics and per-expectation counts.

    Accepts a `CheckpointResult` or an `ExpectationSuiteValidationResult`. Each expectation
    entry has `label`, `type`, `columns`, `description`, `success`, `element_count`, `unexpected_count`,
    `unexpected_percent`, `error` (GX caught an exception: the check did not run) and up to
    `max_rows` `unexpected_rows` as row keys.
    """
    suite_results = (
        list(result.run_results.values()) if hasattr(result, "run_results") else [result]
    )
    suites = []
    for vr in suite_results:
        items = []
        for er in vr.results:
            cfg = er.expectation_config
            kwargs = {k: v for k, v in (cfg.kwargs or {}).items() if k != "batch_id"}
            res = er.result or {}
            raised = _raised(er.exception_info)
            items.append(
                {
                    "label": expectation_label(cfg.type, kwargs),
                    "type": cfg.type,
                    "columns": _columns(kwargs),
                    "rule": kwargs.get("rule"),
                    "description": _description(cfg),
                    "success": bool(er.success),
                    "element_count": _plain(res.get("element_count")),
                    "unexpected_count": _plain(res.get("unexpected_count")),
                    "unexpected_percent": _plain(res.get("unexpected_percent")),
                    "observed_value": _observed(res.get("observed_value")),
                    "error": raised,
                    "unexpected_rows": [
                        {k: _plain(v) for k, v in r.items()} for r in _row_keys(res, max_rows)
                    ],
                }
            )
        stats = vr.statistics or {}
        suites.append(
            {
                "suite": vr.suite_name,
                "success": bool(vr.success),
                "evaluated": _plain(stats.get("evaluated_expectations")),
                "successful": _plain(stats.get("successful_expectations")),
                "unsuccessful": _plain(stats.get("unsuccessful_expectations")),
                "errored": sum(1 for i in items if i["error"]),
                "expectations": items,
            }
        )
    return {"success": all(s["success"] for s in suites), "suites": suites}


def _raised(info: Any) -> bool:
    """GX's exception_info is flat, or keyed by metric id when a metric failed to compute."""
    if not isinstance(info, Mapping):
        return False
    if info.get("raised_exception"):
        return True
    return any(isinstance(v, Mapping) and v.get("raised_exception") for v in info.values())


def _description(cfg: Any) -> str | None:
    """The configured description, else the expectation class's default one."""
    text = getattr(cfg, "description", None)
    if text:
        return str(text)
    from great_expectations.expectations.registry import get_expectation_impl

    try:
        field = get_expectation_impl(cfg.type).__fields__.get("description")
    except Exception:  # an unregistered type: no description to offer
        return None
    return field.default if field is not None and isinstance(field.default, str) else None


def _observed(v: Any) -> Any:
    """Aggregate observations (row counts); anything that is not a plain number is dropped."""
    v = _plain(v)
    return v if isinstance(v, int | float) and not isinstance(v, bool) else None
