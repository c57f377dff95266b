"""`thaiid_ops.sink.write_parquet` on real files: schema round-trip, resume, PII, CLI."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

import thaiid_ops
from thaiid_ops import rows, schema, sink
from thaiid_ops import workers as _pools
from thaiid_ops.cli import main as cli_main

RAW_ID = "1101700207030"


def _all_bytes(out: Path) -> bytes:
    """The output file and everything left beside it (state directory included)."""
    blobs = [out.read_bytes()]
    for p in out.parent.rglob("*"):
        if p.is_file() and p != out and p.name.startswith(f".{out.name}"):
            blobs.append(p.read_bytes())
    return b"".join(blobs)


def _all_text(out: Path) -> str:
    """Every value of every column, decompressed, as one string."""
    return pl.read_parquet(out).write_csv()


def test_round_trip_keeps_the_schema_exactly_and_counts(cards, lake, tmp_path):
    files, backend = lake
    out = tmp_path / "out" / "cards.parquet"
    summary = sink.write_parquet(
        tmp_path / "lake", out, backend=backend, options={"return_gender": True}, workers=1
    )
    spec = rows.RowSpec()
    file_schema = pq.read_schema(out)
    assert file_schema.remove_metadata().equals(spec.arrow_schema().remove_metadata())
    meta = {k.decode(): v.decode() for k, v in file_schema.metadata.items()}
    assert meta["thaiid_ops.version"] == thaiid_ops.__version__
    assert meta["thaiid_ops.schema_version"] == schema.SCHEMA_VERSION
    assert meta["thaiid_ops.engine"] == "replay"
    assert json.loads(meta["thaiid_ops.options"]) == {"return_gender": True}
    assert meta["thaiid_ops.pii"] == "keep"

    df = pl.read_parquet(out)
    assert df.schema == pl.Schema(schema.flat_columns())  # Polars reads back Contract 2
    assert df["source"].to_list() == [
        files["a_card.png"],
        files["b_back.png"],
        files["c_doc.pdf"],
        files["c_doc.pdf"],
        files["d_garbage.jpg"],
    ]
    assert df["status"].to_list() == ["success"] * 4 + ["error"]
    assert summary.rows == 5 and summary.ok == 4 and summary.partial == 0
    assert summary.errors == {"400": 1}
    assert summary.skipped == 0 and summary.uri == str(out)
    assert not (out.parent / f".{out.name}.thaiid").joinpath("manifest.jsonl").exists()


def test_second_run_resumes_and_does_no_work(cards, lake, tmp_path):
    files, backend = lake
    out = tmp_path / "cards.parquet"
    sink.write_parquet(list(files.values()), out, backend=backend, workers=2)
    calls, before, mtime = backend.calls, out.read_bytes(), out.stat().st_mtime_ns

    again = sink.write_parquet(list(files.values()), out, backend=backend, workers=2)
    assert backend.calls == calls  # no OCR at all
    assert again.skipped == 4 and again.rows == 0
    assert out.read_bytes() == before and out.stat().st_mtime_ns == mtime

    # A renamed copy has the same content: still skipped. A new card is read, alone.
    shutil.copy(files["a_card.png"], tmp_path / "lake" / "renamed.png")
    (tmp_path / "lake" / "new.png").write_bytes(cards.png(99))
    third = sink.write_parquet(tmp_path / "lake", out, backend=backend, workers=1)
    assert backend.calls == calls + 1
    assert (third.skipped, third.rows) == (5, 1)
    assert pl.read_parquet(out).height == 6

    # Other settings are another dataset: everything is read again.
    fourth = sink.write_parquet(tmp_path / "lake", out, backend=backend, pii="mask", workers=1)
    assert fourth.skipped == 0 and fourth.rows == 7


def test_a_crashed_run_resumes_from_its_staged_parts(cards, lake, tmp_path):
    files, backend = lake
    out = tmp_path / "cards.parquet"

    def crash_after_two(tick: sink.SinkProgress) -> None:
        if tick.done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sink.write_parquet(
            list(files.values()), out, backend=backend, workers=1, flush_rows=1,
            progress=crash_after_two,
        )  # fmt: skip
    assert not out.exists()  # nothing half-written in place
    assert backend.calls == 2
    summary = sink.write_parquet(list(files.values()), out, backend=backend, workers=1)
    assert backend.calls == 4 and summary.skipped == 2
    df = pl.read_parquet(out)
    assert df.height == 5 and df["source"].n_unique() == 4  # no duplicates, none lost


@pytest.mark.parametrize("pii", ["mask", "hmac"])
def test_mask_and_hmac_files_hold_no_raw_id_anywhere(cards, lake, tmp_path, pii):
    files, backend = lake
    keep = tmp_path / "keep.parquet"
    sink.write_parquet(list(files.values()), keep, backend=backend, workers=1)
    assert RAW_ID in _all_text(keep)  # the scans below can see an ID when there is one
    assert RAW_ID.encode() in keep.read_bytes()

    out = tmp_path / f"{pii}.parquet"
    sink.write_parquet(
        list(files.values()),
        out,
        backend=backend,
        workers=1,
        pii=pii,
        hmac_key="k" if pii == "hmac" else None,
        include_sensitive=True,
    )
    blob = _all_bytes(out)
    for needle in (RAW_ID, "1 1017 00207 03 0", "1-1017-00207-03-0"):
        assert needle.encode() not in blob
        assert needle not in _all_text(out)
    assert b"1234567" not in blob  # the laser code's digits are hidden too
    df = pl.read_parquet(out)
    if pii == "mask":
        assert "1-1017-XXXXX-XX-0" in df["id_number"].to_list()
    else:
        assert "id_number" not in df.columns
        assert df["id_number_hmac"].drop_nulls().str.len_chars().unique().to_list() == [64]


def test_empty_lake_writes_the_schema(tmp_path):
    out = tmp_path / "empty.parquet"
    summary = sink.write_parquet([], out, workers=1)
    assert summary.rows == 0
    assert pl.read_parquet(out).schema == pl.Schema(schema.flat_columns())


def test_remote_output_is_uploaded_and_resumed_through_fsspec(cards, lake, tmp_path):
    fsspec = pytest.importorskip("fsspec")
    files, backend = lake
    uri = f"memory://bucket/{tmp_path.name}/cards.parquet"
    summary = sink.write_parquet(list(files.values()), uri, backend=backend, workers=1)
    assert summary.uri == uri
    with fsspec.open(uri, "rb") as fh:
        assert pq.read_table(fh).num_rows == 5
    calls = backend.calls
    again = sink.write_parquet(list(files.values()), uri, backend=backend, workers=1)
    assert (again.skipped, again.rows, backend.calls) == (4, 0, calls)
    new = tmp_path / "new.png"
    new.write_bytes(cards.png(77))
    sink.write_parquet([*files.values(), str(new)], uri, backend=backend, workers=1)
    with fsspec.open(uri, "rb") as fh:
        assert pq.read_table(fh).num_rows == 6
    fsspec.filesystem("memory").rm(f"/bucket/{tmp_path.name}", recursive=True)
    gone = sink.write_parquet(list(files.values()), uri, backend=backend, workers=1)
    assert gone.skipped == 0 and gone.rows == 5  # the remote file is the truth, not a cache


def test_expand_sources_walks_folders_globs_and_uris(lake, tmp_path):
    files, _ = lake
    (tmp_path / "lake" / "notes.txt").write_text("not a document")
    assert sink.expand_sources(tmp_path / "lake") == sorted(files.values())
    assert sink.expand_sources(str(tmp_path / "lake" / "*.png")) == sorted(
        [files["a_card.png"], files["b_back.png"]]
    )
    assert sink.expand_sources(str(tmp_path / "**" / "*.pdf")) == [files["c_doc.pdf"]]
    assert sink.expand_sources("file://" + files["c_doc.pdf"]) == [files["c_doc.pdf"]]


def test_cli_extract_with_the_real_engine(cards, lake, tmp_path, capsys):
    out = tmp_path / "cli.parquet"
    (tmp_path / "lake" / "missing-link.png").symlink_to(tmp_path / "nowhere.png")
    code = cli_main(["extract", str(tmp_path / "lake"), "-o", str(out), "--workers", "1"])
    assert code == 0  # bad rows do not fail the run
    df = pl.read_parquet(out)
    assert df.height >= 6  # 5 files, the PDF with 2 pages; every file at least one row
    printed = capsys.readouterr().out
    assert "rows" in printed and "errors" in printed and "code 400" in printed

    os.environ["THAIID_TEST_KEY"] = "secret"
    try:
        code = cli_main(
            ["extract", str(tmp_path / "lake"), "-o", str(tmp_path / "h.parquet"),
             "--pii", "hmac", "--hmac-key-env", "THAIID_TEST_KEY", "--workers", "1", "--quiet"]
        )  # fmt: skip
    finally:
        del os.environ["THAIID_TEST_KEY"]
    assert code == 0
    assert "id_number_hmac" in pl.read_parquet(tmp_path / "h.parquet").columns

    assert cli_main(["extract", str(tmp_path / "nothing-*.png"), "-o", str(out)]) == 2
    assert cli_main(["extract", str(tmp_path / "lake"), "-o", str(out), "--pii", "hmac"]) == 2
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    assert cli_main(["extract", str(tmp_path / "lake"), "-o", str(blocked / "o.parquet")]) == 1


class _KillsTheWorker:
    """Unpickling it in a worker process ends that process, as a native crash would."""

    def __reduce__(self):
        return (os._exit, (3,))


def test_a_worker_crash_becomes_an_error_row_and_the_run_completes(cards, tmp_path, monkeypatch):
    # Only a process pool (THAIID_POOL=process) has workers that can die on their own.
    monkeypatch.setattr(_pools, "DEFAULT_KIND", "process")
    doc = tmp_path / "poison.png"
    doc.write_bytes(cards.png(5))
    out = tmp_path / "crash.parquet"
    summary = sink.write_parquet([str(doc)], out, workers=2, options={"poison": _KillsTheWorker()})
    assert summary.errors == {"internal_server_error": 1}
    df = pl.read_parquet(out)
    assert df["error_message"].to_list() == ["the engine crashed on this document"]
    # The shared pool was replaced: the next run works normally.
    again = sink.write_parquet([str(doc)], tmp_path / "after.parquet", workers=2)
    assert again.rows == 1 and "internal_server_error" not in again.errors
