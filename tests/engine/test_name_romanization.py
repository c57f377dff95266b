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


def _name_row(seed: str, **changes: str):
    """A rendered card's Thai name row, read by the CRNN; `changes` replace spec fields."""
    import dataclasses

    from thaiid_ops.synth import random_spec, render_card

    r = random.Random(seed)
    spec = dataclasses.replace(random_spec(r), **changes)
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


def _slipped_read(ln, word: str, at: int, to: str, keep: float = 0.01):
    """The line's CRNN output with the `at`-th character of `word` outvoted by `to` at its
    step (the right one kept at `keep`): a near miss as blur or an unseen font makes one."""
    rec = recognizer.recognizer()
    read = ln.crnn
    p = read.probs.copy()
    emits = recognizer._emissions(p, p.argmax(axis=1))
    start = read.text.index(word)  # the row reads right: characters map to emissions
    t, k = emits[start + at]
    p[t, :] = 0.0
    p[t, k], p[t, rec.index[to]] = keep, 1.0 - keep
    return recognizer.LineRead(rec._decode(p).text, [], p)


def test_the_english_line_finds_a_spelling_no_near_path_holds(monkeypatch) -> None:
    monkeypatch.delenv("THAIID_ROMAN_CHECK", raising=False)
    fixed = tried = 0
    for k in range(6):
        ln, truth, spec = _name_row(f"roman:{k}")
        if ln.crnn.text != truth or len(spec.surname_th) < 4:
            continue
        args = (spec.title_en, spec.name_en, spec.surname_en)
        assert P._spelled_name([ln], truth, *args) == truth  # a right reading stays
        # The surname's second consonant outvoted by another that romanises otherwise.
        at = next(i for i, c in enumerate(spec.surname_th) if i > 0 and "ก" <= c <= "ฮ")
        other = "ว" if spec.surname_th[at] not in "วพ" else "ล"
        ln.crnn = _slipped_read(ln, spec.surname_th, at, other)
        slipped = ln.crnn.text
        assert slipped != truth
        tried += 1
        fixed += P._spelled_name([ln], slipped, *args) == truth
        # Without the English surname the reading stands.
        assert P._spelled_name([ln], slipped, spec.title_en, spec.name_en, None) == slipped
    assert tried >= 2 and fixed == tried


def test_a_vowel_that_romanises_alike_is_told_apart_by_dictionary_words() -> None:
    from thaiid_ops.thai import romanization as R
    from thaiid_ops.thai.lexicon import spelling_cost

    twin = {"ุ": "ู", "ู": "ุ", "ิ": "ี", "ี": "ิ"}
    tried = fixed = kept = 0
    for k in range(40):
        ln, truth, spec = _name_row(f"worded:{k}")
        word, english = spec.surname_th, spec.surname_en
        if ln.crnn.text != truth or spelling_cost(word) <= 1:
            continue
        args = (spec.title_en, spec.name_en, english)
        # A vowel read as its twin: the romanisation cannot tell, the dictionary can.
        at = next(
            (
                i
                for i, c in enumerate(word)
                if c in twin
                and spelling_cost(slip := word[:i] + twin[c] + word[i + 1 :]) > spelling_cost(word)
                and R.spelling_distance(slip, english) == R.spelling_distance(word, english)
            ),
            None,
        )
        if at is None:
            continue
        assert P._worded_name([ln], truth, *args) == truth  # a right reading stays
        read = ln.crnn
        # The pixels nearly tie (0.6 nats): the spelling of fewer words wins.
        ln.crnn = _slipped_read(ln, word, at, twin[word[at]], keep=0.35)
        tried += 1
        fixed += P._worded_name([ln], ln.crnn.text, *args) == truth
        # The pixels clearly say otherwise (4.6 nats): the reading stands.
        ln.crnn = read
        ln.crnn = _slipped_read(ln, word, at, twin[word[at]], keep=0.01)
        kept += P._worded_name([ln], ln.crnn.text, *args) == ln.crnn.text
        # Without the English surname nothing changes.
        assert P._worded_name([ln], ln.crnn.text, spec.title_en, spec.name_en, None) == (
            ln.crnn.text
        )
        ln.crnn = read
        if tried == 3:
            break
    assert tried == 3 and fixed == 3 and kept == 3


def test_word_search_stays_within_the_pixels_slack() -> None:
    from thaiid_ops.thai import romanization as R

    ln, truth, spec = _name_row("roman:1")
    rec = recognizer.recognizer()
    found = rec.word_search(
        ln.crnn, -1, lambda w: R.spelling_distance(w, spec.surname_en), 8.0, 6.0, rounds=2
    )
    base = found[truth.split()[-1]]
    assert len(found) > 1
    assert all(base - 6.0 <= ll <= 0 for ll in found.values())
    assert all(Levenshtein.distance(w, truth.split()[-1]) <= 2 for w in found)
    assert rec.word_search(ln.crnn, 9, len, 1.0, 6.0) == {}  # no such word


def test_an_english_name_with_a_dropped_letter_is_respelt_from_its_thai_twin() -> None:
    from thaiid_ops.synth import random_spec, render_card

    restored = 0
    for k in range(5):
        r = random.Random(f"en-letter:{k}")
        spec = random_spec(r)
        card = render_card(spec, "front", rng=r)
        img = np.ascontiguousarray(np.asarray(card.image.convert("RGB"))[:, :, ::-1])
        it = next(i for i in card.items if i.kind == "value" and i.field == "surname_en")
        ln = P.Line.box(*it.box)
        printed = spec.surname_en
        thai = P.Reading(spec.surname_th, 0.9)
        # Read right: left alone.
        out = {"surname_en": P.Reading(printed, 0.9, [ln]), "surname_th": thai}
        P._english_from_thai(img, out)
        assert out["surname_en"].value == printed
        # A narrow letter dropped by the Latin reader ("Nnsiri" for "Nonsiri").
        dropped = printed[:2] + printed[3:]
        out = {"surname_en": P.Reading(dropped, 0.9, [ln]), "surname_th": thai}
        P._english_from_thai(img, out)
        restored += out["surname_en"].value == printed
        # A Thai twin read wrong (another name) proposes nothing.
        out = {"surname_en": P.Reading(dropped, 0.9, [ln]), "surname_th": P.Reading("ทดสอบ", 0.9)}
        P._english_from_thai(img, out)
        assert out["surname_en"].value == dropped
    assert restored >= 4


def test_two_letters_off_its_thai_twin_the_english_pixels_decide() -> None:
    # Two letters off the romanisation: a misread ("Ruezmson") is respelt where the line's
    # own pixels favour the romanisation; a registrar's spelling two letters off RTGS,
    # printed so and read right, stays (its pixels hold it).
    from dataclasses import replace as respec

    from thaiid_ops.synth import random_spec, render_card

    restored = kept = tried = 0
    for k in range(40):
        r = random.Random(f"en-two:{k}")
        spec = random_spec(r)
        roman = spec.surname_en
        # Two vowels as a registrar might write them ("Phonthip" as "Phunthep").
        at = [i for i, c in enumerate(roman) if c in "aeiou" and i > 4][:2]
        if len(roman) < 7 or len(at) < 2 or tried == 4:
            continue
        tried += 1
        swap = {"a": "u", "e": "i", "i": "e", "o": "u", "u": "o"}
        registrar = "".join(swap[c] if i in at else c for i, c in enumerate(roman))
        thai = P.Reading(spec.surname_th, 0.9)
        for printed, reading, want in (
            (roman, roman[:2] + "zm" + roman[4:], roman),  # misread: restored
            (registrar, registrar, registrar),  # printed off RTGS: kept
        ):
            card = render_card(respec(spec, surname_en=printed), "front", rng=random.Random(k))
            img = np.ascontiguousarray(np.asarray(card.image.convert("RGB"))[:, :, ::-1])
            it = next(i for i in card.items if i.kind == "value" and i.field == "surname_en")
            out = {
                "surname_en": P.Reading(reading, 0.9, [P.Line.box(*it.box)]),
                "surname_th": thai,
            }
            P._english_from_thai(img, out)
            if printed == roman:
                restored += out["surname_en"].value == want
            else:
                kept += out["surname_en"].value == want
    assert tried == 4 and restored >= 3 and kept == 4


def _front_lines(title_th: str, tag: str):
    """A rendered front whose Thai title is `title_th`: image, spec and the Thai and
    English name lines."""
    from thaiid_ops.synth import random_spec, render_card

    for k in range(200):
        r = random.Random(f"{tag}:{k}")
        spec = random_spec(r)
        if spec.title_th == title_th:
            break
    card = render_card(spec, "front", rng=r)
    img = np.ascontiguousarray(np.asarray(card.image.convert("RGB"))[:, :, ::-1])
    lines = {}
    for it in card.items:
        if it.kind == "value" and it.field in ("title_name_surname_th", "title_name_en"):
            lines[it.field] = P.Line.box(*it.box)
    return img, spec, lines["title_name_surname_th"], lines["title_name_en"]


def test_disagreeing_titles_are_settled_by_both_lines_pixels() -> None:
    settled = 0
    for k in range(3):
        # "Mrs." printed, the Latin reader lost its "s": the Thai row's นาง wins.
        img, spec, th_line, en_line = _front_lines("นาง", f"title-mrs:{k}")
        out = {
            "title_en": P.Reading("Mr.", 0.9),
            "title_name_en": P.Reading(f"Mr. {spec.name_en}", 0.9, [en_line]),
        }
        thai = f"นาง {spec.name_th} {spec.surname_th}"
        settled += P._title_by_pixels(img, out, thai, [th_line]) == "Mrs."
        settled += out["title_name_en"].value == f"Mrs. {spec.name_en}"
        # "Mr." printed and read, the Thai title misread นาง: the English line stands.
        img, spec, th_line, en_line = _front_lines("นาย", f"title-mr:{k}")
        out = {
            "title_en": P.Reading("Mr.", 0.9),
            "title_name_en": P.Reading(f"Mr. {spec.name_en}", 0.9, [en_line]),
        }
        thai = f"นาง {spec.name_th} {spec.surname_th}"
        assert P._title_by_pixels(img, out, thai, [th_line]) is None
        assert out["title_en"].value == "Mr."
    assert settled >= 5


@pytest.mark.parametrize(
    ("read", "english", "want"),
    [
        ("นาย ลารีศักดิ์ สอนคง", ("Arisak", "Sonkhong"), "นาย อารีศักดิ์ สอนคง"),
        ("นาง ฉัตรนภา ลังคสกุลเกียรติ", ("Chatnapha", "Angkhasakunkiat"), "นาง ฉัตรนภา อังคสกุลเกียรติ"),
        ("นาย เลกชัย ดีมาก", ("Ekkachai", "Dimak"), "นาย เอกชัย ดีมาก"),  # after เ
        # A consonant the English line spells stays, even beside a stray vowel before it.
        ("นาย นภา ดีมาก", ("Anapha", "Dimak"), "นาย นภา ดีมาก"),
        ("นาย อารีศักดิ์ สอนคง", ("Arisak", "Sonkhong"), "นาย อารีศักดิ์ สอนคง"),
    ],
)
def test_a_name_whose_english_twin_starts_with_a_vowel_starts_with_o_ang(
    monkeypatch, read: str, english: tuple[str, str], want: str
) -> None:
    monkeypatch.delenv("THAIID_ROMAN_CHECK", raising=False)
    assert P._vowel_initial_name(read, "Mr.", *english) == want
    assert P._vowel_initial_name(read, "Mr.", english[0], None) == read  # no English surname


def test_consonants_that_romanise_alike_are_told_apart_by_dictionary_words(monkeypatch) -> None:
    from thaiid_ops.thai.lexicon import spelling_cost

    monkeypatch.delenv("THAIID_ROMAN_CHECK", raising=False)
    rec = recognizer.recognizer()
    tried = fixed = 0
    for k in range(60):
        ln, truth, spec = _name_row(f"lookalike:{k}")
        word = spec.surname_th
        at = word.find("ช")
        if (
            ln.crnn.text != truth
            or at < 0
            or spelling_cost(word.replace("ช", "จ", 1)) <= (spelling_cost(word))
        ):
            continue
        args = (spec.title_en, spec.name_en, spec.surname_en)
        # The ช read as พ, with จ (romanised alike, more dictionary words) a hair ahead of
        # the right letter among the runners-up.
        read = _slipped_read(ln, word, at, "พ", keep=0.23)
        t = next(t for t in range(len(read.probs)) if read.probs[t, rec.index["พ"]] > 0.5)
        read.probs[t, rec.index["พ"]], read.probs[t, rec.index["จ"]] = 0.5, 0.27
        ln.crnn = read
        tried += 1
        fixed += P._romanized_name([ln], read.text, *args) == truth
        if tried == 2:
            break
    assert tried == 2 and fixed == 2


def test_a_tone_mark_the_pixels_nearly_drop_is_not_respelt_away() -> None:
    from thaiid_ops.thai.lexicon import spelling_cost

    # "พั้ว" is no dictionary word and "พัว" is one: a spelling of fewer words would take
    # the tone mark, which romanises to nothing, from the surname.
    word, english = "พั้วช่วย", "Phuachuai"
    assert spelling_cost(word.replace("\u0e49", "", 1)) < spelling_cost(word)
    for n in range(10):  # a rendering (font, stock) the CRNN reads right
        ln, truth, spec = _name_row(f"tone:{n}", surname_th=word, surname_en=english)
        if ln.crnn.text == truth:
            break
    else:
        pytest.fail("the CRNN misreads every rendering of the name")
    # The tone mark's step nearly given to the blank: the pixels favour the reading without
    # it by less than the respelling's tie, yet the tone mark stays.
    p = ln.crnn.probs.copy()
    emits = recognizer._emissions(p, p.argmax(axis=1))
    t, k = emits[truth.index(word) + word.index("\u0e49")]
    p[t, :] = 0.0
    p[t, k], p[t, 0] = 0.35, 0.65
    ln.crnn = recognizer.LineRead(truth, [], p)
    assert P._worded_name([ln], truth, spec.title_en, spec.name_en, english) == truth
