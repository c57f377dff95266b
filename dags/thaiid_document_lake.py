"""Document lake → Parquet → quality gate, on a schedule.

Each run lists the lake files not yet processed (state: one `.manifest` per committed run under
`<output>/_state/processed/`), splits them into at most 1024 shards (Airflow's max_map_length),
extracts each shard with a mapped ThaiIDCardExtractOperator into
`<output>/run_id=<run id>/part-*.parquet`, then validates the run's Parquet with a GX suite and
writes Data Docs to `<output>/reports/run_id=<run id>/`.

Configuration (a param given at trigger time wins over the Airflow Variable, then the default):

- lake:        param `lake_uri`     / Variable `thaiid_lake_uri`   / `$AIRFLOW_HOME/thaiid/lake`
- output:      param `output_uri`   / Variable `thaiid_output_uri` / `$AIRFLOW_HOME/thaiid/out`
- connection:  param `conn_id`      / Variable `thaiid_conn_id`    / `thaiid_default`
- shard size:  param `min_per_shard` (default 25 documents per mapped task)
- quality:     param `suites` (GX suites) and `fail_on_quality` (default true)

Any ObjectStoragePath URI works for the lake and the output (`s3://conn_id@bucket/…` with the
Amazon provider installed). The DAG runs unchanged on the Local, Celery or Kubernetes executor.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta
from typing import Any

from airflow.sdk import DAG, Param, task

from thaiid_ops.airflow.operators.thaiid import (
    MANIFEST_SUFFIX,
    THAIID_CARDS,
    ThaiIDCardExtractOperator,
    ThaiIDQualityOperator,
    as_storage_path,
    plan_shards,
    read_manifest,
    resolve_sources,
)

DAG_ID = "thaiid_document_lake"
_HOME = os.environ.get("AIRFLOW_HOME") or os.path.expanduser("~/airflow")
DEFAULT_LAKE = f"file://{_HOME}/thaiid/lake"
DEFAULT_OUTPUT = f"file://{_HOME}/thaiid/out"


def _setting(params: dict[str, Any], param: str, variable: str, default: str) -> str:
    from airflow.sdk import Variable

    value = params.get(param) or Variable.get(variable, default=None) or default
    return str(value).rstrip("/")


def _safe(run_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._=-]+", "_", run_id)


@task(multiple_outputs=True)
def list_new_files(params: dict[str, Any], run_id: str) -> dict[str, Any]:
    """Write this run's manifest of unprocessed lake files; return it with the run's paths."""
    lake = _setting(params, "lake_uri", "thaiid_lake_uri", DEFAULT_LAKE)
    output = _setting(params, "output_uri", "thaiid_output_uri", DEFAULT_OUTPUT)
    conn_id = _setting(params, "conn_id", "thaiid_conn_id", "thaiid_default")
    state = as_storage_path(output) / "_state"
    processed: set[str] = set()
    done_dir = state / "processed"
    if done_dir.exists():
        for manifest in done_dir.iterdir():
            if manifest.name.endswith(MANIFEST_SUFFIX):
                processed.update(read_manifest(manifest))
    lake_path = as_storage_path(lake)
    if not lake_path.exists():
        lake_path.mkdir(parents=True, exist_ok=True)
    new = [uri for uri in resolve_sources(str(lake_path)) if uri not in processed]
    manifest = state / "runs" / f"{_safe(run_id)}{MANIFEST_SUFFIX}"
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text("".join(f"{uri}\n" for uri in new), encoding="utf-8")
    print(f"{len(new)} new documents ({len(processed)} already processed)")
    return {
        "manifest": str(manifest),
        "files": len(new),
        "run_dir": f"{output}/run_id={_safe(run_id)}",
        "report_dir": f"{output}/reports/run_id={_safe(run_id)}",
        "conn_id": conn_id,
    }


@task
def shard_specs(files: int, params: dict[str, Any]) -> list[str]:
    """At most 1024 "index/count" specs (max_map_length), >= min_per_shard documents each."""
    return plan_shards(files, min_per_shard=int(params.get("min_per_shard") or 25))


@task
def mark_processed(manifest: str) -> int:
    """Commit the run's manifest: its files are never listed again."""
    src = as_storage_path(manifest)
    done = src.parent.parent / "processed" / src.name
    done.parent.mkdir(parents=True, exist_ok=True)
    done.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    return len(read_manifest(done))


with DAG(
    dag_id=DAG_ID,
    description="Thai ID cards from a document lake into Parquet, gated by Great Expectations",
    schedule=timedelta(hours=1),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    render_template_as_native_obj=True,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=1)},
    params={
        "lake_uri": Param(None, type=["null", "string"], description="lake folder or glob"),
        "output_uri": Param(None, type=["null", "string"], description="output root"),
        "conn_id": Param(None, type=["null", "string"], description="thaiid connection id"),
        "min_per_shard": Param(25, type="integer", minimum=1),
        "suites": Param(
            ["thaiid_front", "thaiid_back", "thaiid_pipeline_health"],
            type="array",
            description="GX suites bundled in thaiid_ops/quality/expectations/ for the quality gate",
        ),
        # Error rows are documents with no readable card (broken files, no card in the photo).
        "max_error_rate": Param(
            0.5, type="number", minimum=0, maximum=1, description="per-shard error-row budget"
        ),
        "fail_on_quality": Param(True, type="boolean", description="fail the run on failed checks"),
    },
    tags=["thaiid", "ocr", "parquet", "great_expectations"],
    doc_md=__doc__,
) as dag:
    listing = list_new_files()
    extract = ThaiIDCardExtractOperator.partial(
        task_id="extract_shard",
        source=listing["manifest"],
        output_uri=listing["run_dir"],
        thaiid_conn_id=listing["conn_id"],
        max_error_rate="{{ params.max_error_rate }}",
        execution_timeout=timedelta(hours=2),
        outlets=[THAIID_CARDS],  # .partial() does not see the operator's default outlet
    ).expand(shard=shard_specs(listing["files"]))
    gate = ThaiIDQualityOperator(
        task_id="quality_gate",
        data=listing["run_dir"],
        suite="{{ params.suites }}",
        fail_on_error="{{ params.fail_on_quality }}",
        report_dir=listing["report_dir"],
        retries=0,
    )
    extract >> [gate, mark_processed(listing["manifest"])]


if __name__ == "__main__":  # `python dags/<file>.py [--conf JSON]`: one in-process run
    import argparse
    import json

    cli = argparse.ArgumentParser(description="Run this DAG once with dag.test().")
    cli.add_argument("--conf", type=json.loads, default=None, help="run params as JSON")
    run = dag.test(run_conf=cli.parse_args().conf)
    raise SystemExit(0 if run is not None and run.state == "success" else 1)
