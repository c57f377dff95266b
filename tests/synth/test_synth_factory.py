"""The synthetic card factory: truth lands on ink, values obey the domain rules, determinism."""

from __future__ import annotations

import io
import json
import random

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from thaiid_ops import schema
from thaiid_ops.synth import (
    CONDITIONS,
    HELDOUT_FONTS,
    TRAIN_FONTS,
    bad_samples,
    generate,
    line_crops,
    make_card,
    random_spec,
    render_card,
)
from thaiid_ops.synth import fonts as synth_fonts
from thaiid_ops.synth.cli import add_arguments, run
from thaiid_ops.thai import dates as th_dates
from thaiid_ops.thai import id_number as th_id
from thaiid_ops.thai import validity as th_validity

TEXT_WITH_BOXES = (
    "id_number",
    "title_name_surname_th",
    "title_name_en",
    "surname_en",
    "dob_th",
    "dob_en",
    "religion",
    "address_1",
    "doi_th",
    "doi_en",
    "doe_th",
    "doe_en",
    "serial_number",
)


def _pages(sample) -> list[np.ndarray]:
    if sample.ext == "pdf":
        pdf = pdfium.PdfDocument(sample.image)
        dpi = sample.truth["meta"]["pdf_dpi"]
        return [
            np.asarray(pdf[k].render(scale=dpi / 72).to_pil().convert("L")) for k in range(len(pdf))
        ]
    return [np.asarray(Image.open(io.BytesIO(sample.image)).convert("L"))]


def _ring_and_inside(gray: np.ndarray, quad) -> tuple[np.ndarray, np.ndarray]:
    q = np.asarray(quad)
    x0, y0 = q.min(axis=0)
    x1, y1 = q.max(axis=0)
    inside = gray[max(0, y0) : y1 + 1, max(0, x0) : x1 + 1]
    return inside, q


@pytest.fixture(scope="module")
def per_condition():
    return {
        c: generate(1, seed=11, conditions=[c], side="both" if c == "pdf" else "front")[0]
        for c in CONDITIONS
    }


@pytest.mark.parametrize("condition", CONDITIONS)
def test_each_condition_boxes_land_on_ink(per_condition, condition):
    sample = per_condition[condition]
    truth = sample.truth
    assert truth["status"] == "success" and truth["error"] == []
    pages = _pages(sample)
    assert len(pages) == len(truth["data"]) == (2 if condition == "pdf" else 1)
    for gray, page, meta in zip(pages, truth["data"], truth["meta"]["pages"], strict=True):
        h, w = gray.shape
        assert meta["image_size"] == [w, h]
        names = TEXT_WITH_BOXES if page["side"]["value"] == "front" else ("laser_number",)
        for name in names:
            f = page[name]
            assert f["confidence"] == 1.0
            for quad, norm in zip(f["bboxes"], f["bboxes_norm"], strict=True):
                assert len(quad) == 4
                for (x, y), (nx, ny) in zip(quad, norm, strict=True):
                    assert 0 <= x <= w and 0 <= y <= h, (name, quad)
                    assert abs(nx - x / w) < 1e-3 and abs(ny - y / h) < 1e-3
                inside, _ = _ring_and_inside(gray, quad)
                # Ink inside: a text box is never flat background.
                assert inside.size > 30
                assert inside.std() > 9, (condition, name, float(inside.std()))
                lo, hi = np.percentile(inside, (3, 97))
                assert hi - lo > 35, (condition, name, lo, hi)  # dark ink on lighter card


def test_clean_card_value_ink_is_inside_its_boxes():
    rng = random.Random(5)
    spec = random_spec(rng)
    r = render_card(spec, "front", rng=rng, track_ink=True)
    ink = r.ink > 64
    covered = np.zeros_like(ink)
    for it in r.items:
        if it.kind != "value":
            continue
        x0, y0, x1, y1 = (round(v) for v in it.box)
        box_ink = ink[max(0, y0 - 1) : y1 + 2, max(0, x0 - 1) : x1 + 2]
        assert box_ink.sum() > 40, it.field
        covered[max(0, y0 - 2) : y1 + 3, max(0, x0 - 2) : x1 + 3] = True
    assert ink[~covered].sum() <= 0.005 * ink.sum()  # every value pixel belongs to a box


def test_values_obey_domain_rules():
    samples = generate(60, seed=3, conditions=["clean"], side="front")
    kinds = set()
    for s in samples:
        page = s.truth["data"][0]
        meta = s.truth["meta"]
        kinds.add(meta["card_kind"])
        idn = page["id_number"]["value"]
        assert th_id.is_valid_id(idn, page["card_type"]["value"]), "checksum/first digit"
        assert (idn[0] in "67") == (page["card_type"]["value"] == "pink")
        triple = []
        for which in ("dob", "doi", "doe"):
            th = th_dates.parse_thai_date(page[f"{which}_th"]["value"])
            en = th_dates.parse_en_date(page[f"{which}_en"]["value"])
            assert th.status in ("valid", "lifelong") and en.status == th.status
            assert th_dates.dates_agree(th.value, en.value)
            assert th_dates.format_thai_date(th.value) == page[f"{which}_th"]["value"]
            triple.append(th.value)
        verdict = th_validity.check_dates(*triple)
        assert verdict.valid, verdict.failures
        if meta["card_kind"] == "child":
            assert page["title_th"]["value"] in ("ด.ช.", "ด.ญ.")
        if meta["card_kind"] == "senior_lifelong":
            assert page["doe_th"]["value"] == "ตลอดชีพ" and page["doe_en"]["value"] == "LIFELONG"
        name = page["title_name_surname_th"]["value"]
        assert name == " ".join(page[k]["value"] for k in ("title_th", "name_th", "surname_th"))
        assert (
            page["title_name_en"]["value"]
            == f"{page['title_en']['value']} {page['name_en']['value']}"
        )
        addr = page["address_full"]["value"]
        parts = [page["address_1"]["value"]] + (
            [page["address_2"]["value"]] if page["address_2"] else []
        )
        assert addr == " ".join(parts)
        assert page["address_province"]["value"] in addr
        assert page["address_sub_district"]["value"].startswith(("ต.", "แขวง"))
        assert (
            page["serial_number"]["value"][4] == "-" and len(page["serial_number"]["value"]) == 16
        )
    assert {"adult", "child", "senior_lifelong", "pink"} <= kinds
    assert any(s.truth["data"][0]["address_2"] for s in samples)


def test_truth_is_the_aigen_shape_and_json_clean(tmp_path):
    samples = generate(2, seed=9, conditions=["perspective", "pdf"], side="both", out=tmp_path)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 2 * 3  # front+back photos, one 2-page PDF, each with a sidecar
    for s in samples:
        on_disk = json.loads((tmp_path / f"{s.name}.json").read_text(encoding="utf-8"))
        assert on_disk == json.loads(json.dumps(s.truth))
        assert (tmp_path / s.filename).read_bytes() == s.image
        for page in s.truth["data"]:
            assert set(schema.empty_page()) <= set(page)
            assert page["option"]["signed"]["value"] is False
        meta = s.truth["meta"]
        for key in ("seed", "index", "condition", "font", "card_quad", "portrait_quad", "signed"):
            assert key in meta
    back = [s for s in samples if s.ext != "pdf" and s.truth["data"][0]["side"]["value"] == "back"]
    laser = back[0].truth["data"][0]["laser_number"]["value"]
    assert len(laser) == 14 and laser[3] == "-" and laser[11] == "-"
    assert back[0].truth["data"][0]["id_number"] == {}


def test_signed_photocopy_truth():
    signed = generate(1, seed=2, conditions=["photocopy_signed"], side="front")[0]
    plain = generate(1, seed=2, conditions=["photocopy"], side="front")[0]
    assert signed.truth["data"][0]["option"]["signed"]["value"] is True
    assert signed.truth["meta"]["signed"] is True
    assert plain.truth["data"][0]["option"]["signed"]["value"] is False
    img = Image.open(io.BytesIO(signed.image))
    assert img.mode == "L" and img.size == (1654, 2339)


def _area(quad) -> float:
    q = np.asarray(quad, float)
    x, y = q[:, 0], q[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))


@pytest.mark.parametrize("seed", range(4))
def test_small_card_in_scene_still_covers_a_quarter(seed):
    s = generate(1, seed=seed, conditions=["small_in_scene"], side="front")[0]
    w, h = s.truth["meta"]["image_size"]
    assert 0.25 * w * h <= _area(s.truth["meta"]["card_quad"]) <= 0.5 * w * h


def test_in_hand_has_a_second_face_outside_the_card():
    s = generate(1, seed=4, conditions=["in_hand"], side="front")[0]
    face = np.asarray(s.truth["meta"]["distractor_face_quad"])
    card = np.asarray(s.truth["meta"]["card_quad"])
    assert face[:, 0].max() < card[:, 0].min() or face[:, 0].min() > card[:, 0].max()
    w, h = s.truth["meta"]["image_size"]
    assert _area(card) >= 0.25 * w * h


def test_deterministic_by_seed():
    a = generate(3, seed=21, side="front")
    b = generate(3, seed=21, side="front")
    c = generate(3, seed=22, side="front")
    assert [s.image for s in a] == [s.image for s in b]
    assert [s.truth for s in a] == [s.truth for s in b]
    assert [s.truth["data"][0]["id_number"] for s in a] != [
        s.truth["data"][0]["id_number"] for s in c
    ]


def test_make_card_renders_chosen_defective_values():
    spec = random_spec(random.Random(1), kind="adult")
    bad_id = spec.id_number[:12] + str((int(spec.id_number[12]) + 1) % 10)
    s = make_card(spec.with_values(id_number=bad_id), condition="clean", seed=1)
    assert s.truth["data"][0]["id_number"]["value"] == bad_id
    assert not th_id.is_valid_id(bad_id)
    assert "CardSpec(<" in repr(spec) and spec.id_number not in repr(spec)


def test_fonts_split_and_mark_check():
    assert TRAIN_FONTS and HELDOUT_FONTS
    assert not set(TRAIN_FONTS) & set(HELDOUT_FONTS)
    assert synth_fonts.select_fonts("heldout") == HELDOUT_FONTS
    # TlwgMono gives Thai marks their own advance: the render check must reject it.
    mono = synth_fonts.TLWG_DIR / "TlwgMono.ttf"
    if mono.is_file():
        assert not synth_fonts.marks_ok(mono)
        assert "TlwgMono" not in synth_fonts.ALL_FONTS
    assert synth_fonts.marks_ok(synth_fonts.TLWG_DIR / "Loma.ttf")
    held = generate(4, seed=1, conditions=["clean"], side="front", fonts="heldout")
    assert {s.truth["meta"]["font"] for s in held} <= set(HELDOUT_FONTS)
    with pytest.raises(ValueError):
        synth_fonts.select_fonts(["NoSuchFont"])


def test_line_crops_for_training():
    crops = list(line_crops(3, seed=0))
    assert len(crops) > 30
    fields = {f for _, _, f, _ in crops}
    assert {"id_number", "dob_th", "address_1", "laser_number"} <= fields
    for img, text, _field, family in crops:
        assert family in TRAIN_FONTS
        assert text and img.width > img.height > 8


def test_bad_files_and_cli(tmp_path):
    bad = {s.truth["meta"]["bad"]: s for s in bad_samples(4, seed=0)}
    assert bad["empty"].image == b""
    with pytest.raises(OSError):
        Image.open(io.BytesIO(bad["truncated_jpeg"].image)).load()
    Image.open(io.BytesIO(bad["no_card_photo"].image)).load()

    import argparse

    p = argparse.ArgumentParser()
    add_arguments(p)
    args = p.parse_args(["--n", "2", "--seed", "7", "--out", str(tmp_path), "--side", "front",
                         "--conditions", "clean,rotated", "--bad", "2"])  # fmt: skip
    assert run(args) == 0
    names = sorted(x.name for x in tmp_path.iterdir())
    assert len(names) == 8
    assert any("rotated" in n for n in names) and any(n.startswith("bad_") for n in names)
    bogus = p.parse_args(["--out", str(tmp_path), "--conditions", "nope"])
    assert run(bogus) == 2


@pytest.mark.parametrize("seed", range(4))
def test_perspective_changes_aspect_by_at_most_ten_percent(seed):
    s = generate(1, seed=seed, conditions=["perspective"], side="front")[0]
    q = np.asarray(s.truth["meta"]["card_quad"], float)
    side = lambda a, b: float(np.hypot(*(q[a] - q[b])))  # noqa: E731
    width = (side(0, 1) + side(3, 2)) / 2
    height = (side(0, 3) + side(1, 2)) / 2
    assert abs((width / height) / (1000 / 630) - 1) <= 0.10


def test_samples_at_gives_generates_card_without_the_cards_before_it():
    from thaiid_ops.synth import samples_at

    every = generate(4, 31)
    for i in (0, 3):
        mine = [s for s in every if s.name.startswith(f"synth_31_{i:05d}")]
        got = samples_at(i, 31)
        assert [s.name for s in got] == [s.name for s in mine]
        assert [s.image for s in got] == [s.image for s in mine]
    assert [s.name.split("_")[3] for s in samples_at(3, 31, side="back")] in (["back"], ["pdf"])
