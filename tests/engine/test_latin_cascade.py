"""The Latin cascade: the CRNN reads Latin and digit lines first, PP-OCR reads again the
lines it is unsure of, Thai lines, and the values a rule rejects."""

from __future__ import annotations

import random

import numpy as np
import pytest

import thaiid_ops
from thaiid_ops.engine import ocr, recognizer
from thaiid_ops.engine import pipeline as P

pytestmark = pytest.mark.skipif(not recognizer.available(), reason="model file not built")


def _card(seed: str = "cascade:0"):
    from thaiid_ops.synth import random_spec, render_card

    r = random.Random(seed)
    card = render_card(random_spec(r), "front", rng=r)
    img = np.ascontiguousarray(np.asarray(card.image.convert("RGB"))[:, :, ::-1])
    lines = {}
    for it in card.items:
        if it.kind == "value" and it.field not in lines:
            x0, y0, x1, y1 = it.box
            q = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
            lines[it.field] = (P.Line(q, x0, y0, x1, y1), it.text)
    return img, lines


def test_both_latin_readers_share_their_output_columns() -> None:
    # One reader's probabilities must decode with the other's `decode` (P._redecode).
    assert ocr.LatinRecognizer().chars == ocr.CrnnLatin().chars


def test_trust_is_high_on_a_printed_id_and_never_accepts_a_thai_line() -> None:
    img, lines = _card()
    fast = ocr.CrnnLatin()
    id_line, id_text = lines["id_number"]
    name_line, _ = lines["title_name_surname_th"]
    crops = [
        P.line_crop(img, ln, pad_y=fast.pad_y, pad_x=fast.pad_x) for ln in (id_line, name_line)
    ]
    (id_probs, id_trust), (_, name_trust) = (fast.trusted(p) for p in fast.rec.run(crops))
    assert id_trust > 0.5
    assert fast.decode(id_probs, ocr.DIGITS + " ").text.replace(" ", "") == id_text.replace(" ", "")
    assert name_trust == -1.0


def test_cascade_reads_fast_then_strong(monkeypatch) -> None:
    monkeypatch.setenv("THAIID_LATIN_READER", "cascade")
    monkeypatch.setenv("THAIID_LATIN_TRUST", "0")
    img, lines = _card("cascade:1")
    id_line, id_text = lines["id_number"]
    name_line, _ = lines["title_name_surname_th"]
    P._read_latin(img, [id_line, name_line])
    assert id_line.latin.fast and not name_line.latin.fast  # Thai goes to PP-OCR
    assert _digits(id_line.text) == _digits(id_text)
    P._read_latin(img, [id_line])  # read once: a second call keeps the reading
    assert id_line.latin.fast
    P._read_latin(img, [id_line], strong=True)
    assert not id_line.latin.fast and _digits(id_line.text) == _digits(id_text)


def test_latin_only_leaves_a_thai_line_to_the_crnn(monkeypatch) -> None:
    # Looking for a Latin label or code, PP-OCR reading a Thai line gives only noise.
    monkeypatch.setenv("THAIID_LATIN_READER", "cascade")
    img, lines = _card("cascade:2")
    name_line, _ = lines["title_name_surname_th"]
    surname_line, surname = lines["surname_en"]
    P._read_latin(img, [name_line, surname_line], latin_only=True)
    assert P._thai_line(name_line) and name_line.latin.fast
    assert not P._thai_line(surname_line) and surname in surname_line.text
    P._read_latin(img, [name_line], strong=True)  # a strong read still goes to PP-OCR
    assert not name_line.latin.fast


def test_cascade_is_off_unless_chosen(monkeypatch) -> None:
    monkeypatch.setenv("THAIID_LATIN_READER", "ppocr")
    monkeypatch.setenv("THAIID_LATIN_TRUST", "0")
    assert ocr.fast_latin() is None
    img, lines = _card()
    id_line, _ = lines["id_number"]
    P._read_latin(img, [id_line])
    assert not id_line.latin.fast


def test_cascade_is_the_default_and_needs_the_model(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("THAIID_LATIN_READER", raising=False)
    assert ocr.latin_reader() == "cascade" and ocr.fast_latin() is not None
    monkeypatch.setenv("THAIID_RECOGNIZER_MODEL", str(tmp_path / "missing.onnx"))
    assert ocr.latin_reader() == "ppocr" and ocr.fast_latin() is None


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def test_cascade_reads_clean_cards_right(monkeypatch) -> None:
    from thaiid_ops.synth import generate

    monkeypatch.setenv("THAIID_LATIN_READER", "cascade")
    keys = ("id_number", "title_name_en", "surname_en", "dob_en", "doi_en", "doe_en", "dob_th")
    samples = [s for s in generate(2, 3, conditions=["clean"]) if "front" in s.name]
    assert len(samples) == 2
    for s in samples:
        got, want = thaiid_ops.extract(s.image)["data"][0], s.truth["data"][0]
        for k in keys:
            assert got[k]["value"] == want[k]["value"], k


def test_house_and_moo_digits_come_from_the_crnn_when_it_is_sure(monkeypatch) -> None:
    monkeypatch.setenv("THAIID_LATIN_READER", "cascade")
    img, lines = _card("cascade:5")
    row, truth = lines["address_1"]
    assert truth.startswith("184/69 หมู่ที่ 4 ")

    def no_ppocr():
        raise AssertionError("PP-OCR was not needed")

    monkeypatch.setattr(ocr, "latin", no_ppocr)

    # Tesseract's reading with the moo number's digits turned into letters.
    def no_native_read() -> str:
        raise AssertionError("the digits confirm the house number: no second Tesseract read")

    fixed = P._fix_house_digits(img, [row], truth.replace(" 4 ", " ฮ "), no_native_read)
    assert fixed.split()[:3] == ["184/69", "หมู่ที่", "4"]
    assert row.crnn is not None and row.latin is None
