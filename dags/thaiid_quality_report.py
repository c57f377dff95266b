"""Consolidated quality report, triggered whenever new Thai ID Parquet lands (`thaiid_cards`).

It gathers every run's Parquet parts under the output root, writes `report.json` (counts per
run: rows, statuses, error codes, invalid fields; no values) and validates the union with
the GX suites, rendering Data Docs into `<output>/reports/consolidated/`.

The output root comes from the triggering asset events (the parts' URIs), else from the
param `output_uri` / Variable `thaiid_output_uri` / `$AIRFLOW_HOME/thaiid/out`.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from typing import Any

from airflow.sdk import DAG, Param, task

from thaiid_ops.airflow.operators.thaiid import THAIID_CARDS, as_storage_path

DAG_ID = "thaiid_quality_report"
_HOME = os.environ.get("AIRFLOW_HOME") or os.path.expanduser("~/airflow")
DEFAULT_OUTPUT = f"file://{_HOME}/thaiid/out"


def _output_root(params: dict[str, Any], events: Any) -> str:
    for asset_events in (events or {}).values():
        for event in asset_events:
            uri = (getattr(event, "extra", None) or {}).get("uri")
            if uri:  # <root>/run_id=<id>/part-….parquet
                return str(as_storage_path(uri).parent.parent)
    from airflow.sdk import Variable

    root = params.get("output_uri") or Variable.get("thaiid_output_uri", default=None)
    return str(root or DEFAULT_OUTPUT).rstrip("/")


@task
def consolidated_report(params: dict[str, Any], triggering_asset_events: Any = None) -> dict:
    """Counts per run + GX over all runs; returns the counts-only summary."""
    from thaiid_ops.airflow.operators.thaiid import counts_only, parquet_stats

    root = as_storage_path(_output_root(params, triggering_asset_events))
    parts = sorted(p for p in root.glob("run_id=*/part-*.parquet") if p.is_file())
    runs: dict[str, dict[str, Any]] = {}
    for part in parts:
        stats = parquet_stats(part.path)
        run = runs.setdefault(
            part.parent.name,
            {"parts": 0, "rows": 0, "ok": 0, "partial": 0, "errors": {}, "invalid": {}},
        )
        run["parts"] += 1
        for key in ("rows", "ok", "partial"):
            run[key] += stats[key]
        for key in ("errors", "invalid"):
            for name, n in stats[key].items():
                run[key][name] = run[key].get(name, 0) + n
    report_dir = root / "reports" / "consolidated"
    report_dir.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "runs": runs,
        "rows": sum(r["rows"] for r in runs.values()),
    }
    if parts:
        import polars as pl

        from thaiid_ops.quality.validation import summarize, validate

        frame = pl.concat([pl.read_parquet(p.path) for p in parts], how="diagonal_relaxed")
        result = validate(frame, suite=params.get("suites") or None, report_dir=report_dir.path)
        report["quality"] = summarize(result)
        report["data_docs"] = str(report_dir / "index.html")
    (report_dir / "report.json").write_text(json.dumps(report, indent=2, default=str))
    summary = {k: v for k, v in report.items() if k != "quality"}
    if "quality" in report:
        summary["quality"] = counts_only(report["quality"])
    print(f"consolidated report: {len(runs)} run(s), {report['rows']} rows -> {report_dir}")
    return summary


with DAG(
    dag_id=DAG_ID,
    description="Consolidated Thai ID quality report over every run's Parquet",
    schedule=[THAIID_CARDS],
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    params={
        "output_uri": Param(None, type=["null", "string"], description="output root"),
        "suites": Param(
            ["thaiid_front", "thaiid_back", "thaiid_pipeline_health"],
            type="array",
            description="GX suites bundled in thaiid_ops/quality/expectations/",
        ),
    },
    tags=["thaiid", "great_expectations", "report"],
    doc_md=__doc__,
) as dag:
    consolidated_report()


if __name__ == "__main__":  # `python dags/<file>.py [--conf JSON]`: one in-process run
    import argparse
    import json

    cli = argparse.ArgumentParser(description="Run this DAG once with dag.test().")
    cli.add_argument("--conf", type=json.loads, default=None, help="run params as JSON")
    run = dag.test(run_conf=cli.parse_args().conf)
    raise SystemExit(0 if run is not None and run.state == "success" else 1)
