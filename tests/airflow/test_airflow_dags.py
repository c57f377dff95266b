"""The example DAGs: import cleanly and run end to end with dag.test()."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_example_dags_import_without_errors():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(ROOT / "dags"))
    assert bag.import_errors == {}
    assert {"thaiid_document_lake"} <= set(bag.dags)


def _db_text(db_path) -> str:
    """Every XCom value, rendered template field and asset-event extra in the metadata DB."""
    import sqlite3

    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT value FROM xcom").fetchall()
        rows += db.execute("SELECT rendered_fields FROM rendered_task_instance_fields").fetchall()
        rows += db.execute("SELECT extra FROM asset_event").fetchall()
    return "\n".join(str(r[0]) for r in rows)


def _asset_events(db_path, run_id: str) -> list[dict]:
    import sqlite3

    with sqlite3.connect(db_path) as db:
        rows = db.execute(
            "SELECT extra FROM asset_event WHERE source_run_id = ?", (run_id,)
        ).fetchall()
    return [json.loads(r[0]) for r in rows]


def _run(dag_id: str, **conf):
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(ROOT / "dags")).dags[dag_id].test(run_conf=conf or None)


def _mapped_states(dag_run, task_id: str) -> list[str]:
    return [str(ti.state) for ti in dag_run.get_task_instances() if ti.task_id == task_id]


def run_lake_dag_end_to_end(lake, out: Path, db_path: Path, capfd, *, report: bool) -> None:
    """Run the document-lake DAG twice (and the report DAG); check outputs and leaks."""
    import pyarrow.parquet as pq

    conf = {"lake_uri": f"file://{lake.root}", "output_uri": f"file://{out}"}
    first = _run(
        "thaiid_document_lake", min_per_shard=2, max_error_rate=1.0, fail_on_quality=False, **conf
    )
    assert first.state == "success"
    shards = _mapped_states(first, "extract_shard")
    assert len(shards) == -(-lake.documents // 2) and set(shards) == {"success"}
    parts = sorted(out.glob("run_id=*/part-*.parquet"))
    assert len(parts) == len(shards)
    assert sum(pq.ParquetFile(p).metadata.num_rows for p in parts) == lake.rows
    events = _asset_events(db_path, first.run_id)  # one thaiid_cards event per shard
    assert sorted(e["uri"] for e in events) == sorted(f"file://{p}" for p in parts)
    (summary,) = out.glob("reports/run_id=*/summary.json")
    assert (summary.parent / "index.html").is_file()
    processed = "".join(p.read_text() for p in out.glob("_state/processed/*.manifest"))
    assert len(processed.splitlines()) == lake.documents

    again = _run("thaiid_document_lake", **conf)  # nothing new: every file is processed once
    assert again.state == "success"
    assert _mapped_states(again, "extract_shard") in ([], ["skipped"])
    assert len(list(out.glob("run_id=*/part-*.parquet"))) == len(parts)

    texts = [summary.read_text()]
    if report:
        consolidated = _run("thaiid_quality_report", output_uri=f"file://{out}")
        assert consolidated.state == "success"
        text = (out / "reports/consolidated/report.json").read_text()
        assert json.loads(text)["rows"] == lake.rows
        assert (out / "reports/consolidated/index.html").is_file()
        texts.append(text)

    captured = capfd.readouterr()
    logs = captured.out + captured.err
    assert "progress:" in logs  # the task logs were captured
    assert not lake.leaks(logs), "personal values in task logs"
    assert not lake.leaks(_db_text(db_path)), "personal values in XCom / rendered fields"
    assert not lake.leaks("\n".join(texts)), "personal values in the reports"


def test_document_lake_dag_end_to_end(airflow_db, small_lake, tmp_path, capfd):
    """dag.test() on 5 documents in 3 mapped shards, then a run with nothing new."""
    run_lake_dag_end_to_end(small_lake, tmp_path / "out", airflow_db, capfd, report=False)


def test_document_lake_dag_on_20_images_then_consolidated_report(
    airflow_db, tmp_path_factory, tmp_path, capfd, lake_factory
):
    """dag.test() on 10 cards (front + back) + 2 broken files, then the asset-triggered report DAG."""
    lake = lake_factory(tmp_path_factory.mktemp("lake20"), n_cards=10, seed=21, bad=2)
    run_lake_dag_end_to_end(lake, tmp_path / "out", airflow_db, capfd, report=True)
