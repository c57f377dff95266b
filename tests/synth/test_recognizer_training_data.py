"""The recogniser's training data: per-word synth boxes, engine-cut crops and their labels,
and the weighted pass order (tools/train_recognizer; torch is not needed for these)."""

from __future__ import annotations

import itertools
import pickle
import random

import numpy as np

from thaiid_ops.engine import pipeline
from thaiid_ops.synth import fonts as F
from thaiid_ops.synth.render import render_card
from thaiid_ops.synth.spec import random_spec
from tools.train_recognizer.data import epoch_order, load_shards, write_shards
from tools.train_recognizer.engine_crops import engine_crops, line_label


def _line(x0, y0, x1, y1) -> pipeline.Line:
    q = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
    return pipeline.Line(q, x0, y0, x1, y1)


def test_word_boxes_tile_each_printed_line():
    rng = random.Random(5)
    render = render_card(random_spec(rng), "front", rng=rng)
    for it in render.items:
        words = [w for w, _ in it.words]
        assert words == it.text.split(), it.field
        boxes = [b for _, b in it.words]
        assert all(a[2] <= b[0] + 1 for a, b in itertools.pairwise(boxes))
        assert abs(boxes[0][0] - it.box[0]) <= 2 and abs(boxes[-1][2] - it.box[2]) <= 2


def test_line_label_takes_whole_words_and_refuses_cut_ones():
    words = [
        ("ชื่อตัวและชื่อสกุล", 100, 154, 270, 183),
        ("นาย", 280, 170, 330, 191),
        ("สมชาย", 345, 165, 440, 190),
        ("17", 88, 215, 114, 229),  # the row below
    ]
    assert line_label(_line(95, 150, 450, 196), words) == "ชื่อตัวและชื่อสกุล นาย สมชาย"
    assert line_label(_line(275, 160, 450, 195), words) == "นาย สมชาย"
    assert line_label(_line(275, 160, 400, 195), words) is None  # cuts สมชาย
    assert line_label(_line(85, 150, 450, 232), words) is None  # two rows in one box
    assert line_label(_line(600, 150, 700, 190), words) is None  # nothing printed there


def test_engine_crops_are_labelled_from_the_engine_own_boxes():
    families = F.select_fonts("train")
    rows = [r for i in range(3) for r in engine_crops(i, 11, families, ["clean"])]
    assert len(rows) > 30
    labels = [r[1] for r in rows]
    assert "Identification Number" in labels
    assert any("ชื่อตัวและชื่อสกุล" in t or "ที่อยู่" in t for t in labels)
    for img, text, _kind, _font, cond in rows:
        assert img.dtype == np.uint8 and img.shape[0] == 32 and text == " ".join(text.split())
        assert cond == "clean"
    fields = {text: kind for _img, text, kind, _font, _cond in rows}
    assert fields["Identification Number"] == "label:id_number_en"
    assert any(f == "id_number" for f in fields.values())


def test_weighted_shards_and_pass_order(tmp_path):
    write_shards(tmp_path / "a", range(4), 2, lambda i: [(i, f"a{i}")])
    write_shards(tmp_path / "b", range(2), 2, lambda i: [(i, f"b{i}")])
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        "shard_000000.pkl",
        "shard_000002.pkl",
    ]
    rows, weights, seen = [], [], set()
    load_shards(f"{tmp_path / 'a'}*2,{tmp_path / 'b'}*0.5", seen, rows, weights)
    assert [r[1] for r in rows] == ["a0", "a1", "a2", "a3", "b0", "b1"]
    assert weights == [2.0] * 4 + [0.5] * 2
    load_shards(f"{tmp_path / 'a'}*2", seen, rows, weights)  # nothing new
    assert len(rows) == 6
    order = epoch_order(weights, random.Random(1))
    assert sorted(i for i in order if i < 4) == [0, 0, 1, 1, 2, 2, 3, 3]
    counts = [sum(epoch_order(weights, random.Random(s)).count(4) for s in range(400))]
    assert 150 < counts[0] < 250  # drawn about half the passes
    assert pickle.loads((tmp_path / "b" / "shard_000000.pkl").read_bytes()) == [
        (0, "b0"),
        (1, "b1"),
    ]
