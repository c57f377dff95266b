"""The Latin recogniser's cut output head and cached-probability re-decoding, and the small
line and text repairs of the engine's speed/accuracy pass."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from thaiid_ops.engine import ocr
from thaiid_ops.engine import pipeline as P


def _text_crop(text: str, w: int = 420) -> np.ndarray:
    img = np.full((48, w, 3), 255, np.uint8)
    cv2.putText(img, text, (8, 34), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2, cv2.LINE_AA)
    return img


def test_cut_head_matches_full_head() -> None:
    rec = ocr.LatinRecognizer()
    assert rec._cols is None  # the head was cut (onnx is a dependency)
    full = ocr._session("PP-OCRv6_rec_small.onnx")
    crop = _text_crop("12 Mar. 2021")
    x = np.zeros((1, 3, 48, 512), np.float32)
    x[0, :, :, :420] = (crop.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)
    meta = full.get_modelmeta().custom_metadata_map
    chars = ["", *meta["character"].splitlines(), " "]
    keep = [0] + [chars.index(c) for c in rec.chars[1:]]
    a = full.run(None, {"x": x})[0][0][:, keep]
    b = rec.sess.run(None, {"x": x})[0][0]
    a = a / a.sum(axis=1, keepdims=True)
    b = b / b.sum(axis=1, keepdims=True)
    assert np.allclose(a, b, atol=1e-4)


@pytest.mark.parametrize("reader", [ocr.LatinRecognizer, ocr.CrnnLatin])
def test_redecode_from_cached_probs_equals_a_fresh_read(reader) -> None:
    rec = reader()
    crops = [_text_crop("1 2345 67890 12 3"), _text_crop("Name Mr. Krit", 300)]
    first = rec.read(crops, P.LATIN_CHARSET)
    assert all(r.probs.shape[1] == len(rec.chars) for r in first)
    assert set(rec.chars[1:]) <= set(ocr.UNION)
    assert "Krit" in first[1].text
    fresh = rec.read(crops, ocr.DIGITS + " ")
    again = [rec.decode(r.probs, ocr.DIGITS + " ") for r in first]
    assert [r.text for r in again] == [r.text for r in fresh]
    assert set(again[0].text) <= set(ocr.DIGITS + " ")


def _line(x0: float, x1: float, y0: float = 100, y1: float = 130) -> P.Line:
    q = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
    return P.Line(q, x0, y0, x1, y1)


def test_split_date_is_joined_with_its_row_neighbour_only() -> None:
    card = np.full((630, 1000, 3), 255, np.uint8)
    cv2.putText(card, "23 May", (100, 125), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    cv2.putText(card, "2033", (222, 125), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    day, year, far, below = _line(95, 210), _line(218, 300), _line(700, 800), _line(95, 300, 200)
    joined = P._joined(card, year, [day, year, far, below])
    assert (joined.x0, joined.x1) == (95, 300)
    assert P._en_date(joined).status == "valid"
    assert P._joined(card, far, [day, year, far, below]) is far


def test_address_label_and_punctuation_repairs() -> None:
    assert P._ADDR_LABEL.search("76626 ทื่อยู 766/26").group(0) == "ทื่อยู"
    assert P._ADDR_LABEL.search("ต.ทองหลาง") is None
    # ท read ช or ล; a speck read as a comma after the label.
    assert P._past_label("5 ชือย 94 หมู่ที่อ ๆ.ประชาราษฎร์") == "94 หมู่ที่อ ๆ.ประชาราษฎร์"
    assert P._past_label("๊ ล่อยู 81178 หมู่ที่ 7") == "81178 หมู่ที่ 7"
    assert P._past_label("หอยู่, 559/163 หมู่ที่ 12") == ", 559/163 หมู่ที่ 12"
    assert P._PUNCT_TOKEN.sub(" ", "130 ผู๋ | หมู่ที่ 4").split() == ["130", "ผู๋", "หมู่ที่", "4"]
    assert P._EN_TITLE_COMMA.sub(r"\1. ", "Mrs, Chatcha") == "Mrs. Chatcha"
    assert P._GLUED_NAME.sub("", "mameRueokngam") == "Rueokngam"
    assert P._GLUED_NAME.sub("", "Rueokngam") == "Rueokngam"


def test_address_stray_token_and_doubled_leading_vowel() -> None:
    assert P._repair_address("130 ผู๋ หมู่ที่ 4 ต.บ้านพร้าว") == "130 หมู่ที่ 4 ต.บ้านพร้าว"
    assert P._repair_address("73/94 หมู่ที่ 20 ถ.แเทศบาล 1") == "73/94 หมู่ที่ 20 ถ.เทศบาล 1"
    assert P._repair_address("12 หมู่ที่ 3 ต.แม่ใจ") == "12 หมู่ที่ 3 ต.แม่ใจ"
    # Several stray words between the house number and the moo (a photocopy's specks).
    got = P._repair_address("71/69 ศาเลน) วจ หีลสู่ หมู่ที่ 19 ซ.บางนา-ตราด 100")
    assert got == "71/69 หมู่ที่ 19 ซ.บางนา-ตราด 100"
    # A number split from the house's, or a named place, is no stray.
    assert P._repair_address("12 34 หมู่ที่ 5") == "12 34 หมู่ที่ 5"
    assert P._repair_address("5 ซ.ประชา หมู่ที่ 3") == "5 ซ.ประชา หมู่ที่ 3"
    # No Thai mark sits on a digit: one read after a soi's number is a speck.
    assert P._repair_address("ซ.มิตรไมตรี 80์ ต.ทุ่งแต้") == "ซ.มิตรไมตรี 80 ต.ทุ่งแต้"


def test_latin_reader_follows_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("THAIID_LATIN_READER", "crnn")
    assert ocr.latin_reader() == "crnn"
    monkeypatch.setenv("THAIID_LATIN_READER", "ppocr")
    assert ocr.latin_reader() == "ppocr"
    assert (ocr.CrnnLatin.pad_y, ocr.LatinRecognizer.pad_y) == (0.32, 0.12)


def test_house_and_moo_numbers_keep_the_digits_the_latin_reader_dropped(digit_reader: None) -> None:
    # The row as the digit reader sees it: "83 ... 1 ... 50" (a digit lost beside Thai
    # script); the Thai reader read "836" and "19" cleanly.
    card = _digits_card(((100, "83"), (300, "1"), (500, "50")))
    row = [_line(90, 170), _line(290, 340), _line(490, 570)]
    text = "836 หมู่ที่ 19 ซ.เจริญสุข 50 ต.ปากแพรก"
    native = "คือยู 836 หมู่ที่ 19 ซ.เจริญสุข 50 ต.ปากแพรก"  # label misread, not stripped
    assert P._fix_house_digits(card, row, text, native) == text
    # A moo number the Thai reader did not read cleanly still takes the digit reader's.
    assert P._fix_house_digits(card, row, "836 หมู่ที่ ๑ ต.ปากแพรก", native).startswith("836 หมู่ที่ 1 ")


def test_value_rows_ignore_specks_between_printed_rows() -> None:
    name_th = [_line(91, 278, 146, 187), _line(295, 668, 153, 196)]
    speck = _line(620, 642, 144, 160)  # a blob between the ID row and the name row
    name_en = [_line(300, 391, 201, 232), _line(376, 551, 201, 243)]
    rows = P._value_rows([*name_th, speck, *name_en], below=133)
    assert [len(r) for r in rows] == [2, 2]
    assert speck not in rows[0]


def test_print_filling_part_of_the_frame_is_a_weak_front() -> None:
    # A well-framed front: print reaches the serial (right) and the bottom dates.
    framed = [_line(100 + 10 * i, 300 + 60 * i, 40 + 60 * i, 70 + 60 * i) for i in range(9)]
    framed.append(_line(780, 960, 590, 610))
    assert not P._shrunk_print(framed)
    # The same print squeezed into the top-left two thirds (a hand framed with the card).
    shrunk = [_line(ln.x0 * 0.65, ln.x1 * 0.65, ln.y0 * 0.75, ln.y1 * 0.75) for ln in framed]
    assert P._shrunk_print(shrunk)
    assert not P._shrunk_print(shrunk[:5])  # too few lines to judge
    # The same print in the bottom-right part of the frame (wood grain taken with the card).
    inset = [
        _line(170 + ln.x0 * 0.75, 170 + ln.x1 * 0.75, 80 + ln.y0 * 0.75, 80 + ln.y1 * 0.75)
        for ln in framed
    ]
    assert P._shrunk_print(inset)


def test_front_without_its_id_number_is_weak() -> None:
    from thaiid_ops.engine.card import CARD_H, CARD_W, Rectified

    lines = [_line(100 + 10 * i, 300 + 60 * i, 40 + 60 * i, 70 + 60 * i) for i in range(9)]
    lines.append(_line(780, 960, 590, 610))
    quad = np.float32([[0, 0], [CARD_W, 0], [CARD_W, CARD_H], [0, CARD_H]])
    rect = Rectified(np.zeros((CARD_H, CARD_W, 3), np.uint8), np.eye(3), quad, "contour")
    fields = {"id_number": P.Reading("1101700230705", 0.99, valid=True)}
    assert not P._weak(P.CardRead("front", rect, lines, fields))
    # A frame cutting into the card loses the ID row: other frames are tried.
    assert P._weak(P.CardRead("front", rect, lines, {"dob_en": P.Reading("1 Jan. 1990", 0.9)}))


def test_moo_number_is_not_replaced_by_the_soi_number() -> None:
    # The digit reader missed the moo number "1": its numbers are the house and the soi.
    card = _digits_card(((100, "882"), (500, "17")))
    row = [_line(90, 180), _line(490, 560)]
    text = "882 หมู่ที่ 1 ซ.นิมมานเหมินท์ 17 ต.ฉลุง"
    assert P._fix_house_digits(card, row, text) == text


def test_an_earlier_sub_district_marker_is_a_road() -> None:
    rows = ["456/80 หมู่ที่ 2 ต.บางนา-ตราด ต.หัวไทร อ.บางคล้า", "จ.ฉะเชิงเทรา"]
    assert P._repair_rows(rows)[0] == "456/80 หมู่ที่ 2 ถ.บางนา-ตราด ต.หัวไทร อ.บางคล้า"
    bangkok = ["12 ต.สุขุมวิท", "แขวงคลองตัน เขตคลองเตย กรุงเทพมหานคร"]
    assert P._repair_rows(bangkok)[0] == "12 ถ.สุขุมวิท"
    assert P._repair_rows(["12 ต.หัวไทร อ.บางคล้า"]) == ["12 ต.หัวไทร อ.บางคล้า"]


def test_misread_address_label_and_a_speck_before_it_are_dropped(digit_reader: None) -> None:
    card = _digits_card(((40, "4"), (200, "221/147"), (500, "9")))
    row = [_line(30, 70), _line(190, 330), _line(490, 530)]
    got = P._fix_house_digits(card, row, "4 ตือย 221/147 หมู่ที่ 9 ต.เตาปูน")
    assert got == "221/147 หมู่ที่ 9 ต.เตาปูน"


def test_house_number_agreed_by_two_readers_beats_a_native_misread(digit_reader: None) -> None:
    card = _digits_card(((200, "221/147"), (500, "9")))
    row = [_line(190, 330), _line(490, 530)]
    text = "เน ตือย 221/147 หมู่ที่ 9 ต.เตาปูน"
    native = "ทกทาดณา 4 0 ตือยู่ 221/147 หมู่ที่ 9 ต.เตาปูน"
    assert P._fix_house_digits(card, row, text, native) == "221/147 หมู่ที่ 9 ต.เตาปูน"
    # Without the digit reader's agreement the native reading's number after its label
    # is trusted, not a number before the label.
    assert P._fix_house_digits(card, row[1:], "221/14 หมู่ที่ 9 ต.เตาปูน", native).startswith("221/147 ")


@pytest.fixture
def digit_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The digits card shows what the digit reader sees, not the printed row: the CRNN's
    house number is never "sure" there, so no reading is judged by those pixels against
    Tesseract's (PP-OCR reads the digits, as on a damaged row)."""
    monkeypatch.setattr(P, "_SURE_DIGIT", 1.01)


def _digits_card(placed) -> np.ndarray:
    """A white card with (x, text) drawn along one row at y = 125."""
    card = np.full((630, 1000, 3), 255, np.uint8)
    for x, text in placed:
        cv2.putText(card, text, (x, 125), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    return card


def test_a_house_number_the_digit_reader_read_without_its_slash_confirms_the_upscaled_one() -> None:
    # The digit reader lost the slash ("866190"); Tesseract read "866/190" upscaled and
    # "866/1" at its own size: the two readers that agree on the digits win.
    card = _digits_card(((200, "866190"), (500, "9")))
    row = [_line(190, 340), _line(490, 530)]
    native = "ที่อยู่ 866/1 หมู่ที่ 9 ต.เตาปูน"
    got = P._fix_house_digits(card, row, "866/190 หมู่ที่ 9 ต.เตาปูน", native)
    assert got == "866/190 หมู่ที่ 9 ต.เตาปูน"


def test_a_house_number_tesseract_mixed_a_thai_digit_into_is_no_clean_reading(
    digit_reader: None,
) -> None:
    # "6๐5/164": Tesseract unsure of a digit; the digit reader's "655/164" stands.
    card = _digits_card(((200, "655/164"), (500, "20")))
    row = [_line(190, 340), _line(490, 540)]
    got = P._fix_house_digits(card, row, "6๐5/164 หมู่ที่ 20 ต.พิชัย", "ที่อยู่ 6๐5/164 หมู่ที่ 20")
    assert got == "655/164 หมู่ที่ 20 ต.พิชัย"
    # The same number read in Arabic digits throughout is Tesseract's clean one, and kept.
    got = P._fix_house_digits(card, row, "605/164 หมู่ที่ 20 ต.พิชัย", "ที่อยู่ 605/164 หมู่ที่ 20")
    assert got.startswith("605/164 ")


def test_the_house_number_cut_short_is_not_taken_for_the_moo_number(digit_reader: None) -> None:
    # The digit reader saw only "53" of "536": not the หมู่ที่ number Tesseract read as 8.
    card = _digits_card(((200, "53"),))
    row = [_line(190, 260)]
    got = P._fix_house_digits(card, row, "536 หมู่ที่ 8 ต.เตาปูน", "ที่อยู่ 536 หมู่ที่ 8 ต.เตาปูน")
    assert got == "536 หมู่ที่ 8 ต.เตาปูน"


def _rectified_cards(n: int, seed: int) -> list[np.ndarray]:
    from thaiid_ops.engine.card import rectify
    from thaiid_ops.engine.decode import decode_pages
    from thaiid_ops.synth import generate

    cards = []
    for sample in generate(n, seed, conditions=["clean", "perspective", "blur_jpeg"]):
        bgr = next(decode_pages(sample.image)).rgb[:, :, ::-1].copy()
        quad, how = next(P._frames(bgr))
        cards.append(rectify(bgr, quad, how).image)
    return cards


def _detector(backend: str, monkeypatch: pytest.MonkeyPatch) -> ocr.LineDetector:
    monkeypatch.setenv("THAIID_DETECTOR_BACKEND", backend)
    assert ocr.detector_backend() == backend
    return ocr.LineDetector()


def test_openvino_detector_finds_onnxruntimes_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    ort_det = _detector("onnxruntime", monkeypatch)
    ov_det = _detector("openvino", monkeypatch)
    assert ort_det.fast is None and ov_det.fast is not None
    total = 0
    for card in _rectified_cards(4, 4711):
        a, _ = ort_det.detect(card, P.DET_SIDE)
        b, _ = ov_det.detect(card, P.DET_SIDE)
        assert a.shape == b.shape
        assert np.abs(a - b).max() <= 1.0
        total += len(a)
    assert total > 60


def test_openvino_runs_only_the_card_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    det = _detector("openvino", monkeypatch)
    calls: list[tuple[int, ...]] = []
    run = det.fast.run
    monkeypatch.setattr(
        det.fast, "run", lambda out, feed: calls.append(feed["x"].shape) or run(out, feed)
    )
    card = _rectified_cards(1, 4713)[0]
    det.detect(card, P.DET_SIDE)
    # A page or a laser band goes to onnxruntime: OpenVINO would keep their buffers for good.
    det.detect(card, 1280)
    det.detect(card[50:165, 40:452], 224)
    assert calls == [det.fast.shape] == [(1, 3, 352, 544)]


def test_openvino_detector_threads_read_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import ThreadPoolExecutor

    det = _detector("openvino", monkeypatch)
    cards = _rectified_cards(2, 4712) * 3
    serial = [det.detect(c, P.DET_SIDE)[0] for c in cards]
    with ThreadPoolExecutor(max_workers=3) as pool:
        pooled = list(pool.map(lambda c: det.detect(c, P.DET_SIDE)[0], cards))
    assert all(np.array_equal(a, b) for a, b in zip(serial, pooled, strict=True))


def test_detector_backend_is_onnxruntime_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.delenv("THAIID_DETECTOR_BACKEND", raising=False)
    assert ocr.detector_backend() == "onnxruntime"
    monkeypatch.setenv("THAIID_DETECTOR_BACKEND", "openvino")
    assert ocr.detector_backend() == "openvino"
    monkeypatch.setitem(sys.modules, "openvino", None)  # not installed: an import fails
    assert ocr.detector_backend() == "onnxruntime"
