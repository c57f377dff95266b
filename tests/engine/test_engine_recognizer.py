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
    # Floor for the committed model (v2, step 4800: CER 0.002, 27/28 exact here; the first
    # model had 0.116 and 18/28).
    assert cer < 0.03, cer
    assert sum(r.text == t for r, (_, t) in zip(reads, lines, strict=True)) >= len(lines) - 3
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


def test_thai_reader_choice_env_override_and_fallback(monkeypatch) -> None:
    from thaiid_ops.engine import pipeline as P

    monkeypatch.delenv("THAIID_THAI_READER", raising=False)
    assert {P.thai_reader(k) for k in P.THAI_READERS} <= set(P._READERS)
    assert P._fallbacks("address") == tuple(P.THAI_READERS["address"].split("+"))
    monkeypatch.setenv("THAIID_THAI_READER", "both")
    assert P._fallbacks("religion") == ("crnn", "tesseract")
    for forced in ("crnn", "tesseract"):
        monkeypatch.setenv("THAIID_THAI_READER", forced)
        assert all(P.thai_reader(k) == forced for k in P.THAI_READERS)
    monkeypatch.setenv("THAIID_THAI_READER", "crnn")
    monkeypatch.setattr(rec, "MODEL_PATH", rec.MODEL_DIR / "missing.onnx")
    assert P.thai_reader("name") == "crnn"  # the int8 copy alone still reads
    monkeypatch.setattr(rec, "MODEL_INT8_PATH", rec.MODEL_DIR / "missing_int8.onnx")
    assert P.thai_reader("name") == "tesseract"  # no model file: the explicit fallback


@needs_model
@pytest.mark.parametrize("reader", ["crnn", "tesseract", "both"])
def test_both_thai_readers_read_a_clean_front(monkeypatch, reader: str) -> None:
    import thaiid_ops
    from thaiid_ops.synth import generate

    monkeypatch.setenv("THAIID_THAI_READER", reader)
    sample = generate(1, 808, conditions=["clean"], side="front")[0]
    page = thaiid_ops.extract(sample.image, include_sensitive=True)["data"][0]
    truth = sample.truth["data"][0]
    for key in ("dob_th", "doi_th", "doe_th", "address_province"):
        assert page[key]["value"] == truth[key]["value"], key
    assert page["name_th"]["value"]  # read, and split from title and surname


def test_without_tesseract_the_crnn_reads_every_kind(monkeypatch) -> None:
    from thaiid_ops.engine import ocr
    from thaiid_ops.engine import pipeline as P

    monkeypatch.delenv("THAIID_THAI_READER", raising=False)
    monkeypatch.delenv("THAIID_TESSERACT", raising=False)
    assert ocr.tesseract_available()  # installed here (bootstrap.sh)
    assert "tesseract" in P._fallbacks("address")
    monkeypatch.setenv("THAIID_TESSERACT", "off")
    assert not ocr.tesseract_available()
    assert {P.thai_reader(k) for k in P.THAI_READERS} == {"crnn"}
    monkeypatch.setenv("THAIID_THAI_READER", "tesseract")  # a forced reader that is absent
    assert P._fallbacks("religion") == ("crnn",)


def test_tesseract_missing_is_detected_and_said_once(monkeypatch, caplog) -> None:
    import sys

    from thaiid_ops.engine import ocr

    monkeypatch.delenv("THAIID_TESSERACT", raising=False)
    ocr._tesseract_installed.cache_clear()
    try:
        monkeypatch.setitem(sys.modules, "tesserocr", None)  # the import fails
        with caplog.at_level("WARNING", logger="thaiid_ops.engine.ocr"):
            assert not ocr.tesseract_available()
            assert not ocr.tesseract_available()
        assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1
        assert "CRNN alone" in caplog.records[0].message
        monkeypatch.undo()
        ocr._tesseract_installed.cache_clear()
        monkeypatch.setattr(ocr, "TESSDATA_CANDIDATES", ("/nonexistent/tessdata",))
        assert not ocr.tesseract_available()  # tesserocr, but no Thai tessdata
    finally:
        monkeypatch.undo()
        ocr._tesseract_installed.cache_clear()
    assert ocr.tesseract_available()


@pytest.fixture
def tesseract_on(monkeypatch):
    """Tesseract installed (bootstrap.sh) and not turned off."""
    from thaiid_ops.engine import ocr

    monkeypatch.delenv("THAIID_TESSERACT", raising=False)
    assert ocr.tesseract_available()


@pytest.fixture
def tesseract_off(monkeypatch):
    """THAIID_TESSERACT=off, and any call into Tesseract fails the test."""
    from thaiid_ops.engine import ocr

    def no_tesseract(*_a, **_k):
        raise AssertionError("Tesseract was called")

    monkeypatch.setenv("THAIID_TESSERACT", "off")
    monkeypatch.setattr(ocr, "read_thai", no_tesseract)


@needs_model
@pytest.mark.usefixtures("tesseract_off")
def test_a_front_reads_with_tesseract_off() -> None:
    import thaiid_ops
    from thaiid_ops.synth import generate

    sample = generate(1, 808, conditions=["clean"], side="front")[0]
    page = thaiid_ops.extract(sample.image, include_sensitive=True)["data"][0]
    truth = sample.truth["data"][0]
    keys = ("title_name_surname_th", "dob_th", "doi_th", "doe_th", "religion", "address_full")
    for key in keys:
        assert page[key]["value"] == truth[key]["value"], key


@needs_model
def test_without_tesseract_the_crnns_other_cuts_read_a_blurred_address(
    monkeypatch, tesseract_off
) -> None:
    import thaiid_ops
    from thaiid_ops.engine import pipeline as P
    from thaiid_ops.synth import generate

    sample = generate(1, 5, conditions=["blur_jpeg"], side="front")[0]
    truth = sample.truth["data"][0]["address_full"]["value"]
    own_cut = P._address_cuts
    asked: list[list[tuple[str, float]]] = []

    def cuts(img, rows):
        got = own_cut(img, rows)
        asked.extend(raw for _, _, raw in got)
        return got

    monkeypatch.setattr(P, "_address_cuts", cuts)
    assert thaiid_ops.extract(sample.image)["data"][0]["address_full"]["value"] == truth
    assert asked and all(len(raw) == len(asked[0]) for raw in asked)  # one text per row
    assert len({tuple(t for t, _ in raw) for raw in asked}) == len(asked)  # each new
    # The CRNN's own cut alone does not place it (why the cuts are read).
    monkeypatch.setattr(P, "_address_cuts", lambda img, rows: [])
    assert thaiid_ops.extract(sample.image)["data"][0]["address_full"]["value"] != truth


@pytest.fixture
def rows_cut(monkeypatch) -> list[int]:
    """How many address rows each call of `_address_cuts` was given (it still reads them)."""
    from thaiid_ops.engine import pipeline as P

    own = P._address_cuts
    seen: list[int] = []

    def cuts(img, rows):
        seen.append(len(rows))
        return own(img, rows)

    monkeypatch.setattr(P, "_address_cuts", cuts)
    return seen


@needs_model
@pytest.mark.usefixtures("tesseract_on")
def test_the_other_cuts_numbers_mend_a_blurred_house_number(monkeypatch, rows_cut) -> None:
    import thaiid_ops
    from thaiid_ops.engine import pipeline as P
    from thaiid_ops.synth import generate

    sample = generate(1, 68, conditions=["blur_jpeg"], side="front")[0]
    truth = sample.truth["data"][0]
    page = thaiid_ops.extract(sample.image)["data"][0]
    for key in ("address_house_building_number", "address_full"):
        assert page[key]["value"] == truth[key]["value"], key
    assert rows_cut == [1]  # with Tesseract, only the first row's numbers are heard
    monkeypatch.setattr(P, "_address_cuts", lambda img, rows: [])
    page = thaiid_ops.extract(sample.image)["data"][0]
    assert page["address_full"]["value"] != truth["address_full"]["value"]


@needs_model
@pytest.mark.usefixtures("tesseract_on")
def test_the_other_cuts_place_an_address_no_reader_placed_last(monkeypatch, rows_cut) -> None:
    import thaiid_ops
    from thaiid_ops.engine import pipeline as P
    from thaiid_ops.synth import generate

    sample = generate(1, 129, conditions=["blur_jpeg"], side="front")[0]
    truth = sample.truth["data"][0]["address_full"]["value"]
    assert thaiid_ops.extract(sample.image)["data"][0]["address_full"]["value"] == truth
    # The first row's cuts for their numbers; every row's once Tesseract's readings and
    # the CRNN's placed nothing.
    assert rows_cut[:2] == [1, 2]
    monkeypatch.setattr(P, "_called", lambda make: iter(()))
    assert thaiid_ops.extract(sample.image)["data"][0]["address_full"]["value"] != truth


@needs_model
@pytest.mark.usefixtures("tesseract_on")
def test_no_other_cuts_are_read_on_a_clean_front(monkeypatch, rows_cut) -> None:
    # The CRNN is sure of every digit of the first row (no cuts for their numbers), and
    # Tesseract's reading places the address (no cuts to place).
    import thaiid_ops
    from thaiid_ops.engine import pipeline as P
    from thaiid_ops.synth import generate

    sample = generate(1, 808, conditions=["clean"], side="front")[0]
    truth = sample.truth["data"][0]
    page = thaiid_ops.extract(sample.image)["data"][0]
    for key in ("address_house_building_number", "address_full"):
        assert page[key]["value"] == truth[key]["value"], key
    assert rows_cut == []
    assert P._digits_sure([]) is False  # (a row without digits is read in the cuts)
    # Where the digit checks do not take the CRNN's numbers (PP-OCR reads the digits), the
    # cuts' numbers are heard.
    monkeypatch.setenv("THAIID_LATIN_READER", "ppocr")
    page = thaiid_ops.extract(sample.image)["data"][0]
    assert page["address_full"]["value"] == truth["address_full"]["value"]
    assert rows_cut == [1]


@needs_model
def test_a_lines_other_cuts_are_read_once(monkeypatch) -> None:
    # The address's first row is read in the cuts for its numbers, and again with the
    # other rows where no reading places the address: its cuts are not read twice.
    import cv2

    from thaiid_ops.engine import pipeline as P

    img = np.full((120, 600, 3), 255, np.uint8)
    cv2.putText(img, "123 Moo 4 Road", (20, 70), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
    cv2.putText(img, "56 Soi 7", (20, 110), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (0, 0, 0), 2)
    first, second = P.Line.box(15, 35, 320, 80), P.Line.box(15, 85, 200, 116)
    read: list[int] = []
    real = P.recognizer.recognize

    def counted(crops, *args, **kwargs):
        read.extend([len(crops)] if len(crops) else [])  # (a call with nothing to read)
        return real(crops, *args, **kwargs)

    monkeypatch.setattr(P.recognizer, "recognize", counted)
    alone = P._read_in_views(img, [first])
    n = len(P._NAME_VIEWS)
    assert read == [1, n]  # its own cut, then the others
    again = P._read_in_views(img, [first])
    assert read == [1, n]  # nothing read again
    both = P._read_in_views(img, [first, second])
    assert read == [1, n, 1, n]  # only the second line read now
    assert alone is not None and again is not None and both is not None
    assert len(alone[1][0]) == n + 1
    for reads in (again[1][0], both[1][0]):  # the first line's reads: the same objects
        assert all(a is b for a, b in zip(reads, alone[1][0], strict=True))


@pytest.mark.parametrize("labels", [[1], [1, 2], [2, 2], [1, 2, 1], []])
def test_ctc_log_likelihood_matches_brute_force(labels: list[int]) -> None:
    import itertools

    rng = np.random.default_rng(len(labels))
    t_len, n_cls = 5, 3
    logits = rng.normal(size=(t_len, n_cls))
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    total = 0.0
    for path in itertools.product(range(n_cls), repeat=t_len):
        collapsed = [k for i, k in enumerate(path) if k and (i == 0 or k != path[i - 1])]
        if collapsed == labels:
            total += float(np.prod([probs[t, k] for t, k in enumerate(path)]))
    assert rec.ctc_log_likelihoods(probs, [labels])[0] == pytest.approx(np.log(total), rel=1e-6)


def test_scaled_ctc_sums_match_the_log_space_ones_however_unlikely() -> None:
    # A peaked output like the model's (a line of 120 steps) scored against its own best
    # path, near edits of it and hopeless random labels: the scaled sums agree with the log
    # space ones everywhere, the hopeless rows through their log-space fallback.
    rng = np.random.default_rng(7)
    logits = rng.normal(0, 12, (120, 40))
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    best = probs.argmax(axis=1)
    path = [int(k) for i, k in enumerate(best) if k and (i == 0 or k != best[i - 1])]
    seqs = [path, path[1:], path[:-1], [*path[:5], 7, *path[5:]], [], [3] * 121]
    seqs += [rng.integers(1, 40, int(n)).tolist() for n in rng.integers(1, 60, 12)]
    got = rec.ctc_log_likelihoods(probs, seqs)
    live = [i for i, q in enumerate(seqs) if 0 < len(q) <= 120]
    want = rec._ctc_log_space(probs, [seqs[i] for i in live])
    assert np.allclose(got[live], want, rtol=1e-12, atol=1e-9)
    assert (got[live] < rec._SCALED_FLOOR).sum() >= 6  # the fallback was exercised
    assert got[5] == -np.inf  # longer than the line
    assert got[4] == pytest.approx(float(np.log(np.maximum(probs[:, 0], 1e-30)).sum()))


def _plain_scaled(probs: np.ndarray, seqs: list[list[int]]) -> np.ndarray:
    # The textbook recursion, rescaled on the same steps: the reference for the engine's.
    ext, ends, skip, within = rec._extended(seqs)
    pe = np.maximum(probs, rec._FLOOR)[:, ext] * within[None]
    alpha = np.zeros(ext.shape)
    alpha[:, :2] = pe[0, :, :2]
    logscale = np.zeros(len(seqs))
    for t in range(1, probs.shape[0]):
        a = alpha.copy()
        a[:, 1:] += alpha[:, :-1]
        a[:, 2:] += alpha[:, :-2] * skip[:, 2:]
        alpha = a * pe[t]
        if t % rec._RESCALE == 0 or t == probs.shape[0] - 1:
            s = alpha.max(axis=1)
            s[s == 0] = 1.0
            alpha /= s[:, None]
            logscale += np.log(s)
    rows = np.arange(len(seqs))
    with np.errstate(divide="ignore"):
        return np.log(alpha[rows, ends] + alpha[rows, ends - 1]) + logscale


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_scaled_ctc_sums_are_the_plain_recursions_bit_for_bit(dtype: type) -> None:
    rng = np.random.default_rng(11)
    for steps in (2, 3, 9, 57, 150):
        logits = rng.normal(0, 8, (steps, 50))
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs = (probs / probs.sum(axis=1, keepdims=True)).astype(dtype)
        seqs = [rng.integers(1, 50, int(n)).tolist() for n in rng.integers(1, steps + 1, 9)]
        seqs += [[4], [6, 6, 6][:steps]]
        assert np.array_equal(rec._ctc_scaled(probs, seqs), _plain_scaled(probs, seqs))


def test_scores_are_remembered_per_reading_and_match_a_fresh_batch(ctc_path) -> None:
    # A text's sum does not depend on the texts scored beside it, so the memo on the
    # reading gives what a fresh reading scoring it alone gives, to the bit.
    r = rec.recognizer()
    texts = ["1107-09-94960452", "1107-09-9496045", "1107 09 94960452", "ABC", "", "x" * 80]
    read = rec.LineRead("", [], ctc_path(texts[0], hide=7))
    first = r.scores(read, texts[:3])
    again = r.scores(read, [texts[2], *texts, texts[0]])
    for k, t in enumerate(texts):
        alone = r.scores(rec.LineRead("", [], read.probs), [t])[0]
        assert again[k + 1] == alone or (np.isneginf(again[k + 1]) and np.isneginf(alone))
    assert again[0] == first[2] and again[-1] == first[0] > again[4]  # "ABC": not the pixels
    assert np.isneginf(again[6])  # longer than the steps
    # Another output swapped onto the reading is scored afresh, not from the memo.
    read.probs = ctc_path("ABC")
    assert r.scores(read, ["ABC"])[0] > r.scores(read, [texts[0]])[0]


def test_word_mixes_combine_readings_word_by_word() -> None:
    from thaiid_ops.engine import pipeline as P

    assert P._word_mixes("นาย กข คง", "นาย กช คง") == ["นาย กข คง", "นาย กช คง"]
    assert len(P._word_mixes("a b c", "x y z")) == 8
    assert P._word_mixes("a b", "a b c") == ["a b", "a b c"]


def test_model_path_override_and_fallbacks(monkeypatch, tmp_path) -> None:
    from thaiid_ops.engine import ocr, pipeline

    monkeypatch.setenv("THAIID_RECOGNIZER_MODEL", str(tmp_path / "missing.onnx"))
    assert not rec.available()
    # Without the model the engine falls back to Tesseract and PP-OCR.
    assert pipeline.thai_reader("date") == "tesseract"
    monkeypatch.setenv("THAIID_LATIN_READER", "crnn")
    assert ocr.latin_reader() == "ppocr"
    monkeypatch.delenv("THAIID_RECOGNIZER_MODEL")
    assert rec.available() and ocr.latin_reader() == "crnn"


def test_thai_reader_forced_per_kind(monkeypatch) -> None:
    from thaiid_ops.engine import pipeline

    monkeypatch.setenv("THAIID_THAI_READER", "name=crnn;address=crnn+tesseract")
    assert pipeline.thai_reader("name") == "crnn"
    assert pipeline.thai_reader("address") == "crnn+tesseract"
    assert pipeline.thai_reader("date") == pipeline.THAI_READERS["date"]
    monkeypatch.setenv("THAIID_THAI_READER", "tesseract")
    assert {pipeline.thai_reader(k) for k in pipeline.THAI_READERS} == {"tesseract"}


def test_weakest_character_of_a_name_reading() -> None:
    import io

    import cv2
    from PIL import Image

    from thaiid_ops.engine import pipeline
    from thaiid_ops.synth import generate

    sample = next(s for s in generate(1, 3, conditions=["clean"]) if "front" in s.name)
    img = sample.image
    img = img if isinstance(img, Image.Image) else Image.open(io.BytesIO(img))
    bgr = cv2.cvtColor(np.asarray(img.convert("RGB")), cv2.COLOR_RGB2BGR)
    res = pipeline.find_and_read(bgr)
    lines = res.fields["title_name_surname_th"].lines
    img = res.rect.image
    _, mean = pipeline._read_thai(img, lines, reader="crnn")
    text, low = pipeline._read_thai(img, lines, reader="crnn", weakest=())
    assert text and 0.0 < low <= mean <= 1.0
    reads = rec.recognize([pipeline.line_crop(img, ln) for ln in lines])
    assert low == min(p for rd in reads for p in rd.char_probs)
    assert pipeline._read_thai(img, [], reader="crnn", weakest=()) == ("", 0.0)


def test_weakest_character_past_the_printed_label() -> None:
    from thaiid_ops.engine import pipeline

    # The name line as the CRNN read it with the label merged in: an unsure label vowel
    # (0.3) does not make the name unsure; an unsure name letter (0.4) does.
    label, name = "ชื่อตวและชื่อสกุล", "นาย ศิริวัฒน์ ไชยกุสิน"
    text = f"{label} {name}"
    probs = [0.99] * len(text)
    probs[4] = 0.3
    rd = rec.LineRead(text, probs)
    assert pipeline._weakest_past_label([rd], [text], pipeline._NAME_TH_LABELS) == 0.99
    probs[len(label) + 6] = 0.4
    assert pipeline._weakest_past_label([rd], [text], pipeline._NAME_TH_LABELS) == 0.4
    assert pipeline._weakest_past_label([rd], [text], ()) == 0.3


@needs_model
@needs_model
def test_float_model_is_the_default_and_its_int8_copy_reads_like_it(monkeypatch) -> None:
    from rapidfuzz.distance import Levenshtein

    int8 = rec.MODEL_INT8_PATH
    monkeypatch.delenv("THAIID_RECOGNIZER_MODEL", raising=False)
    monkeypatch.delenv("THAIID_INT8", raising=False)
    assert rec.model_paths() == [rec.MODEL_PATH]
    monkeypatch.setenv("THAIID_INT8", "1")
    assert rec.model_paths() == [int8]
    quantized, full = rec.LineRecognizer(int8), rec.LineRecognizer(rec.MODEL_PATH)
    # Same alphabet, input height and width stretch, carried over in the metadata.
    assert quantized.chars == full.chars and quantized.height == full.height
    assert quantized.width_scale == full.width_scale
    import onnx

    model = onnx.load(str(int8))
    assert {"QuantizeLinear", "DequantizeLinear", "LSTM"} <= {n.op_type for n in model.graph.node}
    # 7-bit weights: two uint8 × int8 products sum below 2^15 (2 · 255 · 64 = 32,640), so
    # CPUs without VNNI, whose kernels sum such pairs in 16 bits with saturation, read as
    # the others do.
    conv = [onnx.numpy_helper.to_array(i) for i in model.graph.initializer]
    conv = [w for w in conv if w.dtype == np.int8 and w.ndim == 4]
    assert len(conv) == 6 and all(np.abs(w.astype(int)).max() <= 64 for w in conv)
    lines = _heldout_lines()
    crops = [c for c, _ in lines]
    for reader in (quantized, full):
        reads = reader.recognize(crops)
        dist = sum(Levenshtein.distance(r.text, t) for r, (_, t) in zip(reads, lines, strict=True))
        assert dist / sum(len(t) for _, t in lines) < 0.03
    same = sum(
        a.text == b.text
        for a, b in zip(quantized.recognize(crops), full.recognize(crops), strict=True)
    )
    assert same >= len(crops) - 2


def test_an_ensemble_averages_its_members(monkeypatch, tmp_path) -> None:
    import os

    crops = [c for c, _ in _heldout_lines(1)][:6]
    single = rec.LineRecognizer(rec.MODEL_PATH)
    twice = rec.LineRecognizer([rec.MODEL_PATH, rec.MODEL_PATH])
    for a, b in zip(single.run(crops), twice.run(crops), strict=True):
        assert a.shape == b.shape and np.allclose(a, b, atol=1e-6)
    # THAIID_RECOGNIZER_MODEL names the members; a missing one makes the model unavailable.
    monkeypatch.setenv("THAIID_RECOGNIZER_MODEL", f"{rec.MODEL_PATH}{os.pathsep}{rec.MODEL_PATH}")
    assert rec.model_paths() == [rec.MODEL_PATH, rec.MODEL_PATH] and rec.available()
    monkeypatch.setenv("THAIID_RECOGNIZER_MODEL", f"{rec.MODEL_PATH}{os.pathsep}{tmp_path / 'x'}")
    assert not rec.available()


def test_best_of_shape_spells_the_likeliest_text_of_a_shape(ctc_path) -> None:
    r = rec.recognizer()
    digits = "0123456789"
    shape = [*[digits] * 4, "-", *[digits] * 2, "-", *[digits] * 8]
    serial = "1107-09-94960452"
    read = rec.LineRead("", [], ctc_path(serial))
    text, ll = r.best_of_shape(read, shape)
    assert text == serial and ll == pytest.approx(r.score(read, serial))
    # A dash the blur hid: the best path drops it, the shape puts it back.
    read = rec.LineRead("", [], ctc_path(serial, hide=7))
    assert r._decode(read.probs).text == serial[:7] + serial[8:]
    assert r.best_of_shape(read, shape)[0] == serial
    # Equal neighbours need the blank between them, and a shape longer than the steps fails.
    assert r.best_of_shape(rec.LineRead("", [], ctc_path("1111")), [digits] * 4)[0] == "1111"
    assert r.best_of_shape(rec.LineRead("", [], ctc_path("12")), [digits] * 7) is None


def test_shapes_searched_together_find_what_each_finds_alone(ctc_path) -> None:
    # Dates of every month and both day lengths over one blurred line, side by side as
    # `_dates_by_shape` asks: the batch pads shorter shapes, which must change nothing.
    r = rec.recognizer()
    digits = "0123456789"
    read = rec.LineRead("", [], ctc_path("14 Jun. 1987", hide=3))
    months = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.")
    shapes = [
        [*[digits] * n, " ", *m, " ", "1", "9", digits, digits] for m in months for n in (1, 2)
    ]
    shapes.append([digits] * 40)  # more characters than the line has steps
    together = r.best_of_shapes(read, shapes)
    alone = [r.best_of_shapes(read, [shape])[0] for shape in shapes]
    assert together == alone and together[-1] is None
    best = max((f for f in together if f is not None), key=lambda f: f[1])
    assert best[0] == "14 Jun. 1987"


def _peaked(steps: list[dict[str, float]]) -> np.ndarray:
    """Per-step probabilities: the named characters' mass, the rest on the blank."""
    r = rec.recognizer()
    probs = np.full((len(steps), len(r.chars)), 1e-6, np.float32)
    for t, step in enumerate(steps):
        for c, p in step.items():
            probs[t, r.index[c]] = p
        probs[t, 0] = max(1e-6, 1.0 - sum(step.values()))
    return probs / probs.sum(axis=1, keepdims=True)


def _read(steps: list[dict[str, float]]) -> rec.LineRead:
    r = rec.recognizer()
    probs = _peaked(steps)
    read = r._decode(probs)
    read.probs = probs
    return read


@pytest.mark.skipif(not rec.available(), reason="model file not built")
def test_consensus_sums_the_likelihood_over_every_cut() -> None:
    one = _read([{"ก": 0.9}, {}, {"ข": 0.6, "ค": 0.4}, {}])
    assert rec.consensus([one]) == one.text == "กข"
    # Two cuts lean to ค: their summed likelihood outweighs the first cut's ข.
    two = [_read([{"ก": 0.9}, {}, {"ค": 0.7, "ข": 0.3}, {}]) for _ in range(2)]
    assert rec.consensus([one, *two]) == "กค"
    # Not a vote: one cut sure of ข outweighs two that barely prefer ค.
    sure = _read([{"ก": 0.9}, {}, {"ข": 0.99, "ค": 0.01}, {}])
    unsure = [_read([{"ก": 0.9}, {}, {"ค": 0.55, "ข": 0.45}, {}]) for _ in range(2)]
    assert [r.text for r in unsure] == ["กค", "กค"]
    assert rec.consensus([sure, *unsure]) == "กข"
