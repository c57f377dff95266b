"""The Thai name row checked against the English name: the CRNN's near alternatives that
agree better with the English line replace a misread consonant."""

from __future__ import annotations

import random

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from thaiid_ops.engine import pipeline as P
from thaiid_ops.engine import recognizer

pytestmark = pytest.mark.skipif(not recognizer.available(), reason="model file not built")


def _name_row(seed: str):
    from thaiid_ops.synth import random_spec, render_card

    r = random.Random(seed)
    spec = random_spec(r)
    card = render_card(spec, "front", rng=r)
    img = np.ascontiguousarray(np.asarray(card.image.convert("RGB"))[:, :, ::-1])
    it = next(i for i in card.items if i.kind == "value" and i.field == "title_name_surname_th")
    x0, y0, x1, y1 = it.box
    quad = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
    ln = P.Line(quad, x0, y0, x1, y1)
    P._crnn_reads(img, [ln])
    return ln, it.text, spec


def test_alternatives_are_near_edits_of_the_best_path() -> None:
    ln, _, _ = _name_row("roman:1")
    alts = recognizer.recognizer().alternatives(ln.crnn)
    assert alts[0][0] == ln.crnn.text
    assert len(alts) > 1 and len({t for t, _ in alts}) == len(alts)
    assert all(Levenshtein.distance(t, ln.crnn.text) <= 4 for t, _ in alts)
    assert all(np.isfinite(ll) for _, ll in alts)


def test_a_misread_consonant_is_undone_by_the_english_name(monkeypatch) -> None:
    monkeypatch.delenv("THAIID_ROMAN_CHECK", raising=False)
    fixed = 0
    for k in range(3):
        ln, truth, spec = _name_row(f"roman:{k}")
        if ln.crnn.text != truth:
            continue  # the check only chooses among the CRNN's own readings
        title = spec.title_en
        # Another reader's slip: the first name's first consonant read as another one.
        swap = "ก" if spec.name_th[0] != "ก" else "ภ"
        slipped = truth.replace(spec.name_th, swap + spec.name_th[1:], 1)
        args = (title, spec.name_en, spec.surname_en)
        assert P._romanized_name([ln], truth, *args) == truth  # a right reading stays
        fixed += P._romanized_name([ln], slipped, *args) == truth
        # Without an English name, or switched off, nothing changes.
        assert P._romanized_name([ln], slipped, title, None, spec.surname_en) == slipped
        monkeypatch.setenv("THAIID_ROMAN_CHECK", "0")
        assert P._romanized_name([ln], slipped, *args) == slipped
        monkeypatch.delenv("THAIID_ROMAN_CHECK")
    assert fixed >= 2


def test_name_agreement_prefers_the_reading_the_english_line_spells(monkeypatch) -> None:
    monkeypatch.delenv("THAIID_ROMAN_CHECK", raising=False)
    args = ("Mr.", "Somchai", "Sukchai")
    right = P._name_agreement("ชื่อตัวและชื่อสกุล นาย สมชาย สุขใจ", *args)
    wrong = P._name_agreement("ชื่อตัวและชื่อสกุล บาย ลมชาย สุขใจ", *args)
    assert 100 < wrong < right == 200
    # No English first name and surname: nothing to judge by.
    assert P._name_agreement("นาย สมชาย สุขใจ", "Mr.", None, "Sukchai") == 0.0


def test_a_misread_vowel_is_undone_by_the_english_spelling(monkeypatch) -> None:
    monkeypatch.delenv("THAIID_ROMAN_CHECK", raising=False)
    fixed = 0
    for k in range(6):
        ln, truth, spec = _name_row(f"roman:{k}")
        if ln.crnn.text != truth or "ั" not in spec.name_th:
            continue
        # The consonants may tie ("ชียวิทย์" and "ชัยวิทย์" both give "chwt"): the vowels judge.
        slipped = truth.replace(spec.name_th, spec.name_th.replace("ั", "ี", 1), 1)
        args = (spec.title_en, spec.name_en, spec.surname_en)
        assert P._name_agreement(slipped, *args) <= P._name_agreement(truth, *args)
        assert P._name_agreement(slipped, *args, spelled=True) < 200
        fixed += P._romanized_name([ln], slipped, *args) == truth
    assert fixed >= 1
