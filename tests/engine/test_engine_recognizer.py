"""The CRNN line recogniser: normalisation, input preparation, and real reads of synth lines."""

from __future__ import annotations

import random
import threading

import numpy as np
import pytest

from thaiid_ops.engine import recognizer as rec


def test_label_normalisation_folds_nikhahit_sara_aa() -> None:
    assert rec.normalize_label("ก\u0e4d\u0e32  แพง ") == "ก\u0e33 แพง"
    assert "\u0e33" in rec.CHARSET and len(set(rec.CHARSET)) == len(rec.CHARSET)


def test_decoder_output_folds_and_keeps_one_prob_per_char() -> None:
    read = rec._normalized(list("ก\u0e4d\u0e32 "), [0.9, 0.8, 0.7, 0.99])
    assert read.text == "ก\u0e33"
    assert read.char_probs == [0.9, 0.7]
    assert "ก" not in repr(read)  # no recognised text in reprs


def test_prepare_grey_and_bgr_agree() -> None:
    rng = np.random.default_rng(0)
    grey = rng.integers(0, 255, (40, 300), dtype=np.uint8)
    bgr = np.repeat(grey[:, :, None], 3, axis=2)
    a, b = rec.prepare(grey), rec.prepare(bgr)
    assert a.shape == (rec.INPUT_H, 240) and a.dtype == np.float32
    assert np.allclose(a, b) and a.min() >= -1 and a.max() <= 1
    assert rec.prepare(np.zeros((0, 5), np.uint8)).shape[0] == rec.INPUT_H


def _heldout_lines(n_cards: int = 2):
    from thaiid_ops.synth import HELDOUT_FONTS, random_spec, render_card

    out = []
    for i in range(n_cards):
        r = random.Random(f"rec-test:{i}")
        card = render_card(random_spec(r), "front", rng=r, font=HELDOUT_FONTS[i % 3])
        img = np.asarray(card.image.convert("RGB"))[:, :, ::-1]
        for it in card.items:
            if it.kind != "value" or it.field == "officer_name":
                continue
            x0, y0, x1, y1 = it.box
            h = y1 - y0
            crop = img[
                int(max(0, y0 - 0.32 * h)) : int(y1 + 0.32 * h),
                int(max(0, x0 - 0.25 * h)) : int(x1 + 0.25 * h),
            ]
            out.append((crop, rec.normalize_label(it.text)))
    return out


needs_model = pytest.mark.skipif(not rec.available(), reason="model file not built")


@needs_model
def test_reads_heldout_font_lines() -> None:
    from rapidfuzz.distance import Levenshtein

    lines = _heldout_lines()
    reads = rec.recognize([c for c, _ in lines])
    assert len(reads) == len(lines)
    dist = sum(Levenshtein.distance(r.text, t) for r, (_, t) in zip(reads, lines, strict=True))
    cer = dist / sum(len(t) for _, t in lines)
    # Floor for the first committed model (step 2613: CER 0.116, 18/28 exact here); raise it
    # as the model improves.
    assert cer < 0.2, cer
    assert sum(r.text == t for r, (_, t) in zip(reads, lines, strict=True)) >= len(lines) // 2
    for r in reads:
        assert len(r.char_probs) == len(r.text)
        assert all(0.0 < p <= 1.0 for p in r.char_probs)


@needs_model
def test_threads_share_one_recogniser() -> None:
    crops = [c for c, _ in _heldout_lines(1)]
    want = [r.text for r in rec.recognize(crops)]
    got: dict[int, list[str]] = {}

    def work(k: int) -> None:
        got[k] = [r.text for r in rec.recognize(crops)]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(v == want for v in got.values())
