"""Shared text clean-up."""

from __future__ import annotations

import unicodedata

from thaiid_ops.thai.text import normalize_text, thai_digits_to_ascii


def test_normalize_text() -> None:
    assert normalize_text("  น้\u0e4d\u0e32  ตก \n") == "น้ำ ตก"  # NIKHAHIT + SARA AA -> SARA AM
    assert normalize_text("ก\u200bข\ufeffค") == "กขค"
    assert normalize_text("a\t\tb\r\nc") == "a b c"
    decomposed = unicodedata.normalize("NFD", "é")
    assert normalize_text(decomposed) == "é"
    assert normalize_text("") == "" and normalize_text(None) == ""  # type: ignore[arg-type]
    assert normalize_text("บ้านต้้า ที่่") == "บ้านต้า ที่"  # a mark doubled by OCR
    assert normalize_text("ปู่ ที่อยู่") == "ปู่ ที่อยู่"  # different marks stay stacked


def test_thai_digits() -> None:
    assert thai_digits_to_ascii("๐๑๒๓๔๕๖๗๘๙ ก") == "0123456789 ก"
    assert thai_digits_to_ascii("abc") == "abc"


def test_orphan_marks_and_thai_script() -> None:
    from thaiid_ops.thai.text import has_thai, orphan_mark

    assert orphan_mark("ิก") and orphan_mark("จ.ุพะเยา") and orphan_mark("นาย ิบรฮีม")
    assert orphan_mark("นาย อิบรฮีม") is None
    assert has_thai("12 ม.ค.") and not has_thai("12 Jan.")


def test_within_tells_a_reading_with_characters_left_out() -> None:
    from thaiid_ops.thai.text import within

    assert within("5", "515/72") and within("4", "24") and within("", "17")
    assert not within("54", "864") and not within("42", "24")


def test_well_formed_rejects_marks_out_of_place() -> None:
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names

    from thaiid_ops.thai.text import well_formed

    for word in ("โนนศิริ", "สิทธิ์", "น้ำ", "ปั๊ม", "ก็", "เกียรติ", "ฤทธิ์", "ธีรเสฏฐ์", "เทวัญ", "ฤทธิ์", "ฤๅษี"):
        assert well_formed(word)
    for word in ("โันนศิริ", "ก่ั", "เ", "ั", "แเทศบาล", "ิบรฮีม", "แกัว", "เพัง", "ฤุทธิ์"):
        assert not well_formed(word)
    names = set(thai_female_names()) | set(thai_male_names()) | set(thai_family_names())
    bad = [n for n in names if not well_formed(n)]
    assert len(bad) < 10  # the corpus' own typos ("หลัักคำ"), no real spelling


def test_name_word_keeps_one_syllable_names_and_drops_specks() -> None:
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names

    from thaiid_ops.thai.text import name_word

    # Real one-consonant names (surnames "เงาะ", "แก่"; first names "ดา", "ใจ", "น้ำ").
    for word in ("เงาะ", "เจ๊ะ", "แก่", "ดา", "ใจ", "น้ำ", "คำ", "ดี", "สุข", "ณัฐา"):
        assert name_word(word), word
    for word in ("ก", "ก่", "ๆ", "ฯ", "ี", "ไ", "ก1", "ดีี่", "ัด", "ธิ์"):
        assert not name_word(word), word
    names = set(thai_female_names()) | set(thai_male_names()) | set(thai_family_names())
    assert sum(not name_word(n) for n in names) < 10  # the corpus' own typos only


def test_silent_heads_joined_moves_a_misplaced_space() -> None:
    from thaiid_ops.thai.text import silent_heads_joined

    assert silent_heads_joined("นาย โสพัน ธุ์แก้ว") == "นาย โสพันธุ์ แก้ว"
    assert silent_heads_joined("นาย โสพัน ธุ์ แก้ว") == "นาย โสพันธุ์ แก้ว"
    assert silent_heads_joined("น.ส. จัน ทร์เพ็ญ ดี") == "น.ส. จันทร์ เพ็ญ ดี"
    assert silent_heads_joined("นาย ภูฤทธิ์ ธิ์อำนาจ") == "นาย ภูฤทธิ์ อำนาจ"  # read twice
    for text in ("นาย ศักดิ์ ดี", "นาย  สมชาย ใจดี ", "ก ์"):  # no word starts silenced
        assert silent_heads_joined(text) == text


def test_twin_of_tells_a_reading_with_one_character_written_twice() -> None:
    from thaiid_ops.thai.text import twin_of

    assert twin_of("1", "11") and twin_of("24", "244") and twin_of("24", "224")
    assert not twin_of("1", "12") and not twin_of("1", "111") and not twin_of("12", "12")
    assert not twin_of("", "1") and not twin_of("24", "242")


def test_voted_tones_take_each_tone_mark_most_readings_give_its_letter() -> None:
    from thaiid_ops.thai.text import voted_tones

    # Five cuts of one name: three see the mark above "พั" that the chosen reading lost;
    # a letter misread (ซ for ช) still votes for the mark it carries.
    cuts = ["จนาย พัวซ่วย", "(นาย พั้วซ้วย", "นาย พั้วช่วย", "นาย พัวช่วย", "นาย พั้วซ้วย"]
    assert voted_tones("นาย พัวช่วย", cuts) == "นาย พั้วช่วย"
    # A mark only two of five give is not added; one most leave off is dropped.
    assert voted_tones("สรรพชาง", ["สรรพชาง"] * 3 + ["สรรพช่าง"] * 2) == "สรรพชาง"
    assert voted_tones("สรรพช่าง", ["สรรพชาง"] * 3 + ["สรรพช่าง"] * 2) == "สรรพชาง"
    # A tone most change (ไม้เอก read for ไม้โท) is changed; letters are never touched.
    assert voted_tones("กำพี่", ["กำพี้", "กำพี้", "กำพี่"]) == "กำพี้"
    assert voted_tones("กำพี่", ["กำพี่", "ก่ำพี่", "ก่ำพี่"]) == "ก่ำพี่"
    assert voted_tones("ABC", ["ABC"]) == "ABC"
    assert voted_tones("นาย", []) == "นาย"


def test_word_tones_count_only_readings_that_spell_the_word_alike() -> None:
    from thaiid_ops.thai.text import word_tones

    # Three cuts read the lost mai tho over the vowel mark: a majority of four readings.
    views = ["นาง มัธทนา เกลี้ยงทอง"] * 3
    assert word_tones("นาง มัธทนา เกลียงทอง", views) == "นาง มัธทนา เกลี้ยงทอง"
    # One letter slip still votes ("ฟ่" for "พ่"), and the other words keep their marks.
    assert word_tones("แซ่พาน", ["แซ่ฟ่าน"] * 3) == "แซ่พ่าน"
    # Cuts that misread the word's letters say nothing of its tones: the mark stays.
    garbled = ["ราฒใปัฉงขันธ์", "ราพัโองรันยธ์", "ราพปัองขันธ์"]
    assert word_tones("ราชป้องขันธ์", garbled) == "ราชป้องขันธ์"
    # Two of four readings are no majority, nor is a reading with two stacked marks a vote.
    assert word_tones("เนื่อง", ["เนื้อง", "เนื้อง", "เบื่้อง"]) == "เนื่อง"
    assert word_tones("เนื่อง", ["เนื้อง", "เนื้อง", "เนื้อง"]) == "เนื้อง"
