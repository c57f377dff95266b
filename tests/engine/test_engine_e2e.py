"""End to end on synthetic cards from the factory: values and bbox positions."""

from __future__ import annotations

import numpy as np
import pytest

import thaiid_ops
from thaiid_ops.synth import generate


def _centre(quad) -> np.ndarray:
    return np.asarray(quad, float).mean(axis=0)


@pytest.fixture(scope="module")
def clean_samples():
    return generate(1, 424242, conditions=["clean"])


def test_front_clean_values_and_boxes(clean_samples) -> None:
    front = next(s for s in clean_samples if "front" in s.name)
    res = thaiid_ops.extract(front.image)
    assert res["status"] == "success", res["error"]
    page, truth = res["data"][0], front.truth["data"][0]
    assert page["side"]["value"] == "front"
    for key in ("id_number", "title_name_en", "surname_en", "dob_en", "dob_th", "doi_en"):
        assert page[key]["value"] == truth[key]["value"], key
    # Boxes are in original pixels: the ID's box centre lies within the true box's height.
    got = _centre(page["id_number"]["bboxes"][0])
    want = np.asarray(truth["id_number"]["bboxes"][0], float)
    assert want[:, 1].min() - 10 <= got[1] <= want[:, 1].max() + 10
    assert want[:, 0].min() - 40 <= got[0] <= want[:, 0].max() + 40
    # Sensitive fields stay off unless asked for.
    assert page["religion"] == {} and page["laser_number"] == {}


def test_back_laser_only_when_asked(clean_samples) -> None:
    back = next(s for s in clean_samples if "back" in s.name)
    truth = back.truth["data"][0]["laser_number"]["value"]
    res = thaiid_ops.extract(back.image, include_sensitive=True)
    assert res["status"] == "success", res["error"]
    assert res["data"][0]["side"]["value"] == "back"
    assert res["data"][0]["laser_number"]["value"] == truth
    assert thaiid_ops.extract(back.image)["data"][0]["laser_number"] == {}


@pytest.mark.slow
def test_pdf_front_and_back_pages() -> None:
    pdf = next(s for s in generate(2, 99, conditions=["pdf"]) if s.ext == "pdf")
    res = thaiid_ops.extract(pdf.image, include_sensitive=True, return_datetime_iso=True)
    assert len(res["data"]) == len(pdf.truth["data"])
    sides = [p.get("side", {}).get("value") for p in res["data"]]
    assert sides == [p["side"]["value"] for p in pdf.truth["data"]]
    front = res["data"][sides.index("front")]
    assert front["dob_en"]["iso"] == front["dob_en"]["iso"][:10]


def _turned(image: bytes) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.open(io.BytesIO(image)).rotate(180).save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("side", ["front", "back"])
def test_upside_down_card_is_settled_by_its_id_or_laser(clean_samples, monkeypatch, side) -> None:
    from thaiid_ops.engine import pipeline

    def no_scoring(*_a, **_k):
        raise AssertionError("the ID or laser code read upside down should settle it")

    monkeypatch.setattr(pipeline, "_orient", no_scoring)
    sample = next(s for s in clean_samples if side in s.name)
    page = thaiid_ops.extract(_turned(sample.image), include_sensitive=True)["data"][0]
    truth = sample.truth["data"][0]
    keys = ("id_number", "title_name_en", "dob_en") if side == "front" else ("laser_number",)
    for key in (*keys, "side"):
        assert page[key]["value"] == truth[key]["value"], key
