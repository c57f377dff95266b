"""ThaiIDCardExtractOperator and ThaiIDQualityOperator on a real temp lake (no DB needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from thaiid_ops.airflow.operators.thaiid import (
    ThaiIDCardExtractOperator,
    ThaiIDQualityOperator,
    parse_shard,
    plan_shards,
    resolve_sources,
    shard_slice,
)


def test_shards_cover_every_file_once_and_respect_max_map_length():
    assert plan_shards(0) == []
    assert plan_shards(10, min_per_shard=25) == ["0/1"]
    specs = plan_shards(2_000_000, min_per_shard=25)
    assert len(specs) == 1024 and specs[-1] == "1023/1024"
    items = [f"f{i:04d}" for i in range(1001)]
    for count in (1, 3, 7, 1024):
        parts = [shard_slice(items, *parse_shard(f"{i}/{count}")) for i in range(count)]
        assert sorted(x for p in parts for x in p) == items
        assert max(map(len, parts)) - min(map(len, parts)) <= 1
    assert parse_shard(None) == (0, 1)
    assert parse_shard((2, 5)) == parse_shard({"index": 2, "count": 5}) == (2, 5)
    for bad in ("5/5", "-1/3", "1/0"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_sources_from_folder_glob_manifest_and_list(tmp_path: Path):
    for name in ("a.jpg", "sub/b.PNG", "sub/c.pdf", "a.json", "_state/x.jpg", ".hidden/y.png"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    uri = f"file://{tmp_path}"
    found = resolve_sources(str(tmp_path))
    assert found == [f"{uri}/a.jpg", f"{uri}/sub/b.PNG", f"{uri}/sub/c.pdf"]
    assert resolve_sources(f"{uri}/sub/*.pdf") == [f"{uri}/sub/c.pdf"]
    manifest = tmp_path / "run.manifest"
    manifest.write_text(f"# files\n{uri}/sub/c.pdf\n\n{tmp_path}/a.jpg\n")
    assert resolve_sources(str(manifest)) == [f"{uri}/a.jpg", f"{uri}/sub/c.pdf"]
    assert resolve_sources([str(tmp_path / "a.jpg")]) == [f"{uri}/a.jpg"]


def _rows(folder: Path) -> int:
    return sum(pq.ParquetFile(p).metadata.num_rows for p in folder.glob("*.parquet"))


def test_extract_writes_parquet_and_a_retry_never_duplicates(small_lake, tmp_path: Path):
    run_dir = tmp_path / "out" / "run_id=manual__1"
    op = ThaiIDCardExtractOperator(
        task_id="extract", source=str(small_lake.root), output_uri=str(run_dir), max_error_rate=1.0
    )
    first = op.execute({})
    assert first["documents"] == small_lake.documents
    assert first["rows"] == first["read"] == small_lake.rows == _rows(run_dir)
    assert first["ok"] + first["partial"] + first["error_rows"] == first["rows"]
    assert first["error_rows"] >= 1 and first["errors"]  # the broken file
    table = pq.read_table(next(run_dir.glob("*.parquet")))
    assert table.num_rows == small_lake.rows
    assert {"id_number", "status", "source"} <= set(table.column_names)

    retry = op.execute({})  # same run_id: the attempt finds its own file complete
    assert _rows(run_dir) == small_lake.rows
    assert len(list(run_dir.glob("*.parquet"))) == 1
    assert retry["rows"] == first["rows"] and retry["read"] == 0
    assert retry["skipped"] == small_lake.documents

    lineage = op.lineage_summary()
    assert lineage["rows"] == small_lake.rows
    assert lineage["namespace"] == "file" and lineage["name"] == first["uri"][len("file://") :]
    facets = op.get_openlineage_facets_on_complete(None)  # None without the OpenLineage provider
    if facets is not None:
        (dataset,) = facets.outputs
        assert dataset.outputFacets["outputStatistics"].rowCount == small_lake.rows
        assert len(dataset.facets["schema"].fields) == len(lineage["fields"])
    assert ("id_number", "large_string") in lineage["fields"] or any(
        name == "id_number" for name, _ in lineage["fields"]
    )
    assert not small_lake.leaks(json.dumps([first, retry, lineage]))

    # Sharded: the same lake in two parts holds exactly the same rows.
    sharded = tmp_path / "out" / "run_id=manual__2"
    parts = [
        ThaiIDCardExtractOperator(
            task_id="x",
            source=str(small_lake.root),
            output_uri=str(sharded),
            shard=f"{i}/2",
            max_error_rate=1.0,
            workers=1,
        ).execute({})
        for i in range(2)
    ]
    assert sum(p["documents"] for p in parts) == small_lake.documents
    assert _rows(sharded) == small_lake.rows

    # Quality gate on the produced Parquet: real GX, Data Docs, PII-free XCom.
    docs = tmp_path / "docs"
    gate = ThaiIDQualityOperator(
        task_id="gate", data=str(run_dir), report_dir=str(docs), fail_on_error=False
    )
    summary = gate.execute({})
    assert summary["files"] == 1 and {s["suite"] for s in summary["suites"]} == {
        "thaiid_front",
        "thaiid_back",
        "thaiid_pipeline_health",
    }
    assert (docs / "index.html").is_file() and (docs / "summary.json").is_file()
    assert not small_lake.leaks(json.dumps(summary))
    assert not small_lake.leaks((docs / "summary.json").read_text())


def test_error_rate_over_budget_fails_the_task(tmp_path: Path):
    from airflow.sdk.exceptions import AirflowFailException

    from thaiid_ops.synth import bad_samples

    for sample in bad_samples(2, seed=3):
        sample.write(tmp_path / "lake")
    op = ThaiIDCardExtractOperator(
        task_id="x",
        source=str(tmp_path / "lake"),
        output_uri=str(tmp_path / "out"),
        max_error_rate=0.5,
        workers=1,
    )
    with pytest.raises(AirflowFailException, match=r"error rate 100\.0%"):
        op.execute({})
    assert _rows(tmp_path / "out") == 2  # the rows are kept for inspection


def test_quality_gate_fails_on_failed_expectations_when_configured(small_lake, tmp_path: Path):
    from airflow.sdk.exceptions import AirflowFailException

    data = tmp_path / "out"
    ThaiIDCardExtractOperator(
        task_id="x", source=str(small_lake.root / "bad"), output_uri=str(data), max_error_rate=1.0
    ).execute({})
    suite = tmp_path / "strict.json"
    suite.write_text(
        json.dumps(
            {
                "name": "strict",
                "expectations": [
                    {"type": "expect_table_row_count_to_equal", "kwargs": {"value": 999}}
                ],
            }
        )
    )
    kwargs = {"task_id": "g", "data": str(data), "suite": str(suite)}
    with pytest.raises(AirflowFailException, match="1 expectation"):
        ThaiIDQualityOperator(**kwargs).execute({})
    summary = ThaiIDQualityOperator(fail_on_error=False, **kwargs).execute({})
    assert summary["success"] is False
    assert summary["suites"][0]["failed"][0]["label"].startswith("expect_table_row_count")


def test_hmac_pseudonymisation_takes_its_key_from_the_connection(small_lake, tmp_path, monkeypatch):
    key = "k-2468013579"
    conn = {"conn_type": "thaiid", "extra": {"backend": "local", "hmac_key": key}}
    monkeypatch.setenv("AIRFLOW_CONN_T_HMAC", json.dumps(conn))
    one = sorted((small_lake.root / "cards").glob("*front*"))[:1]
    op = ThaiIDCardExtractOperator(
        task_id="x",
        source=[str(p) for p in one],
        output_uri=str(tmp_path),
        thaiid_conn_id="t_hmac",
        pii="hmac",
        max_error_rate=1.0,
        workers=1,
    )
    result = op.execute({})
    table = pq.read_table(next(tmp_path.glob("*.parquet")))
    assert "id_number_hmac" in table.column_names and "id_number" not in table.column_names
    assert not small_lake.leaks(str(table.column("id_number_hmac").to_pylist()))
    assert key not in json.dumps(result)
