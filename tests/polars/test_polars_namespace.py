"""The `thaiid` Polars namespaces over real files, real PDFs and the real engine's errors."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import thaiid_ops  # noqa: F401  (registers the namespaces)
from thaiid_ops import polars as tpl
from thaiid_ops import schema

FLAT = schema.flat_columns()


def test_binary_column_mixing_cards_pdfs_garbage_and_nulls(cards):
    front, back, doc = cards.png(11), cards.png(12), cards.pdf(2, seed=13)
    backend = cards.ReplayBackend(
        {
            front: cards.response(cards.front_page()),
            back: cards.response(cards.back_page()),
            doc: cards.response(cards.front_page(), cards.back_page()),
        }
    )
    df = pl.DataFrame(
        {
            "key": [1, 2, 3, 4, 5, 6],
            "image": [front, doc, b"\x00garbage\xff" * 20, None, back, cards.pdf(3, seed=14)],
        }
    )
    out = df.thaiid.extract("image", backend=backend, workers=1)

    assert out.columns == ["key", *FLAT]
    assert out.schema == pl.Schema({"key": pl.Int64, **FLAT})
    assert out["key"].to_list() == [1, 2, 2, 3, 4, 5, 6, 6, 6]  # order kept, ≥ 1 row each
    assert out["page"].to_list() == [1, 1, 2, 1, None, 1, 1, 2, 3]
    status = out["status"].to_list()
    assert status[:6] == ["success", "success", "success", "error", "error", "success"]
    # The unrecorded 3-page PDF went through the real engine: one row per page, none lost.
    assert all(s in ("success", "partial", "error") for s in status[6:])
    assert out["error_code"].to_list()[3:5] == ["400", "400"]
    assert out["error_message"][4] == "null input"
    assert out["id_number"][0] == cards.CARD["id_number"]


def test_string_column_of_paths_and_uris(cards, lake):
    files, backend = lake
    paths = [
        files["a_card.png"],
        None,
        "file://" + files["c_doc.pdf"],
        files["a_card.png"] + ".missing",
        files["d_garbage.jpg"],
        files["b_back.png"],
    ]
    out = pl.DataFrame({"image": paths}).thaiid.extract(backend=backend, workers=1)
    assert out["source"].to_list() == [paths[0], None, paths[2], paths[2], *paths[3:]]
    assert out["status"].to_list() == [
        "success",
        "error",
        "success",
        "success",
        "error",
        "error",
        "success",
    ]
    assert out["error_code"].to_list() == [None, "400", None, None, "400", "400", None]
    assert out["error_message"][4] == "source not found"


def test_lazy_streaming_matches_eager_and_workers_do_not_change_the_result(cards, lake):
    files, backend = lake
    df = pl.DataFrame({"n": range(8), "image": sorted(files.values()) * 2})
    eager = df.thaiid.extract(backend=backend, workers=1)
    lazy = df.lazy().thaiid.extract(backend=backend, workers=2).collect(engine="streaming")
    assert_frame_equal(eager, lazy)
    assert eager.height == 10  # 4 files, the PDF twice two pages, twice over


def test_expression_forms(cards, lake):
    files, backend = lake
    df = pl.DataFrame({"image": [files["c_doc.pdf"], files["a_card.png"]]})
    first = df.select(pl.col("image").thaiid.extract(backend=backend, workers=1))
    assert first.schema["image"] == schema.flat_struct()
    assert first.height == 2
    pages = df.select(tpl.extract_pages("image", backend=backend, workers=1))
    assert pages.schema["image"] == pl.List(schema.flat_struct())
    assert pages["image"].list.len().to_list() == [2, 1]


def test_empty_frame_has_every_column_and_hmac_schema(cards):
    df = pl.DataFrame({"image": []}, schema={"image": pl.Binary})
    out = df.thaiid.extract(pii="hmac", hmac_key=b"k", drop=["religion"])
    assert out.height == 0
    assert "id_number_hmac" in out.columns and "id_number" not in out.columns
    assert "religion" not in out.columns and "religion_confidence" not in out.columns


def test_clear_errors_for_wrong_input(cards):
    with pytest.raises(pl.exceptions.ColumnNotFoundError):
        pl.DataFrame({"x": [b""]}).thaiid.extract("image")
    with pytest.raises(ValueError, match="clash"):
        pl.DataFrame({"image": [b""], "status": [1]}).thaiid.extract("image")
    with pytest.raises(Exception, match="Binary or String"):
        pl.DataFrame({"image": [1, 2]}).thaiid.extract("image", workers=1)


def test_local_engine_with_a_process_pool_keeps_order(cards):
    # backend=None is the embedded engine; workers=2 sends the batch to the shared pool.
    df = pl.DataFrame({"image": [b"junk-1", cards.png(21), None, b"junk-2"]})
    out = df.thaiid.extract(workers=2)
    assert out.height == 4
    assert out["status"][0] == "error" and out["error_code"][0] == "400"
    assert out["status"][2] == "error" and out["error_message"][2] == "null input"
    assert out["status"][3] == "error"


def test_real_engine_on_synthetic_cards_pdfs_garbage_missing_and_nulls(tmp_path):
    synth = pytest.importorskip("thaiid_ops.synth")
    front, pdf = synth.generate(2, seed=4, conditions=["clean", "pdf"], side="front")
    assert pdf.filename.endswith(".pdf")
    garbage = tmp_path / "garbage.jpg"
    garbage.write_bytes(b"\xff\xd8 this is not a jpeg " * 50)
    paths = [str(front.write(tmp_path)), None, str(pdf.write(tmp_path)), str(garbage)]
    paths.append(str(tmp_path / "missing.png"))
    out = pl.DataFrame({"i": range(5), "image": paths}).thaiid.extract(workers=1)
    assert out["i"].to_list() == [0, 1, 2, 3, 4]  # the PDF was rendered front-only: 1 page
    assert out["status"][0] != "error"
    assert out["status"].to_list()[1:2] + out["status"].to_list()[3:] == ["error"] * 3
    assert out["error_code"].to_list()[3:] == ["400", "400"]
    assert out["page"][2] == 1
